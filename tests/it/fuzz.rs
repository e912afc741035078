//! Fuzzing the parsers that read user data: the RON record loader, the EDTF date
//! parser, the query parser and the digital-archive importer. Each target gets seeded
//! random inputs, mostly mutations of valid ones, for a time budget: no input may
//! panic, and none may take long (a sign of runaway work).
//!
//! `FOLIO_FUZZ_SECONDS=600 cargo test --release --test it fuzz:: -- --nocapture` runs each
//! target for ten minutes (the default is a few seconds). A failure prints the seed and
//! the input; inputs that once failed live in `tests/fuzz_regressions/<target>/` and
//! are replayed first, every run.
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use folio::model::ArchivalDate;
use folio::search::{Index, Query, SearchRequest};
use folio::store::format;

use crate::support::{fixtures, root, sample_dir};

fn budget() -> Duration {
    let seconds = std::env::var("FOLIO_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3.0);
    Duration::from_secs_f64(seconds)
}

/// The slowest any one input may take.
const SLOW: Duration = Duration::from_secs(2);

/// Runs `target` on the regression inputs, then on generated ones until the budget is
/// spent; reports executions.
fn fuzz(name: &str, generate: impl Fn(&mut fastrand::Rng) -> Vec<u8>, target: impl Fn(&[u8])) {
    let check = |input: &[u8], seed: Option<u64>| {
        let start = Instant::now();
        if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
            panic!(
                "{name}: panicked on input (seed {seed:?}): {:?}",
                String::from_utf8_lossy(input)
            );
        }
        let took = start.elapsed();
        assert!(
            took < SLOW,
            "{name}: took {took:?} on input (seed {seed:?}) of {} bytes",
            input.len()
        );
    };
    let regressions = root().join("tests/fuzz_regressions").join(name);
    let mut replayed = 0;
    if let Ok(entries) = std::fs::read_dir(&regressions) {
        for entry in entries {
            check(&std::fs::read(entry.unwrap().path()).unwrap(), None);
            replayed += 1;
        }
    }
    let first = std::env::var("FOLIO_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1u64);
    let start = Instant::now();
    let mut seed = first;
    while start.elapsed() < budget() {
        let mut rng = fastrand::Rng::with_seed(seed);
        let input = generate(&mut rng);
        check(&input, Some(seed));
        seed += 1;
    }
    println!(
        "{name}: {replayed} regression inputs, {} generated inputs (seeds {first}..{seed}) in {:?}, no panic",
        seed - first,
        start.elapsed()
    );
}

/// A mutation of `valid`: bytes replaced, inserted, deleted, duplicated or swapped,
/// from `alphabet` or anywhere, a few times.
fn mutate(rng: &mut fastrand::Rng, valid: &[u8], alphabet: &[u8]) -> Vec<u8> {
    let mut bytes = valid.to_vec();
    for _ in 0..rng.usize(1..8) {
        let at = rng.usize(0..=bytes.len());
        let byte = if rng.bool() && !alphabet.is_empty() {
            alphabet[rng.usize(0..alphabet.len())]
        } else {
            rng.u8(..)
        };
        match rng.u8(0..5) {
            0 if at < bytes.len() => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 if at < bytes.len() => {
                // Duplicate a slice (deep nesting and long runs come from here).
                let end = (at + rng.usize(1..64)).min(bytes.len());
                let slice: Vec<u8> = bytes[at..end].to_vec();
                for _ in 0..rng.usize(1..50) {
                    bytes.splice(at..at, slice.iter().copied());
                }
            }
            _ => {
                if bytes.len() > 2 {
                    let (a, b) = (rng.usize(0..bytes.len()), rng.usize(0..bytes.len()));
                    bytes.swap(a, b);
                }
            }
        }
    }
    bytes
}

fn random_from(rng: &mut fastrand::Rng, alphabet: &[u8], max: usize) -> Vec<u8> {
    (0..rng.usize(0..max))
        .map(|_| alphabet[rng.usize(0..alphabet.len())])
        .collect()
}

fn sample_record_texts() -> Vec<Vec<u8>> {
    let dir = sample_dir().join("records");
    let mut texts: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    texts.sort();
    texts
}

#[test]
fn fuzz_the_record_loader() {
    let samples = sample_record_texts();
    fuzz(
        "ron",
        |rng| {
            let sample = &samples[rng.usize(0..samples.len())];
            mutate(rng, sample, b"()[]{}\",:\\#rb'0123456789-.eE \n")
        },
        |input| {
            if let Ok(text) = std::str::from_utf8(input)
                && let Ok(record) = format::record_from_ron(text)
            {
                // What loads must write back and load again to the same record.
                let again = format::record_from_ron(&format::record_to_ron(&record).unwrap());
                assert_eq!(again.ok().as_ref(), Some(&record));
            }
        },
    );
}

#[test]
fn fuzz_the_edtf_parser() {
    let alphabet = b"0123456789-/?~%XxuU.[],{}:YyEeSp+ ";
    let seeds: [&[u8]; 8] = [
        b"1963-09-17",
        b"1950~",
        b"195X",
        b"2001-21",
        b"1966-12-19/1966-12-24",
        b"../1985",
        b"-0044",
        b"2004-06%",
    ];
    fuzz(
        "edtf",
        |rng| {
            if rng.bool() {
                let seed = seeds[rng.usize(0..seeds.len())];
                mutate(rng, seed, alphabet)
            } else {
                random_from(rng, alphabet, 40)
            }
        },
        |input| {
            if let Ok(text) = std::str::from_utf8(input) {
                if let Ok(date) = ArchivalDate::parse(text) {
                    let _ = date.words();
                    if let Some(range) = date.day_range() {
                        assert!(range.earliest <= range.latest, "{text}");
                    }
                } else if let Err(e) = ArchivalDate::parse(text) {
                    let _ = e.to_string();
                }
                let _ = folio::model::date::edtf_from_words(text);
            }
        },
    );
}

#[test]
fn fuzz_the_query_parser_and_the_index() {
    let alphabet = b"ab kim\"()*-:OR date.1950title person 1 \xe4\xb8\x80";
    let records: Vec<folio::model::Record> = (0..30)
        .map(|i| folio::synth::synthetic_record(2, i).unwrap())
        .collect();
    let index = Index::from_records(&records);
    let seeds: [&[u8]; 6] = [
        b"kim -draft",
        b"\"foreign affairs\" OR embass*",
        b"(mao OR stalin) title:telegram",
        b"person:\"kim il sung\" date:1950..1953",
        b"date:..1949 lang:russian",
        "一九五二".as_bytes(),
    ];
    fuzz(
        "query",
        |rng| {
            if rng.bool() {
                let seed = seeds[rng.usize(0..seeds.len())];
                mutate(rng, seed, alphabet)
            } else {
                random_from(rng, alphabet, 60)
            }
        },
        |input| {
            let text = String::from_utf8_lossy(input);
            let (query, error) = Query::parse_or_plain(&text);
            if let Some(e) = error {
                assert!(e.position <= text.chars().count(), "{text}: {e}");
            }
            let outcome = index.search(&SearchRequest {
                query,
                filters: Vec::new(),
                sort: None,
                ascending: true,
            });
            assert!(outcome.ids.len() <= records.len());
        },
    );
}

#[test]
fn fuzz_the_importer() {
    let dir = fixtures();
    let mut pages: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    pages.sort();
    let catalog = folio::store::Catalog::new(folio::store::CatalogSettings::new("x"), []);
    fuzz(
        "importer",
        |rng| {
            let page = &pages[rng.usize(0..pages.len())];
            if rng.u8(0..4) == 0 {
                // Whole lines moved, dropped or repeated: pages cut and pasted badly.
                let text = String::from_utf8_lossy(page).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                for _ in 0..rng.usize(1..10) {
                    if lines.is_empty() {
                        break;
                    }
                    let i = rng.usize(0..lines.len());
                    match rng.u8(0..3) {
                        0 => {
                            lines.remove(i);
                        }
                        1 => lines.insert(rng.usize(0..=lines.len()), lines[i]),
                        _ => {
                            let j = rng.usize(0..lines.len());
                            lines.swap(i, j);
                        }
                    }
                }
                lines.join("\n").into_bytes()
            } else {
                mutate(rng, page, b"\n:.,()[]0123456789 \xc2\xa0")
            }
        },
        |input| {
            if let Ok(page) = folio::import::parse_page_bytes(input) {
                let _ = folio::import::plan_page(&catalog, page.record, true);
            }
            let _ = folio::import::parse_json(input);
        },
    );
}
