//! Sync of a seeded synthetic catalog of 10,000 records where each side changed 100
//! records since they last met: 50 records both changed (different fields: Folio's
//! merge driver runs for each) and 50 each changed alone. One `sync` fetches the
//! server's commit, merges it (a merge commit) and pushes.
//!
//! Run with `cargo bench --bench sync`. The team (a bare "server" repository, the
//! clone syncing, the server's new commit) is generated once under
//! `target/bench-sync/` and reused; each sample starts from a fresh copy of the
//! clone and the server's branch put back, so that every fetch, merge and push does
//! its whole work. The server is reached through git's own transport on a local
//! path (no network in the figure). Before the samples, one sync is timed step by
//! step and printed: what takes the time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use folio::vcs::Network;
use folio::vcs::sync::{SyncOutcome, SyncStep, sync};

const SEED: u64 = 42;
const RECORDS: usize = 10_000;
const CHANGED: usize = 100;
const PROGRAM: &str = env!("CARGO_BIN_EXE_folio");

fn main() {
    let team = team();
    breakdown(&team);
    divan::main();
}

struct Team {
    server: PathBuf,
    /// The clone as it was before syncing (copied for each sample).
    pristine: PathBuf,
    /// The server's branch with the colleague's commit.
    theirs: String,
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Sets one field of the synthetic record `index` in the clone at `dir`.
fn change(dir: &Path, index: usize, field: &str, value: &str) {
    let out = Command::new(PROGRAM)
        .args([
            "set",
            dir.to_str().unwrap(),
            &format!("syn-{index:07}"),
            field,
            value,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn team() -> Team {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-sync")
        .join(format!("{RECORDS}x{CHANGED}-seed{SEED}-v1"));
    let done = root.join("ready");
    let team = Team {
        server: root.join("server.git"),
        pristine: root.join("ours"),
        theirs: String::new(),
    };
    if let Ok(theirs) = std::fs::read_to_string(&done) {
        return Team {
            theirs: theirs.trim().to_owned(),
            ..team
        };
    }
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let seed = root.join("seed");
    folio::synth::write_catalog(&seed, RECORDS, SEED).unwrap();
    git(&seed, &["init", "-q", "-b", "main"]);
    folio::vcs::git_setup(&seed, Path::new(PROGRAM)).unwrap();
    git(&seed, &["add", "."]);
    git(&seed, &["commit", "-qm", "The catalog"]);
    git(&root, &["clone", "-q", "--bare", "seed", "server.git"]);
    let clone = |name: &str| {
        let dir = root.join(name);
        folio::vcs::sync::clone_catalog(
            team.server.to_str().unwrap(),
            &dir,
            Path::new(PROGRAM),
            &Network::default(),
        )
        .unwrap();
        git(&dir, &["config", "user.name", name]);
        git(&dir, &["config", "user.email", "bench@example.org"]);
        dir
    };
    let (ours, colleague) = (clone("ours"), clone("colleague"));
    // Records 0–49 both sides (different fields), 50–99 the colleague's alone,
    // 100–149 ours alone.
    for i in 0..CHANGED {
        change(
            &colleague,
            i,
            "summary",
            &format!("The colleague's summary {i}."),
        );
    }
    for i in (0..CHANGED / 2).chain(CHANGED..CHANGED + CHANGED / 2) {
        change(&ours, i, "notes", &format!("Our note {i}."));
    }
    folio::vcs::commit_catalog(&colleague, "The colleague's changes").unwrap();
    git(&colleague, &["push", "-q", "origin", "main"]);
    folio::vcs::commit_catalog(&ours, "Our changes").unwrap();
    let theirs = git(&team.server, &["rev-parse", "main"]);
    std::fs::write(&done, &theirs).unwrap();
    Team { theirs, ..team }
}

/// A fresh copy of the clone, the server's branch back at the colleague's commit.
fn fresh(team: &Team) -> tempfile::TempDir {
    git(
        &team.server,
        &["update-ref", "refs/heads/main", &team.theirs],
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new("cp")
        .args([
            "-a",
            team.pristine.to_str().unwrap(),
            tmp.path().join("ours").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cp: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmp
}

fn synced(dir: &Path, step: &dyn Fn(SyncStep)) {
    let outcome = sync(dir, Path::new(PROGRAM), &Network::default(), step).unwrap();
    let SyncOutcome::Synced(report) = outcome else {
        panic!("conflicts: {outcome:?}");
    };
    assert_eq!(report.pulled, 1);
    assert!(report.merge_commit);
    assert_eq!(report.changed_records.len(), CHANGED);
}

/// One sync, step by step: where the time goes.
fn breakdown(team: &Team) {
    let tmp = fresh(team);
    let dir = tmp.path().join("ours");
    let marks = std::sync::Mutex::new(vec![("start".to_owned(), Instant::now())]);
    synced(&dir, &|step| {
        marks
            .lock()
            .unwrap()
            .push((format!("{step:?}"), Instant::now()));
    });
    let mut marks = marks.into_inner().unwrap();
    marks.push(("end".to_owned(), Instant::now()));
    let parts: Vec<String> = marks
        .windows(2)
        .map(|w| {
            format!(
                "{} {:.0} ms",
                w[0].0,
                (w[1].1 - w[0].1).as_secs_f64() * 1000.0
            )
        })
        .collect();
    println!(
        "one sync, by step (each from its start to the next): {}",
        parts.join(", ")
    );
}

/// The whole sync: fetch, merge (100 records, 50 through the driver), push.
#[divan::bench(sample_count = 7, sample_size = 1)]
fn sync_10000_records_100_changed_each_side(bencher: divan::Bencher) {
    let team = team();
    bencher
        .with_inputs(|| fresh(&team))
        .bench_local_values(|tmp| {
            synced(&tmp.path().join("ours"), &|_| {});
            tmp
        });
}
