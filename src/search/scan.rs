//! Searching records without the index: the query evaluated on each record's own
//! texts, for the first seconds after a big catalog opens, while the index is built.
//!
//! The scan reads the same texts in the same fields ([`super::fields`]) and cuts them
//! into the same tokens ([`Tokenizer`]) as the index, and gives each form of the query
//! the index's meaning, so a search finds the same records before and after the
//! index is ready (the differential tests check it). Plain ASCII texts, the common
//! case, are searched with `memchr` before any token is made.

use std::borrow::Cow;
use std::ops::ControlFlow;

use crate::model::date::DayRange;
use crate::model::{Record, Text};

use super::fields::try_for_each_text_with;
use super::query::{Query, SearchField};
use super::tokenize::{Tokenizer, fold_char, is_cjk};

/// A query prepared for scanning: its words cut into tokens once, as the index cuts
/// them, rather than once per record.
#[derive(Debug, Clone)]
pub struct ScanQuery {
    node: Node,
}

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
        ScanQuery {
            node: Node::of(query, &mut Tokenizer::default()),
        }
    }

    /// Whether `record` matches; `scanner` holds buffers reused between records.
    pub fn matches(&self, record: &Record, scanner: &mut Scanner) -> bool {
        scanner.eval(&self.node, record, &mut LazyTexts::of(record))
    }
}

/// A record's texts, read when a word is first looked for in them and then kept for
/// the other words: texts left in the records cache cost a read and a decompression,
/// which a word found in the title or among the people spares.
struct LazyTexts<'r> {
    record: &'r Record,
    read: Option<Cow<'r, [Text]>>,
}

impl<'r> LazyTexts<'r> {
    fn of(record: &'r Record) -> Self {
        Self { record, read: None }
    }

    /// The texts; ones that cannot be read are searched as none (the document view
    /// and the editor say why).
    fn get(&mut self) -> &[Text] {
        let record = self.record;
        self.read
            .get_or_insert_with(|| record.texts.load().unwrap_or(Cow::Borrowed(&[])))
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
    /// Whether `record`, whose texts are `texts`, matches `node`.
    fn eval(&mut self, node: &Node, record: &Record, texts: &mut LazyTexts) -> bool {
        match node {
            Node::All => true,
            Node::Phrase { field, tokens } => {
                self.any_text(record, texts, *field, |s, text| s.has_phrase(text, tokens))
            }
            Node::Prefix {
                field,
                before,
                prefix,
            } => {
                (before.is_empty()
                    || self.any_text(record, texts, *field, |s, text| s.has_phrase(text, before)))
                    && self.any_text(record, texts, *field, |s, text| s.has_prefix(text, prefix))
            }
            Node::CjkCharacter { field, character } => {
                self.any_text(record, texts, *field, |s, text| {
                    s.has_cjk_character(text, *character)
                })
            }
            Node::Date(range) => record
                .date
                .as_ref()
                .and_then(|d| d.day_range())
                .is_some_and(|d| d.overlaps(range)),
            Node::Not(inner) => !self.eval(inner, record, texts),
            Node::And(parts) => parts.iter().all(|p| self.eval(p, record, texts)),
            Node::Or(parts) => parts.iter().any(|p| self.eval(p, record, texts)),
        }
    }

    /// Whether `test` holds for a text of the record in `field` (any field: `None`).
    /// The record's texts are looked at last: the other fields often answer without
    /// them.
    fn any_text(
        &mut self,
        record: &Record,
        texts: &mut LazyTexts,
        field: Option<SearchField>,
        mut test: impl FnMut(&mut Scanner, &str) -> bool,
    ) -> bool {
        let in_fields = try_for_each_text_with(record, &[], |f, text| {
            if field.is_none_or(|wanted| wanted == f) && test(self, text) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        in_fields.is_break()
            || (field.is_none_or(|wanted| wanted == SearchField::Text)
                && texts.get().iter().any(|text| test(self, &text.body)))
    }

    /// Whether the text's tokens hold `tokens` one after the other.
    fn has_phrase(&mut self, text: &str, tokens: &[String]) -> bool {
        if tokens.iter().all(|t| t.is_ascii()) {
            let evidence = match tokens {
                [only] => ascii_token_evidence(text, only, false),
                _ => ascii_phrase_evidence(text, tokens),
            };
            match evidence {
                Evidence::Present => return true,
                Evidence::Absent => return false,
                Evidence::Unsure => {}
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
        if prefix.is_ascii() {
            match ascii_token_evidence(text, prefix, true) {
                Evidence::Present => return true,
                Evidence::Absent => return false,
                Evidence::Unsure => {}
            }
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
        // Such characters are kept as they are, each in a token of them.
        if text.contains(character) {
            return true;
        }
        let mut folded = String::new();
        let could_become = text
            .chars()
            .filter(|c| !c.is_ascii() && !is_cjk(*c))
            .any(|c| {
                folded.clear();
                fold_char(c, &mut folded);
                folded.contains(character)
            });
        if !could_become {
            return false;
        }
        let mut found = false;
        self.tokenizer.tokens(text, |token| {
            found |= token.contains(character) && token.chars().all(is_cjk);
        });
        found
    }
}

/// What the bytes of a text tell of an ASCII token in it, before it is cut into
/// tokens (which costs far more, and is done only when they cannot tell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// The token is in the text.
    Present,
    /// The token cannot be in the text.
    Absent,
    /// Only cutting the text into tokens tells.
    Unsure,
}

/// How a character next to an occurrence of a token bears on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// It ends the token (an edge, a space, punctuation, a Han character).
    Ends,
    /// It continues the token, which is then another, longer one.
    Continues,
    /// It vanishes when folded (a combining mark): the next character decides.
    Unsure,
}

/// How `neighbour` (the character before the occurrence, or after it when `after`)
/// bears on it.
fn side(neighbour: Option<char>, after: bool) -> Side {
    let Some(c) = neighbour else {
        return Side::Ends;
    };
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Side::Continues
        } else {
            Side::Ends
        };
    }
    if is_cjk(c) {
        return Side::Ends;
    }
    let mut folded = String::new();
    fold_char(c, &mut folded);
    let touching = if after {
        folded.chars().next()
    } else {
        folded.chars().next_back()
    };
    match touching {
        None => Side::Unsure,
        Some(t) if t.is_alphanumeric() && !is_cjk(t) => Side::Continues,
        Some(_) => Side::Ends,
    }
}

/// What the text's bytes tell of the ASCII token `token` (lowercase letters and
/// digits) as one of its tokens, or, with `prefix`, as the start of one. A token is
/// present where it occurs with an end on both sides; absent when no occurrence is
/// clean and no character of the text could fold into one of its letters or vanish
/// between two of them.
fn ascii_token_evidence(text: &str, token: &str, prefix: bool) -> Evidence {
    let mut unsure = false;
    for at in ascii_matches(text, token) {
        let before = side(text.get(..at).and_then(|t| t.chars().next_back()), false);
        let after = if prefix {
            Side::Ends
        } else {
            side(
                text.get(at + token.len()..).and_then(|t| t.chars().next()),
                true,
            )
        };
        match (before, after) {
            (Side::Ends, Side::Ends) => return Evidence::Present,
            (Side::Continues, _) | (_, Side::Continues) => {}
            _ => unsure = true,
        }
    }
    if unsure || (!text.is_ascii() && could_fold_into(text, token)) {
        Evidence::Unsure
    } else {
        Evidence::Absent
    }
}

/// What the text's bytes tell of the ASCII `tokens` as consecutive tokens of it: the
/// first found clean, each next one after a run of ASCII separators, the last ending
/// cleanly. Any character that folding could change on the way makes it unsure.
fn ascii_phrase_evidence(text: &str, tokens: &[String]) -> Evidence {
    let Some((first, rest)) = tokens.split_first() else {
        return Evidence::Present;
    };
    let bytes = text.as_bytes();
    let mut unsure = false;
    'occurrence: for at in ascii_matches(text, first) {
        match side(text.get(..at).and_then(|t| t.chars().next_back()), false) {
            Side::Ends => {}
            Side::Continues => continue,
            Side::Unsure => {
                unsure = true;
                continue;
            }
        }
        let mut end = at + first.len();
        for next in rest {
            let gap = bytes
                .get(end..)
                .unwrap_or(&[])
                .iter()
                .take_while(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
                .count();
            match bytes.get(end + gap) {
                None => continue 'occurrence,
                Some(b) if !b.is_ascii() => {
                    unsure = true;
                    continue 'occurrence;
                }
                // No separator: the token before goes on, it is another one.
                Some(_) if gap == 0 => continue 'occurrence,
                Some(_) => {}
            }
            let start = end + gap;
            let same = bytes
                .get(start..start + next.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(next.as_bytes()));
            if !same {
                continue 'occurrence;
            }
            end = start + next.len();
        }
        match side(text.get(end..).and_then(|t| t.chars().next()), true) {
            Side::Ends => return Evidence::Present,
            Side::Continues => {}
            Side::Unsure => unsure = true,
        }
    }
    if unsure || (!text.is_ascii() && could_fold_into(text, &tokens.concat())) {
        Evidence::Unsure
    } else {
        Evidence::Absent
    }
}

/// Whether a character of `text` folds into letters of `token`, or into nothing
/// (and so could join two parts of it).
fn could_fold_into(text: &str, token: &str) -> bool {
    let mut folded = String::new();
    text.chars()
        .filter(|c| !c.is_ascii() && !is_cjk(*c))
        .any(|c| {
            folded.clear();
            fold_char(c, &mut folded);
            folded.is_empty()
                || folded
                    .bytes()
                    .any(|b| b.is_ascii_alphanumeric() && token.as_bytes().contains(&b))
        })
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
        }]
        .into();
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
