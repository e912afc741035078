//! The filtered and sorted list of records and its facet counts, cached against the
//! catalog's generation, the index, the search text, the facet filters and the sort.
//!
//! Searches go through the index and its query language. While the index is still
//! being built (the first seconds after opening a big catalog), the same query is
//! answered by scanning the records, so the list is usable at once and shows the
//! same records before and after.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

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

/// The records the list shows, in order, and the facet counts over them.
#[derive(Debug, Default)]
pub struct FilteredView {
    generation: u64,
    indexed: bool,
    query: Option<ViewQuery>,
    /// The records shown, in order (as slots of the index when it answered).
    pub ids: Hits,
    /// For each facet, its values with counts, most frequent first.
    pub facets: BTreeMap<Facet, Vec<(String, usize)>>,
    /// Why the search text is not a valid query (the words are searched instead).
    pub query_error: Option<ParseError>,
    /// The words and phrases to highlight in the document, lowercased.
    pub highlights: Vec<String>,
}

impl FilteredView {
    /// Whether the list no longer matches the query, the catalog or the index.
    pub fn is_stale(&self, catalog: &Catalog, indexed: bool, query: &ViewQuery) -> bool {
        self.query.as_ref() != Some(query)
            || self.generation != catalog.generation()
            || self.indexed != indexed
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
    pub fn update(&mut self, catalog: &Catalog, index: Option<&Index>, query: &ViewQuery) -> bool {
        if !self.is_stale(catalog, index.is_some(), query) {
            return false;
        }
        self.generation = catalog.generation();
        match index {
            Some(index) => self.answer(index, query),
            None => self.scan(catalog, query),
        }
        true
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

    /// The search without the index: the same query, evaluated on every record (see
    /// [`crate::search::scan`]), so the list shows what the index will show.
    fn scan(&mut self, catalog: &Catalog, query: &ViewQuery) {
        let parsed = self.parse(query);
        let prepared = ScanQuery::new(&parsed);
        let all: Vec<&Record> = catalog.records().collect();
        let mut shown: Vec<&Record> = all
            .into_par_iter()
            .map_init(Scanner::default, |scanner, r| {
                let keep = query.pinned.as_ref().is_none_or(|p| p.ids.contains(&r.id))
                    && query.filters.iter().all(|(f, v)| f.has_value(r, v))
                    && prepared.matches(r, scanner);
                keep.then_some(r)
            })
            .flatten()
            .collect();
        sort(&mut shown, query.sort, query.ascending);
        self.facets = Facet::ALL
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
        self.ids = Hits::of_ids(shown.into_iter().map(|r| r.id.clone()).collect());
        self.indexed = false;
        self.query = Some(query.clone());
    }
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
