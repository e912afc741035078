//! Citations of single records: the digital archive's own style and Chicago
//! (notes and bibliography, bibliography entry for an archival document).

use super::Progress;
use crate::model::{CreditRole, Record};
use crate::store::CatalogSettings;

fn date_text(record: &Record) -> String {
    if !record.date_display.is_empty() {
        record.date_display.clone()
    } else if record.date.is_some() {
        record.date_words()
    } else {
        "n.d.".to_owned()
    }
}

/// Adds a final period unless the text already ends a sentence.
fn with_period(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// The archive a record is cited in: the catalog's, else the record's first original
/// archive.
pub fn archive_name<'a>(record: &'a Record, settings: &'a CatalogSettings) -> &'a str {
    if settings.archive_name.is_empty() {
        record
            .original_archives
            .first()
            .map(String::as_str)
            .unwrap_or("")
    } else {
        &settings.archive_name
    }
}

/// The archive's own style: `"<title>," <date>, <archive name>, <source>.`
pub fn archive_style(record: &Record, settings: &CatalogSettings) -> String {
    let mut parts = vec![format!("“{},” {}", record.title, date_text(record))];
    let archive = archive_name(record, settings);
    if !archive.is_empty() {
        parts.push(archive.to_owned());
    }
    if !record.source.is_empty() {
        parts.push(record.source.clone());
    }
    with_period(&parts.join(", "))
}

/// The record's credits as its source states them (`Obtained and translated for
/// NKIDP by Eliza Gheorghe.`), else as [`credit_sentences`] makes them, without the
/// roles in `skip` (those the format carries in fields of their own).
pub fn credits_text(record: &Record, skip: &[CreditRole]) -> String {
    let (_, stated) = crate::import::credits::split_source(&record.source);
    if stated.is_empty() {
        credit_sentences(record, skip)
    } else {
        stated
    }
}

/// The record's credits other than those in `skip`, as sentences in the archive's
/// words: `Obtained by Shen Zhihua. Contributed by Robert Hoppens.` (formats that
/// carry translators in a field of their own leave them out).
pub fn credit_sentences(record: &Record, skip: &[CreditRole]) -> String {
    let mut sentences = Vec::new();
    for role in CreditRole::ALL {
        if skip.contains(&role) {
            continue;
        }
        let people: Vec<String> = record
            .credits
            .iter()
            .filter(|c| c.role == role && !c.name.trim().is_empty())
            .map(|c| c.name.trim().to_owned())
            .collect();
        if !people.is_empty() {
            sentences.push(format!("{} by {}.", role.sentence_word(), names(&people)));
        }
    }
    sentences.join(" ")
}

fn names(list: &[String]) -> String {
    let list: Vec<&str> = list.iter().map(String::as_str).collect();
    and_list(&list)
}

/// The names after an inverted first one: `and B`, `B, and C`.
fn names_after_first(rest: &[String]) -> String {
    match rest {
        [one] => format!("and {one}"),
        [before @ .., last] => format!("{}, and {last}", before.join(", ")),
        [] => String::new(),
    }
}

/// `A`, `A and B`, `A, B and C`.
pub fn and_list(list: &[&str]) -> String {
    match list {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

/// Chicago notes-bibliography, bibliography entry:
/// `Author. “Title.” Date. Translated by X. Source. Archive. URL.`
pub fn chicago(record: &Record, settings: &CatalogSettings) -> String {
    chicago_named(record, settings, &super::names::Names::of(settings))
}

/// [`chicago`] with the catalog's settled names looked up once for many records.
fn chicago_named(
    record: &Record,
    settings: &CatalogSettings,
    settled: &super::names::Names<'_>,
) -> String {
    let mut parts = Vec::new();
    if !record.authors.is_empty() {
        // The first author is filed under the family name ("Hamilton, Lee H."); a
        // family-first name already is ("Zhou Enlai"); the others read as written.
        let mut authors = record.authors.clone();
        if let Some(first) = authors.first_mut()
            && let super::names::Name::Person { family, given } = settled.split(first)
        {
            *first = format!("{family}, {given}");
        }
        // Chicago: "Hamilton, Lee H., and Bernd Schaefer" after an inverted first name.
        let listed = match authors.as_slice() {
            [first, rest @ ..] if !rest.is_empty() && first.contains(", ") => {
                format!("{first}, {}", names_after_first(rest))
            }
            _ => names(&authors),
        };
        parts.push(with_period(&listed));
    }
    // The title's own final stop, even inside its closing quote ("‘…U.N.O.’"), ends it.
    let title = record.title.trim_end().trim_end_matches('.');
    let ended = title
        .trim_end_matches(['’', '”', '"', '\'', ')'])
        .ends_with(['.', '!', '?']);
    parts.push(if ended {
        format!("“{title}”")
    } else {
        format!("“{title}.”")
    });
    parts.push(with_period(&date_text(record)));
    let translators: Vec<String> = record
        .credits
        .iter()
        .filter(|c| c.role == CreditRole::Translated)
        .map(|c| c.name.clone())
        .collect();
    // The source usually carries its credit sentence; only add translators it lacks.
    if !translators.is_empty() && !record.source.contains("ranslated") {
        parts.push(with_period(&format!(
            "Translated by {}",
            names(&translators)
        )));
    }
    if !record.source.is_empty() {
        parts.push(with_period(&record.source));
    }
    let archive = archive_name(record, settings);
    if !archive.is_empty() {
        parts.push(with_period(archive));
    }
    if let Some(url) = record.urls.first() {
        parts.push(with_period(url));
    }
    parts.join(" ")
}

/// Which citation style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The digital archive's own style.
    Archive,
    /// Chicago notes-bibliography.
    Chicago,
}

/// One citation per line, in the records' order.
pub fn to_citations(
    records: &[&Record],
    settings: &CatalogSettings,
    style: Style,
    progress: &Progress,
) -> Vec<u8> {
    let settled = super::names::Names::of(settings);
    let mut text = String::new();
    for record in progress.iter(records) {
        text.push_str(&match style {
            Style::Archive => archive_style(record, settings),
            Style::Chicago => chicago_named(record, settings, &settled),
        });
        text.push('\n');
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArchivalDate, Credit, RecordId};

    fn seed() -> (Record, CatalogSettings) {
        let mut r = Record::new(
            RecordId::new("a").unwrap(),
            "Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung",
        );
        r.date = Some(ArchivalDate::parse("1963-09-17").unwrap());
        r.date_display = "September 17, 1963".into();
        r.source = "PRC FMA 203-00566-02, 137-138. Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus.".into();
        r.credits = vec![Credit {
            role: CreditRole::Translated,
            name: "Jeffrey Wang".into(),
        }];
        let mut settings = CatalogSettings::new("x");
        settings.archive_name = "History and Public Policy Program Digital Archive".into();
        (r, settings)
    }

    #[test]
    fn the_archive_style() {
        let (r, settings) = seed();
        assert_eq!(
            archive_style(&r, &settings),
            "“Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung,” September 17, 1963, \
             History and Public Policy Program Digital Archive, PRC FMA 203-00566-02, 137-138. \
             Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus."
        );
    }

    #[test]
    fn chicago_bibliography_entry() {
        let (mut r, settings) = seed();
        r.authors = vec!["Ji Pengfei".into()];
        r.urls = vec!["https://digitalarchive.wilsoncenter.org/document/111866".into()];
        assert_eq!(
            chicago(&r, &settings),
            "Ji Pengfei. “Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung.” September 17, 1963. \
             PRC FMA 203-00566-02, 137-138. Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus. \
             History and Public Policy Program Digital Archive. https://digitalarchive.wilsoncenter.org/document/111866."
        );
    }

    #[test]
    fn no_doubled_stop_after_a_title_ending_in_a_quoted_abbreviation() {
        let (mut r, settings) = seed();
        r.title = "Report, ‘Poland and our Policy at U.N.O.’".into();
        assert!(
            chicago(&r, &settings)
                .starts_with("“Report, ‘Poland and our Policy at U.N.O.’” September"),
            "{}",
            chicago(&r, &settings)
        );
    }

    #[test]
    fn undated_records_say_so() {
        let (mut r, settings) = seed();
        r.date = None;
        r.date_display.clear();
        assert!(archive_style(&r, &settings).contains("Kim Il Sung,” n.d., History"));
    }
}
