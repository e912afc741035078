//! English wording shared by the command line and the app, so that both count things
//! the same way.

/// `""` for one, `"s"` otherwise: `format!("{n} record{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `n` and the noun, in the singular for one: `count(1, "record")` is `1 record`,
/// `count(3, "record")` is `3 records`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(0, "record"), "0 records");
        assert_eq!(count(1, "record"), "1 record");
        assert_eq!(count(2, "file"), "2 files");
    }
}
