//! The search index saved beside the records cache (see [`crate::store::cache`]), so
//! that a catalog is searchable at once when it opens and a search on the command line
//! needs neither the records nor a build.
//!
//! Each slot is saved with the key (size, times, inode) of the record file it was
//! indexed from. At the next open a record whose file has another key, or none, is
//! indexed again, a record no longer there is dropped, and the rest is used as saved.
//! A file that is damaged, cut short or written by another version is ignored (the
//! index is built again); the file is only ever a copy.
//!
//! Layout: the magic bytes, then sections each preceded by its length (8 bytes,
//! little-endian): first the small tables as MessagePack, then the large arrays as
//! raw little-endian numbers (the compressed postings, the dictionary, per-slot
//! numbers, the sort orders), read in a few large reads without decoding a posting;
//! then the number of sections and the magic again.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::model::date::DayRange;
use crate::model::{Record, RecordId};
use crate::store::cache::{FileKey, RACY_SECONDS, read_at};

use super::Facet;
use super::docs::{Docs, StrColumn};
use super::index::{Bits, FacetValues, Index, SORT_COLUMNS};
use super::postings::{Base, PostingStore};
use super::terms::Terms;

const MAGIC: &[u8; 8] = b"FOLIOX01";
/// Changes whenever what is saved or how records are analysed changes (the version
/// of Folio is checked too).
const LAYOUT: u32 = 2;
/// The sections after the magic, in order: see [`save`].
const SECTIONS: u64 = 1 + 2 + 5 + 8 + 12 + 2 + SORT_COLUMNS.len() as u64;
/// Bytes of one saved file key: a presence byte, then size, modification time,
/// change time and inode.
const KEY_BYTES: usize = 1 + 8 + 16 + 16 + 8;

/// The small tables, as MessagePack.
#[derive(Serialize, Deserialize)]
struct Meta {
    version: String,
    layout: u32,
    /// When the file was written, seconds since the epoch.
    written: i64,
    slots: u64,
    facet_values: Vec<(Facet, String)>,
    added_terms: Vec<(String, u32)>,
    tails: Vec<(u32, Vec<u8>)>,
    live_count: u64,
    live_length: u64,
}

/// Saves `index` to `path` (a temporary file, flushed to disk, renamed over the old
/// one), each slot with the key `key_of` gives its record's file (`None` for a record
/// whose file does not hold what was indexed, e.g. one with unsaved edits); then the
/// index reads its postings from the file rather than keeping them in memory.
pub fn save(
    path: &Path,
    index: &mut Index,
    key_of: impl Fn(&RecordId) -> Option<FileKey>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let slots = index.docs.len();
    let meta = Meta {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        layout: LAYOUT,
        written: chrono::Utc::now().timestamp(),
        slots: slots as u64,
        facet_values: index
            .facet_values
            .values
            .iter()
            .map(|(f, v)| (*f, v.to_string()))
            .collect(),
        added_terms: index
            .terms
            .added
            .iter()
            .map(|(t, n)| (t.to_string(), *n))
            .collect(),
        tails: index
            .postings
            .tails
            .iter()
            .map(|(t, bytes)| (*t, bytes.clone()))
            .collect(),
        live_count: index.live_count as u64,
        live_length: index.live_length,
    };
    let meta = rmp_serde::to_vec(&meta).map_err(std::io::Error::other)?;
    let mut keys = Vec::with_capacity(slots * KEY_BYTES);
    for (slot, id) in index.docs.ids.iter().enumerate() {
        let key = if index.live.has(slot as u32) {
            key_of(id)
        } else {
            None
        };
        keys.push(u8::from(key.is_some()));
        let key = key.unwrap_or(FileKey {
            len: 0,
            modified: 0,
            changed: 0,
            inode: 0,
        });
        keys.extend_from_slice(&key.len.to_le_bytes());
        keys.extend_from_slice(&key.modified.to_le_bytes());
        keys.extend_from_slice(&key.changed.to_le_bytes());
        keys.extend_from_slice(&key.inode.to_le_bytes());
    }
    let mut ids = StrColumn::default();
    for id in index.docs.ids.iter() {
        ids.push(id.as_str());
    }
    let dates: Vec<u64> = index
        .docs
        .dates
        .iter()
        // No date: an empty range, which no real date has.
        .flat_map(|d| d.map_or([i64::MAX, i64::MIN], |r| [r.earliest, r.latest]))
        .map(|v| v as u64)
        .collect();

    let mut temp = crate::store::cache::temp_file_in(dir, ".folio-index-")?;
    let base_offset;
    let mut base_starts;
    {
        let mut out = SectionWriter {
            out: BufWriter::with_capacity(1 << 20, temp.as_file_mut()),
            at: 0,
        };
        out.raw(MAGIC)?;
        out.section(&meta)?;
        out.section(&keys)?;
        out.section(&u64_bytes(&dates))?;
        out.section(&index.docs.status)?;
        for column in std::iter::once(&ids).chain(index.docs.columns()) {
            out.section(column.text.as_bytes())?;
            out.section(&u32_bytes(&column.ends))?;
        }
        out.section(index.terms.text.as_bytes())?;
        out.section(&u32_bytes(&index.terms.ends))?;
        // The postings, from where they are: run by run from memory, or the old
        // file's in large pieces (its runs are already laid out).
        match &index.postings.base {
            Base::Runs(runs) => {
                let base_len: u64 = runs.iter().map(|r| r.len() as u64).sum();
                out.raw(&base_len.to_le_bytes())?;
                base_offset = out.at;
                base_starts = Vec::with_capacity(runs.len() + 1);
                let mut at = 0u64;
                for run in runs {
                    base_starts.push(at);
                    out.raw(run)?;
                    at += run.len() as u64;
                }
                base_starts.push(at);
            }
            Base::File { file, offset, len } => {
                out.raw(&len.to_le_bytes())?;
                base_offset = out.at;
                let mut buffer = vec![0u8; 1 << 20];
                let mut at = 0u64;
                while at < *len {
                    let n = (*len - at).min(buffer.len() as u64) as usize;
                    let piece = buffer.get_mut(..n).unwrap_or(&mut []);
                    read_at(file, piece, offset + at)?;
                    out.raw(piece)?;
                    at += n as u64;
                }
                base_starts = index.postings.base_starts.clone();
            }
        }
        out.section(&u64_bytes(&base_starts))?;
        out.section(&u32_bytes(&index.postings.last_slots))?;
        out.section(&u32_bytes(&index.postings.counts))?;
        out.section(&u32_bytes(&index.lengths))?;
        out.section(&u32_bytes(&index.facet_starts))?;
        out.section(&u32_bytes(&index.facet_numbers))?;
        out.section(&u64_bytes(&index.live.0))?;
        for column in SORT_COLUMNS {
            let order = index
                .orders
                .iter()
                .find(|(c, _)| *c == column)
                .map_or(&[][..], |(_, o)| o.as_slice());
            out.section(&u32_bytes(order))?;
        }
        out.raw(&SECTIONS.to_le_bytes())?;
        out.raw(MAGIC)?;
        out.out.flush()?;
    }
    // On disk before the rename: a crash leaves the old file or the new one whole.
    temp.as_file().sync_data()?;
    let file = temp.reopen()?;
    temp.persist(path).map_err(|e| e.error)?;
    index.postings.base = Base::File {
        file: Arc::new(file),
        offset: base_offset,
        len: base_starts.last().copied().unwrap_or(0),
    };
    index.postings.base_starts = base_starts;
    Ok(())
}

/// Writes sections, counting bytes.
struct SectionWriter<W: Write> {
    out: W,
    at: u64,
}

impl<W: Write> SectionWriter<W> {
    fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// `bytes` after their length.
    fn section(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.raw(&(bytes.len() as u64).to_le_bytes())?;
        self.raw(bytes)
    }
}

fn u32_bytes(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn u64_bytes(values: &[u64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// An index read back from its file, with the key each slot's file had.
pub struct SavedIndex {
    index: Index,
    keys: Vec<Option<FileKey>>,
    written: i64,
}

/// What bringing a saved index up to date did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// Records indexed again (changed, new or not trusted).
    pub reindexed: usize,
    /// Records dropped (their file is gone or unreadable).
    pub dropped: usize,
}

impl Refreshed {
    /// Whether the index differs from its file.
    pub fn changed(&self) -> bool {
        self.reindexed + self.dropped > 0
    }

    /// Whether enough changed to write the index again: rewriting it costs about a
    /// second at 100,000 records, re-indexing a few hundred records at each open a
    /// few milliseconds.
    pub fn worth_saving(&self) -> bool {
        self.reindexed + self.dropped >= SAVE_AFTER
    }
}

/// See [`Refreshed::worth_saving`].
const SAVE_AFTER: usize = 256;

impl SavedIndex {
    /// An index with the key of each slot's file as it was when the index was
    /// brought up to date with the files at `written` (seconds since the epoch): to be
    /// brought up to date again, as an index read back from its file is.
    pub(crate) fn of_index(index: Index, keys: Vec<Option<FileKey>>, written: i64) -> SavedIndex {
        SavedIndex {
            index,
            keys,
            written,
        }
    }

    /// Reads the index saved at `path`; `None` when it is missing, damaged, cut short
    /// or from another version of Folio. The postings stay in the file, read as
    /// queries need them.
    pub fn load(path: &Path) -> Option<SavedIndex> {
        let file = File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut input = BufReader::with_capacity(1 << 16, file);
        let mut magic = [0u8; 8];
        input.read_exact(&mut magic).ok()?;
        if &magic != MAGIC {
            return None;
        }
        let mut at = 8u64;
        // Each section's length checked against what the file has left, so that a
        // damaged length never asks for more memory than the file's size.
        let next_length = |input: &mut BufReader<File>, at: &mut u64| -> Option<u64> {
            let mut length = [0u8; 8];
            input.read_exact(&mut length).ok()?;
            let length = u64::from_le_bytes(length);
            *at = at.checked_add(8)?;
            if length > size.checked_sub(*at)?.checked_sub(16)? {
                return None;
            }
            *at += length;
            Some(length)
        };
        let section = |input: &mut BufReader<File>, at: &mut u64| -> Option<Vec<u8>> {
            let length = next_length(input, at)?;
            let mut bytes = vec![0u8; usize::try_from(length).ok()?];
            input.read_exact(&mut bytes).ok()?;
            Some(bytes)
        };
        let meta: Meta = rmp_serde::from_slice(&section(&mut input, &mut at)?).ok()?;
        if meta.version != env!("CARGO_PKG_VERSION") || meta.layout != LAYOUT {
            return None;
        }
        let slots = usize::try_from(meta.slots).ok()?;
        let keys_bytes = section(&mut input, &mut at)?;
        let dates = u64s(&section(&mut input, &mut at)?)?;
        let status = section(&mut input, &mut at)?;
        let column = |input: &mut BufReader<File>, at: &mut u64| -> Option<StrColumn> {
            let text = String::from_utf8(section(input, at)?).ok()?;
            let ends = u32s(&section(input, at)?)?;
            let column = StrColumn { text, ends };
            (column.len() == slots && column.is_consistent()).then_some(column)
        };
        let ids = column(&mut input, &mut at)?;
        let mut docs = Docs::default();
        for target in docs.columns_mut() {
            *target = column(&mut input, &mut at)?;
        }
        let text = String::from_utf8(section(&mut input, &mut at)?).ok()?;
        let ends = u32s(&section(&mut input, &mut at)?)?;
        let base_len = next_length(&mut input, &mut at)?;
        let base_offset = at - base_len;
        input.seek_relative(i64::try_from(base_len).ok()?).ok()?;
        let base_starts = u64s(&section(&mut input, &mut at)?)?;
        let last_slots = u32s(&section(&mut input, &mut at)?)?;
        let counts = u32s(&section(&mut input, &mut at)?)?;
        let lengths = u32s(&section(&mut input, &mut at)?)?;
        let facet_starts = u32s(&section(&mut input, &mut at)?)?;
        let facet_numbers = u32s(&section(&mut input, &mut at)?)?;
        let live = u64s(&section(&mut input, &mut at)?)?;
        let mut orders = Vec::with_capacity(SORT_COLUMNS.len());
        for column in SORT_COLUMNS {
            orders.push((column, u32s(&section(&mut input, &mut at)?)?));
        }
        let mut end = [0u8; 16];
        input.read_exact(&mut end).ok()?;
        if at + 16 != size || end.get(..8)? != SECTIONS.to_le_bytes() || end.get(8..)? != MAGIC {
            return None;
        }

        // The shape of every part, so that nothing read is out of step.
        let terms = ends.len() + meta.added_terms.len();
        let shaped = keys_bytes.len() == slots * KEY_BYTES
            && dates.len() == slots * 2
            && status.len() == slots
            && lengths.len() == slots
            && facet_starts.len() == slots + 1
            && live.len() == slots.div_ceil(64)
            && orders.iter().all(|(_, o)| o.len() == slots)
            && base_starts.len() == ends.len() + 1
            && last_slots.len() == terms
            && counts.len() == terms
            // A term is in each slot at most once (a count sizes a query's buffers).
            && counts.iter().all(|&c| c as usize <= slots)
            && ends.is_sorted()
            && ends.last().map_or(0, |e| *e as usize) == text.len()
            && base_starts.is_sorted()
            && base_starts.last().copied() == Some(base_len)
            && facet_starts.is_sorted()
            && facet_starts.last().map(|e| *e as usize) == Some(facet_numbers.len())
            && facet_numbers
                .iter()
                .all(|n| (*n as usize) < meta.facet_values.len());
        if !shaped {
            return None;
        }

        docs.ids = (0..slots)
            .map(|i| RecordId::new(ids.get(i)).ok())
            .collect::<Option<_>>()?;
        docs.status = status;
        docs.dates = dates
            .chunks_exact(2)
            .map(|pair| match *pair {
                [earliest, latest] if earliest as i64 <= latest as i64 => Some(DayRange {
                    earliest: earliest as i64,
                    latest: latest as i64,
                }),
                _ => None,
            })
            .collect();
        let keys: Vec<Option<FileKey>> = keys_bytes.chunks_exact(KEY_BYTES).map(read_key).collect();
        let live = Bits(live);
        let mut facet_values = FacetValues::default();
        for (facet, value) in &meta.facet_values {
            facet_values.number(*facet, value);
        }
        let mut live_facet_counts = vec![0u32; meta.facet_values.len()];
        let mut slot_of = FxHashMap::default();
        slot_of.reserve(meta.live_count as usize);
        for (slot, id) in docs.ids.iter().enumerate() {
            if !live.has(slot as u32) {
                continue;
            }
            slot_of.insert(id.clone(), slot as u32);
            let from = facet_starts.get(slot).copied().unwrap_or(0) as usize;
            let to = facet_starts.get(slot + 1).copied().unwrap_or(0) as usize;
            for n in facet_numbers.get(from..to).unwrap_or(&[]) {
                if let Some(count) = live_facet_counts.get_mut(*n as usize) {
                    *count += 1;
                }
            }
        }
        if slot_of.len() as u64 != meta.live_count {
            return None;
        }
        let mut added: Vec<(Box<str>, u32)> = meta
            .added_terms
            .into_iter()
            .map(|(t, n)| (t.into_boxed_str(), n))
            .collect();
        added.sort_unstable();
        let file = input.into_inner();
        let index = Index {
            terms: Terms { text, ends, added },
            postings: PostingStore {
                base: Base::File {
                    file: Arc::new(file),
                    offset: base_offset,
                    len: base_len,
                },
                base_starts,
                tails: meta.tails.into_iter().collect(),
                last_slots,
                counts,
            },
            docs,
            live,
            live_count: slot_of.len(),
            live_length: meta.live_length,
            lengths,
            facet_starts,
            facet_numbers,
            live_facet_counts,
            slot_of,
            facet_values,
            orders,
            scratch: Default::default(),
        };
        Some(SavedIndex {
            index,
            keys,
            written: meta.written,
        })
    }

    /// Brings the index up to date with the record files as they are now: `files`
    /// gives every record's id and its file's key (`None` when its file is not to be
    /// trusted); `record` reads the records whose file changed (`None`: it cannot be
    /// read, and the record is left out). `None` when so much changed that building
    /// the index again is faster.
    pub fn refresh<'a>(
        self,
        files: impl ExactSizeIterator<Item = (&'a RecordId, Option<FileKey>)>,
        record: impl Fn(&RecordId) -> Option<std::sync::Arc<Record>> + Sync,
    ) -> Option<(Index, Refreshed)> {
        let listed_files = files.len();
        let SavedIndex {
            mut index,
            keys,
            written,
        } = self;
        // A file modified within a tick of the index being written may have changed
        // again unseen (see the records cache).
        let racy = i128::from(written - RACY_SECONDS) * 1_000_000_000;
        // The slots of the records still there: the others are gone.
        let mut listed = Bits::empty(index.docs.len());
        let mut changed = Vec::new();
        for (id, key) in files {
            let slot = index.slot_of.get(id).copied();
            if let Some(s) = slot {
                listed.set(s);
            }
            let saved = slot.and_then(|s| keys.get(s as usize).copied().flatten());
            match key {
                Some(key) if saved == Some(key) && key.modified < racy => {}
                _ => changed.push(id.clone()),
            }
        }
        let mut gone: Vec<RecordId> = index
            .slot_of
            .iter()
            .filter(|(_, slot)| !listed.has(**slot))
            .map(|(id, _)| id.clone())
            .collect();
        // Beyond a quarter of the catalog, or with as many dead slots as live ones,
        // a build is as fast and leaves a compact index.
        let dead = index.docs.len() - index.live_count;
        if changed.len() + gone.len() > listed_files / 4 + 64 || dead + changed.len() > listed_files
        {
            return None;
        }
        use rayon::prelude::*;
        let read: Vec<(RecordId, Option<std::sync::Arc<Record>>)> = changed
            .into_par_iter()
            .map(|id| {
                let r = record(&id);
                (id, r)
            })
            .collect();
        let mut records = Vec::with_capacity(read.len());
        for (id, r) in read {
            match r {
                Some(r) => records.push(r),
                None => gone.push(id),
            }
        }
        let refreshed = Refreshed {
            reindexed: records.len(),
            dropped: gone.len(),
        };
        if refreshed.changed() {
            index.update_many(records.iter().map(|r| r.as_ref()), &gone);
        }
        Some((index, refreshed))
    }
}

/// A saved file key (see [`save`]).
fn read_key(bytes: &[u8]) -> Option<FileKey> {
    let (&present, rest) = bytes.split_first()?;
    if present == 0 {
        return None;
    }
    let (len, rest) = rest.split_first_chunk::<8>()?;
    let (modified, rest) = rest.split_first_chunk::<16>()?;
    let (changed, rest) = rest.split_first_chunk::<16>()?;
    let (inode, _) = rest.split_first_chunk::<8>()?;
    Some(FileKey {
        len: u64::from_le_bytes(*len),
        modified: i128::from_le_bytes(*modified),
        changed: i128::from_le_bytes(*changed),
        inode: u64::from_le_bytes(*inode),
    })
}

fn u32s(bytes: &[u8]) -> Option<Vec<u32>> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    bytes
        .chunks_exact(4)
        .map(|c| c.try_into().ok().map(u32::from_le_bytes))
        .collect()
}

fn u64s(bytes: &[u8]) -> Option<Vec<u64>> {
    if !bytes.len().is_multiple_of(8) {
        return None;
    }
    bytes
        .chunks_exact(8)
        .map(|c| c.try_into().ok().map(u64::from_le_bytes))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Query, SearchOutcome, SearchRequest, SortColumn};

    fn search(index: &Index, query: &str, sort: Option<SortColumn>) -> SearchOutcome {
        index.search(&SearchRequest {
            query: Query::parse(query).unwrap(),
            filters: Vec::new(),
            sort,
            ascending: false,
        })
    }

    fn synthetic(count: usize) -> Vec<Record> {
        (0..count)
            .map(|i| crate::synth::synthetic_record(5, i).unwrap())
            .collect()
    }

    #[test]
    fn an_index_with_an_impossible_count_is_ignored() {
        let mut index = Index::from_records(&synthetic(50));
        let counts = u32_bytes(&index.postings.counts);
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.index");
        save(&path, &mut index, |_| None).unwrap();
        assert!(SavedIndex::load(&path).is_some());
        // Find the counts' section and claim a term is in four billion records.
        let mut bytes = std::fs::read(&path).unwrap();
        let mut at = 8;
        let start = loop {
            let length = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
            if bytes[at + 8..at + 8 + length] == counts[..] {
                break at + 8;
            }
            at += 8 + length;
        };
        bytes[start..start + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        std::fs::write(&path, &bytes).unwrap();
        assert!(SavedIndex::load(&path).is_none());
    }

    #[test]
    fn a_saved_index_answers_as_the_one_saved() {
        let records = synthetic(400);
        let mut index = Index::from_records(&records);
        // Edits after the build: postings in tails, a word new to the dictionary, a
        // dead slot.
        let mut edited = records[3].clone();
        edited.title = "Zyzzyva sighted near the embassy".into();
        index.update(&edited);
        index.remove(&records[4].id);
        let queries = [
            "embassy",
            "zyzzyva",
            "\"foreign affairs\"",
            "revision*",
            "person:gromyko",
            "date:1950..1953",
            "embassy -treaty",
            "金日成",
            "",
        ];
        let sorts = [None, Some(SortColumn::Title), Some(SortColumn::Date)];
        let answers = |index: &Index| -> Vec<SearchOutcome> {
            queries
                .iter()
                .flat_map(|q| sorts.map(|s| search(index, q, s)))
                .collect()
        };
        let before = answers(&index);
        assert_eq!(before[3].ids.len(), 1, "the edit is found");

        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.index");
        let key = |slot: u64| FileKey {
            len: 10 + slot,
            modified: 1_000_000,
            changed: 2_000_000,
            inode: slot,
        };
        let slot_of = index.slot_of.clone();
        save(&path, &mut index, |id| {
            slot_of.get(id).map(|s| key(u64::from(*s)))
        })
        .unwrap();
        assert!(matches!(index.postings.base, Base::File { .. }));
        assert_eq!(
            answers(&index),
            before,
            "reading its postings from the file"
        );

        let files: Vec<(RecordId, Option<FileKey>)> = slot_of
            .iter()
            .map(|(id, s)| (id.clone(), Some(key(u64::from(*s)))))
            .collect();
        let (loaded, refreshed) = SavedIndex::load(&path)
            .unwrap()
            .refresh(files.iter().map(|(id, key)| (id, *key)), |_| None)
            .unwrap();
        assert_eq!(refreshed, Refreshed::default());
        assert_eq!(answers(&loaded), before, "loaded");
        assert_eq!(
            loaded.listing(&records[3].id).unwrap().title,
            "Zyzzyva sighted near the embassy"
        );

        // Saved again from the file it reads (another edit on top): the same again.
        let mut loaded = loaded;
        let mut again = records[7].clone();
        again.summary = "Quokka".into();
        loaded.update(&again);
        let expected = answers(&loaded);
        let second = tmp.path().join("y.index");
        let slot_of = loaded.slot_of.clone();
        save(&second, &mut loaded, |id| {
            slot_of.get(id).map(|s| key(u64::from(*s)))
        })
        .unwrap();
        let files: Vec<(RecordId, Option<FileKey>)> = slot_of
            .iter()
            .map(|(id, s)| (id.clone(), Some(key(u64::from(*s)))))
            .collect();
        let (reloaded, _) = SavedIndex::load(&second)
            .unwrap()
            .refresh(files.iter().map(|(id, key)| (id, *key)), |_| None)
            .unwrap();
        assert_eq!(answers(&reloaded), expected);
        assert_eq!(
            search(&reloaded, "quokka", None).ids,
            [records[7].id.clone()]
        );
    }
}
