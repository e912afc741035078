//! Exports of the sample catalog against golden files, and read back by real readers.
//! Set `UPDATE_GOLDEN=1` to rewrite the golden files after an intended change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use folio::export::{self, ExportOptions, Format};
use folio::model::Record;
use folio::store;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn sample() -> (store::Catalog, PathBuf) {
    let dir = root().join("sample_catalog");
    let (_, catalog) = store::open(&dir).unwrap();
    (catalog, dir)
}

fn check_golden(name: &str, bytes: &[u8]) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, bytes).unwrap();
    }
    let golden = std::fs::read(&path)
        .unwrap_or_else(|_| panic!("{name}: no golden file (run with UPDATE_GOLDEN=1)"));
    assert!(
        golden == bytes,
        "{name} differs from its golden file; run with UPDATE_GOLDEN=1 if intended"
    );
}

#[test]
fn every_format_matches_its_golden_file() {
    let (catalog, _) = sample();
    let records: Vec<&Record> = catalog.records().collect();
    for (format, name) in [
        (Format::Csv, "sample.csv"),
        (Format::Json, "sample.json"),
        (Format::JsonLines, "sample.jsonl"),
        (Format::CslJson, "sample.csl.json"),
        (Format::Bibtex, "sample.bib"),
        (Format::Ris, "sample.ris"),
        (Format::Citation, "sample.citations.txt"),
        (Format::Chicago, "sample.chicago.txt"),
    ] {
        let bytes = export::export(
            format,
            &records,
            catalog.settings(),
            &ExportOptions::default(),
        )
        .unwrap();
        let again = export::export(
            format,
            &records,
            catalog.settings(),
            &ExportOptions::default(),
        )
        .unwrap();
        assert_eq!(bytes, again, "{name}: deterministic");
        check_golden(name, &bytes);
    }
}

#[test]
fn csv_reads_back_to_the_same_values() {
    let (catalog, _) = sample();
    let records: Vec<&Record> = catalog.records().collect();
    let options = ExportOptions::default();
    let bytes = export::export(Format::Csv, &records, catalog.settings(), &options).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), records.len());
    for (row, record) in rows.iter().zip(&records) {
        for (i, column) in options.csv.columns.iter().enumerate() {
            assert_eq!(
                row.get(i).unwrap(),
                export::csv::cell(record, *column),
                "{} {}",
                record.id,
                column.name()
            );
        }
    }
}

#[test]
fn json_lines_and_csl_parse_as_json() {
    let (catalog, _) = sample();
    let records: Vec<&Record> = catalog.records().collect();
    let options = ExportOptions::default();
    let lines = export::export(Format::JsonLines, &records, catalog.settings(), &options).unwrap();
    for line in String::from_utf8(lines).unwrap().lines() {
        let record: Record = serde_json::from_str(line).unwrap();
        assert_eq!(catalog.get(&record.id), Some(&record));
    }
    let csl = export::export(Format::CslJson, &records, catalog.settings(), &options).unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&csl).unwrap();
    assert_eq!(items.len(), records.len());
    assert!(
        items
            .iter()
            .all(|i| i["type"] == "manuscript" && i["title"].is_string())
    );
}

#[test]
fn a_ron_subset_opens_with_exactly_those_records() {
    let (catalog, dir) = sample();
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("subset");
    let chosen: Vec<&Record> = catalog.records().take(3).collect();
    export::subset::write_subset(&dest, &chosen, catalog.settings(), &dir).unwrap();
    let (folder, subset) = store::open(&dest).unwrap();
    assert!(folder.load_errors().is_empty());
    assert_eq!(subset.records().collect::<Vec<_>>(), chosen);
    for record in &chosen {
        assert_eq!(
            std::fs::read(dest.join("records").join(record.id.file_name())).unwrap(),
            std::fs::read(dir.join("records").join(record.id.file_name())).unwrap()
        );
    }
}
