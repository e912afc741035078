//! A seeded synthetic git repository of a catalog with a long history, for the
//! benchmarks of `folio history` and of the History tab.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::model::{Field, RecordId};
use crate::store::format::record_to_ron;

use super::synthetic_record;

/// The record whose history the benchmarks read: changed in every second commit,
/// and renamed (from `syn-0000000`) halfway.
pub const TRACKED: &str = "syn-0000000-renamed";

/// The repository of `records` records and `commits` commits for `seed` (its
/// catalog in `catalog/`), generated once under `target/bench-history/` by
/// `git fast-import` and reused. Each commit after the first changes five random
/// records (a date, a title or a summary) and, every second commit, [`TRACKED`].
pub fn history_repository(records: usize, commits: usize, seed: u64) -> std::io::Result<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-history")
        .join(format!(
            "{records}x{commits}-seed{seed}-v{}",
            super::GENERATOR_VERSION
        ));
    if dir.join(".complete").exists() {
        return Ok(dir);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    crate::store::create(&dir.join("catalog"), "Synthetic history")
        .map_err(std::io::Error::other)?;
    git(&dir, &["init", "-q", "-b", "main"])?;
    let stream = fast_import_stream(&dir, records, commits, seed)?;
    let mut import = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = import.stdin.take() {
        stdin.write_all(&stream)?;
    }
    if !import.wait()?.success() {
        return Err(std::io::Error::other("git fast-import failed"));
    }
    git(&dir, &["reset", "-q", "--hard", "main"])?;
    std::fs::write(dir.join(".complete"), "")?;
    Ok(dir)
}

fn fast_import_stream(
    dir: &Path,
    records: usize,
    commits: usize,
    seed: u64,
) -> std::io::Result<Vec<u8>> {
    fn invalid(e: impl std::fmt::Display) -> std::io::Error {
        std::io::Error::other(e.to_string())
    }
    let mut all = (0..records)
        .map(|i| synthetic_record(seed, i).map_err(invalid))
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut paths: Vec<String> = all
        .iter()
        .map(|r| format!("catalog/records/{}.ron", r.id.as_str()))
        .collect();
    let mut stream = Vec::new();
    let settings = std::fs::read(dir.join("catalog/catalog.ron"))?;
    let mut first: Vec<(String, Vec<u8>)> = vec![("catalog/catalog.ron".into(), settings)];
    for (path, record) in paths.iter().zip(&all) {
        first.push((path.clone(), synthetic_text(record)?.into_bytes()));
    }
    commit(&mut stream, 0, "A catalog and its records", &first, &[])?;
    let mut rng = fastrand::Rng::with_seed(seed);
    let epoch = chrono::NaiveDate::from_ymd_opt(1945, 1, 1).ok_or_else(|| invalid("date"))?;
    for n in 1..commits {
        let mut changed = Vec::new();
        let mut deleted = Vec::new();
        let mut touched: Vec<usize> = (0..5).map(|_| rng.usize(1..records.max(2))).collect();
        if n.is_multiple_of(2) {
            touched.push(0);
        }
        for i in touched {
            let (Some(record), Some(path)) = (all.get_mut(i), paths.get_mut(i)) else {
                continue;
            };
            match rng.u8(0..3) {
                0 => {
                    // A day of its own for each commit: always a change.
                    let day = epoch + chrono::Days::new(n as u64);
                    let date = Field::Date.parse_input(&day.to_string()).map_err(invalid)?;
                    Field::Date.set(record, date).map_err(invalid)?;
                }
                1 => record.title.push_str(" (corrected)"),
                _ => record.summary.push_str(" Another sentence of summary."),
            }
            if i == 0 && n == commits / 2 {
                deleted.push(path.clone());
                record.id = RecordId::new(TRACKED).map_err(invalid)?;
                *path = format!("catalog/records/{TRACKED}.ron");
            }
            changed.push((path.clone(), synthetic_text(record)?.into_bytes()));
        }
        commit(
            &mut stream,
            n,
            &format!("Correction {n}"),
            &changed,
            &deleted,
        )?;
    }
    Ok(stream)
}

/// Appends a commit to a fast-import stream; two authors take turns.
fn commit(
    stream: &mut Vec<u8>,
    n: usize,
    message: &str,
    changed: &[(String, Vec<u8>)],
    deleted: &[String],
) -> std::io::Result<()> {
    let when = 1_700_000_000 + n * 3_600;
    let author = if n.is_multiple_of(2) {
        "Ana Archivist <ana@example.org>"
    } else {
        "Ben Cataloguer <ben@example.org>"
    };
    writeln!(stream, "commit refs/heads/main")?;
    writeln!(stream, "author {author} {when} +0000")?;
    writeln!(stream, "committer {author} {when} +0000")?;
    writeln!(stream, "data {}\n{message}", message.len())?;
    for path in deleted {
        writeln!(stream, "D {path}")?;
    }
    for (path, bytes) in changed {
        writeln!(stream, "M 100644 inline {path}\ndata {}", bytes.len())?;
        stream.extend_from_slice(bytes);
        stream.push(b'\n');
    }
    Ok(())
}

/// A record's file text (synthetic records hold their texts).
fn synthetic_text(record: &crate::model::Record) -> std::io::Result<String> {
    record_to_ron(record).map_err(std::io::Error::other)
}

fn git(dir: &Path, args: &[&str]) -> std::io::Result<()> {
    if Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()?
        .success()
    {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("git {args:?} failed")))
    }
}
