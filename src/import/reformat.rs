//! What a spreadsheet program does to a value it takes for a number or a date when
//! it opens a CSV file and saves it again: `August 1949` becomes `08/01/49` (a day
//! is invented), `000123` becomes `123`, `3.10` becomes `3.1`, a long number
//! `1.23456789012346E+19`. Such a cell holds the same value rewritten, not a
//! correction: an import lists it instead of applying it.

/// Whether `after` is `before` as a spreadsheet program rewrites it: the same
/// number written another way, or the same date (a day the text did not give
/// counted as the first) in the numeric form of a spreadsheet's locale.
pub fn spreadsheet_reformatted(before: &str, after: &str) -> bool {
    let (before, after) = (before.trim(), after.trim());
    if before == after || before.is_empty() || after.is_empty() {
        return false;
    }
    same_number(before, after) || same_date(before, after)
}

/// Both read as decimal numbers of the same value (leading or trailing zeros, a
/// plus sign, thousands separators, or the 15 significant digits and exponent a
/// spreadsheet keeps of a long number).
fn same_number(before: &str, after: &str) -> bool {
    let (Some(b), Some(a)) = (number(before), number(after)) else {
        return false;
    };
    if a == b {
        return true;
    }
    // A spreadsheet keeps 15 significant digits.
    let scale = a.abs().max(b.abs());
    scale > 0.0 && (a - b).abs() / scale < 1e-14
}

/// A decimal number written as people and spreadsheets write them; `None` for
/// anything else (a year range, an id with letters).
fn number(text: &str) -> Option<f64> {
    let text = text.strip_prefix('+').unwrap_or(text);
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (text, None),
    };
    let digits: String = mantissa.chars().filter(|c| *c != ',').collect();
    let body = digits.strip_prefix('-').unwrap_or(&digits);
    let well_formed = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.matches('.').count() <= 1
        && body.chars().any(|c| c.is_ascii_digit());
    // Thousands separators only in their places (`1,000`, not `1,2`).
    let separators_fit = !mantissa.contains(',')
        || mantissa
            .trim_start_matches('-')
            .split('.')
            .next()
            .is_some_and(|whole| {
                let groups: Vec<&str> = whole.split(',').collect();
                groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
                    && groups.iter().skip(1).all(|g| g.len() == 3)
            });
    if !well_formed || !separators_fit {
        return None;
    }
    let exponent: i32 = match exponent {
        Some(e) => e.strip_prefix('+').unwrap_or(e).parse().ok()?,
        None => 0,
    };
    let value: f64 = digits.parse().ok()?;
    Some(value * 10f64.powi(exponent))
}

/// A date as far as a text gives it: year, month, and day when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LooseDate {
    year: i32,
    month: u32,
    day: Option<u32>,
}

/// `after` is a numeric date (`08/01/49`, `17.09.1963`, `1963-09-17`) that can be
/// read, in one of the orders spreadsheets use, as the date `before` says in words
/// or in ISO form.
fn same_date(before: &str, after: &str) -> bool {
    let Some(date) = loose_date(before) else {
        return false;
    };
    numeric_dates(after)
        .into_iter()
        .any(|(year, month, day, two_digit_year)| {
            let year_fits = if two_digit_year {
                year == date.year.rem_euclid(100)
            } else {
                year == date.year
            };
            year_fits && month == date.month && day == date.day.unwrap_or(1)
        })
}

/// The ways a numeric date can be read: (year, month, day, whether the year has
/// two digits), for the orders month-day-year, day-month-year and year-month-day.
fn numeric_dates(text: &str) -> Vec<(i32, u32, u32, bool)> {
    let text = text.split([' ', 'T']).next().unwrap_or(text);
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Vec::new();
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Vec::new();
    }
    let n = |p: &str| p.parse::<u32>().ok();
    let (Some(x), Some(y), Some(z)) = (n(a), n(b), n(c)) else {
        return Vec::new();
    };
    let mut readings = Vec::new();
    let mut push = |year: u32, year_text: &str, month: u32, day: u32| {
        let two = year_text.len() <= 2;
        if (1..=12).contains(&month) && (1..=31).contains(&day) && (two || year_text.len() == 4) {
            readings.push((year as i32, month, day, two));
        }
    };
    push(z, c, x, y); // month/day/year (en-US)
    push(z, c, y, x); // day/month/year (most of Europe)
    push(x, a, y, z); // year-month-day (ISO)
    readings
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The date a text gives in words (`September 17, 1963`, `17 September 1963`,
/// `August 1949`, `Sept. 1963`) or in ISO form (`1963-09-17`, `1963-09`); `None`
/// without a four-digit year and a month.
fn loose_date(text: &str) -> Option<LooseDate> {
    if let Some(date) = iso_date(text) {
        return Some(date);
    }
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for word in words {
        if word.chars().all(|c| c.is_ascii_digit()) {
            match word.len() {
                4 => year = year.or(word.parse().ok()),
                1 | 2 => day = day.or(word.parse().ok().filter(|d| (1..=31).contains(d))),
                _ => return None,
            }
        } else {
            let lower = word.to_lowercase();
            let found = MONTHS
                .iter()
                .position(|m| lower.len() >= 3 && m.starts_with(&lower));
            match found {
                Some(i) if month.is_none() => month = Some(i as u32 + 1),
                _ => return None,
            }
        }
    }
    Some(LooseDate {
        year: year?,
        month: month?,
        day,
    })
}

fn iso_date(text: &str) -> Option<LooseDate> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |p: &&str| {
        p.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse().ok())?
    };
    match parts.as_slice() {
        [y, m] if y.len() == 4 && m.len() == 2 => Some(LooseDate {
            year: number(y)?,
            month: number(m)? as u32,
            day: None,
        }),
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => Some(LooseDate {
            year: number(y)?,
            month: number(m)? as u32,
            day: Some(number(d)? as u32),
        }),
        _ => None,
    }
    .filter(|d| (1..=12).contains(&d.month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_libreoffice_did_to_the_sample_is_recognised() {
        // Seen in a round trip of the sample through LibreOffice Calc (en-US).
        for (before, after) in [
            ("August 1949", "08/01/49"),
            ("September 17, 1963", "09/17/63"),
            ("February 01, 1955", "02/01/55"),
            ("April 1, 1949", "04/01/49"),
            ("000123", "123"),
            ("3.10", "3.1"),
        ] {
            assert!(spreadsheet_reformatted(before, after), "{before} → {after}");
        }
    }

    #[test]
    fn other_locales_and_forms_are_recognised() {
        for (before, after) in [
            ("17 September 1963", "17.09.1963"),
            ("17 September 1963", "17/09/1963"),
            ("Sept. 1963", "1963-09-01"),
            ("1963-09-17", "9/17/1963"),
            ("12345678901234567890", "1.23456789012346E+19"),
            ("1,000", "1000"),
            ("+44", "44"),
        ] {
            assert!(spreadsheet_reformatted(before, after), "{before} → {after}");
        }
    }

    #[test]
    fn corrections_are_not_taken_for_reformatting() {
        for (before, after) in [
            ("August 1949", "08/02/49"),
            ("August 1949", "09/01/49"),
            ("September 17, 1963", "09/17/64"),
            ("000123", "124"),
            ("3.10", "3.2"),
            ("Top secret", "Secret"),
            ("1950", "1951"),
            ("August 1949", "August 1949"),
            ("", "0"),
            ("A’0392", "0392"),
        ] {
            assert!(
                !spreadsheet_reformatted(before, after),
                "{before} → {after}"
            );
        }
    }
}
