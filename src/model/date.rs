//! Archival dates: EDTF levels 0 and 1 (Library of Congress Extended Date/Time Format).
//!
//! Parsing and validation are done by the `edtf-core` crate (complete, spec-exact,
//! maintained); this module restricts it to levels 0 and 1, turns its errors into
//! messages an archivist can act on, computes the earliest and latest possible day
//! for sorting and range filters, and renders dates in words.

use std::fmt;

use edtf_core::{Bound, Date, DateField, Edtf, IntervalEndpoint, TimeShift, YearKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a string is not an acceptable archival date.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("\"{input}\" is not a valid EDTF date: {reason}")]
pub struct DateError {
    /// The rejected text.
    pub input: String,
    /// Byte offset of the problem in `input`.
    pub offset: usize,
    /// What is wrong, in words.
    pub reason: String,
}

/// The date of a record, as written in the record file (EDTF text).
///
/// A date read from disk is kept even when invalid (an archivist may have typed it in
/// another editor): it is shown and reported by validation instead of making the whole
/// record unreadable. Dates entered through Folio are parsed with [`ArchivalDate::parse`],
/// which refuses invalid text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivalDate {
    text: String,
    parsed: Result<Edtf, DateError>,
}

/// The inclusive range of days a date may denote, as day numbers
/// (days since 1970-01-01 in the proleptic Gregorian calendar).
///
/// Open or unknown ends are `i64::MIN` / `i64::MAX`, so that range overlap and
/// sorting need no special cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    /// The earliest possible day.
    pub earliest: i64,
    /// The latest possible day.
    pub latest: i64,
}

impl DayRange {
    /// True when the two ranges share at least one day.
    pub fn overlaps(&self, other: &DayRange) -> bool {
        self.earliest <= other.latest && other.earliest <= self.latest
    }
}

impl ArchivalDate {
    /// Parses an EDTF level 0 or 1 date, refusing anything else with a reason.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let parsed = parse_edtf(text)?;
        Ok(Self {
            text: text.to_owned(),
            parsed: Ok(parsed),
        })
    }

    /// Wraps text read from a record file, keeping it even when it is invalid.
    pub fn from_stored(text: String) -> Self {
        let parsed = parse_edtf(&text);
        Self { text, parsed }
    }

    /// The EDTF text exactly as stored.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the text is valid EDTF level 0 or 1.
    pub fn is_valid(&self) -> bool {
        self.parsed.is_ok()
    }

    /// Why the stored text is invalid, if it is.
    pub fn error(&self) -> Option<&DateError> {
        self.parsed.as_ref().err()
    }

    /// The parsed EDTF value, when valid.
    pub fn edtf(&self) -> Option<&Edtf> {
        self.parsed.as_ref().ok()
    }

    /// The earliest and latest possible day; `None` when the date is invalid.
    pub fn day_range(&self) -> Option<DayRange> {
        let bounds = self.edtf()?.bounds();
        Some(DayRange {
            earliest: bound_day(bounds.earliest).unwrap_or(i64::MIN),
            latest: bound_day(bounds.latest).unwrap_or(i64::MAX),
        })
    }

    /// The date in words: `17 September 1963`, `c. 1950`, `1950s`, `19–24 December 1966`.
    /// An invalid date is shown as its text.
    pub fn words(&self) -> String {
        match &self.parsed {
            Ok(edtf) => edtf_words(edtf),
            Err(_) => self.text.clone(),
        }
    }
}

impl fmt::Display for ArchivalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for ArchivalDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for ArchivalDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from_stored)
    }
}

fn parse_edtf(text: &str) -> Result<Edtf, DateError> {
    let error = |offset: usize, reason: String| DateError {
        input: text.to_owned(),
        offset,
        reason,
    };
    if text.trim() != text {
        return Err(error(0, "remove the spaces around the date".to_owned()));
    }
    let edtf = Edtf::parse(text).map_err(|e| error(e.offset, explain(text, e)))?;
    if edtf.level() > 1 {
        return Err(error(
            0,
            "it uses EDTF level 2 features (such as sets, qualifiers on parts of a date, unspecified \
             digits inside an interval, exponents or significant digits); Folio accepts levels 0 and 1"
                .to_owned(),
        ));
    }
    Ok(edtf)
}

/// Turns an `edtf-core` error into a reason that names the offending part.
fn explain(text: &str, error: edtf_core::ParseError) -> String {
    if error.message.contains("day is out of range")
        && let Some(reason) = day_out_of_range(text)
    {
        return reason;
    }
    if error.message.contains("month must be 01-12") {
        let month = text
            .get(error.offset..)
            .unwrap_or("")
            .chars()
            .take(2)
            .collect::<String>();
        return format!(
            "month \"{month}\" does not exist (use 01–12, or 21–24 for spring, summer, autumn, winter)"
        );
    }
    format!("{} (at character {})", error.message, error.offset + 1)
}

fn day_out_of_range(text: &str) -> Option<String> {
    // Only reached for a complete YYYY-MM-DD prefix, which edtf-core has already checked.
    let year: i64 = text.get(0..4)?.parse().ok()?;
    let month: u32 = text.get(5..7)?.parse().ok()?;
    let day: u32 = text.get(8..10)?.parse().ok()?;
    let name = MONTHS.get(month.checked_sub(1)? as usize)?;
    Some(format!(
        "day {day} does not exist: {name} {year} has {} days",
        days_in_month(year, month)
    ))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (astronomical years).
pub fn day_number(year: i64, month: u32, day: u32) -> i64 {
    // Howard Hinnant's days_from_civil, valid for every i64 year in range.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // EDTF allows years of any length (`Y985555555555555555`): saturate rather than
    // overflow; such a day sorts before or after every real one, as it should.
    era.saturating_mul(146_097)
        .saturating_add(doe)
        .saturating_sub(719_468)
}

/// The calendar date of a day number (inverse of [`day_number`]).
pub fn civil_from_day(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn bound_day(bound: Bound) -> Option<i64> {
    match bound {
        Bound::Date(d) => Some(day_number(d.year, u32::from(d.month), u32::from(d.day))),
        _ => None,
    }
}

fn edtf_words(edtf: &Edtf) -> String {
    match edtf {
        Edtf::Date(date) => date_words(date),
        Edtf::DateTime(dt) => {
            let shift = match dt.time.shift {
                None => String::new(),
                Some(TimeShift::Utc) => " UTC".to_owned(),
                Some(TimeShift::Offset { minutes, .. }) => {
                    let sign = if minutes < 0 { '-' } else { '+' };
                    let m = minutes.unsigned_abs();
                    format!(" UTC{sign}{:02}:{:02}", m / 60, m % 60)
                }
            };
            format!(
                "{}, {:02}:{:02}:{:02}{shift}",
                date_words(&dt.date),
                dt.time.hour,
                dt.time.minute,
                dt.time.second
            )
        }
        Edtf::Interval(interval) => interval_words(&interval.start, &interval.end),
        // Sets are level 2 and refused by `parse_edtf`; show them as written.
        Edtf::Set(_) => edtf.to_string(),
    }
}

fn interval_words(start: &IntervalEndpoint, end: &IntervalEndpoint) -> String {
    match (start, end) {
        (IntervalEndpoint::Date(a), IntervalEndpoint::Date(b)) => date_pair_words(a, b),
        (IntervalEndpoint::Date(a), IntervalEndpoint::Open) => format!("{} onwards", date_words(a)),
        (IntervalEndpoint::Date(a), IntervalEndpoint::Unknown) => {
            format!("from {} (end unknown)", date_words(a))
        }
        (IntervalEndpoint::Open, IntervalEndpoint::Date(b)) => format!("until {}", date_words(b)),
        (IntervalEndpoint::Unknown, IntervalEndpoint::Date(b)) => {
            format!("until {} (start unknown)", date_words(b))
        }
        (a, b) => format!("{} – {}", endpoint_words(a), endpoint_words(b)),
    }
}

fn endpoint_words(endpoint: &IntervalEndpoint) -> String {
    match endpoint {
        IntervalEndpoint::Date(d) => date_words(d),
        IntervalEndpoint::Open => "open".to_owned(),
        IntervalEndpoint::Unknown => "unknown".to_owned(),
        IntervalEndpoint::OnOrBefore(d) => format!("on or before {}", date_words(d)),
        IntervalEndpoint::OnOrAfter(d) => format!("on or after {}", date_words(d)),
    }
}

/// `19–24 December 1966`, `28 November – 24 December 1966`, `1964–2008`.
fn date_pair_words(a: &Date, b: &Date) -> String {
    let plain = |d: &Date| !d.is_uncertain() && !d.is_approximate() && !d.has_unspecified();
    let parts = |d: &Date| (d.year.value(), field(d.month), field(d.day));
    if plain(a) && plain(b) {
        if let ((Some(ya), Some(ma), Some(da)), (Some(yb), Some(mb), Some(db))) =
            (parts(a), parts(b))
            && ya == yb
            && ma <= 12
            && mb <= 12
        {
            let (na, nb) = (month_name(ma), month_name(mb));
            let year = year_value_words(ya);
            return if ma == mb {
                format!("{da}–{db} {na} {year}")
            } else {
                format!("{da} {na} – {db} {nb} {year}")
            };
        }
        if let ((Some(ya), Some(ma), None), (Some(yb), Some(mb), None)) = (parts(a), parts(b))
            && ya == yb
            && ma <= 12
            && mb <= 12
        {
            return format!(
                "{}–{} {}",
                month_name(ma),
                month_name(mb),
                year_value_words(ya)
            );
        }
    }
    let (wa, wb) = (date_words(a), date_words(b));
    if wa.contains(' ') || wb.contains(' ') {
        format!("{wa} – {wb}")
    } else {
        format!("{wa}–{wb}")
    }
}

fn field(f: Option<DateField>) -> Option<u8> {
    f.and_then(DateField::value)
}

fn month_name(month: u8) -> &'static str {
    MONTHS
        .get(usize::from(month).saturating_sub(1))
        .copied()
        .unwrap_or("")
}

/// The season an EDTF month code 21–24 stands for (`Spring`…`Winter`).
pub fn season_name(code: u8) -> Option<&'static str> {
    match code {
        21 => Some("Spring"),
        22 => Some("Summer"),
        23 => Some("Autumn"),
        24 => Some("Winter"),
        _ => None,
    }
}

/// A single date in words, with its qualifiers (`c.` for approximate, `(uncertain)`).
fn date_words(date: &Date) -> String {
    let year = year_words(date);
    let core = match (field(date.month), field(date.day)) {
        (Some(m), Some(d)) if m <= 12 => format!("{d} {} {year}", month_name(m)),
        (Some(m), None) if m <= 12 => format!("{} {year}", month_name(m)),
        (Some(code), None) => match season_name(code) {
            Some(season) => format!("{season} {year}"),
            None => year,
        },
        // Unspecified digits read as `None`: `1985-04-XX` is April 1985, `1985-XX-XX` 1985.
        (Some(_), Some(_)) | (None, _) => year,
    };
    let core = if date.is_approximate() {
        format!("c. {core}")
    } else {
        core
    };
    if date.is_uncertain() {
        format!("{core} (uncertain)")
    } else {
        core
    }
}

fn year_words(date: &Date) -> String {
    match date.year.kind {
        YearKind::Standard { negative, digits } => {
            let unspecified = digits.iter().rev().take_while(|d| d.is_none()).count();
            if unspecified == 0 {
                return date.year.value().map(year_value_words).unwrap_or_default();
            }
            if unspecified == 4 {
                return "unknown year".to_owned();
            }
            // `195X` is the 1950s, `19XX` the 1900s: the known digits followed by zeros.
            let mut value: i64 = 0;
            for d in digits {
                value = value * 10 + i64::from(d.unwrap_or(0));
            }
            if negative {
                // Rare enough that astronomical notation is clearer than a BC decade.
                format!("-{value}s")
            } else {
                format!("{value}s")
            }
        }
        _ => date.year.value().map(year_value_words).unwrap_or_default(),
    }
}

/// Astronomical year numbering (ISO 8601, EDTF): year 0 is 1 BC, -0044 is 45 BC.
fn year_value_words(year: i64) -> String {
    if year <= 0 {
        format!("{} BC", 1 - year)
    } else {
        year.to_string()
    }
}

/// A date as it is printed in sources (`September 17, 1963`, `August 1949`,
/// `17 September 1963`, `1963`) turned into EDTF, when the whole text is such a date.
pub fn edtf_from_words(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let month = |t: &str| month_from_name(t);
    let year =
        |t: &str| (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.to_owned());
    let day = |t: &str| {
        let t = t.trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h']);
        let d: u32 = t.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    };
    let edtf = match tokens.as_slice() {
        [y] => year(y)?,
        [m, y] => format!("{}-{:02}", year(y)?, month(m)?),
        [m, d, y] if month(m).is_some() => format!("{}-{:02}-{:02}", year(y)?, month(m)?, day(d)?),
        [d, m, y] => format!("{}-{:02}-{:02}", year(y)?, month(m)?, day(d)?),
        _ => return None,
    };
    // Only accept what EDTF itself accepts (this rejects `February 30, 1963`).
    ArchivalDate::parse(&edtf).ok().map(|d| d.text)
}

fn month_from_name(token: &str) -> Option<u32> {
    let lower = token.trim_end_matches('.').to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.to_lowercase().starts_with(&lower))
        .map(|i| i as u32 + 1)
}

/// The range of days a free-text display date (`[date not filled in] August 1949`)
/// can mean, from the year, month and day it mentions; `None` when it names no year.
pub fn display_day_range(text: &str) -> Option<DayRange> {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let years: Vec<i64> = tokens
        .iter()
        .filter(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|t| t.parse().ok())
        .collect();
    let (&year, &last_year) = (years.first()?, years.last()?);
    if years.len() > 1 {
        return Some(DayRange {
            earliest: day_number(year, 1, 1),
            latest: day_number(last_year, 12, 31),
        });
    }
    let months: Vec<u32> = tokens.iter().filter_map(|t| month_from_name(t)).collect();
    let Some(&month) = months.first() else {
        return Some(DayRange {
            earliest: day_number(year, 1, 1),
            latest: day_number(year, 12, 31),
        });
    };
    let last_month = months.last().copied().unwrap_or(month);
    let days: Vec<u32> = tokens
        .iter()
        .filter(|t| t.len() <= 2)
        .filter_map(|t| t.parse().ok())
        .filter(|d| (1..=31).contains(d))
        .collect();
    match (days.first(), days.last()) {
        (Some(&d1), Some(&d2)) if months.len() == 1 => Some(DayRange {
            earliest: day_number(year, month, d1.min(d2)),
            latest: day_number(year, month, d1.max(d2)),
        }),
        _ => Some(DayRange {
            earliest: day_number(year, month, 1),
            latest: day_number(year, last_month, days_in_month(year, last_month)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enormous_years_do_not_overflow() {
        // Found by the fuzzer (tests/fuzz_regressions/edtf/).
        let date = ArchivalDate::parse("../Y985555555555555555").unwrap();
        let range = date.day_range().unwrap();
        assert_eq!(range.earliest, i64::MIN);
        assert!(range.latest > day_number(9999, 12, 31));
        let _ = date.words();
        let _ = civil_from_day(i64::MAX);
        let _ = civil_from_day(i64::MIN + 1);
    }

    fn words(s: &str) -> String {
        ArchivalDate::parse(s).unwrap().words()
    }

    fn range(s: &str) -> (String, String) {
        let r = ArchivalDate::parse(s).unwrap().day_range().unwrap();
        let show = |d: i64| match d {
            i64::MIN => "..".to_owned(),
            i64::MAX => "..".to_owned(),
            d => {
                let (y, m, day) = civil_from_day(d);
                format!("{y:04}-{m:02}-{day:02}")
            }
        };
        (show(r.earliest), show(r.latest))
    }

    #[test]
    fn accepts_every_form_archivists_use() {
        for s in [
            "1963-09-17",
            "1963-09",
            "1963",
            "1955?",
            "1950~",
            "2004-06%",
            "195X",
            "1985-04-XX",
            "2001-21",
            "1964/2008",
            "1966-12-19/1966-12-24",
            "1985/..",
            "../1985",
            "1985/",
            "/1985",
            "-0044",
            "Y170000002",
            "1985-04-12T23:20:30Z",
            "1984?/2004-06~",
        ] {
            let d = ArchivalDate::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(d.as_str(), s);
        }
    }

    #[test]
    fn library_of_congress_level_0_and_1_examples() {
        // Examples from the EDTF specification (levels 0 and 1).
        for s in [
            "1985-04-12",
            "1985-04",
            "1985",
            "1985-04-12T23:20:30",
            "1985-04-12T23:20:30Z",
            "1985-04-12T23:20:30-04",
            "1985-04-12T23:20:30+04:30",
            "1964/2008",
            "2004-06/2006-08",
            "2004-02-01/2005-02-08",
            "2004-02-01/2005-02",
            "2004-02-01/2005",
            "2005/2006-02",
            "Y170000002",
            "Y-170000002",
            "2001-21",
            "2001-22",
            "2001-23",
            "2001-24",
            "1984?",
            "2004-06~",
            "2004-06-11%",
            "201X",
            "20XX",
            "2004-XX",
            "1985-04-XX",
            "1985-XX-XX",
            "1985-04-12/..",
            "1985-04/..",
            "1985/..",
            "../1985-04-12",
            "../1985-04",
            "../1985",
            "1985-04-12/",
            "1985/",
            "/1985-04-12",
            "/1985",
            "1984~/2004-06",
            "1984/2004-06~",
            "1984~/2004~",
            "1984?/2004%",
            "1984-06?/2004-08?",
            "1984-06-02?/2004-08-08~",
            "-1985",
        ] {
            assert!(ArchivalDate::parse(s).is_ok(), "{s} should be valid");
        }
    }

    #[test]
    fn rejects_invalid_dates_saying_why() {
        let reason = |s: &str| ArchivalDate::parse(s).unwrap_err().reason;
        assert_eq!(
            reason("1963-02-30"),
            "day 30 does not exist: February 1963 has 28 days"
        );
        assert!(
            reason("1963-13").contains("month \"13\" does not exist"),
            "{}",
            reason("1963-13")
        );
        assert!(
            reason("1963-9-1").contains("two digits"),
            "{}",
            reason("1963-9-1")
        );
        assert!(
            reason("2000/1990").contains("precedes"),
            "{}",
            reason("2000/1990")
        );
        assert!(reason("2004-06~-11").contains("level 2"));
        assert!(reason(" 1963").contains("spaces"));
        assert!(ArchivalDate::parse("").is_err());
        assert!(ArchivalDate::parse("1963-02-29").is_err());
        assert!(ArchivalDate::parse("1964-02-29").is_ok());
        assert!(
            ArchivalDate::parse("2001-25").is_err(),
            "level 2 sub-year codes are refused"
        );
    }

    #[test]
    fn the_full_error_names_the_input() {
        let e = ArchivalDate::parse("1963-02-30").unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"1963-02-30\" is not a valid EDTF date: day 30 does not exist: February 1963 has 28 days"
        );
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(words("1963-09-17"), "17 September 1963");
        assert_eq!(words("1963-09"), "September 1963");
        assert_eq!(words("1963"), "1963");
        assert_eq!(words("1950~"), "c. 1950");
        assert_eq!(words("1955?"), "1955 (uncertain)");
        assert_eq!(words("2004-06%"), "c. June 2004 (uncertain)");
        assert_eq!(words("195X"), "1950s");
        assert_eq!(words("19XX"), "1900s");
        assert_eq!(words("1985-04-XX"), "April 1985");
        assert_eq!(words("2001-21"), "Spring 2001");
        assert_eq!(words("1964/2008"), "1964–2008");
        assert_eq!(words("1966-12-19/1966-12-24"), "19–24 December 1966");
        assert_eq!(
            words("1966-11-28/1966-12-24"),
            "28 November – 24 December 1966"
        );
        assert_eq!(words("1966-09/1966-12"), "September–December 1966");
        assert_eq!(
            words("1966-12-19/1967-01-02"),
            "19 December 1966 – 2 January 1967"
        );
        assert_eq!(words("1985/.."), "1985 onwards");
        assert_eq!(words("../1985"), "until 1985");
        assert_eq!(words("1985/"), "from 1985 (end unknown)");
        assert_eq!(words("/1985"), "until 1985 (start unknown)");
        assert_eq!(words("-0044"), "45 BC");
        assert_eq!(words("0000"), "1 BC");
        assert_eq!(words("1985-04-12T23:20:30Z"), "12 April 1985, 23:20:30 UTC");
        assert_eq!(words("1984~/2004"), "c. 1984 – 2004");
    }

    #[test]
    fn earliest_and_latest_days() {
        assert_eq!(
            range("1963-09-17"),
            ("1963-09-17".into(), "1963-09-17".into())
        );
        assert_eq!(range("1963-09"), ("1963-09-01".into(), "1963-09-30".into()));
        assert_eq!(range("1964-02"), ("1964-02-01".into(), "1964-02-29".into()));
        assert_eq!(range("195X"), ("1950-01-01".into(), "1959-12-31".into()));
        assert_eq!(
            range("1985-04-XX"),
            ("1985-04-01".into(), "1985-04-30".into())
        );
        assert_eq!(
            range("1966-12-19/1966-12-24"),
            ("1966-12-19".into(), "1966-12-24".into())
        );
        assert_eq!(range("1985/.."), ("1985-01-01".into(), "..".into()));
        assert_eq!(range("../1985"), ("..".into(), "1985-12-31".into()));
        assert_eq!(range("1985/"), ("1985-01-01".into(), "..".into()));
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2000, 3, 1), 11_017);
        for d in [-1_000_000, -719_468, -1, 0, 1, 11_016, 11_017, 2_932_896] {
            let (y, m, day) = civil_from_day(d);
            assert_eq!(day_number(y, m, day), d);
        }
    }

    #[test]
    fn source_dates_become_edtf() {
        assert_eq!(
            edtf_from_words("September 17, 1963").as_deref(),
            Some("1963-09-17")
        );
        assert_eq!(
            edtf_from_words("February 01, 1955").as_deref(),
            Some("1955-02-01")
        );
        assert_eq!(edtf_from_words("August 1949").as_deref(), Some("1949-08"));
        assert_eq!(
            edtf_from_words("17 September 1963").as_deref(),
            Some("1963-09-17")
        );
        assert_eq!(edtf_from_words("1963").as_deref(), Some("1963"));
        assert_eq!(edtf_from_words("February 30, 1963"), None);
        assert_eq!(edtf_from_words("Report from Ji Pengfei"), None);
        assert_eq!(edtf_from_words("May 14, 1950"), Some("1950-05-14".into()));
    }

    #[test]
    fn display_ranges() {
        let day = |y, m, d| day_number(y, m, d);
        assert_eq!(
            display_day_range("September 17, 1963"),
            Some(DayRange {
                earliest: day(1963, 9, 17),
                latest: day(1963, 9, 17)
            })
        );
        assert_eq!(
            display_day_range("[date not filled in] August 1949"),
            Some(DayRange {
                earliest: day(1949, 8, 1),
                latest: day(1949, 8, 31)
            })
        );
        assert_eq!(display_day_range("undated"), None);
    }
}
