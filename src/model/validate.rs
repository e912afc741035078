//! Validation: what is wrong (errors) or probably wrong (warnings) with a record.

use std::fmt;

use super::{Field, Record, RecordId, date::display_day_range};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Wrong: the record breaks a rule of the catalog.
    Error,
    /// Probably incomplete or inconsistent, worth a look.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One validation problem of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The record concerned.
    pub record_id: RecordId,
    /// The field concerned, when there is one.
    pub field: Option<Field>,
    /// What is wrong, in words.
    pub message: String,
}

/// Whether a whole record may enter the catalog (an import): every field's value as
/// [`Field::admit`] checks it, the first refusal returned.
pub fn admit_record(record: &Record) -> Result<(), super::FieldError> {
    Field::ALL
        .into_iter()
        .try_for_each(|field| field.admit(&field.get(record)))
}

/// Checks one record. `exists` tells whether another record id exists in the catalog
/// (for `related`).
pub fn validate_record(record: &Record, exists: impl Fn(&RecordId) -> bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |severity, field, message: String| {
        problems.push(Problem {
            severity,
            record_id: record.id.clone(),
            field: Some(field),
            message,
        })
    };
    if record.title.trim().is_empty() {
        push(
            Severity::Error,
            Field::Title,
            "a title is required".to_owned(),
        );
    }
    if let Some(date) = &record.date {
        if let Some(error) = date.error() {
            push(Severity::Error, Field::Date, error.to_string());
        } else if !record.date_display.is_empty() {
            let range = date.day_range();
            let display = display_day_range(&record.date_display);
            if let (Some(range), Some(display)) = (range, display)
                && !range.overlaps(&display)
            {
                push(
                    Severity::Warning,
                    Field::DateDisplay,
                    format!(
                        "date_display \"{}\" disagrees with date {} ({})",
                        record.date_display,
                        date.as_str(),
                        date.words()
                    ),
                );
            }
        }
    }
    for related in &record.related {
        if related == &record.id {
            push(
                Severity::Warning,
                Field::Related,
                "the record is related to itself".to_owned(),
            );
        } else if !exists(related) {
            push(
                Severity::Error,
                Field::Related,
                format!("related record \"{related}\" does not exist in this catalog"),
            );
        }
    }
    for (i, credit) in record.credits.iter().enumerate() {
        if credit.name.trim().is_empty() {
            push(
                Severity::Error,
                Field::Credits,
                format!("credit {} ({}) has no name", i + 1, credit.role.name()),
            );
        }
    }
    for attachment in &record.attachments {
        if let Some(reason) = attachment_path_problem(&attachment.path) {
            push(Severity::Error, Field::Attachments, reason);
        }
    }
    if record.summary.trim().is_empty() {
        push(Severity::Warning, Field::Summary, "no summary".to_owned());
    }
    if record.texts.all_blank() {
        push(
            Severity::Warning,
            Field::Texts,
            "no document text".to_owned(),
        );
    }
    problems
}

/// Why an attachment path is unacceptable: it must stay inside `attachments/`.
pub fn attachment_path_problem(path: &str) -> Option<String> {
    let escapes = path.starts_with('/')
        || path.contains('\\')
        || path.contains(':')
        || path.split('/').any(|part| part == "..");
    if path.trim().is_empty() {
        Some("an attachment has an empty path".to_owned())
    } else if escapes {
        Some(format!(
            "attachment path \"{path}\" must be relative to attachments/ and stay inside it"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArchivalDate, Attachment, Credit, CreditRole, Text, TextKind};

    fn good() -> Record {
        let mut r = Record::new(RecordId::new("r1").unwrap(), "Title");
        r.summary = "Summary".into();
        r.texts.make_mut().unwrap().push(Text {
            kind: TextKind::Translation,
            language: "English".into(),
            body: "Body".into(),
        });
        r
    }

    fn messages(r: &Record) -> Vec<(Severity, Option<Field>, String)> {
        validate_record(r, |id| id.as_str() == "exists")
            .into_iter()
            .map(|p| (p.severity, p.field, p.message))
            .collect()
    }

    #[test]
    fn a_complete_record_has_no_problem() {
        assert!(messages(&good()).is_empty());
    }

    #[test]
    fn errors() {
        let mut r = good();
        r.title = " ".into();
        r.date = Some(ArchivalDate::from_stored("1963-02-30".into()));
        r.related = vec![
            RecordId::new("exists").unwrap(),
            RecordId::new("missing").unwrap(),
        ];
        r.credits = vec![Credit {
            role: CreditRole::Translated,
            name: "".into(),
        }];
        r.attachments = vec![Attachment {
            path: "../secret".into(),
            label: String::new(),
        }];
        let m = messages(&r);
        let errors: Vec<_> = m
            .iter()
            .filter(|p| p.0 == Severity::Error)
            .map(|p| p.1)
            .collect();
        assert_eq!(
            errors,
            vec![
                Some(Field::Title),
                Some(Field::Date),
                Some(Field::Related),
                Some(Field::Credits),
                Some(Field::Attachments)
            ]
        );
        assert!(m.iter().any(|p| p.2.contains("\"missing\" does not exist")));
    }

    #[test]
    fn warnings() {
        let mut r = good();
        r.summary.clear();
        r.texts.make_mut().unwrap().clear();
        r.date = Some(ArchivalDate::parse("1963-09-17").unwrap());
        r.date_display = "September 18, 1963".into();
        let fields: Vec<_> = messages(&r).into_iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(
            fields,
            vec![
                (Severity::Warning, Some(Field::DateDisplay)),
                (Severity::Warning, Some(Field::Summary)),
                (Severity::Warning, Some(Field::Texts)),
            ]
        );
        r.date_display = "September 17, 1963".into();
        assert!(!messages(&r).iter().any(|p| p.1 == Some(Field::DateDisplay)));
        r.date_display = "[date not filled in] 1963".into();
        assert!(!messages(&r).iter().any(|p| p.1 == Some(Field::DateDisplay)));
    }
}
