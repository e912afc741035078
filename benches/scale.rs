//! Whole commands on a big seeded synthetic catalog: wall time (median of runs) and
//! peak memory of each, as an archivist meets them.
//!
//! `cargo bench --bench scale` runs on 100,000 records; `FOLIO_SCALE=1000000 cargo
//! bench --bench scale` on a million (about 4.4 GB of record files, generated once
//! into `target/bench-corpus/`, some minutes). `FOLIO_SCALE_RUNS` sets the runs per
//! scenario (3). Peak memory is measured by GNU time (`/usr/bin/time`, Debian's
//! `time` package); without it only times are given.
//!
//! The commands run as `folio` does for the archivist, with a cache folder of the
//! benchmark's own (`target/bench-scale-cache/`): "cold" scenarios clear it first.
//! `FOLIO_SCALE_BIN=/path/to/folio` times another build of `folio` (an older one, to
//! put each figure beside its old one on the same machine).
//!
//! Last, "answer" times the list's answer to typed queries (count, facets, the records
//! in order) from the saved index, in this process: `cargo bench --bench scale --
//! answer` for that alone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The allocator of `folio`, for the answers timed in this process.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 42;
/// Records imported by the import scenario.
const IMPORTED: usize = 20_000;

fn main() {
    // `cargo bench` passes `--bench`; a filter word picks scenarios by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let records: usize = std::env::var("FOLIO_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("FOLIO_SCALE_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let started = Instant::now();
    let corpus = folio::synth::bench_corpus(records, SEED).unwrap();
    eprintln!(
        "corpus: {} records in {} ({:.0} s to make or find)",
        records,
        corpus.display(),
        started.elapsed().as_secs_f64()
    );
    let cache = target.join("bench-scale-cache");
    let work = tempfile::tempdir_in(&target).unwrap();
    let bench = Bench {
        cache: cache.clone(),
        runs,
        folio: std::env::var_os("FOLIO_SCALE_BIN")
            .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_folio")), PathBuf::from),
    };
    eprintln!("timing {}", bench.folio.display());
    let d = corpus.to_str().unwrap();
    let out = work.path().join("export.jsonl");
    let out = out.to_str().unwrap();

    // What to import: JSON records of another seed, exported once.
    let source = work.path().join("source");
    folio::synth::write_catalog(&source, IMPORTED, SEED + 1).unwrap();
    let json = work.path().join("import.json");
    bench.quiet(&[
        "export",
        source.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    let fresh = work.path().join("fresh");

    println!("| scenario ({records} records) | median | runs | peak memory |");
    println!("|---|---|---|---|");
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f));
    let scenarios: Vec<Scenario> = vec![
        Scenario::new("validate", &["validate", d]),
        Scenario::new("stats", &["stats", d]),
        Scenario::new(
            "export jsonl (every record)",
            &["export", d, "--format", "jsonl", "-o", out, "--force"],
        ),
        // The first 50 hits printed, as an archivist reads them: printing every one
        // of hundreds of thousands of hits would time the terminal.
        Scenario::new(
            "search, index built from nothing",
            &["search", d, "comrade", "--limit", "50"],
        )
        .cold(),
        Scenario::new(
            "search, saved index: one word",
            &["search", d, "comrade", "--limit", "50"],
        ),
        Scenario::new(
            "search, saved index: phrase",
            &["search", d, "\"the delegation\"", "--limit", "50"],
        ),
    ];
    for scenario in scenarios.iter().filter(|s| wanted(&s.name)) {
        bench.run(scenario, || {});
    }
    if wanted("import") {
        let name = format!("import {IMPORTED} JSON records into a new catalog");
        let scenario = Scenario::new(
            &name,
            &[
                "import",
                fresh.to_str().unwrap(),
                json.to_str().unwrap(),
                "--format",
                "json",
            ],
        );
        // A new folder each run, the last one's files left: ext4 slows the
        // creation of files just after the deletion of thousands (it looks for
        // recently freed inodes), which is the benchmark's doing, not an import's.
        let mut run = 0;
        let measured = bench.run(&scenario, || {
            run += 1;
            let _ = std::fs::rename(&fresh, work.path().join(format!("imported-{run}")));
            bench.quiet(&["new", fresh.to_str().unwrap()]);
        });
        println!(
            "|   that is | {:.0} records/s | | |",
            IMPORTED as f64 / measured
        );
    }
    if wanted("answer") {
        list_answers(&bench, &corpus);
    }
    // The caches of the catalogs made here (their folders are removed with `work`).
    let options = folio::store::cache::CacheOptions {
        dir: bench.cache.join("folio"),
        min_records: 2_000,
    };
    for made in [&source, &fresh] {
        let _ = options.clear(made);
    }
}

/// The queries of the list's answers: the kind, the query.
const ANSWERED: [(&str, &str); 7] = [
    ("common word", "embassy"),
    ("two words (AND)", "embassy gromyko"),
    ("prefix", "embass*"),
    ("phrase", "\"soviet union\""),
    ("field filter", "type:telegram"),
    ("date range", "date:1950..1955"),
    ("three words, no record has all", "embassy minister soviet"),
];

/// The list's answer to a query, as the app computes it when the search text or a
/// filter changes: the count, the facet counts and the records in order (by
/// relevance: the first rows put in order), from the saved index. Median of 15
/// after one untimed, in this process.
fn list_answers(bench: &Bench, corpus: &Path) {
    use folio::search::{Query, SearchRequest, SortColumn, folder_index};
    let options = folio::store::cache::CacheOptions {
        // Where `folio` keeps it with `XDG_CACHE_HOME` set to the benchmark's folder.
        dir: bench.cache.join("folio"),
        min_records: 2_000,
    };
    let index = match folder_index::open_saved(corpus, &options) {
        Some(saved) => saved.index,
        None => {
            // No saved index yet: `folio search` builds and saves it.
            bench.quiet(&["search", corpus.to_str().unwrap(), "x", "--count"]);
            folder_index::open_saved(corpus, &options).unwrap().index
        }
    };
    println!();
    println!(
        "| the list's answer ({} records) | by relevance | by date | records |",
        index.len()
    );
    println!("|---|---|---|---|");
    for (kind, query) in ANSWERED {
        let mut medians = Vec::new();
        let mut found = 0;
        for sort in [None, Some(SortColumn::Date)] {
            let request = SearchRequest {
                query: Query::parse(query).unwrap(),
                filters: Vec::new(),
                sort,
                ascending: true,
            };
            let mut times: Vec<f64> = (0..16)
                .map(|_| {
                    let started = Instant::now();
                    let (hits, facets) = index.search_hits(&request);
                    let took = started.elapsed().as_secs_f64();
                    found = hits.len();
                    std::hint::black_box((hits.first().cloned(), facets));
                    took
                })
                .skip(1)
                .collect();
            medians.push(median(&mut times));
        }
        println!(
            "| {kind}: `{query}` | {:.1} ms | {:.1} ms | {} |",
            medians[0] * 1000.0,
            medians[1] * 1000.0,
            folio::words::number(found)
        );
    }
    // Kept to the process's end, as `folio search` does: freeing it piece by piece
    // takes longer than the answers.
    std::mem::forget(index);
}

/// A command to time.
struct Scenario {
    name: String,
    args: Vec<String>,
    /// Whether the cache is cleared before each run.
    cold: bool,
}

impl Scenario {
    fn new(name: &str, args: &[&str]) -> Scenario {
        Scenario {
            name: name.to_owned(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            cold: false,
        }
    }

    fn cold(mut self) -> Scenario {
        self.cold = true;
        self
    }
}

struct Bench {
    cache: PathBuf,
    runs: usize,
    /// The `folio` timed.
    folio: PathBuf,
}

impl Bench {
    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command.env("XDG_CACHE_HOME", &self.cache);
        command
    }

    /// Runs `folio args`, which must succeed, for its effect.
    fn quiet(&self, args: &[&str]) {
        let output = self.command(&self.folio).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "folio {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Times `scenario` (after `before`, untimed, each run); prints its line and
    /// returns the median in seconds.
    fn run(&self, scenario: &Scenario, mut before: impl FnMut()) -> f64 {
        let time = Path::new("/usr/bin/time");
        let mut seconds = Vec::new();
        let mut peak_kb = Vec::new();
        // One untimed run first: the files in the page cache, the index saved.
        for run in 0..=self.runs {
            before();
            if scenario.cold {
                let _ = std::fs::remove_dir_all(&self.cache);
            }
            let report = tempfile::NamedTempFile::new().unwrap();
            let mut command = if time.exists() {
                let mut c = self.command(time);
                c.args(["-f", "%M", "-o"])
                    .arg(report.path())
                    .arg(&self.folio);
                c
            } else {
                self.command(&self.folio)
            };
            command.args(&scenario.args);
            let started = Instant::now();
            let output = command.output().unwrap();
            let elapsed = started.elapsed().as_secs_f64();
            assert!(
                output.status.code().is_some_and(|c| c <= 1),
                "folio {:?}: {}",
                scenario.args,
                String::from_utf8_lossy(&output.stderr)
            );
            if run == 0 && !scenario.cold {
                continue;
            }
            seconds.push(elapsed);
            if let Ok(text) = std::fs::read_to_string(report.path())
                && let Some(kb) = text
                    .lines()
                    .last()
                    .and_then(|l| l.trim().parse::<u64>().ok())
            {
                peak_kb.push(kb);
            }
            if scenario.cold && seconds.len() == self.runs {
                break;
            }
        }
        let median = median(&mut seconds);
        let peak = peak_kb
            .iter()
            .max()
            .map_or("(no /usr/bin/time)".to_owned(), |kb| {
                format!("{:.0} MB", *kb as f64 / 1024.0)
            });
        println!(
            "| {} | {} | {} | {peak} |",
            scenario.name,
            format_seconds(median),
            seconds.len()
        );
        median
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn format_seconds(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1000.0)
    } else {
        format!("{seconds:.2} s")
    }
}
