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

/// RIS date `YYYY/MM/DD/`, with the parts the record's date has.
fn ris_date(record: &Record) -> Option<(String, i64)> {
    let edtf = record.date.as_ref()?.edtf()?;
    let date = match edtf {
        edtf_core::Edtf::Date(d) => *d,
        edtf_core::Edtf::DateTime(dt) => dt.date,
        edtf_core::Edtf::Interval(i) => match i.start {
            edtf_core::IntervalEndpoint::Date(d) => d,
            _ => return None,
        },
        edtf_core::Edtf::Set(_) => return None,
    };
    let year = date.year.value()?;
    let month = date.month.and_then(|m| m.value()).filter(|m| *m <= 12);
    let day = date.day.and_then(|d| d.value());
    let text = match (month, day) {
        (Some(m), Some(d)) => format!("{year:04}/{m:02}/{d:02}/"),
        (Some(m), None) => format!("{year:04}/{m:02}//"),
        _ => format!("{year:04}///"),
    };
    Some((text, year))
}

/// The records as RIS.
pub fn to_ris(
    records: &[&Record],
    settings: &CatalogSettings,
    include_notes: bool,
    progress: &Progress,
) -> Vec<u8> {
    let mut out = String::new();
    for record in progress.iter(records) {
        out.push_str("TY  - MANSCPT\r\n");
        push(&mut out, "ID", record.id.as_str());
        push(&mut out, "TI", &record.title);
        for author in &record.authors {
            push(&mut out, "AU", author);
        }
        for credit in &record.credits {
            if credit.role == crate::model::CreditRole::Translated {
                push(&mut out, "A4", &credit.name);
            }
        }
        if let Some((date, year)) = ris_date(record) {
            push(&mut out, "DA", &date);
            push(&mut out, "PY", &year.to_string());
        }
        push(&mut out, "AB", &record.summary);
        push(&mut out, "AV", &record.source);
        push(&mut out, "DB", &settings.archive_name);
        for archive in &record.original_archives {
            push(&mut out, "AN", archive);
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
        push(&mut out, "N1", &record.date_display);
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
        assert!(text.starts_with("TY  - MANSCPT\r\nID  - a\r\nTI  - Title with a break\r\nAU  - Kim Il Sung\r\nDA  - 1963/09//\r\nPY  - 1963\r\n"));
        assert_eq!(text.matches("ER  - ").count(), 2);
    }
}
