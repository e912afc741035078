//! The filtered and sorted list of records and its facet counts, cached against the
//! catalog's generation, the search text, the facet filters and the sort.
//!
//! Plain words are searched over every field and text (all must match, ignoring case);
//! the full query language and the index come with the search issue.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::model::{Record, RecordId};
use crate::store::Catalog;

/// A facet the sidebar can filter by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Facet {
    /// Decade of the earliest possible day.
    Decade,
    /// Year of the earliest possible day.
    Year,
    /// Document type.
    Type,
    /// Language of the original.
    Language,
    /// Subject heading.
    Subject,
    /// Person or organization.
    Person,
    /// Place.
    Place,
    /// Holding archive.
    Archive,
    /// Workflow status.
    Status,
}

impl Facet {
    /// Every facet, in sidebar order.
    pub const ALL: [Facet; 9] = [
        Facet::Decade,
        Facet::Year,
        Facet::Type,
        Facet::Language,
        Facet::Subject,
        Facet::Person,
        Facet::Place,
        Facet::Archive,
        Facet::Status,
    ];

    /// The facet's title.
    pub fn title(self) -> &'static str {
        match self {
            Facet::Decade => "Decade",
            Facet::Year => "Year",
            Facet::Type => "Type",
            Facet::Language => "Language",
            Facet::Subject => "Subject",
            Facet::Person => "Person",
            Facet::Place => "Place",
            Facet::Archive => "Archive",
            Facet::Status => "Status",
        }
    }

    /// The record's values for this facet.
    pub fn values(self, record: &Record) -> Vec<String> {
        let mut values = Vec::new();
        self.for_each_value(record, |v| values.push(v.to_owned()));
        values
    }

    /// Calls `f` with each of the record's values for this facet, without allocating
    /// for the list fields (facet counts visit every shown record).
    pub fn for_each_value(self, record: &Record, mut f: impl FnMut(&str)) {
        let year = || {
            record
                .date
                .as_ref()
                .and_then(|d| d.day_range())
                .filter(|r| r.earliest != i64::MIN)
                .map(|r| crate::model::date::civil_from_day(r.earliest).0)
        };
        let list: &[String] = match self {
            Facet::Decade => {
                if let Some(y) = year() {
                    f(&format!("{}s", y - y.rem_euclid(10)));
                }
                return;
            }
            Facet::Year => {
                if let Some(y) = year() {
                    f(&y.to_string());
                }
                return;
            }
            Facet::Type => {
                if !record.doc_type.is_empty() {
                    f(&record.doc_type);
                }
                return;
            }
            Facet::Status => return f(record.status.name()),
            Facet::Language => &record.languages,
            Facet::Subject => &record.subjects,
            Facet::Person => &record.people,
            Facet::Place => &record.places,
            Facet::Archive => &record.original_archives,
        };
        list.iter().for_each(|v| f(v));
    }

    fn has_value(self, record: &Record, value: &str) -> bool {
        let mut found = false;
        self.for_each_value(record, |v| found |= v == value);
        found
    }
}

/// A column the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SortColumn {
    /// Record id.
    Id,
    /// Earliest possible day.
    Date,
    /// Title.
    Title,
    /// Document type.
    Type,
    /// First language.
    Language,
    /// Status.
    Status,
}

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
}

impl Default for ViewQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            filters: Vec::new(),
            sort: SortColumn::Date,
            ascending: true,
        }
    }
}

impl ViewQuery {
    /// The search words, lowercased.
    pub fn words(&self) -> Vec<String> {
        self.text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    }
}

/// The records the list shows, in order, and the facet counts over them.
#[derive(Debug, Default)]
pub struct FilteredView {
    generation: u64,
    query: Option<ViewQuery>,
    /// The ids shown, in order.
    pub ids: Vec<RecordId>,
    /// For each facet, its values with counts, most frequent first.
    pub facets: BTreeMap<Facet, Vec<(String, usize)>>,
}

impl FilteredView {
    /// Recomputes the view if the catalog or the query changed since the last time;
    /// returns true when it did.
    pub fn update(&mut self, catalog: &Catalog, query: &ViewQuery) -> bool {
        if self.query.as_ref() == Some(query) && self.generation == catalog.generation() {
            return false;
        }
        let words = query.words();
        let matches = |r: &Record| {
            query.filters.iter().all(|(f, v)| f.has_value(r, v))
                && words.iter().all(|w| record_contains(r, w))
        };
        // Typing more of the same search can only narrow the list: filter what is shown
        // (already sorted) instead of the whole catalog.
        let narrowing = self.generation == catalog.generation()
            && self.query.as_ref().is_some_and(|old| {
                old.filters == query.filters
                    && old.sort == query.sort
                    && old.ascending == query.ascending
                    && query.text.starts_with(&old.text)
            });
        let shown: Vec<&Record> = if narrowing {
            let previous: Vec<&Record> = self.ids.iter().filter_map(|id| catalog.get(id)).collect();
            previous.into_par_iter().filter(|r| matches(r)).collect()
        } else {
            let all: Vec<&Record> = catalog.records().collect();
            let mut shown: Vec<&Record> = all.into_par_iter().filter(|r| matches(r)).collect();
            sort(&mut shown, query.sort, query.ascending);
            shown
        };
        self.facets = Facet::ALL
            .into_par_iter()
            .map(|facet| {
                let mut counts: HashMap<String, usize> = HashMap::new();
                for record in &shown {
                    facet.for_each_value(record, |value| match counts.get_mut(value) {
                        Some(n) => *n += 1,
                        None => {
                            counts.insert(value.to_owned(), 1);
                        }
                    });
                }
                let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
                if matches!(facet, Facet::Decade | Facet::Year) {
                    counts.sort_by(|a, b| a.0.cmp(&b.0));
                } else {
                    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                }
                (facet, counts)
            })
            .collect();
        self.ids = shown.into_iter().map(|r| r.id.clone()).collect();
        self.generation = catalog.generation();
        self.query = Some(query.clone());
        true
    }
}

/// Case-insensitive search of one lowercase word in every field and text.
fn record_contains(record: &Record, word: &str) -> bool {
    let has = |s: &str| contains_ignoring_case(s, word);
    has(record.id.as_str())
        || has(&record.title)
        || record.date.as_ref().is_some_and(|d| has(d.as_str()))
        || has(&record.date_display)
        || has(&record.doc_type)
        || has(&record.summary)
        || record.authors.iter().any(|s| has(s))
        || record.people.iter().any(|s| has(s))
        || record.places.iter().any(|s| has(s))
        || record.subjects.iter().any(|s| has(s))
        || record.topics.iter().any(|s| has(s))
        || record.languages.iter().any(|s| has(s))
        || has(&record.source)
        || record.credits.iter().any(|c| has(&c.name))
        || record.original_archives.iter().any(|s| has(s))
        || has(&record.classification)
        || record.funders.iter().any(|s| has(s))
        || has(&record.rights)
        || has(&record.external_id)
        || record.urls.iter().any(|s| has(s))
        || has(&record.notes)
        || record.texts.iter().any(|t| has(&t.body))
}

fn contains_ignoring_case(haystack: &str, lower_needle: &str) -> bool {
    if lower_needle.is_ascii() {
        // ASCII letters fold only to ASCII letters, so a byte search is exact here, and
        // memchr finds the candidates for the first byte at memory speed.
        let needle = lower_needle.as_bytes();
        let Some((&first, rest)) = needle.split_first() else {
            return true;
        };
        let bytes = haystack.as_bytes();
        return memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes).any(|at| {
            bytes
                .get(at + 1..at + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(rest))
        });
    }
    haystack.to_lowercase().contains(lower_needle)
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
        // Undated records go last, whatever the direction. Records come in id order
        // and the sort is stable, so records of the same date stay in id order.
        SortColumn::Date => records.sort_by_cached_key(|r| match date_key(r) {
            Some(range) => (false, range),
            None => (true, (0, 0)),
        }),
        SortColumn::Title => records.sort_by_cached_key(|r| (r.title.to_lowercase(), r.id.clone())),
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
        if column == SortColumn::Date {
            let undated = records.iter().filter(|r| date_key(r).is_none()).count();
            let dated = records.len() - undated;
            records[..dated].reverse();
        } else {
            records.reverse();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_ignores_case_in_any_script() {
        assert!(contains_ignoring_case("Kim Il Sung", "kim"));
        assert!(contains_ignoring_case("Satō, Eisaku", "eisaku"));
        assert!(contains_ignoring_case("said KIM.", "kim"));
        assert!(!contains_ignoring_case("Ki m", "kim"));
        assert!(contains_ignoring_case("Хрущёв", "хрущ"));
        assert!(contains_ignoring_case("anything", ""));
        assert!(
            !contains_ignoring_case("k", "kim"),
            "a match cut by the end of the text"
        );
    }
}
