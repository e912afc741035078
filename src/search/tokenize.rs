//! Words for the index and for queries: case and diacritics folded, and Chinese,
//! Japanese and Korean text as overlapping pairs of characters.
//!
//! A token is a maximal run of letters and digits after folding: this is Unicode word
//! segmentation (UAX #29) further split at the punctuation it keeps inside words
//! (`Shaoqi’s` gives `shaoqi` and `s`, `U.N.O.` gives `u`, `n`, `o`), so that a name
//! is found whatever follows it. Han, kana and Hangul have no spaces between words; a
//! run of them is indexed as overlapping bigrams (`一九五二年` gives `一九`, `九五`,
//! `五二`, `二年`), the usual method for these scripts without a dictionary.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Whether `c` is written without spaces between words (Han, kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF        // Hangul Jamo
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3130..=0x318F      // Hangul compatibility Jamo
        | 0x31F0..=0x31FF      // Katakana phonetic extensions
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFF66..=0xFF9F      // half-width Katakana
        | 0x20000..=0x3134F) // CJK extensions B–H
}

/// Letters that carry no combining mark to strip but are read as plain letters by
/// anyone searching in English.
fn fold_special(c: char, out: &mut String) -> bool {
    let plain = match c {
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        _ => return false,
    };
    out.push_str(plain);
    true
}

/// Whether `c` is invisible inside a word and read as nothing: a soft hyphen, a
/// zero-width space, joiner or non-joiner, a word joiner, a byte order mark. Text
/// pasted from a web page or a PDF carries them between the letters it shows.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Appends `c` folded: compatibility decomposition, combining marks dropped, lowercase.
/// Kana and Hangul keep their marks (`が` is not `か`). Greek final sigma is sigma
/// (`ΣΙΣΥΦΟΣ` lowercases to `σισυφοσ`, as `Σίσυφος` folds), and invisible characters
/// vanish, so that a word is found however it was typed or pasted.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_invisible(c) {
    } else if c == 'ς' {
        out.push('σ');
    } else if is_cjk(c) {
        out.push(c);
    } else if !fold_special(c, out) {
        decompose_compatible(c, |d| {
            if !is_combining_mark(d) && !fold_special(d, out) {
                out.extend(d.to_lowercase());
            }
        });
    }
}

/// The folded form of one character, appended to `out` (empty for a combining mark).
pub(crate) fn fold_char(c: char, out: &mut String) {
    push_folded(c, out);
}

/// The folded form of a text: lowercase, without diacritics (`Satō` → `sato`).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Byte classes of the tokenizer: an ASCII byte that ends a token, a lowercase
/// letter or digit, an uppercase letter, or a byte of another character.
const SEPARATOR: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const OTHER: u8 = 4;

const CLASSES: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        let class = if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
            LOWER
        } else if byte.is_ascii_uppercase() {
            UPPER
        } else {
            SEPARATOR
        };
        // In bounds: `b` stays under 128.
        #[allow(clippy::indexing_slicing)]
        {
            table[b] = class;
        }
        b += 1;
    }
    table
};

#[inline]
fn class(b: u8) -> u8 {
    CLASSES.get(usize::from(b)).copied().unwrap_or(OTHER)
}

/// Splits texts into tokens, reusing its buffers from one text to the next.
#[derive(Debug, Default)]
pub struct Tokenizer {
    folded: String,
    cjk: Vec<char>,
    pair: String,
}

impl Tokenizer {
    /// Calls `emit` with each token of `text`, in order.
    pub fn tokens(&mut self, text: &str, mut emit: impl FnMut(&str)) {
        // Every ASCII character but a letter or a digit ends a token, whatever
        // surrounds it (it folds to itself and is no letter): the text is cut there,
        // and only the pieces that hold other characters are folded, character by
        // character. Most texts are mostly ASCII, so most pieces take the fast way:
        // one table lookup per byte, and no copy unless a letter is uppercase.
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(skipped) = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| class(b) != SEPARATOR))
        {
            let start = at + skipped;
            let mut seen = 0;
            let length = bytes
                .get(start..)
                .unwrap_or(&[])
                .iter()
                .take_while(|&&b| {
                    let c = class(b);
                    seen |= c;
                    c != SEPARATOR
                })
                .count();
            at = start + length;
            // Both ends are at ASCII bytes or the text's ends: character boundaries.
            let piece = text.get(start..at).unwrap_or("");
            if seen & OTHER != 0 {
                self.piece(piece, &mut emit);
            } else if seen & UPPER != 0 {
                self.folded.clear();
                self.folded.push_str(piece);
                self.folded.make_ascii_lowercase();
                emit(&self.folded);
            } else {
                emit(piece);
            }
        }
    }

    /// A piece between ASCII separators that holds other characters: folded and cut.
    fn piece(&mut self, piece: &str, emit: &mut impl FnMut(&str)) {
        self.folded.clear();
        for c in piece.chars() {
            push_folded(c, &mut self.folded);
        }
        let folded = std::mem::take(&mut self.folded);
        let mut word_start = None;
        for (i, c) in folded.char_indices() {
            if is_cjk(c) {
                if let Some(s) = word_start.take() {
                    emit(&folded[s..i]);
                }
                self.cjk.push(c);
            } else {
                self.flush_cjk(emit);
                if c.is_alphanumeric() {
                    word_start.get_or_insert(i);
                } else if let Some(s) = word_start.take() {
                    emit(&folded[s..i]);
                }
            }
        }
        if let Some(s) = word_start {
            emit(&folded[s..]);
        }
        self.flush_cjk(emit);
        self.folded = folded;
    }

    /// The tokens of `text`, collected.
    pub fn collect(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.tokens(text, |t| out.push(t.to_owned()));
        out
    }

    fn flush_cjk(&mut self, emit: &mut impl FnMut(&str)) {
        match self.cjk.len() {
            0 => {}
            1 => {
                self.pair.clear();
                self.pair.extend(&self.cjk);
                emit(&self.pair);
            }
            _ => {
                for w in self.cjk.windows(2) {
                    self.pair.clear();
                    self.pair.extend(w);
                    emit(&self.pair);
                }
            }
        }
        self.cjk.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Tokenizer::default().tokens(text, |t| out.push(t.to_owned()));
        out
    }

    #[test]
    fn pasted_text_finds_what_it_shows() {
        assert_eq!(words("ΣΙΣΥΦΟΣ"), words("Σίσυφος"), "final sigma");
        assert_eq!(words("Σίσυφος"), ["σισυφοσ"]);
        assert_eq!(words("Chrush\u{AD}chev"), ["chrushchev"], "soft hyphen");
        assert_eq!(words("Mo\u{200D}lo\u{200B}tov"), ["molotov"], "zero-width");
        assert_eq!(fold("Mo\u{2060}lotov\u{FEFF}"), "molotov");
    }

    fn tokens(text: &str) -> Vec<String> {
        Tokenizer::default().collect(text)
    }

    #[test]
    fn case_and_diacritics_fold() {
        assert_eq!(tokens("Khrushchëv"), ["khrushchev"]);
        assert_eq!(tokens("KHRUSHCHEV"), ["khrushchev"]);
        assert_eq!(tokens("Satō, Eisaku"), ["sato", "eisaku"]);
        assert_eq!(tokens("Łódź Straße Ærø"), ["lodz", "strasse", "aero"]);
        assert_eq!(tokens("Хрущёв"), ["хрущев"]);
        assert_eq!(tokens("ＡＢＣ１２"), ["abc12"], "full-width letters fold");
        // Decomposed input (e + combining diaeresis) gives the same token.
        assert_eq!(tokens("Khrushche\u{308}v"), ["khrushchev"]);
    }

    #[test]
    fn punctuation_splits_words() {
        assert_eq!(
            tokens("Liu Shaoqi’s visit"),
            ["liu", "shaoqi", "s", "visit"]
        );
        assert_eq!(tokens("U.N.O., 1950-1953"), ["u", "n", "o", "1950", "1953"]);
        assert_eq!(tokens("[Mao Zedong]"), ["mao", "zedong"]);
        assert_eq!(tokens("File A’0392"), ["file", "a", "0392"]);
        assert!(tokens(" ,.;— ").is_empty());
    }

    #[test]
    fn cjk_runs_become_bigrams() {
        assert_eq!(tokens("一九五二年"), ["一九", "九五", "五二", "二年"]);
        assert_eq!(
            tokens("所发电报附上。"),
            ["所发", "发电", "电报", "报附", "附上"]
        );
        assert_eq!(tokens("年"), ["年"]);
        assert_eq!(tokens("Kim 金日成 said"), ["kim", "金日", "日成", "said"]);
        assert_eq!(tokens("佐藤栄作"), ["佐藤", "藤栄", "栄作"]);
        assert_eq!(tokens("カタカナ"), ["カタ", "タカ", "カナ"]);
        assert_eq!(tokens("한국어"), ["한국", "국어"]);
        assert_eq!(tokens("が"), ["が"], "kana keep their voicing marks");
    }
}
