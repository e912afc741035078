//! Versioning: format 2 (no stamp in record files), and git as the catalog's history.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{code, folio, get, sample_copy, stderr, stdout};

const NAKAJIMA: &str = "wcda-300638";

/// Runs git in `dir` with a fixed identity; its output.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Ana Archivist",
            "-c",
            "user.email=ana@example.org",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    stdout(&out)
}

/// A copy of the sample catalog in a new repository, committed.
pub(crate) fn committed_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = sample_copy();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "The sample catalog"]);
    (tmp, dir)
}

#[test]
fn a_format_1_catalog_is_read_and_written_in_format_2() {
    let (_tmp, dir) = sample_copy();
    // Format 1: a `modified` line in every record, and catalog.ron says 1.
    let records = dir.join("records");
    for entry in fs::read_dir(&records).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let (head, tail) = text.rsplit_once(")\n").unwrap();
        assert!(tail.is_empty());
        fs::write(
            &path,
            format!("{head}    modified: \"2026-11-30T10:00:00Z\",\n)\n"),
        )
        .unwrap();
    }
    let settings = dir.join("catalog.ron");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        text.replace("format_version: 2", "format_version: 1"),
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    assert_eq!(code(&folio(&["validate", d])), 0, "format 1 reads");

    // One record written: without its stamp, and catalog.ron says 2 first.
    let out = folio(&["set", d, NAKAJIMA, "status", "reviewed"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let nakajima = fs::read_to_string(records.join(format!("{NAKAJIMA}.ron"))).unwrap();
    assert!(!nakajima.contains("modified:"), "{nakajima}");
    assert!(
        fs::read_to_string(&settings)
            .unwrap()
            .contains("format_version: 2")
    );

    // folio fmt rewrites the others.
    let out = folio(&["fmt", d, "--check"]);
    assert_eq!(code(&out), 1, "the other files still hold the stamp");
    assert_eq!(code(&folio(&["fmt", d])), 0);
    for entry in fs::read_dir(&records).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("modified:"));
    }
    assert_eq!(code(&folio(&["fmt", d, "--check"])), 0);
}

#[test]
fn when_a_record_changed_comes_from_git_or_the_file() {
    let (_tmp, dir) = committed_sample();
    let d = dir.to_str().unwrap();
    let changed = get(d, NAKAJIMA, "changed");
    assert!(
        changed.contains("by Ana Archivist (commit "),
        "the last commit: {changed}"
    );
    assert_eq!(code(&folio(&["set", d, NAKAJIMA, "status", "reviewed"])), 0);
    let changed = get(d, NAKAJIMA, "changed");
    assert!(
        changed.ends_with("(the file's modification time, not committed)"),
        "{changed}"
    );
    // Outside git, the file's time.
    let (_other, plain) = sample_copy();
    let changed = get(plain.to_str().unwrap(), NAKAJIMA, "changed");
    assert!(changed.ends_with("not committed)"), "{changed}");
}
