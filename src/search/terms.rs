//! The index's dictionary: every distinct token and its number.
//!
//! The tokens known at the build are sorted and laid end to end in one string (a
//! token's number is its rank), so that a million tokens cost their bytes and four
//! more each, and a prefix search is a range of the sorted list. Tokens that edits
//! bring later are kept in a small sorted list of their own, numbered after.

/// The dictionary.
#[derive(Debug, Default, Clone)]
pub(super) struct Terms {
    /// The build's tokens, sorted, end to end.
    pub text: String,
    /// Where each of those ends in `text`.
    pub ends: Vec<u32>,
    /// Tokens added since, sorted, with their numbers.
    pub added: Vec<(Box<str>, u32)>,
}

impl Terms {
    /// The dictionary of `sorted` tokens (numbered by rank); `None` when they do not
    /// fit (over 4 GB of token text).
    pub fn from_sorted<'a>(sorted: impl Iterator<Item = &'a str>) -> Option<Terms> {
        let mut terms = Terms::default();
        for token in sorted {
            terms.text.push_str(token);
            terms.ends.push(u32::try_from(terms.text.len()).ok()?);
        }
        Some(terms)
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.ends.len() + self.added.len()
    }

    fn base(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0) as usize,
        };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }

    /// The number of `token`.
    pub fn get(&self, token: &str) -> Option<u32> {
        let at = self.base_position(token);
        if at < self.ends.len() && self.base(at) == token {
            return Some(at as u32);
        }
        self.added
            .binary_search_by(|(t, _)| t.as_ref().cmp(token))
            .ok()
            .and_then(|i| self.added.get(i))
            .map(|(_, n)| *n)
    }

    /// The first base position whose token is not less than `token`.
    fn base_position(&self, token: &str) -> usize {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let middle = (low + high) / 2;
            if self.base(middle) < token {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    /// The number of `token`, numbering it when new.
    pub fn intern(&mut self, token: &str) -> u32 {
        if let Some(n) = self.get(token) {
            return n;
        }
        let n = self.len() as u32;
        let at = self.added.partition_point(|(t, _)| t.as_ref() < token);
        self.added.insert(at, (token.into(), n));
        n
    }

    /// The tokens starting with `prefix`, with their numbers.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, u32)> {
        let start = self.base_position(prefix);
        let base = (start..self.ends.len())
            .map(|i| (self.base(i), i as u32))
            .take_while(move |(t, _)| t.starts_with(prefix));
        let at = self.added.partition_point(|(t, _)| t.as_ref() < prefix);
        let added = self
            .added
            .get(at..)
            .unwrap_or(&[])
            .iter()
            .map(|(t, n)| (t.as_ref(), *n))
            .take_while(move |(t, _)| t.starts_with(prefix));
        base.chain(added)
    }

    /// Every token with its number.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        (0..self.ends.len())
            .map(|i| (self.base(i), i as u32))
            .chain(self.added.iter().map(|(t, n)| (t.as_ref(), *n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tokens_built_and_added() {
        let mut terms = Terms::from_sorted(["", "emb", "embassy", "zed"].into_iter()).unwrap();
        assert_eq!(terms.get("embassy"), Some(2));
        assert_eq!(terms.get(""), Some(0));
        assert_eq!(terms.get("em"), None);
        assert_eq!(terms.intern("embargo"), 4);
        assert_eq!(terms.intern("embargo"), 4);
        assert_eq!(terms.intern("aa"), 5);
        assert_eq!(terms.get("embargo"), Some(4));
        let mut prefixed: Vec<_> = terms.with_prefix("emb").collect();
        prefixed.sort();
        assert_eq!(
            prefixed,
            [("emb", 1), ("embargo", 4), ("embassy", 2)],
            "both lists"
        );
        assert_eq!(terms.len(), 6);
        assert_eq!(terms.iter().count(), 6);
    }
}
