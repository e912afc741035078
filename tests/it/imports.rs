//! Records coming in: an import never reverts later edits, every value is checked as
//! an edit is, and only record pages are taken for record pages.

use std::fs;

use crate::support::{code, folio, get, sample_copy, stderr, stdout};

const NAKAJIMA: &str = "wcda-300638";
const KIERAN: &str = "wcda-300645";

#[test]
fn importing_an_earlier_export_never_reverts_a_later_edit() {
    let (tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    let export = tmp.path().join("all.json");
    let out = folio(&[
        "export",
        d,
        "--format",
        "json",
        "-o",
        export.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Meanwhile, an archivist corrects a record in the catalog…
    assert_eq!(
        code(&folio(&["set", d, NAKAJIMA, "summary", "Corrected here"])),
        0
    );
    assert_eq!(code(&folio(&["set", d, NAKAJIMA, "status", "reviewed"])), 0);
    let file = dir.join("records").join(format!("{NAKAJIMA}.ron"));
    let before = fs::read(&file).unwrap();
    // …and a script edits the export: that record's title, and another's.
    let mut records: serde_json::Value =
        serde_json::from_slice(&fs::read(&export).unwrap()).unwrap();
    for record in records.as_array_mut().unwrap() {
        if record["id"] == NAKAJIMA || record["id"] == KIERAN {
            let title = record["title"].as_str().unwrap().to_owned();
            record["title"] = format!("{title} (scripted)").into();
        }
    }
    fs::write(&export, serde_json::to_vec_pretty(&records).unwrap()).unwrap();

    let out = folio(&["import", d, export.to_str().unwrap()]);
    assert_eq!(
        code(&out),
        1,
        "a stale record is a problem: {}",
        stderr(&out)
    );
    let report = stdout(&out);
    assert!(
        report.contains(&format!("stale     {NAKAJIMA}"))
            && report.contains("changed in the catalog since the export (title, summary, status would change): not imported"),
        "{report}"
    );
    assert_eq!(
        get(d, NAKAJIMA, "summary"),
        "Corrected here",
        "not reverted"
    );
    assert_eq!(get(d, NAKAJIMA, "status"), "reviewed");
    assert!(!get(d, NAKAJIMA, "title").ends_with("(scripted)"));
    assert_eq!(fs::read(&file).unwrap(), before, "not touched at all");
    // The record unchanged since the export takes the file's values.
    assert!(report.contains(&format!("updated   {KIERAN}")), "{report}");
    assert!(get(d, KIERAN, "title").ends_with("(scripted)"));

    // Forced, the file's values win.
    let out = folio(&["import", d, export.to_str().unwrap(), "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(get(d, NAKAJIMA, "title").ends_with("(scripted)"));
    assert_ne!(get(d, NAKAJIMA, "summary"), "Corrected here");
}

#[test]
fn a_json_import_checks_values_as_an_edit_does() {
    let (tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    let out = folio(&["export", d, "--format", "json", "--ids", NAKAJIMA]);
    let mut records: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let before = fs::read(dir.join(format!("records/{NAKAJIMA}.ron"))).unwrap();
    for (field, value, expected) in [
        (
            "date",
            "1963-02-30",
            "bad-date: date: \"1963-02-30\" is not a valid EDTF date: day 30 does not exist: February 1963 has 28 days",
        ),
        (
            "title",
            "Nakajima\u{0}Kenzo",
            "title: character 9 is U+0000, a control character",
        ),
        (
            "summary",
            "A summary \u{FFFE}",
            "summary: character 11 is U+FFFE, a Unicode noncharacter",
        ),
    ] {
        records[0][field] = value.into();
        records[0]["id"] = format!("bad-{field}").into();
        let file = tmp.path().join(format!("{field}.json"));
        fs::write(&file, serde_json::to_vec(&records).unwrap()).unwrap();
        let out = folio(&["import", d, file.to_str().unwrap()]);
        assert_eq!(code(&out), 1, "{field}");
        assert!(stderr(&out).contains(expected), "{field}: {}", stderr(&out));
        assert!(!dir.join(format!("records/bad-{field}.ron")).exists());
        records[0] = serde_json::from_slice::<serde_json::Value>(&fs::read(&file).unwrap())
            .unwrap()[0]
            .clone();
        records[0][field] = serde_json::Value::Null;
        records[0].as_object_mut().unwrap().remove(field);
        if field == "title" {
            records[0]["title"] = "Restored".into();
        }
    }
    assert_eq!(
        fs::read(dir.join(format!("records/{NAKAJIMA}.ron"))).unwrap(),
        before
    );
    // `set` and the page importer refuse the same values.
    let out = folio(&["set", d, NAKAJIMA, "title", "Nul\u{1}here"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("title: character 4 is U+0001"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_text_that_is_not_a_record_page_is_refused_and_counted() {
    let (tmp, dir) = sample_copy();
    let d = dir.to_str().unwrap();
    let folder = tmp.path().join("downloads");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("README.txt"),
        "Pages copied from the archive.\n\nOne per file.\n",
    )
    .unwrap();
    fs::write(folder.join("shopping.txt"), "eggs\nmilk\n").unwrap();
    fs::copy(
        crate::support::fixtures().join("000_seed.txt"),
        folder.join("seed.txt"),
    )
    .unwrap();
    let before = fs::read_dir(dir.join("records")).unwrap().count();
    let out = folio(&["import", d, folder.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains("README.txt: not a record page: no date line, no “Skip to content”, no Document Information"),
        "{message}"
    );
    assert!(
        message.contains("2 files not imported (see above): README.txt, shopping.txt"),
        "{message}"
    );
    assert!(
        stdout(&out).contains("unchanged 1963-09-17-report"),
        "{}",
        stdout(&out)
    );
    assert_eq!(fs::read_dir(dir.join("records")).unwrap().count(), before);
}
