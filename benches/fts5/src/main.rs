//! Folio's search index against SQLite FTS5, on the same seeded synthetic catalogs
//! (10,000 and 100,000 records) and the same queries as `benches/search.rs`.
//!
//! Both sides do the same work per query: every match, ranked by relevance (BM25 with
//! Folio's field weights), materialized as a vector of ids. The hit counts of both
//! sides are printed so that differences in matching are visible. FTS5's `unicode61`
//! tokenizer keeps a run of Chinese characters as one word, so FTS5 answers the CJK
//! query from a second table using its `trigram` tokenizer over the CJK texts.
//!
//! Run: `cargo run --release --manifest-path benches/fts5/Cargo.toml`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use folio::model::{ArchivalDate, Record};
use folio::search::fields::texts_by_field;
use folio::search::tokenize::is_cjk;
use folio::search::{Index, Query, SearchRequest};
use folio::store;
use rusqlite::{Connection, params_from_iter};

const SEED: u64 = 42;
const SIZES: [usize; 2] = [10_000, 100_000];
const WARMUP: usize = 3;
const RUNS: usize = 30;
const BUILD_RUNS: usize = 3;
/// An FTS5 build slower than this is run once only.
const SLOW_BUILD: Duration = Duration::from_secs(30);
/// Columns of the query text in the table.
const QUERY_WIDTH: usize = 36;

/// How a query is put to FTS5.
enum Fts {
    /// `fts MATCH ?` ranked by bm25.
    Match(&'static str),
    /// Overlap with the day range from the start of the first year to the end of the
    /// second, on the dates table (no ranking, as in Folio).
    Dates(&'static str, &'static str),
    /// A MATCH on the trigram table of the Chinese, Japanese and Korean texts
    /// (`unicode61` cannot find words inside a run of CJK characters).
    Trigram(&'static str),
}

/// The kinds of query (as in `benches/search.rs`), Folio's query and FTS5's.
const QUERIES: [(&str, &str, Fts); 8] = [
    ("common word", "embassy", Fts::Match("embassy")),
    ("rare word", "105432", Fts::Match("105432")),
    ("prefix", "revision*", Fts::Match("revision*")),
    (
        "phrase",
        "\"foreign affairs\"",
        Fts::Match("\"foreign affairs\""),
    ),
    (
        "field filter",
        "person:gromyko",
        Fts::Match("person:gromyko"),
    ),
    ("date range", "date:1950..1953", Fts::Dates("1950", "1953")),
    (
        "three terms",
        "embassy treaty gromyko",
        Fts::Match("embassy treaty gromyko"),
    ),
    ("CJK", "金日成", Fts::Trigram("金日成")),
];

/// FTS5 columns, one per Folio search field in the order of `SearchField::ALL` (that
/// of `texts_by_field`), with Folio's field weights for bm25.
const COLUMNS: [(&str, f64); 15] = [
    ("id", 1.0),
    ("title", 3.0),
    ("summary", 2.0),
    ("text", 1.0),
    ("subject", 2.0),
    ("person", 2.0),
    ("place", 1.0),
    ("author", 1.0),
    ("type", 1.0),
    ("lang", 1.0),
    ("archive", 1.0),
    ("source", 1.0),
    ("funder", 1.0),
    ("status", 1.0),
    ("other", 1.0),
];

/// An in-memory FTS5 database of `records`: rowid = the record's position.
fn build_fts(records: &[Arc<Record>]) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    let names: Vec<&str> = COLUMNS.iter().map(|(n, _)| *n).collect();
    let weights: Vec<String> = COLUMNS.iter().map(|(_, w)| format!("{w:.1}")).collect();
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE fts USING fts5({}, tokenize = 'unicode61 remove_diacritics 2');
         INSERT INTO fts(fts, rank) VALUES('rank', 'bm25({})');
         CREATE TABLE dates(id INTEGER PRIMARY KEY, earliest INTEGER, latest INTEGER);
         CREATE VIRTUAL TABLE cjk USING fts5(text, tokenize = 'trigram');",
        names.join(", "),
        weights.join(", "),
    ))
    .unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    {
        let placeholders: Vec<String> = (2..=COLUMNS.len() + 1).map(|i| format!("?{i}")).collect();
        let mut insert = tx
            .prepare(&format!(
                "INSERT INTO fts(rowid, {}) VALUES(?1, {})",
                names.join(", "),
                placeholders.join(", ")
            ))
            .unwrap();
        let mut insert_date = tx
            .prepare("INSERT INTO dates(id, earliest, latest) VALUES(?1, ?2, ?3)")
            .unwrap();
        let mut insert_cjk = tx
            .prepare("INSERT INTO cjk(rowid, text) VALUES(?1, ?2)")
            .unwrap();
        for (rowid, record) in records.iter().enumerate() {
            let rowid = rowid as i64;
            let values = texts_by_field(record);
            insert
                .execute(params_from_iter(
                    std::iter::once(&rowid as &dyn rusqlite::ToSql)
                        .chain(values.iter().map(|v| v as &dyn rusqlite::ToSql)),
                ))
                .unwrap();
            let range = record.date.as_ref().and_then(ArchivalDate::day_range);
            insert_date
                .execute((rowid, range.map(|r| r.earliest), range.map(|r| r.latest)))
                .unwrap();
            // Only texts written in CJK scripts go to the trigram table: indexing every
            // text by trigrams would multiply FTS5's index for no use.
            let cjk: Vec<&str> = record
                .texts
                .iter()
                .map(|t| t.body.as_str())
                .filter(|b| b.chars().any(is_cjk))
                .collect();
            if !cjk.is_empty() {
                insert_cjk.execute((rowid, cjk.join("\n"))).unwrap();
            }
        }
    }
    tx.commit().unwrap();
    // Merge the segments written by the inserts into one b-tree, as Folio's index is
    // complete once built.
    conn.execute_batch(
        "INSERT INTO fts(fts) VALUES('optimize'); INSERT INTO cjk(cjk) VALUES('optimize');",
    )
    .unwrap();
    conn
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(query).unwrap(),
        filters: Vec::new(),
        sort: None,
        ascending: true,
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    let n = times.len();
    if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2
    }
}

/// Median time of `f` over `RUNS` runs after `WARMUP`, and the hit count it returns.
fn time_query(mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut hits = 0;
    for _ in 0..WARMUP {
        hits = black_box(f());
    }
    let times = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            hits = black_box(f());
            start.elapsed()
        })
        .collect();
    (median(times), hits)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// How much faster Folio is than FTS5 (or slower).
fn ratio(folio: Duration, fts: Duration) -> String {
    let r = fts.as_secs_f64() / folio.as_secs_f64().max(1e-12);
    if r >= 1.0 {
        format!("{r:.1}x faster")
    } else {
        format!("{:.1}x slower", 1.0 / r)
    }
}

fn day_range(year: &str) -> folio::model::DayRange {
    ArchivalDate::parse(year).unwrap().day_range().unwrap()
}

fn run_size(size: usize) {
    let dir = folio::synth::bench_corpus(size, SEED).unwrap();
    let (_, catalog) = store::open(&dir).unwrap();
    let records = catalog.snapshot();
    println!();
    println!("== {} records (seed {SEED}) ==", group(size));

    // Builds.
    let mut folio_times = Vec::new();
    let mut index = None;
    for _ in 0..BUILD_RUNS {
        drop(index.take());
        let start = Instant::now();
        let built = Index::build(&records, &AtomicUsize::new(0));
        folio_times.push(start.elapsed());
        index = Some(built);
    }
    let index = index.unwrap();
    let folio_build = median(folio_times);

    let mut fts_times = Vec::new();
    let mut conn = None;
    for _ in 0..BUILD_RUNS {
        drop(conn.take());
        let start = Instant::now();
        let built = build_fts(&records);
        let elapsed = start.elapsed();
        fts_times.push(elapsed);
        conn = Some(built);
        if elapsed > SLOW_BUILD {
            break;
        }
    }
    let conn = conn.unwrap();
    let fts_runs = fts_times.len();
    let fts_build = median(fts_times);

    let label = 14 + QUERY_WIDTH;
    let runs_note = |n: usize| {
        if n == 1 {
            "1 run (over 30 s)".to_owned()
        } else {
            format!("median of {n}")
        }
    };
    println!(
        "{:<label$} {:>9} {:>9}   {:<14} runs",
        "build", "Folio ms", "FTS5 ms", "Folio vs FTS5"
    );
    println!(
        "{:<label$} {:>9.2} {:>9.2}   {:<14} Folio {}, FTS5 {}",
        "index",
        ms(folio_build),
        ms(fts_build),
        ratio(folio_build, fts_build),
        runs_note(BUILD_RUNS),
        runs_note(fts_runs),
    );
    println!();

    // Queries.
    println!(
        "{:<13} {:<QUERY_WIDTH$} {:>9} {:>9}   {:<14} {:>10} {:>10}",
        "query kind",
        "query (Folio | FTS5)",
        "Folio ms",
        "FTS5 ms",
        "Folio vs FTS5",
        "Folio hits",
        "FTS5 hits"
    );
    for (kind, query, fts) in &QUERIES {
        let req = request(query);
        let (folio_time, folio_hits) = time_query(|| index.search(&req).ids.len());
        let (fts_time, fts_hits) = match fts {
            Fts::Match(m) | Fts::Trigram(m) => {
                let table = if matches!(fts, Fts::Trigram(_)) {
                    "cjk"
                } else {
                    "fts"
                };
                let mut stmt = conn
                    .prepare(&format!(
                        "SELECT rowid FROM {table} WHERE {table} MATCH ?1 ORDER BY rank"
                    ))
                    .unwrap();
                time_query(|| {
                    let ids: Vec<i64> = stmt
                        .query_map([m], |row| row.get(0))
                        .unwrap()
                        .collect::<Result<_, _>>()
                        .unwrap();
                    ids.len()
                })
            }
            Fts::Dates(from, to) => {
                let (earliest, latest) = (day_range(from).earliest, day_range(to).latest);
                let mut stmt = conn
                    .prepare("SELECT id FROM dates WHERE earliest <= ?1 AND latest >= ?2")
                    .unwrap();
                time_query(|| {
                    let ids: Vec<i64> = stmt
                        .query_map([latest, earliest], |row| row.get(0))
                        .unwrap()
                        .collect::<Result<_, _>>()
                        .unwrap();
                    ids.len()
                })
            }
        };
        let fts_text = match fts {
            Fts::Match(m) => (*m).to_owned(),
            Fts::Trigram(m) => format!("{m} (trigram table)"),
            Fts::Dates(..) => "dates table".to_owned(),
        };
        let mark = if folio_hits == fts_hits { "" } else { "  *" };
        println!(
            "{:<13} {} {:>9.2} {:>9.2}   {:<14} {:>10} {:>10}{mark}",
            kind,
            pad(&display_query(query, &fts_text), QUERY_WIDTH),
            ms(folio_time),
            ms(fts_time),
            ratio(folio_time, fts_time),
            folio_hits,
            fts_hits,
        );
    }
}

/// The query as given to Folio, and FTS5's when it reads differently.
fn display_query(folio: &str, fts: &str) -> String {
    if folio == fts {
        folio.to_owned()
    } else {
        format!("{folio} | {fts}")
    }
}

/// `text` padded with spaces to `width` columns of a terminal (CJK characters take two).
fn pad(text: &str, width: usize) -> String {
    let used: usize = text.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// `100000` as `100,000`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn main() {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("Folio search index vs SQLite {} FTS5", rusqlite::version());
    println!(
        "FTS5: in memory, tokenizer unicode61 remove_diacritics 2, bm25 with Folio's field weights;"
    );
    println!("      build = inserts in one transaction + 'optimize' (one thread).");
    println!("Folio: build on {threads} threads (rayon); each search also counts facets.");
    println!(
        "Queries: median of {RUNS} runs after {WARMUP} warm-ups, all matches ranked and collected."
    );
    println!(
        "Ratio: FTS5 time / Folio time. * = the two sides find a different number of records."
    );
    for size in SIZES {
        run_size(size);
    }
    println!();
    println!("CJK: FTS5's unicode61 keeps a whole run of Chinese characters as one token, so it");
    println!(
        "cannot find a word inside a run; FTS5 answers the CJK query from a second table with"
    );
    println!("the trigram tokenizer over the texts written in CJK scripts (built with the rest).");
    println!("Folio indexes CJK runs as overlapping bigrams in its one index.");
}
