//! A record's history (`folio history`) in a seeded synthetic repository: 10,000
//! records and 1,000 commits, the record benchmarked changed in half of them (and
//! renamed once), five other records changed in each.
//!
//! Run with `cargo bench --bench history`. The repository is generated once, by
//! `git fast-import`, under `target/bench-history/` and reused; delete that folder
//! to regenerate. The command can then be timed as a whole:
//! `target/release/folio history target/bench-history/10000x1000-seed42-v3/catalog syn-0000000-renamed`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use folio::model::Field;
use folio::synth::{TRACKED, history_repository};
use folio::vcs::history::{field_history, record_history};

const SEED: u64 = 42;
const RECORDS: usize = 10_000;
const COMMITS: usize = 1_000;

fn main() {
    tracked();
    divan::main();
}

/// The whole history of the record changed in 500 of the 1,000 commits.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn history_of_a_record(bencher: divan::Bencher) {
    let (root, file) = tracked();
    bencher.bench(|| {
        let history = record_history(&root, &file).unwrap();
        // The first commit and every second one.
        assert_eq!(history.len(), COMMITS / 2);
        history
    });
}

/// One field's history of that record (read whole, then filtered).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn history_of_a_field(bencher: divan::Bencher) {
    let (root, file) = tracked();
    bencher.bench(|| {
        let history = record_history(&root, &file).unwrap();
        let dates = field_history(&history, Field::Date);
        assert!(!dates.is_empty());
        dates
    });
}

fn tracked() -> (PathBuf, PathBuf) {
    let root = history_repository(RECORDS, COMMITS, SEED)
        .unwrap()
        .join("catalog");
    let file = root.join("records").join(format!("{TRACKED}.ron"));
    (root, file)
}
