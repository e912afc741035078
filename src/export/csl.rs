//! CSL-JSON, the input of Zotero and every citation processor (schema v1.0.2).

use edtf_core::{Edtf, IntervalEndpoint};
use serde_json::{Map, Value, json};

use super::Progress;
use super::names::{Name, Names};
use crate::model::{CreditRole, Record};
use crate::store::CatalogSettings;

/// A name as CSL wants it: a person's family and given names (see
/// [`Names::split`]); a family-first name (`Zhou Enlai`) and an institution's name
/// whole, as `literal`. Processors print a literal as it is and sort it by its first
/// word: pandoc and citeproc-py ignore `static-ordering`, and print `family` and
/// `given` given-name first ("Enlai Zhou").
fn name(names: &Names<'_>, text: &str) -> Value {
    match names.split(text) {
        Name::Person { family, given } => json!({ "family": family, "given": given }),
        Name::FamilyFirst { .. } => json!({ "literal": text.trim() }),
        Name::Literal(text) => json!({ "literal": text }),
    }
}

/// The document's type as CSL's `genre`, which notes print as it is after the title:
/// a type written in title case in lower case (`memorandum of conversation`), a word
/// in capitals kept (`TASS report`).
fn genre(doc_type: &str) -> String {
    let title_case = |word: &str| {
        let mut chars = word.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
    };
    doc_type
        .split_whitespace()
        .map(|word| {
            if title_case(word) {
                word.to_lowercase()
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A date's CSL `date-parts` (year, month, day as far as known) and its season.
/// CSL counts years before 1 as BC years (-44 is 44 BC) where EDTF counts year 0
/// (`0000` is 1 BC, `-0044` is 45 BC); a year with unspecified digits (`196X`)
/// gives its first year (the caller marks it circa).
fn date_parts(date: &edtf_core::Date) -> Option<(Value, Option<u8>)> {
    let year = match date.year.value() {
        Some(year) => year,
        None => match date.year.kind {
            edtf_core::YearKind::Standard { negative, digits } => {
                let first = digits
                    .iter()
                    .fold(0i64, |v, d| v * 10 + i64::from(d.unwrap_or(0)));
                if negative { -first } else { first }
            }
            _ => return None,
        },
    };
    let year = if year <= 0 { year - 1 } else { year };
    let mut parts = vec![Value::from(year)];
    let mut season = None;
    match date.month.and_then(|m| m.value()) {
        Some(month @ 1..=12) => {
            parts.push(Value::from(month));
            if let Some(day) = date.day.and_then(|d| d.value()) {
                parts.push(Value::from(day));
            }
        }
        // EDTF seasons 21–24 (spring… winter) are CSL's seasons 1–4.
        Some(code @ 21..=24) => season = Some(code - 20),
        _ => {}
    }
    Some((Value::Array(parts), season))
}

/// `issued`: `date-parts` (two for a closed range), `circa` for an approximate or
/// uncertain date or a year with unspecified digits, `season` for a season; a date
/// CSL cannot hold (an open range, a set of dates) as `literal` words. The date as
/// printed is not given as `raw`: processors prefer it to the parts and print it as
/// they parse it.
fn issued(record: &Record) -> Option<Value> {
    let date = record.date.as_ref()?;
    let edtf = date.edtf()?;
    let circa_of =
        |d: &edtf_core::Date| d.is_approximate() || d.is_uncertain() || d.year.has_unspecified();
    let literal = || Some(json!({ "literal": date.words() }));
    let (parts, circa, season) = match edtf {
        // A decade or century (`196X`) is printed as one ("1960s"): the parts would
        // print "[1960?]", "probably 1960".
        Edtf::Date(d) if d.year.has_unspecified() && d.month.is_none() => return literal(),
        // So is an approximate year ("c. 1950", as the archive's citation says): the
        // parts with `circa` print "[1950?]", a guess rather than an approximation.
        Edtf::Date(d) if d.is_approximate() && !d.is_uncertain() && d.month.is_none() => {
            return literal();
        }
        Edtf::Date(d) => {
            let (parts, season) = date_parts(d)?;
            (vec![parts], circa_of(d), season)
        }
        Edtf::DateTime(dt) => {
            let (parts, _) = date_parts(&dt.date)?;
            (vec![parts], false, None)
        }
        Edtf::Interval(interval) => {
            let end = |e: &IntervalEndpoint| match e {
                IntervalEndpoint::Date(d) => Some(*d),
                _ => None,
            };
            let (Some(start), Some(finish)) = (end(&interval.start), end(&interval.end)) else {
                return literal();
            };
            let (Some((a, _)), Some((b, _))) = (date_parts(&start), date_parts(&finish)) else {
                return literal();
            };
            (vec![a, b], circa_of(&start) || circa_of(&finish), None)
        }
        Edtf::Set(_) => return literal(),
    };
    let mut value = Map::new();
    value.insert("date-parts".into(), Value::Array(parts));
    if circa {
        value.insert("circa".into(), Value::Bool(true));
    }
    if let Some(season) = season {
        value.insert("season".into(), Value::from(season));
    }
    Some(Value::Object(value))
}

/// One record as a CSL-JSON item.
///
/// A document has authors only where the record names them. Translators are
/// `translator` names beside authors; a document without an author carries them in
/// `genre` instead ("telegram, translated by Jeffrey Wang and Charles Kraus"): the
/// Chicago styles put a translator in place of a missing author, so that the
/// citation would lead with the translators and the bibliography file the document
/// under them. The source's credit sentences are the `note` (which the styles do not
/// print); the
/// call number is `archive_location`, without the source's credit sentences and
/// final full stop (which processors would double).
pub fn item(record: &Record, settings: &CatalogSettings, include_notes: bool) -> Value {
    item_named(record, settings, &Names::of(settings), include_notes)
}

/// [`item`] with the catalog's settled names looked up once for a whole export.
fn item_named(
    record: &Record,
    settings: &CatalogSettings,
    names: &Names<'_>,
    include_notes: bool,
) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), Value::from(record.id.to_string()));
    item.insert("type".into(), Value::from("manuscript"));
    item.insert("title".into(), Value::from(record.title.clone()));
    if let Some(issued) = issued(record) {
        item.insert("issued".into(), issued);
    }
    let list = |role: CreditRole| -> Vec<&str> {
        record
            .credits
            .iter()
            .filter(|c| c.role == role && !c.name.trim().is_empty())
            .map(|c| c.name.as_str())
            .collect()
    };
    let translators = list(CreditRole::Translated);
    let editors = list(CreditRole::Edited);
    let mut genre_text = genre(&record.doc_type);
    if record.authors.is_empty() {
        let mut credits = Vec::new();
        if !translators.is_empty() {
            credits.push(format!(
                "translated by {}",
                super::citation::and_list(&translators)
            ));
        }
        if !editors.is_empty() {
            credits.push(format!("edited by {}", super::citation::and_list(&editors)));
        }
        if !credits.is_empty() {
            if !genre_text.is_empty() {
                genre_text.push_str(", ");
            }
            genre_text.push_str(&credits.join(", "));
        }
    } else {
        item.insert(
            "author".into(),
            record.authors.iter().map(|a| name(names, a)).collect(),
        );
        if !translators.is_empty() {
            item.insert(
                "translator".into(),
                translators.iter().map(|t| name(names, t)).collect(),
            );
        }
        if !editors.is_empty() {
            item.insert(
                "editor".into(),
                editors.iter().map(|e| name(names, e)).collect(),
            );
        }
    }
    let archive = super::citation::archive_name(record, settings)
        .trim()
        .trim_end_matches('.')
        .to_owned();
    let call_number = crate::import::credits::without_credits(&record.source);
    let mut note =
        super::citation::credits_text(record, &[CreditRole::Translated, CreditRole::Edited]);
    if include_notes && !record.notes.trim().is_empty() {
        if !note.is_empty() {
            note.push_str("\n\n");
        }
        note.push_str(record.notes.trim());
    }
    let mut insert_text = |key: &str, value: &str| {
        if !value.is_empty() {
            item.insert(key.into(), Value::from(value));
        }
    };
    insert_text("genre", &genre_text);
    insert_text("archive", &archive);
    insert_text("archive_location", &call_number);
    insert_text("abstract", &record.summary);
    insert_text("language", &record.languages.join(", "));
    insert_text("URL", record.urls.first().map(String::as_str).unwrap_or(""));
    insert_text("note", &note);
    Value::Object(item)
}

/// The records as a CSL-JSON array.
pub fn to_csl_json(
    records: &[&Record],
    settings: &CatalogSettings,
    include_notes: bool,
    progress: &Progress,
) -> Vec<u8> {
    let names = Names::of(settings);
    let items: Vec<Value> = progress
        .iter(records)
        .map(|r| item_named(r, settings, &names, include_notes))
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&items).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArchivalDate, Credit, RecordId};

    fn record(date: &str) -> Record {
        let mut r = Record::new(RecordId::new("a").unwrap(), "Title");
        r.date = Some(ArchivalDate::parse(date).unwrap());
        r
    }

    #[test]
    fn dates_become_date_parts() {
        let settings = CatalogSettings::new("x");
        let issued = |d: &str| item(&record(d), &settings, false)["issued"].clone();
        assert_eq!(issued("1963-09-17"), json!({"date-parts": [[1963, 9, 17]]}));
        assert_eq!(issued("1950~"), json!({"literal": "c. 1950"}));
        assert_eq!(
            issued("1950?"),
            json!({"date-parts": [[1950]], "circa": true})
        );
        assert_eq!(
            issued("1966-12-19/1966-12-24"),
            json!({"date-parts": [[1966, 12, 19], [1966, 12, 24]]})
        );
        assert_eq!(
            issued("2001-21"),
            json!({"date-parts": [[2001]], "season": 1})
        );
        // The date as printed is never given as `raw` (pandoc would print it parsed
        // its own way: "September 01, 1975").
        let mut printed = record("1975-09-01");
        printed.date_display = "1 September 1975".into();
        assert_eq!(
            item(&printed, &settings, false)["issued"],
            json!({"date-parts": [[1975, 9, 1]]})
        );
        assert_eq!(issued("196X"), json!({"literal": "1960s"}));
        assert_eq!(issued("0000"), json!({"date-parts": [[-1]]}), "1 BC");
        assert_eq!(issued("-0044"), json!({"date-parts": [[-45]]}), "45 BC");
        assert_eq!(issued("1985-04-XX"), json!({"date-parts": [[1985, 4]]}));
        assert!(
            issued("../1985")["literal"]
                .as_str()
                .unwrap()
                .contains("1985")
        );
        assert!(
            issued("1963-09-17/..")["literal"]
                .as_str()
                .unwrap()
                .contains("1963")
        );
    }

    #[test]
    fn names_and_roles() {
        let mut r = record("1963");
        r.authors = vec!["Satō, Eisaku".into(), "Ministry of Foreign Affairs".into()];
        r.credits = vec![Credit {
            role: CreditRole::Translated,
            name: "Jeffrey Wang".into(),
        }];
        r.notes = "internal".into();
        let settings = CatalogSettings::new("x");
        let v = item(&r, &settings, false);
        assert_eq!(
            v["author"],
            json!([{"family": "Satō", "given": "Eisaku"}, {"literal": "Ministry of Foreign Affairs"}])
        );
        assert_eq!(
            v["translator"],
            json!([{"family": "Wang", "given": "Jeffrey"}])
        );
        assert!(v.get("note").is_none(), "internal notes only when asked");
        assert_eq!(item(&r, &settings, true)["note"], "internal");
        r.authors = vec!["Zhou Enlai".into(), "Lee H. Hamilton".into()];
        assert_eq!(
            item(&r, &settings, false)["author"],
            json!([{"literal": "Zhou Enlai"}, {"family": "Hamilton", "given": "Lee H."}])
        );
    }

    #[test]
    fn genres_in_lower_case_but_acronyms() {
        assert_eq!(
            genre("Memorandum of Conversation"),
            "memorandum of conversation"
        );
        assert_eq!(genre("TASS Report"), "TASS report");
        assert_eq!(genre("telegram"), "telegram");
    }

    #[test]
    fn a_document_without_an_author_is_not_filed_under_its_translators() {
        let mut r = record("1963-09-17");
        r.doc_type = "Telegram".into();
        r.source = "PRC FMA 203-00566-02, 137-138. Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus.".into();
        r.credits = crate::import::credits::parse_credits(&r.source);
        let v = item(&r, &CatalogSettings::new("x"), false);
        assert!(
            v.get("author").is_none() && v.get("translator").is_none(),
            "{v}"
        );
        assert_eq!(
            v["genre"],
            "telegram, translated by Jeffrey Wang and Charles Kraus"
        );
        assert_eq!(v["archive_location"], "PRC FMA 203-00566-02, 137-138");
        assert_eq!(
            v["note"],
            "Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus."
        );
    }
}
