//! Search at scale on seeded synthetic catalogs (10,000 and 100,000 records): building
//! the index, each kind of query (ranked by relevance), facet counts over a result,
//! re-indexing one edited record, the scan that answers while the index is built;
//! reopening to searchable with warm caches, loading the saved index, and `folio
//! search` end to end. Before the timings it prints the peak memory of a catalog
//! opened and indexed (with no cache, with warm caches, and `folio search`), each
//! in a process of its own, against the catalog's size on disk. The caches live in
//! `target/bench-cache/`.
//!
//! Run: `cargo bench --bench search`. The corpora are generated once under
//! `target/bench-corpus/`. The comparison with SQLite FTS5 on the same corpus and
//! queries is a separate crate (see `benches/fts5/`), so that SQLite is never built
//! by the test suite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, OnceLock};

use divan::Bencher;
use folio::model::Record;
use folio::search::folder_index;
use folio::search::{Index, LiveIndex, Query, ScanQuery, Scanner, SearchRequest};
use folio::store;
use folio::store::cache::CacheOptions;

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
    /// The index as the app has it once saved: its postings read from the file.
    index: Index,
    dir: PathBuf,
}

/// The cache folder of the benchmarks (records cache and saved index).
fn cache_options() -> CacheOptions {
    CacheOptions {
        dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cache"),
        min_records: 2_000,
    }
}

fn loaded(size: usize) -> &'static Loaded {
    static SMALL: OnceLock<Loaded> = OnceLock::new();
    static LARGE: OnceLock<Loaded> = OnceLock::new();
    let cell = if size == SIZES[0] { &SMALL } else { &LARGE };
    cell.get_or_init(|| {
        let dir = folio::synth::bench_corpus(size, SEED).unwrap();
        let (index, catalog) = reopen(&dir);
        Loaded {
            records: catalog.snapshot(),
            index,
            dir,
        }
    })
}

/// Opens the catalog with the caches and waits for its index, as the app does (the
/// caches are written when missing or stale).
fn reopen(dir: &Path) -> (Index, folio::store::Catalog) {
    let cache = cache_options();
    let (folder, catalog) = store::open_cached(dir, Some(&cache)).unwrap();
    if let Some(writer) = folder.cache_writer(&catalog) {
        writer.write().unwrap();
    }
    let mut live = LiveIndex::start(&catalog, folder.index_cache(&catalog));
    live.wait(&catalog).unwrap();
    let index = live.into_index().unwrap();
    (index, catalog)
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(query).unwrap(),
        filters: Vec::new(),
        sort: None,
        ascending: true,
    }
}

/// What a child process of this benchmark measures: its peak memory is the figure.
fn child(scenario: &str, dir: &Path) {
    match scenario {
        // No cache at all: every file read, the index built, both caches written.
        "cold" => {
            let _ = std::fs::remove_dir_all(cache_options().dir);
            drop(reopen(dir));
        }
        // Both caches warm: the app reopening the catalog.
        "warm" => drop(reopen(dir)),
        // `folio search`: the saved index and the files' keys, no records.
        "search" => {
            let saved = folder_index::open_saved(dir, &cache_options()).unwrap();
            assert_eq!(saved.refreshed, Default::default());
            let hits = saved.index.search(&request(QUERIES[0].1)).ids.len();
            assert!(hits > 0);
        }
        other => panic!("unknown scenario {other}"),
    }
    println!("{}", peak_rss_bytes());
}

/// Runs `scenario` in a child process; its peak memory in bytes.
fn peak_of(scenario: &str, dir: &Path) -> u64 {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("FOLIO_BENCH_CHILD", scenario)
        .env("FOLIO_BENCH_DIR", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn main() {
    if let (Some(scenario), Some(dir)) = (
        std::env::var_os("FOLIO_BENCH_CHILD"),
        std::env::var_os("FOLIO_BENCH_DIR"),
    ) {
        child(&scenario.to_string_lossy(), Path::new(&dir));
        return;
    }
    // Peak memory of the 100,000-record catalog opened and indexed, each in a
    // process of its own, against its size on disk.
    let dir = folio::synth::bench_corpus(SIZES[1], SEED).unwrap();
    let on_disk: u64 = std::fs::read_dir(dir.join("records"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    println!("100,000 records: {} MB on disk", on_disk / 1_000_000);
    // `FOLIO_BENCH_QUICK=1` leaves the memory out (e.g. to profile the timings).
    let scenarios = if std::env::var_os("FOLIO_BENCH_QUICK").is_some() {
        &[][..]
    } else {
        &[
            (
                "cold",
                "opened and indexed, no cache (index built and saved)",
            ),
            ("warm", "reopened with warm caches (index loaded)"),
            ("search", "folio search with the saved index"),
        ][..]
    };
    for &(scenario, what) in scenarios {
        let peak = peak_of(scenario, &dir);
        println!(
            "  peak memory {what}: {} MB ({:.2}x)",
            peak / 1_000_000,
            peak as f64 / on_disk as f64
        );
    }
    let index_file = cache_options().index_file_for(&dir);
    println!(
        "  saved index: {} MB",
        std::fs::metadata(&index_file).map_or(0, |m| m.len()) / 1_000_000
    );
    let large = loaded(SIZES[1]);
    println!("  {} distinct tokens", large.index.term_count());
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
    let (mut index, _) = reopen(&loaded(size).dir);
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

/// Reopening a catalog whose records cache and saved index are warm, to searchable:
/// the records from the cache, the index loaded and checked against every file.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn reopen_to_searchable_warm(bencher: Bencher, size: usize) {
    let dir = &loaded(size).dir;
    bencher.bench(|| reopen(dir));
}

/// The saved index alone, as `folio search` opens it: read, and checked against the
/// keys of every record file.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn load_saved_index(bencher: Bencher, size: usize) {
    let dir = &loaded(size).dir;
    bencher.bench(|| folder_index::open_saved(dir, &cache_options()).unwrap());
}

/// `folio search DIR QUERY --limit 50`, the whole command (a process started, the
/// saved index read, every file's key checked, the query, the first 50 printed);
/// one query of each kind, in the order of `QUERIES`.
#[divan::bench(args = [0, 1, 2, 3, 4, 5, 6, 7], sample_count = 5, sample_size = 1)]
fn folio_search_end_to_end(bencher: Bencher, which: usize) {
    let dir = &loaded(SIZES[1]).dir;
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args([
                "search",
                dir.to_str().unwrap(),
                QUERIES[which].1,
                "--limit",
                "50",
            ])
            .env("FOLIO_CACHE_DIR", cache_options().dir)
            .output()
            .unwrap();
        assert!(out.status.success());
        out
    };
    run();
    bencher.bench(run);
}
