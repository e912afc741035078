//! JSON: an array of records with the canonical field names, as in the record files,
//! each with the stamp of what it was when exported (`export_stamp`), so that
//! importing the file again never reverts a record changed in the catalog since.

use serde::Serialize;

use crate::model::Record;

/// A record as exported: its fields, then its content stamp.
#[derive(Serialize)]
struct Exported<'a> {
    #[serde(flatten)]
    record: &'a Record,
    export_stamp: String,
}

impl<'a> Exported<'a> {
    fn of(record: &'a Record) -> Self {
        Exported {
            record,
            export_stamp: record.content_stamp(),
        }
    }
}

/// The records as a pretty-printed JSON array, ending with a newline.
pub fn to_json<'a>(records: impl IntoIterator<Item = &'a Record>) -> Vec<u8> {
    let records: Vec<Exported> = records.into_iter().map(Exported::of).collect();
    // Records hold only strings, lists and plain structs: serializing cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&records).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// JSON Lines: one record per line, each a compact JSON object.
pub fn to_json_lines<'a>(records: impl IntoIterator<Item = &'a Record>) -> Vec<u8> {
    let mut bytes = Vec::new();
    for record in records {
        // As above: cannot fail for these types.
        if let Ok(line) = serde_json::to_vec(&Exported::of(record)) {
            bytes.extend_from_slice(&line);
            bytes.push(b'\n');
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_json;
    use crate::model::{ArchivalDate, RecordId};

    #[test]
    fn json_round_trips_through_the_importer() {
        let mut r = Record::new(
            RecordId::new("a").unwrap(),
            "Title with \"quotes\" and 一九五二年",
        );
        r.date = Some(ArchivalDate::parse("1955?").unwrap());
        r.people = vec!["Kim Il Sung".into()];
        let json = to_json([&r]);
        let text = String::from_utf8(json.clone()).unwrap();
        assert!(text.contains("\"date\": \"1955?\""), "{text}");
        assert!(!text.contains("\"summary\""), "empty fields are left out");
        let back = parse_json(&json).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].record, r);
        assert_eq!(back[0].export_stamp, Some(r.content_stamp()));
        let lines = to_json_lines([&r, &r]);
        let text = String::from_utf8(lines).unwrap();
        assert_eq!(text.lines().count(), 2);
        let back: crate::import::ExportedRecord =
            serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(back.record, r);
    }
}
