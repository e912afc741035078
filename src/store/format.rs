//! The canonical, diff-friendly RON text of records and of `catalog.ron`.
//!
//! Fields come in a fixed order (the struct's), one per line; lists have one item per
//! line; small structures (a credit, a text's header) stay on one line; long texts are
//! real multi-line strings, so a paragraph is one line of the file; empty optional
//! fields are left out; the file ends with a newline. Formatting a parsed canonical
//! file gives back the same bytes.

use ron::ser::PrettyConfig;
use serde::{Serialize, de::DeserializeOwned};

use std::ops::Range;

use crate::model::{Field, FieldValue, Record, Status, TextsError};

use super::CatalogSettings;

/// A position in a text file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPosition {
    /// Line number, from 1.
    pub line: usize,
    /// Column (character) number, from 1.
    pub col: usize,
}

/// A RON text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RonError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub position: TextPosition,
}

fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .depth_limit(2)
        .indentor("    ")
        .new_line("\n")
        .escape_strings(false)
}

fn to_ron<T: Serialize>(value: &T) -> String {
    // Serializing these plain data types cannot fail: no maps with non-string keys,
    // no custom serializers that error. Fall back to an empty text rather than panic.
    let mut text = ron::ser::to_string_pretty(value, pretty()).unwrap_or_default();
    text.push('\n');
    text
}

fn from_ron<T: DeserializeOwned>(text: &str) -> Result<T, RonError> {
    ron::from_str(text).map_err(|e| RonError {
        message: e.code.to_string(),
        position: TextPosition {
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
        },
    })
}

/// The canonical file text of a record. Fails only when its texts are left in the
/// records cache and cannot be read from it: a record is never written without them.
pub fn record_to_ron(record: &Record) -> Result<String, TextsError> {
    Ok(to_ron(&*record.with_texts_read()?))
}

/// Reads a record file's text.
pub fn record_from_ron(text: &str) -> Result<Record, RonError> {
    from_ron(text)
}

/// Where `field` stands in the canonical file of `record`: the range of its lines
/// (0-based), empty where the field is left out (an empty value), at the place it
/// would take. Found by writing the record again with the field emptied (or, for a
/// field always written, changed): the lines that differ are the field's, whatever
/// its text holds (a paragraph that looks like another field's line included).
pub fn field_lines(record: &Record, field: Field) -> Range<usize> {
    // Lines to show, never written: texts that cannot be read show as none.
    let full = record_to_ron(record).unwrap_or_default();
    let mut probe = record.clone();
    // Setting a value of the field's own kind cannot fail.
    let _ = field.set(&mut probe, probe_value(field.get(record)));
    let changed = record_to_ron(&probe).unwrap_or_default();
    let (a, b): (Vec<&str>, Vec<&str>) = (full.lines().collect(), changed.lines().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // The lines after the field are the same in both: at most what the probe has
    // after the prefix (so the suffix never takes a line of the field itself).
    let room = b
        .len()
        .saturating_sub(prefix)
        .min(a.len().saturating_sub(prefix));
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    prefix..a.len() - suffix
}

/// A value of the field's kind that is written differently from `value`: empty for
/// a value, something for an empty one (to find where the field would stand).
fn probe_value(value: FieldValue) -> FieldValue {
    use crate::model::{Attachment, Credit, CreditRole, RecordId, Text, TextKind};
    let something = || "~".to_owned();
    match value {
        FieldValue::Text(t) if t.is_empty() => FieldValue::Text(something()),
        // Title and the others: the title is always written, so change it rather than
        // empty it.
        FieldValue::Text(t) => FieldValue::Text(if t == "~" {
            String::new()
        } else {
            format!("{t}~")
        }),
        FieldValue::List(v) if v.is_empty() => FieldValue::List(vec![something()]),
        FieldValue::List(_) => FieldValue::List(Vec::new()),
        FieldValue::Date(None) => FieldValue::Date(crate::model::ArchivalDate::parse("2000").ok()),
        FieldValue::Date(Some(_)) => FieldValue::Date(None),
        FieldValue::Day(None) => FieldValue::Day(chrono::NaiveDate::from_ymd_opt(2000, 1, 1)),
        FieldValue::Day(Some(_)) => FieldValue::Day(None),
        FieldValue::Related(v) if v.is_empty() => {
            FieldValue::Related(RecordId::new("probe").into_iter().collect())
        }
        FieldValue::Related(_) => FieldValue::Related(Vec::new()),
        FieldValue::Credits(v) if v.is_empty() => FieldValue::Credits(vec![Credit {
            role: CreditRole::Edited,
            name: something(),
        }]),
        FieldValue::Credits(_) => FieldValue::Credits(Vec::new()),
        FieldValue::Texts(v) if v.is_empty() => FieldValue::Texts(
            vec![Text {
                kind: TextKind::Original,
                language: something(),
                body: something(),
            }]
            .into(),
        ),
        FieldValue::Texts(_) => FieldValue::Texts(Default::default()),
        FieldValue::Attachments(v) if v.is_empty() => FieldValue::Attachments(vec![Attachment {
            path: something(),
            label: String::new(),
        }]),
        FieldValue::Attachments(_) => FieldValue::Attachments(Vec::new()),
        FieldValue::Status(s) => FieldValue::Status(if s == Status::Draft {
            Status::Reviewed
        } else {
            Status::Draft
        }),
    }
}

/// The canonical text of `catalog.ron`, in the format its settings need (a catalog of
/// an older format says the newer one once Folio writes to it; version 3 only when
/// it uses version 3's settings, see [`super::FORMAT_VERSION`]).
pub fn settings_to_ron(settings: &CatalogSettings) -> String {
    let settings = CatalogSettings {
        format_version: settings.format_version.max(settings.needed_format()),
        ..settings.clone()
    };
    to_ron(&settings)
}

/// Reads `catalog.ron`.
pub fn settings_from_ron(text: &str) -> Result<CatalogSettings, RonError> {
    from_ron(text)
}

/// Where a top-level field starts in a canonical record file, for `path:line:col`
/// messages; the start of the file when the field is absent.
pub fn field_position(text: &str, field: &str) -> TextPosition {
    let prefix = format!("    {field}:");
    text.lines()
        .position(|line| line.starts_with(&prefix))
        .map(|i| TextPosition {
            line: i + 1,
            col: 5,
        })
        .unwrap_or(TextPosition { line: 1, col: 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArchivalDate, Credit, CreditRole, RecordId, Text, TextKind};

    fn sample() -> Record {
        let mut r = Record::new(
            RecordId::new("wcda-1").unwrap(),
            "Report from Ji Pengfei on Liu Shaoqi’s Conversation",
        );
        r.date = Some(ArchivalDate::parse("1963-09-17").unwrap());
        r.people = vec!["Kim Il Sung".into(), "Liu Shaoqi".into()];
        r.credits = vec![Credit {
            role: CreditRole::Translated,
            name: "Jeffrey Wang".into(),
        }];
        r.texts = vec![Text {
            kind: TextKind::Translation,
            language: "English".into(),
            body: "First paragraph.\n\nSecond \"quoted\" paragraph [1963].\n\nThird.".into(),
        }]
        .into();
        r.created = "2026-11-27T20:00:00Z".parse().unwrap();
        r
    }

    #[test]
    fn layout_is_one_field_per_line_and_one_item_per_line() {
        let text = record_to_ron(&sample()).unwrap();
        let expected = r####"(
    id: "wcda-1",
    title: "Report from Ji Pengfei on Liu Shaoqi’s Conversation",
    date: "1963-09-17",
    people: [
        "Kim Il Sung",
        "Liu Shaoqi",
    ],
    credits: [
        (role: translated, name: "Jeffrey Wang"),
    ],
    texts: [
        (kind: translation, language: "English", body: r#"First paragraph.

Second "quoted" paragraph [1963].

Third."#),
    ],
    status: draft,
    created: "2026-11-27T20:00:00Z",
)
"####;
        assert_eq!(text, expected);
        assert_eq!(record_from_ron(&text).unwrap(), sample());
    }

    #[test]
    fn a_format_1_file_is_read_and_its_stamp_dropped() {
        let canonical = record_to_ron(&sample()).unwrap();
        let format_1 = canonical.replace(
            "    created: \"2026-11-27T20:00:00Z\",\n",
            "    created: \"2026-11-27T20:00:00Z\",\n    modified: \"2026-12-01T09:30:00Z\",\n",
        );
        assert_ne!(format_1, canonical);
        let record = record_from_ron(&format_1).unwrap();
        assert_eq!(record, sample());
        assert_eq!(
            record_to_ron(&record).unwrap(),
            canonical,
            "written without it"
        );
        // A damaged stamp is still named.
        let bad = format_1.replace("2026-12-01T09:30:00Z", "yesterday");
        let e = record_from_ron(&bad).unwrap_err();
        assert!(e.message.contains("modified"), "{e:?}");
    }

    #[test]
    fn field_lines_are_found_whatever_a_text_holds() {
        let mut r = sample();
        r.places = vec!["Pyongyang".into()];
        r.summary = "A summary".into();
        // A paragraph that looks like a field's line.
        r.texts.make_mut().unwrap()[0].body = "One.\n\n    places: [\n\n    ],".into();
        let text = record_to_ron(&r).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let of = |field| lines[field_lines(&r, field)].join("\n");
        assert_eq!(of(Field::Title), format!("    title: \"{}\",", r.title));
        assert_eq!(
            of(Field::Places),
            "    places: [\n        \"Pyongyang\",\n    ],"
        );
        assert_eq!(
            of(Field::People),
            "    people: [\n        \"Kim Il Sung\",\n        \"Liu Shaoqi\",\n    ],"
        );
        assert!(
            of(Field::Texts).starts_with("    texts: [") && of(Field::Texts).ends_with("    ],")
        );
        assert_eq!(of(Field::Status), "    status: draft,");
        // An empty field: no lines, where it would stand (subjects after places).
        let subjects = field_lines(&r, Field::Subjects);
        assert!(subjects.is_empty());
        assert_eq!(lines[subjects.start - 1], "    ],");
        assert_eq!(lines[subjects.start], "    credits: [");
        let notes = field_lines(&r, Field::Notes);
        assert!(notes.is_empty());
        assert_eq!(lines[notes.start], "    status: draft,");
    }

    #[test]
    fn catalog_ron_is_written_in_this_format() {
        let mut settings = CatalogSettings::new("Old");
        settings.format_version = 1;
        let text = settings_to_ron(&settings);
        assert!(text.contains("format_version: 2,"), "{text}");
        settings.base_url = "https://archive.example.org/".into();
        let text = settings_to_ron(&settings);
        assert!(text.contains("format_version: 3,"), "{text}");
    }

    #[test]
    fn one_word_changed_is_one_line_changed() {
        let before = record_to_ron(&sample()).unwrap();
        let mut r = sample();
        r.texts.make_mut().unwrap()[0].body = r.texts[0].body.replace("Second", "2nd");
        let after = record_to_ron(&r).unwrap();
        let changed = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(before.lines().count(), after.lines().count());
        assert_eq!(changed, 1);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let text = "(\n    id: \"a\",\n    title: oops,\n)\n";
        let e = record_from_ron(text).unwrap_err();
        assert_eq!(e.position.line, 3, "{e:?}");
        let e = record_from_ron("(\n    id: \"A B\",\n)").unwrap_err();
        assert!(e.message.contains("A B"), "{e:?}");
        let e = record_from_ron("(\n    id: \"a\",\n    colour: \"red\",\n)").unwrap_err();
        assert!(e.message.contains("colour"), "{e:?}");
    }

    #[test]
    fn field_positions() {
        let text = record_to_ron(&sample()).unwrap();
        assert_eq!(
            field_position(&text, "title"),
            TextPosition { line: 3, col: 5 }
        );
        assert_eq!(
            field_position(&text, "summary"),
            TextPosition { line: 1, col: 1 }
        );
    }
}
