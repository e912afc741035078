//! Find and replace in a text, plain or with a regular expression, with or without
//! regard to case and to accents (`Sato` finding `Satō`).
//!
//! Accents are ignored by matching on a folded copy of the text (each letter's
//! base letter, combining marks dropped) and mapping each match back to the
//! original, so what is not matched keeps its accents.

use regex::{Regex, RegexBuilder};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// How a pattern is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FindOptions {
    /// The pattern is a regular expression (the `regex` crate's syntax); the
    /// replacement may then use `$1`, `${name}` and `$$`.
    pub regex: bool,
    /// `Kim` does not find `kim`.
    pub case_sensitive: bool,
    /// `Sato` does not find `Satō`.
    pub accent_sensitive: bool,
}

/// A pattern ready to find.
#[derive(Debug, Clone)]
pub struct Finder {
    regex: Regex,
    options: FindOptions,
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    /// Nothing to find.
    #[error("the text to find is empty")]
    Empty,
    /// Not a valid regular expression.
    #[error("not a valid regular expression: {0}")]
    Regex(String),
}

impl Finder {
    /// A finder of `pattern` under `options`.
    pub fn new(pattern: &str, options: FindOptions) -> Result<Finder, FindError> {
        if pattern.is_empty() {
            return Err(FindError::Empty);
        }
        let pattern = if options.accent_sensitive {
            pattern.to_owned()
        } else {
            folded(pattern)
        };
        let pattern = if options.regex {
            pattern
        } else {
            regex::escape(&pattern)
        };
        let regex = RegexBuilder::new(&pattern)
            .case_insensitive(!options.case_sensitive)
            .build()
            .map_err(|e| FindError::Regex(e.to_string()))?;
        Ok(Finder { regex, options })
    }

    /// Whether `text` holds a match.
    pub fn is_match(&self, text: &str) -> bool {
        // ASCII has no accents to fold: most text is searched as it is.
        if self.options.accent_sensitive || text.is_ascii() {
            self.regex.is_match(text)
        } else {
            self.regex.is_match(&folded(text))
        }
    }

    /// `text` with every match replaced (`None` when nothing matched).
    pub fn replace_all(&self, text: &str, replacement: &str) -> Option<String> {
        let (haystack, to_original) = if self.options.accent_sensitive || text.is_ascii() {
            (text.to_owned(), None)
        } else {
            let (folded, map) = fold(text);
            (folded, Some(map))
        };
        let original = |at: usize| {
            to_original
                .as_ref()
                .map_or(at, |m| m.get(at).copied().unwrap_or(text.len()))
        };
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut found = false;
        for caps in self.regex.captures_iter(&haystack) {
            let Some(whole) = caps.get(0) else {
                continue;
            };
            found = true;
            let (start, end) = (original(whole.start()), original(whole.end()));
            out.push_str(text.get(copied..start).unwrap_or_default());
            if self.options.regex {
                let group = |i: Option<regex::Match>| {
                    i.and_then(|m| text.get(original(m.start())..original(m.end())))
                        .unwrap_or_default()
                };
                expand(
                    replacement,
                    |name| {
                        group(match name.parse::<usize>() {
                            Ok(i) => caps.get(i),
                            Err(_) => caps.name(name),
                        })
                    },
                    &mut out,
                );
            } else {
                out.push_str(replacement);
            }
            copied = end;
        }
        if !found {
            return None;
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        Some(out)
    }
}

/// Appends `template` to `out` with `$n`, `${n}`, `$name` and `${name}` replaced by
/// what `group` gives for them and `$$` by `$`, as the `regex` crate expands them
/// (which it can do only on the text it matched: here the folded copy).
fn expand<'t>(template: &str, group: impl Fn(&str) -> &'t str, out: &mut String) {
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 1..).unwrap_or_default();
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(braced) = after.strip_prefix('{')
            && let Some(close) = braced.find('}')
        {
            out.push_str(group(braced.get(..close).unwrap_or_default()));
            rest = braced.get(close + 1..).unwrap_or_default();
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if len == 0 {
                out.push('$');
            } else {
                out.push_str(group(after.get(..len).unwrap_or_default()));
            }
            rest = after.get(len..).unwrap_or_default();
        }
    }
    out.push_str(rest);
}

/// `text` with each letter's accents dropped (`Satō` → `Sato`), and for each byte
/// of the result (and its end) the offset in `text` it comes from.
fn fold(text: &str) -> (String, Vec<usize>) {
    fold_mapped(text, true)
}

/// `text` folded as [`fold`] does, without the map (to find, not to replace).
fn folded(text: &str) -> String {
    fold_mapped(text, false).0
}

fn fold_mapped(text: &str, mapped: bool) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(if mapped { text.len() + 1 } else { 0 });
    for (at, c) in text.char_indices() {
        // A lone combining mark folds to nothing: it belongs to the letter before.
        if !c.is_ascii() && is_combining_mark(c) {
            continue;
        }
        let base = if c.is_ascii() { c } else { base_letter(c) };
        folded.push(base);
        if mapped {
            map.extend(std::iter::repeat_n(at, base.len_utf8()));
        }
    }
    if mapped {
        map.push(text.len());
    }
    (folded, map)
}

/// The letter `c` is an accented form of (`ō` → `o`): the first character of its
/// canonical decomposition when the rest are combining marks; else `c` itself (a
/// Hangul syllable decomposes into letters, not marks: `김` stays `김`).
fn base_letter(c: char) -> char {
    let mut base = None;
    let mut marks_only = true;
    decompose_canonical(c, |d| match base {
        None => base = Some(d),
        Some(_) => marks_only &= is_combining_mark(d),
    });
    match base {
        Some(base) if marks_only && !is_combining_mark(base) => base,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(pattern: &str, options: FindOptions, text: &str, by: &str) -> Option<String> {
        Finder::new(pattern, options).unwrap().replace_all(text, by)
    }

    #[test]
    fn hangul_syllables_are_not_folded_to_their_first_letter() {
        let loose = FindOptions::default();
        assert_eq!(
            replace("김일성", loose, "김일성 and 기", "X").as_deref(),
            Some("X and 기")
        );
        assert_eq!(replace("김", loose, "기", "X"), None);
        assert_eq!(
            replace("Sato", loose, "Satō 김", "S").as_deref(),
            Some("S 김")
        );
    }

    #[test]
    fn case_and_accents_are_ignored_unless_asked() {
        let loose = FindOptions::default();
        assert_eq!(
            replace("sato", loose, "Satō, Eisaku and SATO", "Satō").as_deref(),
            Some("Satō, Eisaku and Satō")
        );
        let strict = FindOptions {
            case_sensitive: true,
            accent_sensitive: true,
            ..loose
        };
        assert_eq!(replace("Sato", strict, "Satō, SATO", "X"), None);
        // Decomposed accents (a letter, then its mark) are matched whole.
        assert_eq!(
            replace("Sato", loose, "Sato\u{304} wrote", "Satō").as_deref(),
            Some("Satō wrote")
        );
        // A pattern with accents finds the text without them.
        assert_eq!(
            replace("Kim Il-sŭng", loose, "Kim Il-sung", "Kim Il Sung").as_deref(),
            Some("Kim Il Sung")
        );
    }

    #[test]
    fn plain_patterns_are_literal_and_regex_groups_keep_their_accents() {
        let plain = FindOptions::default();
        assert_eq!(
            replace("a.b", plain, "a.b axb", "$1").as_deref(),
            Some("$1 axb")
        );
        let regex = FindOptions {
            regex: true,
            ..plain
        };
        assert_eq!(
            replace(r"(\w+), (\w+)", regex, "Satō, Eisaku", "$2 $1").as_deref(),
            Some("Eisaku Satō")
        );
        assert_eq!(
            replace(
                r"(?P<last>\w+), (?P<first>\w+)",
                regex,
                "Kim, Il",
                "${first} ${last} $$"
            )
            .as_deref(),
            Some("Il Kim $")
        );
        assert!(matches!(Finder::new("(", regex), Err(FindError::Regex(_))));
        assert_eq!(Finder::new("", plain).unwrap_err(), FindError::Empty);
    }

    #[test]
    fn expansion_agrees_with_the_regex_crate_where_it_can_expand() {
        let options = FindOptions {
            regex: true,
            case_sensitive: true,
            accent_sensitive: true,
        };
        let text = "Liu Shaoqi, Zhou Enlai; Peng Dehuai";
        for (pattern, by) in [
            (r"(\w+) (\w+)", "$2 $1"),
            (r"(?P<a>\w+) (?P<b>\w+)", "${b}_$a$$"),
            (r"(\w+)", "[$1]x"),
            (r"(\w+) (\w+)", "$3-$"),
        ] {
            let ours = replace(pattern, options, text, by).unwrap();
            let theirs = Regex::new(pattern)
                .unwrap()
                .replace_all(text, by)
                .into_owned();
            assert_eq!(ours, theirs, "{pattern} → {by}");
        }
    }
}
