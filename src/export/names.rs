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
    "tch", "zh", "ch", "sh", "hs", "ts", "tz", "kk", "tt", "pp", "ss", "jj", "b", "p", "m", "f",
    "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w",
];

/// The finals of Hanyu Pinyin (after an initial, or alone): a Chinese given name
/// written as one word (`Enlai`, `Pengfei`) is made of these. "Wilson", "Mason" or
/// "Nelson" are not (`-on`, `-il`, `-el` are no pinyin finals).
const PINYIN_FINALS: &[&str] = &[
    "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i", "ia", "ie",
    "iao", "iu", "ian", "in", "iang", "ing", "iong", "u", "ua", "uo", "uai", "ui", "uan", "un",
    "uang", "ueng", "ue", "ü", "üe", "üan", "ün", "v", "ve",
];

/// Vowels of the Korean and Wade–Giles syllables.
fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'ü' | 'ŏ' | 'ŭ' | 'ō' | 'ū')
}

/// How romanized syllables may be written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Syllables {
    /// Hanyu Pinyin: an initial, then a pinyin final.
    Pinyin,
    /// Korean (Revised, McCune–Reischauer) and Wade–Giles, one syllable to a part:
    /// an initial, a glide (`myung`, `hwan`), one to three vowels and a final
    /// consonant (`n`, `ng`, `l`, `m`, `k`, `p`, `t`; `r` after `e`).
    Syllable,
}

/// The lowercase letters of `word`, apostrophes (Wade–Giles aspiration) left out.
fn letters(word: &str) -> Vec<char> {
    word.to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .collect()
}

/// The initials `rest` can start with (their lengths), no initial included.
fn onsets(rest: &[char]) -> Vec<usize> {
    let mut found: Vec<usize> = ONSETS
        .iter()
        .filter(|o| {
            let o: Vec<char> = o.chars().collect();
            rest.starts_with(&o)
        })
        .map(|o| o.chars().count())
        .collect();
    found.push(0);
    found
}

/// The lengths of the syllables `rest` can start with, written as `kind` says.
fn syllable_ends(rest: &[char], kind: Syllables) -> Vec<usize> {
    let mut ends = Vec::new();
    for onset in onsets(rest) {
        let after = rest.get(onset..).unwrap_or_default();
        match kind {
            Syllables::Pinyin => {
                for final_ in PINYIN_FINALS {
                    let final_: Vec<char> = final_.chars().collect();
                    if after.starts_with(&final_) {
                        ends.push(onset + final_.len());
                    }
                }
            }
            Syllables::Syllable => {
                // A glide between the initial and the vowel: `myung`, `hye`, `hwan`.
                let glide = usize::from(
                    onset > 0
                        && matches!(after.first(), Some('y' | 'w'))
                        && after.get(1).is_some_and(|c| is_vowel(*c)),
                );
                let vowels = after
                    .iter()
                    .skip(glide)
                    .take(3)
                    .take_while(|c| is_vowel(**c))
                    .count();
                if vowels == 0 {
                    continue;
                }
                let nucleus = onset + glide + vowels;
                ends.push(nucleus);
                let at = |i: usize| rest.get(i).copied();
                match (at(nucleus), at(nucleus + 1)) {
                    (Some('n'), Some('g')) => ends.extend([nucleus + 1, nucleus + 2]),
                    (Some('n' | 'l' | 'm' | 'k' | 'p' | 't'), _) => ends.push(nucleus + 1),
                    (Some('r'), _) if at(nucleus.wrapping_sub(1)) == Some('e') => {
                        ends.push(nucleus + 1);
                    }
                    _ => {}
                }
            }
        }
    }
    ends
}

/// How many syllables `word` is, written as `kind` says (`enlai` is 2 in pinyin,
/// `myung` 1), or `None` when it is not made of them (`christiaens`, `wilson`).
fn syllables(word: &str, kind: Syllables) -> Option<usize> {
    let chars = letters(word);
    // best[i]: the fewest syllables that make up the first i letters.
    let mut best: Vec<Option<usize>> = vec![None; chars.len() + 1];
    if let Some(first) = best.first_mut() {
        *first = Some(0);
    }
    for start in 0..chars.len() {
        let Some(Some(count)) = best.get(start).copied() else {
            continue;
        };
        for end in syllable_ends(chars.get(start..).unwrap_or_default(), kind) {
            if let Some(slot) = best.get_mut(start + end)
                && slot.is_none_or(|c| c > count + 1)
            {
                *slot = Some(count + 1);
            }
        }
    }
    best.last().copied().flatten().filter(|n| *n > 0)
}

/// True when the words after a family name read as a Chinese or Korean given name,
/// with no initial: one word of one or two pinyin syllables (`Enlai`, `Peng`); or two
/// parts of one syllable each, as two words or hyphenated (`Il Sung`, `Dae-jung`,
/// `Hŏn-yŏng`, `En-lai`).
fn east_asian_given(words: &[&str]) -> bool {
    let parts: Vec<&str> = words.iter().flat_map(|w| w.split('-')).collect();
    if parts.iter().any(|p| p.is_empty() || p.contains('.')) {
        return false;
    }
    match parts.as_slice() {
        [one] => syllables(one, Syllables::Pinyin).is_some_and(|n| n <= 2),
        [first, second] => [first, second]
            .iter()
            .all(|p| syllables(p, Syllables::Syllable) == Some(1)),
        _ => false,
    }
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
        assert_eq!(split("Lee Myung-bak"), family_first("Lee", "Myung-bak"));
        assert_eq!(split("Park Geun-hye"), family_first("Park", "Geun-hye"));
        assert_eq!(split("Choe Ryong-hae"), family_first("Choe", "Ryong-hae"));
        assert_eq!(split("Kim Jong Un"), family_first("Kim", "Jong Un"));
        assert_eq!(split("Deng Xiaoping"), family_first("Deng", "Xiaoping"));
        assert_eq!(split("Zhu De"), family_first("Zhu", "De"));
        assert_eq!(split("Chiang Kai-shek"), family_first("Chiang", "Kai-shek"));
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
        for (name, family) in [
            ("Kim Wilson", "Wilson"),
            ("Lee Nelson", "Nelson"),
            ("Lee Simon", "Simon"),
            ("Kim Mason", "Mason"),
            ("Lee Young", "Young"),
            ("Park Benson", "Benson"),
        ] {
            assert_eq!(
                split(name),
                person(family, name.split(' ').next().unwrap()),
                "{name}"
            );
        }
    }

    #[test]
    fn romanized_syllables() {
        use Syllables::*;
        assert_eq!(syllables("Enlai", Pinyin), Some(2));
        assert_eq!(syllables("Zhihong", Pinyin), Some(2));
        assert_eq!(syllables("Xiaoping", Pinyin), Some(2));
        assert_eq!(syllables("Wilson", Pinyin), None);
        assert_eq!(syllables("Mason", Pinyin), None);
        assert_eq!(syllables("Christiaens", Pinyin), None);
        assert_eq!(syllables("Sung", Syllable), Some(1));
        assert_eq!(syllables("Myung", Syllable), Some(1));
        assert_eq!(syllables("hye", Syllable), Some(1));
        assert_eq!(syllables("hwan", Syllable), Some(1));
        assert_eq!(syllables("Ch'ien", Syllable), Some(1));
        assert_eq!(syllables("Hamilton", Syllable), Some(3));
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
