//! A search's records in order, as slots of the index's id column: a result of a
//! million records is a million integers, not a million ids copied (and a list
//! compares and finds rows by slot without reading any id).

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::model::RecordId;

/// Ids per chunk of an [`IdColumn`]: a clone of the column shares every chunk, and a
/// push after a clone copies at most one chunk.
const CHUNK: usize = 4096;

/// Every slot's record id, append-only and cheap to clone (chunks shared), so that a
/// search result can keep the ids it names while the index goes on taking edits.
#[derive(Debug, Default, Clone)]
pub struct IdColumn {
    chunks: Vec<Arc<Vec<RecordId>>>,
    len: usize,
}

impl IdColumn {
    /// Appends the id of the next slot.
    pub fn push(&mut self, id: RecordId) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.last_mut() {
            Arc::make_mut(last).push(id);
            self.len += 1;
        }
    }

    /// The id of `slot`.
    pub fn get(&self, slot: usize) -> Option<&RecordId> {
        self.chunks.get(slot / CHUNK)?.get(slot % CHUNK)
    }

    /// Number of slots.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no slot.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every id, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = &RecordId> + '_ {
        self.chunks.iter().flat_map(|chunk| chunk.iter())
    }
}

impl FromIterator<RecordId> for IdColumn {
    fn from_iter<T: IntoIterator<Item = RecordId>>(iter: T) -> Self {
        let mut column = IdColumn::default();
        for id in iter {
            column.push(id);
        }
        column
    }
}

/// Records in an order: slots, and the id column they index.
#[derive(Debug, Default, Clone)]
pub struct Hits {
    order: Order,
    ids: IdColumn,
}

/// The slots in order, or partly so.
#[derive(Debug, Clone)]
enum Order {
    /// Every row in order.
    Slots(Vec<u32>),
    /// The first rows in order; the rest as sort keys (a slot in the low 32 bits),
    /// put in order the first time a row past the first ones is wanted.
    Ranked {
        first: Vec<u32>,
        rest: Vec<u64>,
        sorted: OnceLock<Vec<u32>>,
    },
}

impl Default for Order {
    fn default() -> Self {
        Order::Slots(Vec::new())
    }
}

impl Hits {
    /// `slots` of `ids`, in this order.
    pub(crate) fn new(slots: Vec<u32>, ids: IdColumn) -> Hits {
        Hits {
            order: Order::Slots(slots),
            ids,
        }
    }

    /// The records of `keys` (a slot in the low 32 bits) in the keys' order, of
    /// which only the first `first` are put in order now: one selection, then a sort
    /// of those few, where sorting them all would take a million comparisons more.
    pub(crate) fn ranked(mut keys: Vec<u64>, first: usize, ids: IdColumn) -> Hits {
        let rest = if first < keys.len() {
            keys.select_nth_unstable(first);
            keys.split_off(first)
        } else {
            Vec::new()
        };
        keys.sort_unstable();
        Hits {
            order: Order::Ranked {
                first: keys.into_iter().map(|k| k as u32).collect(),
                rest,
                sorted: OnceLock::new(),
            },
            ids,
        }
    }

    /// These ids, in this order (a result made without the index).
    pub fn of_ids(ids: Vec<RecordId>) -> Hits {
        Hits::new((0..ids.len() as u32).collect(), ids.into_iter().collect())
    }

    /// The slots in order: the first ones, then the rest (sorted when first asked).
    fn parts(&self) -> (&[u32], &[u32]) {
        match &self.order {
            Order::Slots(slots) => (slots, &[]),
            Order::Ranked {
                first,
                rest,
                sorted,
            } => (
                first,
                sorted.get_or_init(|| {
                    let mut rest = rest.clone();
                    rest.par_sort_unstable();
                    rest.into_iter().map(|k| k as u32).collect()
                }),
            ),
        }
    }

    /// The first rows, as far as they are in order without sorting more.
    fn first_part(&self) -> &[u32] {
        match &self.order {
            Order::Slots(slots) => slots,
            Order::Ranked { first, .. } => first,
        }
    }

    /// The slot at `row`.
    fn slot(&self, row: usize) -> Option<u32> {
        let first = self.first_part();
        match first.get(row) {
            Some(&slot) => Some(slot),
            None => self.parts().1.get(row - first.len()).copied(),
        }
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        match &self.order {
            Order::Slots(slots) => slots.len(),
            Order::Ranked { first, rest, .. } => first.len() + rest.len(),
        }
    }

    /// Whether there is no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id at row `row`.
    pub fn get(&self, row: usize) -> Option<&RecordId> {
        self.ids.get(self.slot(row)? as usize)
    }

    /// The first record.
    pub fn first(&self) -> Option<&RecordId> {
        self.get(0)
    }

    /// Every id, in order.
    pub fn iter(&self) -> impl Iterator<Item = &RecordId> + '_ {
        let (first, rest) = self.parts();
        first
            .iter()
            .chain(rest)
            .filter_map(|&s| self.ids.get(s as usize))
    }

    /// The ids of rows `from..=to`, in order.
    pub fn rows(&self, from: usize, to: usize) -> impl Iterator<Item = &RecordId> + '_ {
        (from..=to.min(self.len().saturating_sub(1))).filter_map(|row| self.get(row))
    }

    /// The row of the record in `slot` (a comparison of integers: fast at any size).
    pub fn row_of_slot(&self, slot: u32) -> Option<usize> {
        let first = self.first_part();
        if let Some(row) = first.iter().position(|&s| s == slot) {
            return Some(row);
        }
        let Order::Ranked { rest, .. } = &self.order else {
            return None;
        };
        // Not in the rest either: no need to put it in order.
        if !rest.iter().any(|&k| k as u32 == slot) {
            return None;
        }
        let row = self.parts().1.iter().position(|&s| s == slot)?;
        Some(first.len() + row)
    }

    /// Whether the record in `slot` is one of these (without putting any in order).
    pub fn contains_slot(&self, slot: u32) -> bool {
        match &self.order {
            Order::Slots(slots) => slots.contains(&slot),
            Order::Ranked { first, rest, .. } => {
                first.contains(&slot) || rest.iter().any(|&k| k as u32 == slot)
            }
        }
    }

    /// Whether `slot` is one of these and holds `id` (an index that took an edit
    /// since gives another record the slot's place: then false, never a wrong yes).
    pub fn holds(&self, slot: u32, id: &RecordId) -> bool {
        self.ids.get(slot as usize) == Some(id) && self.contains_slot(slot)
    }

    /// The row of `id`, comparing ids (use [`Hits::row_of_slot`] when the slot is
    /// known).
    pub fn row_of(&self, id: &RecordId) -> Option<usize> {
        self.iter().position(|i| i == id)
    }

    /// Whether `id` is one of these records (comparing ids).
    pub fn contains(&self, id: &RecordId) -> bool {
        self.row_of(id).is_some()
    }

    /// The records kept by `keep`, in the same order.
    pub fn retain(&mut self, mut keep: impl FnMut(&RecordId) -> bool) {
        let ids = &self.ids;
        let (first, rest) = self.parts();
        let slots = first
            .iter()
            .chain(rest)
            .copied()
            .filter(|&s| ids.get(s as usize).is_some_and(&mut keep))
            .collect();
        self.order = Order::Slots(slots);
    }

    /// The ids, copied in order.
    pub fn to_vec(&self) -> Vec<RecordId> {
        self.iter().cloned().collect()
    }
}

/// The same records in the same order (whatever the slots).
impl PartialEq for Hits {
    fn eq(&self, other: &Hits) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl PartialEq<Vec<RecordId>> for Hits {
    fn eq(&self, other: &Vec<RecordId>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> RecordId {
        RecordId::new(s).unwrap()
    }

    #[test]
    fn a_column_shared_by_a_result_keeps_its_ids_while_it_grows() {
        let mut column: IdColumn = (0..CHUNK + 3).map(|i| id(&format!("r{i}"))).collect();
        let hits = Hits::new(vec![CHUNK as u32 + 2, 0, 5], column.clone());
        column.push(id("new"));
        assert_eq!(column.len(), CHUNK + 4);
        assert_eq!(column.get(CHUNK + 3), Some(&id("new")));
        assert_eq!(
            hits.to_vec(),
            vec![id(&format!("r{}", CHUNK + 2)), id("r0"), id("r5")]
        );
        assert_eq!(hits.row_of(&id("r0")), Some(1));
        assert_eq!(hits.row_of_slot(5), Some(2));
        assert_eq!(hits.row_of(&id("new")), None, "not in the result");
        assert_eq!(
            hits.rows(1, 2).cloned().collect::<Vec<_>>(),
            vec![id("r0"), id("r5")]
        );
    }

    #[test]
    fn a_ranked_result_reads_as_if_wholly_sorted() {
        let column: IdColumn = (0..50).map(|i| id(&format!("r{i:02}"))).collect();
        // Keys: a score part above the slot; slot 49 first, then 48, ...
        let keys: Vec<u64> = (0..50u64).map(|s| ((100 - s) << 32) | s).collect();
        let expected: Vec<RecordId> = (0..50).rev().map(|i| id(&format!("r{i:02}"))).collect();
        for first in [0, 1, 7, 49, 50, 80] {
            let hits = Hits::ranked(keys.clone(), first, column.clone());
            assert_eq!(hits.len(), 50);
            assert!(hits.contains_slot(3) && !hits.contains_slot(60), "{first}");
            assert_eq!(hits.get(0), Some(&id("r49")), "{first}");
            assert_eq!(hits.row_of_slot(0), Some(49), "{first}");
            assert_eq!(hits.rows(48, 60).count(), 2, "{first}");
            assert_eq!(hits.get(10), Some(&id("r39")), "{first}");
            assert_eq!(hits.to_vec(), expected, "{first}");
            let mut odd = hits.clone();
            odd.retain(|i| i.as_str().ends_with(['1', '3', '5', '7', '9']));
            assert_eq!(odd.first(), Some(&id("r49")));
            assert_eq!(odd.len(), 25);
        }
    }

    #[test]
    fn ids_in_their_own_order() {
        let mut hits = Hits::of_ids(vec![id("b"), id("a"), id("c")]);
        assert_eq!(hits.first(), Some(&id("b")));
        assert!(hits.contains(&id("c")));
        hits.retain(|i| i != &id("a"));
        assert_eq!(hits.to_vec(), vec![id("b"), id("c")]);
        assert_eq!(hits.len(), 2);
    }
}
