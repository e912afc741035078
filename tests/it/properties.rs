//! Round trips that must hold for every value: records through RON, dates through
//! EDTF, records through a CSV export and import.
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;

use folio::model::{
    ArchivalDate, Attachment, Credit, CreditRole, Record, RecordId, Status, Text, TextKind,
};
use folio::store::format::{record_from_ron, record_to_ron};

/// Text with the characters that trouble serializers: quotes, `"#`, backslashes,
/// newlines, tabs, carriage returns, and non-Latin scripts.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        Just("\"".to_owned()),
        Just("\"#".to_owned()),
        Just("r#\"".to_owned()),
        Just("\\".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\t".to_owned()),
        Just("\r\n".to_owned()),
        Just("一九五二年".to_owned()),
        Just("Хрущёв".to_owned()),
        Just("שלום".to_owned()),
        Just("[editorial insertion]".to_owned()),
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

fn list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(tricky_text(), 0..4)
}

fn record_id() -> impl Strategy<Value = RecordId> {
    "[a-z0-9][a-z0-9._-]{0,30}".prop_map(|s| RecordId::new(s).unwrap())
}

fn timestamp() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_000_000_000).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

fn date_text() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        (0u32..3000).prop_map(|y| format!("{y:04}")),
        (1u32..3000).prop_map(|y| format!("-{y:04}")),
        (0u32..300).prop_map(|y| format!("{y:03}X")),
        (0u32..30).prop_map(|y| format!("{y:02}XX")),
    ];
    let single = (
        year,
        0u8..5,
        1u32..=12,
        1u32..=28,
        21u32..=24,
        prop_oneof![Just(""), Just("?"), Just("~"), Just("%")],
    )
        .prop_map(|(year, shape, month, day, season, q)| match shape {
            0 => format!("{year}{q}"),
            1 if !year.contains('X') => format!("{year}-{month:02}{q}"),
            2 if !year.contains('X') => format!("{year}-{month:02}-{day:02}{q}"),
            3 if !year.contains('X') => format!("{year}-{season}{q}"),
            _ if !year.contains('X') && !year.starts_with('-') => format!("{year}-{month:02}-XX"),
            _ => year,
        });
    prop_oneof![
        3 => single.clone(),
        // Unspecified digits inside an interval are EDTF level 2.
        1 => (single.clone().prop_filter("level 1", |d| !d.contains('X')), prop_oneof![Just(".."), Just("")])
            .prop_map(|(d, end)| format!("{d}/{end}")),
        1 => (single.prop_filter("level 1", |d| !d.contains('X')), prop_oneof![Just(".."), Just("")])
            .prop_map(|(d, start)| format!("{start}/{d}")),
        1 => (1000u32..2000, 0u32..500).prop_map(|(a, span)| format!("{a}/{}", a + span)),
    ]
}

fn record() -> impl Strategy<Value = Record> {
    let texts = prop::collection::vec(
        (
            prop::sample::select(TextKind::ALL.to_vec()),
            tricky_text(),
            tricky_text(),
        )
            .prop_map(|(kind, language, body)| Text {
                kind,
                language,
                body,
            }),
        0..3,
    );
    let credits = prop::collection::vec(
        (
            prop::sample::select(CreditRole::ALL.to_vec()),
            tricky_text(),
        )
            .prop_map(|(role, name)| Credit { role, name }),
        0..3,
    );
    let attachments = prop::collection::vec(
        ("[a-z]{1,8}/[a-z]{1,8}\\.(png|pdf)", tricky_text())
            .prop_map(|(path, label)| Attachment { path, label }),
        0..2,
    );
    let strings = (
        tricky_text(),
        tricky_text(),
        tricky_text(),
        tricky_text(),
        tricky_text(),
        tricky_text(),
        tricky_text(),
    );
    let lists = (
        list(),
        list(),
        list(),
        list(),
        list(),
        list(),
        list(),
        list(),
        list(),
    );
    let rest = (
        record_id(),
        prop::option::of(prop_oneof![date_text(), tricky_text()]),
        prop::option::of(
            (0i32..3000, 1u32..=12, 1u32..=28)
                .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
        ),
        prop::collection::vec(record_id(), 0..3),
        texts,
        credits,
        attachments,
        prop::sample::select(Status::ALL.to_vec()),
        timestamp(),
    );
    (strings, lists, rest).prop_map(|(s, l, r)| {
        let (id, date, uploaded, related, texts, credits, attachments, status, created) = r;
        let mut record = Record::new(id, s.0);
        record.date = date.map(ArchivalDate::from_stored);
        record.date_display = s.1;
        record.doc_type = s.2;
        record.summary = s.3;
        record.source = s.4;
        record.rights = s.5;
        record.notes = s.6;
        record.authors = l.0;
        record.people = l.1;
        record.places = l.2;
        record.subjects = l.3;
        record.topics = l.4;
        record.languages = l.5;
        record.original_archives = l.6;
        record.funders = l.7;
        record.urls = l.8;
        record.uploaded = uploaded;
        record.related = related;
        record.texts = texts.into();
        record.credits = credits;
        record.attachments = attachments;
        record.status = status;
        record.created = created;
        record
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any record a user could make comes back from a CSV export unchanged: lists
    /// with separators and edge spaces in items, texts with line breaks and quotes,
    /// formula-like values. (Empty list items are dropped, as a spreadsheet's
    /// `a; ; b` means two items, and a text's language is one line.)
    #[test]
    fn any_record_survives_csv_export_and_import(mut record in record()) {
        // What no record may hold (control characters, noncharacters, an invalid
        // date, no title) taken out, so that every case is one a user could make.
        let clean = |s: &mut String| {
            s.retain(|c| {
                let code = u32::from(c);
                (code >= 0x20 || c == '\t' || c == '\n')
                    && !(0xFDD0..=0xFDEF).contains(&code)
                    && code & 0xFFFE != 0xFFFE
            })
        };
        for text in [
            &mut record.title, &mut record.date_display, &mut record.doc_type,
            &mut record.summary, &mut record.source, &mut record.rights, &mut record.notes,
        ] {
            clean(text);
        }
        if record.title.trim().is_empty() {
            record.title.push_str("Title");
        }
        for list in [
            &mut record.authors, &mut record.people, &mut record.places,
            &mut record.subjects, &mut record.topics, &mut record.languages,
            &mut record.original_archives, &mut record.funders, &mut record.urls,
        ] {
            list.iter_mut().for_each(clean);
            list.retain(|item| !item.is_empty());
        }
        for text in record.texts.make_mut().unwrap() {
            clean(&mut text.body);
            clean(&mut text.language);
            text.language = text.language.replace('\n', " ");
        }
        record.credits.iter_mut().for_each(|c| clean(&mut c.name));
        record.attachments.iter_mut().for_each(|a| clean(&mut a.label));
        if record.date.as_ref().is_some_and(|d| d.error().is_some()) {
            record.date = None;
        }
        prop_assert!(folio::model::admit_record(&record).is_ok(), "{:?}", folio::model::admit_record(&record));
        let catalog = folio::store::Catalog::new(folio::store::CatalogSettings::new("p"), [record.clone()]);
        let options = folio::export::csv::CsvOptions {
            columns: std::iter::once(folio::export::csv::Column::Id)
                .chain(folio::model::Field::ALL.into_iter().map(folio::export::csv::Column::Field))
                .collect(),
            bom: false,
            stamp: true,
        };
        let bytes = folio::export::csv::to_csv(&[&record], &options, &Default::default()).unwrap();
        let plan = folio::import::csv::plan(&catalog, &bytes, Default::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(
            &plan.rows[0].outcome,
            &folio::import::csv::RowOutcome::Unchanged,
            "{}", String::from_utf8_lossy(&bytes)
        );
    }

    #[test]
    fn any_record_survives_ron_save_and_load(record in record()) {
        let text = record_to_ron(&record).unwrap();
        let loaded = record_from_ron(&text).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        prop_assert_eq!(&loaded, &record);
        prop_assert_eq!(record_to_ron(&loaded).unwrap(), text, "saving a loaded record is byte-identical");
    }

    #[test]
    fn edtf_parse_and_format_round_trip(text in date_text()) {
        let date = ArchivalDate::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(date.as_str(), text.as_str());
        prop_assert_eq!(date.edtf().unwrap().to_string(), text.clone(), "canonical form is the input");
        let again = ArchivalDate::parse(&date.to_string()).unwrap();
        prop_assert_eq!(&again, &date);
        let range = date.day_range().unwrap();
        prop_assert!(range.earliest <= range.latest);
        prop_assert!(!date.words().is_empty());
    }

    #[test]
    fn any_text_either_parses_or_says_why(text in "\\PC{0,16}") {
        match ArchivalDate::parse(&text) {
            Ok(date) => prop_assert_eq!(date.as_str(), text.as_str()),
            Err(e) => prop_assert!(!e.reason.is_empty()),
        }
    }
}
