//! The in-memory inverted index: for every token, the records holding it, in which
//! fields, how often (for relevance) and at which positions (for phrases); plus, per
//! record, what facets and sorting need, so that a search never touches the records.
//!
//! Records live in numbered slots. An edited record gets a new slot and its old slot
//! is marked dead, so updating the index costs one record's tokens, never a rebuild;
//! dead slots are skipped by every search.

use std::cmp::Ordering;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering as AtomicOrdering};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::date::DayRange;
use crate::model::{Record, RecordId};

use super::docs::{COLUMNS, Docs, Listing};
use super::facet::{Facet, SortColumn};
use super::fields::for_each_text;
use super::hits::Hits;
use super::postings::{Builder, List, Positions, PostingStore, encode_rest};
use super::query::{Query, SearchField};
use super::terms::Terms;
use super::tokenize::{Tokenizer, fold_char, is_cjk};

/// Positions carry their field in the top bits, so a phrase never spans two fields and
/// a field filter can check where a phrase was found.
const FIELD_SHIFT: u32 = 26;
const OFFSET_MASK: u32 = (1 << FIELD_SHIFT) - 1;
/// BM25's usual constants.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// What each query word found in a record's title adds to its score: more than BM25
/// gives a word anywhere (at most `idf × (K1 + 1)`, under 40 for ten million records),
/// so records with more query words in their title always rank first, as the README
/// promises; BM25 orders records within each tier.
const TITLE_TIER: f32 = 1000.0;

/// One token of one record, while indexing it.
#[derive(Debug, Default, Clone, Copy)]
struct TermEntry {
    term: u32,
    mask: u16,
    weight: u32,
    /// While analysing: where its positions start among the record's, and how many.
    /// Then: its encoded bytes in `Analysed::encoded` (see `postings::encode_rest`).
    start: u32,
    count: u32,
}

/// Records analysed, ready to be added: their tokens and their facts. A batch of
/// records shares its buffers: records are analysed on other threads than the one
/// that adds them, and each buffer freed on another thread than its own takes a lock
/// in the allocator, so a build frees a few buffers per batch, not several per record.
#[derive(Default)]
struct Analysed {
    terms: Vec<TermEntry>,
    /// Each entry's mask, weight and positions, encoded.
    encoded: Vec<u8>,
    /// The records' strings (their columns and facet values), end to end.
    texts: String,
    /// Each facet value, where it lies in `texts`.
    facet_values: Vec<(Facet, (u32, u32))>,
    records: Vec<AnalysedRecord>,
}

/// One record of an [`Analysed`] batch: its entries and facet values are those up
/// to its ends, from the previous record's.
struct AnalysedRecord {
    id: RecordId,
    date: Option<DayRange>,
    status: u8,
    length: u32,
    /// Where its strings lie in `texts`, in the order of [`Docs::push`].
    columns: [(u32, u32); COLUMNS],
    terms_end: usize,
    facets_end: usize,
}

impl Analysed {
    fn text(&self, (start, end): (u32, u32)) -> &str {
        self.texts.get(start as usize..end as usize).unwrap_or("")
    }

    /// Appends a string to `texts`, written by `write`: where it lies.
    fn push_text(&mut self, write: impl FnOnce(&mut String)) -> (u32, u32) {
        let start = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        write(&mut self.texts);
        (start, u32::try_from(self.texts.len()).unwrap_or(u32::MAX))
    }
}

/// Every facet value of the catalog, numbered across facets, so that counting a
/// result is one increment per value a record has.
#[derive(Debug, Default)]
pub(super) struct FacetValues {
    pub values: Vec<(Facet, Box<str>)>,
    /// Per facet (in `Facet::ALL` order), value → number.
    numbers: Vec<FxHashMap<Box<str>, u32>>,
}

impl FacetValues {
    fn facet_map(&self, facet: Facet) -> Option<&FxHashMap<Box<str>, u32>> {
        let i = Facet::ALL.iter().position(|f| *f == facet)?;
        self.numbers.get(i)
    }

    pub fn number(&mut self, facet: Facet, value: &str) -> u32 {
        if let Some(n) = self.lookup(facet, value) {
            return n;
        }
        let n = self.values.len() as u32;
        self.values.push((facet, value.into()));
        if self.numbers.len() < Facet::ALL.len() {
            self.numbers
                .resize_with(Facet::ALL.len(), FxHashMap::default);
        }
        if let Some(map) = Facet::ALL
            .iter()
            .position(|f| *f == facet)
            .and_then(|i| self.numbers.get_mut(i))
        {
            map.insert(value.into(), n);
        }
        n
    }

    fn lookup(&self, facet: Facet, value: &str) -> Option<u32> {
        self.facet_map(facet)?.get(value).copied()
    }
}

/// Term numbers handed out to the threads that analyse records in parallel: a
/// sharded dictionary behind each thread's own cache, so that threads rarely meet.
struct SharedTerms {
    shards: Vec<Mutex<FxHashMap<Box<str>, u32>>>,
    next: AtomicU32,
    build: u64,
}

impl SharedTerms {
    fn new() -> Self {
        static BUILDS: AtomicU64 = AtomicU64::new(0);
        SharedTerms {
            shards: (0..16).map(|_| Mutex::new(FxHashMap::default())).collect(),
            next: AtomicU32::new(0),
            build: BUILDS.fetch_add(1, AtomicOrdering::Relaxed),
        }
    }

    fn resolve(&self, token: &str) -> u32 {
        let hash = rustc_hash::FxBuildHasher.hash_one(token);
        let shard = (hash as usize) % self.shards.len().max(1);
        let Some(shard) = self.shards.get(shard) else {
            return self.next.fetch_add(1, AtomicOrdering::Relaxed);
        };
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = map.get(token) {
            return id;
        }
        let id = self.next.fetch_add(1, AtomicOrdering::Relaxed);
        map.insert(token.into(), id);
        id
    }

    fn into_terms(self) -> Vec<(Box<str>, u32)> {
        let mut terms = Vec::with_capacity(self.next.load(AtomicOrdering::Relaxed) as usize);
        for shard in self.shards {
            terms.extend(shard.into_inner().unwrap_or_else(|e| e.into_inner()));
        }
        terms
    }
}

thread_local! {
    /// This thread's cache of term numbers, for the build it belongs to.
    static TERM_CACHE: std::cell::RefCell<(u64, TermCache)> =
        std::cell::RefCell::new((u64::MAX, TermCache::default()));
}

/// Term numbers by token. Most tokens are short: up to 15 bytes they are keyed by
/// their bytes packed in an integer (with their length), so that a lookup compares
/// two integers rather than calling a string comparison; a build looks up every
/// token of every record.
#[derive(Default)]
struct TermCache {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<str>, u32>,
}

impl TermCache {
    /// The token's bytes and its length in one integer, read with whole-word loads
    /// (bytes copied into an array and read back as an integer stall the processor,
    /// and this runs for every token of a build).
    fn packed(token: &str) -> Option<u128> {
        let bytes = token.as_bytes();
        let length = bytes.len();
        if length > 15 {
            return None;
        }
        let (low, high) = match bytes.split_first_chunk::<8>() {
            Some((first, rest)) => (u64::from_le_bytes(*first), low_bytes(rest)),
            None => (low_bytes(bytes), 0),
        };
        Some(u128::from(low) | (u128::from(high | (length as u64) << 56) << 64))
    }

    fn resolve(&mut self, token: &str, shared: &SharedTerms) -> u32 {
        match Self::packed(token) {
            Some(key) => *self
                .short
                .entry(key)
                .or_insert_with(|| shared.resolve(token)),
            None => match self.long.get(token) {
                Some(&id) => id,
                None => {
                    let id = shared.resolve(token);
                    self.long.insert(token.into(), id);
                    id
                }
            },
        }
    }
}

/// Up to 8 bytes as a little-endian integer (zero above them), read as two loads
/// that may overlap: the bytes they share are the same, so or-ing them is exact.
fn low_bytes(bytes: &[u8]) -> u64 {
    let length = bytes.len();
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        if let Some(all) = bytes.first_chunk::<8>() {
            return u64::from_le_bytes(*all);
        }
        return u64::from(u32::from_le_bytes(*first))
            | u64::from(u32::from_le_bytes(*last)) << (8 * (length - 4));
    }
    match (bytes.first(), bytes.get(length / 2), bytes.last()) {
        (Some(&a), Some(&b), Some(&c)) => {
            u64::from(a) | u64::from(b) << (8 * (length / 2)) | u64::from(c) << (8 * (length - 1))
        }
        _ => 0,
    }
}

/// What analysing one record needs, reused from record to record.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    tokenizer: Tokenizer,
    /// Per term number, its entry in the record being analysed (`u32::MAX`: none);
    /// indexed directly, and reset after each record for the terms it had.
    entry_of: Vec<u32>,
    /// (entry, position) pairs, in the record's order.
    pairs: Vec<(u32, u32)>,
    /// Per entry, where its next position goes.
    cursors: Vec<u32>,
    /// The record's positions, grouped by entry.
    positions: Vec<u32>,
}

/// A set of slots.
#[derive(Debug, Clone, Default)]
pub(super) struct Bits(pub Vec<u64>);

impl Bits {
    pub(super) fn empty(slots: usize) -> Self {
        Bits(vec![0; slots.div_ceil(64)])
    }

    pub(super) fn set(&mut self, slot: u32) {
        if let Some(word) = self.0.get_mut(slot as usize / 64) {
            *word |= 1 << (slot % 64);
        }
    }

    fn clear(&mut self, slot: u32) {
        if let Some(word) = self.0.get_mut(slot as usize / 64) {
            *word &= !(1 << (slot % 64));
        }
    }

    pub(super) fn has(&self, slot: u32) -> bool {
        self.0
            .get(slot as usize / 64)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    fn and(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    fn or(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
    }

    fn and_not(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= !b);
    }

    fn grow(&mut self, slots: usize) {
        self.0.resize(slots.div_ceil(64), 0);
    }

    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            let mut w = word;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some(i as u32 * 64 + bit)
            })
        })
    }
}

/// What to search for and how to order the result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The parsed query.
    pub query: Query,
    /// Facet values every record must have.
    pub filters: Vec<(Facet, String)>,
    /// `None` for relevance (best first), or a column.
    pub sort: Option<SortColumn>,
    /// Ascending when true (ignored for relevance).
    pub ascending: bool,
}

/// The result of a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchOutcome {
    /// The matching records, in order.
    pub ids: Vec<RecordId>,
    /// Relevance of each record in `ids` (all zero for a query without words).
    pub scores: Vec<f32>,
    /// For each facet, its values over the result, with counts.
    pub facets: FacetCounts,
}

/// The index of a catalog.
#[derive(Debug, Default)]
pub struct Index {
    pub(super) terms: Terms,
    pub(super) postings: PostingStore,
    pub(super) docs: Docs,
    pub(super) live: Bits,
    pub(super) live_count: usize,
    pub(super) live_length: u64,
    /// Per slot, its number of tokens (BM25's document length); apart from `docs`
    /// so that scoring reads a dense array.
    pub(super) lengths: Vec<u32>,
    /// Per slot, where its facet value numbers start in `facet_numbers` (one more
    /// entry than slots).
    pub(super) facet_starts: Vec<u32>,
    pub(super) facet_numbers: Vec<u32>,
    /// Per facet value number, how many live records have it: a result holding most
    /// of the catalog is counted as everything minus the few records it lacks.
    pub(super) live_facet_counts: Vec<u32>,
    pub(super) slot_of: FxHashMap<RecordId, u32>,
    pub(super) facet_values: FacetValues,
    /// Per sort column, every slot (dead ones too) in ascending order.
    pub(super) orders: Vec<(SortColumn, Vec<u32>)>,
    /// Kept from one edit to the next.
    pub(super) scratch: Scratch,
}

/// Records per batch of analysis: enough to share buffers, few enough that the
/// threads share the work evenly.
const BATCH: usize = 16;

pub(super) const SORT_COLUMNS: [SortColumn; 6] = [
    SortColumn::Id,
    SortColumn::Date,
    SortColumn::Title,
    SortColumn::Type,
    SortColumn::Language,
    SortColumn::Status,
];

/// Analyses `record` into the batch `out`.
fn analyse(
    record: &Record,
    scratch: &mut Scratch,
    resolve: &mut dyn FnMut(&str) -> u32,
    out: &mut Analysed,
) {
    let Scratch {
        tokenizer,
        entry_of,
        pairs,
        cursors,
        positions,
    } = scratch;
    pairs.clear();
    // The record's entries, numbered from 0 in `entry_of` and `pairs`.
    let first_entry = out.terms.len();
    let terms = &mut out.terms;
    let mut length = 0u32;
    let mut field_offset = 0u32;
    let mut current_field = None;
    for_each_text(record, |field, text| {
        if current_field != Some(field) {
            current_field = Some(field);
            field_offset = 0;
        }
        let base = (field.index() as u32) << FIELD_SHIFT;
        let bit = 1u16 << field.index();
        let weight = field.weight() as u32;
        tokenizer.tokens(text, |token| {
            let position = base | field_offset.min(OFFSET_MASK);
            field_offset = field_offset.saturating_add(1);
            length = length.saturating_add(1);
            let term = resolve(token);
            let t = term as usize;
            if entry_of.len() <= t {
                entry_of.resize(t + 1, u32::MAX);
            }
            let Some(slot) = entry_of.get_mut(t) else {
                return;
            };
            if *slot == u32::MAX {
                *slot = (terms.len() - first_entry) as u32;
                terms.push(TermEntry {
                    term,
                    ..TermEntry::default()
                });
            }
            let entry = *slot;
            if let Some(e) = terms.get_mut(first_entry + entry as usize) {
                e.mask |= bit;
                e.weight += weight;
                e.count += 1;
            }
            pairs.push((entry, position));
        });
        // A gap, so that a phrase never runs from one value of a list into the next.
        field_offset = field_offset.saturating_add(1);
    });
    // Each entry's positions together, in order: counted out, not sorted.
    cursors.clear();
    let mut start = 0;
    let own_terms = out.terms.get_mut(first_entry..).unwrap_or(&mut []);
    for e in own_terms.iter_mut() {
        e.start = start;
        cursors.push(start);
        start += e.count;
        if let Some(slot) = entry_of.get_mut(e.term as usize) {
            *slot = u32::MAX;
        }
    }
    positions.clear();
    positions.resize(pairs.len(), 0);
    for &(entry, position) in pairs.iter() {
        if let Some(cursor) = cursors.get_mut(entry as usize) {
            if let Some(p) = positions.get_mut(*cursor as usize) {
                *p = position;
            }
            *cursor += 1;
        }
    }
    let encoded = &mut out.encoded;
    for e in own_terms {
        let from = e.start as usize;
        let own = positions.get(from..from + e.count as usize).unwrap_or(&[]);
        let start = encoded.len();
        encode_rest(encoded, e.mask, e.weight, own);
        e.start = start as u32;
        e.count = (encoded.len() - start) as u32;
    }
    let columns = [
        out.push_text(|s| record.title.chars().for_each(|c| fold_char(c, s))),
        out.push_text(|s| s.push_str(record.doc_type.as_str())),
        out.push_text(|s| s.push_str(record.languages.first().map_or("", |l| l.as_str()))),
        out.push_text(|s| s.push_str(&record.title)),
        out.push_text(|s| s.push_str(record.date.as_ref().map_or("", |d| d.as_str()))),
        out.push_text(|s| s.push_str(&record.date_display)),
    ];
    for facet in Facet::ALL {
        facet.for_each_value(record, |v| {
            let value = out.push_text(|s| s.push_str(v));
            out.facet_values.push((facet, value));
        });
    }
    out.records.push(AnalysedRecord {
        id: record.id.clone(),
        date: record.date.as_ref().and_then(|d| d.day_range()),
        status: record.status as u8,
        length,
        columns,
        terms_end: out.terms.len(),
        facets_end: out.facet_values.len(),
    });
}

/// An index built from records handed in batch by batch, for a caller that reads
/// them a batch at a time (`folio search` on a catalog it never holds whole): what
/// it holds is the index growing, and one batch.
pub struct IndexBuilder {
    index: Index,
    builder: Builder,
    shared: SharedTerms,
    /// The last records handed in, analysed: added while the next are analysed.
    pending: Option<Vec<Analysed>>,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        IndexBuilder::new()
    }
}

impl IndexBuilder {
    /// An empty build.
    pub fn new() -> IndexBuilder {
        IndexBuilder {
            index: Index::default(),
            builder: Builder::default(),
            shared: SharedTerms::new(),
            pending: None,
        }
    }

    /// Indexes the next `records`: analysed in parallel while the ones before are
    /// added (adding is sequential), then kept until the next call or
    /// [`IndexBuilder::finish`] adds them.
    pub fn add(&mut self, records: &[Arc<Record>]) {
        let IndexBuilder {
            index,
            builder,
            shared,
            pending,
        } = self;
        let earlier = pending.take();
        let ((), analysed) = rayon::join(
            || {
                for batch in earlier.iter().flatten() {
                    index.add(batch, Some(builder));
                }
            },
            || analyse_chunk(shared, records),
        );
        *pending = Some(analysed);
    }

    /// The index: its dictionary sorted, terms numbered by rank, postings laid out
    /// so, and the list's orders sorted.
    pub fn finish(self) -> Index {
        let IndexBuilder {
            mut index,
            mut builder,
            shared,
            pending,
        } = self;
        for batch in pending.iter().flatten() {
            index.add(batch, Some(&mut builder));
        }
        // The threads' caches of term numbers are no longer needed.
        rayon::broadcast(|_| {
            TERM_CACHE.with(|cache| *cache.borrow_mut() = (u64::MAX, TermCache::default()));
        });
        let mut sorted = shared.into_terms();
        sorted.par_sort_unstable();
        let order: Vec<u32> = sorted.iter().map(|(_, n)| *n).collect();
        index.terms =
            Terms::from_sorted(sorted.iter().map(|(t, _)| t.as_ref())).unwrap_or_default();
        drop(sorted);
        index.postings = builder.finish(&order);
        index.sort_orders();
        index
    }
}

/// Analyses `chunk` in parallel, in batches, each thread with its cache of the
/// build's term numbers.
fn analyse_chunk(shared: &SharedTerms, chunk: &[Arc<Record>]) -> Vec<Analysed> {
    chunk
        .par_chunks(BATCH)
        .map_init(Scratch::default, |scratch, records| {
            TERM_CACHE.with(|cache| {
                let mut cache = cache.borrow_mut();
                if cache.0 != shared.build {
                    *cache = (shared.build, TermCache::default());
                }
                let cache = &mut cache.1;
                let mut batch = Analysed::default();
                for r in records {
                    analyse(r, scratch, &mut |t| cache.resolve(t, shared), &mut batch);
                }
                batch
            })
        })
        .collect()
}

impl Index {
    /// Indexes `records`, in parallel, counting them in `progress` as it goes.
    pub fn build(records: &[Arc<Record>], progress: &AtomicUsize) -> Index {
        let mut build = IndexBuilder::new();
        // In chunks, so that the analyses held at once stay bounded.
        for chunk in records.chunks(1024) {
            build.add(chunk);
            progress.fetch_add(chunk.len(), AtomicOrdering::Relaxed);
        }
        build.finish()
    }

    /// Indexes records without reporting progress.
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a Record>) -> Index {
        let records: Vec<Arc<Record>> = records.into_iter().map(|r| Arc::new(r.clone())).collect();
        Index::build(&records, &AtomicUsize::new(0))
    }

    /// Adds analysed records in new slots, their postings to `builder` during a
    /// build, to the index's own store after.
    fn add(&mut self, analysed: &Analysed, mut builder: Option<&mut Builder>) {
        if self.facet_starts.is_empty() {
            self.facet_starts.push(0);
        }
        let (mut terms_from, mut facets_from) = (0, 0);
        for record in &analysed.records {
            let slot = self.docs.len() as u32;
            let entries = analysed.terms.get(terms_from..record.terms_end);
            for entry in entries.unwrap_or(&[]) {
                let start = entry.start as usize;
                let rest = analysed
                    .encoded
                    .get(start..start + entry.count as usize)
                    .unwrap_or(&[]);
                match builder.as_deref_mut() {
                    Some(builder) => builder.push(entry.term, slot, rest),
                    None => self.postings.push(entry.term, slot, rest),
                }
            }
            let values = analysed.facet_values.get(facets_from..record.facets_end);
            for &(facet, value) in values.unwrap_or(&[]) {
                let number = self.facet_values.number(facet, analysed.text(value));
                self.facet_numbers.push(number);
                let n = number as usize;
                if self.live_facet_counts.len() <= n {
                    self.live_facet_counts.resize(n + 1, 0);
                }
                if let Some(count) = self.live_facet_counts.get_mut(n) {
                    *count += 1;
                }
            }
            (terms_from, facets_from) = (record.terms_end, record.facets_end);
            self.facet_starts.push(self.facet_numbers.len() as u32);
            self.lengths.push(record.length);
            self.live_length += u64::from(record.length);
            self.slot_of.insert(record.id.clone(), slot);
            self.docs.push(
                record.id.clone(),
                record.date,
                record.status,
                record.columns.map(|c| analysed.text(c)),
            );
            self.live.grow(self.docs.len());
            self.live.set(slot);
            self.live_count += 1;
        }
    }

    /// Analyses one record with the index's own dictionary (after a build).
    fn analyse_one(&mut self, record: &Record) -> Analysed {
        let mut analysed = Analysed::default();
        let terms = &mut self.terms;
        analyse(
            record,
            &mut self.scratch,
            &mut |token| terms.intern(token),
            &mut analysed,
        );
        analysed
    }

    fn kill(&mut self, id: &RecordId) -> bool {
        let Some(slot) = self.slot_of.remove(id) else {
            return false;
        };
        self.live.clear(slot);
        self.live_count -= 1;
        let start = self.facet_starts.get(slot as usize).copied().unwrap_or(0) as usize;
        let end = self
            .facet_starts
            .get(slot as usize + 1)
            .copied()
            .unwrap_or(0) as usize;
        for i in start..end {
            let number = self.facet_numbers.get(i).copied().unwrap_or(0) as usize;
            if let Some(count) = self.live_facet_counts.get_mut(number) {
                *count = count.saturating_sub(1);
            }
        }
        if let Some(length) = self.lengths.get(slot as usize) {
            self.live_length -= u64::from(*length);
        }
        true
    }

    /// Indexes a new or edited record: its old words stop finding it at once.
    pub fn update(&mut self, record: &Record) {
        self.kill(&record.id);
        let analysed = self.analyse_one(record);
        let slot = self.docs.len() as u32;
        self.add(&analysed, None);
        let mut orders = std::mem::take(&mut self.orders);
        for (column, order) in &mut orders {
            let position =
                order.partition_point(|&s| self.compare(*column, s, slot) == Ordering::Less);
            order.insert(position, slot);
        }
        self.orders = orders;
    }

    /// Indexes many new or edited records and forgets `removed` ones. From 256
    /// records on, the orders are sorted once at the end rather than each record put
    /// in its place (which moves the whole order for each).
    pub fn update_many<'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a Record>,
        removed: &[RecordId],
    ) {
        for id in removed {
            self.kill(id);
        }
        let records: Vec<&Record> = records.into_iter().collect();
        // A few: each put in its place in the orders; more: the orders sorted again.
        if records.len() < 256 {
            for record in records {
                self.update(record);
            }
            return;
        }
        for record in records {
            self.kill(&record.id);
            let analysed = self.analyse_one(record);
            self.add(&analysed, None);
        }
        self.sort_orders();
    }

    /// Forgets a deleted record.
    pub fn remove(&mut self, id: &RecordId) {
        self.kill(id);
    }

    /// Number of records indexed.
    pub fn len(&self) -> usize {
        self.live_count
    }

    /// Whether no record is indexed.
    pub fn is_empty(&self) -> bool {
        self.live_count == 0
    }

    /// What a search lists of the record `id`, if indexed.
    pub fn listing(&self, id: &RecordId) -> Option<Listing<'_>> {
        let slot = *self.slot_of.get(id)?;
        Some(self.docs.listing(slot))
    }

    /// Number of distinct tokens.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    pub(super) fn sort_orders(&mut self) {
        let live: Vec<u32> = (0..self.docs.len() as u32).collect();
        self.orders = SORT_COLUMNS
            .par_iter()
            .map(|&column| {
                let mut order = live.clone();
                order.sort_by(|&a, &b| self.compare(column, a, b));
                (column, order)
            })
            .collect();
    }

    fn compare(&self, column: SortColumn, a: u32, b: u32) -> Ordering {
        let docs = &self.docs;
        let (i, j) = (a as usize, b as usize);
        let by = match column {
            SortColumn::Id => Ordering::Equal,
            // Undated records go last.
            SortColumn::Date => match (docs.date(a), docs.date(b)) {
                (Some(p), Some(q)) => (p.earliest, p.latest).cmp(&(q.earliest, q.latest)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            SortColumn::Title => docs.title_keys.get(i).cmp(docs.title_keys.get(j)),
            SortColumn::Type => docs.doc_types.get(i).cmp(docs.doc_types.get(j)),
            SortColumn::Language => docs.languages.get(i).cmp(docs.languages.get(j)),
            SortColumn::Status => docs.status.get(i).cmp(&docs.status.get(j)),
            SortColumn::Relevance => Ordering::Equal,
        };
        by.then_with(|| docs.id(a).cmp(&docs.id(b)))
    }

    fn facet_numbers_of(&self, slot: u32) -> &[u32] {
        let start = self.facet_starts.get(slot as usize).copied().unwrap_or(0) as usize;
        let end = self
            .facet_starts
            .get(slot as usize + 1)
            .copied()
            .unwrap_or(0) as usize;
        self.facet_numbers.get(start..end).unwrap_or(&[])
    }

    /// Searches.
    pub fn search(&self, request: &SearchRequest) -> SearchOutcome {
        let (found, lists) = self.matching(request);
        let (ordered, scores) = self.ordered(request, &found, &lists, usize::MAX);
        let facets = self.facet_counts(&found);
        SearchOutcome {
            ids: ordered
                .iter()
                .filter_map(|&s| self.docs.id(s).cloned())
                .collect(),
            scores,
            facets,
        }
    }

    /// What a list shows of a search: the records as slots of the index's id column
    /// (no id copied), and the facet counts. Ranked by relevance, only the first
    /// [`RANKED_FIRST`] are put in order here; the rest are the first time a row past
    /// them is wanted (most searches are looked at from the top).
    pub fn search_hits(&self, request: &SearchRequest) -> (Hits, FacetCounts) {
        let (found, lists) = self.matching(request);
        let hits = match request.sort {
            None => Hits::ranked(
                self.rank_keys(&found, &lists),
                RANKED_FIRST,
                self.docs.ids.clone(),
            ),
            Some(column) => Hits::new(
                self.in_order(&found, column, request.ascending),
                self.docs.ids.clone(),
            ),
        };
        (hits, self.facet_counts(&found))
    }

    /// The slot of the record `id`, if indexed: with [`Hits::row_of_slot`], its row in
    /// a result.
    pub fn slot(&self, id: &RecordId) -> Option<u32> {
        self.slot_of.get(id).copied()
    }

    /// The first `limit` records of what [`Index::search`] finds, in its order (with
    /// their relevance when ranked by it), and how many it finds: for a caller that
    /// shows the first few (`folio search --limit`), which needs neither the facets
    /// nor the other records put in order.
    pub fn search_first(
        &self,
        request: &SearchRequest,
        limit: usize,
    ) -> (usize, Vec<(RecordId, Option<f32>)>) {
        let (found, lists) = self.matching(request);
        let total = found.count();
        let (ordered, scores) = self.ordered(request, &found, &lists, limit);
        let first = ordered
            .iter()
            .enumerate()
            .filter_map(|(i, &s)| Some((self.docs.id(s)?.clone(), scores.get(i).copied())))
            .collect();
        (total, first)
    }

    /// The live records `request` finds (its query and filters), with the posting
    /// lists its words read (for the ranking).
    fn matching(&self, request: &SearchRequest) -> (Bits, Lists<'_>) {
        let mut lists = Lists::default();
        let mut found = self.eval(&request.query, &mut lists, false);
        found.and(&self.live);
        if !request.filters.is_empty() {
            let wanted: Option<Vec<u32>> = request
                .filters
                .iter()
                .map(|(facet, value)| self.facet_values.lookup(*facet, value))
                .collect();
            match wanted {
                // A value no record has: nothing matches.
                None => found = Bits::empty(self.docs.len()),
                Some(wanted) => {
                    let slots: Vec<u32> = found.iter().collect();
                    for slot in slots {
                        let numbers = self.facet_numbers_of(slot);
                        if !wanted.iter().all(|w| numbers.contains(w)) {
                            found.clear(slot);
                        }
                    }
                }
            }
        }
        (found, lists)
    }

    /// The first `limit` of `found` in the request's order, with their relevance
    /// when ranked by it (only those `limit` are put in order).
    fn ordered(
        &self,
        request: &SearchRequest,
        found: &Bits,
        lists: &Lists,
        limit: usize,
    ) -> (Vec<u32>, Vec<f32>) {
        match request.sort {
            None => {
                let mut ranked = self.rank_keys(found, lists);
                if limit < ranked.len() {
                    // Only the first `limit` put in order: the rest is never shown.
                    ranked.select_nth_unstable(limit);
                    ranked.truncate(limit);
                }
                ranked.par_sort_unstable();
                ranked
                    .into_iter()
                    .map(|key| {
                        let slot = key as u32;
                        (slot, f32::from_bits(u32::MAX - (key >> 32) as u32))
                    })
                    .unzip()
            }
            Some(column) => {
                let mut slots = self.in_order(found, column, request.ascending);
                slots.truncate(limit);
                (slots, Vec::new())
            }
        }
    }

    /// One key per record found, which sort best first, equal scores in slot order
    /// (the catalog's id order): the score's bits above the slot. Scores are never
    /// negative, so their bits order like the numbers, and integers sort fastest.
    fn rank_keys(&self, found: &Bits, lists: &Lists) -> Vec<u64> {
        let scores = self.score(found, lists);
        found
            .iter()
            .map(|s| {
                let score = scores.get(s as usize).copied().unwrap_or(0.0).max(0.0);
                (u64::from(u32::MAX - score.to_bits()) << 32) | u64::from(s)
            })
            .collect()
    }

    fn in_order(&self, found: &Bits, column: SortColumn, ascending: bool) -> Vec<u32> {
        let Some((_, order)) = self.orders.iter().find(|(c, _)| *c == column) else {
            return found.iter().collect();
        };
        let mut slots: Vec<u32> = order.iter().copied().filter(|&s| found.has(s)).collect();
        if !ascending {
            if column == SortColumn::Date {
                // Undated records stay last either way.
                let dated = slots.partition_point(|&s| self.docs.date(s).is_some());
                if let Some(dated) = slots.get_mut(..dated) {
                    dated.reverse();
                }
            } else {
                slots.reverse();
            }
        }
        slots
    }

    /// The facet counts over these records (ids not indexed are skipped).
    pub fn count_facets(&self, ids: &[RecordId]) -> FacetCounts {
        let mut bits = Bits::empty(self.docs.len());
        for id in ids {
            if let Some(&slot) = self.slot_of.get(id) {
                bits.set(slot);
            }
        }
        self.facet_counts(&bits)
    }

    /// The facet counts over the records matching `query` (no ranking, no sorting).
    pub fn count_facets_of(&self, query: &Query) -> FacetCounts {
        let mut found = self.eval(query, &mut Lists::default(), false);
        found.and(&self.live);
        self.facet_counts(&found)
    }

    fn facet_counts(&self, found: &Bits) -> FacetCounts {
        let total = self.facet_values.values.len();
        let size: usize = found.0.iter().map(|w| w.count_ones() as usize).sum();
        // A result holding most of the catalog: count the records it lacks instead.
        let complement = size > self.live_count / 2;
        let lacking;
        let counted = if complement {
            let mut rest = self.live.clone();
            rest.and_not(found);
            lacking = rest;
            &lacking
        } else {
            found
        };
        // Slots in ascending order read the numbers front to back; halves in parallel
        // unless the set is small (a parallel task costs more than a few records).
        let words = &counted.0;
        let small = size.min(self.live_count - size.min(self.live_count)) < 4096;
        let half = if small {
            words.len().max(1)
        } else {
            words.len().div_ceil(2).max(1)
        };
        let counts = words
            .par_chunks(half)
            .enumerate()
            .map(|(chunk, part)| {
                let mut counts = vec![0u32; total];
                for (i, &word) in part.iter().enumerate() {
                    let mut w = word;
                    while w != 0 {
                        let slot = ((chunk * half + i) * 64) as u32 + w.trailing_zeros();
                        w &= w - 1;
                        for &number in self.facet_numbers_of(slot) {
                            if let Some(n) = counts.get_mut(number as usize) {
                                *n += 1;
                            }
                        }
                    }
                }
                counts
            })
            .reduce(
                || vec![0u32; total],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    a
                },
            );
        let counts: Vec<u32> = if complement {
            (0..total)
                .map(|i| {
                    let all = self.live_facet_counts.get(i).copied().unwrap_or(0);
                    all.saturating_sub(counts.get(i).copied().unwrap_or(0))
                })
                .collect()
        } else {
            counts
        };
        let mut lists: FacetCounts = Facet::ALL.iter().map(|&f| (f, Vec::new())).collect();
        for ((facet, name), &n) in self.facet_values.values.iter().zip(&counts) {
            if n > 0
                && let Some((_, list)) = lists.iter_mut().find(|(f, _)| f == facet)
            {
                list.push((name.to_string(), n as usize));
            }
        }
        for (facet, list) in &mut lists {
            facet.sort_counts(list);
        }
        lists
    }

    /// BM25 over the query's positive words, for the slots found; one score per slot.
    /// The slots are scored in two halves at once (each term's list is in slot order,
    /// so each half reads its own part of every list and writes its own scores).
    fn score(&self, found: &Bits, lists: &Lists) -> Vec<f32> {
        let mut scores = vec![0f32; self.docs.len()];
        let middle = scores.len() / 2;
        let (low, high) = scores.split_at_mut(middle);
        rayon::join(
            || self.score_part(found, lists, 0, low),
            || self.score_part(found, lists, middle as u32, high),
        );
        scores
    }

    /// [`Index::score`] of the slots from `from` on that `scores` holds.
    fn score_part(&self, found: &Bits, lists: &Lists, from: u32, scores: &mut [f32]) {
        let until = from as usize + scores.len();
        let n = self.live_count.max(1) as f32;
        let average = (self.live_length as f32 / n).max(1.0);
        for &(term, field) in &lists.scoring {
            let Some(postings) = lists.decoded.get(&term) else {
                continue;
            };
            let df = postings.slots.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.01);
            let bit = field.map_or(u16::MAX, |f| 1u16 << f.index());
            let title = 1u16 << SearchField::Title.index();
            let start = postings.slots.partition_point(|&s| s < from);
            let end = postings.slots.partition_point(|&s| (s as usize) < until);
            let entries = postings
                .slots
                .get(start..end)
                .unwrap_or(&[])
                .iter()
                .zip(postings.masks.get(start..end).unwrap_or(&[]))
                .zip(postings.weights.get(start..end).unwrap_or(&[]));
            for ((&slot, &mask), &tf) in entries {
                if mask & bit == 0 || !found.has(slot) {
                    continue;
                }
                let length = self.lengths.get(slot as usize).copied().unwrap_or(1) as f32;
                let mut part = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average));
                if mask & bit & title != 0 {
                    part += TITLE_TIER;
                }
                if let Some(score) = scores.get_mut((slot - from) as usize) {
                    *score += part;
                }
            }
        }
    }

    fn all_slots(&self) -> Bits {
        self.live.clone()
    }

    fn eval<'a>(&'a self, query: &Query, lists: &mut Lists<'a>, negated: bool) -> Bits {
        match query {
            Query::All => self.all_slots(),
            Query::Term {
                field,
                word,
                prefix,
            } => self.term(*field, word, *prefix, lists, negated),
            Query::Phrase { field, text } => {
                let tokens = Tokenizer::default().collect(text);
                self.phrase(*field, &tokens, lists, negated)
            }
            Query::Date(range) => {
                let mut bits = Bits::empty(self.docs.len());
                for (slot, date) in self.docs.dates.iter().enumerate() {
                    if date.is_some_and(|d| d.overlaps(range)) {
                        bits.set(slot as u32);
                    }
                }
                bits
            }
            Query::Not(inner) => {
                let mut all = self.all_slots();
                all.and_not(&self.eval(inner, lists, !negated));
                all
            }
            Query::And(parts) => {
                let mut bits = self.all_slots();
                for part in parts {
                    bits.and(&self.eval(part, lists, negated));
                }
                bits
            }
            Query::Or(parts) => {
                let mut bits = Bits::empty(self.docs.len());
                for part in parts {
                    bits.or(&self.eval(part, lists, negated));
                }
                bits
            }
        }
    }

    fn term<'a>(
        &'a self,
        field: Option<SearchField>,
        word: &str,
        prefix: bool,
        lists: &mut Lists<'a>,
        negated: bool,
    ) -> Bits {
        let mut tokens = Tokenizer::default().collect(word);
        if tokens.is_empty() {
            return self.all_slots();
        }
        if !prefix {
            if let [only] = tokens.as_slice()
                && only.chars().count() == 1
                && only.chars().all(is_cjk)
            {
                return self.cjk_character(field, only, lists, negated);
            }
            return self.phrase(field, &tokens, lists, negated);
        }
        // `kim-il*`: the words before the last as a phrase, the last as a prefix.
        let last = tokens.pop().unwrap_or_default();
        let mut bits = if tokens.is_empty() {
            self.all_slots()
        } else {
            self.phrase(field, &tokens, lists, negated)
        };
        let mut matching = Bits::empty(self.docs.len());
        let prefixed: Vec<u32> = self.terms.with_prefix(&last).map(|(_, id)| id).collect();
        lists.prefetch(self, &prefixed, false);
        for id in prefixed {
            set_slots(&mut matching, &lists.get(self, id, false), field);
            if !negated {
                lists.scoring.push((id, field));
            }
        }
        bits.and(&matching);
        bits
    }

    /// One Han, kana or Hangul character: the bigrams holding it (and the character
    /// where it stood alone).
    fn cjk_character<'a>(
        &'a self,
        field: Option<SearchField>,
        character: &str,
        lists: &mut Lists<'a>,
        negated: bool,
    ) -> Bits {
        let mut bits = Bits::empty(self.docs.len());
        let holding: Vec<u32> = self
            .terms
            .iter()
            .filter(|(text, _)| text.contains(character) && text.chars().all(is_cjk))
            .map(|(_, id)| id)
            .collect();
        lists.prefetch(self, &holding, false);
        for id in holding {
            set_slots(&mut bits, &lists.get(self, id, false), field);
            if !negated {
                lists.scoring.push((id, field));
            }
        }
        bits
    }

    fn phrase<'a>(
        &'a self,
        field: Option<SearchField>,
        tokens: &[String],
        lists: &mut Lists<'a>,
        negated: bool,
    ) -> Bits {
        let mut bits = Bits::empty(self.docs.len());
        let ids: Option<Vec<u32>> = tokens.iter().map(|t| self.terms.get(t.as_str())).collect();
        let Some(ids) = ids else {
            return bits;
        };
        if !negated {
            lists.scoring.extend(ids.iter().map(|&id| (id, field)));
        }
        // One word needs no positions.
        let with_positions = ids.len() > 1;
        lists.prefetch(self, &ids, with_positions);
        let decoded: Vec<Arc<List>> = ids
            .iter()
            .map(|&id| lists.get(self, id, with_positions))
            .collect();
        let Some((first, rest)) = decoded.split_first() else {
            return self.all_slots();
        };
        if rest.is_empty() {
            set_slots(&mut bits, first, field);
            return bits;
        }
        // The first list split in parts checked in parallel.
        let parts = rayon::current_num_threads().max(1) * 2;
        let size = first.slots.len().div_ceil(parts).max(1);
        let found: Vec<Vec<u32>> = (0..first.slots.len())
            .step_by(size)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|start| {
                phrase_slots(
                    first,
                    rest,
                    start..(start + size).min(first.slots.len()),
                    field,
                )
            })
            .collect();
        for slot in found.into_iter().flatten() {
            bits.set(slot);
        }
        bits
    }
}

/// For each facet, its values with how many records have each, most frequent first.
pub type FacetCounts = Vec<(Facet, Vec<(String, usize)>)>;

/// How many records of a search ranked by relevance [`Index::search_hits`] puts in
/// order at once: more than any screen shows.
pub const RANKED_FIRST: usize = 1024;

/// The words a search ranks by, and the postings lists it decoded (each once).
#[derive(Default)]
struct Lists<'a> {
    scoring: Vec<(u32, Option<SearchField>)>,
    decoded: FxHashMap<u32, Arc<List<'a>>>,
}

impl<'a> Lists<'a> {
    /// Decodes the lists of `terms` not yet decoded (with their positions when
    /// asked for), in parallel.
    fn prefetch(&mut self, index: &'a Index, terms: &[u32], with_positions: bool) {
        let mut missing: Vec<u32> = terms
            .iter()
            .copied()
            .filter(|t| !self.has(*t, with_positions))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.len() < 2 {
            return;
        }
        let decoded: Vec<(u32, List<'a>)> = missing
            .into_par_iter()
            .map(|t| (t, index.postings.list(t, with_positions)))
            .collect();
        for (t, list) in decoded {
            self.decoded.insert(t, Arc::new(list));
        }
    }

    /// Whether `term` is decoded (with its positions when they are needed).
    fn has(&self, term: u32, with_positions: bool) -> bool {
        self.decoded
            .get(&term)
            .is_some_and(|l| l.with_positions || !with_positions)
    }

    fn get(&mut self, index: &'a Index, term: u32, with_positions: bool) -> Arc<List<'a>> {
        if !self.has(term, with_positions) {
            let list = Arc::new(index.postings.list(term, with_positions));
            self.decoded.insert(term, list);
        }
        self.decoded.get(&term).map(Arc::clone).unwrap_or_default()
    }
}

/// Adds the slots of `list` (those where it is in `field`, when given) to `bits`.
fn set_slots(bits: &mut Bits, list: &List, field: Option<SearchField>) {
    match field {
        None => list.slots.iter().for_each(|&s| bits.set(s)),
        Some(f) => {
            let bit = 1u16 << f.index();
            for (&slot, &mask) in list.slots.iter().zip(&list.masks) {
                if mask & bit != 0 {
                    bits.set(slot);
                }
            }
        }
    }
}

/// The slots among `first.slots[range]` where the phrase `first`, `rest…` occurs (in
/// `field` when given).
fn phrase_slots(
    first: &List,
    rest: &[Arc<List>],
    range: std::ops::Range<usize>,
    field: Option<SearchField>,
) -> Vec<u32> {
    let mut out = Vec::new();
    let bit = field.map(|f| 1u16 << f.index());
    let Some(&start_slot) = first.slots.get(range.start) else {
        return out;
    };
    // Walk the slot lists together: every list is sorted.
    let mut cursors: Vec<usize> = rest
        .iter()
        .map(|l| l.slots.partition_point(|&s| s < start_slot))
        .collect();
    let mut others = Vec::with_capacity(rest.len());
    'slots: for i in range {
        let Some(&slot) = first.slots.get(i) else {
            break;
        };
        if bit.is_some_and(|b| first.masks.get(i).is_some_and(|m| m & b == 0)) {
            continue;
        }
        for (cursor, list) in cursors.iter_mut().zip(rest) {
            while list.slots.get(*cursor).is_some_and(|&s| s < slot) {
                *cursor += 1;
            }
            if list.slots.get(*cursor) != Some(&slot) {
                continue 'slots;
            }
        }
        if phrase_in_entry(first, i, rest, &cursors, field, &mut others) {
            out.push(slot);
        }
    }
    out
}

/// Whether entry `i` of `first` starts the phrase `first`, `rest…` (each of `rest` at
/// its entry in `cursors` for the same slot). Every word's positions are walked
/// together, forward only, and decoded only as far as the first occurrence found.
fn phrase_in_entry<'a>(
    first: &List,
    i: usize,
    rest: &'a [Arc<List>],
    cursors: &[usize],
    field: Option<SearchField>,
    others: &mut Vec<(std::iter::Peekable<Positions<'a>>, u32)>,
) -> bool {
    others.clear();
    others.extend(
        rest.iter()
            .zip(cursors)
            .zip(1u32..)
            .map(|((list, &cursor), k)| (list.positions(cursor).peekable(), k)),
    );
    'positions: for p in first.positions(i) {
        if field.is_some_and(|f| p >> FIELD_SHIFT != f.index() as u32) {
            continue;
        }
        for (positions, k) in others.iter_mut() {
            // Saturating: positions read from a damaged index file may be anything.
            let wanted = p.saturating_add(*k);
            // Positions only grow, and so does `wanted`: never look back.
            while positions.next_if(|&q| q < wanted).is_some() {}
            match positions.peek() {
                Some(&q) if q == wanted => {}
                Some(_) => continue 'positions,
                // This word occurs no further on: no later start can match.
                None => return false,
            }
        }
        return true;
    }
    false
}

/// The ids a query finds, as strings, in `sort` order (tests).
#[cfg(test)]
pub(crate) fn found_ids(
    index: &Index,
    query: &str,
    sort: Option<SortColumn>,
    ascending: bool,
) -> Vec<String> {
    let request = SearchRequest {
        query: Query::parse(query).unwrap_or(Query::All),
        filters: Vec::new(),
        sort,
        ascending,
    };
    index
        .search(&request)
        .ids
        .iter()
        .map(|i| i.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArchivalDate, Status, Text, TextKind};

    #[test]
    fn packed_keys_hold_the_bytes_and_the_length() {
        let text = "abcdefghijklmnopq";
        for length in 0..=17 {
            let token = &text[..length];
            let Some(key) = TermCache::packed(token) else {
                assert!(length > 15, "{length} bytes fit");
                continue;
            };
            let mut expected = [0u8; 16];
            expected[..length].copy_from_slice(token.as_bytes());
            expected[15] = length as u8;
            assert_eq!(key, u128::from_le_bytes(expected), "{length} bytes");
        }
        // Trailing zero bytes are told apart by the length.
        assert_ne!(TermCache::packed("a"), TermCache::packed("a\0"));
    }

    fn record(id: &str, title: &str, date: &str, text: &str) -> Record {
        let mut r = Record::new(RecordId::new(id).unwrap(), title);
        if !date.is_empty() {
            r.date = Some(ArchivalDate::parse(date).unwrap());
        }
        r.texts = vec![Text {
            kind: TextKind::Translation,
            language: "English".into(),
            body: text.into(),
        }]
        .into();
        r
    }

    fn corpus() -> Vec<Record> {
        let mut a = record(
            "a",
            "Telegram, Shtykov to Vyshinsky",
            "1950-08-31",
            "Kim Il Sung asked about the foreign affairs of the embassy.",
        );
        a.people = vec!["Kim Il Sung".into(), "Shtykov, Terentii".into()];
        a.places = vec!["North Korea".into()];
        a.languages = vec!["Russian".into()];
        a.doc_type = "Telegram".into();
        let mut b = record(
            "b",
            "Statement of Nakajima Kenzo",
            "1967-11",
            "The Satō government invites Chiang Ching-kuo. 一九五二年七月",
        );
        b.people = vec!["Satō, Eisaku".into()];
        b.languages = vec!["Japanese".into()];
        b.status = Status::Reviewed;
        let mut c = record(
            "c",
            "Report on the embassy",
            "195X",
            "Affairs of the foreign embassy; Khrushchëv spoke.",
        );
        c.summary = "About embassies and Kim.".into();
        c.languages = vec!["Russian".into()];
        let d = record("d", "Undated note", "", "Nothing about Kim.");
        vec![a, b, c, d]
    }

    fn ids(index: &Index, query: &str) -> Vec<String> {
        found_ids(index, query, Some(SortColumn::Id), true)
    }

    fn index() -> Index {
        Index::from_records(&corpus())
    }

    #[test]
    fn every_query_form() {
        let index = index();
        assert_eq!(ids(&index, ""), ["a", "b", "c", "d"]);
        assert_eq!(ids(&index, "kim"), ["a", "c", "d"]);
        assert_eq!(ids(&index, "KIM embassy"), ["a", "c"]);
        assert_eq!(ids(&index, "\"foreign affairs\""), ["a"]);
        assert_eq!(ids(&index, "\"affairs foreign\""), Vec::<String>::new());
        assert_eq!(ids(&index, "embass*"), ["a", "c"]);
        assert_eq!(ids(&index, "kim -embassy"), ["d"]);
        assert_eq!(ids(&index, "nakajima OR khrushchev"), ["b", "c"]);
        assert_eq!(ids(&index, "(nakajima OR khrushchev) -reviewed"), ["c"]);
        assert_eq!(ids(&index, "title:embassy"), ["c"]);
        assert_eq!(ids(&index, "summary:kim"), ["c"]);
        assert_eq!(ids(&index, "person:kim"), ["a"]);
        assert_eq!(ids(&index, "person:\"kim il sung\""), ["a"]);
        assert_eq!(ids(&index, "text:\"kim il\""), ["a"]);
        assert_eq!(ids(&index, "title:\"kim il\""), Vec::<String>::new());
        assert_eq!(ids(&index, "place:korea lang:russian"), ["a"]);
        assert_eq!(ids(&index, "status:reviewed"), ["b"]);
        assert_eq!(ids(&index, "type:telegram"), ["a"]);
        assert_eq!(ids(&index, "id:c"), ["c"]);
        assert_eq!(ids(&index, "Vyshinsky,"), ["a"]);
        assert_eq!(
            ids(&index, "ching-kuo"),
            ["b"],
            "a hyphenated word is a phrase"
        );
    }

    #[test]
    fn folding_and_cjk() {
        let index = index();
        assert_eq!(ids(&index, "Sato"), ["b"]);
        assert_eq!(ids(&index, "SATŌ"), ["b"]);
        assert_eq!(ids(&index, "khrushchev"), ["c"]);
        assert_eq!(ids(&index, "Khrushchëv"), ["c"]);
        assert_eq!(ids(&index, "一九五二"), ["b"]);
        assert_eq!(ids(&index, "年"), ["b"], "a single character");
        assert_eq!(ids(&index, "五一"), Vec::<String>::new());
    }

    #[test]
    fn date_ranges_overlap() {
        let index = index();
        assert_eq!(ids(&index, "date:1950..1953"), ["a", "c"]);
        assert_eq!(ids(&index, "date:1967"), ["b"]);
        assert_eq!(ids(&index, "date:1950-08"), ["a", "c"]);
        assert_eq!(ids(&index, "date:..1949"), Vec::<String>::new());
        assert_eq!(ids(&index, "date:1960.."), ["b"]);
        assert_eq!(ids(&index, "-date:1950..1959"), ["b", "d"]);
    }

    #[test]
    fn edits_update_the_index_at_once() {
        let records = corpus();
        let mut index = Index::from_records(&records);
        let mut edited = records[0].clone();
        edited.texts.make_mut().unwrap().clear();
        edited.title = "Telegram about Molotov".into();
        index.update(&edited);
        assert_eq!(ids(&index, "molotov"), ["a"], "new words find it");
        assert_eq!(ids(&index, "shtykov"), ["a"], "still in people");
        assert_eq!(
            ids(&index, "vyshinsky"),
            Vec::<String>::new(),
            "old words do not"
        );
        assert_eq!(ids(&index, "\"foreign affairs\""), Vec::<String>::new());
        let new = record("e", "A new record", "1951", "About Molotov.");
        index.update(&new);
        assert_eq!(ids(&index, "molotov"), ["a", "e"]);
        index.remove(&RecordId::new("a").unwrap());
        assert_eq!(ids(&index, "molotov"), ["e"]);
        assert_eq!(index.len(), 4);
        // Sort orders follow: the new record sorts by its date.
        assert_eq!(
            found_ids(&index, "", Some(SortColumn::Date), true),
            ["c", "e", "b", "d"],
            "195X starts in 1950"
        );
    }

    #[test]
    fn relevance_ranks_title_hits_first() {
        let index = index();
        let request = SearchRequest {
            query: Query::parse("embassy").unwrap(),
            filters: Vec::new(),
            sort: None,
            ascending: true,
        };
        let outcome = index.search(&request);
        assert_eq!(outcome.ids[0].as_str(), "c", "the title hit ranks first");
        assert!(outcome.scores[0] > outcome.scores[1]);
    }

    #[test]
    fn a_word_in_the_title_outranks_the_word_many_times_in_long_texts() {
        let long = |n| "The embassy wrote to the embassy. ".repeat(n);
        let records = vec![
            record("a", "Report on rice", "1960-01-01", &long(40)),
            record("b", "Note on coal", "1960-01-02", &long(25)),
            record(
                "c",
                "Embassy minutes",
                "1960-01-03",
                "A short text on rice.",
            ),
            record("d", "Embassy embassy report", "1960-01-04", &long(3)),
        ];
        let index = Index::from_records(&records);
        let outcome = index.search(&SearchRequest {
            query: Query::parse("embassy").unwrap(),
            filters: Vec::new(),
            sort: None,
            ascending: true,
        });
        let ranked: Vec<&str> = outcome.ids.iter().map(RecordId::as_str).collect();
        assert_eq!(ranked.len(), 4);
        let titled: Vec<&str> = ranked[..2].to_vec();
        assert!(titled.contains(&"c") && titled.contains(&"d"), "{ranked:?}");
        // Below the title hits, BM25 still orders the rest.
        assert_eq!(&ranked[2..], ["a", "b"], "{:?}", outcome.scores);
        // Two query words in the title rank above one.
        let outcome = index.search(&SearchRequest {
            query: Query::parse("embassy report").unwrap(),
            filters: Vec::new(),
            sort: None,
            ascending: true,
        });
        assert_eq!(outcome.ids[0].as_str(), "d");
    }

    #[test]
    fn facets_count_the_result_and_filter_it() {
        let index = index();
        let mut request = SearchRequest {
            query: Query::parse("kim").unwrap(),
            filters: Vec::new(),
            sort: Some(SortColumn::Id),
            ascending: true,
        };
        let outcome = index.search(&request);
        let languages = &outcome
            .facets
            .iter()
            .find(|(f, _)| *f == Facet::Language)
            .unwrap()
            .1;
        assert_eq!(languages, &vec![("Russian".to_owned(), 2)]);
        let decades = &outcome
            .facets
            .iter()
            .find(|(f, _)| *f == Facet::Decade)
            .unwrap()
            .1;
        assert_eq!(
            decades,
            &vec![("1950s".to_owned(), 2), ("(undated)".to_owned(), 1)],
            "undated records are counted, after the decades"
        );
        request.filters = vec![(Facet::Person, "Kim Il Sung".into())];
        assert_eq!(
            index.search(&request).ids,
            vec![RecordId::new("a").unwrap()]
        );
        request.filters = vec![(Facet::Person, "Nobody".into())];
        assert!(index.search(&request).ids.is_empty());
    }

    #[test]
    fn descending_date_keeps_undated_last() {
        let index = index();
        assert_eq!(
            found_ids(&index, "", Some(SortColumn::Date), false),
            ["b", "a", "c", "d"]
        );
    }
}

#[cfg(test)]
mod differential {
    use super::*;

    /// The index agrees with a scan of the records.
    #[test]
    fn index_matches_a_scan_on_synthetic_records() {
        let records: Vec<Record> = (0..600)
            .map(|i| crate::synth::synthetic_record(9, i).unwrap())
            .collect();
        let index = Index::from_records(&records);
        let search = |q: &str| found_ids(&index, q, Some(SortColumn::Id), true);
        let scan = |keep: &dyn Fn(&Record) -> bool| -> Vec<String> {
            records
                .iter()
                .filter(|r| keep(r))
                .map(|r| r.id.to_string())
                .collect()
        };
        let range = day_range("1950", "1953");
        let by_date = scan(&|r| {
            r.date
                .as_ref()
                .and_then(|d| d.day_range())
                .is_some_and(|d| d.overlaps(&range))
        });
        assert!(!by_date.is_empty());
        assert_eq!(search("date:1950..1953"), by_date);
        let mut tokenizer = Tokenizer::default();
        let mut has_token = |r: &Record, token: &str| {
            let mut found = false;
            for_each_text(r, |_, text| {
                tokenizer.tokens(text, |t| found |= t == token);
            });
            found
        };
        let gromyko: Vec<String> = records
            .iter()
            .filter(|r| has_token(r, "gromyko"))
            .map(|r| r.id.to_string())
            .collect();
        assert_eq!(search("gromyko"), gromyko);
        assert_eq!(
            search("person:gromyko"),
            scan(&|r| r.people.iter().any(|p| p.contains("Gromyko")))
        );
        assert_eq!(
            search("金日成"),
            scan(&|r| r.texts.iter().any(|t| t.body.contains("金日成")))
        );
    }

    /// The scan (the search while the index is being built) finds exactly what the
    /// index finds, for every form of the query language, before and after edits.
    #[test]
    fn the_scan_finds_what_the_index_finds() {
        let mut records: Vec<Record> = (0..400)
            .map(|i| crate::synth::synthetic_record(11, i).unwrap())
            .collect();
        // Texts the synthetic corpus lacks: diacritics, punctuation inside words,
        // full-width letters, a lone CJK character, a repeated word in a phrase.
        records[3].title = "Satō’s telegram on the U.N.O. and ＡＢＣ".into();
        records[4].summary = "the the the foreign affairs 一九五二年".into();
        records[5].people.push("Kim Il-sung".into());
        // Characters that fold into letters, vanish, or join words: decomposed
        // accents, a ligature, Cyrillic after Latin, full-width digits, the Kelvin
        // sign, a fraction.
        records[6].summary =
            "cafe\u{301}s \u{FB01}nance abc\u{434} １０５４３２ \u{212A}im ½ Satō".into();
        records[7].summary =
            "foreign--affairs; foreign’affairs foreign affairsx xforeign affairs the the the"
                .into();
        // Greek with a final sigma; a soft hyphen and a zero-width joiner inside words.
        records[8].summary = "Σίσυφος Chrush\u{AD}chev Mo\u{200D}lotov".into();
        let queries = [
            "gromyko",
            "GROMYKO",
            "ΣΙΣΥΦΟΣ",
            "σίσυφος",
            "chrushchev",
            "molotov",
            "the",
            "embassy telegram",
            "\"foreign affairs\"",
            "\"the the foreign\"",
            "\"the the the\"",
            "\"foreign affairs\"",
            "\"affairs the\"",
            "\"affairs foreign\"",
            "gro*",
            "kim-il*",
            "il-sung",
            "kim -gromyko",
            "gromyko OR molotov",
            "(gromyko OR molotov) -embassy",
            "title:telegram",
            "person:gromyko",
            "person:\"kim il sung\"",
            "text:\"foreign affairs\"",
            "summary:affairs",
            "status:draft",
            "type:telegram lang:russian",
            "id:syn-0000003",
            "date:1950..1953",
            "-date:1950..1959",
            "date:..1949 OR date:1980..",
            "sato",
            "u.n.o",
            "abc",
            "年",
            "五二",
            "金日成",
            "一九五二",
            "cafes",
            "cafe",
            "caf*",
            "finance",
            "fin*",
            "abc",
            "abcд",
            "105432",
            "kim",
            "1",
            "2",
            "sat",
            "sato",
            "o",
            "nothingmatchesthis",
            "",
        ];
        let check = |records: &[Record]| {
            let index = Index::from_records(records);
            for query in queries {
                let parsed = Query::parse(query).unwrap();
                let prepared = crate::search::ScanQuery::new(&parsed);
                let mut scanner = crate::search::Scanner::default();
                let scanned: Vec<String> = records
                    .iter()
                    .filter(|r| prepared.matches(r, &mut scanner))
                    .map(|r| r.id.to_string())
                    .collect();
                let mut indexed = found_ids(&index, query, Some(SortColumn::Id), true);
                indexed.sort();
                assert_eq!(indexed, scanned, "{query}");
            }
        };
        check(&records);
        records[7].title = "Gromyko and the foreign affairs of Satō".into();
        records[8].texts.make_mut().unwrap().clear();
        records.remove(9);
        check(&records);
    }

    /// Facet counts agree with counting the records directly, for a result holding
    /// most of the catalog (counted by complement) and one holding little, before and
    /// after edits.
    /// The first records of a search are those of the whole search, in its order
    /// (ties by score broken the same way), with the same count, for every order.
    #[test]
    fn the_first_records_are_the_whole_searchs_first() {
        // More than a list's ranked first rows, so that the rest is sorted later.
        let records: Vec<Record> = (0..RANKED_FIRST + 300)
            .map(|i| crate::synth::synthetic_record(9, i).unwrap())
            .collect();
        let index = Index::from_records(&records);
        let sorts = [
            (None, true),
            (Some(SortColumn::Date), false),
            (Some(SortColumn::Title), true),
            (Some(SortColumn::Id), false),
        ];
        for query in [
            "the",
            "comrade delegation",
            "person:gromyko",
            "\"the delegation\"",
            "nothingatall",
        ] {
            for (sort, ascending) in sorts {
                let request = SearchRequest {
                    query: Query::parse(query).unwrap(),
                    filters: Vec::new(),
                    sort,
                    ascending,
                };
                let whole = index.search(&request);
                let (hits, facets) = index.search_hits(&request);
                assert_eq!(facets, whole.facets, "{query} {sort:?}");
                assert_eq!(hits.len(), whole.ids.len(), "{query} {sort:?}");
                if let Some(last) = whole.ids.last() {
                    // A row past the first ones, before anything else sorts the rest.
                    assert_eq!(
                        hits.get(whole.ids.len() - 1),
                        Some(last),
                        "{query} {sort:?}"
                    );
                }
                assert_eq!(hits.to_vec(), whole.ids, "{query} {sort:?}");
                for limit in [0, 1, 7, 50, 10_000] {
                    let (total, first) = index.search_first(&request, limit);
                    assert_eq!(total, whole.ids.len(), "{query} {sort:?}");
                    let ids: Vec<&RecordId> = first.iter().map(|(id, _)| id).collect();
                    let expected: Vec<&RecordId> = whole.ids.iter().take(limit).collect();
                    assert_eq!(ids, expected, "{query} {sort:?} {limit}");
                    if sort.is_none() {
                        let scores: Vec<f32> = first.iter().filter_map(|(_, s)| *s).collect();
                        assert_eq!(scores, whole.scores[..ids.len()], "{query} {limit}");
                    }
                }
            }
        }
        assert!(
            index
                .search_first(
                    &SearchRequest {
                        query: Query::parse("the").unwrap(),
                        filters: Vec::new(),
                        sort: None,
                        ascending: true,
                    },
                    5
                )
                .0
                > 100
        );
    }

    #[test]
    fn facet_counts_match_a_direct_count() {
        let mut records: Vec<Record> = (0..300)
            .map(|i| crate::synth::synthetic_record(4, i).unwrap())
            .collect();
        let mut index = Index::from_records(&records);
        let check = |index: &Index, records: &[Record], query: &str| {
            let outcome = index.search(&SearchRequest {
                query: Query::parse(query).unwrap(),
                filters: Vec::new(),
                sort: Some(SortColumn::Id),
                ascending: true,
            });
            assert!(!outcome.ids.is_empty(), "{query}");
            for (facet, counted) in &outcome.facets {
                let mut direct: FxHashMap<String, usize> = FxHashMap::default();
                for r in records.iter().filter(|r| outcome.ids.contains(&r.id)) {
                    facet.for_each_value(r, |v| *direct.entry(v.to_owned()).or_default() += 1);
                }
                let counted: FxHashMap<String, usize> = counted.iter().cloned().collect();
                assert_eq!(counted, direct, "{query}: {facet:?}");
            }
            outcome.ids.len()
        };
        assert!(check(&index, &records, "the") > 150, "most of the catalog");
        assert!(check(&index, &records, "person:gromyko") < 150);
        records[7].people = vec!["Nobody Else".into()];
        records[7].doc_type = "Postcard".into();
        index.update(&records[7]);
        let removed = records.remove(9);
        index.remove(&removed.id);
        check(&index, &records, "the");
        check(&index, &records, "date:1950..1960");
    }

    fn day_range(from: &str, to: &str) -> crate::model::date::DayRange {
        let day = |s: &str| {
            crate::model::ArchivalDate::parse(s)
                .unwrap()
                .day_range()
                .unwrap()
        };
        crate::model::date::DayRange {
            earliest: day(from).earliest,
            latest: day(to).latest,
        }
    }
}
