//! Named access to a record's fields, for edits, the CLI's `get`/`set` and the editor.

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use super::{ArchivalDate, Attachment, Credit, Record, RecordId, Status, Texts};

/// A field that can be read and set by name. `id` is changed by renaming and
/// `created` is kept by the app, so they are not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // each variant is the field of the same name
pub enum Field {
    Title,
    Date,
    DateDisplay,
    DocType,
    Summary,
    Authors,
    People,
    Places,
    Subjects,
    Topics,
    Languages,
    Source,
    Credits,
    OriginalArchives,
    Classification,
    Funders,
    Rights,
    ExternalId,
    Uploaded,
    Urls,
    Related,
    Texts,
    Attachments,
    Notes,
    Status,
}

/// A field is written by its canonical name (in JSON reports).
impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The value of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// A single string (empty when not set).
    Text(String),
    /// A list of strings.
    List(Vec<String>),
    /// The record's date.
    Date(Option<ArchivalDate>),
    /// A calendar day.
    Day(Option<NaiveDate>),
    /// Ids of related records.
    Related(Vec<RecordId>),
    /// Credits.
    Credits(Vec<Credit>),
    /// Texts.
    Texts(Texts),
    /// Attachments.
    Attachments(Vec<Attachment>),
    /// Workflow state.
    Status(Status),
}

/// Why a value cannot be given to a field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FieldError {
    /// No such field.
    #[error("unknown field \"{0}\"; fields are: {list}", list = Field::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "))]
    Unknown(String),
    /// The value is not acceptable for the field.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field's name.
        field: &'static str,
        /// Why.
        reason: String,
    },
}

impl Field {
    /// Every field, in record-file order.
    pub const ALL: [Field; 25] = [
        Field::Title,
        Field::Date,
        Field::DateDisplay,
        Field::DocType,
        Field::Summary,
        Field::Authors,
        Field::People,
        Field::Places,
        Field::Subjects,
        Field::Topics,
        Field::Languages,
        Field::Source,
        Field::Credits,
        Field::OriginalArchives,
        Field::Classification,
        Field::Funders,
        Field::Rights,
        Field::ExternalId,
        Field::Uploaded,
        Field::Urls,
        Field::Related,
        Field::Texts,
        Field::Attachments,
        Field::Notes,
        Field::Status,
    ];

    /// The canonical field name, as in the record file and the JSON export.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Date => "date",
            Field::DateDisplay => "date_display",
            Field::DocType => "doc_type",
            Field::Summary => "summary",
            Field::Authors => "authors",
            Field::People => "people",
            Field::Places => "places",
            Field::Subjects => "subjects",
            Field::Topics => "topics",
            Field::Languages => "languages",
            Field::Source => "source",
            Field::Credits => "credits",
            Field::OriginalArchives => "original_archives",
            Field::Classification => "classification",
            Field::Funders => "funders",
            Field::Rights => "rights",
            Field::ExternalId => "external_id",
            Field::Uploaded => "uploaded",
            Field::Urls => "urls",
            Field::Related => "related",
            Field::Texts => "texts",
            Field::Attachments => "attachments",
            Field::Notes => "notes",
            Field::Status => "status",
        }
    }

    /// The field's name as the app shows it (the editor's label, the CSV column
    /// chooser, the problems panel).
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Date => "Date",
            Field::DateDisplay => "Date as printed",
            Field::DocType => "Type",
            Field::Summary => "Summary",
            Field::Authors => "Authors",
            Field::People => "People and organizations",
            Field::Places => "Places",
            Field::Subjects => "Subjects",
            Field::Topics => "Topics",
            Field::Languages => "Languages",
            Field::Source => "Source",
            Field::Credits => "Credits",
            Field::OriginalArchives => "Original archives",
            Field::Classification => "Classification",
            Field::Funders => "Funders",
            Field::Rights => "Rights",
            Field::ExternalId => "Archive record number",
            Field::Uploaded => "Uploaded",
            Field::Urls => "Web addresses",
            Field::Related => "Related records",
            Field::Texts => "Texts",
            Field::Attachments => "Attachments",
            Field::Notes => "Notes",
            Field::Status => "Status",
        }
    }

    /// The fields whose values differ between two versions of a record.
    pub fn differing(a: &Record, b: &Record) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.get(a) != f.get(b))
            .collect()
    }

    /// Looks a field up by its canonical name.
    pub fn from_name(name: &str) -> Result<Field, FieldError> {
        Field::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| FieldError::Unknown(name.to_owned()))
    }

    /// Whether any string the field of `r` holds passes `test`. Texts left in the
    /// records cache are read for this call alone: a find over every record does
    /// not bring every text into memory.
    pub fn any_str(self, r: &Record, mut test: impl FnMut(&str) -> bool) -> bool {
        match self {
            Field::Texts => r.texts.peek(|texts| {
                texts
                    .iter()
                    .any(|t| test(t.language.as_str()) || test(t.body.as_str()))
            }),
            _ => self.strs(r).into_iter().any(test),
        }
    }

    /// Every string the field of `r` holds, borrowed (what [`FieldValue::texts`]
    /// gives of its value, without copying it): to search a record's fields
    /// without cloning them.
    pub fn strs(self, r: &Record) -> Vec<&str> {
        fn list(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        match self {
            Field::Title => vec![r.title.as_str()],
            Field::DateDisplay => vec![r.date_display.as_str()],
            Field::DocType => vec![r.doc_type.as_str()],
            Field::Summary => vec![r.summary.as_str()],
            Field::Source => vec![r.source.as_str()],
            Field::Classification => vec![r.classification.as_str()],
            Field::Rights => vec![r.rights.as_str()],
            Field::ExternalId => vec![r.external_id.as_str()],
            Field::Notes => vec![r.notes.as_str()],
            Field::Authors => list(&r.authors),
            Field::People => list(&r.people),
            Field::Places => list(&r.places),
            Field::Subjects => list(&r.subjects),
            Field::Topics => list(&r.topics),
            Field::Languages => list(&r.languages),
            Field::OriginalArchives => list(&r.original_archives),
            Field::Funders => list(&r.funders),
            Field::Urls => list(&r.urls),
            Field::Credits => r.credits.iter().map(|c| c.name.as_str()).collect(),
            Field::Texts => r
                .texts
                .iter()
                .flat_map(|t| [t.language.as_str(), t.body.as_str()])
                .collect(),
            Field::Attachments => r
                .attachments
                .iter()
                .flat_map(|a| [a.path.as_str(), a.label.as_str()])
                .collect(),
            Field::Date | Field::Uploaded | Field::Related | Field::Status => Vec::new(),
        }
    }

    /// The field's current value.
    pub fn get(self, r: &Record) -> FieldValue {
        use FieldValue as V;
        match self {
            Field::Title => V::Text(r.title.clone()),
            Field::Date => V::Date(r.date.clone()),
            Field::DateDisplay => V::Text(r.date_display.clone()),
            Field::DocType => V::Text(r.doc_type.clone()),
            Field::Summary => V::Text(r.summary.clone()),
            Field::Authors => V::List(r.authors.clone()),
            Field::People => V::List(r.people.clone()),
            Field::Places => V::List(r.places.clone()),
            Field::Subjects => V::List(r.subjects.clone()),
            Field::Topics => V::List(r.topics.clone()),
            Field::Languages => V::List(r.languages.clone()),
            Field::Source => V::Text(r.source.clone()),
            Field::Credits => V::Credits(r.credits.clone()),
            Field::OriginalArchives => V::List(r.original_archives.clone()),
            Field::Classification => V::Text(r.classification.clone()),
            Field::Funders => V::List(r.funders.clone()),
            Field::Rights => V::Text(r.rights.clone()),
            Field::ExternalId => V::Text(r.external_id.clone()),
            Field::Uploaded => V::Day(r.uploaded),
            Field::Urls => V::List(r.urls.clone()),
            Field::Related => V::Related(r.related.clone()),
            Field::Texts => V::Texts(r.texts.clone()),
            Field::Attachments => V::Attachments(r.attachments.clone()),
            Field::Notes => V::Text(r.notes.clone()),
            Field::Status => V::Status(r.status),
        }
    }

    /// Puts `value` into the field and returns the old value. Fails, changing nothing,
    /// when the value is of the wrong kind for the field.
    pub fn set(self, r: &mut Record, value: FieldValue) -> Result<FieldValue, FieldError> {
        use FieldValue as V;
        let old = self.get(r);
        match (self, value) {
            (Field::Title, V::Text(v)) => r.title = v,
            (Field::Date, V::Date(v)) => r.date = v,
            (Field::DateDisplay, V::Text(v)) => r.date_display = v,
            (Field::DocType, V::Text(v)) => r.doc_type = v,
            (Field::Summary, V::Text(v)) => r.summary = v,
            (Field::Authors, V::List(v)) => r.authors = v,
            (Field::People, V::List(v)) => r.people = v,
            (Field::Places, V::List(v)) => r.places = v,
            (Field::Subjects, V::List(v)) => r.subjects = v,
            (Field::Topics, V::List(v)) => r.topics = v,
            (Field::Languages, V::List(v)) => r.languages = v,
            (Field::Source, V::Text(v)) => r.source = v,
            (Field::Credits, V::Credits(v)) => r.credits = v,
            (Field::OriginalArchives, V::List(v)) => r.original_archives = v,
            (Field::Classification, V::Text(v)) => r.classification = v,
            (Field::Funders, V::List(v)) => r.funders = v,
            (Field::Rights, V::Text(v)) => r.rights = v,
            (Field::ExternalId, V::Text(v)) => r.external_id = v,
            (Field::Uploaded, V::Day(v)) => r.uploaded = v,
            (Field::Urls, V::List(v)) => r.urls = v,
            (Field::Related, V::Related(v)) => r.related = v,
            (Field::Texts, V::Texts(v)) => r.texts = v,
            (Field::Attachments, V::Attachments(v)) => r.attachments = v,
            (Field::Notes, V::Text(v)) => r.notes = v,
            (Field::Status, V::Status(v)) => r.status = v,
            (field, value) => {
                return Err(FieldError::Invalid {
                    field: field.name(),
                    reason: format!("a value of the wrong kind was given: {value:?}"),
                });
            }
        }
        Ok(old)
    }

    /// Whether `value` may enter this field: the one check of every way into a record
    /// (the editor, `folio set`, imports). A title is required, a date must be valid
    /// EDTF, attachment paths must stay inside the catalog, and no text may hold a
    /// control character other than tab and line feed, nor a Unicode noncharacter
    /// (a NUL makes git take the file for binary; others are invisible and break
    /// exports).
    pub fn admit(self, value: &FieldValue) -> Result<(), FieldError> {
        let invalid = |reason: String| FieldError::Invalid {
            field: self.name(),
            reason,
        };
        match value {
            FieldValue::Text(text) if self == Field::Title && text.trim().is_empty() => {
                return Err(invalid("a title is required".to_owned()));
            }
            FieldValue::Date(Some(date)) => {
                if let Some(error) = date.error() {
                    return Err(invalid(error.to_string()));
                }
            }
            FieldValue::Attachments(attachments) => {
                for a in attachments {
                    if let Some(problem) = super::validate::attachment_path_problem(&a.path) {
                        return Err(invalid(problem));
                    }
                }
            }
            _ => {}
        }
        let texts = value.texts();
        let many = texts.len() > 1;
        for (i, text) in texts.into_iter().enumerate() {
            if let Some(problem) = forbidden_character(text) {
                let place = if many {
                    format!("item {}, {problem}", i + 1)
                } else {
                    problem
                };
                return Err(invalid(place));
            }
        }
        Ok(())
    }

    /// Parses user input for this field, refusing invalid values with the reason.
    ///
    /// Single strings are taken as they are; lists and structured fields take JSON
    /// (`["Kim Il Sung", "Liu Shaoqi"]`, `[{"role": "translated", "name": "X"}]`);
    /// the date takes EDTF and the status its name. An empty string clears a field.
    pub fn parse_input(self, input: &str) -> Result<FieldValue, FieldError> {
        let invalid = |reason: String| FieldError::Invalid {
            field: self.name(),
            reason,
        };
        let json = |input: &str| -> Result<serde_json::Value, FieldError> {
            if input.trim().is_empty() {
                return Ok(serde_json::Value::Array(Vec::new()));
            }
            serde_json::from_str(input).map_err(|e| {
                invalid(format!(
                    "expected a JSON value such as [\"first\", \"second\"]: {e}"
                ))
            })
        };
        let structured = |input: &str| -> Result<FieldValue, FieldError> {
            let value = json(input)?;
            let parsed = match self {
                Field::Credits => serde_json::from_value(value).map(FieldValue::Credits),
                Field::Texts => serde_json::from_value(value).map(FieldValue::Texts),
                Field::Attachments => serde_json::from_value(value).map(FieldValue::Attachments),
                Field::Related => serde_json::from_value(value).map(FieldValue::Related),
                _ => serde_json::from_value(value).map(FieldValue::List),
            };
            parsed.map_err(|e| invalid(e.to_string()))
        };
        let value = match self {
            Field::Title => {
                if input.trim().is_empty() {
                    return Err(invalid("a title is required".to_owned()));
                }
                FieldValue::Text(input.to_owned())
            }
            Field::Date => {
                if input.is_empty() {
                    FieldValue::Date(None)
                } else {
                    let date = ArchivalDate::parse(input).map_err(|e| invalid(e.to_string()))?;
                    FieldValue::Date(Some(date))
                }
            }
            Field::Uploaded => {
                if input.is_empty() {
                    FieldValue::Day(None)
                } else {
                    let day = NaiveDate::parse_from_str(input, "%Y-%m-%d")
                        .map_err(|e| invalid(format!("expected a day as YYYY-MM-DD: {e}")))?;
                    FieldValue::Day(Some(day))
                }
            }
            Field::Status => FieldValue::Status(Status::from_name(input).ok_or_else(|| {
                invalid(format!(
                    "\"{input}\" is not a status; use draft, reviewed or published"
                ))
            })?),
            Field::DateDisplay
            | Field::DocType
            | Field::Summary
            | Field::Source
            | Field::Classification
            | Field::Rights
            | Field::ExternalId
            | Field::Notes => FieldValue::Text(input.to_owned()),
            Field::Authors
            | Field::People
            | Field::Places
            | Field::Subjects
            | Field::Topics
            | Field::Languages
            | Field::OriginalArchives
            | Field::Funders
            | Field::Urls
            | Field::Related
            | Field::Credits
            | Field::Texts
            | Field::Attachments => structured(input)?,
        };
        self.admit(&value)?;
        Ok(value)
    }
}

/// Where `text` holds a character no text may hold, in words (`character 12 is
/// U+0000, a control character`), or `None`.
fn forbidden_character(text: &str) -> Option<String> {
    let (at, c) = text.chars().enumerate().find(|(_, c)| {
        let code = u32::from(*c);
        let control = code < 0x20 && !matches!(c, '\t' | '\n');
        // Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
        let noncharacter = (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE;
        control || noncharacter
    })?;
    let what = if u32::from(c) < 0x20 {
        "a control character (text may hold tabs and line breaks, no other control character)"
    } else {
        "a Unicode noncharacter, which no text may hold"
    };
    Some(format!(
        "character {} is U+{:04X}, {what}",
        at + 1,
        u32::from(c)
    ))
}

impl FieldValue {
    /// Every string the value holds (list items, credit names, text languages and
    /// bodies, attachment paths and labels), in order.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            FieldValue::Text(s) => vec![s.as_str()],
            FieldValue::List(v) => v.iter().map(String::as_str).collect(),
            FieldValue::Credits(v) => v.iter().map(|c| c.name.as_str()).collect(),
            FieldValue::Texts(v) => v
                .iter()
                .flat_map(|t| [t.language.as_str(), t.body.as_str()])
                .collect(),
            FieldValue::Attachments(v) => v
                .iter()
                .flat_map(|a| [a.path.as_str(), a.label.as_str()])
                .collect(),
            FieldValue::Date(_)
            | FieldValue::Day(_)
            | FieldValue::Related(_)
            | FieldValue::Status(_) => Vec::new(),
        }
    }

    /// The value for display on a terminal: a plain string for text fields,
    /// pretty JSON for the rest.
    pub fn to_plain_or_json(&self) -> String {
        match self {
            FieldValue::Text(s) => s.clone(),
            FieldValue::Date(d) => d
                .as_ref()
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default(),
            FieldValue::Day(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            FieldValue::Status(s) => s.name().to_owned(),
            other => serde_json::to_string_pretty(other).unwrap_or_default(),
        }
    }
}

impl FieldValue {
    /// The value as plain text, list items joined by `separator` (`"; "` in a CSV
    /// cell, a line break where there is room): credits as `role: name`, each text under
    /// a `[kind (language)]` line, attachments as `path (label)`; no JSON punctuation.
    pub fn to_text(&self, separator: &str) -> String {
        match self {
            FieldValue::List(items) => items.join(separator),
            FieldValue::Related(ids) => ids
                .iter()
                .map(|id| id.as_str())
                .collect::<Vec<_>>()
                .join(separator),
            FieldValue::Credits(credits) => credits
                .iter()
                .map(|c| format!("{}: {}", c.role.name(), c.name))
                .collect::<Vec<_>>()
                .join(separator),
            FieldValue::Texts(texts) => texts
                .iter()
                .map(|t| format!("[{} ({})]\n{}", t.kind.name(), t.language, t.body))
                .collect::<Vec<_>>()
                .join("\n\n"),
            FieldValue::Attachments(attachments) => attachments
                .iter()
                .map(|a| {
                    if a.label.is_empty() {
                        a.path.clone()
                    } else {
                        format!("{} ({})", a.path, a.label)
                    }
                })
                .collect::<Vec<_>>()
                .join(separator),
            other => other.to_plain_or_json(),
        }
    }

    /// What changed between two values of a list field, item by item: the items
    /// of `after` that `before` lacks, and those of `before` that `after` lacks
    /// (as [`FieldValue::to_text`] names them). `None` for a field that is not a
    /// list (texts are compared word by word instead).
    pub fn list_change(before: &FieldValue, after: &FieldValue) -> Option<ListChange> {
        let items = |value: &FieldValue| -> Option<Vec<String>> {
            const SEPARATOR: &str = "\u{1f}";
            match value {
                FieldValue::List(_)
                | FieldValue::Related(_)
                | FieldValue::Credits(_)
                | FieldValue::Attachments(_) => Some(
                    value
                        .to_text(SEPARATOR)
                        .split(SEPARATOR)
                        .filter(|item| !item.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ),
                _ => None,
            }
        };
        let (before, after) = (items(before)?, items(after)?);
        let added: Vec<String> = after
            .iter()
            .filter(|item| !before.contains(item))
            .cloned()
            .collect();
        let removed: Vec<String> = before
            .iter()
            .filter(|item| !after.contains(item))
            .cloned()
            .collect();
        let reordered = added.is_empty() && removed.is_empty() && before != after;
        Some(ListChange {
            added,
            removed,
            reordered,
        })
    }
}

/// What changed in a list field: see [`FieldValue::list_change`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListChange {
    /// Items added.
    pub added: Vec<String>,
    /// Items removed.
    pub removed: Vec<String>,
    /// Nothing added or removed, but the order changed.
    pub reordered: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreditRole, RecordId, Text};

    #[test]
    fn a_list_change_names_only_the_items_added_and_removed() {
        let a = |paths: &[&str]| {
            FieldValue::Attachments(
                paths
                    .iter()
                    .map(|p| crate::model::Attachment {
                        path: (*p).to_owned(),
                        label: String::new(),
                    })
                    .collect(),
            )
        };
        let change = FieldValue::list_change(
            &a(&["scan-1.png", "scan-2.png", "letter.pdf"]),
            &a(&["scan-1.png", "letter.pdf", "scan-3.png"]),
        )
        .unwrap();
        assert_eq!(change.added, vec!["scan-3.png"]);
        assert_eq!(change.removed, vec!["scan-2.png"]);
        assert!(!change.reordered);
        let moved =
            FieldValue::list_change(&a(&["x.png", "y.png"]), &a(&["y.png", "x.png"])).unwrap();
        assert!(moved.added.is_empty() && moved.removed.is_empty() && moved.reordered);
        assert_eq!(
            FieldValue::list_change(&FieldValue::Text("a".into()), &FieldValue::Text("b".into())),
            None
        );
    }

    #[test]
    fn values_as_text_have_no_json_punctuation() {
        let mut r = record();
        r.people = vec!["Kim, Il Sung".into(), "Mao, Zedong".into()];
        r.credits = vec![Credit {
            role: CreditRole::Translated,
            name: "Jeffrey Wang".into(),
        }];
        r.texts = vec![Text {
            kind: crate::model::TextKind::Translation,
            language: "English".into(),
            body: "One.\n\nTwo.".into(),
        }]
        .into();
        assert_eq!(
            Field::People.get(&r).to_text("\n"),
            "Kim, Il Sung\nMao, Zedong"
        );
        assert_eq!(
            Field::Credits.get(&r).to_text("; "),
            "translated: Jeffrey Wang"
        );
        assert_eq!(
            Field::Texts.get(&r).to_text("\n"),
            "[translation (English)]\nOne.\n\nTwo."
        );
        assert_eq!(Field::Title.get(&r).to_text("; "), "A title");
    }

    fn record() -> Record {
        Record::new(RecordId::new("r1").unwrap(), "A title")
    }

    #[test]
    fn borrowed_strings_are_the_values_texts() {
        let mut r = record();
        r.people = vec!["a".into(), "b".into()];
        r.credits = vec![Credit {
            role: CreditRole::Translated,
            name: "c".into(),
        }];
        r.summary = "s".into();
        r.texts = vec![Text {
            kind: crate::model::TextKind::Original,
            language: "Russian".into(),
            body: "t".into(),
        }]
        .into();
        for field in Field::ALL {
            let strs = field.strs(&r);
            assert_eq!(strs, field.get(&r).texts(), "{}", field.name());
            let mut tested = Vec::new();
            assert!(!field.any_str(&r, |s| {
                tested.push(s.to_owned());
                false
            }));
            assert_eq!(tested, strs, "any_str tests them all: {}", field.name());
        }
    }

    #[test]
    fn every_field_name_round_trips() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Ok(f));
        }
        assert!(matches!(
            Field::from_name("colour"),
            Err(FieldError::Unknown(_))
        ));
    }

    #[test]
    fn set_returns_the_old_value_and_refuses_wrong_kinds() {
        let mut r = record();
        let old = Field::Title
            .set(&mut r, FieldValue::Text("New".into()))
            .unwrap();
        assert_eq!(old, FieldValue::Text("A title".into()));
        assert_eq!(r.title, "New");
        assert!(Field::Title.set(&mut r, FieldValue::List(vec![])).is_err());
        assert_eq!(r.title, "New");
    }

    #[test]
    fn parse_input_validates() {
        assert!(Field::Title.parse_input("  ").is_err());
        let err = Field::Date
            .parse_input("1963-02-30")
            .unwrap_err()
            .to_string();
        assert!(err.contains("February 1963 has 28 days"), "{err}");
        assert_eq!(Field::Date.parse_input("").unwrap(), FieldValue::Date(None));
        assert_eq!(
            Field::People
                .parse_input(r#"["Kim Il Sung","Liu Shaoqi"]"#)
                .unwrap(),
            FieldValue::List(vec!["Kim Il Sung".into(), "Liu Shaoqi".into()])
        );
        assert!(Field::People.parse_input("Kim Il Sung").is_err());
        assert_eq!(
            Field::Credits
                .parse_input(r#"[{"role":"translated","name":"X"}]"#)
                .unwrap(),
            FieldValue::Credits(vec![Credit {
                role: CreditRole::Translated,
                name: "X".into()
            }])
        );
        assert!(
            Field::Credits
                .parse_input(r#"[{"role":"painted","name":"X"}]"#)
                .is_err()
        );
        assert!(Field::Related.parse_input(r#"["../x"]"#).is_err());
        assert!(Field::Status.parse_input("final").is_err());
        assert!(
            Field::Attachments
                .parse_input(r#"[{"path":"../../etc/passwd"}]"#)
                .is_err()
        );
        assert!(Field::Uploaded.parse_input("2023-10-5x").is_err());
    }
}
