//! Postings lists kept compressed: for every term, the records holding it, in which
//! fields, how often and where, as one run of variable-length integers per term.
//!
//! Compressed lists take about a quarter of the memory of plain arrays, and they are
//! also the on-disk form (see [`super::persist`]): a saved index loads by reading
//! bytes, without decoding a single posting. A query decodes the few lists it needs.
//!
//! Each entry is: the slot as a difference from the term's previous slot, the field
//! mask, the weight, the byte length of the positions, then the positions (each a
//! difference from the previous). The lists of the terms known when the index was
//! built (or loaded) lie one after another in `base`; entries added by later edits go
//! to a per-term tail that continues the same run.
//!
//! A base run keeps its entries apart from their positions: the entries' byte length
//! (4 bytes, little-endian), every entry without its positions, then every entry's
//! positions one after another. A search for words (not a phrase) reads the entries
//! alone: for a word of nearly every record, a fraction of the run.

use std::borrow::Cow;
use std::fs::File;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Appends what an entry holds besides its slot: the field mask, the weight, and the
/// positions (their byte length first). The indexer encodes this while analysing a
/// record (in parallel); adding the entry then writes the slot and copies these bytes.
pub(super) fn encode_rest(out: &mut Vec<u8>, mask: u16, weight: u32, positions: &[u32]) {
    write_varint(out, u32::from(mask));
    write_varint(out, weight);
    // The positions are written after a one-byte length, set once known; a longer
    // length (rare: over 127 bytes of positions) moves them along to make room.
    let at = out.len();
    out.push(0);
    let mut previous = 0;
    for &p in positions {
        write_varint(out, p.wrapping_sub(previous));
        previous = p;
    }
    let length = (out.len() - at - 1) as u32;
    if length < 0x80 {
        if let Some(byte) = out.get_mut(at) {
            *byte = length as u8;
        }
    } else {
        let mut prefix = Vec::with_capacity(5);
        write_varint(&mut prefix, length);
        out.splice(at..at + 1, prefix);
    }
}

/// Where the runs of the terms known at the build are.
#[derive(Debug, Clone)]
pub(super) enum Base {
    /// In memory, one run per term (as a build leaves them).
    Runs(Vec<Box<[u8]>>),
    /// In a saved index file, `len` bytes from `offset`, the runs one after another
    /// (where each starts is in [`PostingStore::base_starts`]): each query reads the
    /// runs it needs (from the system's file cache, most often), so that the largest
    /// part of the index takes no memory of Folio's own. The file is never rewritten
    /// in place (a save renames a new file over it), so what this handle reads stays
    /// the same.
    File {
        file: Arc<File>,
        offset: u64,
        len: u64,
    },
}

impl Default for Base {
    fn default() -> Self {
        Base::Runs(Vec::new())
    }
}

/// Every term's postings.
#[derive(Debug, Default, Clone)]
pub(super) struct PostingStore {
    /// The runs of the terms known at the build, in term order.
    pub base: Base,
    /// With the base in a file: where each base term's run starts, plus the end.
    pub base_starts: Vec<u64>,
    /// Entries added since the build, per term.
    pub tails: FxHashMap<u32, Vec<u8>>,
    /// Per term, its last slot (the next entry is written as a difference from it).
    pub last_slots: Vec<u32>,
    /// Per term, how many slots (dead ones too) hold it.
    pub counts: Vec<u32>,
}

/// A term's list decoded for a query.
#[derive(Debug, Default)]
pub(super) struct List<'a> {
    pub slots: Vec<u32>,
    pub masks: Vec<u16>,
    pub weights: Vec<f32>,
    /// Whether the positions were read (see [`PostingStore::list`]).
    pub with_positions: bool,
    /// Per entry, its positions: which bytes (0 the base's positions, 1 the tail),
    /// start and end; empty when the positions were not read.
    spans: Vec<(u8, u32, u32)>,
    runs: [Cow<'a, [u8]>; 2],
}

impl List<'_> {
    /// Adds an entry, and where its positions are when they were read.
    fn push(&mut self, slot: u32, mask: u32, weight: u32, span: (u8, u32, u32)) {
        self.slots.push(slot);
        self.masks.push(mask as u16);
        self.weights.push(weight as f32);
        if self.with_positions {
            self.spans.push(span);
        }
    }

    /// The positions of entry `i`, in order, decoded as they are read (a phrase is
    /// most often found before the end of a record's positions).
    pub fn positions(&self, i: usize) -> Positions<'_> {
        let bytes = self.spans.get(i).map_or(&[][..], |&(run, start, end)| {
            self.runs
                .get(usize::from(run))
                .and_then(|r| r.get(start as usize..end as usize))
                .unwrap_or(&[])
        });
        Positions { bytes, value: 0 }
    }
}

/// An entry's positions, decoded one by one.
pub(super) struct Positions<'a> {
    bytes: &'a [u8],
    value: u32,
}

impl Iterator for Positions<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let (delta, rest) = read_varint(self.bytes)?;
        self.bytes = rest;
        self.value = self.value.wrapping_add(delta);
        Some(self.value)
    }
}

impl PostingStore {
    /// Room for terms up to `terms` (new terms start with no postings).
    pub fn grow(&mut self, terms: usize) {
        if self.last_slots.len() < terms {
            self.last_slots.resize(terms, 0);
            self.counts.resize(terms, 0);
        }
    }

    /// Adds an entry to `term` (slots only ever grow): its slot, and the rest as
    /// [`encode_rest`] wrote it.
    pub fn push(&mut self, term: u32, slot: u32, rest: &[u8]) {
        let t = term as usize;
        self.grow(t + 1);
        let last = self.last_slots.get(t).copied().unwrap_or(0);
        let tail = self.tails.entry(term).or_default();
        write_varint(tail, slot.wrapping_sub(last));
        tail.extend_from_slice(rest);
        if let Some(l) = self.last_slots.get_mut(t) {
            *l = slot;
        }
        if let Some(c) = self.counts.get_mut(t) {
            *c += 1;
        }
    }

    /// How many slots hold `term` (its document frequency, dead slots included).
    pub fn count(&self, term: u32) -> u32 {
        self.counts.get(term as usize).copied().unwrap_or(0)
    }

    /// The base run of `term`, as its entries and, when asked for, its positions
    /// (empty when unreadable).
    fn base_run(&self, term: u32, with_positions: bool) -> (Cow<'_, [u8]>, Cow<'_, [u8]>) {
        let t = term as usize;
        let empty = (Cow::Borrowed(&[][..]), Cow::Borrowed(&[][..]));
        match &self.base {
            Base::Runs(runs) => {
                let run = runs.get(t).map_or(&[][..], |r| &r[..]);
                let Some((entries, positions)) = split_run(run) else {
                    return empty;
                };
                let positions = if with_positions { positions } else { &[] };
                (Cow::Borrowed(entries), Cow::Borrowed(positions))
            }
            Base::File { file, offset, len } => {
                let (Some(&start), Some(&end)) =
                    (self.base_starts.get(t), self.base_starts.get(t + 1))
                else {
                    return empty;
                };
                if start > end || end > *len || end - start < 4 {
                    return empty;
                }
                let read = |from: u64, to: u64| {
                    let mut bytes = vec![0u8; (to - from) as usize];
                    crate::store::cache::read_at(file, &mut bytes, offset + from).ok()?;
                    Some(bytes)
                };
                let Some(header) = read(start, start + 4) else {
                    return empty;
                };
                let entries_len =
                    u64::from(u32::from_le_bytes(header.try_into().unwrap_or([0xff; 4])));
                let entries_end = start + 4 + entries_len;
                if entries_end > end {
                    return empty;
                }
                let entries = read(start + 4, entries_end).unwrap_or_default();
                let positions = if with_positions {
                    read(entries_end, end).unwrap_or_default()
                } else {
                    Vec::new()
                };
                (Cow::Owned(entries), Cow::Owned(positions))
            }
        }
    }

    /// Decodes the whole list of `term`; its positions too when `with_positions`
    /// (a phrase needs them, a word does not).
    pub fn list(&self, term: u32, with_positions: bool) -> List<'_> {
        let tail = self.tails.get(&term).map_or(&[][..], Vec::as_slice);
        let (entries, base_positions) = self.base_run(term, with_positions);
        // Every entry takes at least four bytes: a count never sizes past the runs.
        let n = (self.count(term) as usize).min((entries.len() + tail.len()) / 4);
        let mut list = List {
            slots: Vec::with_capacity(n),
            masks: Vec::with_capacity(n),
            weights: Vec::with_capacity(n),
            with_positions,
            spans: Vec::with_capacity(if with_positions { n } else { 0 }),
            runs: [Cow::Borrowed(&[]), Cow::Borrowed(&[])],
        };
        let mut slot = 0u32;
        // The base: entries, their positions elsewhere (one after another).
        let mut at = 0usize;
        let mut position = 0usize;
        while at < entries.len() {
            let Some([delta, mask, weight, length]) = next_entry(&entries, &mut at) else {
                break;
            };
            slot = slot.wrapping_add(delta);
            let end = position + length as usize;
            list.push(slot, mask, weight, (0, position as u32, end as u32));
            position = end;
        }
        // The tail: each entry with its positions.
        let mut at = 0usize;
        while at < tail.len() {
            let Some([delta, mask, weight, length]) = next_entry(tail, &mut at) else {
                break;
            };
            let start = at;
            let end = start + length as usize;
            if end > tail.len() {
                break;
            }
            slot = slot.wrapping_add(delta);
            list.push(slot, mask, weight, (1, start as u32, end as u32));
            at = end;
        }
        list.runs = [base_positions, Cow::Borrowed(tail)];
        list
    }
}

/// The entry at `*at` without its positions: the slot's difference, the field mask,
/// the weight and the positions' byte length (`None` when the bytes end inside it).
fn next_entry(bytes: &[u8], at: &mut usize) -> Option<[u32; 4]> {
    Some([
        next_varint(bytes, at)?,
        next_varint(bytes, at)?,
        next_varint(bytes, at)?,
        next_varint(bytes, at)?,
    ])
}

/// A base run's entries and positions (`None` when it is too short for its header).
fn split_run(run: &[u8]) -> Option<(&[u8], &[u8])> {
    let header: [u8; 4] = run.get(..4)?.try_into().ok()?;
    let entries_end = 4 + u32::from_le_bytes(header) as usize;
    Some((run.get(4..entries_end)?, run.get(entries_end..)?))
}

/// Splits what [`encode_rest`] wrote into the entry's own part (the field mask, the
/// weight, the positions' length) and the positions.
fn split_rest(rest: &[u8]) -> (&[u8], &[u8]) {
    let mut at = 0;
    for _ in 0..3 {
        if next_varint(rest, &mut at).is_none() {
            return (rest, &[]);
        }
    }
    rest.split_at(at)
}

/// Runs built one per term (during a build), then laid out as a [`PostingStore`].
#[derive(Debug, Default)]
pub(super) struct Builder {
    /// Per term, its entries without their positions.
    runs: Vec<Vec<u8>>,
    /// Per term, its entries' positions.
    positions: Vec<Vec<u8>>,
    last_slots: Vec<u32>,
    counts: Vec<u32>,
}

impl Builder {
    pub fn grow(&mut self, terms: usize) {
        if self.runs.len() < terms {
            self.runs.resize_with(terms, Vec::new);
            self.positions.resize_with(terms, Vec::new);
            self.last_slots.resize(terms, 0);
            self.counts.resize(terms, 0);
        }
    }

    /// As [`PostingStore::push`].
    pub fn push(&mut self, term: u32, slot: u32, rest: &[u8]) {
        let t = term as usize;
        if self.runs.len() <= t {
            self.grow(t + 1);
        }
        let (Some(run), Some(positions), Some(last), Some(count)) = (
            self.runs.get_mut(t),
            self.positions.get_mut(t),
            self.last_slots.get_mut(t),
            self.counts.get_mut(t),
        ) else {
            return;
        };
        write_varint(run, slot.wrapping_sub(*last));
        let (own, its_positions) = split_rest(rest);
        run.extend_from_slice(own);
        positions.extend_from_slice(its_positions);
        *last = slot;
        *count += 1;
    }

    /// The runs in the order of `order` (new term number → build number), each
    /// trimmed to its size.
    pub fn finish(mut self, order: &[u32]) -> PostingStore {
        let mut parts = Vec::with_capacity(order.len());
        let mut last_slots = Vec::with_capacity(order.len());
        let mut counts = Vec::with_capacity(order.len());
        for &old in order {
            let o = old as usize;
            let entries = self.runs.get_mut(o).map(std::mem::take).unwrap_or_default();
            let positions = self
                .positions
                .get_mut(o)
                .map(std::mem::take)
                .unwrap_or_default();
            parts.push((entries, positions));
            last_slots.push(self.last_slots.get(o).copied().unwrap_or(0));
            counts.push(self.counts.get(o).copied().unwrap_or(0));
        }
        // Each run laid out as the base keeps it (a copy of every posting: on both
        // cores).
        let runs = parts
            .into_par_iter()
            .map(|(entries, positions)| {
                let mut run = Vec::with_capacity(4 + entries.len() + positions.len());
                run.extend_from_slice(&(entries.len() as u32).to_le_bytes());
                run.extend_from_slice(&entries);
                run.extend_from_slice(&positions);
                run.into_boxed_slice()
            })
            .collect();
        PostingStore {
            base: Base::Runs(runs),
            base_starts: Vec::new(),
            tails: FxHashMap::default(),
            last_slots,
            counts,
        }
    }
}

/// Appends `value` as a variable-length integer (7 bits a byte, low first).
pub(super) fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads the variable-length integer at `*at`, moving past it; `None` when the
/// bytes end inside one.
#[inline]
fn next_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let first = *bytes.get(*at)?;
    if first < 0x80 {
        *at += 1;
        return Some(u32::from(first));
    }
    let (value, rest) = read_varint(bytes.get(*at..)?)?;
    *at = bytes.len() - rest.len();
    Some(value)
}

/// Reads a variable-length integer; `None` when the bytes end inside one.
pub(super) fn read_varint(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let mut value = 0u32;
    for (i, &b) in bytes.iter().enumerate().take(5) {
        value |= u32::from(b & 0x7F) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, bytes.get(i + 1..).unwrap_or(&[])));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint_len(value: u32) -> usize {
        match value {
            0..0x80 => 1,
            0x80..0x4000 => 2,
            0x4000..0x20_0000 => 3,
            0x20_0000..0x1000_0000 => 4,
            _ => 5,
        }
    }

    #[test]
    fn varints_round_trip() {
        for value in [0, 1, 127, 128, 16_383, 16_384, 1 << 21, u32::MAX] {
            let mut out = Vec::new();
            write_varint(&mut out, value);
            assert_eq!(out.len(), varint_len(value));
            assert_eq!(read_varint(&out), Some((value, &[][..])));
        }
        assert_eq!(read_varint(&[0x80, 0x80]), None, "cut inside a number");
    }

    #[test]
    fn lists_read_back_across_the_base_and_the_tail() {
        let mut builder = Builder::default();
        let rest = |mask, weight, positions: &[u32]| {
            let mut out = Vec::new();
            encode_rest(&mut out, mask, weight, positions);
            out
        };
        builder.push(1, 0, &rest(1, 3, &[5, 9]));
        builder.push(0, 2, &rest(4, 1, &[1 << 27]));
        builder.push(1, 300, &rest(2, 2, &[]));
        let mut store = builder.finish(&[1, 0]);
        store.push(0, 1000, &rest(8, 1, &[3, 4, 1 << 20]));
        // Positions taking more than 127 bytes: their length takes two bytes.
        let many: Vec<u32> = (0..200).map(|i| i * 1000).collect();
        store.push(0, 1001, &rest(1, 200, &many));
        let words = store.list(0, false);
        assert_eq!(words.slots, [0, 300, 1000, 1001]);
        assert_eq!(words.weights, [3.0, 2.0, 1.0, 200.0]);
        assert!(words.spans.is_empty() && words.runs[0].is_empty());
        let list = store.list(0, true);
        assert_eq!(list.slots, [0, 300, 1000, 1001]);
        assert_eq!(list.masks, [1, 2, 8, 1]);
        assert_eq!(list.weights, [3.0, 2.0, 1.0, 200.0]);
        assert_eq!(list.positions(3).collect::<Vec<_>>(), many);
        assert_eq!(list.positions(0).collect::<Vec<_>>(), [5, 9]);
        assert_eq!(list.positions(2).collect::<Vec<_>>(), [3, 4, 1 << 20]);
        let other = store.list(1, true);
        assert_eq!(other.slots, [2]);
        assert_eq!(other.positions(0).collect::<Vec<_>>(), [1 << 27]);
        assert_eq!(store.count(0), 4);
        assert!(
            store.list(7, true).slots.is_empty(),
            "an unknown term has no postings"
        );
    }
}
