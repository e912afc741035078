//! Bulk corrections on the seeded synthetic catalog: a find and replace over 100,000
//! records (the preview's plan, then applying it as one edit), a 10,000-row
//! spreadsheet (CSV and xlsx) planned and applied, and saving a change to 10,000
//! records all or nothing (under an intent) beside writing the same files one by one.
//!
//! Run with `cargo bench --bench bulk`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;

use folio::bulk::{BulkChange, FindOptions, Finder};
use folio::export::csv::{Column, CsvOptions};
use folio::export::{Progress, csv::to_csv};
use folio::import::csv::{CsvImportOptions, plan, plan_file};
use folio::model::{Field, Record, RecordId};
use folio::store::{self, Catalog};

const SEED: u64 = 42;
const RECORDS: usize = 100_000;
const ROWS: usize = 10_000;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let dir = folio::synth::bench_corpus(RECORDS, SEED).unwrap();
        store::open(&dir).unwrap().1
    })
}

/// 10,000 records, each one's `date_display` corrected (a colleague's spreadsheet
/// of fixed dates), with every column and no stamps (every row differs from its
/// record on purpose).
fn corrected() -> (Vec<Record>, CsvOptions) {
    let mut records: Vec<Record> = catalog().records().take(ROWS).cloned().collect();
    for record in &mut records {
        record.date_display.push_str(" (corrected)");
    }
    let options = CsvOptions {
        columns: std::iter::once(Column::Id)
            .chain(Field::ALL.into_iter().map(Column::Field))
            .collect(),
        bom: true,
        stamp: false,
    };
    (records, options)
}

/// The corrections as a CSV file: 10,000 updates.
fn spreadsheet() -> &'static Vec<u8> {
    static CSV: OnceLock<Vec<u8>> = OnceLock::new();
    CSV.get_or_init(|| {
        let (records, options) = corrected();
        let refs: Vec<&Record> = records.iter().collect();
        to_csv(&refs, &options, &Progress::default()).unwrap()
    })
}

/// The same corrections as an xlsx workbook, every cell text.
fn workbook() -> &'static Vec<u8> {
    static XLSX: OnceLock<Vec<u8>> = OnceLock::new();
    XLSX.get_or_init(|| {
        let (records, options) = corrected();
        let refs: Vec<&Record> = records.iter().collect();
        folio::export::xlsx::to_xlsx(&refs, &options, &Progress::default()).unwrap()
    })
}

fn main() {
    catalog();
    spreadsheet();
    workbook();
    divan::main();
}

fn replace(field: Option<Field>) -> BulkChange {
    BulkChange::Replace {
        field,
        finder: Finder::new("Kim Il Sung", FindOptions::default()).unwrap(),
        replacement: "Kim Il-sung".to_owned(),
    }
}

fn ids() -> Vec<RecordId> {
    catalog().records().map(|r| r.id.clone()).collect()
}

/// The preview of a replace in one list field over every record.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn replace_in_people_plan_100k(bencher: divan::Bencher) {
    let ids = ids();
    let change = replace(Some(Field::People));
    bencher.bench(|| change.plan(catalog(), &ids).unwrap());
}

/// The preview of a replace in every text field (texts included) over every record.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn replace_everywhere_plan_100k(bencher: divan::Bencher) {
    let ids = ids();
    let change = replace(None);
    bencher.bench(|| change.plan(catalog(), &ids).unwrap());
}

/// Applying the replace in people as one edit (the records that hold the name).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn replace_in_people_apply_100k(bencher: divan::Bencher) {
    let plan = replace(Some(Field::People))
        .plan(catalog(), &ids())
        .unwrap();
    bencher
        .with_inputs(|| (catalog().clone(), plan.edit().unwrap()))
        .bench_values(|(mut catalog, edit)| catalog.apply(edit).unwrap());
}

/// Reading and planning a 10,000-row spreadsheet of every field.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn csv_plan_10k_rows(bencher: divan::Bencher) {
    bencher.bench(|| plan(catalog(), spreadsheet(), CsvImportOptions::default()).unwrap());
}

/// Applying the 10,000 updates of the spreadsheet as one edit.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn csv_apply_10k_rows(bencher: divan::Bencher) {
    let planned = plan(catalog(), spreadsheet(), CsvImportOptions::default()).unwrap();
    assert_eq!(planned.updated(), ROWS);
    bencher
        .with_inputs(|| (catalog().clone(), planned.edit().unwrap()))
        .bench_values(|(mut catalog, edit)| catalog.apply(edit).unwrap());
}

/// Reading and planning the same 10,000 rows from an xlsx workbook.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn xlsx_plan_10k_rows(bencher: divan::Bencher) {
    let path = std::path::Path::new("corrections.xlsx");
    bencher.bench(|| plan_file(catalog(), path, workbook(), CsvImportOptions::default()).unwrap());
}

/// A catalog of 10,000 records on disk, opened for writing, to save changes to.
fn saving_catalog() -> (tempfile::TempDir, store::CatalogFolder, Catalog) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    folio::synth::write_catalog(&dir, ROWS, SEED).unwrap();
    let (folder, catalog) = store::open(&dir).unwrap();
    (tmp, folder, catalog)
}

/// Saving one change to 10,000 records, all or nothing: every file written beside
/// its record and synced, an intent, the renames.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn save_10k_records_all_or_nothing(bencher: divan::Bencher) {
    let (_tmp, mut folder, mut catalog) = saving_catalog();
    let ids: Vec<RecordId> = catalog.records().map(|r| r.id.clone()).collect();
    let mut run = 0u64;
    bencher.bench_local(|| {
        run += 1;
        let value = folio::model::FieldValue::Text(format!("Checked, run {run}"));
        catalog
            .apply(store::Edit::bulk_set(ids.clone(), Field::Notes, value))
            .unwrap();
        assert!(folder.save(&mut catalog).is_complete());
    });
}

/// The same files written one by one, each atomically (what a save did before it
/// was all or nothing): the cost of the guarantee.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn write_10k_records_one_by_one(bencher: divan::Bencher) {
    let (tmp, _folder, catalog) = saving_catalog();
    let records_dir = tmp.path().join("catalog").join(store::folder::RECORDS_DIR);
    let mut records: Vec<Record> = catalog.records().cloned().collect();
    let mut run = 0u64;
    bencher.bench_local(|| {
        run += 1;
        for record in &mut records {
            record.notes = format!("Checked, run {run}");
            let text = store::format::record_to_ron(record).unwrap();
            store::folder::write_atomically(
                &records_dir.join(record.id.file_name()),
                text.as_bytes(),
                true,
            )
            .unwrap();
        }
    });
}
