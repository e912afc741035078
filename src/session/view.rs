//! The filtered and sorted list of records and its facet counts, cached against the
//! catalog's generation, the index, the search text, the facet filters and the sort.
//!
//! Searches go through the index and its query language. While the index is still
//! being built (the first seconds after opening a big catalog), the same query is
//! answered by scanning the records, so the list is usable at once and shows the
//! same records before and after. A big catalog is scanned on a thread of its own
//! (its texts may have to be read from the records cache): the window goes on
//! answering meanwhile, and shows the last list until the new one comes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::{Record, RecordId};
use crate::search::tokenize::fold;
use crate::search::{Hits, Index, ParseError, Query, ScanQuery, Scanner, SearchRequest};
use crate::store::Catalog;

pub use crate::search::{Facet, SortColumn};

/// What the list shows: the search text, facet filters and the sort.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ViewQuery {
    /// Plain words, all of which must match.
    pub text: String,
    /// Facet filters: a record must have every one of these values.
    pub filters: Vec<(Facet, String)>,
    /// The sort column.
    pub sort: SortColumn,
    /// Ascending when true.
    pub ascending: bool,
    /// Records the list is narrowed to (the records an import just brought), shown as
    /// a chip.
    pub pinned: Option<Pinned>,
}

/// A set of records the list is narrowed to, with the name of its chip.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pinned {
    /// The chip's name ("Just imported").
    pub label: String,
    /// The records (shared: the query is compared every frame, and a shared set
    /// compares by pointer first).
    pub ids: Arc<BTreeSet<RecordId>>,
}

impl Default for ViewQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            filters: Vec::new(),
            sort: SortColumn::Date,
            ascending: true,
            pinned: None,
        }
    }
}

impl ViewQuery {
    /// Changes the search text. A new search ranks the list best first; clearing it
    /// goes back to `column_sort`.
    pub fn set_text(&mut self, text: &str, column_sort: (SortColumn, bool)) {
        let was_empty = self.text.trim().is_empty();
        let empty = text.trim().is_empty();
        self.text = text.to_owned();
        if was_empty && !empty {
            self.sort = SortColumn::Relevance;
            self.ascending = true;
        } else if empty && self.sort == SortColumn::Relevance {
            (self.sort, self.ascending) = column_sort;
        }
    }

    /// Sorts by a column; the same column again flips the order. Returns the column
    /// sort to remember (relevance belongs to a search and is never remembered).
    pub fn sort_by(&mut self, column: SortColumn) -> Option<(SortColumn, bool)> {
        if self.sort == column {
            self.ascending = !self.ascending;
        } else {
            self.sort = column;
            self.ascending = true;
        }
        (column != SortColumn::Relevance).then_some((self.sort, self.ascending))
    }

    /// The sort to ask the index for: `None` is relevance.
    fn index_sort(&self) -> Option<SortColumn> {
        match self.sort {
            SortColumn::Relevance if self.text.trim().is_empty() => Some(SortColumn::Date),
            SortColumn::Relevance => None,
            column => Some(column),
        }
    }
}

/// Catalogs of at least this many records are scanned on a thread of their own: a
/// smaller one is scanned within a frame.
pub const BACKGROUND_SCAN_FROM: usize = 20_000;

/// The facet counts of a list, by facet.
type FacetCounts = BTreeMap<Facet, Vec<(String, usize)>>;

/// A scan under way on another thread, and what it answers.
#[derive(Debug)]
struct PendingScan {
    query: ViewQuery,
    generation: u64,
    /// Set when a newer query or an edit makes the answer useless.
    cancel: Arc<AtomicBool>,
    answer: Receiver<(Hits, FacetCounts)>,
}

impl Drop for PendingScan {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The records the list shows, in order, and the facet counts over them.
#[derive(Debug)]
pub struct FilteredView {
    generation: u64,
    indexed: bool,
    query: Option<ViewQuery>,
    /// The scan whose list will replace this one.
    pending: Option<PendingScan>,
    /// Catalogs from this size on are scanned in the background.
    background_from: usize,
    /// The records as of a generation of the catalog, shared with the scans: taken
    /// once, not at every key typed (a million of them, on the window's thread).
    snapshot: Option<(u64, Arc<[Arc<Record>]>)>,
    /// The records shown, in order (as slots of the index when it answered).
    pub ids: Hits,
    /// For each facet, its values with counts, most frequent first.
    pub facets: BTreeMap<Facet, Vec<(String, usize)>>,
    /// Why the search text is not a valid query (the words are searched instead).
    pub query_error: Option<ParseError>,
    /// The words and phrases to highlight in the document, lowercased.
    pub highlights: Vec<String>,
}

impl Default for FilteredView {
    fn default() -> Self {
        Self::scanning_in_background_from(BACKGROUND_SCAN_FROM)
    }
}

impl FilteredView {
    /// A view that scans catalogs of `records` records or more on another thread.
    pub fn scanning_in_background_from(records: usize) -> Self {
        Self {
            generation: 0,
            indexed: false,
            query: None,
            pending: None,
            background_from: records,
            snapshot: None,
            ids: Hits::default(),
            facets: BTreeMap::new(),
            query_error: None,
            highlights: Vec::new(),
        }
    }

    /// Whether the list no longer matches the query, the catalog or the index, and
    /// no scan under way will bring the one that does.
    pub fn is_stale(&self, catalog: &Catalog, indexed: bool, query: &ViewQuery) -> bool {
        let answered = |answered: Option<&ViewQuery>, generation: u64, by_index: bool| {
            answered == Some(query) && generation == catalog.generation() && by_index == indexed
        };
        !answered(self.query.as_ref(), self.generation, self.indexed)
            && !self
                .pending
                .as_ref()
                .is_some_and(|p| answered(Some(&p.query), p.generation, false))
    }

    /// Whether the index made the list (a search's list is then ranked, best matches
    /// first; a scan's is by date).
    pub fn by_index(&self) -> bool {
        self.indexed
    }

    /// Whether a scan is under way: the list shown is the last one, and the one asked
    /// for comes with a later [`FilteredView::update`].
    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }

    /// Waits for the scan under way, if any, and shows its list; true when it did.
    /// (For commands and tests: the window does not wait.)
    pub fn finish_scan(&mut self) -> bool {
        let Some(pending) = self.pending.take() else {
            return false;
        };
        match pending.answer.recv() {
            Ok(answer) => {
                self.show_scanned(&pending, answer);
                true
            }
            Err(_) => false,
        }
    }

    /// Shows a finished scan's list; true when one came.
    fn take_scan(&mut self) -> bool {
        let Some(pending) = &self.pending else {
            return false;
        };
        match pending.answer.try_recv() {
            Ok(answer) => {
                if let Some(pending) = self.pending.take() {
                    self.show_scanned(&pending, answer);
                }
                true
            }
            Err(TryRecvError::Empty) => false,
            // The thread stopped without an answer (the system refused it): scans are
            // made within the frame from now on, rather than asked of a thread again
            // and again.
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                self.background_from = usize::MAX;
                false
            }
        }
    }

    fn show_scanned(&mut self, pending: &PendingScan, (ids, facets): (Hits, FacetCounts)) {
        self.show_scanned_now(pending.generation, &pending.query, ids, facets);
    }

    /// Whether the list was last computed for `query` (false when the user changed
    /// the search, a filter or the sort since).
    pub fn answers(&self, query: &ViewQuery) -> bool {
        self.query.as_ref() == Some(query)
    }

    /// The row of `id` in the list: by its slot when the index made the list (a
    /// comparison of integers, cheap enough for every frame at a million rows).
    pub fn row_of(&self, id: &RecordId, index: Option<&Index>) -> Option<usize> {
        match index {
            Some(index) if self.indexed => {
                let row = self.ids.row_of_slot(index.slot(id)?)?;
                // An index that took an edit since the list was made: no row rather
                // than another record's.
                (self.ids.get(row) == Some(id)).then_some(row)
            }
            _ => self.ids.row_of(id),
        }
    }

    /// Whether the list shows `id` (by slot, as [`FilteredView::row_of`], without
    /// putting a ranked list in order).
    pub fn shows(&self, id: &RecordId, index: Option<&Index>) -> bool {
        match index {
            Some(index) if self.indexed => {
                index.slot(id).is_some_and(|slot| self.ids.holds(slot, id))
            }
            _ => self.ids.contains(id),
        }
    }

    /// Recomputes the view if the catalog or the query changed since the last time;
    /// returns true when it did.
    /// On a big catalog without its index, the list asked for may come with a later
    /// call: see [`FilteredView::searching`].
    pub fn update(&mut self, catalog: &Catalog, index: Option<&Index>, query: &ViewQuery) -> bool {
        let scanned = self.take_scan();
        if !self.is_stale(catalog, index.is_some(), query) {
            return scanned;
        }
        // Whatever is under way answers an older question.
        self.pending = None;
        match index {
            Some(index) => {
                self.snapshot = None;
                self.generation = catalog.generation();
                self.answer(index, query);
                true
            }
            None if catalog.len() < self.background_from => {
                let (ids, facets) =
                    scan(&catalog.snapshot(), query, &AtomicBool::new(false)).unwrap_or_default();
                self.show_scanned_now(catalog.generation(), query, ids, facets);
                true
            }
            None => {
                self.start_scan(catalog, query);
                scanned
            }
        }
    }

    /// Shows the list a scan of the catalog at `generation` made for `query`.
    fn show_scanned_now(
        &mut self,
        generation: u64,
        query: &ViewQuery,
        ids: Hits,
        facets: FacetCounts,
    ) {
        self.parse(query);
        self.ids = ids;
        self.facets = facets;
        self.generation = generation;
        self.indexed = false;
        self.query = Some(query.clone());
    }

    /// Scans the catalog for `query` on another thread.
    fn start_scan(&mut self, catalog: &Catalog, query: &ViewQuery) {
        let records = match &self.snapshot {
            Some((generation, records)) if *generation == catalog.generation() => {
                Arc::clone(records)
            }
            _ => {
                let records: Arc<[Arc<Record>]> = catalog.snapshot().into();
                self.snapshot = Some((catalog.generation(), Arc::clone(&records)));
                records
            }
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let (send, answer) = std::sync::mpsc::channel();
        let (asked, stop) = (query.clone(), Arc::clone(&cancel));
        // At the usual priority: the window waits for it.
        crate::background::spawn_awaited("folio scan", move || {
            if let Some(answer) = scan(&records, &asked, &stop) {
                // A newer question may have dropped the receiver: nobody to tell.
                let _ = send.send(answer);
            }
        });
        self.pending = Some(PendingScan {
            query: query.clone(),
            generation: catalog.generation(),
            cancel,
            answer,
        });
    }

    /// The list of `query` as the index answers it, without a catalog (a catalog
    /// browsed from its saved index while it opens); true when it was not already.
    pub fn update_from_index(&mut self, index: &Index, query: &ViewQuery) -> bool {
        if self.indexed && self.answers(query) {
            return false;
        }
        self.answer(index, query);
        true
    }

    /// Parses the search text, keeping what to highlight and why it is not a query.
    fn parse(&mut self, query: &ViewQuery) -> Query {
        let (parsed, error) = Query::parse_or_plain(&query.text);
        self.highlights = parsed
            .positive_texts()
            .iter()
            .flat_map(|t| t.split_whitespace().map(str::to_lowercase))
            .collect();
        self.query_error = error;
        parsed
    }

    fn answer(&mut self, index: &Index, query: &ViewQuery) {
        let parsed = self.parse(query);
        let (hits, facets) = index.search_hits(&SearchRequest {
            query: parsed,
            filters: query.filters.clone(),
            sort: query.index_sort(),
            ascending: query.ascending,
        });
        self.ids = hits;
        match &query.pinned {
            Some(pinned) => {
                self.ids.retain(|id| pinned.ids.contains(id));
                let shown: Vec<RecordId> = self.ids.to_vec();
                self.facets = index.count_facets(&shown).into_iter().collect();
            }
            None => self.facets = facets.into_iter().collect(),
        }
        self.indexed = true;
        self.query = Some(query.clone());
    }
}

/// The search without the index: the same query, evaluated on every record (see
/// [`crate::search::scan`]), so the list shows what the index will show. `None` when
/// `cancel` was set before the end.
fn scan(
    records: &[Arc<Record>],
    query: &ViewQuery,
    cancel: &AtomicBool,
) -> Option<(Hits, FacetCounts)> {
    let (parsed, _) = Query::parse_or_plain(&query.text);
    let prepared = ScanQuery::new(&parsed);
    let mut shown: Vec<&Record> = records
        .par_iter()
        .map_init(Scanner::default, |scanner, r| {
            let keep = !cancel.load(Ordering::Relaxed)
                && query.pinned.as_ref().is_none_or(|p| p.ids.contains(&r.id))
                && query.filters.iter().all(|(f, v)| f.has_value(r, v))
                && prepared.matches(r, scanner);
            keep.then_some(&**r)
        })
        .flatten()
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    sort(&mut shown, query.sort, query.ascending);
    let facets = Facet::ALL
        .into_par_iter()
        .map(|facet| {
            // Hashed fast: the list of a million records counts each of their
            // values while the index loads.
            let mut counts: FxHashMap<String, usize> = FxHashMap::default();
            for record in &shown {
                facet.for_each_value(record, |value| match counts.get_mut(value) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(value.to_owned(), 1);
                    }
                });
            }
            let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
            facet.sort_counts(&mut counts);
            (facet, counts)
        })
        .collect();
    let ids = Hits::of_ids(shown.into_iter().map(|r| r.id.clone()).collect());
    Some((ids, facets))
}

fn sort(records: &mut [&Record], column: SortColumn, ascending: bool) {
    let date_key = |r: &Record| {
        r.date
            .as_ref()
            .and_then(|d| d.day_range())
            .map(|d| (d.earliest, d.latest))
    };
    match column {
        SortColumn::Id => records.sort_by(|a, b| a.id.cmp(&b.id)),
        // Scanning does not rank: by date.
        SortColumn::Relevance => sort(records, SortColumn::Date, true),
        // Undated records go last, whatever the direction. Records come in id order
        // and the sort is stable, so records of the same date stay in id order.
        SortColumn::Date => records.sort_by_cached_key(|r| match date_key(r) {
            Some(range) => (false, range),
            None => (true, (0, 0)),
        }),
        // Folded as the index folds titles, so both orders agree.
        SortColumn::Title => records.sort_by_cached_key(|r| (fold(&r.title), r.id.clone())),
        SortColumn::Type => {
            records.sort_by(|a, b| a.doc_type.cmp(&b.doc_type).then_with(|| a.id.cmp(&b.id)))
        }
        SortColumn::Language => records.sort_by(|a, b| {
            a.languages
                .first()
                .cmp(&b.languages.first())
                .then_with(|| a.id.cmp(&b.id))
        }),
        SortColumn::Status => {
            records.sort_by(|a, b| a.status.cmp(&b.status).then_with(|| a.id.cmp(&b.id)))
        }
    }
    if !ascending {
        if matches!(column, SortColumn::Date | SortColumn::Relevance) {
            let undated = records.iter().filter(|r| date_key(r).is_none()).count();
            let dated = records.len() - undated;
            if let Some(dated) = records.get_mut(..dated) {
                dated.reverse();
            }
        } else {
            records.reverse();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{CatalogSettings, Edit};

    fn catalog(n: usize) -> Catalog {
        let records = (0..n).map(|i| crate::synth::synthetic_record(7, i).unwrap());
        Catalog::new(CatalogSettings::new("Test"), records)
    }

    fn query(text: &str) -> ViewQuery {
        let mut query = ViewQuery::default();
        query.set_text(text, (SortColumn::Date, true));
        query
    }

    /// The list and facets a scan within the frame makes.
    fn scanned_now(catalog: &Catalog, query: &ViewQuery) -> (Vec<RecordId>, FacetCounts) {
        let mut view = FilteredView::scanning_in_background_from(usize::MAX);
        assert!(view.update(catalog, None, query));
        assert!(!view.searching());
        (view.ids.to_vec(), view.facets.clone())
    }

    #[test]
    fn a_big_catalog_is_scanned_in_the_background_and_only_the_last_question_is_answered() {
        let mut catalog = catalog(300);
        let mut view = FilteredView::scanning_in_background_from(100);
        let first = query("embassy");
        // The scan starts; the list is not there yet, and asking again starts none.
        assert!(!view.update(&catalog, None, &first));
        assert!(view.searching());
        assert!(!view.is_stale(&catalog, false, &first));
        // A newer question before the answer: the older scan's list is never shown.
        let second = query("embassy date:1950..1953");
        assert!(view.is_stale(&catalog, false, &second));
        view.update(&catalog, None, &second);
        assert!(view.finish_scan());
        assert!(!view.searching());
        assert!(view.answers(&second));
        let (ids, facets) = scanned_now(&catalog, &second);
        assert!(!ids.is_empty() && ids.len() < 300, "{}", ids.len());
        assert_eq!(view.ids.to_vec(), ids);
        assert_eq!(view.facets, facets);
        assert_eq!(view.highlights, ["embassy"]);
        assert!(
            !view.update(&catalog, None, &second),
            "answered: nothing to do"
        );

        // An edit while a scan is under way: the list comes from the records as edited.
        let third = query("1953");
        view.update(&catalog, None, &third);
        let gone = view.ids.get(0).unwrap().clone();
        catalog.apply(Edit::Delete(gone.clone())).unwrap();
        assert!(view.is_stale(&catalog, false, &third));
        view.update(&catalog, None, &third);
        assert!(view.finish_scan());
        assert!(!view.is_stale(&catalog, false, &third));
        assert_eq!(view.ids.to_vec(), scanned_now(&catalog, &third).0);
        assert!(!view.ids.contains(&gone));
    }

    #[test]
    fn a_scan_under_way_shows_the_last_list_until_its_own_comes() {
        let catalog = catalog(150);
        let mut view = FilteredView::scanning_in_background_from(100);
        view.update(&catalog, None, &query(""));
        assert!(view.finish_scan());
        assert_eq!(view.ids.len(), 150);
        view.update(&catalog, None, &query("embassy"));
        assert_eq!(
            view.ids.len(),
            150,
            "the last list, until the new one comes"
        );
        assert!(view.searching());
        // The window polls: the answer comes with a later update, which says so.
        while !view.update(&catalog, None, &query("embassy")) {
            assert!(view.searching());
            std::thread::yield_now();
        }
        assert!(!view.searching());
        assert!(view.answers(&query("embassy")));
        assert_eq!(
            view.ids.to_vec(),
            scanned_now(&catalog, &query("embassy")).0
        );
    }
}
