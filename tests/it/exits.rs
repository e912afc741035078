//! Exits and messages that tell the truth: each command's exit code and words match
//! what it did, whatever the paths, pipes and files it meets.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{code, folio, sample_copy, stderr, stdout};

const NAKAJIMA: &str = "wcda-300638";

/// Puts a record file with git's merge markers in the catalog: a file that cannot be
/// loaded.
fn add_conflicted_file(dir: &Path) {
    fs::write(
        dir.join("records/merging.ron"),
        "(\n<<<<<<< HEAD\n    id: \"merging\",\n=======\n    id: \"merging\",\n>>>>>>> other\n)\n",
    )
    .unwrap();
}

#[test]
fn a_bare_output_file_name_is_written_in_the_working_folder() {
    let (tmp, dir) = sample_copy();
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "export",
            dir.to_str().unwrap(),
            "--format",
            "csv",
            "-o",
            "x.csv",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("exported 18 records to x.csv"),
        "{}",
        stderr(&out)
    );
    assert!(
        fs::read_to_string(tmp.path().join("x.csv"))
            .unwrap()
            .starts_with("id,")
    );
}

#[test]
fn export_search_and_stats_say_when_records_are_left_out() {
    let (_tmp, dir) = sample_copy();
    add_conflicted_file(&dir);
    let d = dir.to_str().unwrap();
    for args in [
        vec!["export", d, "--format", "json"],
        vec!["stats", d],
        vec!["search", d, "kim"],
    ] {
        let out = folio(&args);
        assert_eq!(code(&out), 1, "{args:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains("merging.ron:2:1")
                && message.contains("1 record file could not be read and is not in"),
            "{args:?}: {message}"
        );
    }
    let out = folio(&["export", d, "--format", "json"]);
    let exported: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        exported.as_array().unwrap().len(),
        18,
        "the rest is exported"
    );
}

#[test]
fn a_closed_pipe_stops_every_command_quietly() {
    let (_tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    for args in [
        vec!["validate", d],
        vec!["stats", d],
        vec!["get", d, NAKAJIMA],
        vec!["search", d, "the"],
        vec!["export", d, "--format", "json"],
        vec!["fmt", d, "--check"],
    ] {
        // The reader is gone before the command writes a byte: `| head -0`.
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}: quiet");
    }
}

#[test]
fn fmt_says_what_it_could_not_read() {
    let (_tmp, dir) = sample_copy();
    add_conflicted_file(&dir);
    let d = dir.to_str().unwrap();
    for args in [vec!["fmt", d, "--check"], vec!["fmt", d]] {
        let out = folio(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        let text = stdout(&out);
        assert!(!text.contains("all files are in canonical form"), "{text}");
        assert!(
            text.contains("could not be read (see above) and was left as it is"),
            "{text}"
        );
        assert!(stderr(&out).contains("merging.ron"), "{}", stderr(&out));
    }
    fs::remove_file(dir.join("records/merging.ron")).unwrap();
    let out = folio(&["fmt", d, "--check"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "all files are in canonical form\n");
}

#[test]
fn internal_notes_leave_only_when_asked_whatever_the_columns() {
    let (_tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    assert_eq!(
        code(&folio(&[
            "set",
            d,
            NAKAJIMA,
            "notes",
            "Do not publish: source unsure"
        ])),
        0
    );
    let out = folio(&["export", d, "--format", "csv", "--columns", "id,notes"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("add --include-notes"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("Do not publish"));
    let out = folio(&[
        "export",
        d,
        "--format",
        "csv",
        "--columns",
        "id,notes",
        "--include-notes",
    ]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Do not publish: source unsure"));
}

#[test]
fn an_export_never_writes_over_the_catalog_or_creates_folders() {
    let (tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    let settings = fs::read(dir.join("catalog.ron")).unwrap();
    let record = fs::read(dir.join(format!("records/{NAKAJIMA}.ron"))).unwrap();
    for (target, why) in [
        (dir.join("catalog.ron"), "catalog.ron"),
        (
            dir.join(format!("records/{NAKAJIMA}.ron")),
            "records folder",
        ),
        (dir.join("records/new.csv"), "records folder"),
        (dir.join("records/../catalog.ron"), "catalog.ron"),
    ] {
        let out = folio(&[
            "export",
            d,
            "--format",
            "csv",
            "-o",
            target.to_str().unwrap(),
            "--force",
        ]);
        assert_eq!(code(&out), 2, "{}", target.display());
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
    }
    assert_eq!(fs::read(dir.join("catalog.ron")).unwrap(), settings);
    assert_eq!(
        fs::read(dir.join(format!("records/{NAKAJIMA}.ron"))).unwrap(),
        record
    );
    assert!(!dir.join("records/new.csv").exists());
    // A folder that does not exist is not made behind the user's back.
    let missing = tmp.path().join("nonexistent/dir/x.csv");
    let out = folio(&[
        "export",
        d,
        "--format",
        "csv",
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("nonexistent/dir does not exist: create it first"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("nonexistent").exists());
    // A file in the catalog's folder, asked for by name, is written.
    let beside = dir.join("list.csv");
    let out = folio(&[
        "export",
        d,
        "--format",
        "csv",
        "-o",
        beside.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn messages_name_the_file_the_field_and_the_place_once() {
    let (tmp, dir) = sample_copy();
    add_conflicted_file(&dir);
    let d = dir.to_str().unwrap();
    let out = folio(&["get", d, NAKAJIMA]);
    let warning = stderr(&out);
    assert_eq!(warning.matches("left as it is").count(), 1, "{warning}");
    assert!(warning.starts_with("warning: not loaded: "), "{warning}");
    fs::remove_file(dir.join("records/merging.ron")).unwrap();

    // A JSON error gives its position once.
    let broken = tmp.path().join("broken.json");
    fs::write(&broken, "[{\"id\": \"x\",}]").unwrap();
    let out = folio(&["import", d, broken.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let message = stderr(&out);
    assert_eq!(message.matches("line 1").count(), 1, "{message}");
    assert!(
        message.contains("broken.json: line 1, column 13: trailing comma"),
        "{message}"
    );

    // A byte order mark at the start of a JSON file is read past.
    let export = folio(&["export", d, "--format", "json", "--ids", NAKAJIMA]);
    let with_bom = tmp.path().join("bom.json");
    fs::write(&with_bom, [&b"\xEF\xBB\xBF"[..], &export.stdout].concat()).unwrap();
    let out = folio(&["import", d, with_bom.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("unchanged"), "{}", stdout(&out));

    // A bad time names its field and its value.
    let text = String::from_utf8(export.stdout).unwrap();
    let bad = text.replacen("\"created\": \"", "\"created\": \"yesterday", 1);
    let bad_time = tmp.path().join("bad-time.json");
    fs::write(&bad_time, bad).unwrap();
    let out = folio(&["import", d, bad_time.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let message = stderr(&out);
    assert!(
        message.contains("created: \"yesterday") && message.contains("is not a time such as"),
        "{message}"
    );
}

#[test]
fn values_starting_with_a_dash_are_values() {
    let (_tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    let out = folio(&["set", d, NAKAJIMA, "date", "-0044"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = folio(&["get", d, NAKAJIMA, "--field", "date"]);
    assert_eq!(stdout(&out), "-0044\n");
    let out = folio(&["set", d, NAKAJIMA, "summary", "-5 + 3, a summary"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = folio(&["search", d, "-nothingmatches"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
