//! Personal names split into family and given names for the citation formats
//! (CSL-JSON, BibTeX, RIS), so that a bibliography sorts "Bernd Schaefer" under S and
//! "Kim Il Sung" under K; the names of institutions stay whole.
//!
//! The order of a name is the archivist's where the catalog settles it
//! ([`CatalogSettings::names`]); otherwise it is guessed, family-first only when the
//! name really reads as a Chinese or Korean one: a family name from the list below,
//! then one or two given names of one or two romanized syllables each, no initials
//! ("Lee H. Hamilton" and "Kim Christiaens" are given-name first).

use std::collections::HashMap;

use crate::store::{CatalogSettings, NameEntry, NameOrder};

/// A name as the citation formats need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name<'a> {
    /// A person whose given names come first (`Bernd Schaefer`).
    Person {
        /// The family name (`Schaefer`, `van der Berg`).
        family: String,
        /// The given names (`Bernd`).
        given: String,
    },
    /// A person whose family name comes first, written without a comma in running
    /// text and sorted under the family name (`Kim Il Sung`).
    FamilyFirst {
        /// The family name (`Kim`).
        family: String,
        /// The given names (`Il Sung`).
        given: String,
    },
    /// An institution, or a name that cannot be split: kept as written.
    Literal(&'a str),
}

impl Name<'_> {
    /// `Family, Given` for sorted lists (RIS, BibTeX); an institution as written.
    pub fn inverted(&self) -> String {
        match self {
            Name::Person { family, given } | Name::FamilyFirst { family, given } => {
                format!("{family}, {given}")
            }
            Name::Literal(text) => (*text).to_owned(),
        }
    }
}

/// The names the archivist settled for a catalog, looked up by any spelling.
#[derive(Debug, Default)]
pub struct Names<'s> {
    settled: HashMap<String, &'s NameEntry>,
}

fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl<'s> Names<'s> {
    /// The names settled in `settings`.
    pub fn of(settings: &'s CatalogSettings) -> Self {
        let mut settled = HashMap::new();
        for entry in &settings.names {
            for spelling in std::iter::once(&entry.name).chain(&entry.variants) {
                settled.entry(key(spelling)).or_insert(entry);
            }
        }
        Self { settled }
    }

    /// Splits `text` as the catalog settles it, else as [`split`] guesses.
    pub fn split<'a>(&self, text: &'a str) -> Name<'a> {
        let text = text.trim();
        let Some(entry) = self.settled.get(&key(text)) else {
            return split(text);
        };
        let words: Vec<&str> = text.split_whitespace().collect();
        // The settled family name, where this spelling holds it.
        let family_words = entry.family.split_whitespace().count();
        let settled_family = |at_start: bool| {
            let n = family_words;
            let range = if at_start {
                words.get(..n)
            } else {
                words.get(words.len().saturating_sub(n)..)
            };
            range
                .filter(|w| n > 0 && key(&w.join(" ")) == key(&entry.family))
                .map(|_| n)
        };
        match entry.order {
            NameOrder::Whole => Name::Literal(text),
            _ if words.len() < 2 => Name::Literal(text),
            NameOrder::FamilyFirst => {
                let n = settled_family(true).unwrap_or(1).min(words.len() - 1);
                Name::FamilyFirst {
                    family: words.get(..n).unwrap_or_default().join(" "),
                    given: words.get(n..).unwrap_or_default().join(" "),
                }
            }
            NameOrder::GivenFirst => match settled_family(false) {
                Some(n) if n < words.len() => Name::Person {
                    family: words.get(words.len() - n..).unwrap_or_default().join(" "),
                    given: words.get(..words.len() - n).unwrap_or_default().join(" "),
                },
                _ => western(&words),
            },
        }
    }
}

/// Words that make a name an institution's.
const INSTITUTION_WORDS: &[&str] = &[
    "ministry",
    "committee",
    "embassy",
    "archive",
    "archives",
    "museum",
    "library",
    "party",
    "council",
    "department",
    "office",
    "institute",
    "university",
    "center",
    "centre",
    "bureau",
    "agency",
    "foundation",
    "government",
    "commission",
    "program",
    "programme",
    "project",
    "of",
    "the",
    "and",
    "for",
    "association",
    "society",
    "academy",
    "administration",
    "service",
    "staff",
    "union",
];

/// Family names written first in Chinese and Korean use (pinyin, Wade–Giles and the
/// Korean romanizations the archive uses), and a few Japanese ones.
const FAMILY_FIRST: &[&str] = &[
    "kim", "lee", "yi", "ri", "rhee", "park", "pak", "choi", "choe", "jung", "chong", "kang",
    "cho", "yun", "han", "li", "wang", "zhang", "chang", "liu", "chen", "ch'en", "yang", "huang",
    "zhao", "chao", "zhou", "chou", "wu", "xu", "hsu", "sun", "ma", "zhu", "chu", "hu", "guo",
    "kuo", "he", "gao", "kao", "lin", "luo", "lo", "zheng", "cheng", "liang", "xie", "hsieh",
    "song", "tang", "deng", "teng", "feng", "mao", "peng", "ji", "chi", "jiang", "chiang", "lu",
    "dong", "tung", "ye", "yeh", "shen", "pan", "du", "tu", "dai", "tai", "xia", "hsia", "fu",
    "yuan", "tian", "t'ien", "qian", "ch'ien", "kong", "k'ung", "nam", "hong", "oh", "o", "shin",
    "sin", "ryu", "yu", "jang", "jeon", "chon", "ho", "hyon", "kye", "hwang", "ahn", "an", "sato",
    "satō",
];

/// Particles that belong to the family name (`Ludwig van Beethoven` is under V as
/// `van Beethoven`).
const PARTICLES: &[&str] = &["van", "von", "der", "den", "de", "du", "da", "di", "la"];

/// Consonants that start a romanized Chinese or Korean syllable, longest first.
const ONSETS: &[&str] = &[
    "tch", "zh", "ch", "sh", "hs", "ts", "tz", "kk", "tt", "pp", "ss", "jj", "ng", "b", "p", "m",
    "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w",
];

/// Vowels of those syllables.
fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'ü' | 'ŏ' | 'ŭ' | 'ō' | 'ū')
}

/// How many romanized syllables `word` is (`enlai` is 2, `sung` 1), or `None` when it
/// is not made of them (`christiaens`, `hamilton` as 3 is kept apart by the caller).
fn syllables(word: &str) -> Option<usize> {
    let chars: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .collect();
    // best[i]: the fewest syllables that make up the first i letters.
    let mut best: Vec<Option<usize>> = vec![None; chars.len() + 1];
    if let Some(first) = best.first_mut() {
        *first = Some(0);
    }
    for start in 0..chars.len() {
        let Some(Some(count)) = best.get(start).copied() else {
            continue;
        };
        for end in syllable_ends(chars.get(start..).unwrap_or_default()) {
            if let Some(slot) = best.get_mut(start + end)
                && slot.is_none_or(|c| c > count + 1)
            {
                *slot = Some(count + 1);
            }
        }
    }
    best.last().copied().flatten().filter(|n| *n > 0)
}

/// The lengths of the syllables `rest` can start with: an onset or none, one to three
/// vowels, then nothing or `n`, `ng`, `r` (after `e`), `l`, `m`, `k`, `p`, `t`.
fn syllable_ends(rest: &[char]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut onsets: Vec<usize> = ONSETS
        .iter()
        .filter(|o| {
            let o: Vec<char> = o.chars().collect();
            rest.starts_with(&o)
        })
        .map(|o| o.chars().count())
        .collect();
    onsets.push(0);
    for onset in onsets {
        let vowels = rest
            .iter()
            .skip(onset)
            .take(3)
            .take_while(|c| is_vowel(**c))
            .count();
        if vowels == 0 {
            continue;
        }
        let nucleus = onset + vowels;
        ends.push(nucleus);
        let at = |i: usize| rest.get(i).copied();
        match (at(nucleus), at(nucleus + 1)) {
            (Some('n'), Some('g')) => ends.extend([nucleus + 1, nucleus + 2]),
            (Some('n' | 'l' | 'm' | 'k' | 'p' | 't'), _) => ends.push(nucleus + 1),
            (Some('r'), _) if at(nucleus.wrapping_sub(1)) == Some('e') => ends.push(nucleus + 1),
            _ => {}
        }
    }
    ends
}

/// True when the words after a family name read as a Chinese or Korean given name:
/// one or two words (or a hyphenated pair), two syllables in all at most, none an
/// initial.
fn east_asian_given(words: &[&str]) -> bool {
    let parts: Vec<&str> = words.iter().flat_map(|w| w.split('-')).collect();
    let total: Option<usize> = parts.iter().map(|p| syllables(p)).sum();
    !parts.is_empty()
        && words.len() <= 2
        && parts.iter().all(|p| !p.contains('.'))
        && total.is_some_and(|n| n <= 2)
}

/// Splits `text` as a personal name, or keeps it literal: `Family, Given` as
/// written; an institution whole; a Chinese or Korean name family-first (see the
/// module's notes); otherwise the last word (with its particles) is the family name.
pub fn split(text: &str) -> Name<'_> {
    let text = text.trim();
    if let Some((family, given)) = text.split_once(", ")
        && !family.is_empty()
        && !given.is_empty()
        && !given.contains(',')
    {
        return Name::Person {
            family: family.to_owned(),
            given: given.to_owned(),
        };
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let institutional = words.iter().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        INSTITUTION_WORDS.contains(&w.as_str())
    });
    // A person's name: two to four words, each a capitalized word or a particle.
    let personal = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        })
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        });
    if institutional || !personal {
        return Name::Literal(text);
    }
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    if FAMILY_FIRST.contains(&first.as_str())
        && east_asian_given(words.get(1..).unwrap_or_default())
    {
        return Name::FamilyFirst {
            family: words.first().map(|w| (*w).to_owned()).unwrap_or_default(),
            given: words.get(1..).unwrap_or_default().join(" "),
        };
    }
    western(&words)
}

/// Given names first: the family name starts at its first particle, or is the last word.
fn western<'a>(words: &[&str]) -> Name<'a> {
    let last = words.len().saturating_sub(1);
    let start = (1..last)
        .find(|i| {
            words
                .get(*i)
                .is_some_and(|w| PARTICLES.contains(&w.to_lowercase().as_str()))
        })
        .unwrap_or(last);
    Name::Person {
        family: words.get(start..).unwrap_or_default().join(" "),
        given: words.get(..start).unwrap_or_default().join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(family: &str, given: &str) -> Name<'static> {
        Name::Person {
            family: family.to_owned(),
            given: given.to_owned(),
        }
    }

    fn family_first(family: &str, given: &str) -> Name<'static> {
        Name::FamilyFirst {
            family: family.to_owned(),
            given: given.to_owned(),
        }
    }

    #[test]
    fn people_institutions_and_east_asian_order() {
        assert_eq!(split("Bernd Schaefer"), person("Schaefer", "Bernd"));
        assert_eq!(split("Gary Goldberg"), person("Goldberg", "Gary"));
        assert_eq!(split("Kim Il Sung"), family_first("Kim", "Il Sung"));
        assert_eq!(split("Zhou Enlai"), family_first("Zhou", "Enlai"));
        assert_eq!(split("Mao Zedong"), family_first("Mao", "Zedong"));
        assert_eq!(split("Ji Pengfei"), family_first("Ji", "Pengfei"));
        assert_eq!(split("Chen Zhihong"), family_first("Chen", "Zhihong"));
        assert_eq!(split("Kim Dae-jung"), family_first("Kim", "Dae-jung"));
        assert_eq!(split("Pak Hŏn-yŏng"), family_first("Pak", "Hŏn-yŏng"));
        assert_eq!(split("Chou En-lai"), family_first("Chou", "En-lai"));
        assert_eq!(split("Satō, Eisaku"), person("Satō", "Eisaku"));
        assert_eq!(
            split("Ludwig van Beethoven"),
            person("van Beethoven", "Ludwig")
        );
        assert_eq!(split("Robert A. Hoppens"), person("Hoppens", "Robert A."));
        assert_eq!(
            split("Ministry of Foreign Affairs"),
            Name::Literal("Ministry of Foreign Affairs")
        );
        assert_eq!(
            split("History and Public Policy Program"),
            Name::Literal("History and Public Policy Program")
        );
        assert_eq!(split("Anonymous"), Name::Literal("Anonymous"));
        assert_eq!(split("CPC CC staff"), Name::Literal("CPC CC staff"));
    }

    #[test]
    fn western_names_that_start_like_east_asian_ones() {
        assert_eq!(split("Lee H. Hamilton"), person("Hamilton", "Lee H."));
        assert_eq!(split("Kim Christiaens"), person("Christiaens", "Kim"));
        assert_eq!(split("Lee Hamilton"), person("Hamilton", "Lee"));
        assert_eq!(split("Kim Jones"), person("Jones", "Kim"));
        assert_eq!(split("Song Harvey"), person("Harvey", "Song"));
    }

    #[test]
    fn romanized_syllables() {
        assert_eq!(syllables("Enlai"), Some(2));
        assert_eq!(syllables("Sung"), Some(1));
        assert_eq!(syllables("Zhihong"), Some(2));
        assert_eq!(syllables("Hamilton"), Some(3));
        assert_eq!(syllables("Christiaens"), None);
        assert_eq!(syllables("Ch'ien"), Some(1));
    }

    #[test]
    fn the_catalog_settles_an_order_for_every_spelling() {
        let mut settings = CatalogSettings::new("x");
        settings.names = vec![
            NameEntry {
                name: "Zhou Enlai".into(),
                order: NameOrder::FamilyFirst,
                family: String::new(),
                variants: vec!["Chou Enlai".into()],
            },
            NameEntry {
                name: "Kim Hamilton".into(),
                order: NameOrder::GivenFirst,
                family: String::new(),
                variants: vec![],
            },
            NameEntry {
                name: "Ouyang Xiu Wen".into(),
                order: NameOrder::FamilyFirst,
                family: "Ouyang Xiu".into(),
                variants: vec![],
            },
            NameEntry {
                name: "Lee Kim".into(),
                order: NameOrder::Whole,
                family: String::new(),
                variants: vec![],
            },
        ];
        let names = Names::of(&settings);
        assert_eq!(names.split("chou  enlai"), family_first("chou", "enlai"));
        assert_eq!(names.split("Kim Hamilton"), person("Hamilton", "Kim"));
        assert_eq!(
            names.split("Ouyang Xiu Wen"),
            family_first("Ouyang Xiu", "Wen")
        );
        assert_eq!(names.split("Lee Kim"), Name::Literal("Lee Kim"));
        assert_eq!(
            names.split("Kim Il Sung"),
            family_first("Kim", "Il Sung"),
            "unsettled names are guessed"
        );
    }
}
