//! The catalog folder on disk: `catalog.ron`, `records/<id>.ron`, `attachments/`.
//!
//! Opening reads every record in parallel; a file that cannot be read is reported
//! with its path, line and column and left alone, and the rest still opens. Saving
//! writes only changed records, each atomically (temp file in the same folder, fsync,
//! rename), and never overwrites a file that changed on disk since it was read.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use thiserror::Error;

use crate::model::{Record, RecordId};

use super::cache::{CacheItem, CacheOptions, CacheReader, CacheWriter, FileKey, IndexCache};
use super::format::{self, TextPosition};
use super::intent::{self, Batch, FileRemoval, FileWrite};
use super::rename;
use super::{Catalog, CatalogSettings, FORMAT_VERSION, RECORDS_FORMAT_VERSION};

/// The settings file's name.
pub const SETTINGS_FILE: &str = "catalog.ron";
/// The records folder's name.
pub const RECORDS_DIR: &str = "records";
/// The attachments folder's name.
pub const ATTACHMENTS_DIR: &str = "attachments";
/// Prefix of Folio's temporary files (never taken for records).
pub const TEMP_PREFIX: &str = ".folio-";
/// What a new catalog's `.gitignore` holds: Folio's lock and temporary files, so
/// that they never reach git.
pub const GITIGNORE: &str = "# Folio's own files: the lock of the program working on the catalog, and the\n# temporary files of saves in progress. They are never records.\n.folio.lock\n.folio-*\n";

/// A failure of the store that stops an operation as a whole.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The folder holds no `catalog.ron`.
    #[error("{0}: not a Folio catalog (no catalog.ron); create one with `folio new`")]
    NotACatalog(PathBuf),
    /// `catalog.ron` is malformed.
    #[error("{path}:{line}:{col}: {message}", line = position.line, col = position.col)]
    BadSettings {
        /// Its path.
        path: PathBuf,
        /// Where.
        position: TextPosition,
        /// What.
        message: String,
    },
    /// A new catalog was to be created where one (or other files) already exist.
    #[error("{0}: the folder exists and is not empty; choose a new or empty folder")]
    NotEmpty(PathBuf),
    /// The file to be written exists and replacing it was not allowed.
    #[error("{0}: the file exists; not overwritten")]
    Exists(PathBuf),
    /// A file could not be written; the file at `path`, if any, is as it was.
    #[error("{path}: {reason}; the file on disk was left as it was", reason = write_failure(source))]
    NotWritten {
        /// The file that was to be written.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// A record renamed to an id whose attachments folder already holds files.
    #[error(
        "{}: already holds files that are not {from}'s, so {from} was not renamed (its scans would mix with them); move those files away, or choose another id",
        folder.display()
    )]
    AttachmentsTaken {
        /// The record's id before the rename.
        from: RecordId,
        /// The folder of the new id.
        folder: PathBuf,
    },
    /// Another program holds the catalog's lock (see [`super::lock`]).
    #[error("this catalog is held by {0}")]
    Locked(super::lock::Holder),
}

/// Why a write failed, in the words an archivist needs (the system's text follows).
fn write_failure(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let cause = match error.kind() {
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::QuotaExceeded => "the disk quota is used up",
        ErrorKind::PermissionDenied => "permission denied",
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        _ => "the system refused",
    };
    // The system's own words, without the temporary file's path some wrappers add.
    let system = error.raw_os_error().map_or_else(
        || error.to_string(),
        |code| std::io::Error::from_raw_os_error(code).to_string(),
    );
    format!("{cause} ({system})")
}

fn not_written(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::NotWritten {
        path: path.to_owned(),
        source,
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A record file that could not be loaded; the file is left untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// Where in the file (line 1, column 1 when the whole file is concerned).
    pub position: TextPosition,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.position.line,
            self.position.col,
            self.message
        )
    }
}

/// A record file that a git merge left with conflict markers: both versions of
/// the fields changed both ways are in it, and it is read as neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfinishedMerge {
    /// The record.
    pub id: RecordId,
    /// Its file.
    pub path: PathBuf,
    /// The line of the first conflict marker.
    pub line: usize,
    /// The fields its two versions hold differently.
    pub fields: Vec<crate::model::Field>,
}

impl UnfinishedMerge {
    /// What is wrong, without the place: `a git merge stopped here: 1 field
    /// changed on both branches (title)`.
    pub fn message(&self) -> String {
        let names: Vec<&str> = self.fields.iter().map(|f| f.name()).collect();
        format!(
            "a git merge stopped here: {} changed on both branches ({})",
            crate::words::count(self.fields.len(), "field"),
            names.join(", ")
        )
    }
}

impl fmt::Display for UnfinishedMerge {
    /// `records/x.ron:3:1: a git merge stopped here: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:1: {}",
            self.path.display(),
            self.line,
            self.message()
        )
    }
}

/// What a file held when Folio last read or wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp(u64);

impl Stamp {
    fn of(bytes: &[u8]) -> Self {
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        Stamp(hasher.finish())
    }
}

/// The stamp of `bytes`, as the cache keeps it.
pub(super) fn stamp_of(bytes: &[u8]) -> u64 {
    Stamp::of(bytes).0
}

/// A record's file as it was on disk when read to resolve a conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct DiskVersion {
    /// The record in the file; `None` when the file is gone.
    pub record: Option<Record>,
    stamp: Option<Stamp>,
}

/// Why a record was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictKind {
    /// The file changed on disk since it was loaded.
    ChangedOnDisk,
    /// The file was deleted on disk since it was loaded.
    DeletedOnDisk,
    /// A file exists where a new record would be written (e.g. a file that failed to load).
    FileExists,
    /// The file holds git's conflict markers: a merge stopped on fields both
    /// branches changed. It is never written over until the user chose, field by
    /// field.
    MergeConflict,
}

/// A record that was not saved because saving would overwrite someone else's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The record.
    pub id: RecordId,
    /// Its file.
    pub path: PathBuf,
    /// What happened.
    pub kind: ConflictKind,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ConflictKind::ChangedOnDisk => "changed on disk since it was loaded; not overwritten",
            ConflictKind::DeletedOnDisk => "was deleted on disk since it was loaded; not written",
            ConflictKind::FileExists => {
                "a file of that name exists that this catalog did not load; not overwritten"
            }
            ConflictKind::MergeConflict => {
                "holds git's conflict markers (a merge stopped on it); not overwritten until a version of each field is chosen"
            }
        };
        write!(f, "{}: {what}", self.path.display())
    }
}

/// What a save did.
#[derive(Debug, Default)]
pub struct SaveReport {
    /// Records written.
    pub written: Vec<RecordId>,
    /// Record files removed (deleted or renamed records).
    pub removed: Vec<RecordId>,
    /// Records not saved because of a change on disk.
    pub conflicts: Vec<Conflict>,
    /// Records not saved because of an I/O error (for a save of several records
    /// that failed as a whole, the first, with the error).
    pub failed: Vec<(RecordId, StoreError)>,
    /// The other records of a save of several that failed as a whole: nothing of
    /// that save was written.
    pub held_back: Vec<RecordId>,
    /// Records not saved because they have no title (the one field every record
    /// needs): they stay unsaved until they get one.
    pub untitled: Vec<RecordId>,
    /// New records dropped at the save because nothing was ever entered in them.
    pub dropped_empty: Vec<RecordId>,
}

impl SaveReport {
    /// True when every dirty record was saved.
    pub fn is_complete(&self) -> bool {
        self.conflicts.is_empty()
            && self.failed.is_empty()
            && self.held_back.is_empty()
            && self.untitled.is_empty()
    }

    /// Says that none of `ids` was saved, because of `error`.
    fn fail_all(&mut self, ids: &[RecordId], error: StoreError) {
        if let Some((first, others)) = ids.split_first() {
            self.failed.push((first.clone(), error));
            self.held_back.extend(others.iter().cloned());
        }
    }
}

/// An open catalog folder: where it is and what its files held when read.
#[derive(Debug)]
pub struct CatalogFolder {
    root: PathBuf,
    stamps: HashMap<RecordId, Stamp>,
    load_errors: Vec<LoadError>,
    /// Each record file's size and times as read (for the caches; shared with the
    /// index's thread).
    keys: Arc<HashMap<RecordId, FileKey>>,
    cache: Option<CacheState>,
    leftover_temp_files: Vec<(PathBuf, bool)>,
    /// The catalog's lock, held as long as this folder is open for writing.
    lock: Option<super::lock::CatalogLock>,
    /// Records whose file holds git's conflict markers: their side (ours is the
    /// record in the catalog).
    merge_conflicts: HashMap<RecordId, Box<Record>>,
}

/// Creates a new, empty catalog folder.
pub fn create(root: &Path, name: &str) -> Result<(CatalogFolder, Catalog), StoreError> {
    if root.exists() {
        let mut entries = fs::read_dir(root).map_err(io_error(root))?;
        if entries.next().is_some() {
            return Err(StoreError::NotEmpty(root.to_owned()));
        }
    }
    fs::create_dir_all(root.join(RECORDS_DIR)).map_err(io_error(root))?;
    fs::create_dir_all(root.join(ATTACHMENTS_DIR)).map_err(io_error(root))?;
    let settings = CatalogSettings::new(name);
    let path = root.join(SETTINGS_FILE);
    write_atomically(&path, format::settings_to_ron(&settings).as_bytes(), false)?;
    write_atomically(&root.join(".gitignore"), GITIGNORE.as_bytes(), false)?;
    write_atomically(
        &root.join(".gitattributes"),
        crate::vcs::GITATTRIBUTES.as_bytes(),
        false,
    )?;
    let folder = CatalogFolder {
        root: root.to_owned(),
        stamps: HashMap::new(),
        load_errors: Vec::new(),
        keys: Default::default(),
        cache: None,
        leftover_temp_files: Vec::new(),
        lock: None,
        merge_conflicts: HashMap::new(),
    };
    Ok((folder, Catalog::new(settings, [])))
}

/// Opens a catalog folder, reading every record in parallel.
pub fn open(root: &Path) -> Result<(CatalogFolder, Catalog), StoreError> {
    open_cached(root, None)
}

/// Opens a catalog folder for writing: takes its lock first for `program` (`Folio`,
/// `folio set`), waiting up to `wait` while another program holds it (then refused
/// with [`StoreError::Locked`]), and only then reads it as [`open_cached`] does, so
/// that it reads what the previous writer saved. The lock is released when the
/// folder is dropped.
pub fn open_locked(
    root: &Path,
    cache: Option<&CacheOptions>,
    program: &str,
    wait: std::time::Duration,
) -> Result<(CatalogFolder, Catalog), StoreError> {
    open_locked_with_progress(root, cache, program, wait, &OpenProgress::default())
}

/// How far an open has gone: the record files found, and how many are read (for a
/// progress bar while a large catalog opens on another thread).
#[derive(Debug, Default)]
pub struct OpenProgress {
    /// Record files to read (0 until the folder is listed).
    pub files: std::sync::atomic::AtomicUsize,
    /// Record files read so far (from the cache or the disk).
    pub read: std::sync::atomic::AtomicUsize,
}

impl OpenProgress {
    /// (read, files).
    pub fn get(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.read.load(Relaxed), self.files.load(Relaxed))
    }
}

/// As [`open_locked`], counting the files read in `progress`.
pub fn open_locked_with_progress(
    root: &Path,
    cache: Option<&CacheOptions>,
    program: &str,
    wait: std::time::Duration,
    progress: &OpenProgress,
) -> Result<(CatalogFolder, Catalog), StoreError> {
    if !root.join(SETTINGS_FILE).exists() {
        return Err(StoreError::NotACatalog(root.to_owned()));
    }
    let lock =
        super::lock::CatalogLock::acquire_waiting(root, program, wait).map_err(|e| match e {
            super::lock::LockError::Held(holder) => StoreError::Locked(holder),
            super::lock::LockError::Io { path, source } => StoreError::Io { path, source },
        })?;
    let (mut folder, catalog) = open_folder(root, cache, true, progress)?;
    folder.hold_lock(lock);
    Ok((folder, catalog))
}

/// Opens a catalog folder, taking unchanged records from the cache when given (see
/// [`super::cache`]); [`CatalogFolder::cache_writer`] then brings the cache up to date.
pub fn open_cached(
    root: &Path,
    cache: Option<&CacheOptions>,
) -> Result<(CatalogFolder, Catalog), StoreError> {
    open_folder(root, cache, false, &OpenProgress::default())
}

/// Opens a catalog folder; `writable` when the caller holds the lock, so that what
/// an interrupted save left to finish is finished on disk too.
fn open_folder(
    root: &Path,
    cache: Option<&CacheOptions>,
    writable: bool,
    progress: &OpenProgress,
) -> Result<(CatalogFolder, Catalog), StoreError> {
    let (settings, newer) = read_catalog_settings(root)?;

    let records_dir = root.join(RECORDS_DIR);
    // A save of several records that a kill interrupted after its intent: finished
    // first by the program that holds the lock, so that it reads the whole change.
    let completion = if writable && newer.is_none() {
        intent::complete(root)
    } else {
        intent::Completion::default()
    };
    let intent_stands = records_dir.join(intent::INTENT_FILE).exists();
    let (mut files, mut leftovers) = list_record_files(&records_dir)?;
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    progress
        .files
        .store(files.len(), std::sync::atomic::Ordering::Relaxed);

    let cache_file = cache.map(|c| c.file_for(root));
    let stamp_check = Stamp::of(STAMP_CHECK).0;
    let reader = cache_file
        .as_deref()
        .and_then(|path| CacheReader::open(path, stamp_check));
    let loaded: Vec<LoadedFile> = files
        .par_iter()
        .map(|(name, entry)| {
            progress
                .read
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // The key is taken before reading: a file changed meanwhile gets a newer
            // key next time, so its cached copy is not used.
            let key = reader
                .as_ref()
                .and(entry.metadata().ok())
                .map(|m| FileKey::of(&m));
            let cached = reader
                .as_ref()
                .zip(key.as_ref())
                .and_then(|(reader, key)| reader.get(name, key));
            let (loaded, key, cached) = match cached {
                Some((record, stamp)) => (
                    Ok(Loaded {
                        record,
                        stamp: Stamp(stamp),
                        theirs: None,
                    }),
                    key,
                    true,
                ),
                None => {
                    let key = key.or_else(|| {
                        // Keys only matter when there is a cache to write.
                        cache.and(entry.metadata().ok()).map(|m| FileKey::of(&m))
                    });
                    (load_record(&entry.path()), key, false)
                }
            };
            // Shared here, on the reading thread: the record is not moved again.
            let loaded = loaded.map(|l| (Arc::new(l.record), l.stamp, l.theirs));
            (loaded, key, cached)
        })
        .collect();
    let mut records = Vec::with_capacity(loaded.len());
    let mut stamps = HashMap::with_capacity(loaded.len());
    let mut keys = HashMap::with_capacity(loaded.len());
    let mut load_errors = Vec::new();
    let mut merge_conflicts = HashMap::new();
    let mut from_cache = 0;
    for (result, key, cached) in loaded {
        match result {
            Ok((record, stamp, theirs)) => {
                let id = record.id.clone();
                from_cache += usize::from(cached);
                stamps.insert(id.clone(), stamp);
                match theirs {
                    // Never cached: the next open reads the file (and its conflict) again.
                    Some(theirs) => {
                        merge_conflicts.insert(id, theirs);
                    }
                    None => {
                        if let Some(key) = key {
                            keys.insert(id, key);
                        }
                    }
                }
                records.push(record);
            }
            Err(e) => load_errors.push(e),
        }
    }
    let intent_file = |message: String| LoadError {
        path: records_dir.join(intent::INTENT_FILE),
        position: TextPosition { line: 1, col: 1 },
        message,
    };
    load_errors.extend(completion.problems.into_iter().map(intent_file));
    // Not completed (a reader, or a completion that failed): read as completed.
    let overlaid = intent_stands && read_pending(&records_dir, &mut records, &mut stamps);
    let repaired = finish_renames(
        &records_dir,
        &mut records,
        &mut stamps,
        &mut load_errors,
        writable && newer.is_none(),
    ) || overlaid;
    let cache_state = match (cache, cache_file) {
        // What was repaired only in memory must not reach the cache.
        _ if repaired => None,
        (Some(options), Some(path)) if records.len() >= options.min_records => {
            // Rewrite when anything was read from the files (new, changed or no cache).
            let fresh = from_cache == records.len();
            Some(CacheState {
                path,
                stale: !fresh,
                from_cache,
            })
        }
        _ => None,
    };
    let mut catalog = Catalog::of_shared(settings, records);
    if let Some(version) = newer {
        catalog.set_read_only(format!(
            "this catalog has format_version {version}, written by a newer Folio (this one reads up to {FORMAT_VERSION}); \
             it is open read-only so that nothing it holds is lost"
        ));
    }
    // While an intent stands, its temporary files are not leftovers.
    if intent_stands {
        leftovers.clear();
    }
    let leftover_temp_files = clean_leftovers(leftovers, catalog.read_only().is_some());
    let folder = CatalogFolder {
        root: root.to_owned(),
        stamps,
        load_errors,
        keys: Arc::new(keys),
        cache: cache_state,
        leftover_temp_files,
        lock: None,
        merge_conflicts,
    };
    Ok((folder, catalog))
}

/// Reads `catalog.ron` of the catalog at `root` (see [`read_settings`]).
pub(super) fn read_catalog_settings(
    root: &Path,
) -> Result<(CatalogSettings, Option<u32>), StoreError> {
    let settings_path = root.join(SETTINGS_FILE);
    let settings_text = match fs::read_to_string(&settings_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotACatalog(root.to_owned()));
        }
        Err(e) => return Err(io_error(&settings_path)(e)),
    };
    read_settings(&settings_path, &settings_text)
}

/// The record files in `records_dir` as (file name, directory entry: its metadata
/// needs no path lookup), unsorted; and the temporary files of saves that never
/// finished (the process died before the rename), never records whatever they hold.
/// No folder: none of either.
pub(super) type RecordFiles = (Vec<(String, fs::DirEntry)>, Vec<PathBuf>);

pub(super) fn list_record_files(records_dir: &Path) -> Result<RecordFiles, StoreError> {
    let (mut files, mut leftovers) = (Vec::new(), Vec::new());
    match fs::read_dir(records_dir) {
        Ok(entries) => {
            for entry in entries {
                let entry = entry.map_err(io_error(records_dir))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".ron") && !name.starts_with('.') {
                    files.push((name, entry));
                } else if name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp") {
                    leftovers.push(entry.path());
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(records_dir)(e)),
    }
    Ok((files, leftovers))
}

/// Reads the records an interrupted save would change as that save left them
/// (see [`intent::pending`]): a reader sees the whole change, never half of it.
/// Returns whether anything was read so.
fn read_pending(
    records_dir: &Path,
    records: &mut Vec<Arc<Record>>,
    stamps: &mut HashMap<RecordId, Stamp>,
) -> bool {
    let Some(pending) = intent::pending(records_dir) else {
        return false;
    };
    // One pass over the records, whatever the size of the save (a bulk edit's
    // intent names every record).
    let pending: HashMap<RecordId, &intent::Pending> = pending
        .iter()
        .filter_map(|(name, change)| {
            let id = RecordId::new(name.strip_suffix(".ron")?).ok()?;
            Some((id, change))
        })
        .collect();
    records.retain(|r| !pending.contains_key(&r.id));
    for (id, change) in &pending {
        stamps.remove(id);
        if let intent::Pending::Written(temp) = change
            && let Ok(loaded) = load_record_named(temp, id.as_str())
        {
            stamps.insert(id.clone(), loaded.stamp);
            records.push(Arc::new(loaded.record));
        }
    }
    !pending.is_empty()
}

/// Completes the renames a save that died left half done (see [`rename`]): on the
/// records loaded, and on disk when `write`. Returns whether anything changed.
fn finish_renames(
    records_dir: &Path,
    records: &mut Vec<Arc<Record>>,
    stamps: &mut HashMap<RecordId, Stamp>,
    load_errors: &mut Vec<LoadError>,
    write: bool,
) -> bool {
    let intent = records_dir.join(rename::INTENT_FILE);
    let whole_file = |message: String| LoadError {
        path: intent.clone(),
        position: TextPosition { line: 1, col: 1 },
        message,
    };
    let renames = match rename::unfinished(records_dir) {
        Ok(renames) if renames.is_empty() => return false,
        Ok(renames) => renames,
        Err(e) => {
            load_errors.push(whole_file(format!(
                "an interrupted rename could not be read ({e}); the file is left as it is"
            )));
            return false;
        }
    };
    let repair = rename::complete(&renames, records, |id| {
        fs::read(records_dir.join(id.file_name())).ok()
    });
    load_errors.extend(repair.kept.iter().cloned().map(whole_file));
    for id in &repair.remove {
        stamps.remove(id);
    }
    if write {
        let mut done = repair.kept.is_empty();
        for record in records.iter().filter(|r| repair.relinked.contains(&r.id)) {
            // Records read from their files here: their texts are in memory.
            let text = format::record_to_ron(record).unwrap_or_default();
            let path = records_dir.join(record.id.file_name());
            match write_atomically(&path, text.as_bytes(), true) {
                Ok(()) => {
                    stamps.insert(record.id.clone(), Stamp::of(text.as_bytes()));
                }
                Err(e) => {
                    done = false;
                    load_errors.push(whole_file(format!("completing an interrupted rename: {e}")));
                }
            }
        }
        if let Some(root) = records_dir.parent() {
            for r in &renames {
                if let Err(e) = super::attachments::move_record_folder(root, &r.from, &r.to) {
                    done = false;
                    load_errors.push(whole_file(format!(
                        "completing an interrupted rename: moving attachments/{}/: {e}",
                        r.from
                    )));
                }
            }
        }
        for id in &repair.remove {
            let path = records_dir.join(id.file_name());
            if let Err(e) = fs::remove_file(&path).and_then(|()| sync_dir_io(records_dir)) {
                done = false;
                load_errors.push(whole_file(format!(
                    "completing an interrupted rename: {}: {e}",
                    path.display()
                )));
            }
        }
        if done && let Err(e) = rename::finish(records_dir) {
            load_errors.push(whole_file(e.to_string()));
        }
    }
    !repair.remove.is_empty() || !repair.relinked.is_empty()
}

fn sync_dir_io(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir).and_then(|d| d.sync_all())
}

/// How old a temporary file must be to be taken for the remains of a dead save (a
/// younger one may belong to a save still running in another process).
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes the temporary files of saves that died, unless the catalog is read-only
/// or the file is recent; returns what was found and what became of it.
pub(super) fn clean_leftovers(paths: Vec<PathBuf>, read_only: bool) -> Vec<(PathBuf, bool)> {
    paths
        .into_iter()
        .map(|path| {
            let old = fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= LEFTOVER_AGE);
            let removed = !read_only && old && fs::remove_file(&path).is_ok();
            (path, removed)
        })
        .collect()
}

/// Each record file of the catalog at `root` with its key, without reading any: what
/// a search by the saved index checks. `None` when the folder needs a whole open to
/// be read right (not a catalog, an interrupted save to finish, a file whose name
/// is not a record id).
pub fn record_file_keys(root: &Path) -> Option<Vec<(RecordId, FileKey)>> {
    let records_dir = root.join(RECORDS_DIR);
    if !root.join(SETTINGS_FILE).is_file()
        || records_dir.join(rename::INTENT_FILE).exists()
        || records_dir.join(intent::INTENT_FILE).exists()
    {
        return None;
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(&records_dir)
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    let keys: Option<Vec<Option<(RecordId, FileKey)>>> = entries
        .into_par_iter()
        .map(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Some(stem) = name.strip_suffix(".ron").filter(|_| !name.starts_with('.')) else {
                return Some(None);
            };
            let id = RecordId::new(stem).ok()?;
            // The entry's metadata, as opening the catalog takes it (no path lookup).
            let metadata = entry.metadata().ok()?;
            Some(Some((id, FileKey::of(&metadata))))
        })
        .collect();
    Some(keys?.into_iter().flatten().collect())
}

/// A record file read, shared, with its stamp and their side when git left conflict
/// markers (or taken from the cache, the flag), and its key.
type LoadedFile = (
    Result<(Arc<Record>, Stamp, Option<Box<Record>>), LoadError>,
    Option<FileKey>,
    bool,
);

/// A record file read.
pub(super) struct Loaded {
    /// The record (our side, for a file with conflict markers).
    pub(super) record: Record,
    /// The stamp of the file's bytes.
    stamp: Stamp,
    /// Their side, for a file with conflict markers.
    pub(super) theirs: Option<Box<Record>>,
}

impl Loaded {
    /// The stamp of the file's bytes, as the cache keeps it.
    pub(super) fn stamp(&self) -> u64 {
        self.stamp.0
    }
}

/// What became of a record file that changed on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// Nothing to do (Folio's own save, an unchanged file, not a record).
    Unchanged,
    /// The record was read again.
    Reloaded(RecordId),
    /// A new record appeared.
    Added(RecordId),
    /// The record's file was deleted; so is the record.
    Removed(RecordId),
    /// The record has unsaved edits in Folio: the user chooses.
    Conflict(Conflict),
    /// The file cannot be read (reported; the record keeps its version in Folio).
    Unreadable(LoadError),
}

/// Hashed to check that a cache's stamps were made by the same stamp function.
pub(super) const STAMP_CHECK: &[u8] = b"folio: records stamped by content";

/// The cache of a catalog opened with one.
#[derive(Debug)]
struct CacheState {
    path: PathBuf,
    stale: bool,
    from_cache: usize,
}

/// Reads `catalog.ron`; a newer format is read leniently and reported as `Some(version)`.
pub(super) fn read_settings(
    path: &Path,
    text: &str,
) -> Result<(CatalogSettings, Option<u32>), StoreError> {
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        format_version: u32,
    }
    #[derive(serde::Deserialize)]
    struct Lenient {
        format_version: u32,
        #[serde(default)]
        name: String,
        #[serde(default)]
        description: String,
        #[serde(default)]
        archive_name: String,
    }
    let bad = |e: format::RonError| StoreError::BadSettings {
        path: path.to_owned(),
        position: e.position,
        message: e.message,
    };
    // Peek at the version first: a newer catalog may have fields this build does not know.
    let version = ron::Options::default()
        .from_str::<ron::Value>(text)
        .ok()
        .and_then(|v| v.into_rust::<VersionOnly>().ok())
        .map(|v| v.format_version);
    match version {
        Some(v) if v > FORMAT_VERSION => {
            let lenient: Lenient = ron::from_str(text).map_err(|e| StoreError::BadSettings {
                path: path.to_owned(),
                position: TextPosition {
                    line: e.span.start.line,
                    col: e.span.start.col,
                },
                message: e.code.to_string(),
            })?;
            let settings = CatalogSettings {
                format_version: lenient.format_version,
                name: lenient.name,
                description: lenient.description,
                archive_name: lenient.archive_name,
                base_url: String::new(),
                oai_repository: String::new(),
                names: Vec::new(),
                // Read-only: nothing here is ever written back.
                saved_searches: Vec::new(),
            };
            Ok((settings, Some(v)))
        }
        _ => Ok((format::settings_from_ron(text).map_err(bad)?, None)),
    }
}

pub(super) fn load_record(path: &Path) -> Result<Loaded, LoadError> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    load_record_named(path, &stem)
}

/// Reads a record file whose record's id must be `stem` (its file name's, or the
/// name it is about to take).
fn load_record_named(path: &Path, stem: &str) -> Result<Loaded, LoadError> {
    let whole_file = |message: String| LoadError {
        path: path.to_owned(),
        position: TextPosition { line: 1, col: 1 },
        message,
    };
    // A link could make Folio read (and a save replace) something outside the catalog.
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(whole_file(
            "is a symbolic link; Folio reads only plain files in records/, so that nothing outside the catalog is read or written"
                .to_owned(),
        ));
    }
    let bytes = read_record_file(path).map_err(whole_file)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, col) = line_col(bytes.get(..e.valid_up_to()).unwrap_or(&[]));
        LoadError {
            path: path.to_owned(),
            position: TextPosition { line, col },
            message: "the file is not valid UTF-8 text".to_owned(),
        }
    })?;
    // Some editors start a file with a byte order mark: read past it (a save writes
    // the file without one, as `folio fmt` would).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (record, theirs) = match format::record_from_ron(text) {
        Ok(record) => (record, None),
        Err(e) => match text.lines().position(|l| l.starts_with("<<<<<<<")) {
            // A merge stopped on fields both branches changed: both sides read.
            Some(_) if let Some(conflicted) = super::conflicted::Conflicted::read(text) => {
                (conflicted.ours, Some(Box::new(conflicted.theirs)))
            }
            Some(line) => {
                return Err(LoadError {
                    path: path.to_owned(),
                    position: TextPosition {
                        line: line + 1,
                        col: 1,
                    },
                    message: "holds git merge conflict markers (<<<<<<<) and its two versions do not both read as records: finish the merge in a text editor (keep one version), then Folio reads it again; the file is left as it is".to_owned(),
                });
            }
            None => {
                return Err(LoadError {
                    path: path.to_owned(),
                    position: e.position,
                    message: e.message,
                });
            }
        },
    };
    if record.id.as_str() != stem {
        return Err(LoadError {
            path: path.to_owned(),
            position: format::field_position(text, "id"),
            message: format!(
                "the record's id \"{}\" does not match its file name (expected \"{stem}\")",
                record.id
            ),
        });
    }
    Ok(Loaded {
        record,
        stamp: Stamp::of(&bytes),
        theirs,
    })
}

/// A record file with conflict markers, as a file not loaded: where the first
/// marker is, the fields in conflict, and what to do.
pub(super) fn unfinished_merge_error(merge: &UnfinishedMerge) -> LoadError {
    LoadError {
        path: merge.path.clone(),
        position: TextPosition {
            line: merge.line,
            col: 1,
        },
        message: format!(
            "{}; finish the merge first (in Folio: Show both), then git add the file",
            merge.message()
        ),
    }
}

/// The line of a file's first conflict marker (1 when it has none, or cannot be read).
pub(super) fn first_marker_line(path: &Path) -> usize {
    fs::read_to_string(path)
        .ok()
        .and_then(|text| text.lines().position(|l| l.starts_with("<<<<<<<")))
        .map_or(1, |line| line + 1)
}

/// Reads one record file for a command that only reads: a file with git's
/// conflict markers is an error (with its fields), never one of its sides.
pub fn read_whole_record(path: &Path) -> Result<Record, LoadError> {
    let loaded = load_record(path)?;
    match loaded.theirs {
        None => Ok(loaded.record),
        Some(theirs) => Err(unfinished_merge_error(&UnfinishedMerge {
            id: loaded.record.id.clone(),
            path: path.to_owned(),
            line: first_marker_line(path),
            fields: crate::model::Field::differing(&loaded.record, &theirs),
        })),
    }
}

/// The largest record file Folio reads. A record is metadata and text; the longest
/// translations are a few megabytes. A file far beyond that is a mistake (a dump or a
/// scan saved under `records/`), and reading it would stall the app and take memory
/// for nothing, so it is reported instead.
pub const MAX_RECORD_BYTES: u64 = 64_000_000;

/// Reads a record file, refusing one larger than [`MAX_RECORD_BYTES`] before reading it.
fn read_record_file(path: &Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            format!("cannot be read: permission denied ({e}); check the file's permissions")
        }
        _ => format!("cannot be read: {e}"),
    };
    let mut file = fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > MAX_RECORD_BYTES {
        return Err(format!(
            "is {} MB; a record file may be at most {} MB, so it was not read (put scans and other large files in attachments/)",
            size / 1_000_000,
            MAX_RECORD_BYTES / 1_000_000
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot)?;
    Ok(bytes)
}

fn line_col(valid: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(valid);
    let line = text.matches('\n').count() + 1;
    let col = text
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// Writes `bytes` to `path` atomically: a temp file in the same folder, fsync, rename,
/// then fsync of the folder. With `replace` false, an existing file is never replaced.
pub fn write_atomically(path: &Path, bytes: &[u8], replace: bool) -> Result<(), StoreError> {
    write_atomically_with(path, replace, |file| file.write_all(bytes))
}

/// As [`write_atomically`], for bytes that `write` produces a part at a time (an
/// export too large to hold in memory): nothing is at `path` until all are written.
/// An error of `write`'s leaves `path` as it was.
pub fn write_atomically_with(
    path: &Path,
    replace: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let mut temp = temp_file_for(path)?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, temp.as_file_mut());
        write(&mut buffered).map_err(not_written(path))?;
        buffered.flush().map_err(not_written(path))?;
    }
    temp.as_file().sync_all().map_err(not_written(path))?;
    if replace {
        temp.persist(path).map_err(|e| not_written(path)(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Exists(path.to_owned())
            } else {
                not_written(path)(e.error)
            }
        })?;
    }
    sync_dir(parent_dir(path))
}

/// A bare file name (`x.csv`) has the empty path for parent: the working folder.
fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A new temporary file beside `path`, to become it: in the same folder (so that
/// the rename is atomic), named as Folio's own, with the permissions `path` has (or
/// a new file would get).
pub(crate) fn temp_file_for(path: &Path) -> Result<tempfile::NamedTempFile, StoreError> {
    let dir = parent_dir(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    // Not tempfile's private 0600, which would silently lock colleagues out of a
    // shared catalog.
    #[cfg(unix)]
    let existing = fs::metadata(path).ok().map(|m| m.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(dir).map_err(not_written(path))?;
    #[cfg(unix)]
    if let Some(permissions) = existing {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(not_written(path))?;
    }
    Ok(temp)
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    // A rename is durable only once the directory entry is on disk.
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(dir))
}

impl CatalogFolder {
    /// How many records came from the cache rather than their files.
    pub fn records_from_cache(&self) -> usize {
        self.cache.as_ref().map_or(0, |c| c.from_cache)
    }

    /// The cache to write after opening, when it is missing or out of date (run it on
    /// a background thread in the app; the command line runs it before exiting).
    pub fn cache_writer(&self, catalog: &Catalog) -> Option<CacheWriter> {
        let cache = self.cache.as_ref().filter(|c| c.stale)?;
        let items = catalog
            .records()
            .filter(|r| !catalog.dirty().contains(&r.id))
            .filter_map(|r| {
                Some(CacheItem {
                    file: r.id.file_name(),
                    key: *self.keys.get(&r.id)?,
                    stamp: self.stamps.get(&r.id)?.0,
                    record: catalog.get_shared(&r.id)?,
                })
            })
            .collect();
        Some(CacheWriter {
            path: cache.path.clone(),
            items,
            stamp_check: Stamp::of(STAMP_CHECK).0,
        })
    }

    /// Where to keep this catalog's search index, with the keys of the record files
    /// it may trust: `None` when the catalog is not cached (no cache folder, too
    /// small, or repaired in memory only).
    pub fn index_cache(&self, catalog: &Catalog) -> Option<IndexCache> {
        let cache = self.cache.as_ref()?;
        Some(IndexCache::new(
            cache.path.with_extension("index"),
            Arc::clone(&self.keys),
            catalog.dirty().clone(),
        ))
    }

    /// The catalog folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file of a record.
    pub fn record_path(&self, id: &RecordId) -> PathBuf {
        self.root.join(RECORDS_DIR).join(id.file_name())
    }

    /// Brings the catalog in step with a record file changed outside Folio: a record
    /// without unsaved edits is reloaded (or added, or removed); one with unsaved
    /// edits becomes a conflict, for the user to choose. A file that cannot be read
    /// (a merge in progress, a typo) is reported and never touched; the record keeps
    /// its version in Folio.
    pub fn refresh_file(&mut self, catalog: &mut Catalog, path: &Path) -> Refresh {
        let Some(id) = path
            .file_stem()
            .and_then(|s| RecordId::new(s.to_string_lossy()).ok())
        else {
            return Refresh::Unchanged;
        };
        let dirty = catalog.dirty().contains(&id);
        let conflict = |kind| Conflict {
            id: id.clone(),
            path: path.to_owned(),
            kind,
        };
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.load_errors.retain(|e| e.path != path);
                if !catalog.contains(&id) || !self.stamps.contains_key(&id) {
                    return Refresh::Unchanged;
                }
                if dirty {
                    return Refresh::Conflict(conflict(ConflictKind::DeletedOnDisk));
                }
                self.stamps.remove(&id);
                catalog.forget_record(&id);
                return Refresh::Removed(id);
            }
            Err(_) => return Refresh::Unchanged,
        };
        if self.stamps.get(&id) == Some(&Stamp::of(&bytes)) {
            // Folio's own save, or a touch.
            return Refresh::Unchanged;
        }
        if dirty {
            return Refresh::Conflict(conflict(ConflictKind::ChangedOnDisk));
        }
        self.load_errors.retain(|e| e.path != path);
        match load_record(path) {
            Ok(loaded) => {
                let existed = catalog.contains(&id);
                self.stamps.insert(id.clone(), loaded.stamp);
                catalog.reload_record(loaded.record);
                if let Some(theirs) = loaded.theirs {
                    let conflict = conflict(ConflictKind::MergeConflict);
                    self.merge_conflicts.insert(id, theirs);
                    return Refresh::Conflict(conflict);
                }
                self.merge_conflicts.remove(&id);
                if existed {
                    Refresh::Reloaded(id)
                } else {
                    Refresh::Added(id)
                }
            }
            Err(error) => {
                self.load_errors.push(error.clone());
                Refresh::Unreadable(error)
            }
        }
    }

    /// Re-reads `catalog.ron` after a change outside Folio; true when the settings
    /// changed. An unreadable file is reported and the settings in Folio kept.
    pub fn refresh_settings(&self, catalog: &mut Catalog) -> Result<bool, StoreError> {
        let path = self.root.join(SETTINGS_FILE);
        let text = fs::read_to_string(&path).map_err(io_error(&path))?;
        let (settings, newer) = read_settings(&path, &text)?;
        if newer.is_some() || &settings == catalog.settings() {
            return Ok(false);
        }
        catalog.set_settings(settings);
        Ok(true)
    }

    /// Keeps the catalog's lock for as long as this folder lives.
    pub(crate) fn hold_lock(&mut self, lock: super::lock::CatalogLock) {
        self.lock = Some(lock);
    }

    /// Records whose file holds git's conflict markers (a merge stopped on them):
    /// where, and the fields their two sides hold differently, by id.
    pub fn merge_conflicts(&self, catalog: &Catalog) -> Vec<UnfinishedMerge> {
        let mut conflicts: Vec<_> = self
            .merge_conflicts
            .iter()
            .filter_map(|(id, theirs)| {
                let ours = catalog.get(id)?;
                let path = self.record_path(id);
                Some(UnfinishedMerge {
                    id: id.clone(),
                    line: first_marker_line(&path),
                    path,
                    fields: crate::model::Field::differing(ours, theirs),
                })
            })
            .collect();
        conflicts.sort_by(|a, b| a.id.cmp(&b.id));
        conflicts
    }

    /// Takes the records whose file holds git's conflict markers out of `catalog`,
    /// and counts their files among those not loaded (their place and fields
    /// said): what a command that reads the catalog does, so that nothing reads one
    /// side of an unfinished merge as if it were the record. Returns how many.
    pub fn leave_out_unfinished_merges(&mut self, catalog: &mut Catalog) -> usize {
        let merges = self.merge_conflicts(catalog);
        for merge in &merges {
            catalog.forget_record(&merge.id);
            self.merge_conflicts.remove(&merge.id);
            self.stamps.remove(&merge.id);
            self.load_errors.push(unfinished_merge_error(merge));
        }
        self.load_errors.sort_by(|a, b| a.path.cmp(&b.path));
        merges.len()
    }

    /// Whether the file of `id` holds git's conflict markers.
    pub fn has_merge_conflict(&self, id: &RecordId) -> bool {
        self.merge_conflicts.contains_key(id)
    }

    /// Record files that could not be loaded.
    pub fn load_errors(&self) -> &[LoadError] {
        &self.load_errors
    }

    /// Temporary files left by saves that never finished, found at open: `true` when
    /// removed, `false` when left (too recent, or the catalog is read-only). They are
    /// never read as records.
    pub fn leftover_temp_files(&self) -> &[(PathBuf, bool)] {
        &self.leftover_temp_files
    }

    /// Saves every dirty record: writes changed and new ones, removes the files of
    /// deleted and renamed ones, moves a renamed record's attachments. Records whose
    /// file changed on disk are not written: they are reported as conflicts and stay
    /// dirty. The rest is written all or nothing: one file atomically, several under
    /// an intent (see [`super::intent`]).
    pub fn save(&mut self, catalog: &mut Catalog) -> SaveReport {
        self.save_except(catalog, &BTreeSet::new())
    }

    /// As [`FolderStore::save`], leaving the records of `kept` unsaved (and the file
    /// a record of them was renamed from, which must stay until the record is
    /// written under its new name).
    pub fn save_except(&mut self, catalog: &mut Catalog, kept: &BTreeSet<RecordId>) -> SaveReport {
        let mut report = SaveReport::default();
        if catalog.read_only().is_some() {
            return report;
        }
        let renamed_from_kept: BTreeSet<RecordId> =
            crate::store::rename::net_renames(catalog.renames())
                .into_iter()
                .filter(|(_, to)| kept.contains(to))
                .map(|(from, _)| from)
                .collect();
        let dirty: Vec<RecordId> = catalog
            .dirty()
            .iter()
            .filter(|id| !kept.contains(*id) && !renamed_from_kept.contains(*id))
            .cloned()
            .collect();
        let (present, absent): (Vec<_>, Vec<_>) =
            dirty.into_iter().partition(|id| catalog.contains(id));
        // Records are written in this build's format: `catalog.ron` says so first, so
        // that an older Folio opens the catalog read-only rather than fail on them.
        if !present.is_empty()
            && catalog.settings().format_version < RECORDS_FORMAT_VERSION
            && let Err(e) = self.upgrade_format(catalog)
        {
            report.fail_all(&present, e);
            return report;
        }
        let records_dir = self.root.join(RECORDS_DIR);
        // Git keeps no empty folder: a clone of a catalog without records yet, or a
        // checkout of a branch that has none, has no `records/`.
        if !present.is_empty()
            && let Err(source) = fs::create_dir_all(&records_dir)
        {
            report.fail_all(
                &present,
                StoreError::NotWritten {
                    path: records_dir,
                    source,
                },
            );
            return report;
        }
        let mut planned: Vec<(RecordId, Planned)> = Vec::new();
        for id in present.iter().chain(absent.iter()) {
            match self.plan_one(catalog, id) {
                Ok(Planned::Unchanged) => catalog.mark_saved(id),
                Ok(plan) => planned.push((id.clone(), plan)),
                Err(SaveFailure::Conflict(kind)) => report.conflicts.push(Conflict {
                    id: id.clone(),
                    path: self.record_path(id),
                    kind,
                }),
                Err(SaveFailure::Store(e)) => report.failed.push((id.clone(), e)),
            }
        }
        let moves = self.plan_moves(catalog, &mut planned, &mut report);
        let batch = Batch {
            // The texts move into the batch (a bulk edit's can be hundreds of
            // megabytes); the plan keeps their stamps.
            writes: planned
                .iter_mut()
                .filter_map(|(id, plan)| match plan {
                    Planned::Write { text, before, .. } => Some(FileWrite {
                        name: id.file_name(),
                        bytes: std::mem::take(text).into_bytes(),
                        before: before.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            removals: planned
                .iter()
                .filter_map(|(id, plan)| match plan {
                    Planned::Remove { before, .. } => Some(FileRemoval {
                        name: id.file_name(),
                        before: before.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            moves,
        };
        let written = match (
            &batch.writes[..],
            &batch.removals[..],
            batch.moves.is_empty(),
        ) {
            (_, _, _) if batch.is_empty() => Ok(()),
            // One file alone is atomic by itself: no intent needed.
            ([write], [], true) => {
                let path = records_dir.join(&write.name);
                write_atomically(&path, &write.bytes, write.before.is_some())
            }
            ([], [removal], true) => {
                let path = records_dir.join(&removal.name);
                fs::remove_file(&path)
                    .map_err(io_error(&path))
                    .and_then(|()| sync_dir(&records_dir))
            }
            _ => intent::apply(&self.root, &batch),
        };
        match written {
            Ok(()) => {
                for (id, plan) in planned {
                    match plan {
                        Planned::Write { stamp, .. } => {
                            self.stamps.insert(id.clone(), stamp);
                            report.written.push(id.clone());
                        }
                        Planned::Remove { .. } => {
                            self.stamps.remove(&id);
                            report.removed.push(id.clone());
                        }
                        Planned::Unchanged => {}
                    }
                    catalog.mark_saved(&id);
                }
            }
            // A new file where none was expected: someone else's, never overwritten.
            Err(StoreError::Exists(path)) => {
                for (id, _) in planned {
                    report.conflicts.push(Conflict {
                        id,
                        path: path.clone(),
                        kind: ConflictKind::FileExists,
                    });
                }
            }
            Err(e) => {
                let ids: Vec<RecordId> = planned.into_iter().map(|(id, _)| id).collect();
                report.fail_all(&ids, e);
            }
        }
        if report.is_complete() {
            catalog.clear_renames();
        }
        report
    }

    /// The attachment folders this save moves with their renamed records. A rename
    /// whose new file is not written now (a conflict) keeps its old file too; one
    /// whose new id's folder already holds other files is not saved at all (moving
    /// into it would mix two records' scans), and is reported.
    fn plan_moves(
        &self,
        catalog: &Catalog,
        planned: &mut Vec<(RecordId, Planned)>,
        report: &mut SaveReport,
    ) -> Vec<(RecordId, RecordId)> {
        let renames = rename::net_renames(catalog.renames());
        let written = |planned: &[(RecordId, Planned)], id: &RecordId| {
            planned
                .iter()
                .any(|(p, plan)| p == id && matches!(plan, Planned::Write { .. }))
        };
        let mut moves = Vec::new();
        for (from, to) in renames {
            if !catalog.contains(&to) || catalog.contains(&from) {
                continue;
            }
            let unsaved_target = report.conflicts.iter().any(|c| c.id == to)
                || report.failed.iter().any(|(id, _)| *id == to);
            let taken = super::attachments::folder_taken(&self.root, &from, &to);
            if unsaved_target || taken {
                planned.retain(|(id, _)| *id != from && *id != to);
                if taken && !unsaved_target {
                    let folder = self.root.join(ATTACHMENTS_DIR).join(to.as_str());
                    report
                        .failed
                        .push((to, StoreError::AttachmentsTaken { from, folder }));
                }
                continue;
            }
            let folder = self.root.join(ATTACHMENTS_DIR).join(from.as_str());
            if folder.is_dir() && (written(planned, &to) || !self.stamps.contains_key(&from)) {
                moves.push((from, to));
            }
        }
        moves
    }

    /// What saving one record asks of its file, once checked that nobody else
    /// changed it.
    fn plan_one(&self, catalog: &Catalog, id: &RecordId) -> Result<Planned, SaveFailure> {
        let path = self.record_path(id);
        if self.merge_conflicts.contains_key(id) {
            return Err(SaveFailure::Conflict(ConflictKind::MergeConflict));
        }
        let known = self.stamps.get(id).copied();
        match (catalog.get(id), known) {
            (Some(record), known) => {
                let text = format::record_to_ron(record).map_err(|e| {
                    SaveFailure::Store(StoreError::NotWritten {
                        path: path.clone(),
                        source: std::io::Error::other(e),
                    })
                })?;
                let stamp = Stamp::of(text.as_bytes());
                if known == Some(stamp) {
                    return Ok(Planned::Unchanged);
                }
                let before = match known {
                    Some(known) => Some(self.check_unchanged(&path, known)?),
                    None if path.exists() => {
                        return Err(SaveFailure::Conflict(ConflictKind::FileExists));
                    }
                    None => None,
                };
                Ok(Planned::Write {
                    text,
                    stamp,
                    before,
                })
            }
            (None, Some(known)) => Ok(Planned::Remove {
                before: self.check_unchanged(&path, known)?,
            }),
            (None, None) => Ok(Planned::Unchanged),
        }
    }

    /// Checks that the file still holds what Folio read or wrote; the stamp of its
    /// bytes for an intent.
    fn check_unchanged(&self, path: &Path, stamp: Stamp) -> Result<String, SaveFailure> {
        match fs::read(path) {
            Ok(bytes) if Stamp::of(&bytes) == stamp => Ok(intent::stamp(&bytes)),
            Ok(_) => Err(SaveFailure::Conflict(ConflictKind::ChangedOnDisk)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(SaveFailure::Conflict(ConflictKind::DeletedOnDisk))
            }
            Err(e) => Err(SaveFailure::Store(io_error(path)(e))),
        }
    }

    /// Marks clean the changed records that are again exactly what their file holds
    /// (an edit undone), or that were added and removed again without a save: so
    /// undoing back to the saved state leaves nothing unsaved.
    pub fn forget_undone_changes(&self, catalog: &mut Catalog) {
        let dirty: Vec<RecordId> = catalog.dirty().iter().cloned().collect();
        for id in dirty {
            let saved = match (catalog.get(&id), self.stamps.get(&id)) {
                (Some(record), Some(stamp)) => {
                    format::record_to_ron(record).is_ok_and(|t| Stamp::of(t.as_bytes()) == *stamp)
                }
                (None, None) => true,
                _ => false,
            };
            if saved {
                catalog.mark_saved(&id);
            }
        }
    }

    /// Resolves a conflict by keeping the in-memory version: the disk's current
    /// content becomes the base, so the next save overwrites it.
    pub fn keep_mine(&mut self, id: &RecordId) -> Result<(), StoreError> {
        self.merge_conflicts.remove(id);
        let path = self.record_path(id);
        match fs::read(&path) {
            Ok(bytes) => {
                self.stamps.insert(id.clone(), Stamp::of(&bytes));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.stamps.remove(id);
            }
            Err(e) => return Err(io_error(&path)(e)),
        }
        Ok(())
    }

    /// Reads the version on disk of a record in conflict, to compare it with the one
    /// in memory and merge the two field by field (see [`Self::accept_disk_version`]).
    pub fn disk_version(&self, id: &RecordId) -> Result<DiskVersion, LoadError> {
        let path = self.record_path(id);
        if fs::symlink_metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            return Ok(DiskVersion {
                record: None,
                stamp: None,
            });
        }
        let loaded = load_record(&path)?;
        // A file with conflict markers: their side (ours is in the catalog).
        let record = loaded.theirs.map_or(loaded.record, |theirs| *theirs);
        Ok(DiskVersion {
            record: Some(record),
            stamp: Some(loaded.stamp),
        })
    }

    /// Resolves a conflict against `disk`: the next save of the record replaces
    /// exactly that version (after the caller merged from it). If the file changed
    /// again since `disk` was read, that save reports a new conflict instead.
    pub fn accept_disk_version(&mut self, id: &RecordId, disk: &DiskVersion) {
        self.merge_conflicts.remove(id);
        match disk.stamp {
            Some(stamp) => {
                self.stamps.insert(id.clone(), stamp);
            }
            None => {
                self.stamps.remove(id);
            }
        }
    }

    /// Resolves a conflict by taking the disk's version of the record (or its
    /// deletion), discarding the in-memory changes of that record.
    pub fn take_theirs(&mut self, catalog: &mut Catalog, id: &RecordId) -> Result<(), LoadError> {
        let path = self.record_path(id);
        if !path.exists() {
            self.stamps.remove(id);
            catalog.forget_record(id);
            return Ok(());
        }
        let loaded = load_record(&path)?;
        self.stamps.insert(id.clone(), loaded.stamp);
        match loaded.theirs {
            // Their side, written as a clean file by the next save.
            Some(theirs) => {
                catalog.reload_record(*theirs);
                catalog.mark_changed(id);
                self.merge_conflicts.remove(id);
            }
            None => catalog.reload_record(loaded.record),
        }
        Ok(())
    }

    /// Says in `catalog.ron` that the records are in this build's format.
    fn upgrade_format(&self, catalog: &mut Catalog) -> Result<(), StoreError> {
        let mut settings = catalog.settings().clone();
        settings.format_version = settings.format_version.max(RECORDS_FORMAT_VERSION);
        self.save_settings(&settings)?;
        catalog.set_settings(settings);
        Ok(())
    }

    /// Writes `catalog.ron` (after a change of the catalog's settings).
    pub fn save_settings(&self, settings: &CatalogSettings) -> Result<(), StoreError> {
        let path = self.root.join(SETTINGS_FILE);
        write_atomically(&path, format::settings_to_ron(settings).as_bytes(), true)
    }
}

/// What saving one record asks of its file.
enum Planned {
    /// Write this text (its stamp), over a file holding `before` (none: a new file).
    Write {
        text: String,
        stamp: Stamp,
        before: Option<String>,
    },
    /// Remove the file, holding `before`.
    Remove { before: String },
    /// Nothing: the file holds it already.
    Unchanged,
}

enum SaveFailure {
    Conflict(ConflictKind),
    Store(StoreError),
}
