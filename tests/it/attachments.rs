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
