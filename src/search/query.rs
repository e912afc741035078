//! The query language: words (all must match), `"exact phrase"`, `prefix*`,
//! `-excluded`, `a OR b`, parentheses, field filters (`title:`, `person:`, …) and
//! date ranges (`date:1950..1953`, `date:1963-09`, `date:..1949`).

use std::fmt;

use crate::model::ArchivalDate;
use crate::model::date::DayRange;

/// The parts of a record a query can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchField {
    /// The record id.
    Id,
    /// The title.
    Title,
    /// The summary.
    Summary,
    /// The texts (translations, transcriptions).
    Text,
    /// Subjects and topics.
    Subject,
    /// People and organizations.
    Person,
    /// Places.
    Place,
    /// Authors.
    Author,
    /// Document type.
    Type,
    /// Languages.
    Lang,
    /// Original archives.
    Archive,
    /// The source.
    Source,
    /// Funders.
    Funder,
    /// Workflow status.
    Status,
    /// Every other field (dates as printed, credits, classification, rights, ids,
    /// addresses, notes, attachments).
    Other,
}

impl SearchField {
    /// Every field, in bit order.
    pub const ALL: [SearchField; 15] = [
        SearchField::Id,
        SearchField::Title,
        SearchField::Summary,
        SearchField::Text,
        SearchField::Subject,
        SearchField::Person,
        SearchField::Place,
        SearchField::Author,
        SearchField::Type,
        SearchField::Lang,
        SearchField::Archive,
        SearchField::Source,
        SearchField::Funder,
        SearchField::Status,
        SearchField::Other,
    ];

    /// The field's number (its bit in a field mask).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name used in queries (`title:`), if the field can be named.
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            SearchField::Id => "id",
            SearchField::Title => "title",
            SearchField::Summary => "summary",
            SearchField::Text => "text",
            SearchField::Subject => "subject",
            SearchField::Person => "person",
            SearchField::Place => "place",
            SearchField::Author => "author",
            SearchField::Type => "type",
            SearchField::Lang => "lang",
            SearchField::Archive => "archive",
            SearchField::Source => "source",
            SearchField::Funder => "funder",
            SearchField::Status => "status",
            SearchField::Other => return None,
        })
    }

    /// The field a query name stands for.
    pub fn from_name(name: &str) -> Option<SearchField> {
        SearchField::ALL
            .into_iter()
            .find(|f| f.name().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    }

    /// How much a hit in this field counts for relevance.
    pub fn weight(self) -> f32 {
        match self {
            SearchField::Title => 3.0,
            SearchField::Summary | SearchField::Person | SearchField::Subject => 2.0,
            _ => 1.0,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// Every record (the empty query).
    All,
    /// A word, in any field or in one; `prefix` for `word*`.
    Term {
        /// Limited to this field.
        field: Option<SearchField>,
        /// The word as typed.
        word: String,
        /// Matches every word starting with it.
        prefix: bool,
    },
    /// Words in this order, next to each other.
    Phrase {
        /// Limited to this field.
        field: Option<SearchField>,
        /// The phrase as typed.
        text: String,
    },
    /// Records whose date may fall in this range of days (open ends are ±∞).
    Date(DayRange),
    /// Records not matching.
    Not(Box<Query>),
    /// Records matching every part.
    And(Vec<Query>),
    /// Records matching any part.
    Or(Vec<Query>),
}

/// A query that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character position of the problem in the query (0-based).
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.position + 1, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, PartialEq)]
enum Lexeme {
    Open,
    Close,
    Or,
    Minus,
    /// `name:` before a value.
    Field(String),
    Quoted(String),
    Word(String),
}

fn lex(text: &str) -> Result<Vec<(usize, Lexeme)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push((i, Lexeme::Open));
                i += 1;
            }
            ')' => {
                out.push((i, Lexeme::Close));
                i += 1;
            }
            '"' | '“' | '”' => {
                let start = i;
                i += 1;
                let mut phrase = String::new();
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(ParseError {
                                position: start,
                                message: "this quote is not closed".into(),
                            });
                        }
                        Some('"' | '“' | '”') => break,
                        Some(&c) => phrase.push(c),
                    }
                    i += 1;
                }
                i += 1;
                out.push((start, Lexeme::Quoted(phrase)));
            }
            '-' if chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != ')')
                && out_is_boundary(&chars, i) =>
            {
                out.push((i, Lexeme::Minus));
                i += 1;
            }
            _ => {
                let start = i;
                let mut word = String::new();
                while let Some(&c) = chars.get(i) {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”') {
                        break;
                    }
                    word.push(c);
                    i += 1;
                    if c == ':' {
                        break;
                    }
                }
                if let Some(name) = word.strip_suffix(':') {
                    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()) {
                        out.push((start, Lexeme::Field(name.to_ascii_lowercase())));
                        continue;
                    }
                    // `10:30` and the like: an ordinary word; read the rest of it.
                    while let Some(&c) = chars.get(i) {
                        if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”') {
                            break;
                        }
                        word.push(c);
                        i += 1;
                    }
                }
                if word == "OR" {
                    out.push((start, Lexeme::Or));
                } else {
                    out.push((start, Lexeme::Word(word)));
                }
            }
        }
    }
    Ok(out)
}

/// A `-` starts an exclusion only at the start of a word (`-draft`), not inside one.
fn out_is_boundary(chars: &[char], i: usize) -> bool {
    i == 0
        || chars
            .get(i - 1)
            .is_some_and(|c| c.is_whitespace() || *c == '(')
}

/// The deepest parentheses may nest. The parser is recursive: without a limit, a
/// pasted run of thousands of `(` would overflow the stack (the fuzzer found it).
pub const MAX_NESTING: usize = 32;

struct Parser {
    lexemes: Vec<(usize, Lexeme)>,
    at: usize,
    end: usize,
    /// Parentheses open around the current position.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lexeme> {
        self.lexemes.get(self.at).map(|(_, l)| l)
    }

    fn position(&self) -> usize {
        self.lexemes.get(self.at).map_or(self.end, |(p, _)| *p)
    }

    fn error<T>(&self, position: usize, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            position,
            message: message.into(),
        })
    }

    fn or(&mut self) -> Result<Query, ParseError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Lexeme::Or) {
            self.at += 1;
            if matches!(self.peek(), None | Some(Lexeme::Close | Lexeme::Or)) {
                return self.error(self.position(), "OR needs something on its right");
            }
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Query, ParseError> {
        let mut parts = Vec::new();
        while let Some(lexeme) = self.peek() {
            match lexeme {
                Lexeme::Close | Lexeme::Or => break,
                _ => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => match self.peek() {
                Some(Lexeme::Or) => self.error(self.position(), "OR needs something on its left"),
                Some(Lexeme::Close) => {
                    self.error(self.position(), "nothing between the parentheses")
                }
                _ => Ok(Query::All),
            },
            1 => Ok(parts.remove(0)),
            _ => Ok(Query::And(parts)),
        }
    }

    fn unary(&mut self) -> Result<Query, ParseError> {
        if self.peek() == Some(&Lexeme::Minus) {
            self.at += 1;
            return Ok(Query::Not(Box::new(self.atom()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Query, ParseError> {
        let position = self.position();
        let Some((_, lexeme)) = self.lexemes.get(self.at).cloned() else {
            return self.error(position, "the query ends too early");
        };
        self.at += 1;
        match lexeme {
            Lexeme::Open => {
                if self.depth >= MAX_NESTING {
                    return self.error(
                        position,
                        format!("parentheses nest more than {MAX_NESTING} deep here"),
                    );
                }
                self.depth += 1;
                let inner = self.or()?;
                self.depth -= 1;
                if self.peek() != Some(&Lexeme::Close) {
                    return self.error(position, "this parenthesis is not closed");
                }
                self.at += 1;
                Ok(inner)
            }
            Lexeme::Close => self.error(position, "this parenthesis was not opened"),
            Lexeme::Or => self.error(position, "OR needs something on its left"),
            Lexeme::Minus => self.error(position, "a '-' must be followed by what to exclude"),
            Lexeme::Quoted(text) => Ok(Query::Phrase { field: None, text }),
            Lexeme::Word(word) => Ok(term(None, &word)),
            Lexeme::Field(name) => self.field_value(position, &name),
        }
    }

    fn field_value(&mut self, position: usize, name: &str) -> Result<Query, ParseError> {
        let value_position = self.position();
        let value = self.lexemes.get(self.at).map(|(_, l)| l.clone());
        if name == "date" {
            let Some(Lexeme::Word(value)) = value else {
                return self.error(
                    value_position,
                    "date: needs a date or a range, as in date:1950..1953",
                );
            };
            self.at += 1;
            return parse_date_range(&value)
                .map(Query::Date)
                .map_err(|message| ParseError {
                    position: value_position,
                    message,
                });
        }
        let Some(field) = SearchField::from_name(name) else {
            let known: Vec<&str> = SearchField::ALL.iter().filter_map(|f| f.name()).collect();
            return self.error(
                position,
                format!(
                    "unknown field \"{name}:\" (fields: {}, date)",
                    known.join(", ")
                ),
            );
        };
        match value {
            Some(Lexeme::Word(word)) => {
                self.at += 1;
                Ok(term(Some(field), &word))
            }
            Some(Lexeme::Quoted(text)) => {
                self.at += 1;
                Ok(Query::Phrase {
                    field: Some(field),
                    text,
                })
            }
            _ => self.error(
                value_position,
                format!("{name}: needs a word, a \"phrase\" or a prefix*"),
            ),
        }
    }
}

fn term(field: Option<SearchField>, word: &str) -> Query {
    match word.strip_suffix('*') {
        Some(stem) if !stem.is_empty() => Query::Term {
            field,
            word: stem.to_owned(),
            prefix: true,
        },
        _ => Query::Term {
            field,
            word: word.to_owned(),
            prefix: false,
        },
    }
}

/// Reads `1950..1953`, `1963-09`, `..1949`, `1950..` or any EDTF date.
fn parse_date_range(text: &str) -> Result<DayRange, String> {
    let range = |s: &str| -> Result<DayRange, String> {
        let date = ArchivalDate::parse(s).map_err(|e| format!("\"{s}\" is not a date: {e}"))?;
        date.day_range()
            .ok_or_else(|| format!("\"{s}\" is not a date"))
    };
    match text.split_once("..") {
        Some(("", "")) => Err("a date range needs at least one end, as in date:..1949".into()),
        Some((from, to)) => {
            let earliest = if from.is_empty() {
                i64::MIN
            } else {
                range(from)?.earliest
            };
            let latest = if to.is_empty() {
                i64::MAX
            } else {
                range(to)?.latest
            };
            if earliest > latest {
                return Err(format!("the range {text} ends before it starts"));
            }
            Ok(DayRange { earliest, latest })
        }
        None => range(text),
    }
}

impl Query {
    /// Parses a query.
    pub fn parse(text: &str) -> Result<Query, ParseError> {
        let lexemes = lex(text)?;
        let mut parser = Parser {
            lexemes,
            at: 0,
            end: text.chars().count(),
            depth: 0,
        };
        let query = parser.or()?;
        if let Some(Lexeme::Close) = parser.peek() {
            return parser.error(parser.position(), "this parenthesis was not opened");
        }
        Ok(query)
    }

    /// The words of `text`, all of which must match, ignoring every operator: what a
    /// query that cannot be parsed falls back to.
    pub fn plain_words(text: &str) -> Query {
        let words: Vec<Query> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| term(None, w))
            .collect();
        match words.len() {
            0 => Query::All,
            1 => words.into_iter().next().unwrap_or(Query::All),
            _ => Query::And(words),
        }
    }

    /// Parses `text`, or falls back to its plain words with the reason.
    pub fn parse_or_plain(text: &str) -> (Query, Option<ParseError>) {
        match Query::parse(text) {
            Ok(q) => (q, None),
            Err(e) => (Query::plain_words(text), Some(e)),
        }
    }

    /// The words and phrases a match must contain (not those excluded): what the
    /// document view highlights.
    pub fn positive_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_positive(&mut out);
        out
    }

    fn collect_positive(&self, out: &mut Vec<String>) {
        match self {
            Query::Term { word, .. } => out.push(word.clone()),
            Query::Phrase { text, .. } => out.push(text.clone()),
            Query::And(parts) | Query::Or(parts) => {
                parts.iter().for_each(|p| p.collect_positive(out))
            }
            Query::All | Query::Date(_) | Query::Not(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(word: &str) -> Query {
        term(None, word)
    }

    #[test]
    fn every_form_parses() {
        assert_eq!(Query::parse("").unwrap(), Query::All);
        assert_eq!(Query::parse("  kim  ").unwrap(), t("kim"));
        assert_eq!(
            Query::parse("kim sung").unwrap(),
            Query::And(vec![t("kim"), t("sung")])
        );
        assert_eq!(
            Query::parse("\"foreign affairs\"").unwrap(),
            Query::Phrase {
                field: None,
                text: "foreign affairs".into()
            }
        );
        assert_eq!(
            Query::parse("embass*").unwrap(),
            Query::Term {
                field: None,
                word: "embass".into(),
                prefix: true
            }
        );
        assert_eq!(
            Query::parse("kim -draft").unwrap(),
            Query::And(vec![t("kim"), Query::Not(Box::new(t("draft")))])
        );
        assert_eq!(
            Query::parse("mao OR stalin").unwrap(),
            Query::Or(vec![t("mao"), t("stalin")])
        );
        assert_eq!(
            Query::parse("(mao OR stalin) telegram").unwrap(),
            Query::And(vec![Query::Or(vec![t("mao"), t("stalin")]), t("telegram")])
        );
        assert_eq!(
            Query::parse("title:telegram person:\"Kim Il Sung\" status:draft").unwrap(),
            Query::And(vec![
                term(Some(SearchField::Title), "telegram"),
                Query::Phrase {
                    field: Some(SearchField::Person),
                    text: "Kim Il Sung".into()
                },
                term(Some(SearchField::Status), "draft"),
            ])
        );
        assert_eq!(
            Query::parse("TITLE:x").unwrap(),
            term(Some(SearchField::Title), "x"),
            "field names ignore case"
        );
        assert_eq!(
            Query::parse("1950-1953 10:30").unwrap(),
            Query::And(vec![t("1950-1953"), t("10:30")]),
            "a hyphen inside a word and a colon after digits are not operators"
        );
        assert_eq!(
            Query::parse("“Kim Il Sung”").unwrap(),
            Query::Phrase {
                field: None,
                text: "Kim Il Sung".into()
            },
            "typographic quotes work too"
        );
    }

    #[test]
    fn dates_parse_to_day_ranges() {
        let range = |q: &str| match Query::parse(q).unwrap() {
            Query::Date(r) => r,
            other => panic!("{other:?}"),
        };
        let day = |s: &str| ArchivalDate::parse(s).unwrap().day_range().unwrap();
        assert_eq!(
            range("date:1950..1953"),
            DayRange {
                earliest: day("1950").earliest,
                latest: day("1953").latest
            }
        );
        assert_eq!(range("date:1963-09"), day("1963-09"));
        assert_eq!(range("date:..1949").earliest, i64::MIN);
        assert_eq!(range("date:..1949").latest, day("1949").latest);
        assert_eq!(range("date:1985..").latest, i64::MAX);
    }

    #[test]
    fn malformed_queries_say_where() {
        let err = |q: &str| Query::parse(q).unwrap_err();
        assert_eq!(err("kim \"il sung").position, 4);
        assert!(err("kim \"il sung").message.contains("not closed"));
        assert_eq!(err("(mao OR stalin").position, 0);
        assert_eq!(err("mao)").position, 3);
        assert_eq!(err("OR mao").position, 0);
        assert_eq!(err("mao OR").position, 6);
        assert!(
            err("colour:red")
                .message
                .contains("unknown field \"colour:\"")
        );
        assert_eq!(err("kim date:1963-13").position, 9);
        assert!(
            err("date:1963-13").message.contains("month"),
            "{}",
            err("date:1963-13").message
        );
        assert!(
            err("date:1960..1950")
                .message
                .contains("ends before it starts")
        );
        assert!(err("title:").message.contains("title: needs a word"));
        assert_eq!(err("()").position, 1);
        assert_eq!(
            err("kim \"il sung").to_string(),
            "at character 5: this quote is not closed"
        );
    }

    #[test]
    fn deep_parentheses_are_refused_without_overflowing_the_stack() {
        let deep = format!("{}kim{}", "(".repeat(100_000), ")".repeat(100_000));
        let error = Query::parse(&deep).unwrap_err();
        assert_eq!(error.position, MAX_NESTING);
        assert!(error.message.contains("nest more than 32 deep"), "{error}");
        let (fallback, _) = Query::parse_or_plain(&deep);
        assert_eq!(fallback, t("kim"));
        let allowed = format!("{}kim{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(Query::parse(&allowed).unwrap(), t("kim"));
    }

    #[test]
    fn a_bad_query_falls_back_to_its_words() {
        let (query, error) = Query::parse_or_plain("(kim \"il sung");
        assert!(error.is_some());
        assert_eq!(query, Query::And(vec![t("kim"), t("il"), t("sung")]));
        assert_eq!(
            Query::parse("kim -draft \"foreign affairs\"")
                .unwrap()
                .positive_texts(),
            ["kim", "foreign affairs"]
        );
    }
}
