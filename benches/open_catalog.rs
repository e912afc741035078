//! Opening (from the files, and again with a warm cache) and saving seeded synthetic
//! catalogs of realistic records (about 4 KB each).
//!
//! Run with `cargo bench --bench open_catalog`. The corpora are generated once into
//! `target/bench-corpus/` (seed 42) and reused; delete that folder to regenerate.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use folio::model::{Field, FieldValue, RecordId};
use folio::store::cache::CacheOptions;
use folio::store::{self, Edit};

const SEED: u64 = 42;

fn corpus(records: usize) -> PathBuf {
    folio::synth::bench_corpus(records, SEED).unwrap()
}

fn cache() -> CacheOptions {
    CacheOptions {
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-cache"),
        min_records: 2_000,
    }
}

fn main() {
    // Generate, and fill the caches, outside the timings.
    for n in [10_000, 100_000] {
        let dir = corpus(n);
        let (folder, catalog) = store::open_cached(&dir, Some(&cache())).unwrap();
        if let Some(writer) = folder.cache_writer(&catalog) {
            writer.write().unwrap();
        }
    }
    divan::main();
}

/// Opening with no cache: list the folder, read and parse every record in parallel.
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

/// Reopening an unchanged catalog: every file checked (size, times, inode), every
/// record taken from the cache.
#[divan::bench(args = [10_000, 100_000], sample_count = 5, sample_size = 1)]
fn open_warm_cache(bencher: divan::Bencher, records: usize) {
    let dir = corpus(records);
    let cache = cache();
    bencher.bench(|| {
        let (folder, catalog) = store::open_cached(&dir, Some(&cache)).unwrap();
        // The record the save benchmark edits may be read from its file.
        assert!(folder.records_from_cache() + 1 >= records);
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
        folio::store::format::record_to_ron(&folio::synth::synthetic_record(SEED, 1).unwrap())
            .unwrap();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| folio::store::format::record_from_ron(divan::black_box(&text)).unwrap());
}

/// Decoding one record from the cache (the unit of a warm reopen).
#[divan::bench]
fn decode_one_cached_record(bencher: divan::Bencher) {
    let record = folio::synth::synthetic_record(SEED, 1).unwrap();
    let bytes = rmp_serde::to_vec_named(&record).unwrap();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| rmp_serde::from_slice::<folio::model::Record>(divan::black_box(&bytes)).unwrap());
}
