//! Hostile and broken input: each case gets a clear message, the rest of the catalog
//! opens, and no byte of any other file changes, even after saving an edit.
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use folio::model::{Field, FieldValue, RecordId};
use folio::store::{self, Edit};

use crate::support::synthetic;

/// A catalog of three synthetic records.
fn catalog() -> (tempfile::TempDir, PathBuf) {
    synthetic(3, 8)
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

#[test]
fn nesting_a_hundred_thousand_deep_is_refused_without_overflowing_the_stack() {
    let deep =
        |open: &str, close: &str| format!("{}{}", open.repeat(100_000), close.repeat(100_000));
    // At the top, in a list of strings, and in a list of structures.
    let cases = [
        ("deep-top.ron", deep("(", ")"), "deep-top.ron:1:"),
        (
            "deep-list.ron",
            format!(
                "(\n    id: \"deep-list\",\n    title: \"x\",\n    people: {},\n)\n",
                deep("[", "]")
            ),
            "deep-list.ron:4:",
        ),
        (
            "deep-texts.ron",
            format!(
                "(\n    id: \"deep-texts\",\n    title: \"x\",\n    texts: [{}],\n)\n",
                deep("(kind: ", ")")
            ),
            "deep-texts.ron:4:",
        ),
    ];
    for (name, text, place) in cases {
        let message = open_with_bad_file(name, |p| fs::write(p, &text).unwrap());
        assert!(message.contains(place), "{message}");
    }

    // The importer's JSON reader, the other way records come in.
    let (tmp, dir) = catalog();
    let page = tmp.path().join("deep.json");
    fs::write(&page, deep("[", "]")).unwrap();
    let before = snapshot(&dir);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["import", dir.to_str().unwrap(), page.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("deep.json: line 1, column "), "{stderr}");
    assert!(stderr.contains("expected a record"), "{stderr}");
    assert_eq!(snapshot(&dir), before, "nothing written");
}

#[test]
fn a_two_hundred_megabyte_file_is_reported_without_being_read() {
    let message = open_with_bad_file("huge.ron", |p| {
        // Sparse: 200 MB long, no disk space taken.
        fs::File::create(p).unwrap().set_len(200_000_000).unwrap();
    });
    assert!(
        message.contains("huge.ron:1:1")
            && message.contains("is 200 MB")
            && message.contains("at most 64 MB"),
        "{message}"
    );
}

#[test]
fn an_id_that_tries_to_leave_the_catalog_is_refused() {
    let message = open_with_bad_file("evil.ron", |p| {
        fs::write(p, "(\n    id: \"../../evil\",\n    title: \"x\",\n)\n").unwrap();
    });
    assert!(
        message.contains("evil.ron:2:") && message.contains("../../evil"),
        "{message}"
    );
}

#[test]
fn an_attachment_path_that_tries_to_leave_the_catalog_is_flagged_and_never_followed() {
    let (tmp, dir) = catalog();
    let secret = tmp.path().join("secret.txt");
    fs::write(&secret, "outside the catalog").unwrap();
    let path = dir.join("records/escape.ron");
    fs::write(
        &path,
        "(\n    id: \"escape\",\n    title: \"Escape\",\n    attachments: [\n        (path: \"../../secret.txt\"),\n    ],\n    created: \"2026-01-01T00:00:00Z\",\n    modified: \"2026-01-01T00:00:00Z\",\n)\n",
    )
    .unwrap();
    let before = snapshot(&dir);
    let folio = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .output()
            .unwrap()
    };
    // The record opens (nothing is lost) and validation names the problem.
    let out = folio(&["validate", dir.to_str().unwrap()]);
    let stdout =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("escape")
            && stdout.contains(
                "\"../../secret.txt\" must be relative to attachments/ and stay inside it"
            ),
        "{stdout}"
    );
    // Exporting it as a catalog copies nothing from outside.
    let subset = tmp.path().join("subset");
    let out = folio(&[
        "export",
        dir.to_str().unwrap(),
        "--format",
        "ron",
        "--ids",
        "escape",
        "-o",
        subset.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("exported 1 record and 0 attachments")
            && stderr
                .contains("attachment not copied: escape: attachment path \"../../secret.txt\""),
        "{stderr}"
    );
    let copied: Vec<_> = walk(&subset);
    assert!(
        copied
            .iter()
            .all(|p| !fs::read(p).unwrap().starts_with(b"outside")),
        "{copied:?}"
    );
    assert_eq!(snapshot(&dir), before);
    assert_eq!(fs::read_to_string(&secret).unwrap(), "outside the catalog");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // A file we create is owned by our effective user.
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_left_alone() {
    let (tmp, dir) = catalog();
    fs::write(
        dir.join("records/locked.ron"),
        "(\n    id: \"locked\",\n    title: \"Locked\",\n    created: \"2026-01-01T00:00:00Z\",\n    modified: \"2026-01-01T00:00:00Z\",\n)\n",
    )
    .unwrap();
    // Root reads every file whatever its permissions, so as root the test runs Folio
    // as the unprivileged user `nobody`, who must be able to reach and write the rest.
    for folder in [
        tmp.path(),
        &dir,
        &dir.join("records"),
        &dir.join("attachments"),
    ] {
        set_mode(folder, 0o777);
    }
    for file in snapshot(&dir).keys().chain([&dir.join("catalog.ron")]) {
        set_mode(file, 0o666);
    }
    let before = snapshot(&dir);
    let locked = dir.join("records/locked.ron");
    set_mode(&locked, 0o000);

    let mut command = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c.arg(env!("CARGO_BIN_EXE_folio"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
    };
    let out = command
        .args([
            "set",
            dir.to_str().unwrap(),
            "syn-0000001",
            "title",
            "Edited",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("locked.ron:1:1: cannot be read: permission denied"),
        "{stderr}"
    );
    assert_eq!(mode(&locked), 0o000, "its permissions are untouched");
    set_mode(&locked, 0o644);
    let after = snapshot(&dir);
    for (path, bytes) in &before {
        if !path.ends_with("syn-0000001.ron") {
            assert_eq!(after.get(path), Some(bytes), "{}", path.display());
        }
    }
    let edited = dir.join("records/syn-0000001.ron");
    assert!(fs::read_to_string(&edited).unwrap().contains("Edited"));
    assert_eq!(mode(&edited), 0o666, "a save keeps the file's permissions");
}

/// What a command did on a small disk (a tmpfs in a private mount namespace) that
/// a copy of `dir` nearly fills: its exit status, its standard error, the listing
/// of `records/` after it, and a folder holding copies of the record files after
/// it. `None` (the test skipped, saying so) where no tmpfs can be mounted.
#[cfg(target_os = "linux")]
fn on_a_full_disk(
    tmp: &Path,
    dir: &Path,
    args: &str,
) -> Option<(String, String, String, std::path::PathBuf)> {
    let namespace = if is_root() { "-m" } else { "-rm" };
    let probe = std::process::Command::new("unshare")
        .args([
            namespace,
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt",
        ])
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!(
            "SKIPPED: this machine cannot mount a private tmpfs (unshare {namespace}): {probe:?}"
        );
        return None;
    }
    let mnt = tmp.join("mnt");
    let out_dir = tmp.join("out");
    fs::create_dir_all(&mnt).unwrap();
    fs::create_dir_all(&out_dir).unwrap();
    let script = r#"
        set -e
        mount -t tmpfs -o size=512k tmpfs "$MNT"
        cp -a "$SRC" "$MNT/c"
        head -c 16384 /dev/zero > "$MNT/spare"
        head -c 1048576 /dev/zero > "$MNT/fill" 2>/dev/null || true
        rm "$MNT/spare"
        set +e
        BIG="$(head -c 100000 /dev/zero | tr '\0' w)"
        eval "\"$FOLIO\" $ARGS" 2> "$OUT/stderr"
        echo $? > "$OUT/status"
        set -e
        ls -a "$MNT/c/records" > "$OUT/listing"
        mkdir "$OUT/records"
        cp "$MNT/c/records/"*.ron "$OUT/records/"
    "#;
    let out = std::process::Command::new("unshare")
        .args([namespace, "sh", "-c", script])
        .env("MNT", &mnt)
        .env("SRC", dir)
        .env("OUT", &out_dir)
        .env("ARGS", args)
        .env("FOLIO", env!("CARGO_BIN_EXE_folio"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let read = |name: &str| fs::read_to_string(out_dir.join(name)).unwrap();
    Some((
        read("status").trim().to_owned(),
        read("stderr"),
        read("listing"),
        out_dir.join("records"),
    ))
}

/// Fills a small disk, then saves an edit larger than the space left: the save fails
/// with a message that says so, the old file stays byte for byte, and no temporary
/// file is left behind.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_save_keeps_the_old_file_and_says_so() {
    let (tmp, dir) = catalog();
    let Some((status, stderr, listing, copies)) = on_a_full_disk(
        tmp.path(),
        &dir,
        r#"set "$MNT/c" syn-0000001 summary "$BIG""#,
    ) else {
        return;
    };
    assert_eq!(status, "1", "{stderr}");
    assert!(
        stderr.contains("syn-0000001.ron: the disk is full (No space left on device")
            && stderr.contains("the file on disk was left as it was"),
        "{stderr}"
    );
    assert!(
        !listing.contains(".folio-"),
        "no temporary file left: {listing}"
    );
    let before = snapshot(&dir);
    for (path, bytes) in before {
        let copy = copies.join(path.file_name().unwrap());
        assert_eq!(fs::read(&copy).unwrap(), bytes, "{}", path.display());
    }
}

/// The same for a change to many records: the disk fills while the new files are
/// written, before the intent, so none of the change is applied, and it says so.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_during_a_change_to_many_records_changes_none() {
    let (tmp, dir) = catalog();
    let Some((status, stderr, listing, copies)) = on_a_full_disk(
        tmp.path(),
        &dir,
        r#"edit "$MNT/c" --all --set "summary=$BIG""#,
    ) else {
        return;
    };
    assert_eq!(status, "1", "{stderr}");
    assert!(stderr.contains("the disk is full"), "{stderr}");
    assert!(
        stderr.contains("other records of the same save: nothing of it was written"),
        "{stderr}"
    );
    assert!(!listing.contains(".folio-"), "nothing left: {listing}");
    let before = snapshot(&dir);
    for (path, bytes) in before {
        let copy = copies.join(path.file_name().unwrap());
        assert_eq!(fs::read(&copy).unwrap(), bytes, "{}", path.display());
    }
}
