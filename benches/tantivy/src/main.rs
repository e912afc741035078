//! Folio's search index against tantivy, on the same seeded synthetic catalogs and
//! the same queries as `benches/search.rs` and the FTS5 comparison, in one process.
//!
//! For each query both sides answer twice: the top 50 (what a list shows first) and
//! every match ranked (what a list that scrolls to the end needs). Folio has one path
//! for both (it ranks every match); tantivy's top-50 keeps a heap of 50. The hit
//! counts of both sides are printed, so that differences in matching are visible.
//!
//! Run: `cargo run --release --manifest-path benches/tantivy/Cargo.toml`
//! (`FOLIO_TANTIVY_SIZES=1000000` for a million records: the catalog is held whole,
//! about 8 GB, and the corpus generated once under `target/bench-corpus/`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::ops::Bound;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use folio::model::{ArchivalDate, Record};
use folio::search::fields::texts_by_field;
use folio::search::tokenize::is_cjk;
use folio::search::{Index, Query, SearchRequest};
use folio::store;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, Occur, Query as TantivyQuery, QueryParser, RangeQuery, RegexQuery,
    TermQuery,
};
use tantivy::schema::{Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, NgramTokenizer, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

const SEED: u64 = 42;
const SIZES: [usize; 2] = [10_000, 100_000];
const WARMUP: usize = 3;
const RUNS: usize = 15;
const BUILD_RUNS: usize = 3;
const TOP: usize = 50;
/// Columns of the query text in the table.
const QUERY_WIDTH: usize = 38;

/// Search fields, one per Folio search field in the order of `SearchField::ALL`
/// (that of `texts_by_field`), with Folio's field weights (as the FTS5 comparison's
/// bm25 weights).
const FIELDS: [(&str, f32); 15] = [
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

/// How a query is put to tantivy.
enum Theirs {
    /// Its query parser over every field, terms joined by AND.
    Parse(&'static str),
    /// A term prefix: a regular expression over each field's dictionary.
    Prefix(&'static str),
    /// Records whose day range overlaps the years from the first to the second.
    Dates(&'static str, &'static str),
    /// The bigrams of a CJK word, all present, in the CJK texts' bigram field.
    Bigrams(&'static str),
}

/// The kinds of query (as in `benches/search.rs`), Folio's query and tantivy's.
const QUERIES: [(&str, &str, Theirs); 8] = [
    ("common word", "embassy", Theirs::Parse("embassy")),
    ("rare word", "105432", Theirs::Parse("105432")),
    ("prefix", "revision*", Theirs::Prefix("revision")),
    (
        "phrase",
        "\"foreign affairs\"",
        Theirs::Parse("\"foreign affairs\""),
    ),
    (
        "field filter",
        "person:gromyko",
        Theirs::Parse("person:gromyko"),
    ),
    (
        "date range",
        "date:1950..1953",
        Theirs::Dates("1950", "1953"),
    ),
    (
        "three terms",
        "embassy treaty gromyko",
        Theirs::Parse("embassy treaty gromyko"),
    ),
    ("CJK", "金日成", Theirs::Bigrams("金日成")),
];

/// A tantivy index in memory, with its fields.
struct TantivySide {
    index: tantivy::Index,
    searcher: Searcher,
    fields: Vec<Field>,
    cjk: Field,
    earliest: Field,
    latest: Field,
}

/// Builds tantivy's index of `records` in memory: words split on what is not a
/// letter or digit, lowercased and folded to ASCII (as FTS5's `remove_diacritics`),
/// with positions for phrases; the CJK texts again as bigrams; the day range as two
/// indexed numbers. Written by `threads` threads, then merged into one segment (as
/// Folio's index is one whole once built).
fn build_tantivy(records: &[Arc<Record>], threads: usize) -> TantivySide {
    let mut schema = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("words")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields: Vec<Field> = FIELDS
        .iter()
        .map(|(name, _)| schema.add_text_field(name, words.clone()))
        .collect();
    let bigrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("bigrams")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let cjk = schema.add_text_field("cjk", bigrams);
    let earliest = schema.add_i64_field("earliest", INDEXED);
    let latest = schema.add_i64_field("latest", INDEXED);
    let index = tantivy::Index::create_in_ram(schema.build());
    index.tokenizers().register(
        "words",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
    index.tokenizers().register(
        "bigrams",
        TextAnalyzer::builder(NgramTokenizer::new(2, 2, false).unwrap()).build(),
    );
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, 200_000_000 * threads)
        .unwrap();
    for record in records {
        let mut doc = TantivyDocument::default();
        for (field, text) in fields.iter().zip(texts_by_field(record)) {
            if !text.is_empty() {
                doc.add_text(*field, text);
            }
        }
        for body in record.texts.iter().map(|t| t.body.as_str()) {
            if body.chars().any(is_cjk) {
                doc.add_text(cjk, body);
            }
        }
        if let Some(range) = record.date.as_ref().and_then(ArchivalDate::day_range) {
            doc.add_i64(earliest, range.earliest);
            doc.add_i64(latest, range.latest);
        }
        writer.add_document(doc).unwrap();
    }
    writer.commit().unwrap();
    let segments = index.searchable_segment_ids().unwrap();
    if segments.len() > 1 {
        writer.merge(&segments).wait().unwrap();
    }
    writer.wait_merging_threads().unwrap();
    let reader = index.reader().unwrap();
    reader.reload().unwrap();
    let searcher = reader.searcher();
    TantivySide {
        index,
        searcher,
        fields,
        cjk,
        earliest,
        latest,
    }
}

impl TantivySide {
    fn query(&self, query: &Theirs) -> Box<dyn TantivyQuery> {
        match query {
            Theirs::Parse(text) => {
                let mut parser = QueryParser::for_index(&self.index, self.fields.clone());
                for (field, (_, weight)) in self.fields.iter().zip(FIELDS) {
                    parser.set_field_boost(*field, weight);
                }
                parser.set_conjunction_by_default();
                parser.parse_query(text).unwrap()
            }
            Theirs::Prefix(prefix) => {
                let clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = self
                    .fields
                    .iter()
                    .zip(FIELDS)
                    .map(|(field, (_, weight))| {
                        let regex =
                            RegexQuery::from_pattern(&format!("{prefix}.*"), *field).unwrap();
                        let boosted: Box<dyn TantivyQuery> =
                            Box::new(BoostQuery::new(Box::new(regex), weight));
                        (Occur::Should, boosted)
                    })
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
            Theirs::Dates(from, to) => {
                let (first, last) = (day_range(from).earliest, day_range(to).latest);
                // Overlap: it starts before the span ends and ends after it starts.
                let starts_before: Box<dyn TantivyQuery> = Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_i64(self.earliest, last)),
                ));
                let ends_after: Box<dyn TantivyQuery> = Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(self.latest, first)),
                    Bound::Unbounded,
                ));
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, starts_before),
                    (Occur::Must, ends_after),
                ]))
            }
            Theirs::Bigrams(word) => {
                let chars: Vec<char> = word.chars().collect();
                let clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = chars
                    .windows(2)
                    .map(|pair| {
                        let bigram: String = pair.iter().collect();
                        let term: Box<dyn TantivyQuery> = Box::new(TermQuery::new(
                            Term::from_field_text(self.cjk, &bigram),
                            IndexRecordOption::WithFreqs,
                        ));
                        (Occur::Must, term)
                    })
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
        }
    }

    /// The best `limit` matches, as tantivy's document addresses.
    fn top(&self, query: &dyn TantivyQuery, limit: usize) -> usize {
        let found = self
            .searcher
            .search(query, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .unwrap();
        found.len()
    }

    /// Every match, ranked: counted first, then collected with a heap that size.
    fn all(&self, query: &dyn TantivyQuery) -> usize {
        let count = self.searcher.search(query, &Count).unwrap();
        self.top(query, count);
        count
    }
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
    times[times.len() / 2]
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

/// How much faster Folio is than tantivy (or slower).
fn ratio(folio: Duration, other: Duration) -> String {
    let r = other.as_secs_f64() / folio.as_secs_f64().max(1e-12);
    if r >= 1.0 {
        format!("{r:.1}x faster")
    } else {
        format!("{:.1}x slower", 1.0 / r)
    }
}

fn day_range(year: &str) -> folio::model::DayRange {
    ArchivalDate::parse(year).unwrap().day_range().unwrap()
}

fn run_size(size: usize, threads: usize) {
    let dir = folio::synth::bench_corpus(size, SEED).unwrap();
    let (_, catalog) = store::open(&dir).unwrap();
    let records = catalog.snapshot();
    drop(catalog);
    println!();
    println!("== {} records (seed {SEED}) ==", folio::words::number(size));

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
    let mut tantivy_times = Vec::new();
    let mut tantivy = None;
    for _ in 0..BUILD_RUNS {
        drop(tantivy.take());
        let start = Instant::now();
        let built = build_tantivy(&records, threads);
        tantivy_times.push(start.elapsed());
        tantivy = Some(built);
    }
    let tantivy = tantivy.unwrap();
    let (folio_build, tantivy_build) = (median(folio_times), median(tantivy_times));
    println!(
        "{:<44} {:>10} {:>10}   {:<14}",
        "build (median of 3)", "Folio ms", "tantivy ms", "Folio vs tantivy"
    );
    println!(
        "{:<44} {:>10.0} {:>10.0}   {:<14}",
        "index",
        ms(folio_build),
        ms(tantivy_build),
        ratio(folio_build, tantivy_build)
    );
    println!();
    println!(
        "{:<13} {:<QUERY_WIDTH$} {:>10} {:>10}   {:<17} {:>10} {:>10}",
        "query kind",
        "query",
        "Folio ms",
        "tantivy ms",
        "Folio vs tantivy",
        "Folio hits",
        "tantivy"
    );
    for (kind, query, theirs) in &QUERIES {
        let req = request(query);
        let q = tantivy.query(theirs);
        let (folio_top, _) = time_query(|| {
            let mut ids = index.search(&req).ids;
            ids.truncate(TOP);
            ids.len()
        });
        let (tantivy_top, _) = time_query(|| tantivy.top(q.as_ref(), TOP));
        let (folio_all, folio_hits) = time_query(|| index.search(&req).ids.len());
        let (tantivy_all, tantivy_hits) = time_query(|| tantivy.all(q.as_ref()));
        let mark = if folio_hits == tantivy_hits {
            ""
        } else {
            "  *"
        };
        for (what, folio, other) in [
            ("top 50", folio_top, tantivy_top),
            ("all ranked", folio_all, tantivy_all),
        ] {
            let (hits, theirs_hits) = if what == "all ranked" {
                (folio_hits.to_string(), format!("{tantivy_hits}{mark}"))
            } else {
                (String::new(), String::new())
            };
            println!(
                "{:<13} {} {:>10.2} {:>10.2}   {:<17} {:>10} {:>10}",
                if what == "top 50" { *kind } else { "" },
                pad(&format!("{query} ({what})"), QUERY_WIDTH),
                ms(folio),
                ms(other),
                ratio(folio, other),
                hits,
                theirs_hits,
            );
        }
    }
}

/// `text` padded with spaces to `width` columns of a terminal (CJK characters take two).
fn pad(text: &str, width: usize) -> String {
    let used: usize = text.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

fn main() {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let sizes: Vec<usize> = std::env::var("FOLIO_TANTIVY_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| SIZES.to_vec());
    println!("Folio search index vs tantivy 0.26, in one process, on {threads} threads");
    println!(
        "tantivy: in memory; words lowercased and folded to ASCII, with positions; CJK texts also"
    );
    println!(
        "         as bigrams; BM25 with Folio's field weights; built on {threads} threads, merged to one segment."
    );
    println!("Folio: its own index; each search also counts the facets of every match.");
    println!("Queries: median of {RUNS} runs after {WARMUP} warm-ups.");
    println!("  top 50: the best 50 (Folio ranks every match either way);");
    println!("  all ranked: every match ranked (tantivy: counted, then a heap of that size).");
    println!(
        "Ratio: tantivy time / Folio time. * = the two sides find a different number of records."
    );
    for size in sizes {
        run_size(size, threads);
    }
    println!();
    println!("Prefix: tantivy's query parser has no term prefix; a regular expression over each");
    println!("field's dictionary stands for it (its matches score as constants).");
    println!("CJK: tantivy's tokenizers split no run of Chinese characters into words; its bigram");
    println!("field finds the records holding every bigram of the word, anywhere (Folio's finds");
    println!("them next to each other): the counts can differ on other texts.");
}
