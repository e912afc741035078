//! `validate`, `fmt` and `stats`: the catalog as a whole.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use folio::model::{Field, Severity, validate_record};
use folio::store::folder::RECORDS_DIR;
use folio::store::stream::Streamed;
use folio::store::{self, format};
use folio::words::{count, plural};

use super::open;
use super::{Exit, Wait, out};

/// `folio validate DIR`: every problem of every record file, one batch of records
/// at a time (a million records fit in a few hundred megabytes), each problem with
/// its file, line and column.
pub fn validate(dir: &Path) -> Result<Exit> {
    // No check reads a text: whether a record has one is in the cache's table.
    let records = open::stream(dir)?.leaving_texts();
    let root = records.root().to_owned();
    let ids = records.ids();
    let (mut errors, mut warnings, mut checked) = (0, 0, 0);
    // Files already named as unreadable or half-merged, which git's own list of
    // unmerged files must not name again.
    let mut named: HashSet<PathBuf> = HashSet::new();
    let mut attachments: BTreeSet<String> = BTreeSet::new();
    records.try_for_each(|item| -> Result<()> {
        checked += 1;
        let record = match item {
            Streamed::Unreadable(error) => {
                out!(
                    "{}: error: {}",
                    position_prefix(&error.path, error.position),
                    error.message
                );
                errors += 1;
                named.insert(error.path);
                return Ok(());
            }
            Streamed::Merge { ours, merge } => {
                out!(
                    "{}:{}:1: error: {}; choose a version of each (in Folio: Show both), then the file is written clean",
                    merge.path.display(),
                    merge.line,
                    merge.message()
                );
                errors += 1;
                named.insert(merge.path);
                ours
            }
            Streamed::Record(record) => record,
        };
        let path = root.join(RECORDS_DIR).join(record.id.file_name());
        let problems = validate_record(&record, |id| ids.contains(id));
        let missing = store::attachments::missing_of(&root, &record);
        // The file is read again only for a record with something to say, for places.
        let text = if problems.is_empty() && missing.is_empty() {
            String::new()
        } else {
            std::fs::read_to_string(&path).unwrap_or_default()
        };
        for problem in problems {
            let position = format::field_position(&text, problem.field.map_or("id", Field::name));
            out!(
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
        for attachment in missing {
            let line = text.lines().position(|l| l.contains(&attachment)).unwrap_or(0) + 1;
            out!(
                "{}:{line}:1: error: attachment \"{attachment}\" is missing: there is no attachments/{attachment}",
                path.display()
            );
            errors += 1;
        }
        attachments.extend(record.attachments.into_iter().map(|a| a.path));
        Ok(())
    })?;
    // Files git still lists as unmerged with no markers Folio can read: a
    // delete/edit conflict (the file is one side's, whole), or a file whose markers
    // were taken out by hand but that git was not told of. Outside git, none.
    let unmerged = folio::vcs::status(dir)
        .map(|s| s.unmerged)
        .unwrap_or_default();
    for file in &unmerged {
        let path = dir.join(&file.path);
        if !named.contains(&path) {
            out!("{}:1:1: error: {}", path.display(), file.describe());
            errors += 1;
        }
    }
    for (link, target) in store::attachments::links(&root) {
        out!(
            "{}: error: a symbolic link (to {}); Folio keeps attachments as files in the catalog, so that no export, copy or commit takes something from outside it: replace the link with the file it points to",
            link.display(),
            target.display()
        );
        errors += 1;
    }
    let referenced: BTreeSet<&str> = attachments.iter().map(String::as_str).collect();
    for path in store::attachments::unreferenced(&root, &referenced) {
        out!(
            "{}: warning: no record lists this file as an attachment",
            root.join("attachments").join(&path).display()
        );
        warnings += 1;
    }
    out!(
        "{} checked: {errors} error{}, {warnings} warning{}",
        count(checked, "record"),
        plural(errors),
        plural(warnings)
    );
    Ok(Exit::problems_if(errors > 0))
}

fn position_prefix(path: &Path, position: format::TextPosition) -> String {
    format!("{}:{}:{}", path.display(), position.line, position.col)
}

pub fn fmt(dir: &Path, check: bool, wait: Wait) -> Result<Exit> {
    let (folder, catalog) = if check {
        let opened = open::read_with_merges(dir)?;
        open::warn_unread(&opened.0);
        opened
    } else {
        let opened = open::write(dir, "folio fmt", "rewrite its files", wait)?;
        open::warn_unread(&opened.0);
        opened
    };
    let unread = folder.load_errors().len();
    // A file with conflict markers holds two versions: writing one would drop the other.
    let conflicted: Vec<_> = folder
        .merge_conflicts(&catalog)
        .into_iter()
        .map(|merge| merge.id)
        .collect();
    for id in &conflicted {
        out!(
            "{}: left as it is: it holds git's conflict markers (see folio validate)",
            folder.record_path(id).display()
        );
    }
    let mut files: Vec<(PathBuf, String)> = catalog
        .records()
        .filter(|r| !conflicted.contains(&r.id))
        .map(|r| {
            let path = folder.record_path(&r.id);
            match format::record_to_ron(r) {
                Ok(text) => Ok((path, text)),
                Err(e) => Err(anyhow::anyhow!(
                    "{}: {e}; nothing was rewritten",
                    path.display()
                )),
            }
        })
        .collect::<anyhow::Result<_>>()?;
    files.push((
        dir.join(store::folder::SETTINGS_FILE),
        format::settings_to_ron(catalog.settings()),
    ));
    let mut changed = 0;
    for (path, canonical) in &files {
        let current = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                anyhow::bail!("cannot read {}: {e}", path.display());
            }
        };
        if current == canonical.as_bytes() {
            continue;
        }
        changed += 1;
        if check {
            out!("{}: not in canonical form", path.display());
        } else {
            store::folder::write_atomically(path, canonical.as_bytes(), true)?;
            out!("formatted {}", path.display());
        }
    }
    // The last line says what was found, all of it.
    let read = count(files.len(), "file");
    let mut last = match (changed, unread, check) {
        (0, 0, _) => "all files are in canonical form".to_owned(),
        (0, _, _) => format!(
            "the {read} read are in canonical form; {} could not be read (see above) and {} left as {}",
            count(unread, "record file"),
            if unread == 1 { "was" } else { "were" },
            if unread == 1 { "it is" } else { "they are" }
        ),
        (_, _, true) => format!(
            "{} of {read} not in canonical form{}",
            changed,
            unread_note(unread)
        ),
        (_, _, false) => format!("formatted {} of {read}{}", changed, unread_note(unread)),
    };
    if !conflicted.is_empty() {
        last.push_str(&format!(
            "; {} with conflict markers left as {} (see above)",
            count(conflicted.len(), "record file"),
            if conflicted.len() == 1 {
                "it is"
            } else {
                "they are"
            }
        ));
    }
    out!("{last}");
    Ok(Exit::problems_if(
        (check && changed > 0) || unread > 0 || !conflicted.is_empty(),
    ))
}

fn unread_note(unread: usize) -> String {
    if unread == 0 {
        String::new()
    } else {
        format!(
            "; {} could not be read (see above) and {} left as {}",
            count(unread, "record file"),
            if unread == 1 { "was" } else { "were" },
            if unread == 1 { "it is" } else { "they are" }
        )
    }
}

/// `folio stats DIR`: counts by decade, year, type, language and status, and the
/// problems, reading the records one batch at a time.
pub fn stats(dir: &Path) -> Result<Exit> {
    let records = open::stream(dir)?.leaving_texts();
    let ids = records.ids();
    let name = records.settings().name.clone();
    let (mut loaded, mut unreadable) = (0, 0);
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    let mut decades: BTreeMap<String, usize> = BTreeMap::new();
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    let mut languages: BTreeMap<String, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut errors, mut warnings) = (0, 0);
    records.try_for_each_batch(|batch| -> Result<()> {
        for record in open::readable(batch, &mut unreadable) {
            loaded += 1;
            // A date counts under a year only when it lies within one (`196X` is a
            // decade, not 1960), and under a decade only when it lies within one.
            let span = record
                .date
                .as_ref()
                .and_then(|d| d.day_range())
                .filter(|r| r.earliest != i64::MIN && r.latest != i64::MAX)
                .map(|r| {
                    let first = folio::model::date::civil_from_day(r.earliest).0;
                    let last = folio::model::date::civil_from_day(r.latest).0;
                    (first, last)
                });
            let (year, decade) = match span {
                None => ("(undated)".to_owned(), "(undated)".to_owned()),
                Some((first, last)) => (
                    if first == last {
                        first.to_string()
                    } else {
                        "(year unspecified)".to_owned()
                    },
                    if first.div_euclid(10) == last.div_euclid(10) {
                        format!("{}s", first - first.rem_euclid(10))
                    } else {
                        "(decade unspecified)".to_owned()
                    },
                ),
            };
            *years.entry(year).or_default() += 1;
            *decades.entry(decade).or_default() += 1;
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
            for problem in validate_record(&record, |id| ids.contains(id)) {
                match problem.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                }
            }
        }
        Ok(())
    })?;
    out!("{name}: {}", count(loaded, "record"));
    let sections = [
        ("By decade", decades.into_iter().collect::<Vec<_>>()),
        ("By year", years.into_iter().collect()),
        ("By type", types.into_iter().collect()),
        ("By language", languages.into_iter().collect()),
        (
            "By status",
            statuses
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        ),
    ];
    for (title, counts) in sections {
        out!("\n{title}");
        for (key, n) in counts {
            out!("  {n:>6}  {key}");
        }
    }
    out!(
        "\nProblems: {errors} error{}, {warnings} warning{}, {unreadable} unreadable file{}",
        plural(errors),
        plural(warnings),
        plural(unreadable)
    );
    let left_out = open::unread_left_out(unreadable, "these counts");
    Ok(Exit::problems_if(
        errors > 0 || matches!(left_out, Exit::Problems),
    ))
}

/// `folio cache DIR [--clear]`: what the cache holds for the catalog, against the
/// size of its record files; or clears it.
pub fn cache(dir: &Path, clear: bool) -> Result<Exit> {
    if !dir.join(folio::store::folder::SETTINGS_FILE).is_file() {
        anyhow::bail!(
            "{} is not a Folio catalog (it has no catalog.ron)",
            dir.display()
        );
    }
    let Some(options) = folio::store::cache::CacheOptions::default_location() else {
        anyhow::bail!("this system has no cache folder (set FOLIO_CACHE_DIR)");
    };
    if clear {
        let freed = options
            .clear(dir)
            .with_context(|| format!("clearing the cache in {}", options.dir.display()))?;
        println!(
            "Cleared {} from the cache of {}; the next open reads the records and writes it again.",
            folio::words::size(freed),
            dir.display()
        );
        return Ok(Exit::Clean);
    }
    let usage = options
        .usage(dir)
        .with_context(|| format!("reading the cache folder {}", options.dir.display()))?;
    let records = folio::store::cache::record_files_size(dir);
    if usage.files.is_empty() {
        println!(
            "Nothing cached for {} (catalogs of fewer than {} records open without a cache).",
            dir.display(),
            options.min_records
        );
    } else {
        println!(
            "Cache of {}: {} in {}",
            dir.display(),
            folio::words::size(usage.total()),
            options.dir.display()
        );
        for (path, bytes) in &usage.files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let what = if name.contains(".index") {
                "search index"
            } else {
                "records cache"
            };
            println!("  {what:<14} {:>8}  {name}", folio::words::size(*bytes));
        }
    }
    println!(
        "The catalog's record files: {}.",
        folio::words::size(records)
    );
    if !usage.files.is_empty() {
        println!(
            "Clear it with `folio cache {} --clear`: nothing is lost, the next open writes it again.",
            dir.display()
        );
    }
    Ok(Exit::Clean)
}
