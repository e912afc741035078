//! `import`, `export` and `search`: records in and out of a catalog.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};

use folio::export::{self, ExportOptions};
use folio::import::csv::{self as csv_import, CsvImportOptions, CsvPlan, RowOutcome};
use folio::import::{Format, ImportOptions, Outcome};
use folio::model::{Field, Record};
use folio::search::{Index, IndexBuilder, Query, SearchOutcome, SearchRequest, SortColumn};
use folio::session::{self, ImportLine, Session, SessionOptions, Target};
use folio::store::{Catalog, StoreError};
use folio::words::count;

use super::open::{self, no_record, record_id, report_save};
use super::{Exit, ExportFormat, ImportFormat, SearchSort, Wait, out};

pub fn import(
    dir: &Path,
    inputs: &[PathBuf],
    format: Option<ImportFormat>,
    update: bool,
    force: bool,
    wait: Wait,
) -> Result<Exit> {
    let (folder, catalog) = open::write(dir, "folio import", "import into it", wait)?;
    open::warn_unread(&folder);
    let mut session = Session::from_opened(folder, catalog, &SessionOptions::command_line());
    let options = ImportOptions {
        format: format.and_then(|f| match f {
            ImportFormat::Wilson => Some(Format::Wilson),
            ImportFormat::Json => Some(Format::Json),
            // CSV files go to `import_csv`.
            ImportFormat::Csv => None,
        }),
        update,
        force,
    };
    let report = session.import(inputs, options)?;
    let mut skipped = Vec::new();
    for line in &report.lines {
        match line {
            ImportLine::Record {
                outcome,
                id,
                title,
                file,
                notes,
                fields,
            } => {
                out!("{:9} {id}  {title}  ({})", outcome.verb(), file.display());
                let fields = field_names(fields);
                match outcome {
                    Outcome::Differs => out!(
                        "          the page differs in {fields}: not changed (--update applies the page)"
                    ),
                    Outcome::Stale => out!(
                        "          changed in the catalog since the export ({fields} would change): not imported (--force imports it anyway)"
                    ),
                    _ => {}
                }
                for note in notes {
                    out!("          note: {note}");
                }
            }
            ImportLine::NotImported { file, id, reason } => match id {
                Some(id) => eprintln!("error: {}: {id}: {reason}", file.display()),
                None => {
                    eprintln!("error: {}: {reason}", file.display());
                    skipped.push(file);
                }
            },
        }
    }
    if !skipped.is_empty() {
        eprintln!(
            "{} not imported (see above): {}",
            count(skipped.len(), "file"),
            skipped
                .iter()
                .filter_map(|f| f.file_name())
                .map(|n| n.to_string_lossy())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let saved = report_save(&session.save()?);
    archive_hint(dir, &session, &report);
    let stale = report.count(Outcome::Stale) > 0;
    Ok(Exit::problems_if(
        report.has_problems() || stale || matches!(saved, Exit::Problems),
    ))
}

/// Says how to name the archive when records came in and the catalog names none:
/// their citations would name no archive.
fn archive_hint(dir: &Path, session: &Session, report: &folio::session::ImportReport) {
    let settings = session.catalog().settings();
    if !settings.archive_name.is_empty() {
        return;
    }
    let imported: Vec<&folio::model::Record> = report
        .lines
        .iter()
        .filter_map(|line| match line {
            ImportLine::Record { id, .. } => session.catalog().get(id),
            ImportLine::NotImported { .. } => None,
        })
        .collect();
    if imported.is_empty() {
        return;
    }
    let from_wilson = imported.iter().any(|r| {
        r.urls
            .iter()
            .any(|u| u.contains("digitalarchive.wilsoncenter.org"))
    });
    let name = if from_wilson {
        "History and Public Policy Program Digital Archive"
    } else {
        "NAME"
    };
    eprintln!(
        "note: the catalog names no archive, so citations of these records name none: \
         folio settings {} --archive \"{name}\" (or File > Catalog settings…)",
        dir.display()
    );
}

/// What `folio import` of a CSV file was asked for.
pub struct CsvArgs {
    pub delimiter: Option<u8>,
    pub force: bool,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub json: bool,
    pub apply_reformatted: bool,
    pub wait: Wait,
}

/// Imports a spreadsheet (CSV or xlsx): every change and problem printed by row (and column), then,
/// unless a dry run, applied as one save; nothing is written when a row is invalid
/// unless `--skip-invalid`.
pub fn import_csv(dir: &Path, file: &Path, args: CsvArgs) -> Result<Exit> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (folder, catalog) = if args.dry_run {
        open::read_with_merges(dir)?
    } else {
        open::write(dir, "folio import", "import into it", args.wait)?
    };
    open::warn_unread(&folder);
    let options = CsvImportOptions {
        delimiter: args.delimiter,
        force: args.force,
        apply_reformatted: args.apply_reformatted,
    };
    let mut plan = csv_import::plan_file(&catalog, file, &bytes, options)
        .map_err(|e| anyhow!("{}: nothing imported: {e}", file.display()))?;
    plan.refuse_unfinished_merges(&folder.merge_conflicts(&catalog));
    if args.json {
        out!("{}", serde_json::to_string_pretty(&plan)?);
    } else {
        print_csv_plan(&plan)?;
    }
    let refused = plan.refused() > 0;
    // Values held back (cut or only rewritten by a spreadsheet) are problems to
    // see, as stale rows are; the rest is imported.
    let problems =
        refused || plan.stale() > 0 || plan.reformatted() > 0 || plan.cells_left_out() > 0;
    if args.dry_run {
        return Ok(Exit::problems_if(problems));
    }
    if refused && !args.skip_invalid {
        eprintln!(
            "nothing imported: {} cannot be imported (see above); correct the file, or add --skip-invalid to import the others",
            count(plan.refused(), "row")
        );
        return Ok(Exit::Problems);
    }
    let Some(edit) = plan.edit() else {
        return Ok(Exit::problems_if(problems));
    };
    let mut session = Session::from_opened(folder, catalog, &SessionOptions::command_line());
    session
        .apply(edit)
        .map_err(|e| anyhow!("nothing imported: {e}"))?;
    let saved = report_save(&session.save()?);
    Ok(Exit::problems_if(
        problems || matches!(saved, Exit::Problems),
    ))
}

/// Each row that does something, or cannot: changes on standard output,
/// problems on standard error; then the counts.
fn print_csv_plan(plan: &CsvPlan) -> Result<()> {
    for row in &plan.rows {
        let id = row.id.as_ref().map(|id| id.as_str()).unwrap_or("(no id)");
        match &row.outcome {
            RowOutcome::Created { record } => {
                out!("row {}: created {id}  {}", row.row, record.title);
            }
            RowOutcome::Updated { changes } => {
                for change in changes {
                    out!(
                        "row {}: {id} {}: {} → {}",
                        row.row,
                        change.field.name(),
                        super::bulk::shown(&change.before),
                        super::bulk::shown(&change.after)
                    );
                }
            }
            RowOutcome::Unchanged => {}
            RowOutcome::AlreadyImported => {
                out!("row {}: unchanged: already imported as {id}", row.row);
            }
            RowOutcome::Stale { fields } => eprintln!(
                "stale: row {}: {id} changed in the catalog since the file was exported ({} would change): not imported (--force imports it anyway)",
                row.row,
                field_names(fields)
            ),
            RowOutcome::Refused { problems } => {
                for problem in problems {
                    if problem.column.is_empty() {
                        eprintln!("error: row {}: {}", row.row, problem.reason);
                    } else {
                        eprintln!(
                            "error: row {}, column {}: {}",
                            row.row, problem.column, problem.reason
                        );
                    }
                }
            }
        }
        for cut in &row.left_out {
            eprintln!(
                "error: row {}, column {}: {}",
                row.row, cut.column, cut.reason
            );
        }
        for value in &row.reformatted {
            eprintln!(
                "reformatted: row {}, column {}: \"{}\" is \"{}\" rewritten by a spreadsheet: left as it is (--apply-reformatted applies it)",
                row.row, value.column, value.now, value.was
            );
        }
        if let Some(like) = &row.resembles {
            eprintln!(
                "note: row {}: {like} has the same title and date; if the row is that record, give it its id to update it",
                row.row
            );
        }
    }
    let mut summary = format!(
        "{} created, {} updated ({}), {} unchanged, {} refused, {} stale",
        plan.created(),
        plan.updated(),
        count(plan.changes().count(), "field"),
        plan.unchanged(),
        plan.refused(),
        plan.stale()
    );
    if plan.reformatted() > 0 {
        summary.push_str(&format!(
            ", {} reformatted by a spreadsheet (left as they are)",
            count(plan.reformatted(), "value")
        ));
    }
    if plan.cells_left_out() > 0 {
        summary.push_str(&format!(
            ", {} cut by a spreadsheet (not imported)",
            count(plan.cells_left_out(), "cell")
        ));
    }
    out!("{summary}");
    Ok(())
}

fn field_names(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which records to export or edit (the app's export dialog says the same with
/// `session::Scope`).
pub enum Scope {
    All,
    Ids(Vec<String>),
    Query(String),
}

/// What `export` was asked for, beyond the catalog and the records.
pub struct ExportArgs {
    pub format: ExportFormat,
    pub output: Option<PathBuf>,
    pub force: bool,
    pub columns: Option<Vec<String>>,
    pub bom: bool,
    pub no_stamp: bool,
    pub include_notes: bool,
}

/// The records `scope` names: every record, those a search finds (in id order),
/// or those listed (each must exist).
pub(super) fn scope_records<'c>(
    catalog: &'c Catalog,
    folder: &folio::store::CatalogFolder,
    scope: Scope,
) -> Result<Vec<&'c Record>> {
    Ok(match scope {
        Scope::All => catalog.records().collect(),
        Scope::Query(text) => {
            let outcome = search_catalog(catalog, parse_query(&text), Some(SortColumn::Id));
            outcome
                .ids
                .iter()
                .filter_map(|id| catalog.get(id))
                .collect()
        }
        Scope::Ids(ids) => ids
            .iter()
            .map(|id| {
                let id = record_id(id)?;
                catalog.get(&id).ok_or_else(|| no_record(folder, &id))
            })
            .collect::<Result<Vec<_>>>()?,
    })
}

pub fn export(dir: &Path, scope: Scope, args: ExportArgs) -> Result<Exit> {
    let mut options = ExportOptions {
        include_notes: args.include_notes,
        ..Default::default()
    };
    options.csv.bom = args.bom;
    options.csv.stamp = !args.no_stamp;
    if let Some(columns) = &args.columns {
        options.csv.columns = if columns.iter().any(|c| c == "all") {
            std::iter::once(export::csv::Column::Id)
                .chain(Field::ALL.into_iter().map(export::csv::Column::Field))
                .filter(|c| args.include_notes || *c != export::csv::Column::Field(Field::Notes))
                .collect()
        } else {
            columns
                .iter()
                .map(|c| {
                    export::csv::Column::from_name(c).ok_or_else(|| {
                        anyhow!(
                            "unknown column \"{c}\"; columns are `id` and field names, or `all`"
                        )
                    })
                })
                .collect::<Result<_>>()?
        };
        let notes = export::csv::Column::Field(Field::Notes);
        if options.csv.columns.contains(&notes) && !args.include_notes {
            bail!(
                "the notes column holds the cataloguer's internal notes: add --include-notes to export them"
            );
        }
    }
    let target = match args.format {
        ExportFormat::Csv => Target::File(export::Format::Csv),
        ExportFormat::Xlsx => Target::File(export::Format::Xlsx),
        ExportFormat::Json => Target::File(export::Format::Json),
        ExportFormat::Jsonl => Target::File(export::Format::JsonLines),
        ExportFormat::Csl => Target::File(export::Format::CslJson),
        ExportFormat::Bibtex => Target::File(export::Format::Bibtex),
        ExportFormat::Ris => Target::File(export::Format::Ris),
        ExportFormat::Citation => Target::File(export::Format::Citation),
        ExportFormat::Chicago => Target::File(export::Format::Chicago),
        ExportFormat::Dc => Target::File(export::Format::DublinCore),
        ExportFormat::Ead => Target::File(export::Format::Ead),
        ExportFormat::Md => Target::File(export::Format::Markdown),
        ExportFormat::Html => Target::File(export::Format::Html),
        ExportFormat::Ron => Target::Subset,
    };
    if let Some(path) = &args.output
        && let Some(problem) = session::destination_problem(dir, target, path)
    {
        bail!("{problem}");
    }
    if matches!(target, Target::File(export::Format::Xlsx))
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        bail!("an xlsx workbook is not text to show here: give it a file with -o FILE.xlsx");
    }
    // The export's time, taken before the records are read (see `with_change_times`).
    options.exported_at = Some(folio::model::now());
    if let (Scope::All, Target::File(format)) = (&scope, target)
        && format.streams()
    {
        return export_streamed(dir, format, &options, &args);
    }
    let (folder, catalog) = open::read(dir)?;
    open::warn_unread(&folder);
    let records = scope_records(&catalog, &folder, scope)?;
    let written = match target {
        Target::Subset => export_subset(dir, &catalog, &records, args.output.as_deref())?,
        Target::File(format) => {
            let options = session::with_change_times(format, &options, dir, &records);
            let bytes = export::export(format, &records, catalog.settings(), &options)?;
            for warning in session::export_warnings(format, &records, &options) {
                eprintln!("warning: {warning}");
            }
            match &args.output {
                Some(path) => {
                    export::write_export(path, &bytes, args.force).map_err(not_exported)?;
                    eprintln!(
                        "exported {} to {}",
                        count(records.len(), "record"),
                        path.display()
                    );
                }
                None => std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes)?,
            }
            Exit::Clean
        }
    };
    let left_out = open::left_out(&folder, "the export");
    Ok(Exit::problems_if(
        matches!(written, Exit::Problems) || matches!(left_out, Exit::Problems),
    ))
}

/// Exports every record of the catalog a batch at a time, in a format that streams:
/// what it holds in memory is a batch, not the catalog.
fn export_streamed(
    dir: &Path,
    format: export::Format,
    options: &ExportOptions,
    args: &ExportArgs,
) -> Result<Exit> {
    let records = open::stream(dir)?;
    let settings = records.settings().clone();
    let mut unread = 0;
    let write = |out: &mut dyn std::io::Write| -> std::io::Result<usize> {
        let mut export = export::batched::BatchedExport::new(format, &settings, options)
            .ok_or_else(|| std::io::Error::other("the format does not stream"))?;
        records.try_for_each_batch(|batch| {
            let batch = open::readable(batch, &mut unread);
            let refs: Vec<&Record> = batch.iter().collect();
            export.write(&refs, out).map_err(into_io)
        })?;
        let written = export.written();
        export.finish(out).map_err(into_io)?;
        Ok(written)
    };
    match &args.output {
        Some(path) => {
            let mut written = 0;
            export::write_export_with(path, args.force, |out| {
                written = write(out)?;
                Ok(())
            })
            .map_err(not_exported)?;
            eprintln!(
                "exported {} to {}",
                count(written, "record"),
                path.display()
            );
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            std::io::Write::flush(&mut out)?;
        }
    }
    Ok(open::unread_left_out(unread, "the export"))
}

/// An export's error as the writing's: a closed pipe stays one (and ends the
/// command quietly).
fn into_io(error: export::ExportError) -> std::io::Error {
    match error {
        export::ExportError::Io(e) => e,
        e => std::io::Error::other(e),
    }
}

/// Why an export's file was not written, with what to do when it exists.
fn not_exported(error: StoreError) -> anyhow::Error {
    match error {
        StoreError::Exists(p) => anyhow!(
            "{}: the file exists; pass --force to replace it",
            p.display()
        ),
        e => anyhow!(e),
    }
}

fn export_subset(
    dir: &Path,
    catalog: &Catalog,
    records: &[&Record],
    output: Option<&Path>,
) -> Result<Exit> {
    let dest = output
        .ok_or_else(|| anyhow!("--format ron writes a catalog folder: give it with -o DIR"))?;
    let report = export::subset::write_subset(
        dest,
        records,
        catalog.settings(),
        dir,
        &export::Progress::default(),
    )
    .with_context(|| format!("cannot write the catalog {}", dest.display()))?;
    eprintln!(
        "exported {} and {} to {}",
        count(report.records, "record"),
        count(report.attachments, "attachment"),
        dest.display()
    );
    for missing in &report.missing {
        eprintln!("attachment not copied: {missing}");
    }
    Ok(Exit::problems_if(!report.missing.is_empty()))
}

/// Parses a query; a malformed one is reported on standard error, with a caret under
/// the place of the error, and its plain words are searched instead.
fn parse_query(text: &str) -> Query {
    let (query, error) = Query::parse_or_plain(text);
    if let Some(e) = error {
        eprintln!("warning: not a valid query {e}; searching the words instead");
        eprintln!("  {text}");
        eprintln!("  {}^", " ".repeat(e.position));
    }
    query
}

pub(super) fn search_catalog(
    catalog: &Catalog,
    query: Query,
    sort: Option<SortColumn>,
) -> SearchOutcome {
    let index = Index::build(&catalog.snapshot(), &std::sync::atomic::AtomicUsize::new(0));
    index.search(&SearchRequest {
        query,
        filters: Vec::new(),
        sort,
        ascending: true,
    })
}

pub fn search(
    dir: &Path,
    text: &str,
    limit: Option<usize>,
    sort: SearchSort,
    json: bool,
    count_only: bool,
) -> Result<Exit> {
    let sort = match sort {
        SearchSort::Relevance => None,
        SearchSort::Date => Some(SortColumn::Date),
        SearchSort::Title => Some(SortColumn::Title),
        SearchSort::Id => Some(SortColumn::Id),
    };
    let (index, unread) = searchable(dir)?;
    // The process ends after the search: its memory goes back at once, without
    // freeing the index piece by piece (a tenth of a search of a million records).
    let index = std::mem::ManuallyDrop::new(index);
    // Only the records printed are put in order (none for a count), and no facets
    // are counted: a common word in a million records answers at once.
    let shown = if count_only {
        0
    } else {
        limit.unwrap_or(usize::MAX)
    };
    let (total, first) = index.search_first(
        &SearchRequest {
            query: parse_query(text),
            filters: Vec::new(),
            sort,
            ascending: true,
        },
        shown,
    );
    let exit = || open::unread_left_out(unread, "the search");
    if count_only {
        out!("{total}");
        return Ok(exit());
    }
    let found = first
        .iter()
        .filter_map(|(id, score)| Some((id, index.listing(id)?, *score)));
    if json {
        let items: Vec<serde_json::Value> = found
            .map(|(id, listing, score)| {
                serde_json::json!({
                    "id": id.as_str(),
                    "date": (!listing.date.is_empty()).then_some(listing.date),
                    "date_display": listing.date_display,
                    "title": listing.title,
                    "score": score,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&items)?;
        out!("{text}");
    } else {
        for (id, listing, _) in found {
            out!("{id}\t{}\t{}", listing.date, listing.title);
        }
    }
    Ok(exit())
}

/// The index of the catalog at `dir` and how many record files are not in it: the
/// saved index when there is one (only changed files are read), else the catalog
/// opened and indexed (and the index saved for next time). Unread files are warned
/// about.
fn searchable(dir: &Path) -> Result<(Index, usize)> {
    let cache = folio::store::cache::CacheOptions::default_location();
    if let Some(saved) = cache
        .as_ref()
        .and_then(|c| folio::search::folder_index::open_saved(dir, c))
    {
        for error in &saved.unreadable {
            eprintln!("warning: not loaded: {error}");
        }
        return Ok((saved.index, saved.unreadable.len()));
    }
    let records = open::stream(dir)?;
    let worth_saving = cache
        .as_ref()
        .filter(|c| records.len() >= c.min_records)
        .map(|c| c.index_file_for(dir));
    // Each file's key as listed, before it was read: a file changed meanwhile has a
    // newer key next time, and is read again.
    let keys = records.file_keys();
    // Built a batch at a time: what is held is the index, never the catalog.
    let mut build = IndexBuilder::new();
    let mut unread = 0;
    records.try_for_each_batch(|batch| -> Result<()> {
        let batch: Vec<Arc<Record>> = open::readable(batch, &mut unread)
            .into_iter()
            .map(Arc::new)
            .collect();
        build.add(&batch);
        Ok(())
    })?;
    let mut index = build.finish();
    if let (Some(path), Some(keys)) = (worth_saving, keys) {
        // Only a copy to search faster next time: a failure is not the command's.
        if let Err(e) = folio::search::persist::save(&path, &mut index, |id| keys.get(id).copied())
        {
            eprintln!("note: could not save the search index: {e}");
        }
    }
    Ok((index, unread))
}
