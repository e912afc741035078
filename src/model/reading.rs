//! How a document's text reads: its paragraphs, the `[editorial insertions]` set
//! apart from the text, and footnotes.
//!
//! Brackets in the archive's translations are mostly the editors' insertions:
//! `Kim [Il Sung]`, `17 September [1963]`, `Nº [208]`. A bracketed number is a
//! footnote marker only where it reads as one: right after a word or a punctuation
//! mark (`WPK[1]`, `Su Yu:[1]`), or where the text holds the note it points to (the
//! same number again later, at the start of a line or after a space: `[2] On July
//! 26, …`). A year, or a lone number after a space, stays an insertion.

use std::collections::BTreeMap;

/// What a run of a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// Ordinary text.
    Plain,
    /// An editorial insertion `[…]`.
    Editorial,
    /// A footnote marker `[1]`; `linked` when the text holds its note.
    Marker {
        /// The footnote's number.
        number: u32,
        /// Whether the note is in the text (a marker with a note can jump to it).
        linked: bool,
    },
    /// Where a note begins: the `[1]` in front of the note's text.
    Note {
        /// The footnote's number.
        number: u32,
    },
}

/// A text cut into paragraphs (at blank lines), each a list of runs; together the
/// runs of a paragraph are exactly its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading<'a> {
    /// The paragraphs, in order.
    pub paragraphs: Vec<Vec<(Run, &'a str)>>,
}

/// The longest number read as a footnote: longer ones are years or folio numbers.
const LONGEST_FOOTNOTE_NUMBER: usize = 3;

/// A bracketed span found in the text, before footnotes are told from insertions.
struct Span {
    paragraph: usize,
    run: usize,
    number: Option<u32>,
    /// Right after a character that is not a space (`WPK[1]`).
    attached: bool,
}

impl<'a> Reading<'a> {
    /// Reads `body`: paragraphs, insertions, footnote markers and their notes.
    pub fn of(body: &'a str) -> Self {
        let mut paragraphs: Vec<Vec<(Run, &'a str)>> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for (p, paragraph) in body.split("\n\n").enumerate() {
            let mut runs = Vec::new();
            let mut rest = paragraph;
            let mut before: Option<char> = None;
            while let Some(open) = rest.find('[') {
                let Some(close) = rest[open..].find(']').map(|c| open + c) else {
                    break;
                };
                if open > 0 {
                    runs.push((Run::Plain, &rest[..open]));
                }
                let previous = rest[..open].chars().next_back().or(before);
                let inner = &rest[open + 1..close];
                spans.push(Span {
                    paragraph: p,
                    run: runs.len(),
                    number: footnote_number(inner),
                    attached: previous.is_some_and(|c| !c.is_whitespace()),
                });
                runs.push((Run::Editorial, &rest[open..=close]));
                before = Some(']');
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() {
                runs.push((Run::Plain, rest));
            }
            paragraphs.push(runs);
        }
        // Each number's occurrences, in reading order.
        let mut by_number: BTreeMap<u32, Vec<&Span>> = BTreeMap::new();
        for span in &spans {
            if let Some(number) = span.number {
                by_number.entry(number).or_default().push(span);
            }
        }
        for (number, occurrences) in by_number {
            let note = occurrences
                .last()
                .filter(|last| occurrences.len() > 1 && !last.attached);
            for span in &occurrences {
                let run = if note.is_some_and(|n| std::ptr::eq(*n, *span)) {
                    Run::Note { number }
                } else if note.is_some() {
                    Run::Marker {
                        number,
                        linked: true,
                    }
                } else if span.attached {
                    Run::Marker {
                        number,
                        linked: false,
                    }
                } else {
                    continue;
                };
                if let Some(slot) = paragraphs
                    .get_mut(span.paragraph)
                    .and_then(|runs| runs.get_mut(span.run))
                {
                    slot.0 = run;
                }
            }
        }
        Reading { paragraphs }
    }

    /// The text of note `number`: from its `[n]` to the next note or the end of its
    /// paragraph, trimmed (what a marker's tooltip shows).
    pub fn note_text(&self, number: u32) -> Option<String> {
        for runs in &self.paragraphs {
            let Some(at) = runs
                .iter()
                .position(|(run, _)| *run == Run::Note { number })
            else {
                continue;
            };
            let text: String = runs
                .iter()
                .skip(at + 1)
                .take_while(|(run, _)| !matches!(run, Run::Note { .. }))
                .map(|(_, text)| *text)
                .collect();
            return Some(text.trim().to_owned());
        }
        None
    }
}

/// The number in a bracket that could be a footnote's: one to three digits, not
/// starting with 0.
fn footnote_number(inner: &str) -> Option<u32> {
    let digits = !inner.is_empty()
        && inner.len() <= LONGEST_FOOTNOTE_NUMBER
        && inner.bytes().all(|b| b.is_ascii_digit())
        && !inner.starts_with('0');
    if digits { inner.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<(Run, &str)> {
        Reading::of(text).paragraphs.concat()
    }

    const fn marker(number: u32, linked: bool) -> Run {
        Run::Marker { number, linked }
    }

    #[test]
    fn brackets_are_insertions_unless_they_read_as_footnotes() {
        assert_eq!(
            runs("Kim [Il Sung] said[1] so [...]"),
            vec![
                (Run::Plain, "Kim "),
                (Run::Editorial, "[Il Sung]"),
                (Run::Plain, " said"),
                (marker(1, false), "[1]"),
                (Run::Plain, " so "),
                (Run::Editorial, "[...]"),
            ]
        );
        assert_eq!(runs("no brackets"), vec![(Run::Plain, "no brackets")]);
        assert_eq!(runs("open [bracket"), vec![(Run::Plain, "open [bracket")]);
    }

    #[test]
    fn years_and_lone_numbers_stay_insertions() {
        // From the seed page and the Puzanov journal.
        for text in [
            "On the morning of 17 September [1963], the two sides",
            "18 September [1963]",
            "Nº [208]",
            "the meeting of [1950]",
            "paragraph [2] of the treaty",
            "a leading zero[07]",
        ] {
            assert!(
                runs(text)
                    .iter()
                    .all(|(run, _)| !matches!(run, Run::Marker { .. } | Run::Note { .. })),
                "{text}: {:?}",
                runs(text)
            );
        }
    }

    #[test]
    fn a_marker_with_its_note_in_the_text_is_linked() {
        // The layout of the Zhou Enlai cable: markers attached or after a space,
        // notes later in the same paragraph or in their own.
        let text = "Comrades Liu [Shaoqi] and Su Yu:[1] The telegram is attached. [2] Please \
                    review it.\n\n[1] The editors included footnotes. [2] On July 26, Mao \
                    gave instructions.";
        let reading = Reading::of(text);
        let first = &reading.paragraphs[0];
        assert!(first.contains(&(marker(1, true), "[1]")), "{first:?}");
        assert!(first.contains(&(marker(2, true), "[2]")), "{first:?}");
        assert!(first.contains(&(Run::Editorial, "[Shaoqi]")));
        let notes = &reading.paragraphs[1];
        assert_eq!(notes[0], (Run::Note { number: 1 }, "[1]"));
        assert!(notes.contains(&(Run::Note { number: 2 }, "[2]")));
        assert_eq!(
            reading.note_text(1).as_deref(),
            Some("The editors included footnotes.")
        );
        assert_eq!(
            reading.note_text(2).as_deref(),
            Some("On July 26, Mao gave instructions.")
        );
        assert_eq!(reading.note_text(3), None);
    }

    #[test]
    fn the_runs_of_a_paragraph_are_its_text() {
        for text in [
            "a[1] b [2] c\n\n[2] note [x] [1] other",
            "[[1]] ]][ [",
            "Nº [208] [1963] WPK[1]",
        ] {
            let reading = Reading::of(text);
            let rebuilt: Vec<String> = reading
                .paragraphs
                .iter()
                .map(|runs| runs.iter().map(|(_, t)| *t).collect())
                .collect();
            assert_eq!(rebuilt.join("\n\n"), text);
        }
    }
}
