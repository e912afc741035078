//! Search at scale on seeded synthetic catalogs (10,000 and 100,000 records): building
//! the index, each kind of query (ranked by relevance), facet counts over a result,
//! re-indexing one edited record, and the scan that answers while the index is built. Before the timings it prints the peak memory of a
//! catalog opened and indexed, against the catalog's size on disk.
//!
//! Run: `cargo bench --bench search`. The corpora are generated once under
//! `target/bench-corpus/`. The comparison with SQLite FTS5 on the same corpus and
//! queries is a separate crate (see `benches/fts5/`), so that SQLite is never built
//! by the test suite.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, OnceLock};

use divan::Bencher;
use folio::model::Record;
use folio::search::{Index, Query, ScanQuery, Scanner, SearchRequest};
use folio::store;

const SEED: u64 = 42;
const SIZES: [usize; 2] = [10_000, 100_000];

/// The kinds of query measured, with the query used for each.
pub const QUERIES: [(&str, &str); 8] = [
    ("common word", "embassy"),
    ("rare word", "105432"),
    ("prefix", "revision*"),
    ("phrase", "\"foreign affairs\""),
    ("field filter", "person:gromyko"),
    ("date range", "date:1950..1953"),
    ("three terms", "embassy treaty gromyko"),
    ("CJK", "金日成"),
];

struct Loaded {
    records: Vec<Arc<Record>>,
    index: Index,
}

fn loaded(size: usize) -> &'static Loaded {
    static SMALL: OnceLock<Loaded> = OnceLock::new();
    static LARGE: OnceLock<Loaded> = OnceLock::new();
    let cell = if size == SIZES[0] { &SMALL } else { &LARGE };
    cell.get_or_init(|| {
        let dir = folio::synth::bench_corpus(size, SEED).unwrap();
        let (_, catalog) = store::open(&dir).unwrap();
        let records = catalog.snapshot();
        let index = Index::build(&records, &AtomicUsize::new(0));
        Loaded { records, index }
    })
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(query).unwrap(),
        filters: Vec::new(),
        sort: None,
        ascending: true,
    }
}

fn main() {
    // Peak memory of the 100,000-record catalog opened and indexed (before any other
    // benchmark allocates), against its size on disk.
    let dir = folio::synth::bench_corpus(SIZES[1], SEED).unwrap();
    let on_disk: u64 = std::fs::read_dir(dir.join("records"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    let large = loaded(SIZES[1]);
    let peak = peak_rss_bytes();
    println!(
        "100,000 records: {} MB on disk; peak memory opened and indexed {} MB ({:.2}x); {} distinct tokens",
        on_disk / 1_000_000,
        peak / 1_000_000,
        peak as f64 / on_disk as f64,
        large.index.term_count()
    );
    for (kind, query) in QUERIES {
        let hits = large.index.search(&request(query)).ids.len();
        println!("  {kind:13} {query:22} {hits:>7} hits");
    }
    loaded(SIZES[0]);
    divan::main();
}

/// The process's peak resident memory (Linux), or 0.
fn peak_rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn build_index(bencher: Bencher, size: usize) {
    let records = &loaded(size).records;
    bencher.bench(|| Index::build(records, &AtomicUsize::new(0)));
}

#[divan::bench(args = SIZES)]
fn query_common_word(bencher: Bencher, size: usize) {
    run(bencher, size, 0);
}

#[divan::bench(args = SIZES)]
fn query_rare_word(bencher: Bencher, size: usize) {
    run(bencher, size, 1);
}

#[divan::bench(args = SIZES)]
fn query_prefix(bencher: Bencher, size: usize) {
    run(bencher, size, 2);
}

#[divan::bench(args = SIZES)]
fn query_phrase(bencher: Bencher, size: usize) {
    run(bencher, size, 3);
}

#[divan::bench(args = SIZES)]
fn query_field_filter(bencher: Bencher, size: usize) {
    run(bencher, size, 4);
}

#[divan::bench(args = SIZES)]
fn query_date_range(bencher: Bencher, size: usize) {
    run(bencher, size, 5);
}

#[divan::bench(args = SIZES)]
fn query_three_terms(bencher: Bencher, size: usize) {
    run(bencher, size, 6);
}

#[divan::bench(args = SIZES)]
fn query_cjk(bencher: Bencher, size: usize) {
    run(bencher, size, 7);
}

fn run(bencher: Bencher, size: usize, which: usize) {
    let index = &loaded(size).index;
    let request = request(QUERIES[which].1);
    bencher.bench(|| index.search(&request));
}

/// Facet counts alone, over a result of about a quarter of the catalog (counted
/// record by record) and over nearly all of it (counted as all minus the rest).
#[divan::bench(args = SIZES)]
fn facets_quarter_of_the_catalog(bencher: Bencher, size: usize) {
    let index = &loaded(size).index;
    let query = Query::parse("date:1945..1955").unwrap();
    bencher.bench(|| index.count_facets_of(&query));
}

#[divan::bench(args = SIZES)]
fn facets_nearly_all_the_catalog(bencher: Bencher, size: usize) {
    let index = &loaded(size).index;
    let query = Query::parse("embassy").unwrap();
    bencher.bench(|| index.count_facets_of(&query));
}

/// Re-indexing one edited record (its old words dropped, its new words added).
#[divan::bench(args = SIZES)]
fn reindex_one_edited_record(bencher: Bencher, size: usize) {
    let source = &loaded(size).records[size / 2];
    // A private index: the shared one is read by the other benchmarks.
    let mut index = Index::build(&loaded(size).records, &AtomicUsize::new(0));
    let mut record = (**source).clone();
    let mut n = 0u64;
    bencher.bench_local(|| {
        n += 1;
        record.title = format!("Edited title number {n}");
        index.update(&record);
    });
}

/// The search while the index is being built: the query evaluated on every record,
/// in parallel as the app does (a common word, a rare one, a phrase).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn scan_common_word(bencher: Bencher, size: usize) {
    scan(bencher, size, 0);
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn scan_rare_word(bencher: Bencher, size: usize) {
    scan(bencher, size, 1);
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn scan_phrase(bencher: Bencher, size: usize) {
    scan(bencher, size, 3);
}

fn scan(bencher: Bencher, size: usize, which: usize) {
    use rayon::prelude::*;
    let records = &loaded(size).records;
    let query = ScanQuery::new(&Query::parse(QUERIES[which].1).unwrap());
    bencher.bench(|| {
        records
            .par_iter()
            .map_init(Scanner::default, |scanner, r| query.matches(r, scanner))
            .filter(|&found| found)
            .count()
    });
}
