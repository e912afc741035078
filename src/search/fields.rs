//! Which texts of a record a word can match, and in which search field: the one
//! definition that both the index and the scan (the search used while the index is
//! being built) read, so that the two always find the same records.

use std::ops::ControlFlow;

use crate::model::{Record, Text};

use super::query::SearchField;

/// Calls `f` with each searchable text of the record and its field, fields in
/// ascending order (the index numbers positions in this order, so they must grow).
pub fn for_each_text(record: &Record, mut f: impl FnMut(SearchField, &str)) {
    let _ = try_for_each_text(record, |field, text| {
        f(field, text);
        ControlFlow::<()>::Continue(())
    });
}

/// The record's searchable texts field by field, in the order of
/// [`SearchField::ALL`], each field's texts joined by line breaks: the record as a
/// search engine with one column per field indexes it (the FTS5 and tantivy
/// comparisons under `benches/`).
pub fn texts_by_field(record: &Record) -> [String; 15] {
    let mut fields: [String; 15] = Default::default();
    for_each_text(record, |field, text| {
        let slot = SearchField::ALL
            .iter()
            .position(|f| *f == field)
            .and_then(|i| fields.get_mut(i));
        if let Some(joined) = slot.filter(|_| !text.is_empty()) {
            if !joined.is_empty() {
                joined.push('\n');
            }
            joined.push_str(text);
        }
    });
    fields
}

/// As [`for_each_text`], stopping at the first text for which `f` breaks.
pub fn try_for_each_text<B>(
    record: &Record,
    f: impl FnMut(SearchField, &str) -> ControlFlow<B>,
) -> ControlFlow<B> {
    // Texts left in the records cache are read for this pass alone: an index
    // build over every record does not bring every text into memory.
    record
        .texts
        .peek(|texts| try_for_each_text_with(record, texts, f))
}

/// As [`try_for_each_text`], with the record's texts as already read (`texts`), for
/// a caller that goes over the record's fields more than once: texts left in the
/// records cache are then read once, not once per pass.
pub fn try_for_each_text_with<B>(
    record: &Record,
    texts: &[Text],
    mut f: impl FnMut(SearchField, &str) -> ControlFlow<B>,
) -> ControlFlow<B> {
    use SearchField as S;
    f(S::Id, record.id.as_str())?;
    f(S::Title, &record.title)?;
    f(S::Summary, &record.summary)?;
    for text in texts {
        f(S::Text, &text.body)?;
    }
    for value in record.subjects.iter().chain(&record.topics) {
        f(S::Subject, value)?;
    }
    for value in &record.people {
        f(S::Person, value)?;
    }
    for value in &record.places {
        f(S::Place, value)?;
    }
    for value in &record.authors {
        f(S::Author, value)?;
    }
    f(S::Type, &record.doc_type)?;
    for value in &record.languages {
        f(S::Lang, value)?;
    }
    for value in &record.original_archives {
        f(S::Archive, value)?;
    }
    f(S::Source, &record.source)?;
    for value in &record.funders {
        f(S::Funder, value)?;
    }
    f(S::Status, record.status.name())?;
    if let Some(date) = &record.date {
        f(S::Other, date.as_str())?;
    }
    f(S::Other, &record.date_display)?;
    for credit in &record.credits {
        f(S::Other, &credit.name)?;
    }
    f(S::Other, &record.classification)?;
    f(S::Other, &record.rights)?;
    f(S::Other, &record.external_id)?;
    for url in &record.urls {
        f(S::Other, url)?;
    }
    f(S::Other, &record.notes)?;
    for attachment in &record.attachments {
        f(S::Other, &attachment.label)?;
        f(S::Other, &attachment.path)?;
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_records_texts_are_gathered_under_their_fields_in_order() {
        let mut record = crate::synth::synthetic_record(5, 2).unwrap();
        record.notes = "Internal note".into();
        record.people = vec!["Zhou Enlai".into(), "Kim Il Sung".into()];
        let fields = texts_by_field(&record);
        let at = |field: SearchField| {
            let i = SearchField::ALL.iter().position(|f| *f == field).unwrap();
            fields[i].as_str()
        };
        assert_eq!(at(SearchField::Id), record.id.as_str());
        assert_eq!(at(SearchField::Title), record.title);
        assert_eq!(at(SearchField::Person), "Zhou Enlai\nKim Il Sung");
        assert_eq!(at(SearchField::Status), record.status.name());
        let texts: Vec<&str> = record.texts.iter().map(|t| t.body.as_str()).collect();
        assert_eq!(at(SearchField::Text), texts.join("\n"));
        assert!(
            at(SearchField::Other).ends_with("Internal note"),
            "{}",
            at(SearchField::Other)
        );
    }
}
