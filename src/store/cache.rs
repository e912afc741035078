//! A cache of parsed records, outside the catalog folder (under the user's cache
//! directory), so that reopening a big unchanged catalog does not parse every file.
//!
//! Each entry is keyed by its file name and validated by the file's size, modification
//! time, change time and inode: any difference and the file is read again. An entry
//! whose file changed within [`RACY_SECONDS`] of the cache being written is never
//! trusted (a file changed twice in the same clock tick keeps its times). The cache is
//! only ever a copy: deleting it loses nothing.
//!
//! Layout: the magic bytes, then each record as MessagePack (named fields, so the
//! record's serde attributes hold), then a table of entries (MessagePack), then the
//! table's offset (8 bytes, little-endian) and the magic again.
//!
//! A record is kept in two parts: the record without its texts, then its texts
//! (LZ4-compressed: the cache is then smaller than the record files).
//! Opening a catalog reads the first part alone and leaves the texts in the cache
//! file, to be read when they are wanted (see [`crate::model::Texts`]): they are
//! most of a record, and needed only for the record shown and for indexing.

use std::collections::HashMap;
use std::fs::Metadata;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{Record, StoredTexts, Text, Texts, TextsError};

// 03: records in two parts, the texts apart and compressed.
const MAGIC: &[u8; 8] = b"FOLIOC03";
/// Files changed this close to the cache's writing are read again.
pub const RACY_SECONDS: i64 = 2;

/// A file name standing for the catalog at `root` (wherever it is reached from), for
/// the files Folio keeps about a catalog outside it (cache, journal).
pub fn catalog_key(root: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    // FNV-1a: stable across Rust versions and runs, unlike the standard hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in root.to_string_lossy().as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("catalog-{hash:016x}")
}

/// Where caches go, and from which size a catalog is worth caching.
#[derive(Debug, Clone)]
pub struct CacheOptions {
    /// The cache folder.
    pub dir: PathBuf,
    /// Catalogs with fewer records are not cached (they open in milliseconds).
    pub min_records: usize,
}

impl CacheOptions {
    /// `$FOLIO_CACHE_DIR`, or the user's cache directory + `folio`; catalogs of 2,000
    /// records or more.
    pub fn default_location() -> Option<CacheOptions> {
        let dir = std::env::var_os("FOLIO_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::cache_dir().map(|d| d.join("folio")))?;
        Some(CacheOptions {
            dir,
            min_records: 2_000,
        })
    }

    /// The cache file of the catalog at `root`.
    pub fn file_for(&self, root: &Path) -> PathBuf {
        self.dir.join(format!("{}.cache", catalog_key(root)))
    }

    /// The saved search index of the catalog at `root`.
    pub fn index_file_for(&self, root: &Path) -> PathBuf {
        self.dir.join(format!("{}.index", catalog_key(root)))
    }
}

/// What the cache folder holds for one catalog: its files (the records cache, the
/// saved search index, and any part of them a killed write left) and their sizes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheUsage {
    /// Each file and its size in bytes.
    pub files: Vec<(PathBuf, u64)>,
}

impl CacheUsage {
    /// The bytes of every file.
    pub fn total(&self) -> u64 {
        self.files.iter().map(|(_, size)| size).sum()
    }

    /// The bytes of the saved search index.
    pub fn index(&self) -> u64 {
        self.files
            .iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "index"))
            .map(|(_, size)| size)
            .sum()
    }
}

/// The bytes of the record files of the catalog at `root` (what the cache stands
/// for; 0 when they cannot be read).
pub fn record_files_size(root: &Path) -> u64 {
    std::fs::read_dir(root.join(super::folder::RECORDS_DIR))
        .map(|read| {
            read.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

impl CacheOptions {
    /// What the cache holds for the catalog at `root` (nothing when the folder does
    /// not exist yet).
    pub fn usage(&self, root: &Path) -> std::io::Result<CacheUsage> {
        let prefix = format!("{}.", catalog_key(root));
        let read = match std::fs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(CacheUsage::default());
            }
            Err(e) => return Err(e),
        };
        let mut files = Vec::new();
        for entry in read {
            let entry = entry?;
            if !entry.file_name().to_string_lossy().starts_with(&prefix) {
                continue;
            }
            let metadata = entry.metadata()?;
            if metadata.is_file() {
                files.push((entry.path(), metadata.len()));
            }
        }
        files.sort();
        Ok(CacheUsage { files })
    }

    /// Removes what the cache holds for the catalog at `root`; the bytes freed.
    /// Safe at any time: the cache is derived from the record files, and the next
    /// open reads the records and writes it again.
    pub fn clear(&self, root: &Path) -> std::io::Result<u64> {
        let usage = self.usage(root)?;
        for (path, _) in &usage.files {
            match std::fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(usage.total())
    }
}

/// What opening a catalog leaves for its saved search index (see
/// [`crate::search::persist`]): where it is, and the key of each record's file as
/// read (records whose file does not hold what is in memory are left out).
#[derive(Debug, Clone)]
pub struct IndexCache {
    /// The index file.
    pub path: PathBuf,
    /// Per record, its file's key when read (shared with the open folder).
    keys: std::sync::Arc<HashMap<crate::model::RecordId, FileKey>>,
    /// Records whose file does not hold what is in memory (unsaved edits).
    untrusted: std::collections::BTreeSet<crate::model::RecordId>,
}

impl IndexCache {
    /// Where the index is kept and what it may trust: `keys` but for `untrusted`.
    pub fn new(
        path: PathBuf,
        keys: std::sync::Arc<HashMap<crate::model::RecordId, FileKey>>,
        untrusted: std::collections::BTreeSet<crate::model::RecordId>,
    ) -> IndexCache {
        IndexCache {
            path,
            keys,
            untrusted,
        }
    }

    /// The key of the record `id`'s file, when its file holds what is in memory.
    pub fn key(&self, id: &crate::model::RecordId) -> Option<FileKey> {
        if self.untrusted.contains(id) {
            return None;
        }
        self.keys.get(id).copied()
    }
}

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the epoch.
    pub modified: i128,
    /// Inode change time (Unix), nanoseconds; 0 elsewhere.
    pub changed: i128,
    /// Inode number (Unix); 0 elsewhere.
    pub inode: u64,
}

impl FileKey {
    /// The key of a file from its metadata.
    pub fn of(metadata: &Metadata) -> FileKey {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(metadata.ctime()) * 1_000_000_000 + i128::from(metadata.ctime_nsec()),
                metadata.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed, inode) = (0, 0);
        FileKey {
            len: metadata.len(),
            modified,
            changed,
            inode,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct TableEntry {
    file: String,
    key: FileKey,
    stamp: u64,
    offset: u64,
    len: u64,
    /// The length of the first part: the record without its texts.
    skeleton: u64,
    /// How many texts the record has.
    texts: u32,
    /// Whether they are all blank.
    blank: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct Table {
    /// The folio version that wrote the cache; another version reads the files.
    version: String,
    /// `Stamp` of a fixed text: if the stamp function changed, the cache is useless.
    stamp_check: u64,
    /// When the cache was written, seconds since the epoch.
    written: i64,
    entries: Vec<TableEntry>,
}

/// A cache file opened for reading.
pub struct CacheReader {
    cache: Arc<CacheFile>,
    entries: HashMap<String, TableEntry>,
    written: i64,
}

/// The cache file that records opened from it read their texts from. Kept open for
/// as long as one of them is: a newer cache renamed over it leaves this one readable.
struct CacheFile {
    file: std::fs::File,
    path: PathBuf,
}

impl CacheFile {
    fn remove_if_in_place(&self) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let same = |a: &Metadata, b: &Metadata| a.dev() == b.dev() && a.ino() == b.ino();
            if let (Ok(ours), Ok(there)) = (self.file.metadata(), std::fs::metadata(&self.path))
                && same(&ours, &there)
            {
                let _ = std::fs::remove_file(&self.path);
            }
        }
    }
}

/// A record's texts left in the cache file.
struct CachedTexts {
    cache: Arc<CacheFile>,
    offset: u64,
    len: u32,
    count: u32,
    blank: bool,
}

impl StoredTexts for CachedTexts {
    fn load(&self) -> Result<Vec<Text>, TextsError> {
        let error = |reason: String| TextsError {
            place: format!("the records cache {}", self.cache.path.display()),
            reason,
        };
        let mut bytes = vec![0u8; self.len as usize];
        let read = read_at(&self.cache.file, &mut bytes, self.offset)
            .map_err(|e| e.to_string())
            .and_then(|()| decode_texts(&bytes));
        read.map_err(|reason| {
            // A damaged cache is only a copy: removed, so that the next open reads the
            // record files (unless a newer cache has taken its place since).
            self.cache.remove_if_in_place();
            error(reason)
        })
    }

    fn count(&self) -> usize {
        self.count as usize
    }

    fn all_blank(&self) -> bool {
        self.blank
    }
}

/// The texts of a record as the cache keeps them.
fn encode_texts(texts: &[Text], out: &mut Vec<u8>) -> std::io::Result<()> {
    let plain = rmp_serde::to_vec_named(texts).map_err(std::io::Error::other)?;
    out.extend_from_slice(&lz4_flex::compress_prepend_size(&plain));
    Ok(())
}

fn decode_texts(bytes: &[u8]) -> Result<Vec<Text>, String> {
    let (size, compressed) = bytes
        .split_first_chunk::<4>()
        .ok_or("the entry is cut short")?;
    let size = u32::from_le_bytes(*size) as usize;
    // LZ4 never shrinks data more than 255 times: a larger size is damage, not
    // something to allocate.
    if size > compressed.len().saturating_mul(255) {
        return Err("the entry is damaged".to_owned());
    }
    let plain = lz4_flex::decompress(compressed, size).map_err(|e| e.to_string())?;
    rmp_serde::from_slice(&plain).map_err(|e| e.to_string())
}

/// A record encoded for the cache, in its two parts.
pub struct EncodedRecord {
    /// The record without its texts, then its texts.
    bytes: Vec<u8>,
    /// The length of the first part.
    skeleton: u64,
    texts: u32,
    blank: bool,
}

impl EncodedRecord {
    /// Encodes `record`, its texts read if they are left in a store.
    pub fn of(record: &Record) -> std::io::Result<EncodedRecord> {
        let texts = record.texts.load().map_err(std::io::Error::other)?;
        let mut skeleton = record.clone();
        skeleton.texts = Texts::default();
        let mut bytes = rmp_serde::to_vec_named(&skeleton).map_err(std::io::Error::other)?;
        let skeleton = bytes.len() as u64;
        encode_texts(&texts, &mut bytes)?;
        Ok(EncodedRecord {
            bytes,
            skeleton,
            texts: u32::try_from(texts.len()).unwrap_or(u32::MAX),
            blank: texts.iter().all(|t| t.body.trim().is_empty()),
        })
    }
}

impl CacheReader {
    /// Opens the cache at `path`; `None` when it is missing, damaged or from another
    /// version (the catalog is then read from its files).
    pub fn open(path: &Path, stamp_check: u64) -> Option<CacheReader> {
        // Only the table is read here; each record is read where it is decoded, by
        // the thread decoding it (no memory map: Folio has no unsafe code).
        let file = std::fs::File::open(path).ok()?;
        let n = file.metadata().ok()?.len();
        if n < 24 {
            return None;
        }
        let mut start = [0u8; 8];
        read_at(&file, &mut start, 0).ok()?;
        let mut end = [0u8; 16];
        read_at(&file, &mut end, n - 16).ok()?;
        if &start != MAGIC || end.get(8..)? != MAGIC {
            return None;
        }
        let offset = u64::from_le_bytes(end.get(..8)?.try_into().ok()?);
        if offset < 8 || offset > n - 16 {
            return None;
        }
        let mut table = vec![0u8; (n - 16 - offset) as usize];
        read_at(&file, &mut table, offset).ok()?;
        let table: Table = rmp_serde::from_slice(&table).ok()?;
        if table.version != env!("CARGO_PKG_VERSION") || table.stamp_check != stamp_check {
            return None;
        }
        let entries = table
            .entries
            .into_iter()
            .filter(|e| e.skeleton <= e.len)
            .map(|e| (e.file.clone(), e))
            .collect();
        Some(CacheReader {
            cache: Arc::new(CacheFile {
                file,
                path: path.to_owned(),
            }),
            entries,
            written: table.written,
        })
    }

    /// The cached record of `file` and its stamp, if the file on disk is the very
    /// version that was cached. Its texts are left in the cache file until wanted.
    pub fn get(&self, file: &str, key: &FileKey) -> Option<(Record, u64)> {
        let entry = self.entries.get(file)?;
        if !self.holds(file, key) {
            return None;
        }
        let mut bytes = vec![0u8; usize::try_from(entry.skeleton).ok()?];
        read_at(&self.cache.file, &mut bytes, entry.offset).ok()?;
        let mut record: Record = rmp_serde::from_slice(&bytes).ok()?;
        record.texts = Texts::stored(CachedTexts {
            cache: self.cache.clone(),
            offset: entry.offset + entry.skeleton,
            len: u32::try_from(entry.len - entry.skeleton).ok()?,
            count: entry.texts,
            blank: entry.blank,
        });
        Some((record, entry.stamp))
    }

    /// As [`CacheReader::get`], with the texts read too, and the record as encoded
    /// (to copy into a new cache without encoding it again): for commands that read
    /// every record once, a batch at a time.
    pub fn get_whole(&self, file: &str, key: &FileKey) -> Option<(Record, u64, EncodedRecord)> {
        let entry = self.entries.get(file)?;
        if !self.holds(file, key) {
            return None;
        }
        let mut bytes = vec![0u8; usize::try_from(entry.len).ok()?];
        read_at(&self.cache.file, &mut bytes, entry.offset).ok()?;
        let (skeleton, texts) = bytes.split_at_checked(usize::try_from(entry.skeleton).ok()?)?;
        let mut record: Record = rmp_serde::from_slice(skeleton).ok()?;
        record.texts = decode_texts(texts).ok()?.into();
        let encoded = EncodedRecord {
            bytes,
            skeleton: entry.skeleton,
            texts: entry.texts,
            blank: entry.blank,
        };
        Some((record, entry.stamp, encoded))
    }

    /// Whether the cache holds the very version of `file` that `key` names (and one
    /// it can trust).
    pub fn holds(&self, file: &str, key: &FileKey) -> bool {
        let Some(TableEntry { key: cached, .. }) = self.entries.get(file) else {
            return false;
        };
        // Modified in the same moments as the cache was written: maybe modified again
        // unseen within one tick of the clock (the change time, which no one can set,
        // catches every other change).
        let racy = (self.written - RACY_SECONDS) as i128 * 1_000_000_000;
        cached == key && key.modified < racy
    }
}

/// Reads exactly `buf.len()` bytes at `offset`, without moving a shared cursor (so
/// that threads can read one file at once).
#[cfg(unix)]
pub(crate) fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(windows)]
pub(crate) fn read_at(
    file: &std::fs::File,
    mut buf: &mut [u8],
    mut offset: u64,
) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = file.seek_read(buf, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        offset += n as u64;
    }
    Ok(())
}

/// A temporary file in the cache folder for a cache being written, `prefix` naming
/// its kind. The temporary files of writers that were killed (they hold hundreds of
/// megabytes at 100,000 records) are removed first, once an hour old, so that no
/// writer still running loses its file.
pub(crate) fn temp_file_in(dir: &Path, prefix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    std::fs::create_dir_all(dir)?;
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let stale = entry.file_name().to_string_lossy().starts_with(prefix)
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t < hour_ago);
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    tempfile::Builder::new().prefix(prefix).tempfile_in(dir)
}

/// One record to cache: its file name, the file's key and stamp, the record.
pub struct CacheItem {
    /// File name inside `records/`.
    pub file: String,
    /// The file as it was when read.
    pub key: FileKey,
    /// The content stamp taken when it was read.
    pub stamp: u64,
    /// The record.
    pub record: Arc<Record>,
}

/// A cache to write: the catalog as just opened.
pub struct CacheWriter {
    /// The cache file.
    pub path: PathBuf,
    /// The records and their files' keys.
    pub items: Vec<CacheItem>,
    /// See [`CacheReader::open`].
    pub stamp_check: u64,
}

impl CacheWriter {
    /// Writes the cache file.
    pub fn write(self) -> std::io::Result<()> {
        write(&self.path, &self.items, self.stamp_check)
    }
}

/// Writes the cache (to a temporary file renamed over the old one).
pub fn write(path: &Path, items: &[CacheItem], stamp_check: u64) -> std::io::Result<()> {
    let mut cache = CacheFileWriter::create(path, stamp_check)?;
    for item in items {
        cache.add(
            &item.file,
            item.key,
            item.stamp,
            &EncodedRecord::of(&item.record)?,
        )?;
    }
    cache.finish()
}

/// A cache being written a record at a time (by a command that reads the records a
/// batch at a time): a temporary file, renamed over the old cache when finished,
/// removed when dropped unfinished.
pub struct CacheFileWriter {
    path: PathBuf,
    temp: tempfile::NamedTempFile,
    out: BufWriter<std::fs::File>,
    offset: u64,
    entries: Vec<TableEntry>,
    stamp_check: u64,
    written: i64,
}

impl CacheFileWriter {
    /// Starts the cache at `path`.
    pub fn create(path: &Path, stamp_check: u64) -> std::io::Result<CacheFileWriter> {
        let dir = path.parent().unwrap_or(Path::new("."));
        // The time the records are read from, taken before any is: a file changed
        // while they are read is never trusted (see `CacheReader::holds`).
        let written = chrono::Utc::now().timestamp();
        let temp = temp_file_in(dir, ".folio-cache-")?;
        let mut out = BufWriter::with_capacity(1 << 20, temp.as_file().try_clone()?);
        out.write_all(MAGIC)?;
        Ok(CacheFileWriter {
            path: path.to_owned(),
            temp,
            out,
            offset: MAGIC.len() as u64,
            entries: Vec::new(),
            stamp_check,
            written,
        })
    }

    /// Adds the record of `file` (its key and stamp when read), already encoded.
    pub fn add(
        &mut self,
        file: &str,
        key: FileKey,
        stamp: u64,
        record: &EncodedRecord,
    ) -> std::io::Result<()> {
        self.out.write_all(&record.bytes)?;
        self.entries.push(TableEntry {
            file: file.to_owned(),
            key,
            stamp,
            offset: self.offset,
            len: record.bytes.len() as u64,
            skeleton: record.skeleton,
            texts: record.texts,
            blank: record.blank,
        });
        self.offset += record.bytes.len() as u64;
        Ok(())
    }

    /// Writes the table and puts the cache in place.
    pub fn finish(mut self) -> std::io::Result<()> {
        let table = Table {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            stamp_check: self.stamp_check,
            written: self.written,
            entries: self.entries,
        };
        let table = rmp_serde::to_vec_named(&table).map_err(std::io::Error::other)?;
        self.out.write_all(&table)?;
        self.out.write_all(&self.offset.to_le_bytes())?;
        self.out.write_all(MAGIC)?;
        self.out.flush()?;
        self.temp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_the_cache_encoding() {
        let records: Vec<Record> = (0..50)
            .map(|i| crate::synth::synthetic_record(3, i).unwrap())
            .collect();
        for record in &records {
            let bytes = rmp_serde::to_vec_named(record).unwrap();
            let back: Record = rmp_serde::from_slice(&bytes).unwrap();
            assert_eq!(&back, record);
        }
    }

    #[test]
    fn a_catalogs_cache_is_measured_and_cleared_without_touching_anothers() {
        let tmp = tempfile::tempdir().unwrap();
        let options = CacheOptions {
            dir: tmp.path().join("cache"),
            min_records: 0,
        };
        let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
        assert_eq!(options.usage(&one).unwrap().total(), 0, "no folder yet");
        std::fs::create_dir_all(&options.dir).unwrap();
        std::fs::write(options.file_for(&one), vec![0u8; 300]).unwrap();
        std::fs::write(options.index_file_for(&one), vec![0u8; 200]).unwrap();
        std::fs::write(options.file_for(&two), vec![0u8; 50]).unwrap();
        let usage = options.usage(&one).unwrap();
        assert_eq!((usage.total(), usage.index()), (500, 200));
        assert_eq!(options.clear(&one).unwrap(), 500);
        assert_eq!(options.usage(&one).unwrap().total(), 0);
        assert_eq!(
            options.usage(&two).unwrap().total(),
            50,
            "the other catalog's stays"
        );
    }

    #[test]
    fn temporary_files_of_killed_writers_are_removed_once_old() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join(".folio-index-killed");
        let recent = tmp.path().join(".folio-index-running");
        let other = tmp.path().join(".folio-cache-killed");
        for path in [&old, &recent, &other] {
            std::fs::write(path, b"partial").unwrap();
        }
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        for path in [&old, &other] {
            let file = std::fs::File::options().write(true).open(path).unwrap();
            file.set_modified(two_hours_ago).unwrap();
        }
        let temp = temp_file_in(tmp.path(), ".folio-index-").unwrap();
        assert!(!old.exists(), "an hour old: a killed writer's");
        assert!(recent.exists(), "a writer that may still run");
        assert!(other.exists(), "another kind's: removed by its own writer");
        assert!(temp.path().exists());
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("c.cache");
        std::fs::write(&path, b"not a cache at all, but long enough to check").unwrap();
        assert!(CacheReader::open(&path, 1).is_none());
        let record = Arc::new(crate::synth::synthetic_record(1, 1).unwrap());
        let meta = std::fs::metadata(&path).unwrap();
        let item = CacheItem {
            file: "a.ron".into(),
            key: FileKey::of(&meta),
            stamp: 7,
            record,
        };
        write(&path, &[item], 1).unwrap();
        assert!(
            CacheReader::open(&path, 2).is_none(),
            "another stamp function"
        );
        assert!(CacheReader::open(&path, 1).is_some());
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(CacheReader::open(&path, 1).is_none(), "truncated");
    }
}
