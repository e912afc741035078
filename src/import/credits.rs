//! Credits from the credit sentence of a source citation:
//! `Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus.`

use crate::model::{Credit, CreditRole};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Word(&'a str),
    Comma,
}

fn role(word: &str) -> Option<CreditRole> {
    match word
        .trim_end_matches(['.', ';', ':', ','])
        .to_lowercase()
        .as_str()
    {
        "obtained" => Some(CreditRole::Obtained),
        "contributed" => Some(CreditRole::Contributed),
        "transcribed" => Some(CreditRole::Transcribed),
        "translated" => Some(CreditRole::Translated),
        "edited" => Some(CreditRole::Edited),
        _ => None,
    }
}

/// A word ending in '.' that does not end a sentence: an initial or a title.
fn is_abbreviation(word: &str) -> bool {
    let stem = word.trim_end_matches('.');
    (stem.chars().count() == 1 && stem.chars().all(char::is_uppercase))
        || matches!(
            stem,
            "Dr" | "Mr" | "Mrs" | "Ms" | "Jr" | "Sr" | "St" | "Prof" | "Cde" | "Comr"
        )
}

/// Parses every credit sentence in `source`. Each sentence that starts with a role
/// (`Obtained`, `Contributed`, `Transcribed`, `Translated`, `Edited`) and names who
/// did it gives one credit per role and name: `translated and edited by A, B, and C`
/// gives six.
pub fn parse_credits(source: &str) -> Vec<Credit> {
    walk(source).credits
}

/// `source` without its credit sentences and without the full stop that ends what
/// is left: the archive's reference to the document, its call number
/// (`PRC FMA 203-00566-02, 137-138` of `PRC FMA 203-00566-02, 137-138. Obtained by
/// Shen Zhihua and translated by Jeffrey Wang and Charles Kraus.`).
pub fn without_credits(source: &str) -> String {
    split_source(source).0
}

/// `source` as its call number (see [`without_credits`]) and its credit sentences
/// (`Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus.`).
pub fn split_source(source: &str) -> (String, String) {
    let walked = walk(source);
    let mut text = walked.kept.join(" ");
    // The stop of an abbreviation (`J.`, `D.C.`, `U.S.S.R.`) stays: it is no full stop.
    let abbreviated = walked.kept.last().is_some_and(|w| {
        let stem = w.trim_end_matches('.');
        is_abbreviation(w)
            || (stem.contains('.') && stem.chars().all(|c| c == '.' || c.is_uppercase()))
    });
    if text.ends_with('.') && !abbreviated {
        text.pop();
    }
    (
        text.trim_end_matches([' ', ';']).to_owned(),
        walked.credit_words.join(" "),
    )
}

/// A source read sentence by sentence.
struct Walked<'a> {
    /// The words of the sentences that are no credit.
    kept: Vec<&'a str>,
    /// The words of the credit sentences.
    credit_words: Vec<&'a str>,
    /// What the credit sentences say.
    credits: Vec<Credit>,
}

/// Reads `source`: a sentence that starts with a role and names who did it is a
/// credit ("Transcribed from the handwritten notes." is not, and stays).
fn walk(source: &str) -> Walked<'_> {
    let words: Vec<&str> = source.split_whitespace().collect();
    let mut walked = Walked {
        kept: Vec::new(),
        credit_words: Vec::new(),
        credits: Vec::new(),
    };
    let mut sentence_start = true;
    let mut i = 0;
    while let Some(&word) = words.get(i) {
        if sentence_start && role(word).is_some() {
            let end = sentence_end(&words, i);
            let sentence = words.get(i..end).unwrap_or_default();
            let credits = parse_sentence(sentence);
            if !credits.is_empty() {
                walked.credits.extend(credits);
                walked.credit_words.extend(sentence);
                i = end;
                continue;
            }
        }
        walked.kept.push(word);
        sentence_start = (word.ends_with('.') && !is_abbreviation(word)) || word.ends_with(';');
        i += 1;
    }
    walked
}

/// Index one past the last word of the sentence starting at `start`.
fn sentence_end(words: &[&str], start: usize) -> usize {
    for (offset, word) in words.iter().skip(start).enumerate() {
        if (word.ends_with('.') && !is_abbreviation(word)) || word.ends_with(';') {
            return start + offset + 1;
        }
    }
    words.len()
}

fn tokens<'a>(words: &[&'a str]) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let last = words.len().saturating_sub(1);
    for (i, word) in words.iter().enumerate() {
        let mut word = *word;
        if i == last {
            word = word.trim_end_matches(['.', ';']);
        }
        match word.strip_suffix(',') {
            Some(w) => {
                if !w.is_empty() {
                    out.push(Token::Word(w));
                }
                out.push(Token::Comma);
            }
            None if !word.is_empty() => out.push(Token::Word(word)),
            None => {}
        }
    }
    out
}

fn is_separator(t: Token<'_>) -> bool {
    matches!(t, Token::Comma) || matches!(t, Token::Word(w) if w.eq_ignore_ascii_case("and"))
}

/// After separators at `i`, is there a role word? Returns its index.
fn role_after_separators(tokens: &[Token<'_>], mut i: usize) -> Option<usize> {
    while tokens.get(i).is_some_and(|t| is_separator(*t)) {
        i += 1;
    }
    match tokens.get(i) {
        Some(Token::Word(w)) if role(w).is_some() => Some(i),
        _ => None,
    }
}

fn parse_sentence(words: &[&str]) -> Vec<Credit> {
    let tokens = tokens(words);
    let mut credits = Vec::new();
    let mut i = 0;
    loop {
        let mut roles = Vec::new();
        while let Some(Token::Word(w)) = tokens.get(i) {
            let Some(r) = role(w) else { break };
            roles.push(r);
            i += 1;
            match role_after_separators(&tokens, i) {
                Some(next) if next > i => i = next,
                _ => break,
            }
        }
        if roles.is_empty() {
            break;
        }
        // `Obtained and translated for NKIDP by ...`: the project is not a person.
        while let Some(Token::Word(w)) = tokens.get(i) {
            if *w == "by" {
                break;
            }
            i += 1;
        }
        if tokens.get(i) != Some(&Token::Word("by")) {
            break;
        }
        i += 1;
        let mut names: Vec<String> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        let mut next_clause = None;
        while let Some(token) = tokens.get(i) {
            match token {
                Token::Word(w) if !is_separator(*token) => {
                    current.push(w);
                    i += 1;
                }
                _ => {
                    if let Some(role_at) = role_after_separators(&tokens, i) {
                        next_clause = Some(role_at);
                        break;
                    }
                    if !current.is_empty() {
                        names.push(current.join(" "));
                        current.clear();
                    }
                    i += 1;
                }
            }
        }
        if !current.is_empty() {
            names.push(current.join(" "));
        }
        for r in &roles {
            for name in &names {
                credits.push(Credit {
                    role: *r,
                    name: name.clone(),
                });
            }
        }
        match next_clause {
            Some(at) => i = at,
            None => break,
        }
    }
    credits
}

#[cfg(test)]
mod tests {
    use super::*;
    use CreditRole::*;

    fn credits(s: &str) -> Vec<(CreditRole, String)> {
        parse_credits(s)
            .into_iter()
            .map(|c| (c.role, c.name))
            .collect()
    }

    fn c(role: CreditRole, name: &str) -> (CreditRole, String) {
        (role, name.to_owned())
    }

    #[test]
    fn the_call_number_is_the_source_without_its_credits() {
        assert_eq!(
            without_credits(
                "PRC FMA 203-00566-02, 137-138. Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus."
            ),
            "PRC FMA 203-00566-02, 137-138"
        );
        assert_eq!(
            without_credits(
                "Political Archive of the Federal Foreign Office, Berlin (PolA AA), MfAA. Translated for NKIDP by Bernd Schaefer."
            ),
            "Political Archive of the Federal Foreign Office, Berlin (PolA AA), MfAA"
        );
        assert_eq!(
            without_credits("APRF, fond 45, opis 1, delo 335, list 3."),
            "APRF, fond 45, opis 1, delo 335, list 3"
        );
        assert_eq!(
            without_credits("Papers of J. Smith, box 4, folder Misc."),
            "Papers of J. Smith, box 4, folder Misc",
        );
        assert_eq!(without_credits("Translated by Gary Goldberg."), "");
        assert_eq!(
            without_credits("SAPMO, DY 30, 3386. Transcribed from the original notes."),
            "SAPMO, DY 30, 3386. Transcribed from the original notes",
            "no one named: not a credit"
        );
        assert_eq!(
            without_credits("Papers of the Embassy, Washington, D.C."),
            "Papers of the Embassy, Washington, D.C."
        );
    }

    #[test]
    fn obtained_and_translated_by_two() {
        assert_eq!(
            credits(
                "PRC FMA 203-00566-02, 137-138. Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus."
            ),
            vec![
                c(Obtained, "Shen Zhihua"),
                c(Translated, "Jeffrey Wang"),
                c(Translated, "Charles Kraus")
            ]
        );
    }

    #[test]
    fn several_roles_for_the_same_people() {
        assert_eq!(
            credits("Contributed, transcribed, and translated by Gary Goldberg."),
            vec![
                c(Contributed, "Gary Goldberg"),
                c(Transcribed, "Gary Goldberg"),
                c(Translated, "Gary Goldberg")
            ]
        );
        assert_eq!(
            credits("X archive. Translated and edited by Anna A, Ben B, and Carl C."),
            vec![
                c(Translated, "Anna A"),
                c(Translated, "Ben B"),
                c(Translated, "Carl C"),
                c(Edited, "Anna A"),
                c(Edited, "Ben B"),
                c(Edited, "Carl C")
            ]
        );
    }

    #[test]
    fn for_a_project() {
        assert_eq!(
            credits(
                "Country: the Democratic People’s Republic of Korea. Obtained and translated for NKIDP by Eliza Gheorghe."
            ),
            vec![
                c(Obtained, "Eliza Gheorghe"),
                c(Translated, "Eliza Gheorghe")
            ]
        );
        assert_eq!(
            credits("Berlin (PolA AA), MfAA. Translated for NKIDP by Bernd Schaefer."),
            vec![c(Translated, "Bernd Schaefer")]
        );
    }

    #[test]
    fn contributed_and_translated() {
        assert_eq!(
            credits(
                "File A’0392 (Microfilm). Contributed by Robert Hoppens and translated by Stephen Mercado."
            ),
            vec![
                c(Contributed, "Robert Hoppens"),
                c(Translated, "Stephen Mercado")
            ]
        );
    }

    #[test]
    fn initials_do_not_end_the_sentence() {
        assert_eq!(
            credits("Archive. Translated by Thomas J. Kieran. Something else."),
            vec![c(Translated, "Thomas J. Kieran")]
        );
        assert_eq!(
            credits(
                "vol. 7, 37-39. Translated by David Cowhig. https://example.org/document/208198"
            ),
            vec![c(Translated, "David Cowhig")]
        );
    }

    #[test]
    fn no_credit_sentence_no_credits() {
        assert!(credits("APRF, fond 45, opis 1, delo 335, list 3.").is_empty());
        assert!(credits(
            "The document was given by Russian President Boris Yeltsin to South Korean President Kim Young-Sam. \
             A copy was subsequently found in RGASPI."
        )
        .is_empty());
        assert!(credits("").is_empty());
    }
}
