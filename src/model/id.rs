//! Record ids: catalog-local, filename-safe identifiers.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

use super::ArchivalDate;

/// The longest id accepted, in bytes (ids are ASCII, so also in characters).
pub const MAX_ID_LEN: usize = 80;

/// Why a string is not a valid record id.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    /// The id is empty.
    #[error("an id cannot be empty")]
    Empty,
    /// The id is longer than [`MAX_ID_LEN`].
    #[error("id \"{id}\" is {len} characters long; the limit is {MAX_ID_LEN}")]
    TooLong {
        /// The rejected id.
        id: String,
        /// Its length.
        len: usize,
    },
    /// The id does not start with a lowercase letter or a digit.
    #[error(
        "id \"{id}\" must start with a lowercase letter or a digit (ids are file names: [a-z0-9][a-z0-9._-]*)"
    )]
    BadStart {
        /// The rejected id.
        id: String,
    },
    /// The id holds a character outside `[a-z0-9._-]`.
    #[error(
        "id \"{id}\" contains {found:?}; only lowercase letters, digits, '.', '_' and '-' are allowed (ids are file names)"
    )]
    BadChar {
        /// The rejected id.
        id: String,
        /// The first offending character.
        found: char,
    },
}

/// A validated record id: `[a-z0-9][a-z0-9._-]*`, at most [`MAX_ID_LEN`] characters.
///
/// The id is also the record's file name (`records/<id>.ron`), so the rules keep it
/// filename-safe on every platform and make path traversal (`../x`) impossible.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
// Shared text: ids are cloned into every list, selection and search result, and a
// clone is then a counter increment rather than a copy.
pub struct RecordId(std::sync::Arc<str>);

impl RecordId {
    /// Validates `id` and wraps it.
    pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
        let id = id.into();
        validate_id(&id)?;
        Ok(Self(id.into()))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A stable id made of a date and the first words of a title, ASCII-folded
    /// (`1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation`; `Satō’s
    /// visit` gives `satos-visit`). A title with no Latin letters gets a hash of
    /// itself, so that the same title always makes the same id.
    pub fn from_title(date: Option<&ArchivalDate>, title: &str) -> RecordId {
        Self::dated(date.map(|d| id_date(d.as_str())).unwrap_or_default(), title)
    }

    /// The id [`RecordId::from_title`] gave before dates were read as dates (their
    /// digits and hyphens only: `0044-…` for 45 BC, `1966-12-191966-12-24-…` for a
    /// range), where that differs: the id a page imported then has.
    pub fn from_title_before_dates_read(
        date: Option<&ArchivalDate>,
        title: &str,
    ) -> Option<RecordId> {
        let date = date?;
        let digits: String = date
            .as_str()
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        let old = Self::dated(digits, title);
        (old != Self::from_title(Some(date), title)).then_some(old)
    }

    /// `prefix` and the title's first words, or its hash when it has no Latin word.
    fn dated(prefix: String, title: &str) -> RecordId {
        let mut id = prefix;
        let mut titled = false;
        for word in slug_words(title) {
            if id.len() + word.len() + 1 > 64 {
                break;
            }
            if !id.is_empty() {
                id.push('-');
            }
            titled |= word.chars().any(|c| c.is_ascii_alphabetic());
            id.push_str(&word);
        }
        let id = id.trim_start_matches(['-', '.', '_']).to_owned();
        // The letters of a date (`45-bc`, `196x`) are not a title's: two untitled
        // pages of one date must not share an id.
        if titled && let Ok(id) = RecordId::new(id.as_str()) {
            return id;
        }
        let separator = if id.is_empty() { "" } else { "-" };
        let hashed = format!(
            "{id}{separator}page-{:016x}",
            super::record::fnv1a(title.as_bytes())
        );
        // Digits, '-' and hexadecimal after a letter: always a valid id.
        RecordId::new(hashed.as_str()).unwrap_or_else(|_| RecordId(hashed.into()))
    }

    /// The record's file name inside `records/`.
    pub fn file_name(&self) -> String {
        format!("{}.ron", self.0)
    }
}

/// A date as the start of an id, read as a date: `1963-09-17`; a range
/// `1966-12-19-to-1966-12-24`, open ends `until-1985` and `1985-onwards`; a year
/// before 1 `45-bc` (EDTF `-0044`; not `0044`, which reads as AD 44); unspecified
/// digits `196x`; qualifiers (`?`, `~`, `%`) and anything else left out.
fn id_date(edtf: &str) -> String {
    let part = |text: &str| -> String {
        let text: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if let Some(year) = text.strip_prefix('-') {
            let digits: String = year.chars().take_while(char::is_ascii_digit).collect();
            return match digits.parse::<i64>() {
                Ok(n) => format!("{}-bc", n + 1),
                Err(_) => String::new(),
            };
        }
        if text
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            == "0000"
        {
            return "1-bc".to_owned();
        }
        text.chars()
            .filter(|c| c.is_ascii_digit() || *c == '-' || *c == 'x')
            .collect::<String>()
            .trim_matches('-')
            .to_owned()
    };
    match edtf.split_once('/') {
        None => part(edtf),
        Some((start, end)) => {
            let (start, end) = (part(start), part(end));
            match (start.is_empty(), end.is_empty()) {
                (false, false) if start == end => start,
                (false, false) => format!("{start}-to-{end}"),
                (false, true) => format!("{start}-onwards"),
                (true, false) => format!("until-{end}"),
                (true, true) => String::new(),
            }
        }
    }
}

fn validate_id(id: &str) -> Result<(), IdError> {
    let mut chars = id.chars();
    let Some(first) = chars.next() else {
        return Err(IdError::Empty);
    };
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(IdError::BadStart { id: id.to_owned() });
    }
    if let Some(found) = chars
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
    {
        return Err(IdError::BadChar {
            id: id.to_owned(),
            found,
        });
    }
    if id.len() > MAX_ID_LEN {
        return Err(IdError::TooLong {
            id: id.to_owned(),
            len: id.len(),
        });
    }
    Ok(())
}

/// Lowercase ASCII words of a text, diacritics removed (`Satō` gives `sato`).
fn slug_words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| !matches!(c, '\'' | '’'))
        .collect::<String>()
        .to_lowercase();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

impl TryFrom<String> for RecordId {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl std::str::FromStr for RecordId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl From<RecordId> for String {
    fn from(id: RecordId) -> Self {
        id.0.to_string()
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for RecordId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_filename_safe_ids() {
        for id in ["wcda-111866", "1963-09-17-report", "a", "0", "a.b_c-d"] {
            assert!(RecordId::new(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn rejects_traversal_spaces_uppercase_and_empty() {
        assert_eq!(RecordId::new(""), Err(IdError::Empty));
        assert!(matches!(
            RecordId::new("../x"),
            Err(IdError::BadStart { .. })
        ));
        assert!(matches!(
            RecordId::new("a/../x"),
            Err(IdError::BadChar { found: '/', .. })
        ));
        assert!(matches!(
            RecordId::new("A B"),
            Err(IdError::BadStart { .. })
        ));
        assert!(matches!(
            RecordId::new("a b"),
            Err(IdError::BadChar { found: ' ', .. })
        ));
        assert!(matches!(
            RecordId::new(".hidden"),
            Err(IdError::BadStart { .. })
        ));
        let long = "a".repeat(81);
        assert!(matches!(
            RecordId::new(long),
            Err(IdError::TooLong { len: 81, .. })
        ));
        assert!(RecordId::new("a".repeat(80)).is_ok());
    }

    #[test]
    fn ids_from_a_date_and_title_words() {
        let date = ArchivalDate::parse("1963-09-17").unwrap();
        assert_eq!(
            RecordId::from_title(
                Some(&date),
                "Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung"
            )
            .as_str(),
            "1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation"
        );
        assert_eq!(
            RecordId::from_title(None, "Satō’s visit").as_str(),
            "satos-visit"
        );
        assert_eq!(
            RecordId::from_title(None, "Khrushchëv’s KIM").as_str(),
            "khrushchevs-kim"
        );
        let cjk = RecordId::from_title(None, "一九五二年");
        assert!(cjk.as_str().starts_with("page-"), "{cjk}");
        assert_eq!(cjk, RecordId::from_title(None, "一九五二年"), "stable");
        let bc = ArchivalDate::parse("-0044").unwrap();
        assert_eq!(
            RecordId::from_title(Some(&bc), "Ides of March").as_str(),
            "45-bc-ides-of-march",
            "EDTF -0044 is 45 BC; 0044 would read as AD 44"
        );
        let id = |date: &str| {
            let date = ArchivalDate::parse(date).unwrap();
            RecordId::from_title(Some(&date), "Report").to_string()
        };
        assert_eq!(
            id("1966-12-19/1966-12-24"),
            "1966-12-19-to-1966-12-24-report"
        );
        assert_eq!(id("196X"), "196x-report");
        assert_eq!(id("1950~"), "1950-report");
        assert_eq!(id("../1985"), "until-1985-report");
        assert_eq!(id("1985/.."), "1985-onwards-report");
        assert_eq!(id("0000"), "1-bc-report");
        let untitled = |date: &str, title: &str| {
            let date = ArchivalDate::parse(date).unwrap();
            RecordId::from_title(Some(&date), title).to_string()
        };
        let (a, b) = (
            untitled("196X", "一九六〇年"),
            untitled("196X", "一九六一年"),
        );
        assert!(a.starts_with("196x-page-") && a != b, "{a} {b}");
        let range = ArchivalDate::parse("1966-12-19/1966-12-24").unwrap();
        assert_eq!(
            RecordId::from_title_before_dates_read(Some(&range), "Report")
                .unwrap()
                .as_str(),
            "1966-12-191966-12-24-report"
        );
        let plain = ArchivalDate::parse("1963-09-17").unwrap();
        assert_eq!(
            RecordId::from_title_before_dates_read(Some(&plain), "Report"),
            None
        );
    }

    #[test]
    fn messages_say_what_is_allowed() {
        let msg = RecordId::new("../x").unwrap_err().to_string();
        assert!(msg.contains("../x") && msg.contains("[a-z0-9]"), "{msg}");
    }
}
