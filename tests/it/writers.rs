//! Two programs writing one catalog at once: every command either has its edit on
//! disk or exited non-zero saying why; no edit is ever lost with both saying yes.
//!
//! `FOLIO_WRITER_ROUNDS=200` (the default) sets the rounds of two concurrent `folio
//! set`; a quarter as many rounds pit `folio fmt` against `folio set`.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use folio::store::format;

use crate::support::{stderr, synthetic};

fn rounds() -> usize {
    std::env::var("FOLIO_WRITER_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        // Each process its own cache folder: the cache is not under test here.
        .env(
            "FOLIO_CACHE_DIR",
            std::env::temp_dir().join("folio-writers-cache"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn record(dir: &Path, id: &str) -> folio::model::Record {
    let text = fs::read_to_string(dir.join(format!("records/{id}.ron"))).unwrap();
    format::record_from_ron(&text).unwrap()
}

/// An exit that is not 0 must say why.
fn check_refusal(out: &Output, round: usize) {
    assert!(
        !stderr(out).trim().is_empty(),
        "round {round}: failed without a word"
    );
}

#[test]
fn two_concurrent_sets_never_lose_an_edit() {
    let (_tmp, dir) = synthetic(3, 5);
    let d = dir.to_str().unwrap().to_owned();
    let (mut both, mut refused) = (0, 0);
    for round in 0..rounds() {
        let title = format!("Title of round {round}");
        let summary = format!("Summary of round {round}");
        let a = spawn(&["set", &d, "syn-0000001", "title", &title]);
        let b = spawn(&["set", &d, "syn-0000001", "summary", &summary]);
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let on_disk = record(&dir, "syn-0000001");
        for (out, field, wanted, value) in [
            (&a, "title", &title, &on_disk.title),
            (&b, "summary", &summary, &on_disk.summary),
        ] {
            if out.status.success() {
                assert_eq!(value, wanted, "round {round}: the {field} edit was lost");
            } else {
                check_refusal(out, round);
                refused += 1;
            }
        }
        both += usize::from(a.status.success() && b.status.success());
    }
    println!(
        "{} rounds of two concurrent `folio set`: {both} with both edits saved, {refused} refusals",
        rounds()
    );
    assert!(
        both > 0,
        "the writers never both succeeded: the test proved nothing"
    );
}

#[test]
fn fmt_and_set_at_once_never_lose_an_edit() {
    let (_tmp, dir) = synthetic(40, 6);
    let d = dir.to_str().unwrap().to_owned();
    // Files `fmt` has to rewrite: indented with tabs.
    let spoil = || {
        for entry in fs::read_dir(dir.join("records")).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            fs::write(&path, text.replace("\n    ", "\n\t")).unwrap();
        }
    };
    let mut both = 0;
    let wanted = (rounds() / 4).max(10);
    for round in 0..wanted {
        spoil();
        let title = format!("Set during fmt, round {round}");
        let a = spawn(&["fmt", &d]);
        let b = spawn(&["set", &d, "syn-0000007", "title", &title]);
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        if b.status.success() {
            assert_eq!(
                record(&dir, "syn-0000007").title,
                title,
                "round {round}: the set edit was lost"
            );
        } else {
            check_refusal(&b, round);
        }
        if !a.status.success() {
            check_refusal(&a, round);
        }
        both += usize::from(a.status.success() && b.status.success());
    }
    println!("{wanted} rounds of `folio fmt` with `folio set`: {both} with both done");
    assert!(
        both > 0,
        "the writers never both succeeded: the test proved nothing"
    );
}
