//! Opening a catalog for a command: for reading, or holding its lock for writing (and
//! waiting a while for a catalog another program holds); and the warnings every
//! command gives about files it could not load.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};

use folio::model::Record;
use folio::model::RecordId;
use folio::store::stream::{RecordStream, Streamed};
use folio::store::{self, Catalog, CatalogFolder, SaveReport, StoreError};
use folio::words::count;

use super::{Exit, Wait};

/// Opens a catalog for reading (no lock: the app may be working on it). Records
/// whose file a git merge left with conflict markers are left out, as files that
/// could not be read: no command reads one side of an unfinished merge as the
/// record.
pub fn read(dir: &Path) -> Result<(CatalogFolder, Catalog)> {
    let (mut folder, mut catalog) = read_with_merges(dir)?;
    folder.leave_out_unfinished_merges(&mut catalog);
    Ok((folder, catalog))
}

/// Opens a catalog for reading, records with conflict markers included (our side,
/// with theirs in the folder): for the commands that name or leave such files
/// themselves (`validate`, `fmt`, an import's plan).
pub fn read_with_merges(dir: &Path) -> Result<(CatalogFolder, Catalog)> {
    let cache = store::cache::CacheOptions::default_location();
    let opened = store::open_cached(dir, cache.as_ref())
        .with_context(|| format!("cannot open the catalog {}", dir.display()))?;
    Ok(after_open(opened))
}

/// Opens a catalog to change it, as `program` (`folio set`), holding its lock
/// (waiting for another program to let go of it, as long as `wait` says); `doing`
/// names the change for the message when the catalog stays held ("change a
/// record"). The caller warns about files that could not be loaded
/// ([`warn_unread`]), once.
pub fn write(
    dir: &Path,
    program: &str,
    doing: &str,
    wait: Wait,
) -> Result<(CatalogFolder, Catalog)> {
    let cache = store::cache::CacheOptions::default_location();
    let waited = Duration::try_from_secs_f64(wait.seconds.max(0.0)).unwrap_or(Duration::ZERO);
    let opened = match store::open_locked(dir, cache.as_ref(), program, waited) {
        Err(StoreError::Locked(holder)) => bail!(
            "{}: cannot {doing}: the catalog is held by {holder}, and was still held after {} s; \
             let it finish (save and close it in the app), then try again, or wait longer with --wait SECONDS",
            dir.display(),
            wait.seconds
        ),
        other => other.with_context(|| format!("cannot open the catalog {}", dir.display()))?,
    };
    let (folder, catalog) = after_open(opened);
    if let Some(reason) = catalog.read_only() {
        bail!("{}: {reason}", dir.display());
    }
    Ok((folder, catalog))
}

/// Reads a catalog one batch of records at a time, for a command that looks at each
/// record once and keeps little of it: its memory stays small whatever the catalog's
/// size. Records whose file holds conflict markers come as such
/// ([`Streamed::Merge`](folio::store::stream::Streamed)), for the command to name or
/// leave out.
pub fn stream(dir: &Path) -> Result<RecordStream> {
    let cache = store::cache::CacheOptions::default_location();
    let stream = store::stream::stream(dir, cache.as_ref())
        .with_context(|| format!("cannot open the catalog {}", dir.display()))?;
    note_leftovers(stream.leftover_temp_files());
    Ok(stream)
}

/// The records of a streamed batch; each file that could not be read (or holds an
/// unfinished merge) is warned about and counted in `unread`.
pub fn readable(batch: Vec<Streamed>, unread: &mut usize) -> Vec<Record> {
    batch
        .into_iter()
        .filter_map(|item| match item.whole() {
            Ok(record) => Some(record),
            Err(error) => {
                eprintln!("warning: not loaded: {error}");
                *unread += 1;
                None
            }
        })
        .collect()
}

/// Notes about the remains of interrupted saves.
fn note_leftovers(leftovers: &[(std::path::PathBuf, bool)]) {
    for (path, removed) in leftovers {
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
}

/// Notes about the remains of interrupted saves, and the cache brought up to date.
fn after_open((folder, catalog): (CatalogFolder, Catalog)) -> (CatalogFolder, Catalog) {
    note_leftovers(folder.leftover_temp_files());
    if let Some(writer) = folder.cache_writer(&catalog) {
        // Only a copy to open faster next time: a failure is not the command's.
        if let Err(e) = writer.write() {
            eprintln!("note: could not write the catalog cache: {e}");
        }
    }
    (folder, catalog)
}

/// Warns about record files that were not loaded, so that a command working on
/// "every record" never leaves one out silently; returns how many.
pub fn warn_unread(folder: &CatalogFolder) -> usize {
    for error in folder.load_errors() {
        eprintln!("warning: not loaded: {error}");
    }
    folder.load_errors().len()
}

/// Says, after a command whose answer covers "every record", that some were left
/// out; a problem (exit 1).
pub fn left_out(folder: &CatalogFolder, what: &str) -> Exit {
    unread_left_out(folder.load_errors().len(), what)
}

/// As [`left_out`], for `unread` files not read.
pub fn unread_left_out(unread: usize, what: &str) -> Exit {
    if unread == 0 {
        return Exit::Clean;
    }
    eprintln!(
        "warning: {} could not be read and {} not in {what} (see above)",
        count(unread, "record file"),
        if unread == 1 { "is" } else { "are" }
    );
    Exit::Problems
}

/// Why the file of `id` was not loaded, if it is there and was not.
pub fn not_loaded<'f>(folder: &'f CatalogFolder, id: &RecordId) -> Option<&'f store::LoadError> {
    folder
        .load_errors()
        .iter()
        .find(|e| e.path.file_stem().is_some_and(|s| s == id.as_str()))
}

/// The error for an id with no record: its file may exist but have failed to load.
pub fn no_record(folder: &CatalogFolder, id: &RecordId) -> anyhow::Error {
    match not_loaded(folder, id) {
        Some(error) => anyhow!("record \"{id}\" was not loaded: {error}"),
        None => anyhow!("no record with id \"{id}\""),
    }
}

/// A record id given on the command line.
pub fn record_id(id: &str) -> Result<RecordId> {
    RecordId::new(id).map_err(|e| anyhow!("{e}"))
}

/// Reports a save's conflicts and failures on standard error; they are problems.
pub fn report_save(report: &SaveReport) -> Exit {
    for conflict in &report.conflicts {
        eprintln!("conflict: {conflict}");
    }
    for (id, error) in &report.failed {
        eprintln!("error: {id} not saved: {error}");
    }
    if !report.held_back.is_empty() {
        eprintln!(
            "error: nor {} of the same save: nothing of it was written",
            count(report.held_back.len(), "other record")
        );
    }
    Exit::problems_if(!report.is_complete())
}
