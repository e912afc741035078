//! One field's value as the text of a spreadsheet cell, and back: what the CSV
//! export writes and the CSV import reads, so that a file exported and imported
//! again changes nothing.
//!
//! - List items are joined with `; `. An item holding `;` or `\`, or starting or
//!   ending with a space, has them escaped with `\` (`Smith\; Jones`), so that it
//!   stays one item. Reading splits on the other `;` and trims the spaces a person
//!   typing `a;b` or `a ; b` leaves.
//! - Credits are items `role: name`; attachments are items `path (label)`.
//! - Texts are each under a `[kind (language)]` line, separated by a blank line; a
//!   line of a text that would read as such a heading gets a `\` in front.
//! - A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//!   a tab or a carriage return) gets a leading `'`, the neutralization OWASP
//!   recommends against CSV injection; reading takes it off again. A value that
//!   itself starts with `'` before such a character gets one more, so that the
//!   two never meet.

use crate::model::{
    Attachment, Credit, CreditRole, Field, FieldError, FieldValue, RecordId, Status, Text, TextKind,
};

/// What joins the items of a list in a cell.
pub const SEPARATOR: &str = "; ";

/// The characters that make a spreadsheet run a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell text of a value.
pub fn encode(value: &FieldValue) -> String {
    let text = match value {
        FieldValue::List(items) => join(items.iter().map(|i| escape(i, &[]))),
        FieldValue::Related(ids) => join(ids.iter().map(|id| escape(id.as_str(), &[]))),
        FieldValue::Credits(credits) => join(
            credits
                .iter()
                .map(|c| format!("{}: {}", c.role.name(), escape(&c.name, &[]))),
        ),
        FieldValue::Attachments(attachments) => join(attachments.iter().map(encode_attachment)),
        FieldValue::Texts(texts) => texts
            .iter()
            .map(|t| {
                let body: Vec<String> = t
                    .body
                    .split('\n')
                    .map(|line| {
                        if heading(line.trim_start_matches('\\')).is_some() {
                            format!("\\{line}")
                        } else {
                            line.to_owned()
                        }
                    })
                    .collect();
                format!("[{} ({})]\n{}", t.kind.name(), t.language, body.join("\n"))
            })
            .collect::<Vec<_>>()
            .join("\n\n"),
        other => other.to_plain_or_json(),
    };
    neutralize(text)
}

/// Reads the text of a cell as a value of `field`, checked as any value entering a
/// record is ([`Field::admit`]). An empty cell clears the field (a title cannot be
/// cleared; an empty status is a draft).
pub fn decode(field: Field, cell: &str) -> Result<FieldValue, FieldError> {
    let invalid = |reason: String| FieldError::Invalid {
        field: field.name(),
        reason,
    };
    // Spreadsheets write line breaks inside cells as CRLF; a value holds only LF.
    let text = cell.replace("\r\n", "\n").replace('\r', "\n");
    let text = unneutralize(&text);
    let value = match field {
        Field::Title
        | Field::DateDisplay
        | Field::DocType
        | Field::Summary
        | Field::Source
        | Field::Classification
        | Field::Rights
        | Field::ExternalId
        | Field::Notes => {
            if field == Field::Title && text.trim().is_empty() {
                return Err(invalid("a title is required".to_owned()));
            }
            FieldValue::Text(text.to_owned())
        }
        Field::Date | Field::Uploaded => return field.parse_input(text.trim()),
        Field::Status => {
            let name = text.trim();
            if name.is_empty() {
                FieldValue::Status(Status::default())
            } else {
                return field.parse_input(&name.to_lowercase());
            }
        }
        Field::Authors
        | Field::People
        | Field::Places
        | Field::Subjects
        | Field::Topics
        | Field::Languages
        | Field::OriginalArchives
        | Field::Funders
        | Field::Urls => FieldValue::List(items(text).iter().map(Item::text).collect()),
        Field::Related => FieldValue::Related(
            items(text)
                .iter()
                .map(|item| {
                    RecordId::new(item.text())
                        .map_err(|e| invalid(format!("\"{}\": {e}", item.text())))
                })
                .collect::<Result<_, _>>()?,
        ),
        Field::Credits => FieldValue::Credits(
            items(text)
                .iter()
                .map(|item| decode_credit(item).map_err(invalid))
                .collect::<Result<_, _>>()?,
        ),
        Field::Attachments => {
            FieldValue::Attachments(items(text).iter().map(decode_attachment).collect())
        }
        Field::Texts => FieldValue::Texts(decode_texts(text).map_err(invalid)?.into()),
    };
    field.admit(&value)?;
    Ok(value)
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(SEPARATOR)
}

/// `text` with `\`, `;`, the characters of `also`, and a space at either end
/// escaped with `\`.
fn escape(text: &str, also: &[char]) -> String {
    let last = text.chars().count().saturating_sub(1);
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let edge_space = c.is_whitespace() && (i == 0 || i == last);
        if c == '\\' || c == ';' || also.contains(&c) || edge_space {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `path (label)`: the label's parentheses escaped, and the path's last character
/// when it is `)`, so that the label is always the last unescaped `(…)`.
fn encode_attachment(attachment: &Attachment) -> String {
    let mut path = escape(&attachment.path, &[]);
    if path.ends_with(')') {
        path.insert(path.len() - 1, '\\');
    }
    if attachment.label.is_empty() {
        path
    } else {
        format!("{path} ({})", escape(&attachment.label, &['(', ')']))
    }
}

/// One list item as read: its characters, each marked when it was escaped.
#[derive(Debug, Default)]
struct Item(Vec<(char, bool)>);

impl Item {
    fn text(&self) -> String {
        self.0.iter().map(|(c, _)| c).collect()
    }

    /// The item without the unescaped spaces at its ends.
    fn trimmed(&self) -> Item {
        let loose = |(c, escaped): &&(char, bool)| c.is_whitespace() && !escaped;
        let start = self.0.iter().take_while(loose).count();
        let end = self.0.len() - self.0.iter().rev().take_while(loose).count();
        Item(
            self.0
                .get(start..end.max(start))
                .unwrap_or_default()
                .to_vec(),
        )
    }

    /// The parts before and after the first unescaped `c`.
    fn split_once(&self, c: char) -> Option<(Item, Item)> {
        let at = self.0.iter().position(|&(x, escaped)| x == c && !escaped)?;
        let before = self.0.get(..at).unwrap_or_default().to_vec();
        let after = self.0.get(at + 1..).unwrap_or_default().to_vec();
        Some((Item(before), Item(after)))
    }
}

/// The items of a list cell: split on unescaped `;`, trimmed, empty ones dropped.
fn items(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut current = Item::default();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => current.0.push((next, true)),
                None => current.0.push(('\\', false)),
            },
            ';' => items.push(std::mem::take(&mut current)),
            c => current.0.push((c, false)),
        }
    }
    items.push(current);
    items
        .iter()
        .map(Item::trimmed)
        .filter(|item| !item.0.is_empty())
        .collect()
}

fn decode_credit(item: &Item) -> Result<Credit, String> {
    let roles = || {
        CreditRole::ALL
            .iter()
            .map(|r| r.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((role, name)) = item.split_once(':') else {
        return Err(format!(
            "\"{}\" is not \"role: name\" (roles are {})",
            item.text(),
            roles()
        ));
    };
    let role_name = role.trimmed().text().to_lowercase();
    let role = CreditRole::ALL
        .into_iter()
        .find(|r| r.name() == role_name)
        .ok_or_else(|| format!("\"{role_name}\" is not a role; roles are {}", roles()))?;
    Ok(Credit {
        role,
        name: name.trimmed().text(),
    })
}

fn decode_attachment(item: &Item) -> Attachment {
    let chars = &item.0;
    let labelled = matches!(chars.last(), Some((')', false)));
    let open = chars.iter().rposition(|&(c, escaped)| c == '(' && !escaped);
    match open {
        Some(open) if labelled && open > 0 => {
            let path = Item(chars.get(..open).unwrap_or_default().to_vec()).trimmed();
            let label = chars.get(open + 1..chars.len() - 1).unwrap_or_default();
            Attachment {
                path: path.text(),
                label: Item(label.to_vec()).text(),
            }
        }
        _ => Attachment {
            path: item.text(),
            label: String::new(),
        },
    }
}

/// The kind and language of a `[kind (language)]` heading line.
fn heading(line: &str) -> Option<(TextKind, &str)> {
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    let (kind, language) = inner.split_once(" (")?;
    let language = language.strip_suffix(')')?;
    let kind = TextKind::ALL.into_iter().find(|k| k.name() == kind)?;
    Some((kind, language))
}

fn decode_texts(cell: &str) -> Result<Vec<Text>, String> {
    if cell.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut texts: Vec<Text> = Vec::new();
    let mut body: Vec<&str> = Vec::new();
    let finish = |texts: &mut Vec<Text>, body: &mut Vec<&str>| {
        if let Some(text) = texts.last_mut() {
            text.body = std::mem::take(body).join("\n");
        }
    };
    for (n, line) in cell.split('\n').enumerate() {
        if let Some((kind, language)) = heading(line) {
            // The blank line that separates two texts belongs to neither.
            if body.last() == Some(&"") {
                body.pop();
            }
            finish(&mut texts, &mut body);
            texts.push(Text {
                kind,
                language: language.to_owned(),
                body: String::new(),
            });
            continue;
        }
        if n == 0 {
            return Err(
                "the first line must name the text, as in [translation (English)]".to_owned(),
            );
        }
        let unescaped = line
            .strip_prefix('\\')
            .filter(|rest| heading(rest.trim_start_matches('\\')).is_some());
        body.push(unescaped.unwrap_or(line));
    }
    finish(&mut texts, &mut body);
    Ok(texts)
}

/// Prefixes `'` to a cell a spreadsheet would run as a formula (and to a value
/// that starts with `'` before such a character, so that reading it back is exact).
pub fn neutralize(text: String) -> String {
    if text.trim_start_matches('\'').starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}

/// The value of a neutralized cell: the `'` [`neutralize`] added taken off.
fn unneutralize(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(field: Field, value: FieldValue) {
        let cell = encode(&value);
        assert_eq!(decode(field, &cell).unwrap(), value, "cell: {cell:?}");
    }

    #[test]
    fn lists_with_separators_and_edge_spaces_come_back() {
        round_trip(
            Field::People,
            FieldValue::List(vec![
                "Smith; Jones".into(),
                "back\\slash".into(),
                " padded ".into(),
                "Kim Il Sung".into(),
            ]),
        );
        assert_eq!(
            encode(&FieldValue::List(vec!["a;b".into(), "c".into()])),
            "a\\;b; c"
        );
        assert_eq!(
            decode(Field::Subjects, "a;b ;  c;;").unwrap(),
            FieldValue::List(vec!["a".into(), "b".into(), "c".into()])
        );
    }

    #[test]
    fn formulas_are_neutralized_and_read_back() {
        for text in ["=SUM(A1)", "'=SUM(A1)", "''-1", "'plain", "-0044 BC", "@x"] {
            round_trip(Field::Summary, FieldValue::Text(text.into()));
        }
        assert_eq!(encode(&FieldValue::Text("=1".into())), "'=1");
        round_trip(
            Field::Authors,
            FieldValue::List(vec!["@handle".into(), "b".into()]),
        );
        round_trip(
            Field::Date,
            FieldValue::Date(Some(crate::model::ArchivalDate::parse("-0044").unwrap())),
        );
    }

    #[test]
    fn credits_attachments_and_texts_come_back() {
        round_trip(
            Field::Credits,
            FieldValue::Credits(vec![
                Credit {
                    role: CreditRole::Translated,
                    name: "Smith; Jones: a team".into(),
                },
                Credit {
                    role: CreditRole::Obtained,
                    name: "X".into(),
                },
            ]),
        );
        round_trip(
            Field::Attachments,
            FieldValue::Attachments(vec![
                Attachment {
                    path: "a/scan (1).png".into(),
                    label: "Scan (facsimile), p. 1)".into(),
                },
                Attachment {
                    path: "a/b (2)".into(),
                    label: String::new(),
                },
                Attachment {
                    path: "a/c.pdf".into(),
                    label: String::new(),
                },
            ]),
        );
        round_trip(
            Field::Texts,
            FieldValue::Texts(
                vec![
                    Text {
                        kind: TextKind::Translation,
                        language: "Chinese (Traditional)".into(),
                        body: "One \"quoted\".\n\n[translation (English)]\n\\[original (x)]\n"
                            .into(),
                    },
                    Text {
                        kind: TextKind::Original,
                        language: "Russian".into(),
                        body: String::new(),
                    },
                    Text {
                        kind: TextKind::Transcription,
                        language: "Russian".into(),
                        body: "Last.".into(),
                    },
                ]
                .into(),
            ),
        );
    }

    #[test]
    fn bad_cells_say_why() {
        let err = decode(Field::Date, "1963-02-30").unwrap_err().to_string();
        assert!(err.contains("February 1963 has 28 days"), "{err}");
        let err = decode(Field::Credits, "painted: X")
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"painted\" is not a role"), "{err}");
        let err = decode(Field::Texts, "no heading").unwrap_err().to_string();
        assert!(err.contains("[translation (English)]"), "{err}");
        assert!(decode(Field::Title, " ").is_err());
        assert_eq!(
            decode(Field::Status, "").unwrap(),
            FieldValue::Status(Status::default())
        );
        assert_eq!(
            decode(Field::Summary, "line\r\nbreak").unwrap(),
            FieldValue::Text("line\nbreak".into())
        );
    }
}
