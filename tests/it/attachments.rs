//! Scans and other files attached to records: `folio attach`, renames, `validate`.

use crate::support::{code, folio, get, sample_copy, stderr, stdout};

const NAKAJIMA: &str = "wcda-300638";

#[test]
fn attach_copies_dedupes_records_and_follows_a_rename() {
    let (tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    let scans = tmp.path().join("scans");
    std::fs::create_dir_all(scans.join("other")).unwrap();
    std::fs::write(scans.join("page1.png"), b"page one").unwrap();
    std::fs::write(scans.join("other").join("page1.png"), b"another page one").unwrap();
    std::fs::write(scans.join("copy.png"), b"page one").unwrap();
    let file = |name: &str| scans.join(name).to_str().unwrap().to_owned();

    let out = folio(&[
        "attach",
        d,
        NAKAJIMA,
        &file("page1.png"),
        &file("other/page1.png"),
        &file("copy.png"),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "copied    attachments/{NAKAJIMA}/page1.png\n\
             copied    attachments/{NAKAJIMA}/page1-2.png\n\
             unchanged attachments/{NAKAJIMA}/page1.png (already attached)\n"
        )
    );
    let folder = dir.join("attachments").join(NAKAJIMA);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["page1-2.png", "page1.png"], "the same bytes once");
    assert_eq!(
        std::fs::read(folder.join("page1-2.png")).unwrap(),
        b"another page one"
    );
    let listed: serde_json::Value = serde_json::from_str(&get(d, NAKAJIMA, "attachments")).unwrap();
    assert_eq!(
        listed,
        serde_json::json!([
            {"path": format!("{NAKAJIMA}/page1.png")},
            {"path": format!("{NAKAJIMA}/page1-2.png")},
        ])
    );

    // Renamed, the record takes its folder along.
    let out = folio(&["set", d, NAKAJIMA, "id", "nakajima-1967"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!folder.exists());
    assert_eq!(
        std::fs::read(dir.join("attachments/nakajima-1967/page1.png")).unwrap(),
        b"page one"
    );
    assert!(get(d, "nakajima-1967", "attachments").contains("\"nakajima-1967/page1-2.png\""));
    let out = folio(&["validate", d]);
    assert!(
        !stdout(&out).contains("attachment"),
        "nothing missing, nothing stray: {}",
        stdout(&out)
    );
}

#[test]
fn validate_reports_a_missing_file_and_a_file_no_record_lists() {
    let (tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    let scan = tmp.path().join("scan.png");
    std::fs::write(&scan, b"scan").unwrap();
    assert_eq!(
        code(&folio(&["attach", d, NAKAJIMA, scan.to_str().unwrap()])),
        0
    );
    std::fs::remove_file(dir.join("attachments").join(NAKAJIMA).join("scan.png")).unwrap();
    std::fs::write(dir.join("attachments").join("stray.jpg"), b"x").unwrap();
    let out = folio(&["validate", d]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let record = dir.join("records").join(format!("{NAKAJIMA}.ron"));
    assert!(
        text.contains(&format!(
            "{}:", record.display()
        )) && text.contains(&format!(
            "error: attachment \"{NAKAJIMA}/scan.png\" is missing: there is no attachments/{NAKAJIMA}/scan.png"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}: warning: no record lists this file as an attachment",
            dir.join("attachments").join("stray.jpg").display()
        )),
        "{text}"
    );
}

const NEHRU: &str = "wcda-300653";

#[test]
fn a_rename_never_mixes_two_records_attachments() {
    let (_tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    // A colleague's leftovers under the id asked for: another document's scan.
    let taken = dir.join("attachments").join("nehru-1949");
    std::fs::create_dir_all(&taken).unwrap();
    std::fs::write(taken.join("facsimile.pdf"), b"another document").unwrap();
    let before = std::fs::read(dir.join("attachments").join(NEHRU).join("facsimile.pdf")).unwrap();

    let out = folio(&["set", d, NEHRU, "id", "nehru-1949"]);
    assert_eq!(code(&out), 2, "refused: {}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("attachments/nehru-1949/ already holds files that are not wcda-300653's"),
        "{}",
        stderr(&out)
    );
    // Nothing moved: each record keeps its own bytes.
    assert!(dir.join("records").join(format!("{NEHRU}.ron")).exists());
    assert!(!dir.join("records/nehru-1949.ron").exists());
    assert_eq!(
        std::fs::read(dir.join("attachments").join(NEHRU).join("facsimile.pdf")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(taken.join("facsimile.pdf")).unwrap(),
        b"another document"
    );

    // The folder emptied, the rename goes through and the folder follows.
    std::fs::remove_file(taken.join("facsimile.pdf")).unwrap();
    let out = folio(&["set", d, NEHRU, "id", "nehru-1949"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(std::fs::read(taken.join("facsimile.pdf")).unwrap(), before);
    assert!(!dir.join("attachments").join(NEHRU).exists());
}

#[test]
fn a_save_never_moves_attachments_into_a_folder_that_filled_meanwhile() {
    // The rename was accepted; the other files arrived before the save (a pull).
    let (_tmp, dir) = sample_copy();
    let mut session =
        folio::session::Session::open(&dir, &folio::session::SessionOptions::command_line())
            .unwrap();
    let from = folio::model::RecordId::new(NEHRU).unwrap();
    let to = folio::model::RecordId::new("nehru-1949").unwrap();
    let edit = folio::store::Edit::rename(session.catalog(), from, to);
    session.apply(edit).unwrap();
    let taken = dir.join("attachments").join("nehru-1949");
    std::fs::create_dir_all(&taken).unwrap();
    std::fs::write(taken.join("facsimile.pdf"), b"another document").unwrap();
    let report = session.save().unwrap();
    assert!(!report.is_complete());
    assert!(
        report.failed[0]
            .1
            .to_string()
            .contains("already holds files that are not wcda-300653's"),
        "{:?}",
        report.failed
    );
    assert!(
        dir.join("records").join(format!("{NEHRU}.ron")).exists(),
        "the old file stays"
    );
    assert!(
        !dir.join("records/nehru-1949.ron").exists(),
        "the new one is not written"
    );
    assert_eq!(
        std::fs::read(taken.join("facsimile.pdf")).unwrap(),
        b"another document"
    );
}

#[cfg(unix)]
#[test]
fn links_in_attachments_are_errors_and_never_followed_out_of_the_catalog() {
    let (tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    // A file outside the catalog, linked in under a record's attachment.
    let outside = tmp.path().join("private.pdf");
    std::fs::write(&outside, b"private papers").unwrap();
    let listed = dir.join("attachments").join(NEHRU).join("facsimile.pdf");
    std::fs::remove_file(&listed).unwrap();
    std::os::unix::fs::symlink(&outside, &listed).unwrap();

    let out = folio(&["validate", d]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains(&format!(
            "{}: error: a symbolic link (to {})",
            listed.display(),
            outside.display()
        )),
        "{}",
        stdout(&out)
    );
    // The sub-catalog export copies no byte from outside.
    let subset = tmp.path().join("subset");
    let out = folio(&[
        "export",
        d,
        "--format",
        "ron",
        "--ids",
        NEHRU,
        "-o",
        subset.to_str().unwrap(),
    ]);
    assert!(
        stderr(&out).contains("is a symbolic link, not copied"),
        "{}",
        stderr(&out)
    );
    assert!(
        !subset
            .join("attachments")
            .join(NEHRU)
            .join("facsimile.pdf")
            .exists()
    );

    // `attach` never writes through a linked folder, nor reuses a link's name.
    let scan = tmp.path().join("scan.png");
    std::fs::write(&scan, b"private papers").unwrap();
    let out = folio(&["attach", d, NEHRU, scan.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let stored = dir.join("attachments").join(NEHRU).join("scan.png");
    assert!(
        std::fs::symlink_metadata(&stored)
            .unwrap()
            .file_type()
            .is_file(),
        "a file, not a link"
    );
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("attachments").join(NAKAJIMA)).unwrap();
    let out = folio(&["attach", d, NAKAJIMA, scan.to_str().unwrap()]);
    assert_ne!(code(&out), 0);
    assert!(
        stderr(&out).contains("is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written outside"
    );
}
