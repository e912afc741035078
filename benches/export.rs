//! Exporting the seeded synthetic catalog (100,000 records) to each format.
//!
//! Run with `cargo bench --bench export`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;

use folio::export::{self, ExportOptions, Format};
use folio::model::Record;
use folio::store::{self, Catalog};

const SEED: u64 = 42;
const RECORDS: usize = 100_000;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let dir = folio::synth::bench_corpus(RECORDS, SEED).unwrap();
        store::open(&dir).unwrap().1
    })
}

fn main() {
    catalog();
    divan::main();
}

const FORMATS: [Format; 13] = [
    Format::Csv,
    Format::Xlsx,
    Format::Json,
    Format::JsonLines,
    Format::CslJson,
    Format::Bibtex,
    Format::Ris,
    Format::Citation,
    Format::Chicago,
    Format::DublinCore,
    Format::Ead,
    Format::Markdown,
    Format::Html,
];

/// Every record of the catalog, in one file of each format.
#[divan::bench(args = FORMATS, sample_count = 5, sample_size = 1)]
fn export_100k(bencher: divan::Bencher, format: Format) {
    let catalog = catalog();
    let records: Vec<&Record> = catalog.records().collect();
    bencher.bench(|| {
        export::export(
            format,
            &records,
            catalog.settings(),
            &ExportOptions::default(),
        )
        .unwrap()
    });
}
