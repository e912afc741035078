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

/// `git diff --numstat` of the work tree at `dir`, one line per file, sorted.
pub(crate) fn numstat(dir: &Path) -> Vec<String> {
    let mut lines: Vec<String> = git(dir, &["diff", "--numstat"])
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
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

/// The sample in a repository set up with `folio git-setup`, committed.
fn set_up_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = committed_sample();
    let d = dir.to_str().unwrap();
    let out = folio(&["git-setup", d]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "Folio's merge driver"]);
    (tmp, dir)
}

/// Runs `git merge other`; whether it merged cleanly.
fn merge(dir: &Path) -> bool {
    Command::new("git")
        .args([
            "-c",
            "user.name=Ana Archivist",
            "-c",
            "user.email=ana@example.org",
        ])
        .args(["merge", "-q", "--no-edit", "other"])
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn git_setup_writes_what_is_missing_and_registers_the_driver_once() {
    let (_tmp, dir) = committed_sample();
    let d = dir.to_str().unwrap();
    let out = folio(&["git-setup", d]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("wrote "), "{}", stdout(&out));
    let attributes = fs::read_to_string(dir.join(".gitattributes")).unwrap();
    assert!(attributes.contains("records/*.ron merge=folio"));
    let driver = git(&dir, &["config", "--local", "merge.folio.driver"]);
    assert!(
        driver.trim_end().ends_with(" merge-driver %O %A %B %P"),
        "{driver}"
    );
    let again = folio(&["git-setup", d]);
    assert_eq!(code(&again), 0);
    assert!(
        stdout(&again).contains("already set up"),
        "{}",
        stdout(&again)
    );
    assert!(folio::vcs::setup_state(&dir).unwrap().is_complete());
    // A Folio that moved leaves a driver that would fail every merge: set up again.
    git(
        &dir,
        &[
            "config",
            "--local",
            "merge.folio.driver",
            "'/gone/folio' merge-driver %O %A %B %P",
        ],
    );
    assert!(!folio::vcs::setup_state(&dir).unwrap().is_complete());
    let moved = folio(&["git-setup", d]);
    assert!(
        stdout(&moved).contains("registered the merge driver"),
        "{}",
        stdout(&moved)
    );
    assert!(folio::vcs::setup_state(&dir).unwrap().is_complete());
    // A new catalog comes with both files.
    let tmp = tempfile::tempdir().unwrap();
    let new = tmp.path().join("new");
    assert_eq!(code(&folio(&["new", new.to_str().unwrap()])), 0);
    assert!(
        fs::read_to_string(new.join(".gitattributes"))
            .unwrap()
            .contains("merge=folio")
    );
}

#[test]
fn two_branches_changing_different_fields_of_a_record_merge_cleanly() {
    let (_tmp, dir) = set_up_sample();
    let d = dir.to_str().unwrap();
    git(&dir, &["checkout", "-qb", "other"]);
    assert_eq!(
        code(&folio(&["set", d, NAKAJIMA, "summary", "Their summary."])),
        0
    );
    assert_eq!(
        code(&folio(&[
            "set",
            d,
            NAKAJIMA,
            "people",
            "[\"Satō, Eisaku\", \"Mao Zedong\"]"
        ])),
        0
    );
    git(&dir, &["commit", "-qam", "Their summary"]);
    git(&dir, &["checkout", "-q", "main"]);
    assert_eq!(code(&folio(&["set", d, NAKAJIMA, "title", "Our title"])), 0);
    assert_eq!(
        code(&folio(&[
            "set",
            d,
            NAKAJIMA,
            "people",
            "[\"Chiang, Ching-kuo (Jiang Jingguo)\", \"Satō, Eisaku\", \"Zhou Enlai\"]"
        ])),
        0
    );
    git(&dir, &["commit", "-qam", "Our title"]);
    assert!(merge(&dir), "merged with no conflict");
    assert_eq!(get(d, NAKAJIMA, "title"), "Our title");
    assert_eq!(get(d, NAKAJIMA, "summary"), "Their summary.");
    let people: Vec<String> = serde_json::from_str(&get(d, NAKAJIMA, "people")).unwrap();
    assert_eq!(people, ["Satō, Eisaku", "Zhou Enlai", "Mao Zedong"]);
    assert_eq!(code(&folio(&["validate", d])), 0);
}

/// A merge stopped on the Nakajima record: the title changed both ways; their
/// summary and our status merged.
pub(crate) fn stopped_merge() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = set_up_sample();
    let d = dir.to_str().unwrap();
    git(&dir, &["checkout", "-qb", "other"]);
    assert_eq!(
        code(&folio(&["set", d, NAKAJIMA, "title", "Their title"])),
        0
    );
    assert_eq!(
        code(&folio(&["set", d, NAKAJIMA, "summary", "Their summary."])),
        0
    );
    git(&dir, &["commit", "-qam", "Their title"]);
    git(&dir, &["checkout", "-q", "main"]);
    assert_eq!(code(&folio(&["set", d, NAKAJIMA, "title", "Our title"])), 0);
    assert_eq!(code(&folio(&["set", d, NAKAJIMA, "status", "reviewed"])), 0);
    git(&dir, &["commit", "-qam", "Our title"]);
    assert!(!merge(&dir), "the merge stops");
    (tmp, dir)
}

pub(crate) fn nakajima_file(dir: &Path) -> std::path::PathBuf {
    dir.join("records").join(format!("{NAKAJIMA}.ron"))
}

#[test]
fn the_same_field_changed_both_ways_stops_the_merge_with_markers_around_it() {
    let (_tmp, dir) = stopped_merge();
    let text = fs::read_to_string(nakajima_file(&dir)).unwrap();
    assert!(
        text.contains("<<<<<<< ours\n    title: \"Our title\",\n=======\n    title: \"Their title\",\n>>>>>>> theirs\n"),
        "{text}"
    );
    assert_eq!(text.matches("<<<<<<<").count(), 1, "only the title: {text}");
    assert!(text.contains("    status: reviewed,\n"));
    assert!(text.contains("    summary: \"Their summary.\",\n"));
}

#[test]
fn a_stopped_merge_is_named_by_validate_and_never_written_over() {
    let (_tmp, dir) = stopped_merge();
    let d = dir.to_str().unwrap();
    let file = nakajima_file(&dir);
    let before = fs::read(&file).unwrap();
    let out = folio(&["validate", d]);
    assert_eq!(code(&out), 1);
    let report = stdout(&out);
    assert!(
        report.contains(&format!("{NAKAJIMA}.ron:3:1: error: a git merge stopped here: 1 field changed on both branches (title)")),
        "{report}"
    );
    // Writing it is refused; fmt leaves it.
    let out = folio(&["set", d, NAKAJIMA, "notes", "A note"]);
    assert_ne!(code(&out), 0);
    assert_eq!(code(&folio(&["fmt", d])), 1);
    assert_eq!(fs::read(&file).unwrap(), before, "never written over");
}

#[test]
fn a_rename_on_one_side_and_an_edit_on_the_other_merge() {
    let (_tmp, dir) = set_up_sample();
    let d = dir.to_str().unwrap();
    git(&dir, &["checkout", "-qb", "other"]);
    assert_eq!(
        code(&folio(&["set", d, NAKAJIMA, "summary", "Their summary."])),
        0
    );
    git(&dir, &["commit", "-qam", "Their summary"]);
    git(&dir, &["checkout", "-q", "main"]);
    assert_eq!(
        code(&folio(&[
            "set",
            d,
            NAKAJIMA,
            "id",
            "1967-11-nakajima-statement"
        ])),
        0
    );
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "Renamed"]);
    assert!(merge(&dir), "merged with no conflict");
    assert_eq!(
        get(d, "1967-11-nakajima-statement", "summary"),
        "Their summary."
    );
    assert!(!dir.join("records").join(format!("{NAKAJIMA}.ron")).exists());
    assert_eq!(code(&folio(&["validate", d])), 0);
}

/// A new catalog in a repository set up for Folio's merges, committed, with a
/// branch `other` beside `main`.
fn empty_set_up_catalog() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    let d = dir.to_str().unwrap();
    assert_eq!(code(&folio(&["new", d, "--name", "Shared"])), 0);
    git(&dir, &["init", "-q", "-b", "main"]);
    assert_eq!(code(&folio(&["git-setup", d])), 0);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "A new catalog"]);
    git(&dir, &["branch", "other"]);
    (tmp, dir)
}

/// The seed page's record id, as `folio import` names it.
const SEED: &str = "1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation";

/// Imports the seed page on the branch checked out, changes `field` to `value`
/// (when given) and commits.
fn add_seed_on(dir: &Path, branch: &str, change: Option<(&str, &str)>) {
    let d = dir.to_str().unwrap();
    git(dir, &["checkout", "-q", branch]);
    let seed = crate::support::fixtures().join("000_seed.txt");
    let out = folio(&["import", d, seed.to_str().unwrap()]);
    assert!(code(&out) <= 1, "{}", stderr(&out));
    if let Some((field, value)) = change {
        let out = folio(&["set", d, SEED, field, value]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    git(dir, &["add", "-A"]);
    git(
        dir,
        &["commit", "-qm", &format!("The seed page, on {branch}")],
    );
}

fn seed_file(dir: &Path) -> std::path::PathBuf {
    dir.join("records").join(format!("{SEED}.ron"))
}

#[test]
fn both_branches_adding_a_record_merge_it_field_by_field_from_an_empty_base() {
    let (_tmp, dir) = empty_set_up_catalog();
    let d = dir.to_str().unwrap();
    add_seed_on(&dir, "other", Some(("notes", "Checked against the scan.")));
    add_seed_on(&dir, "main", Some(("status", "reviewed")));
    // Each side's own field is kept; the fields both hold alike are there once.
    assert!(merge(&dir), "merged with no conflict");
    assert_eq!(get(d, SEED, "notes"), "Checked against the scan.");
    assert_eq!(get(d, SEED, "status"), "reviewed");
    let text = fs::read_to_string(seed_file(&dir)).unwrap();
    assert_eq!(text.matches("    title: ").count(), 1, "{text}");
    assert_eq!(code(&folio(&["validate", d])), 0);
}

#[test]
fn both_branches_adding_a_record_with_different_titles_stop_on_the_title() {
    let (_tmp, dir) = empty_set_up_catalog();
    let d = dir.to_str().unwrap();
    add_seed_on(&dir, "other", Some(("title", "Their title")));
    add_seed_on(&dir, "main", Some(("title", "Our title")));
    let out = Command::new("git")
        .args(["-c", "user.name=A", "-c", "user.email=a@example.org"])
        .args(["merge", "--no-edit", "other"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success(), "the merge stops");
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!said.contains("not installed"), "{said}");
    assert!(
        said.contains("1 field changed both ways (title)"),
        "the driver says which field: {said}"
    );
    let text = fs::read_to_string(seed_file(&dir)).unwrap();
    assert!(
        text.contains("<<<<<<< ours\n    title: \"Our title\",\n=======\n    title: \"Their title\",\n>>>>>>> theirs\n"),
        "{text}"
    );
    assert_eq!(text.matches("<<<<<<<").count(), 1, "only the title: {text}");
    let out = folio(&["validate", d]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out)
            .contains("error: a git merge stopped here: 1 field changed on both branches (title)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_record_added_on_both_branches_that_one_side_cannot_read_keeps_both_sides() {
    let (_tmp, dir) = empty_set_up_catalog();
    let d = dir.to_str().unwrap();
    add_seed_on(&dir, "main", None);
    git(&dir, &["checkout", "-q", "other"]);
    fs::create_dir_all(dir.join("records")).unwrap();
    fs::write(seed_file(&dir), "(\n    id: \"broken\n").unwrap();
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "A broken file"]);
    git(&dir, &["checkout", "-q", "main"]);
    assert!(!merge(&dir), "the merge stops");
    let text = fs::read_to_string(seed_file(&dir)).unwrap();
    // Git's own markers, with both versions between them: never ours alone.
    assert!(text.contains("<<<<<<< ours"), "{text}");
    assert!(text.contains(">>>>>>> theirs"), "{text}");
    assert!(text.contains("    id: \"broken"), "their side: {text}");
    assert!(text.contains("Report from Ji Pengfei"), "our side: {text}");
    let out = folio(&["validate", d]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("holds git merge conflict markers"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_merge_driver_reads_relative_paths_from_the_working_folder() {
    // Git runs the driver at the top of the work tree with relative temporary
    // file names: the driver's own line merge must find them there.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(".base"), "").unwrap();
    fs::write(tmp.path().join(".ours"), "not a record\n").unwrap();
    fs::write(tmp.path().join(".theirs"), "not a record either\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["merge-driver", ".base", ".ours", ".theirs", "records/x.ron"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "a conflict: {}", stderr(&out));
    assert!(!stderr(&out).contains("not installed"), "{}", stderr(&out));
    let text = fs::read_to_string(tmp.path().join(".ours")).unwrap();
    assert!(
        text.contains("not a record\n") && text.contains("not a record either\n"),
        "{text}"
    );
}

#[test]
fn an_unfinished_merge_is_left_out_of_every_command_that_reads_records() {
    let (_tmp, dir) = stopped_merge();
    let d = dir.to_str().unwrap();
    let named = |out: &std::process::Output| {
        let err = stderr(out);
        assert!(
            err.contains(&format!("{NAKAJIMA}.ron:3:1: a git merge stopped here: 1 field changed on both branches (title)")),
            "the file and its fields are named: {err}"
        );
        assert_eq!(code(out), 1, "a problem: {err}");
    };
    // `get` refuses: neither side is the record.
    let out = folio(&["get", d, NAKAJIMA, "--field", "title"]);
    named(&out);
    assert_eq!(stdout(&out), "", "no side printed");
    // An export, a search and the counts leave it out.
    let out = folio(&["export", d, "--format", "json"]);
    named(&out);
    assert!(!stdout(&out).contains(NAKAJIMA), "not exported");
    assert!(stdout(&out).contains("wcda-"), "the others are");
    let out = folio(&["search", d, "Nakajima", "--sort", "id"]);
    named(&out);
    assert!(!stdout(&out).contains(NAKAJIMA), "{}", stdout(&out));
    let out = folio(&["stats", d]);
    named(&out);
    let records = fs::read_dir(dir.join("records")).unwrap().count();
    assert!(
        stdout(&out).contains(&format!(": {} records", records - 1)),
        "{}",
        stdout(&out)
    );
    // An import does not update one side of it.
    let csv = dir.parent().unwrap().join("notes.csv");
    fs::write(&csv, format!("id,notes\n{NAKAJIMA},Checked\n")).unwrap();
    let out = folio(&["import", d, csv.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("error: row 2: its record's file holds an unfinished git merge"),
        "{}",
        stderr(&out)
    );
    // A change to every record leaves it out too, and says so.
    let out = folio(&["edit", d, "--all", "--set", "notes=Checked", "--dry-run"]);
    named(&out);
    assert!(!stdout(&out).contains(NAKAJIMA), "{}", stdout(&out));
}

/// A merge stopped on the Nakajima record: deleted on their branch, retitled on ours.
pub(crate) fn delete_edit_merge() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = set_up_sample();
    let d = dir.to_str().unwrap();
    git(&dir, &["checkout", "-qb", "other"]);
    git(&dir, &["rm", "-q", &format!("records/{NAKAJIMA}.ron")]);
    git(&dir, &["commit", "-qm", "Deleted"]);
    git(&dir, &["checkout", "-q", "main"]);
    assert_eq!(code(&folio(&["set", d, NAKAJIMA, "title", "Our title"])), 0);
    git(&dir, &["commit", "-qam", "Our title"]);
    assert!(!merge(&dir), "the merge stops: changed here, deleted there");
    (tmp, dir)
}

#[test]
fn a_delete_edit_conflict_is_named_by_validate_and_the_commit_waits_for_it() {
    let (_tmp, dir) = delete_edit_merge();
    let d = dir.to_str().unwrap();
    // The file is whole (our version), with no marker: only git knows.
    assert!(
        !fs::read_to_string(nakajima_file(&dir))
            .unwrap()
            .contains("<<<<<<<")
    );
    let out = folio(&["validate", d]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("{NAKAJIMA}.ron:1:1: error: git lists this file as unmerged: it was changed on this branch and deleted on the branch merged in")),
        "{}",
        stdout(&out)
    );
    // Folio's commit does not settle it by adding the file.
    match folio::vcs::commit_catalog(&dir, "Merge") {
        Err(folio::vcs::CommitError::UnfinishedMerge(files)) => {
            assert!(files[0].contains(NAKAJIMA), "{files:?}")
        }
        other => panic!("expected a refusal: {other:?}"),
    }
    // Once the archivist says which side wins, validate is clean.
    git(&dir, &["add", &format!("records/{NAKAJIMA}.ron")]);
    assert_eq!(code(&folio(&["validate", d])), 0);
}

#[test]
fn a_merge_settled_in_folio_is_committed_whole_and_markers_never_are() {
    let (_tmp, dir) = stopped_merge();
    // While the file holds markers, Folio's commit refuses (it would stage them).
    match folio::vcs::commit_catalog(&dir, "Merge") {
        Err(folio::vcs::CommitError::UnfinishedMerge(files)) => {
            assert!(
                files[0].contains("still holds conflict markers"),
                "{files:?}"
            )
        }
        other => panic!("expected a refusal: {other:?}"),
    }
    assert!(
        git(&dir, &["diff", "--name-only", "--diff-filter=U"]).contains(NAKAJIMA),
        "still unmerged: nothing was staged"
    );
    // The archivist keeps their title (as Show both would write the file).
    let text = fs::read_to_string(nakajima_file(&dir)).unwrap();
    let (ours, _) = folio::store::conflicted::split(&text).unwrap();
    fs::write(nakajima_file(&dir), ours).unwrap();
    let report = folio::vcs::commit_catalog(&dir, "Merge the other branch").unwrap();
    assert!(report.records >= 1);
    let parents = git(&dir, &["rev-list", "--parents", "-n", "1", "HEAD"]);
    assert_eq!(
        parents.split_whitespace().count(),
        3,
        "a merge commit: {parents}"
    );
    assert_eq!(get(dir.to_str().unwrap(), NAKAJIMA, "title"), "Our title");
    assert_eq!(
        get(dir.to_str().unwrap(), NAKAJIMA, "summary"),
        "Their summary."
    );
}

#[test]
fn git_setup_keeps_every_byte_of_the_archivists_files_and_refuses_what_it_cannot_read() {
    let (_tmp, dir) = committed_sample();
    let d = dir.to_str().unwrap();
    // A .gitignore saved by a Latin-1 editor: not UTF-8.
    let own = b"# Fichiers \xe9crits par l'\xe9diteur\n*.bak\nbrouillons/\n".to_vec();
    fs::write(dir.join(".gitignore"), &own).unwrap();
    fs::remove_file(dir.join(".gitattributes")).ok();
    let out = folio(&["git-setup", d]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let ignore = fs::read(dir.join(".gitignore")).unwrap();
    assert!(ignore.starts_with(&own), "every rule kept");
    assert!(
        ignore.ends_with(b".folio.lock\n.folio-*\n"),
        "Folio's added"
    );

    // A file that cannot be read is left alone, and so is the other one.
    let (_tmp2, other) = committed_sample();
    let o = other.to_str().unwrap();
    fs::write(other.join(".gitignore"), &own).unwrap();
    fs::remove_file(other.join(".gitattributes")).ok();
    fs::create_dir(other.join(".gitattributes")).unwrap();
    let out = folio(&["git-setup", o]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(".gitattributes: cannot be read")
            && stderr(&out).contains("left as it is"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(other.join(".gitignore")).unwrap(), own);
}

#[test]
fn the_apps_export_leaves_out_a_record_a_merge_left_unfinished() {
    let (tmp, dir) = stopped_merge();
    let session =
        folio::session::Session::open(&dir, &folio::session::SessionOptions::command_line())
            .unwrap();
    let path = tmp.path().join("all.json");
    let job = session
        .start_export(folio::session::ExportRequest {
            scope: folio::session::Scope::All,
            target: folio::session::Target::File(folio::export::Format::Json),
            options: Default::default(),
            path: path.clone(),
            overwrite: false,
        })
        .unwrap();
    let outcome = loop {
        if let Some(result) = job.poll() {
            break result.unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let records = fs::read_dir(dir.join("records")).unwrap().count();
    assert_eq!(outcome.records, records - 1);
    assert!(
        outcome.details[0].starts_with("1 record left out: a git merge left its file unfinished"),
        "{:?}",
        outcome.details
    );
    assert!(!fs::read_to_string(&path).unwrap().contains(NAKAJIMA));
}
