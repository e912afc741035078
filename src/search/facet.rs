//! Facets (the sidebar's counts and filters) and the list's sort columns.

use crate::model::Record;

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

/// The Decade and Year facets' value for records without a date.
pub const UNDATED: &str = "(undated)";

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
                match year() {
                    Some(y) => f(&format!("{}s", y - y.rem_euclid(10))),
                    None => f(UNDATED),
                }
                return;
            }
            Facet::Year => {
                match year() {
                    Some(y) => f(&y.to_string()),
                    None => f(UNDATED),
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

    /// Orders a facet's values with their counts as the sidebar lists them: decades
    /// and years in time order (undated last), the others most frequent first.
    pub fn sort_counts(self, counts: &mut [(String, usize)]) {
        if matches!(self, Facet::Decade | Facet::Year) {
            counts.sort_by(|a, b| (a.0 == UNDATED, &a.0).cmp(&(b.0 == UNDATED, &b.0)));
        } else {
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
    }

    /// Whether the record has this value for the facet.
    pub fn has_value(self, record: &Record, value: &str) -> bool {
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
    /// Relevance to the search (best first); by date when there is no search.
    Relevance,
}
