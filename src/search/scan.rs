//! Searching records without the index: the query evaluated on each record's own
//! texts, for the first seconds after a big catalog opens, while the index is built.
//!
//! The scan reads the same texts in the same fields ([`super::fields`]) and cuts them
//! into the same tokens ([`Tokenizer`]) as the index, and gives each form of the query
//! the index's meaning, so a search finds the same records before and after the
//! index is ready (the differential tests check it). Plain ASCII texts, the common
//! case, are searched with `memchr` before any token is made.

use std::ops::ControlFlow;

use crate::model::Record;
use crate::model::date::DayRange;

use super::fields::try_for_each_text;
use super::query::{Query, SearchField};
use super::tokenize::{Tokenizer, is_cjk};

/// A query prepared for scanning: its words cut into tokens once, as the index cuts
/// them, rather than once per record.
#[derive(Debug, Clone)]
pub struct ScanQuery(Node);

#[derive(Debug, Clone)]
enum Node {
    /// Every record.
    All,
    /// These tokens next to each other in one text (one token: anywhere).
    Phrase {
        field: Option<SearchField>,
        tokens: Vec<String>,
    },
    /// `kim-il*`: the phrase of the words before the last, and a token starting with
    /// the last (the index checks the two apart, and so does the scan).
    Prefix {
        field: Option<SearchField>,
        before: Vec<String>,
        prefix: String,
    },
    /// One Han, kana or Hangul character: a token of such characters holding it.
    CjkCharacter {
        field: Option<SearchField>,
        character: char,
    },
    /// A date that may fall in the range.
    Date(DayRange),
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
}

impl ScanQuery {
    /// Prepares `query`.
    pub fn new(query: &Query) -> ScanQuery {
        ScanQuery(Node::of(query, &mut Tokenizer::default()))
    }

    /// Whether `record` matches; `scanner` holds buffers reused between records.
    pub fn matches(&self, record: &Record, scanner: &mut Scanner) -> bool {
        scanner.eval(&self.0, record)
    }
}

impl Node {
    fn of(query: &Query, tokenizer: &mut Tokenizer) -> Node {
        match query {
            Query::All => Node::All,
            Query::Term {
                field,
                word,
                prefix,
            } => {
                let mut tokens = tokenizer.collect(word);
                let Some(last) = tokens.pop() else {
                    return Node::All;
                };
                if *prefix {
                    return Node::Prefix {
                        field: *field,
                        before: tokens,
                        prefix: last,
                    };
                }
                let mut chars = last.chars();
                if let (true, Some(character), None) =
                    (tokens.is_empty(), chars.next(), chars.next())
                    && is_cjk(character)
                {
                    return Node::CjkCharacter {
                        field: *field,
                        character,
                    };
                }
                tokens.push(last);
                Node::Phrase {
                    field: *field,
                    tokens,
                }
            }
            Query::Phrase { field, text } => {
                let tokens = tokenizer.collect(text);
                if tokens.is_empty() {
                    Node::All
                } else {
                    Node::Phrase {
                        field: *field,
                        tokens,
                    }
                }
            }
            Query::Date(range) => Node::Date(*range),
            Query::Not(inner) => Node::Not(Box::new(Node::of(inner, tokenizer))),
            Query::And(parts) => Node::And(parts.iter().map(|p| Node::of(p, tokenizer)).collect()),
            Query::Or(parts) => Node::Or(parts.iter().map(|p| Node::of(p, tokenizer)).collect()),
        }
    }
}

/// Buffers reused from record to record (one per thread).
#[derive(Debug, Default)]
pub struct Scanner {
    tokenizer: Tokenizer,
    /// The last tokens seen, for phrases.
    window: Vec<String>,
}

impl Scanner {
    fn eval(&mut self, node: &Node, record: &Record) -> bool {
        match node {
            Node::All => true,
            Node::Phrase { field, tokens } => {
                self.any_text(record, *field, |s, text| s.has_phrase(text, tokens))
            }
            Node::Prefix {
                field,
                before,
                prefix,
            } => {
                (before.is_empty()
                    || self.any_text(record, *field, |s, text| s.has_phrase(text, before)))
                    && self.any_text(record, *field, |s, text| s.has_prefix(text, prefix))
            }
            Node::CjkCharacter { field, character } => self.any_text(record, *field, |s, text| {
                s.has_cjk_character(text, *character)
            }),
            Node::Date(range) => record
                .date
                .as_ref()
                .and_then(|d| d.day_range())
                .is_some_and(|d| d.overlaps(range)),
            Node::Not(inner) => !self.eval(inner, record),
            Node::And(parts) => parts.iter().all(|p| self.eval(p, record)),
            Node::Or(parts) => parts.iter().any(|p| self.eval(p, record)),
        }
    }

    /// Whether `test` holds for a text of the record in `field` (any field: `None`).
    fn any_text(
        &mut self,
        record: &Record,
        field: Option<SearchField>,
        mut test: impl FnMut(&mut Scanner, &str) -> bool,
    ) -> bool {
        try_for_each_text(record, |f, text| {
            if field.is_none_or(|wanted| wanted == f) && test(self, text) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .is_break()
    }

    /// Whether the text's tokens hold `tokens` one after the other.
    fn has_phrase(&mut self, text: &str, tokens: &[String]) -> bool {
        let Some(first) = tokens.first() else {
            return true;
        };
        if text.is_ascii() {
            // An ASCII text's tokens are its runs of letters and digits, lowercased:
            // a token it lacks as a substring cannot be among them.
            if !tokens
                .iter()
                .all(|t| t.is_ascii() && ascii_matches(text, t).next().is_some())
            {
                return false;
            }
            if tokens.len() == 1 {
                let bytes = text.as_bytes();
                return ascii_matches(text, first).any(|at| {
                    starts_word(bytes, at) && !is_word_byte(bytes.get(at + first.len()))
                });
            }
        }
        let Scanner { tokenizer, window } = self;
        let n = tokens.len();
        window.resize(n, String::new());
        let mut seen = 0usize;
        let mut found = false;
        tokenizer.tokens(text, |token| {
            if found {
                return;
            }
            if let Some(slot) = window.get_mut(seen % n) {
                slot.clear();
                slot.push_str(token);
            }
            seen += 1;
            found = seen >= n
                && tokens
                    .iter()
                    .enumerate()
                    .all(|(k, t)| window.get((seen + k) % n) == Some(t));
        });
        found
    }

    /// Whether a token of the text starts with `prefix`.
    fn has_prefix(&mut self, text: &str, prefix: &str) -> bool {
        if text.is_ascii() {
            let bytes = text.as_bytes();
            return prefix.is_ascii()
                && ascii_matches(text, prefix).any(|at| starts_word(bytes, at));
        }
        let mut found = false;
        self.tokenizer
            .tokens(text, |token| found |= token.starts_with(prefix));
        found
    }

    /// Whether a token of Han, kana or Hangul characters in the text holds `character`.
    fn has_cjk_character(&mut self, text: &str, character: char) -> bool {
        if text.is_ascii() {
            return false;
        }
        let mut found = false;
        self.tokenizer.tokens(text, |token| {
            found |= token.contains(character) && token.chars().all(is_cjk);
        });
        found
    }
}

fn is_word_byte(byte: Option<&u8>) -> bool {
    byte.is_some_and(u8::is_ascii_alphanumeric)
}

/// Whether a token starts at byte `at` of an ASCII text.
fn starts_word(bytes: &[u8], at: usize) -> bool {
    at == 0 || !is_word_byte(bytes.get(at - 1))
}

/// Where `needle` (lowercase ASCII) occurs in the ASCII `text`, ignoring case.
fn ascii_matches<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    let needle = needle.as_bytes();
    let (first, rest) = needle.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
    // memchr finds the candidates for the first byte at memory speed.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes).filter(move |&at| {
        !needle.is_empty()
            && bytes
                .get(at + 1..at + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArchivalDate, RecordId, Text, TextKind};

    fn record(title: &str, text: &str) -> Record {
        let mut r = Record::new(RecordId::new("r").unwrap(), title);
        r.texts = vec![Text {
            kind: TextKind::Translation,
            language: "English".into(),
            body: text.into(),
        }];
        r.date = Some(ArchivalDate::parse("1950-08").unwrap());
        r
    }

    fn finds(record: &Record, query: &str) -> bool {
        ScanQuery::new(&Query::parse(query).unwrap()).matches(record, &mut Scanner::default())
    }

    #[test]
    fn words_are_tokens_not_substrings() {
        let r = record("Telegram about Kimono", "Kim Il Sung's visit to the U.N.");
        assert!(finds(&r, "kim"));
        assert!(finds(&r, "kimono"));
        assert!(!finds(&r, "kimon"), "a word, not a part of one");
        assert!(finds(&r, "kimon*"));
        assert!(finds(&r, "\"il sung\""));
        assert!(!finds(&r, "\"sung il\""));
        assert!(finds(&r, "title:kimono -title:kim"));
        assert!(finds(&r, "u.n"), "U.N. is two tokens next to each other");
        assert!(finds(&r, "date:1950..1951 status:draft"));
        assert!(!finds(&r, "date:1960.."));
        assert!(finds(&r, "molotov OR visit"));
    }

    #[test]
    fn folding_and_cjk_as_the_index_does() {
        let r = record("Satō, Eisaku", "一九五二年七月 Khrushchëv");
        assert!(finds(&r, "sato eisaku"));
        assert!(finds(&r, "khrushchev"));
        assert!(finds(&r, "五二"));
        assert!(finds(&r, "年"));
        assert!(!finds(&r, "五一"));
        assert!(finds(&r, "khrush*"));
    }
}
