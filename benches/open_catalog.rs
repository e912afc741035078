//! Opening and saving seeded synthetic catalogs of realistic records (about 4 KB each).
//!
//! Run with `cargo bench --bench open_catalog`. The corpora are generated once into
//! `target/bench-corpus/` (seed 42) and reused; delete that folder to regenerate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use folio::model::{Field, FieldValue, RecordId};
use folio::store::{self, Edit};

const SEED: u64 = 42;

fn corpus(records: usize) -> PathBuf {
    folio::synth::bench_corpus(records, SEED).unwrap()
}

fn main() {
    // Generate outside the timings.
    for n in [10_000, 100_000] {
        corpus(n);
    }
    divan::main();
}

/// Opening: list the folder, read and parse every record in parallel.
#[divan::bench(args = [10_000, 100_000], sample_count = 5, sample_size = 1)]
fn open(bencher: divan::Bencher, records: usize) {
    let dir = corpus(records);
    bencher.bench(|| {
        let (folder, catalog) = store::open(&dir).unwrap();
        assert!(folder.load_errors().is_empty());
        assert_eq!(catalog.len(), records);
        catalog
    });
}

/// Saving one edited record in a big catalog writes only that record.
#[divan::bench(args = [10_000, 100_000], sample_count = 20, sample_size = 1)]
fn save_one_edit(bencher: divan::Bencher, records: usize) {
    let dir = corpus(records);
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    let id = RecordId::new("syn-0000007").unwrap();
    let mut n = 0u64;
    bencher.bench_local(|| {
        n += 1;
        let title = FieldValue::Text(format!("Edited title {n}"));
        catalog
            .apply(Edit::set(id.clone(), Field::Title, title))
            .unwrap();
        let report = folder.save(&mut catalog);
        assert_eq!(report.written.len(), 1);
    });
}

/// Parsing one record file (the unit of the parallel open).
#[divan::bench]
fn parse_one_record(bencher: divan::Bencher) {
    let text =
        folio::store::format::record_to_ron(&folio::synth::synthetic_record(SEED, 1).unwrap());
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| folio::store::format::record_from_ron(divan::black_box(&text)).unwrap());
}
