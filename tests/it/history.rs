//! A record's history from git (`folio history`, `vcs::record_history`), and
//! committing the catalog (`vcs::status`, `vcs::commit_catalog`).

use std::fs;

use folio::model::Field;
use folio::vcs::history::{FileEvent, field_history, record_history};
use folio::vcs::{CommitError, FileState, GitError, commit_catalog, status};

use crate::support::{code, folio, get, sample_copy, stderr, stdout};
use crate::vcs::{committed_sample, git};

const NAKAJIMA: &str = "wcda-300638";

/// `folio set` on the catalog at `dir`, which must succeed.
pub(crate) fn set(dir: &std::path::Path, id: &str, field: &str, value: &str) {
    let out = folio(&["set", dir.to_str().unwrap(), id, field, value]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// Commits every change of the repository at `dir` as Ben Cataloguer.
pub(crate) fn commit_as_ben(dir: &std::path::Path, message: &str) {
    git(
        dir,
        &["-c", "user.name=Ben Cataloguer", "commit", "-qam", message],
    );
}

#[test]
fn history_of_a_field_lists_each_commit_with_old_and_new_values_across_a_rename() {
    let (_tmp, dir) = committed_sample();
    let d = dir.to_str().unwrap();
    let original = get(d, NAKAJIMA, "title");
    set(&dir, NAKAJIMA, "title", "Nakajima on Japan–China trade");
    commit_as_ben(&dir, "Retitle");
    set(&dir, NAKAJIMA, "id", "nakajima");
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "Rename"]);
    set(&dir, "nakajima", "title", "Nakajima on trade");

    let out = folio(&["history", d, "nakajima", "--field", "title"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[0].starts_with("(not committed)"), "{text}");
    assert_eq!(
        lines[1],
        "    title: Nakajima on Japan–China trade → Nakajima on trade"
    );
    assert!(lines[2].contains("Ben Cataloguer  Retitle"), "{text}");
    assert_eq!(
        lines[3],
        format!("    title: {original} → Nakajima on Japan–China trade")
    );
    assert!(
        lines[4].contains("Ana Archivist  The sample catalog (created)"),
        "{text}"
    );
    assert_eq!(lines[5], format!("    title: (empty) → {original}"));

    // The whole history also has the rename, which changed no field.
    let out = folio(&["history", d, "nakajima", "--json"]);
    let history: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 4, "{history:#}");
    assert_eq!(entries[1]["commit"]["subject"], "Rename");
    assert_eq!(entries[1]["event"]["kind"], "renamed");
    assert_eq!(
        entries[1]["event"]["detail"],
        format!("records/{NAKAJIMA}.ron").as_str()
    );
    assert_eq!(entries[2]["commit"]["author"], "Ben Cataloguer");
    assert_eq!(entries[2]["changes"][0]["field"], "title");
}

#[test]
fn a_long_text_changed_by_one_word_shows_as_a_word_diff() {
    let (_tmp, dir) = committed_sample();
    let summary = get(dir.to_str().unwrap(), NAKAJIMA, "summary");
    assert!(summary.len() > 80 && summary.contains(" the "));
    set(
        &dir,
        NAKAJIMA,
        "summary",
        &summary.replacen(" the ", " THE ", 1),
    );
    git(&dir, &["commit", "-qam", "One word"]);

    let root = dir.as_path();
    let history = record_history(root, &dir.join(format!("records/{NAKAJIMA}.ron"))).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].commit.as_ref().unwrap().subject, "One word");
    assert_eq!(history[0].event, FileEvent::Changed);
    let change = history[0].change_of(Field::Summary).unwrap();
    let diff = change.word_diff().unwrap();
    use folio::vcs::history::WordChange::{Added, Removed};
    let changed: Vec<_> = diff
        .iter()
        .filter(|p| matches!(p, Added(_) | Removed(_)))
        .collect();
    assert_eq!(
        changed,
        [&Removed("the".into()), &Added("THE".into())],
        "{diff:?}"
    );
    assert_eq!(
        field_history(&history, Field::Date).len(),
        1,
        "only its creation"
    );

    let out = folio(&["history", dir.to_str().unwrap(), NAKAJIMA]);
    assert!(stdout(&out).contains("[-the-]{+THE+}"), "{}", stdout(&out));
}

#[test]
fn history_outside_git_is_refused_with_the_reason() {
    let (_tmp, dir) = sample_copy();
    let out = folio(&["history", dir.to_str().unwrap(), NAKAJIMA]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not inside a git work tree"),
        "{}",
        stderr(&out)
    );
}

/// The sample in `catalog/` of a repository with another file staged beside it.
fn sample_in_a_repository() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = sample_copy();
    let top = tmp.path();
    git(top, &["init", "-q", "-b", "main"]);
    git(top, &["config", "user.name", "Ana Archivist"]);
    git(top, &["config", "user.email", "ana@example.org"]);
    git(top, &["add", "."]);
    git(top, &["commit", "-qm", "The sample catalog"]);
    fs::write(top.join("draft.txt"), "not part of the catalog").unwrap();
    git(top, &["add", "draft.txt"]);
    (tmp, dir)
}

#[test]
fn a_commit_holds_exactly_the_changed_records_and_nothing_else_staged() {
    let (tmp, dir) = sample_in_a_repository();
    let top = tmp.path();
    let other = fs::read_dir(dir.join("records"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().replace(".ron", ""))
        .find(|id| id != NAKAJIMA)
        .unwrap();
    set(&dir, NAKAJIMA, "status", "reviewed");
    set(&dir, &other, "id", "renamed-one");
    // Folio's own files are never the catalog's.
    fs::write(dir.join(".folio.lock"), "held").unwrap();

    let before = status(&dir).unwrap();
    assert_eq!(before.branch.as_deref(), Some("main"));
    let mut changed: Vec<_> = before
        .changed_records()
        .into_iter()
        .map(|(id, state)| (id.to_string(), state))
        .collect();
    changed.sort();
    assert_eq!(
        changed,
        [
            (other.clone(), FileState::Deleted),
            ("renamed-one".to_owned(), FileState::Added),
            (NAKAJIMA.to_owned(), FileState::Modified),
        ]
    );

    let report = commit_catalog(&dir, "Review Nakajima; rename one\n").unwrap();
    assert_eq!((report.files, report.records), (3, 3));
    let files = git(
        top,
        &[
            "show",
            "--no-renames",
            "--name-only",
            "--format=%s%n%an",
            "HEAD",
        ],
    );
    let mut lines: Vec<&str> = files.lines().filter(|l| !l.is_empty()).collect();
    lines[2..].sort();
    let (gone, kept) = (
        format!("catalog/records/{other}.ron"),
        format!("catalog/records/{NAKAJIMA}.ron"),
    );
    let mut expected = vec![
        "Review Nakajima; rename one",
        "Ana Archivist",
        &gone,
        "catalog/records/renamed-one.ron",
        &kept,
    ];
    expected[2..].sort();
    assert_eq!(lines, expected);
    // The other file is still staged, not committed; nothing of the catalog is left.
    assert_eq!(
        git(top, &["diff", "--cached", "--name-only"]),
        "draft.txt\n"
    );
    assert!(status(&dir).unwrap().changed.is_empty());
    assert!(matches!(
        commit_catalog(&dir, "again"),
        Err(CommitError::NothingToCommit)
    ));
}

#[test]
fn a_commit_is_refused_without_a_message_an_identity_or_a_work_tree() {
    let (tmp, dir) = sample_in_a_repository();
    set(&dir, NAKAJIMA, "status", "reviewed");
    assert!(matches!(
        commit_catalog(&dir, "  \n"),
        Err(CommitError::NoMessage)
    ));
    // An empty name here hides any name of the machine's configuration.
    git(tmp.path(), &["config", "user.name", ""]);
    let refused = commit_catalog(&dir, "Review").unwrap_err();
    assert!(matches!(refused, CommitError::NoIdentity));
    assert!(
        refused
            .to_string()
            .contains("git config --global user.name")
    );
    assert_eq!(git(tmp.path(), &["rev-list", "--count", "HEAD"]), "1\n");

    let (_plain, plain) = sample_copy();
    assert!(matches!(
        commit_catalog(&plain, "Review"),
        Err(CommitError::Git(GitError::NotAWorkTree(_)))
    ));
}

#[test]
fn a_commit_waits_while_another_git_holds_the_index() {
    let (tmp, dir) = sample_in_a_repository();
    set(&dir, NAKAJIMA, "status", "reviewed");
    // Another git (a status in a terminal, an editor) holds the index for a moment.
    let lock = tmp.path().join(".git/index.lock");
    fs::write(&lock, "").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(400));
        fs::remove_file(lock).unwrap();
    });
    let report = commit_catalog(&dir, "Review Nakajima").unwrap();
    release.join().unwrap();
    assert_eq!(report.records, 1);
    assert_eq!(
        git(tmp.path(), &["log", "-1", "--format=%s"]),
        "Review Nakajima\n"
    );
}

#[test]
fn reading_the_status_never_writes_the_index() {
    let (_tmp, dir) = committed_sample();
    // The same bytes with another time: git's index no longer matches the file's
    // times, and a plain `git status` would lock the index to refresh them.
    let file = dir.join("records").join(format!("{NAKAJIMA}.ron"));
    let bytes = fs::read(&file).unwrap();
    fs::write(&file, &bytes).unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let index = fs::read(dir.join(".git/index")).unwrap();
    assert!(status(&dir).unwrap().changed.is_empty());
    assert!(
        fs::read(dir.join(".git/index")).unwrap() == index,
        "the status rewrote the index"
    );
}

#[test]
fn the_status_says_how_far_the_branch_is_from_its_upstream() {
    let (tmp, dir) = committed_sample();
    let clone = tmp.path().join("clone");
    git(tmp.path(), &["clone", "-q", dir.to_str().unwrap(), "clone"]);
    assert_eq!(
        status(&clone).unwrap().describe_branch(),
        "main, up to date with origin/main"
    );
    set(&clone, NAKAJIMA, "status", "reviewed");
    git(&clone, &["commit", "-qam", "Reviewed"]);
    set(&dir, NAKAJIMA, "title", "Elsewhere");
    git(&dir, &["commit", "-qam", "Retitled"]);
    git(&clone, &["fetch", "-q"]);
    let now = status(&clone).unwrap();
    assert_eq!((now.ahead, now.behind), (1, 1));
    assert_eq!(
        now.describe_branch(),
        "main, 1 ahead and 1 behind origin/main"
    );
}

#[test]
fn without_git_the_history_says_why_and_everything_else_works() {
    let (_tmp, dir) = committed_sample();
    let d = dir.to_str().unwrap();
    let without_git = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .env("PATH", "")
            .output()
            .unwrap()
    };
    let out = without_git(&["history", d, NAKAJIMA]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("git is not installed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        code(&without_git(&["set", d, NAKAJIMA, "status", "reviewed"])),
        0
    );
    let out = without_git(&["get", d, NAKAJIMA, "--field", "changed"]);
    assert!(
        stdout(&out).contains("the file's modification time"),
        "{}",
        stdout(&out)
    );
}
