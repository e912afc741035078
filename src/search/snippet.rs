//! A short passage around the first hit of a search in a record, for the list's
//! tooltip.

use crate::model::Record;

use super::tokenize::fold;

/// Characters of context on each side of the hit.
const CONTEXT: usize = 70;

/// The first passage of the record's summary or texts holding one of `words`
/// (compared folded: `sato` finds `Satō`), with `…` where it was cut.
pub fn snippet(record: &Record, words: &[String]) -> Option<String> {
    let words: Vec<String> = words
        .iter()
        .map(|w| fold(w))
        .filter(|w| !w.trim().is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    passage(&record.summary, &words).or_else(|| {
        record
            .texts
            .peek(|texts| texts.iter().find_map(|t| passage(&t.body, &words)))
    })
}

fn passage(text: &str, words: &[String]) -> Option<String> {
    // Fold character by character, remembering where each folded character came from.
    let chars: Vec<char> = text.chars().collect();
    let mut folded = String::new();
    let mut origin = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        let piece = fold(c.encode_utf8(&mut [0; 4]));
        for _ in 0..piece.len() {
            origin.push(i);
        }
        folded.push_str(&piece);
    }
    let at = words.iter().filter_map(|w| folded.find(w.as_str())).min()?;
    let hit = *origin.get(at)?;
    let start = hit.saturating_sub(CONTEXT);
    let end = (hit + CONTEXT).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let body: String = chars.get(start..end).unwrap_or(&[]).iter().collect();
    out.push_str(&body.split_whitespace().collect::<Vec<_>>().join(" "));
    if end < chars.len() {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RecordId, Text, TextKind};

    #[test]
    fn the_passage_around_the_first_hit() {
        let mut r = Record::new(RecordId::new("a").unwrap(), "T");
        r.texts = vec![Text {
            kind: TextKind::Translation,
            language: "English".into(),
            body: format!(
                "{} The Satō government\ninvites. {}",
                "x ".repeat(60),
                "y ".repeat(60)
            ),
        }]
        .into();
        let s = snippet(&r, &["sato".into()]).unwrap();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("The Satō government invites."), "{s}");
        assert_eq!(snippet(&r, &["absent".into()]), None);
        assert_eq!(snippet(&r, &[]), None);
    }
}
