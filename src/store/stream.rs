//! Every record of a catalog read one bounded batch at a time, for the commands that
//! look at each record once and keep little of it (`validate`, `stats`, `export`):
//! their memory is that of a batch and of what they keep, not that of the catalog.
//!
//! A batch is read in parallel (from the cache where it holds the file unchanged,
//! from the file otherwise) and handed on in the catalog's order (by id), so that
//! the output of a streamed command is the same as that of one that opened the
//! whole catalog.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::{Field, Record, RecordId};

use super::cache::{CacheFileWriter, CacheOptions, CacheReader, EncodedRecord, FileKey};
use super::folder::{
    LoadError, RECORDS_DIR, STAMP_CHECK, StoreError, UnfinishedMerge, clean_leftovers,
    first_marker_line, list_record_files, load_record, read_catalog_settings,
    unfinished_merge_error,
};
use super::{Catalog, CatalogFolder, CatalogSettings, intent, rename};

/// Records read at once: enough to keep both cores busy, few enough that a batch of
/// long records stays within tens of megabytes.
const BATCH: usize = 1_024;

/// One record file, as read.
#[derive(Debug)]
pub enum Streamed {
    /// The record.
    Record(Record),
    /// A file that a git merge left with conflict markers: our side, and where the
    /// merge stopped.
    Merge {
        /// Our side of the file.
        ours: Record,
        /// Where the markers are, and the fields in conflict.
        merge: UnfinishedMerge,
    },
    /// A file that could not be read as a record.
    Unreadable(LoadError),
}

impl Streamed {
    /// The record, for a command that must never read one side of an unfinished
    /// merge as the record: such a file is an error, as one that cannot be read.
    pub fn whole(self) -> Result<Record, LoadError> {
        match self {
            Streamed::Record(record) => Ok(record),
            Streamed::Merge { merge, .. } => Err(unfinished_merge_error(&merge)),
            Streamed::Unreadable(error) => Err(error),
        }
    }
}

/// A catalog's record files, listed and ready to be read batch by batch.
pub struct RecordStream {
    root: PathBuf,
    settings: CatalogSettings,
    source: Source,
    leftover_temp_files: Vec<(PathBuf, bool)>,
    /// Whether records from the records cache come with their texts read.
    texts: bool,
}

/// Where the records come from.
enum Source {
    /// The files, read a batch at a time (each with its key when there is a cache).
    Files {
        files: Vec<(String, fs::DirEntry, Option<FileKey>)>,
        cache: Option<CacheReader>,
        /// The cache file to write while reading, when the cache lacks some records
        /// as their files hold them.
        refresh: Option<PathBuf>,
        /// Whether the files' keys were taken (there is a cache).
        cache_keys: bool,
    },
    /// The whole catalog, opened as the app opens it: when an interrupted save or
    /// rename is pending (its records are read as that change left them), or a
    /// newer Folio wrote the catalog. Rare, and short-lived.
    Whole(Box<(CatalogFolder, Catalog)>),
}

/// Lists the record files of the catalog at `root` for reading in batches, with the
/// records cache of `cache` where it has them.
pub fn stream(root: &Path, cache: Option<&CacheOptions>) -> Result<RecordStream, StoreError> {
    let (settings, newer) = read_catalog_settings(root)?;
    let records_dir = root.join(RECORDS_DIR);
    if newer.is_some()
        || records_dir.join(intent::INTENT_FILE).exists()
        || records_dir.join(rename::INTENT_FILE).exists()
    {
        let (folder, catalog) = super::open_cached(root, cache)?;
        return Ok(RecordStream {
            root: root.to_owned(),
            settings: catalog.settings().clone(),
            leftover_temp_files: folder.leftover_temp_files().to_vec(),
            source: Source::Whole(Box::new((folder, catalog))),
            texts: true,
        });
    }
    let (mut files, leftovers) = list_record_files(&records_dir)?;
    // In the order of the ids the files are named after: the catalog's own order
    // (`a.ron` before `a-b.ron`, as `a` sorts before `a-b`).
    files.sort_unstable_by(|a, b| stem(&a.0).cmp(stem(&b.0)));
    let stamp_check = super::folder::stamp_of(STAMP_CHECK);
    let reader = cache.and_then(|c| CacheReader::open(&c.file_for(root), stamp_check));
    // Each file's key, taken before it is read: a file changed meanwhile has a newer
    // key next time, so its cached copy is not used.
    let files: Vec<(String, fs::DirEntry, Option<FileKey>)> = files
        .into_par_iter()
        .map(|(name, entry)| {
            let key = cache.and(entry.metadata().ok()).map(|m| FileKey::of(&m));
            (name, entry, key)
        })
        .collect();
    // As opening the catalog whole does: a big catalog's cache is written again when
    // it lacks a record as its file holds it, here while the records are read.
    let refresh = cache
        .filter(|c| files.len() >= c.min_records)
        .filter(|_| {
            files.par_iter().any(|(name, _, key)| {
                !key.is_some_and(|key| reader.as_ref().is_some_and(|r| r.holds(name, &key)))
            })
        })
        .map(|c| c.file_for(root));
    Ok(RecordStream {
        root: root.to_owned(),
        settings,
        source: Source::Files {
            files,
            cache: reader,
            refresh,
            cache_keys: cache.is_some(),
        },
        leftover_temp_files: clean_leftovers(leftovers, false),
        texts: true,
    })
}

impl RecordStream {
    /// For a command that never reads a record's texts (`validate`, `stats`: a
    /// record's count of texts and whether they are blank are known without them):
    /// records from the records cache leave their texts there, neither read nor
    /// decompressed. Read anyway, they are read from the cache then.
    pub fn leaving_texts(mut self) -> Self {
        self.texts = false;
        self
    }

    /// The catalog's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The catalog's settings.
    pub fn settings(&self) -> &CatalogSettings {
        &self.settings
    }

    /// How many record files there are.
    pub fn len(&self) -> usize {
        match &self.source {
            Source::Files { files, .. } => files.len(),
            Source::Whole(whole) => whole.1.len() + whole.0.load_errors().len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ids the record files are named after: the records there are, as far as
    /// a reference to one goes, before any is read.
    pub fn ids(&self) -> HashSet<RecordId> {
        match &self.source {
            Source::Files { files, .. } => files
                .iter()
                .filter_map(|(name, ..)| RecordId::new(name.strip_suffix(".ron")?).ok())
                .collect(),
            Source::Whole(whole) => whole.1.records().map(|r| r.id.clone()).collect(),
        }
    }

    /// Temporary files of saves that died, found beside the records (each with
    /// whether it was removed, being old enough).
    pub fn leftover_temp_files(&self) -> &[(PathBuf, bool)] {
        &self.leftover_temp_files
    }

    /// Each record file's key, taken when the files were listed (before any was
    /// read), by the id it is named after: what a saved index keeps to know its
    /// records current. `None` when the stream has no cache, or reads the catalog
    /// whole.
    pub fn file_keys(&self) -> Option<HashMap<RecordId, FileKey>> {
        match &self.source {
            Source::Files {
                files,
                cache_keys: true,
                ..
            } => Some(
                files
                    .iter()
                    .filter_map(|(name, _, key)| Some((RecordId::new(stem(name)).ok()?, (*key)?)))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Reads every record file in the order of the ids they are named after, and
    /// hands each to `each`; stops at the first error `each` returns.
    pub fn try_for_each<E>(self, mut each: impl FnMut(Streamed) -> Result<(), E>) -> Result<(), E> {
        self.try_for_each_batch(|batch| batch.into_iter().try_for_each(&mut each))
    }

    /// As [`RecordStream::try_for_each`], a batch at a time (each read in parallel),
    /// for a caller that works on many records at once (an export, an index).
    pub fn try_for_each_batch<E>(
        self,
        mut each: impl FnMut(Vec<Streamed>) -> Result<(), E>,
    ) -> Result<(), E> {
        match self.source {
            Source::Files {
                files,
                cache,
                refresh,
                ..
            } => {
                let stamp_check = super::folder::stamp_of(STAMP_CHECK);
                // Only a copy to read faster next time: if it cannot be written, the
                // command goes on without it.
                let mut writer =
                    refresh.and_then(|path| CacheFileWriter::create(&path, stamp_check).ok());
                for batch in files.chunks(BATCH) {
                    let encode = writer.is_some();
                    let texts = self.texts;
                    let read: Vec<(Streamed, Option<CacheEntry>)> = batch
                        .par_iter()
                        .map(|(name, entry, key)| {
                            read_one(name, entry, *key, cache.as_ref(), encode, texts)
                        })
                        .collect();
                    let mut items = Vec::with_capacity(read.len());
                    for ((name, ..), (item, cached)) in batch.iter().zip(read) {
                        if let (Some(cache), Some(entry)) = (writer.as_mut(), cached)
                            && cache
                                .add(name, entry.key, entry.stamp, &entry.record)
                                .is_err()
                        {
                            writer = None;
                        }
                        items.push(item);
                    }
                    each(items)?;
                }
                if let Some(cache) = writer {
                    let _ = cache.finish();
                }
            }
            Source::Whole(whole) => {
                let (folder, catalog) = *whole;
                let mut merges: HashMap<RecordId, UnfinishedMerge> = folder
                    .merge_conflicts(&catalog)
                    .into_iter()
                    .map(|m| (m.id.clone(), m))
                    .collect();
                let mut items: Vec<(PathBuf, Streamed)> = catalog
                    .records()
                    .map(|record| {
                        let path = folder.record_path(&record.id);
                        let ours = record.clone();
                        match merges.remove(&record.id) {
                            Some(merge) => (path, Streamed::Merge { ours, merge }),
                            None => (path, Streamed::Record(ours)),
                        }
                    })
                    .chain(
                        folder
                            .load_errors()
                            .iter()
                            .map(|e| (e.path.clone(), Streamed::Unreadable(e.clone()))),
                    )
                    .collect();
                items.sort_by(|a, b| a.0.file_stem().cmp(&b.0.file_stem()));
                // Dropped before the records are handed on: only one copy is kept.
                drop((folder, catalog));
                let mut items = items.into_iter().map(|(_, item)| item);
                loop {
                    let batch: Vec<Streamed> = items.by_ref().take(BATCH).collect();
                    if batch.is_empty() {
                        break;
                    }
                    each(batch)?;
                }
            }
        }
        Ok(())
    }
}

/// A record file's name without its extension: the id it is named after.
fn stem(name: &str) -> &str {
    name.strip_suffix(".ron").unwrap_or(name)
}

/// A record as the cache keeps it: its file's key and stamp, its encoded bytes.
struct CacheEntry {
    key: FileKey,
    stamp: u64,
    record: EncodedRecord,
}

/// One record file: from the cache when it holds the file as it is, else read;
/// with what a cache being written keeps of it (when `encode`). A record from the
/// cache comes with its texts read when `texts`, else with them left there.
fn read_one(
    name: &str,
    entry: &fs::DirEntry,
    key: Option<FileKey>,
    cache: Option<&CacheReader>,
    encode: bool,
    texts: bool,
) -> (Streamed, Option<CacheEntry>) {
    if !texts
        && !encode
        && let Some((record, _)) = cache
            .zip(key.as_ref())
            .and_then(|(reader, key)| reader.get(name, key))
    {
        return (Streamed::Record(record), None);
    }
    let cached = cache
        .zip(key.as_ref())
        .and_then(|(reader, key)| reader.get_whole(name, key));
    if let (Some((record, stamp, encoded)), Some(key)) = (cached, key) {
        let entry = encode.then_some(CacheEntry {
            key,
            stamp,
            record: encoded,
        });
        return (Streamed::Record(record), entry);
    }
    let path = entry.path();
    match load_record(&path) {
        Err(error) => (Streamed::Unreadable(error), None),
        Ok(loaded) => match loaded.theirs {
            None => {
                let entry = key.filter(|_| encode).and_then(|key| {
                    Some(CacheEntry {
                        key,
                        stamp: loaded.stamp(),
                        record: EncodedRecord::of(&loaded.record).ok()?,
                    })
                });
                (Streamed::Record(loaded.record), entry)
            }
            // Never cached: the next reading reads the file (and its conflict) again.
            Some(theirs) => {
                let merge = UnfinishedMerge {
                    id: loaded.record.id.clone(),
                    line: first_marker_line(&path),
                    fields: Field::differing(&loaded.record, &theirs),
                    path,
                };
                (
                    Streamed::Merge {
                        ours: loaded.record,
                        merge,
                    },
                    None,
                )
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a stream hands on, as (file stem, record or the error's message).
    fn streamed(
        root: &Path,
        cache: Option<&CacheOptions>,
    ) -> Vec<(String, Result<Record, String>)> {
        let mut seen = Vec::new();
        stream(root, cache)
            .unwrap()
            .try_for_each(|item| -> Result<(), ()> {
                seen.push(match item.whole() {
                    Ok(record) => (record.id.to_string(), Ok(record)),
                    Err(e) => (
                        e.path.file_stem().unwrap().to_string_lossy().into_owned(),
                        Err(e.message),
                    ),
                });
                Ok(())
            })
            .unwrap();
        seen
    }

    /// What opening the whole catalog reads, in the same form.
    fn opened(root: &Path) -> Vec<(String, Result<Record, String>)> {
        let (folder, catalog) = super::super::open(root).unwrap();
        let mut all: Vec<_> = catalog
            .records()
            .map(|r| (r.id.to_string(), Ok(r.clone())))
            .chain(folder.load_errors().iter().map(|e| {
                (
                    e.path.file_stem().unwrap().to_string_lossy().into_owned(),
                    Err(e.message.clone()),
                )
            }))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    #[test]
    fn a_streamed_catalog_reads_as_the_whole_open_in_file_order_across_batches() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("c");
        crate::synth::write_catalog(&root, BATCH * 2 + 7, 5).unwrap();
        fs::write(
            root.join("records/syn-0001500.ron"),
            "(id: \"syn-0001500\", title: ",
        )
        .unwrap();
        // An id that another starts with comes first, as in the catalog.
        let text = fs::read_to_string(root.join("records/syn-0000004.ron")).unwrap();
        fs::write(
            root.join("records/syn-0000004-b.ron"),
            text.replace("syn-0000004", "syn-0000004-b"),
        )
        .unwrap();
        let whole = opened(&root);
        let seen = streamed(&root, None);
        assert_eq!(seen.len(), BATCH * 2 + 8);
        assert!(seen.iter().any(|(id, r)| id == "syn-0001500" && r.is_err()));
        assert_eq!(seen[4].0, "syn-0000004");
        assert_eq!(seen[5].0, "syn-0000004-b");
        assert_eq!(seen, whole);
        let stream = stream(&root, None).unwrap();
        assert_eq!(stream.len(), BATCH * 2 + 8);
        assert!(
            stream
                .ids()
                .contains(&RecordId::new("syn-0000003").unwrap())
        );
    }

    #[test]
    fn records_come_from_the_cache_where_it_holds_the_file_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("c");
        crate::synth::write_catalog(&root, 40, 6).unwrap();
        let cache = CacheOptions {
            dir: tmp.path().join("cache"),
            min_records: 0,
        };
        // Files older than the cache's racy window, so that the cache is trusted.
        crate::store::age_record_files(&root);
        let (folder, catalog) = super::super::open_cached(&root, Some(&cache)).unwrap();
        folder.cache_writer(&catalog).unwrap().write().unwrap();
        // A record changed in its file after the cache was written is read from it.
        let path = root.join("records/syn-0000002.ron");
        let text = fs::read_to_string(&path).unwrap();
        let title = &catalog
            .get(&RecordId::new("syn-0000002").unwrap())
            .unwrap()
            .title;
        fs::write(&path, text.replacen(title.as_str(), "Changed since", 1)).unwrap();
        let seen = streamed(&root, Some(&cache));
        assert_eq!(seen, opened(&root));
        assert_eq!(
            seen[2].1.as_ref().unwrap().title,
            "Changed since",
            "the changed file is read, not its cached copy"
        );
    }

    /// Whether the cache holds every record file as it is now.
    fn cache_holds_every_file(root: &Path, cache: &CacheOptions) -> bool {
        let Some(reader) = CacheReader::open(
            &cache.file_for(root),
            super::super::folder::stamp_of(STAMP_CHECK),
        ) else {
            return false;
        };
        fs::read_dir(root.join(RECORDS_DIR)).unwrap().all(|entry| {
            let entry = entry.unwrap();
            let key = FileKey::of(&entry.metadata().unwrap());
            reader.holds(&entry.file_name().to_string_lossy(), &key)
        })
    }

    #[test]
    fn a_stream_writes_the_cache_it_lacks_and_the_next_reads_from_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("c");
        crate::synth::write_catalog(&root, BATCH + 30, 8).unwrap();
        crate::store::age_record_files(&root);
        let cache = CacheOptions {
            dir: tmp.path().join("cache"),
            min_records: 100,
        };
        let first = streamed(&root, Some(&cache));
        assert!(cache_holds_every_file(&root, &cache));
        let again = stream(&root, Some(&cache)).unwrap();
        assert!(
            matches!(again.source, Source::Files { refresh: None, .. }),
            "nothing to write again"
        );
        assert_eq!(streamed(&root, Some(&cache)), first);
        // A changed file: read from itself, and the cache written again with it.
        let path = root.join("records/syn-0000009.ron");
        let text = fs::read_to_string(&path).unwrap();
        let title = first[9].1.as_ref().unwrap().title.clone();
        fs::write(&path, text.replacen(&title, "Changed on disk", 1)).unwrap();
        crate::store::age_record_files(&root);
        assert!(!cache_holds_every_file(&root, &cache));
        let seen = streamed(&root, Some(&cache));
        assert_eq!(seen[9].1.as_ref().unwrap().title, "Changed on disk");
        assert!(cache_holds_every_file(&root, &cache));
        assert_eq!(seen, opened(&root));
        // A small catalog has no cache written (opening it is fast either way).
        let small = tmp.path().join("small");
        crate::synth::write_catalog(&small, 20, 8).unwrap();
        streamed(&small, Some(&cache));
        assert!(!cache.file_for(&small).exists());
    }

    #[test]
    fn a_catalog_a_newer_folio_wrote_is_read_whole_and_handed_on_the_same_way() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("c");
        crate::synth::write_catalog(&root, 30, 7).unwrap();
        let settings = root.join(super::super::folder::SETTINGS_FILE);
        let text = fs::read_to_string(&settings).unwrap();
        fs::write(
            &settings,
            text.replace("format_version: 2", "format_version: 99"),
        )
        .unwrap();
        let stream = stream(&root, None).unwrap();
        assert!(matches!(stream.source, Source::Whole(_)));
        assert_eq!(stream.len(), 30);
        assert_eq!(streamed(&root, None), opened(&root));
    }

    #[test]
    fn a_stream_leaving_texts_reads_none_from_the_cache_and_the_records_are_the_same() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("c");
        crate::synth::write_catalog(&root, 150, 9).unwrap();
        crate::store::age_record_files(&root);
        let cache = CacheOptions {
            dir: tmp.path().join("cache"),
            min_records: 100,
        };
        // The first stream writes the cache; the next ones read from it.
        let whole = streamed(&root, Some(&cache));
        assert!(cache_holds_every_file(&root, &cache));
        let leaving = |cache: Option<&CacheOptions>| {
            let mut records = Vec::new();
            stream(&root, cache)
                .unwrap()
                .leaving_texts()
                .try_for_each(|item| -> Result<(), ()> {
                    records.push(item.whole().unwrap());
                    Ok(())
                })
                .unwrap();
            records
        };
        let left = leaving(Some(&cache));
        assert_eq!(left.len(), whole.len());
        for (record, (_, from_whole)) in left.iter().zip(&whole) {
            let from_whole = from_whole.as_ref().unwrap();
            assert!(!record.texts.in_memory(), "{}: texts read", record.id);
            assert_eq!(record.texts.len(), from_whole.texts.len());
            assert_eq!(record.texts.all_blank(), from_whole.texts.all_blank());
            // Read when wanted, they are the record's texts.
            assert_eq!(record, from_whole);
        }
        // Without the cache there is nothing to leave: the files are read whole.
        let read = leaving(None);
        assert!(read.iter().all(|r| r.texts.in_memory()));
    }
}
