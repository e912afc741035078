//! RIS, read by every reference manager: one `TY  - MANSCPT` entry per record.

use super::Progress;
use crate::model::Record;
use crate::store::CatalogSettings;

/// RIS values are one line each.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push(out: &mut String, tag: &str, value: &str) {
    let value = one_line(value);
    if !value.is_empty() {
        out.push_str(&format!("{tag}  - {value}\r\n"));
    }
}

/// The record's date as RIS says: `DA` as `YYYY/MM/DD/other`, the parts known, and
/// `PY` as `YYYY`; and a note (`N1`) in words where RIS cannot hold the date exactly
/// (a year before 1, an open or closed range, unspecified digits, `?` or `~`).
struct RisDate {
    da: Option<String>,
    py: Option<String>,
    note: Option<String>,
}

fn ris_date(record: &Record) -> Option<RisDate> {
    let archival = record.date.as_ref()?;
    let edtf = archival.edtf()?;
    let endpoint = |e: &edtf_core::IntervalEndpoint| match e {
        edtf_core::IntervalEndpoint::Date(d)
        | edtf_core::IntervalEndpoint::OnOrAfter(d)
        | edtf_core::IntervalEndpoint::OnOrBefore(d) => Some(*d),
        _ => None,
    };
    let (date, exact) = match edtf {
        edtf_core::Edtf::Date(d) => (
            Some(*d),
            !(d.is_approximate() || d.is_uncertain() || d.has_unspecified()),
        ),
        edtf_core::Edtf::DateTime(dt) => (Some(dt.date), true),
        edtf_core::Edtf::Interval(i) => (endpoint(&i.start).or_else(|| endpoint(&i.end)), false),
        edtf_core::Edtf::Set(_) => (None, false),
    };
    // The date as the record prints it where it does (`circa 1950`), else in words.
    let printed = if record.date_display.is_empty() {
        archival.words()
    } else {
        record.date_display.clone()
    };
    let note = Some(format!("Date: {printed} (EDTF {})", archival.as_str()));
    let Some(date) = date else {
        return Some(RisDate {
            da: None,
            py: None,
            note,
        });
    };
    // A year with unspecified digits (`196X`) is given by its first year.
    let year = match date.year.kind {
        edtf_core::YearKind::Standard { negative, digits } => {
            let v = digits
                .iter()
                .fold(0i64, |v, d| v * 10 + i64::from(d.unwrap_or(0)));
            if negative { -v } else { v }
        }
        _ => {
            return Some(RisDate {
                da: None,
                py: None,
                note,
            });
        }
    };
    if year < 1 {
        // RIS has no years before 1 AD.
        return Some(RisDate {
            da: None,
            py: None,
            note,
        });
    }
    let month = date.month.and_then(|m| m.value()).filter(|m| *m <= 12);
    let day = date.day.and_then(|d| d.value()).filter(|_| month.is_some());
    // A season is RIS's "other" part: `1950///Spring`.
    let season = date
        .month
        .and_then(|m| m.value())
        .and_then(crate::model::season_name);
    let other = match season {
        Some(season) if exact => season.to_owned(),
        _ if exact => String::new(),
        _ => one_line(&archival.words()),
    };
    let da = format!(
        "{year:04}/{}/{}/{other}",
        month.map(|m| format!("{m:02}")).unwrap_or_default(),
        day.map(|d| format!("{d:02}")).unwrap_or_default(),
    );
    Some(RisDate {
        da: Some(da),
        py: Some(format!("{year:04}")),
        note: if exact { None } else { note },
    })
}

/// Whether the date as printed says no more than the EDTF date (`DA`) does: it reads
/// back as that date.
fn printed_is_da(record: &Record) -> bool {
    record.date.as_ref().is_some_and(|d| {
        d.is_valid()
            && crate::model::date::edtf_from_words(&record.date_display).as_deref()
                == Some(d.as_str())
    })
}

/// The records as RIS.
pub fn to_ris(
    records: &[&Record],
    settings: &CatalogSettings,
    include_notes: bool,
    progress: &Progress,
) -> Vec<u8> {
    let names = super::names::Names::of(settings);
    let ris_name = |text: &str| names.split(text).inverted();
    let mut out = String::new();
    for record in progress.iter(records) {
        out.push_str("TY  - MANSCPT\r\n");
        push(&mut out, "ID", record.id.as_str());
        push(&mut out, "TI", &record.title);
        for author in &record.authors {
            push(&mut out, "AU", &ris_name(author));
        }
        for credit in &record.credits {
            if credit.role == crate::model::CreditRole::Translated {
                push(&mut out, "A4", &ris_name(&credit.name));
            }
        }
        let date = ris_date(record);
        if let Some(date) = &date {
            push(&mut out, "DA", date.da.as_deref().unwrap_or_default());
            push(&mut out, "PY", date.py.as_deref().unwrap_or_default());
        }
        // The document's type (`Telegram`): RIS's type of work, Zotero's Type.
        push(&mut out, "M3", &record.doc_type);
        push(&mut out, "AB", &record.summary);
        // The archive (`DB`, Zotero's Archive) and the call number (`AN`, Zotero's
        // Loc. in Archive; rispy's accession number), as Zotero and rispy read them;
        // the credits the source states (translators are `A4` already) as a note.
        push(
            &mut out,
            "DB",
            super::citation::archive_name(record, settings),
        );
        let (call_number, credits) = crate::import::credits::split_source(&record.source);
        push(&mut out, "AN", &call_number);
        push(&mut out, "N1", &credits);
        for archive in &record.original_archives {
            push(&mut out, "N1", &format!("Original archive: {archive}"));
        }
        // The date in words where RIS cannot hold it, once; else the date as printed
        // where it says more than `DA` (`17 September 1963 (received the 19th)`),
        // or where the record has no date RIS reads.
        match date.and_then(|d| d.note) {
            Some(note) => push(&mut out, "N1", &note),
            None if !record.date_display.is_empty() && !printed_is_da(record) => {
                push(&mut out, "N1", &format!("Date: {}", record.date_display));
            }
            None => {}
        }
        for language in &record.languages {
            push(&mut out, "LA", language);
        }
        for keyword in record
            .subjects
            .iter()
            .chain(&record.people)
            .chain(&record.places)
        {
            push(&mut out, "KW", keyword);
        }
        for url in &record.urls {
            push(&mut out, "UR", url);
        }
        if include_notes {
            push(&mut out, "N1", &record.notes);
        }
        out.push_str("ER  - \r\n\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArchivalDate, RecordId};

    #[test]
    fn one_entry_per_record_with_one_line_values() {
        let mut r = Record::new(RecordId::new("a").unwrap(), "Title\nwith a break");
        r.date = Some(ArchivalDate::parse("1963-09").unwrap());
        r.authors = vec!["Kim Il Sung".into()];
        let text = String::from_utf8(to_ris(
            &[&r, &r],
            &CatalogSettings::new("x"),
            false,
            &Progress::default(),
        ))
        .unwrap();
        assert!(text.starts_with("TY  - MANSCPT\r\nID  - a\r\nTI  - Title with a break\r\nAU  - Kim, Il Sung\r\nDA  - 1963/09//\r\nPY  - 1963\r\n"));
        assert_eq!(text.matches("ER  - ").count(), 2);
    }

    fn ris_of(r: &Record) -> String {
        String::from_utf8(to_ris(
            &[r],
            &CatalogSettings::new("x"),
            false,
            &Progress::default(),
        ))
        .unwrap()
    }

    fn dates_of(date: &str) -> String {
        let mut r = Record::new(RecordId::new("a").unwrap(), "T");
        r.date = Some(ArchivalDate::parse(date).unwrap());
        let text = ris_of(&r);
        text.lines()
            .filter(|l| l.starts_with("DA") || l.starts_with("PY") || l.starts_with("N1"))
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn dates_as_the_ris_spec_says_with_a_note_where_it_cannot() {
        assert_eq!(dates_of("1963-09-17"), "DA  - 1963/09/17/|PY  - 1963");
        let bc = dates_of("-0044");
        assert!(
            bc.starts_with("N1  - Date: ") && bc.contains("(EDTF -0044)"),
            "{bc}"
        );
        assert!(!bc.contains("DA"), "{bc}");
        let decade = dates_of("196X");
        assert!(
            decade.starts_with("DA  - 1960///") && decade.contains("PY  - 1960"),
            "{decade}"
        );
        assert!(decade.contains("(EDTF 196X)"), "{decade}");
        let open = dates_of("../1985");
        assert!(
            open.starts_with("DA  - 1985///") && open.contains("PY  - 1985"),
            "{open}"
        );
        let from = dates_of("/1963");
        assert!(from.starts_with("DA  - 1963///"), "{from}");
    }

    #[test]
    fn seasons_types_and_one_note_for_the_date() {
        assert_eq!(dates_of("1950-21"), "DA  - 1950///Spring|PY  - 1950");
        let mut r = Record::new(RecordId::new("a").unwrap(), "T");
        r.date = Some(ArchivalDate::parse("1950~").unwrap());
        r.date_display = "circa 1950".into();
        r.doc_type = "Telegram".into();
        let text = ris_of(&r);
        let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("N1")).collect();
        assert_eq!(notes, ["N1  - Date: circa 1950 (EDTF 1950~)"], "{text}");
        assert!(text.contains("M3  - Telegram\r\n"), "{text}");
        r.authors = vec![
            "Lee H. Hamilton".into(),
            "Kim Christiaens".into(),
            "Zhou Enlai".into(),
        ];
        let text = ris_of(&r);
        assert!(
            text.contains(
                "AU  - Hamilton, Lee H.\r\nAU  - Christiaens, Kim\r\nAU  - Zhou, Enlai\r\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_printed_date_that_says_more_is_kept() {
        let mut r = Record::new(RecordId::new("a").unwrap(), "T");
        r.date = Some(ArchivalDate::parse("1963-09-17").unwrap());
        r.date_display = "September 17, 1963".into();
        assert!(!ris_of(&r).contains("N1"), "{}", ris_of(&r));
        r.date_display = "17 September 1963 (received the 19th)".into();
        assert!(
            ris_of(&r).contains("N1  - Date: 17 September 1963 (received the 19th)\r\n"),
            "{}",
            ris_of(&r)
        );
        r.date = Some(ArchivalDate::from_stored("1963-13-45".into()));
        r.date_display = "Autumn 1963?".into();
        assert!(
            ris_of(&r).contains("N1  - Date: Autumn 1963?\r\n"),
            "{}",
            ris_of(&r)
        );
    }

    #[test]
    fn the_source_is_where_zotero_and_rispy_read_it() {
        let mut r = Record::new(RecordId::new("a").unwrap(), "T");
        r.source = "APRF, fond 45, opis 1, delo 335, list 3".into();
        let text = ris_of(&r);
        assert!(
            text.contains("AN  - APRF, fond 45, opis 1, delo 335, list 3\r\n"),
            "the call number, without the final full stop: {text}"
        );
        r.source = "PRC FMA 106-01403-02, 35. Translated by Jeffrey Wang and Charles Kraus.".into();
        let text = ris_of(&r);
        assert!(
            text.contains("AN  - PRC FMA 106-01403-02, 35\r\nN1  - Translated by Jeffrey Wang and Charles Kraus.\r\n"),
            "{text}"
        );
        assert!(
            !text.contains("AV  - "),
            "AV is a tag rispy does not know: {text}"
        );
    }
}
