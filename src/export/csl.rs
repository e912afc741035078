//! CSL-JSON, the input of Zotero and every citation processor (schema v1.0.2).

use edtf_core::{Edtf, IntervalEndpoint};
use serde_json::{Map, Value, json};

use super::Progress;
use crate::model::{CreditRole, Record};
use crate::store::CatalogSettings;

/// A name as CSL wants it: `Family, Given` becomes family and given; anything else
/// (an organization, a name in another order) stays literal.
fn name(text: &str) -> Value {
    match text.split_once(", ") {
        Some((family, given))
            if !family.is_empty() && !given.is_empty() && !given.contains(',') =>
        {
            json!({ "family": family, "given": given })
        }
        _ => json!({ "literal": text }),
    }
}

fn date_parts(date: &edtf_core::Date) -> Option<Value> {
    let year = date.year.value()?;
    let mut parts = vec![Value::from(year)];
    if let Some(month) = date.month.and_then(|m| m.value()).filter(|m| *m <= 12) {
        parts.push(Value::from(month));
        if let Some(day) = date.day.and_then(|d| d.value()) {
            parts.push(Value::from(day));
        }
    }
    Some(Value::Array(parts))
}

/// `issued`: date-parts (two for a range), `circa` for an approximate or uncertain date.
fn issued(record: &Record) -> Option<Value> {
    let date = record.date.as_ref()?;
    let edtf = date.edtf()?;
    let (parts, circa) = match edtf {
        Edtf::Date(d) => (
            vec![date_parts(d)?],
            d.is_approximate() || d.is_uncertain() || d.has_unspecified(),
        ),
        Edtf::DateTime(dt) => (vec![date_parts(&dt.date)?], false),
        Edtf::Interval(interval) => {
            let ends: Vec<&edtf_core::Date> = [&interval.start, &interval.end]
                .into_iter()
                .filter_map(|e| match e {
                    IntervalEndpoint::Date(d)
                    | IntervalEndpoint::OnOrAfter(d)
                    | IntervalEndpoint::OnOrBefore(d) => Some(d),
                    _ => None,
                })
                .collect();
            let circa = ends.iter().any(|d| d.is_approximate() || d.is_uncertain());
            (ends.into_iter().filter_map(date_parts).collect(), circa)
        }
        Edtf::Set(_) => return None,
    };
    if parts.is_empty() {
        return None;
    }
    let mut value = Map::new();
    value.insert("date-parts".into(), Value::Array(parts));
    if circa {
        value.insert("circa".into(), Value::Bool(true));
    }
    if !record.date_display.is_empty() {
        value.insert("raw".into(), Value::from(record.date_display.clone()));
    }
    Some(Value::Object(value))
}

/// One record as a CSL-JSON item.
pub fn item(record: &Record, settings: &CatalogSettings, include_notes: bool) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), Value::from(record.id.to_string()));
    item.insert("type".into(), Value::from("manuscript"));
    item.insert("title".into(), Value::from(record.title.clone()));
    if let Some(issued) = issued(record) {
        item.insert("issued".into(), issued);
    }
    if !record.authors.is_empty() {
        item.insert(
            "author".into(),
            record.authors.iter().map(|a| name(a)).collect(),
        );
    }
    let translators: Vec<Value> = record
        .credits
        .iter()
        .filter(|c| c.role == CreditRole::Translated)
        .map(|c| name(&c.name))
        .collect();
    if !translators.is_empty() {
        item.insert("translator".into(), Value::Array(translators));
    }
    let editors: Vec<Value> = record
        .credits
        .iter()
        .filter(|c| c.role == CreditRole::Edited)
        .map(|c| name(&c.name))
        .collect();
    if !editors.is_empty() {
        item.insert("editor".into(), Value::Array(editors));
    }
    let archive = if settings.archive_name.is_empty() {
        record
            .original_archives
            .first()
            .cloned()
            .unwrap_or_default()
    } else {
        settings.archive_name.clone()
    };
    let mut insert_text = |key: &str, value: &str| {
        if !value.is_empty() {
            item.insert(key.into(), Value::from(value));
        }
    };
    insert_text("archive", &archive);
    insert_text("archive_location", &record.source);
    insert_text("abstract", &record.summary);
    insert_text("genre", &record.doc_type);
    insert_text("language", &record.languages.join(", "));
    insert_text("URL", record.urls.first().map(String::as_str).unwrap_or(""));
    if include_notes {
        insert_text("note", &record.notes);
    }
    Value::Object(item)
}

/// The records as a CSL-JSON array.
pub fn to_csl_json(
    records: &[&Record],
    settings: &CatalogSettings,
    include_notes: bool,
    progress: &Progress,
) -> Vec<u8> {
    let items: Vec<Value> = progress
        .iter(records)
        .map(|r| item(r, settings, include_notes))
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
        assert_eq!(
            issued("1950~"),
            json!({"date-parts": [[1950]], "circa": true})
        );
        assert_eq!(
            issued("1966-12-19/1966-12-24"),
            json!({"date-parts": [[1966, 12, 19], [1966, 12, 24]]})
        );
        assert_eq!(issued("2001-21"), json!({"date-parts": [[2001]]}));
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
        assert_eq!(v["translator"], json!([{"literal": "Jeffrey Wang"}]));
        assert!(v.get("note").is_none(), "internal notes only when asked");
        assert_eq!(item(&r, &settings, true)["note"], "internal");
    }
}
