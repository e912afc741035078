//! Hostile and broken input: each case gets a clear message, the rest of the catalog
//! opens, and no byte of any other file changes, even after saving an edit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use folio::model::{Field, FieldValue, RecordId};
use folio::store::{self, Edit};

/// A catalog of three synthetic records.
fn catalog() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    folio::synth::write_catalog(&dir, 3, 8).unwrap();
    (tmp, dir)
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir.join("records")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            out.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
    out
}

/// Puts `name` in `records/` (made by `make`), opens the catalog and returns the load
/// error message of that file; then edits and saves another record and checks that
/// only that record's file changed.
fn open_with_bad_file(name: &str, make: impl FnOnce(&Path)) -> String {
    let (_tmp, dir) = catalog();
    let bad = dir.join("records").join(name);
    make(&bad);
    let before = snapshot(&dir);
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    assert_eq!(catalog.len(), 3, "{name}: the good records open");
    let errors = folder.load_errors().to_vec();
    assert_eq!(errors.len(), 1, "{name}: {errors:?}");
    let message = errors[0].to_string();
    assert!(
        message.contains(name),
        "{name}: the message names the file: {message}"
    );
    let edited = RecordId::new("syn-0000001").unwrap();
    catalog
        .apply(Edit::set(
            edited.clone(),
            Field::Title,
            FieldValue::Text("Edited".into()),
        ))
        .unwrap();
    let report = folder.save(&mut catalog);
    assert!(report.failed.is_empty() && report.conflicts.is_empty());
    let after = snapshot(&dir);
    for (path, bytes) in &before {
        if path.ends_with(edited.file_name()) {
            continue;
        }
        assert_eq!(
            after.get(path),
            Some(bytes),
            "{name}: {} changed",
            path.display()
        );
    }
    message
}

#[test]
fn a_syntax_error_names_line_and_column() {
    let message = open_with_bad_file("broken.ron", |p| {
        fs::write(
            p,
            "(\n    id: \"broken\",\n    title: \"x\"\n    status: draft,\n)\n",
        )
        .unwrap();
    });
    assert!(message.contains("broken.ron:4:"), "{message}");
}

#[test]
fn a_wrong_type_names_the_place() {
    let message = open_with_bad_file("wrong.ron", |p| {
        fs::write(p, "(\n    id: \"wrong\",\n    title: 42,\n)\n").unwrap();
    });
    assert!(
        message.contains("wrong.ron:3:") && message.contains("Expected string"),
        "{message}"
    );
}

#[test]
fn an_unknown_field_is_reported_and_the_file_never_rewritten() {
    let message = open_with_bad_file("unknown.ron", |p| {
        fs::write(
            p,
            "(\n    id: \"unknown\",\n    title: \"x\",\n    colour: \"red\",\n)\n",
        )
        .unwrap();
    });
    assert!(
        message.contains("unknown.ron:4:5") && message.contains("colour"),
        "{message}"
    );
}

#[test]
fn invalid_utf8_gives_its_position() {
    let message = open_with_bad_file("latin1.ron", |p| {
        fs::write(p, b"(\n    id: \"latin1\",\n    title: \"caf\xe9\",\n)\n").unwrap();
    });
    assert!(
        message.contains("latin1.ron:3:") && message.contains("not valid UTF-8"),
        "{message}"
    );
}

#[test]
fn a_directory_named_like_a_record() {
    let message = open_with_bad_file("folder.ron", |p| fs::create_dir(p).unwrap());
    assert!(message.contains("cannot be read"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_catalog_is_not_followed() {
    let outside = tempfile::NamedTempFile::new().unwrap();
    fs::write(outside.path(), "secret outside the catalog").unwrap();
    let target = outside.path().to_owned();
    let message = open_with_bad_file("link.ron", |p| {
        std::os::unix::fs::symlink(&target, p).unwrap();
    });
    assert!(message.contains("symbolic link"), "{message}");
    assert!(
        !message.contains("secret"),
        "nothing of the target is shown: {message}"
    );
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "secret outside the catalog"
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read() {
    let (_tmp, dir) = catalog();
    let text = "\u{feff}(\r\n    id: \"windows\",\r\n    title: \"Saved by Notepad\",\r\n    created: \"2026-01-01T00:00:00Z\",\r\n    modified: \"2026-01-01T00:00:00Z\",\r\n)\r\n";
    fs::write(dir.join("records/windows.ron"), text).unwrap();
    let (folder, catalog) = store::open(&dir).unwrap();
    assert!(
        folder.load_errors().is_empty(),
        "{:?}",
        folder.load_errors()
    );
    let record = catalog.get(&RecordId::new("windows").unwrap()).unwrap();
    assert_eq!(record.title, "Saved by Notepad");
}

#[test]
fn a_ten_megabyte_text_opens_and_saves() {
    let (_tmp, dir) = catalog();
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    let id = RecordId::new("syn-0000002").unwrap();
    let body = "word ".repeat(2_000_000);
    catalog
        .apply(Edit::set(
            id.clone(),
            Field::Summary,
            FieldValue::Text(body.clone()),
        ))
        .unwrap();
    assert!(folder.save(&mut catalog).failed.is_empty());
    let (_, reopened) = store::open(&dir).unwrap();
    assert_eq!(reopened.get(&id).unwrap().summary.len(), body.len());
}

#[test]
fn garbage_and_huge_pages_are_refused_by_the_importer_without_a_panic() {
    let (_tmp, dir) = catalog();
    let garbage: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let page = dir.parent().unwrap().join("garbage.txt");
    fs::write(&page, &garbage).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["import", dir.to_str().unwrap(), page.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "no panic");
    // 50 MB of text that looks like a page but never ends.
    let huge = dir.parent().unwrap().join("huge.txt");
    let mut text = String::from("Title\n\nSummary\n\n");
    while text.len() < 50_000_000 {
        text.push_str("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n");
    }
    fs::write(&huge, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["import", dir.to_str().unwrap(), huge.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (folder, catalog) = store::open(&dir).unwrap();
    assert!(folder.load_errors().is_empty());
    assert!(catalog.len() >= 3, "the catalog still opens");
}
