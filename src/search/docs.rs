//! What the index keeps of each record besides its words, by column: the strings of a
//! column end to end in one buffer, so that 100,000 records cost a few large
//! allocations rather than hundreds of thousands of small ones, and a saved index
//! loads its columns in one read each.

use crate::model::RecordId;
use crate::model::date::DayRange;

/// Strings end to end.
#[derive(Debug, Default, Clone)]
pub(super) struct StrColumn {
    pub text: String,
    /// Where each string ends in `text`.
    pub ends: Vec<u32>,
}

impl StrColumn {
    pub fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    pub fn get(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0) as usize,
        };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the ends are in order and the last is the text's end.
    pub fn is_consistent(&self) -> bool {
        self.ends.is_sorted() && self.ends.last().map_or(0, |e| *e as usize) == self.text.len()
    }
}

/// How many string columns [`Docs::push`] takes.
pub(super) const COLUMNS: usize = 6;

/// What a list of search results shows of a record: the index keeps it, so that a
/// search on the command line answers without reading the records.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Listing<'a> {
    /// The title.
    pub title: &'a str,
    /// The date (EDTF), or empty.
    pub date: &'a str,
    /// The date as displayed.
    pub date_display: &'a str,
    /// The document type, or empty.
    pub doc_type: &'a str,
    /// The first language of the original, or empty.
    pub language: &'a str,
    /// The workflow status.
    pub status: crate::model::Status,
}

/// Every slot's facts.
#[derive(Debug, Default, Clone)]
pub(super) struct Docs {
    pub ids: super::IdColumn,
    pub dates: Vec<Option<DayRange>>,
    pub status: Vec<u8>,
    /// The folded titles, for sorting.
    pub title_keys: StrColumn,
    pub doc_types: StrColumn,
    pub languages: StrColumn,
    pub titles: StrColumn,
    pub date_texts: StrColumn,
    pub date_displays: StrColumn,
}

impl Docs {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Adds a slot's facts; `columns` are its title key, type, language, title,
    /// date text and date display.
    pub fn push(
        &mut self,
        id: RecordId,
        date: Option<DayRange>,
        status: u8,
        columns: [&str; COLUMNS],
    ) {
        let [
            title_key,
            doc_type,
            language,
            title,
            date_text,
            date_display,
        ] = columns;
        self.ids.push(id);
        self.dates.push(date);
        self.status.push(status);
        self.title_keys.push(title_key);
        self.doc_types.push(doc_type);
        self.languages.push(language);
        self.titles.push(title);
        self.date_texts.push(date_text);
        self.date_displays.push(date_display);
    }

    pub fn id(&self, slot: u32) -> Option<&RecordId> {
        self.ids.get(slot as usize)
    }

    pub fn date(&self, slot: u32) -> Option<DayRange> {
        self.dates.get(slot as usize).copied().flatten()
    }

    pub fn listing(&self, slot: u32) -> Listing<'_> {
        let i = slot as usize;
        Listing {
            title: self.titles.get(i),
            date: self.date_texts.get(i),
            date_display: self.date_displays.get(i),
            doc_type: self.doc_types.get(i),
            language: self.languages.get(i),
            status: self
                .status
                .get(i)
                .and_then(|s| crate::model::Status::ALL.get(usize::from(*s)).copied())
                .unwrap_or_default(),
        }
    }

    /// The string columns, in a fixed order (for saving and loading).
    pub fn columns(&self) -> [&StrColumn; 6] {
        [
            &self.title_keys,
            &self.doc_types,
            &self.languages,
            &self.titles,
            &self.date_texts,
            &self.date_displays,
        ]
    }

    /// As [`Docs::columns`], to fill.
    pub fn columns_mut(&mut self) -> [&mut StrColumn; 6] {
        [
            &mut self.title_keys,
            &mut self.doc_types,
            &mut self.languages,
            &mut self.titles,
            &mut self.date_texts,
            &mut self.date_displays,
        ]
    }
}
