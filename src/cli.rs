//! The subcommands of `folio`. Exit codes: 0 ok, 1 problems found, 2 could not run.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
#[cfg(not(feature = "gui"))]
use clap::CommandFactory;
use clap::{Parser, ValueEnum};

use folio::export;
use folio::import::Format;
use folio::model::{Field, RecordId, Severity, validate_record};
use folio::search::{Index, Query, SearchOutcome, SearchRequest, SortColumn};
use folio::session::{ImportLine, Session, SessionOptions};
use folio::store::{self, Catalog, CatalogFolder, Edit, SaveReport, format};
use folio::words::plural;

/// Folio: a catalog of archival records, kept as one RON file per record.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    subcommand: Option<Subcommand>,
}

/// What `folio` is asked to do (the app's menu commands are `ui::command::Command`).
#[derive(Debug, clap::Subcommand)]
enum Subcommand {
    /// Open a catalog in the desktop app (with no subcommand, `folio` opens the last
    /// catalog used, or the sample catalog).
    Open {
        /// The catalog folder.
        dir: PathBuf,
    },
    /// Create a new, empty catalog folder.
    New {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
        /// The catalog's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Import digital-archive record pages or a JSON export into a catalog.
    ///
    /// Each input is a file or a folder (its .txt and .json files). Re-importing a
    /// page updates the record made from it instead of creating a duplicate.
    Import {
        /// The catalog folder.
        dir: PathBuf,
        /// Files or folders to import.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The input format (detected from each file when not given).
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
    },
    /// Check every record; print problems as `path:line:col: error|warning: message`.
    Validate {
        /// The catalog folder.
        dir: PathBuf,
    },
    /// Rewrite every record file in canonical form (or only report, with --check).
    Fmt {
        /// The catalog folder.
        dir: PathBuf,
        /// Report the files that are not in canonical form; change nothing.
        #[arg(long)]
        check: bool,
    },
    /// Print a record as JSON, or one field's value.
    Get {
        /// The catalog folder.
        dir: PathBuf,
        /// The record's id.
        id: String,
        /// Print only this field (plain text for a string, JSON otherwise).
        #[arg(long)]
        field: Option<String>,
    },
    /// Set one field of a record and save it.
    ///
    /// Strings are taken as they are; lists and structured fields take JSON
    /// (`'["Kim Il Sung", "Liu Shaoqi"]'`); `date` takes EDTF; setting `id` renames
    /// the record (and its file). Invalid values are refused with the reason.
    Set {
        /// The catalog folder.
        dir: PathBuf,
        /// The record's id.
        id: String,
        /// The field's canonical name (`title`, `date`, `people`, ...).
        field: String,
        /// The new value.
        value: String,
    },
    /// Export records.
    ///
    /// `ron` writes a new catalog folder (given with -o) holding just the records and
    /// their attachments; the other formats write one file, or standard output.
    Export {
        /// The catalog folder.
        dir: PathBuf,
        /// The output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Export only these records, in this order (comma-separated ids).
        #[arg(long, value_delimiter = ',', conflicts_with = "query")]
        ids: Option<Vec<String>>,
        /// Export only the records matching this search (in id order).
        #[arg(long)]
        query: Option<String>,
        /// Write to this file (or, for `ron`, this new folder) instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
        /// CSV: the columns, comma-separated (`id` and field names).
        #[arg(long, value_delimiter = ',')]
        columns: Option<Vec<String>>,
        /// CSV: start with a byte order mark (for spreadsheets).
        #[arg(long)]
        bom: bool,
        /// Include the cataloguer's internal notes (left out by default).
        #[arg(long)]
        include_notes: bool,
    },
    /// Search a catalog with the query language: words (all must match),
    /// "exact phrase", prefix*, -excluded, a OR b, (groups), field filters (title:
    /// summary: text: subject: person: place: author: type: lang: archive: source:
    /// funder: status: id:) and dates (date:1950..1953, date:1963-09, date:..1949).
    ///
    /// Prints one record per line: id, date, title (tab-separated).
    Search {
        /// The catalog folder.
        dir: PathBuf,
        /// The query.
        query: String,
        /// Print at most this many records.
        #[arg(long)]
        limit: Option<usize>,
        /// The order of the records.
        #[arg(long, value_enum, default_value = "relevance")]
        sort: SearchSort,
        /// Print a JSON array (id, date, date_display, title, score).
        #[arg(long, conflicts_with = "count")]
        json: bool,
        /// Print only the number of records found.
        #[arg(long)]
        count: bool,
    },
    /// Count records by year, type, language and status, and count problems.
    Stats {
        /// The catalog folder.
        dir: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SearchSort {
    Relevance,
    Date,
    Title,
    Id,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ImportFormat {
    /// A digital-archive record page, as a browser copies it.
    Wilson,
    /// A JSON array of records, as `folio export --format json` writes.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// CSV (RFC 4180), one row per record.
    Csv,
    /// A JSON array of records with the canonical field names.
    Json,
    /// JSON Lines: one record per line.
    Jsonl,
    /// CSL-JSON, for Zotero and citation processors.
    Csl,
    /// BibLaTeX (`@unpublished` entries).
    Bibtex,
    /// RIS (`TY  - MANSCPT` entries).
    Ris,
    /// Citations in the archive's own style, one per line.
    Citation,
    /// Chicago bibliography entries, one per line.
    Chicago,
    /// Dublin Core: OAI-DC XML.
    Dc,
    /// An EAD3 finding aid.
    Ead,
    /// Markdown.
    Md,
    /// A self-contained, printable HTML page.
    Html,
    /// A new catalog folder holding just these records (needs -o).
    Ron,
}

/// How a command ended, when it could run.
pub enum Exit {
    /// Nothing to report.
    Clean,
    /// The command ran and found problems (exit code 1).
    Problems,
}

/// Runs the command line.
pub fn run(args: Args) -> Result<Exit> {
    let Some(subcommand) = args.subcommand else {
        return open_app(None);
    };
    match subcommand {
        Subcommand::Open { dir } => {
            if !dir.join(store::folder::SETTINGS_FILE).exists() {
                bail!(
                    "{}: not a Folio catalog (no catalog.ron); create one with `folio new`",
                    dir.display()
                );
            }
            open_app(Some(dir))
        }
        Subcommand::New { dir, name } => new(&dir, name),
        Subcommand::Import {
            dir,
            inputs,
            format,
        } => import(&dir, &inputs, format),
        Subcommand::Validate { dir } => validate(&dir),
        Subcommand::Fmt { dir, check } => fmt(&dir, check),
        Subcommand::Get { dir, id, field } => get(&dir, &id, field.as_deref()),
        Subcommand::Set {
            dir,
            id,
            field,
            value,
        } => set(&dir, &id, &field, &value),
        Subcommand::Export {
            dir,
            format,
            ids,
            query,
            output,
            force,
            columns,
            bom,
            include_notes,
        } => {
            let mut options = export::ExportOptions {
                include_notes,
                ..Default::default()
            };
            options.csv.bom = bom;
            if let Some(columns) = columns {
                options.csv.columns = columns
                    .iter()
                    .map(|c| {
                        export::csv::Column::from_name(c).ok_or_else(|| {
                            anyhow!("unknown column \"{c}\"; columns are `id` and field names")
                        })
                    })
                    .collect::<Result<_>>()?;
            }
            let scope = match (ids, query) {
                (Some(ids), _) => Scope::Ids(ids),
                (None, Some(query)) => Scope::Query(query),
                (None, None) => Scope::All,
            };
            export(&dir, format, scope, output.as_deref(), force, &options)
        }
        Subcommand::Search {
            dir,
            query,
            limit,
            sort,
            json,
            count,
        } => search(&dir, &query, limit, sort, json, count),
        Subcommand::Stats { dir } => stats(&dir),
    }
}

#[cfg(feature = "gui")]
fn open_app(dir: Option<PathBuf>) -> Result<Exit> {
    folio::ui::run(dir)?;
    Ok(Exit::Clean)
}

/// Built without the desktop app: say so and show what the command line offers.
#[cfg(not(feature = "gui"))]
fn open_app(_dir: Option<PathBuf>) -> Result<Exit> {
    eprintln!(
        "This folio was built without the desktop app (feature `gui`); here is the command line:\n"
    );
    Args::command().print_help()?;
    println!();
    Ok(Exit::Clean)
}

fn open(dir: &Path) -> Result<(CatalogFolder, Catalog)> {
    open_with(dir, false)
}

/// Opens for reading, or for writing (taking the catalog's lock, so that no other
/// Folio writes at the same time).
fn open_with(dir: &Path, write: bool) -> Result<(CatalogFolder, Catalog)> {
    let cache = store::cache::CacheOptions::default_location();
    let opened = if write {
        store::open_locked(dir, cache.as_ref())
    } else {
        store::open_cached(dir, cache.as_ref())
    };
    let (folder, catalog) =
        opened.with_context(|| format!("cannot open the catalog {}", dir.display()))?;
    for (path, removed) in folder.leftover_temp_files() {
        let what = if *removed {
            "removed"
        } else {
            "left (recent: another save may still be running)"
        };
        eprintln!(
            "note: {}: temporary file of an interrupted save, never read as a record; {what}",
            path.display()
        );
    }
    if let Some(writer) = folder.cache_writer(&catalog) {
        // Only a copy to open faster next time: a failure is not the command's.
        if let Err(e) = writer.write() {
            eprintln!("note: could not write the catalog cache: {e}");
        }
    }
    Ok((folder, catalog))
}

/// Warns about record files that were not loaded, so that a command working on
/// "every record" never leaves one out silently.
fn warn_unread(folder: &CatalogFolder) {
    for error in folder.load_errors() {
        eprintln!("warning: {error} (not loaded; the file is left as it is)");
    }
}

/// The error for an id with no record: its file may exist but have failed to load.
fn no_record(folder: &CatalogFolder, id: &RecordId) -> anyhow::Error {
    let unread = folder
        .load_errors()
        .iter()
        .find(|e| e.path.file_stem().is_some_and(|s| s == id.as_str()));
    match unread {
        Some(error) => anyhow!("record \"{id}\" was not loaded: {error}"),
        None => anyhow!("no record with id \"{id}\""),
    }
}

fn open_writable(dir: &Path) -> Result<(CatalogFolder, Catalog)> {
    let (folder, catalog) = open_with(dir, true)?;
    warn_unread(&folder);
    if let Some(reason) = catalog.read_only() {
        bail!("{}: {reason}", dir.display());
    }
    Ok((folder, catalog))
}

fn record_id(id: &str) -> Result<RecordId> {
    RecordId::new(id).map_err(|e| anyhow!("{e}"))
}

/// Saves and reports; conflicts and failures are problems (exit 1).
fn save(folder: &mut CatalogFolder, catalog: &mut Catalog) -> Exit {
    report_save(&folder.save(catalog))
}

/// Reports a save's conflicts and failures on standard error; they are problems.
fn report_save(report: &SaveReport) -> Exit {
    for conflict in &report.conflicts {
        eprintln!("conflict: {conflict}");
    }
    for (id, error) in &report.failed {
        eprintln!("error: {id} not saved: {error}");
    }
    if report.is_complete() {
        Exit::Clean
    } else {
        Exit::Problems
    }
}

fn new(dir: &Path, name: Option<String>) -> Result<Exit> {
    let name = name.unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Catalog".to_owned())
    });
    store::create(dir, &name)
        .with_context(|| format!("cannot create a catalog in {}", dir.display()))?;
    println!("created catalog \"{name}\" in {}", dir.display());
    Ok(Exit::Clean)
}

fn import(dir: &Path, inputs: &[PathBuf], forced: Option<ImportFormat>) -> Result<Exit> {
    let (folder, catalog) = open_writable(dir)?;
    let mut session = Session::from_opened(folder, catalog, &SessionOptions::command_line());
    let format = forced.map(|f| match f {
        ImportFormat::Wilson => Format::Wilson,
        ImportFormat::Json => Format::Json,
    });
    let report = session.import(inputs, format)?;
    for line in &report.lines {
        match line {
            ImportLine::Record {
                outcome,
                id,
                title,
                file,
                notes,
            } => {
                println!("{:9} {id}  {title}  ({})", outcome.verb(), file.display());
                for note in notes {
                    println!("          note: {note}");
                }
            }
            ImportLine::NotImported { file, id, reason } => match id {
                Some(id) => eprintln!("error: {}: {id}: {reason}", file.display()),
                None => eprintln!("error: {}: {reason}", file.display()),
            },
        }
    }
    let saved = report_save(&session.save()?);
    Ok(
        if report.has_problems() || matches!(saved, Exit::Problems) {
            Exit::Problems
        } else {
            Exit::Clean
        },
    )
}

fn validate(dir: &Path) -> Result<Exit> {
    let (folder, catalog) = open(dir)?;
    let mut errors = 0;
    let mut warnings = 0;
    for error in folder.load_errors() {
        println!(
            "{}: error: {}",
            position_prefix(&error.path, error.position),
            error.message
        );
        errors += 1;
    }
    for record in catalog.records() {
        let problems = validate_record(record, |id| catalog.contains(id));
        if problems.is_empty() {
            continue;
        }
        let path = folder.record_path(&record.id);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for problem in problems {
            let position = format::field_position(&text, problem.field.map_or("id", Field::name));
            println!(
                "{}: {}: {}",
                position_prefix(&path, position),
                problem.severity,
                problem.message
            );
            match problem.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
    }
    println!(
        "{} records checked: {errors} error{}, {warnings} warning{}",
        catalog.len() + folder.load_errors().len(),
        plural(errors),
        plural(warnings)
    );
    Ok(if errors > 0 {
        Exit::Problems
    } else {
        Exit::Clean
    })
}

fn position_prefix(path: &Path, position: format::TextPosition) -> String {
    format!("{}:{}:{}", path.display(), position.line, position.col)
}

fn fmt(dir: &Path, check: bool) -> Result<Exit> {
    let (folder, catalog) = if check {
        open(dir)?
    } else {
        open_writable(dir)?
    };
    let mut problems = false;
    for error in folder.load_errors() {
        eprintln!("{error} (left as it is)");
        problems = true;
    }
    let mut files: Vec<(PathBuf, String)> = catalog
        .records()
        .map(|r| (folder.record_path(&r.id), format::record_to_ron(r)))
        .collect();
    files.push((
        dir.join(store::folder::SETTINGS_FILE),
        format::settings_to_ron(catalog.settings()),
    ));
    let mut changed = 0;
    for (path, canonical) in files {
        let current =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        if current == canonical.as_bytes() {
            continue;
        }
        changed += 1;
        if check {
            println!("{}: not in canonical form", path.display());
            problems = true;
        } else {
            store::folder::write_atomically(&path, canonical.as_bytes(), true)?;
            println!("formatted {}", path.display());
        }
    }
    if changed == 0 {
        println!("all files are in canonical form");
    }
    Ok(if problems {
        Exit::Problems
    } else {
        Exit::Clean
    })
}

fn get(dir: &Path, id: &str, field: Option<&str>) -> Result<Exit> {
    let (folder, catalog) = open(dir)?;
    warn_unread(&folder);
    let id = record_id(id)?;
    let record = catalog.get(&id).ok_or_else(|| no_record(&folder, &id))?;
    let text = match field {
        None => serde_json::to_string_pretty(record)?,
        Some("id") => record.id.to_string(),
        Some("created") => record
            .created
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        Some("modified") => record
            .modified
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        Some(name) => Field::from_name(name)?.get(record).to_plain_or_json(),
    };
    println!("{text}");
    Ok(Exit::Clean)
}

fn set(dir: &Path, id: &str, field: &str, value: &str) -> Result<Exit> {
    let (mut folder, mut catalog) = open_writable(dir)?;
    let id = record_id(id)?;
    if !catalog.contains(&id) {
        return Err(no_record(&folder, &id));
    }
    let edit = if field == "id" {
        let to = RecordId::new(value).map_err(|e| anyhow!("refused: {e}"))?;
        Edit::rename(&catalog, id.clone(), to)
    } else {
        let field = Field::from_name(field)?;
        let value = field
            .parse_input(value)
            .map_err(|e| anyhow!("refused: {e}"))?;
        Edit::set(id.clone(), field, value)
    };
    catalog.apply(edit)?;
    Ok(save(&mut folder, &mut catalog))
}

/// Which records to export (the app's export dialog says the same with
/// `session::Scope`).
enum Scope {
    All,
    Ids(Vec<String>),
    Query(String),
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

fn search_catalog(catalog: &Catalog, query: Query, sort: Option<SortColumn>) -> SearchOutcome {
    let index = Index::build(&catalog.snapshot(), &std::sync::atomic::AtomicUsize::new(0));
    index.search(&SearchRequest {
        query,
        filters: Vec::new(),
        sort,
        ascending: true,
    })
}

fn search(
    dir: &Path,
    text: &str,
    limit: Option<usize>,
    sort: SearchSort,
    json: bool,
    count: bool,
) -> Result<Exit> {
    let (folder, catalog) = open(dir)?;
    warn_unread(&folder);
    let sort = match sort {
        SearchSort::Relevance => None,
        SearchSort::Date => Some(SortColumn::Date),
        SearchSort::Title => Some(SortColumn::Title),
        SearchSort::Id => Some(SortColumn::Id),
    };
    let outcome = search_catalog(&catalog, parse_query(text), sort);
    if count {
        println!("{}", outcome.ids.len());
        return Ok(Exit::Clean);
    }
    let shown = limit.unwrap_or(usize::MAX);
    let found = outcome
        .ids
        .iter()
        .enumerate()
        .take(shown)
        .filter_map(|(i, id)| Some((catalog.get(id)?, outcome.scores.get(i).copied())));
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<serde_json::Value> = found
            .map(|(r, score)| {
                serde_json::json!({
                    "id": r.id.as_str(),
                    "date": r.date.as_ref().map(|d| d.as_str()),
                    "date_display": r.date_display,
                    "title": r.title,
                    "score": score,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
    } else {
        for (record, _) in found {
            let date = record.date.as_ref().map_or("", |d| d.as_str());
            writeln!(out, "{}\t{date}\t{}", record.id, record.title)?;
        }
    }
    Ok(Exit::Clean)
}

fn export(
    dir: &Path,
    format: ExportFormat,
    scope: Scope,
    output: Option<&Path>,
    force: bool,
    options: &export::ExportOptions,
) -> Result<Exit> {
    let (folder, catalog) = open(dir)?;
    warn_unread(&folder);
    let records = match scope {
        Scope::All => catalog.records().collect::<Vec<_>>(),
        Scope::Query(text) => {
            let outcome = search_catalog(&catalog, parse_query(&text), Some(SortColumn::Id));
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
                catalog.get(&id).ok_or_else(|| no_record(&folder, &id))
            })
            .collect::<Result<Vec<_>>>()?,
    };
    let format = match format {
        ExportFormat::Csv => export::Format::Csv,
        ExportFormat::Json => export::Format::Json,
        ExportFormat::Jsonl => export::Format::JsonLines,
        ExportFormat::Csl => export::Format::CslJson,
        ExportFormat::Bibtex => export::Format::Bibtex,
        ExportFormat::Ris => export::Format::Ris,
        ExportFormat::Citation => export::Format::Citation,
        ExportFormat::Chicago => export::Format::Chicago,
        ExportFormat::Dc => export::Format::DublinCore,
        ExportFormat::Ead => export::Format::Ead,
        ExportFormat::Md => export::Format::Markdown,
        ExportFormat::Html => export::Format::Html,
        ExportFormat::Ron => {
            let dest = output.ok_or_else(|| {
                anyhow!("--format ron writes a catalog folder: give it with -o DIR")
            })?;
            let report = export::subset::write_subset(
                dest,
                &records,
                catalog.settings(),
                dir,
                &export::Progress::default(),
            )
            .with_context(|| format!("cannot write the catalog {}", dest.display()))?;
            eprintln!(
                "exported {} records and {} attachments to {}",
                report.records,
                report.attachments,
                dest.display()
            );
            for missing in &report.missing {
                eprintln!("attachment not copied: {missing}");
            }
            return Ok(if report.missing.is_empty() {
                Exit::Clean
            } else {
                Exit::Problems
            });
        }
    };
    let bytes = export::export(format, &records, catalog.settings(), options)?;
    match output {
        Some(path) => {
            export::write_export(path, &bytes, force).map_err(|e| match e {
                store::StoreError::Exists(p) => anyhow!(
                    "{}: the file exists; pass --force to replace it",
                    p.display()
                ),
                e => anyhow!(e),
            })?;
            eprintln!("exported {} records to {}", records.len(), path.display());
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(Exit::Clean)
}

fn stats(dir: &Path) -> Result<Exit> {
    let (folder, catalog) = open(dir)?;
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    let mut languages: BTreeMap<String, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut errors, mut warnings) = (0, 0);
    for record in catalog.records() {
        let year = record
            .date
            .as_ref()
            .and_then(|d| d.day_range())
            .filter(|r| r.earliest != i64::MIN)
            .map(|r| folio::model::date::civil_from_day(r.earliest).0.to_string())
            .unwrap_or_else(|| "(undated)".to_owned());
        *years.entry(year).or_default() += 1;
        let doc_type = if record.doc_type.is_empty() {
            "(none)"
        } else {
            &record.doc_type
        };
        *types.entry(doc_type.to_owned()).or_default() += 1;
        if record.languages.is_empty() {
            *languages.entry("(none)".to_owned()).or_default() += 1;
        }
        for language in &record.languages {
            *languages.entry(language.clone()).or_default() += 1;
        }
        *statuses.entry(record.status.name()).or_default() += 1;
        for problem in validate_record(record, |id| catalog.contains(id)) {
            match problem.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
    }
    println!("{}: {} records", catalog.settings().name, catalog.len());
    let section = |title: &str, counts: Vec<(String, usize)>| {
        println!("\n{title}");
        for (key, n) in counts {
            println!("  {n:>6}  {key}");
        }
    };
    section("By year", years.into_iter().collect());
    section("By type", types.into_iter().collect());
    section("By language", languages.into_iter().collect());
    section(
        "By status",
        statuses
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    );
    let unreadable = folder.load_errors().len();
    println!(
        "\nProblems: {errors} error{}, {warnings} warning{}, {unreadable} unreadable file{}",
        plural(errors),
        plural(warnings),
        plural(unreadable)
    );
    for error in folder.load_errors() {
        println!("  {error}");
    }
    Ok(if errors > 0 || unreadable > 0 {
        Exit::Problems
    } else {
        Exit::Clean
    })
}
