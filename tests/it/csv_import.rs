//! Spreadsheets in: `folio import DIR file.csv`, read back from what `folio export
//! --format csv` writes, and as spreadsheets save it.

use std::path::Path;

use folio::model::{Field, Record};
use folio::session::{Session, SessionOptions};

use crate::history::{commit_as_ben, set};
use crate::support::{code, folio, stderr, stdout};
use crate::vcs::{committed_sample, git};

const NAKAJIMA: &str = "wcda-300638";
const NEHRU: &str = "wcda-300653";

fn export_all(dir: &Path, to: &Path) {
    let out = folio(&[
        "export",
        dir.to_str().unwrap(),
        "--format",
        "csv",
        "--columns",
        "all",
        "--include-notes",
        "-o",
        to.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

fn import(dir: &Path, file: &Path, more: &[&str]) -> std::process::Output {
    let args = [
        &["import", dir.to_str().unwrap(), file.to_str().unwrap()][..],
        more,
    ]
    .concat();
    folio(&args)
}

/// Every record of the catalog at `dir`, as read from its files.
fn records(dir: &Path) -> Vec<Record> {
    let session = Session::open(dir, &SessionOptions::command_line()).unwrap();
    session.catalog().records().cloned().collect()
}

/// The rows of a CSV file (as Python's or any spreadsheet's reader gives them).
fn rows(file: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(file)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn write_rows(file: &Path, rows: &[Vec<String>], delimiter: u8, bom: bool) {
    let mut bytes = Vec::new();
    if bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(bytes);
    for row in rows {
        writer.write_record(row).unwrap();
    }
    std::fs::write(file, writer.into_inner().unwrap()).unwrap();
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap()
}

fn row_of(rows: &[Vec<String>], id: &str) -> usize {
    rows.iter().position(|r| r[0] == id).unwrap()
}

#[test]
fn an_exported_catalog_imported_back_changes_no_file() {
    let (tmp, dir) = committed_sample();
    // Values a spreadsheet round trip could mangle.
    set(
        &dir,
        NAKAJIMA,
        "people",
        r#"["Smith; Jones", "back\\slash", "=HYPERLINK(1)", " padded "]"#,
    );
    set(&dir, NAKAJIMA, "summary", "-1 \"quoted\", then\na new line");
    set(&dir, NAKAJIMA, "notes", "'=not a formula\n\n@mention");
    set(
        &dir,
        NEHRU,
        "attachments",
        r#"[{"path": "wcda-300653/scan (1).png", "label": "Facsimile (typed), p. 1"}]"#,
    );
    set(&dir, NEHRU, "date", "-0044");
    commit_as_ben(&dir, "Hostile values");
    let file = tmp.path().join("all.csv");
    export_all(&dir, &file);

    let dry = import(&dir, &file, &["--dry-run"]);
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(
        stdout(&dry)
            .ends_with("0 created, 0 updated (0 fields), 18 unchanged, 0 refused, 0 stale\n"),
        "{}",
        stdout(&dry)
    );
    let out = import(&dir, &file, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(git(&dir, &["status", "--porcelain"]), "", "no file changed");

    // Saved by a spreadsheet: a byte order mark, semicolons, CRLF, labels as headers.
    let mut rows = rows(&file);
    for header in rows[0].iter_mut() {
        if let Ok(field) = Field::from_name(header) {
            *header = field.label().to_uppercase();
        }
    }
    let again = tmp.path().join("again.csv");
    write_rows(&again, &rows, b';', true);
    let out = import(&dir, &again, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(git(&dir, &["status", "--porcelain"]), "", "no file changed");
}

#[test]
fn two_edited_cells_change_two_fields_in_two_files() {
    let (tmp, dir) = committed_sample();
    let file = tmp.path().join("all.csv");
    export_all(&dir, &file);
    let before = records(&dir);
    let mut rows = rows(&file);
    let (date, places) = (column(&rows, "date"), column(&rows, "places"));
    let nakajima = row_of(&rows, NAKAJIMA);
    let nehru = row_of(&rows, NEHRU);
    rows[nakajima][date] = "1969-11-20".to_owned();
    rows[nehru][places].push_str("; Kashmir");
    let edited = tmp.path().join("edited.tsv");
    write_rows(&edited, &rows, b'\t', false);

    let out = import(&dir, &edited, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("row {}: {NAKAJIMA} date: ", nakajima + 1)),
        "{}",
        stdout(&out)
    );
    let after = records(&dir);
    let changed: Vec<(String, Vec<Field>)> = before
        .iter()
        .zip(&after)
        .map(|(b, a)| (a.id.to_string(), Field::differing(b, a)))
        .filter(|(_, fields)| !fields.is_empty())
        .collect();
    assert_eq!(
        changed,
        [
            (NAKAJIMA.to_owned(), vec![Field::Date]),
            (NEHRU.to_owned(), vec![Field::Places]),
        ]
    );
    assert_eq!(
        crate::vcs::numstat(&dir),
        [
            format!("1\t0\trecords/{NEHRU}.ron"),
            format!("1\t1\trecords/{NAKAJIMA}.ron"),
        ]
    );

    // The first export is now stale for those two records: importing it again
    // reports them and reverts nothing, unless forced.
    let stale = import(&dir, &file, &[]);
    assert_eq!(code(&stale), 1);
    assert!(
        stderr(&stale).contains(&format!(
            "stale: row {}: {NAKAJIMA} changed in the catalog since the file was exported (date would change)",
            nakajima + 1
        )),
        "{}",
        stderr(&stale)
    );
    assert_eq!(records(&dir), after);
    let forced = import(&dir, &file, &["--force"]);
    assert_eq!(code(&forced), 0, "{}", stderr(&forced));
    assert_eq!(records(&dir), before);
}

#[test]
fn an_invalid_row_writes_nothing_and_is_named_by_row_and_column() {
    let (tmp, dir) = committed_sample();
    let file = tmp.path().join("dates.csv");
    std::fs::write(
        &file,
        format!(
            "id,date,title\n{NAKAJIMA},1969-11,\n{NEHRU},1963-02-30,\n,1970,A new record from the spreadsheet\n"
        ),
    )
    .unwrap();
    let out = import(&dir, &file, &[]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains(
            "error: row 3, column B (date): \"1963-02-30\" is not a valid EDTF date: day 30 does not exist: February 1963 has 28 days"
        ),
        "{}",
        stderr(&out)
    );
    // An empty title cell would clear the title, which a record cannot be without.
    assert!(
        stderr(&out).contains("error: row 2, column C (title): a title is required"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("nothing imported: 2 rows cannot be imported"));
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");

    std::fs::write(
        &file,
        format!("id,date,title\n{NEHRU},1963-02-30,x\n,1970,A new record from the spreadsheet\n"),
    )
    .unwrap();
    let out = import(&dir, &file, &["--skip-invalid"]);
    assert_eq!(code(&out), 1, "a row was still refused");
    assert!(
        stdout(&out).contains("row 3: created 1970-a-new-record-from-the-spreadsheet"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        git(&dir, &["status", "--porcelain", "--untracked-files=all"]),
        "?? records/1970-a-new-record-from-the-spreadsheet.ron\n"
    );
}

#[test]
fn a_file_that_names_no_field_is_refused_whole() {
    let (tmp, dir) = committed_sample();
    let file = tmp.path().join("colour.csv");
    std::fs::write(&file, "id,colour\nx,red\n").unwrap();
    let out = import(&dir, &file, &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("column B \"colour\" is not a field"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&file, b"id,title\nx,caf\xe9\n").unwrap();
    let out = import(&dir, &file, &[]);
    assert!(
        stderr(&out).contains("row 2, column B: the text is not UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");
}

#[test]
fn a_search_for_a_person_edits_exactly_its_records() {
    let (tmp, dir) = committed_sample();
    let file = tmp.path().join("kim.csv");
    std::fs::write(
        &file,
        format!("id,people\n{NAKAJIMA},Kim Il Sung\n{NEHRU},Kim Il Sung; Jawaharlal Nehru\n"),
    )
    .unwrap();
    assert_eq!(code(&import(&dir, &file, &[])), 0);
    commit_as_ben(&dir, "Kim");
    let d = dir.to_str().unwrap();
    let args = [
        "edit",
        d,
        "--query",
        "person:\"kim il sung\"",
        "--add",
        "subjects=X",
    ];
    let dry = folio(&[&args[..], &["--dry-run"]].concat());
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(stdout(&dry).contains(&format!("{NAKAJIMA} subjects: ")));
    assert!(stdout(&dry).contains(&format!("{NEHRU} subjects: ")));
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");
    assert_eq!(code(&folio(&args)), 0);
    assert_eq!(
        crate::vcs::numstat(&dir),
        [
            format!("1\t0\trecords/{NAKAJIMA}.ron"),
            format!("1\t0\trecords/{NEHRU}.ron"),
        ]
    );
}
