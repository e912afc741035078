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

/// A number with its thousands grouped, as a person reads a large one:
/// `1,000,000`.
pub fn number(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A size in bytes as people read it, in decimal units as file managers show them:
/// `800 bytes`, `12 kB`, `340 MB`, `5.2 GB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let value = bytes as f64 / unit as f64;
            return if value < 10.0 {
                format!("{value:.1} {name}")
            } else {
                format!("{value:.0} {name}")
            };
        }
    }
    count(bytes as usize, "byte")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_are_grouped_by_thousands() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1_000), "1,000");
        assert_eq!(number(135_828), "135,828");
        assert_eq!(number(1_000_000), "1,000,000");
    }

    #[test]
    fn sizes_read_as_file_managers_show_them() {
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(800), "800 bytes");
        assert_eq!(size(12_345), "12 kB");
        assert_eq!(size(340_000_000), "340 MB");
        assert_eq!(size(5_234_000_000), "5.2 GB");
    }

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(0, "record"), "0 records");
        assert_eq!(count(1, "record"), "1 record");
        assert_eq!(count(2, "file"), "2 files");
    }
}
