//! Personal names split into family and given names for the citation formats
//! (CSL-JSON, BibTeX), so that a bibliography sorts "Bernd Schaefer" under S and
//! "Kim Il Sung" under K; the names of institutions stay whole.

/// A name as the citation formats need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name<'a> {
    /// A person: family name, given names.
    Person {
        /// The family name (`Schaefer`, `Kim`, `van der Berg`).
        family: String,
        /// The given names (`Bernd`, `Il Sung`).
        given: String,
    },
    /// An institution, or a name that cannot be split: kept as written.
    Literal(&'a str),
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

/// Family names written first in Chinese, Korean and Japanese use (and in the
/// archive's romanizations): a name starting with one of these, in two or three
/// words, is family name first (`Kim Il Sung`, `Zhou Enlai`, `Mao Zedong`).
const FAMILY_FIRST: &[&str] = &[
    "kim", "lee", "yi", "park", "pak", "choi", "choe", "jung", "chong", "kang", "cho", "yun",
    "han", "ri", "li", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "zhou", "wu", "xu",
    "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song",
    "tang", "deng", "feng", "mao", "peng", "ji", "jiang", "chiang", "lu", "dong", "ye", "shen",
    "pan", "du", "dai", "xia", "fu", "yuan", "tian", "qian", "sato",
];

/// Particles that belong to the family name (`Ludwig van Beethoven` is under V as
/// `van Beethoven`).
const PARTICLES: &[&str] = &["van", "von", "der", "den", "de", "du", "da", "di", "la"];

/// Splits `text` as a personal name, or keeps it literal: `Family, Given` as
/// written; an institution whole; a name starting with an East Asian family name in
/// that order; otherwise the last word (with its particles) is the family name.
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
    if words.len() <= 3 && FAMILY_FIRST.contains(&first.as_str()) {
        return Name::Person {
            family: words.first().map(|w| (*w).to_owned()).unwrap_or_default(),
            given: words.get(1..).unwrap_or_default().join(" "),
        };
    }
    // The family name starts at its first particle, or is the last word.
    let last = words.len() - 1;
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

    #[test]
    fn people_institutions_and_east_asian_order() {
        assert_eq!(split("Bernd Schaefer"), person("Schaefer", "Bernd"));
        assert_eq!(split("Gary Goldberg"), person("Goldberg", "Gary"));
        assert_eq!(split("Kim Il Sung"), person("Kim", "Il Sung"));
        assert_eq!(split("Zhou Enlai"), person("Zhou", "Enlai"));
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
}
