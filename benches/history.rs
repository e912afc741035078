//! A record's history (`folio history`) in a seeded synthetic repository: 10,000
//! records and 1,000 commits, the record benchmarked changed in half of them (and
//! renamed once), five other records changed in each.
//!
//! Run with `cargo bench --bench history`. The repository is generated once, by
//! `git fast-import`, into `target/bench-history/` and reused; delete that folder
//! to regenerate. The command itself can then be timed as a whole:
//! `target/release/folio history target/bench-history/catalog syn-0000000-renamed`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use folio::model::{Field, RecordId};
use folio::store::format::record_to_ron;
use folio::synth::{synthetic_record, write_catalog};
use folio::vcs::history::{field_history, record_history};

const SEED: u64 = 42;
const RECORDS: usize = 10_000;
const COMMITS: usize = 1_000;
/// The record whose history is read, after its rename.
const TRACKED: &str = "syn-0000000-renamed";

fn main() {
    repository();
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
    let root = repository().join("catalog");
    let file = root.join("records").join(format!("{TRACKED}.ron"));
    (root, file)
}

/// The repository, generated on first use.
fn repository() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-history");
    if dir.join(".complete").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    write_catalog(&dir.join("catalog"), RECORDS, SEED).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    let mut stream = Vec::new();
    let mut records: Vec<_> = (0..RECORDS)
        .map(|i| synthetic_record(SEED, i).unwrap())
        .collect();
    let mut files: Vec<(String, usize)> = Vec::new();
    for (i, record) in records.iter().enumerate() {
        files.push((format!("catalog/records/{}.ron", record.id.as_str()), i));
    }
    // The first commit: every record and the settings.
    let settings = std::fs::read(dir.join("catalog/catalog.ron")).unwrap();
    let mut changes: Vec<(String, Vec<u8>)> = vec![("catalog/catalog.ron".into(), settings)];
    for (path, i) in &files {
        changes.push((path.clone(), record_to_ron(&records[*i]).into_bytes()));
    }
    commit(&mut stream, 0, "Catalog of 10,000 records", &changes, &[]);
    let mut rng = fastrand::Rng::with_seed(SEED);
    for n in 1..COMMITS {
        let mut changed = Vec::new();
        let mut deleted = Vec::new();
        let mut touched: Vec<usize> = (0..5).map(|_| rng.usize(1..RECORDS)).collect();
        if n % 2 == 0 {
            touched.push(0);
        }
        for i in touched {
            let record = &mut records[i];
            match rng.u8(0..3) {
                0 => {
                    // A day of its own for each commit: always a change.
                    let day = chrono::NaiveDate::from_ymd_opt(1945, 1, 1).unwrap()
                        + chrono::Days::new(n as u64);
                    let date = Field::Date.parse_input(&day.to_string()).unwrap();
                    Field::Date.set(record, date).unwrap();
                }
                1 => record.title.push_str(" (corrected)"),
                _ => record.summary.push_str(" Another sentence of summary."),
            }
            if i == 0 && n == COMMITS / 2 {
                // The tracked record is renamed halfway: its history follows.
                deleted.push(files[0].0.clone());
                record.id = RecordId::new(TRACKED).unwrap();
                files[0].0 = format!("catalog/records/{TRACKED}.ron");
            }
            changed.push((files[i].0.clone(), record_to_ron(record).into_bytes()));
        }
        commit(
            &mut stream,
            n,
            &format!("Correction {n}"),
            &changed,
            &deleted,
        );
    }
    let mut import = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    import.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(import.wait().unwrap().success());
    git(&dir, &["reset", "-q", "--hard", "main"]);
    git(&dir, &["clean", "-q", "-fd"]);
    std::fs::write(dir.join(".complete"), "").unwrap();
    dir
}

/// Appends a commit to a fast-import stream.
fn commit(
    stream: &mut Vec<u8>,
    n: usize,
    message: &str,
    changed: &[(String, Vec<u8>)],
    deleted: &[String],
) {
    let when = 1_700_000_000 + n * 3_600;
    let author = [
        "Ana Archivist <ana@example.org>",
        "Ben Cataloguer <ben@example.org>",
    ][n % 2];
    writeln!(stream, "commit refs/heads/main").unwrap();
    writeln!(stream, "author {author} {when} +0000").unwrap();
    writeln!(stream, "committer {author} {when} +0000").unwrap();
    writeln!(stream, "data {}\n{message}", message.len()).unwrap();
    for path in deleted {
        writeln!(stream, "D {path}").unwrap();
    }
    for (path, bytes) in changed {
        writeln!(stream, "M 100644 inline {path}\ndata {}", bytes.len()).unwrap();
        stream.extend_from_slice(bytes);
        stream.push(b'\n');
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?} failed");
}
