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

/// Exports every record with every column, notes included, to `to` (xlsx or CSV, as
/// its extension says).
pub(crate) fn export_all(dir: &Path, to: &Path) {
    let xlsx = to.extension().is_some_and(|e| e == "xlsx");
    let out = folio(&[
        "export",
        dir.to_str().unwrap(),
        "--format",
        if xlsx { "xlsx" } else { "csv" },
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

/// Imports `file` into the sample at `dir`: the dry run plans nothing, and the
/// import changes no file.
fn imported_back_changes_nothing(dir: &Path, file: &Path) {
    let dry = import(dir, file, &["--dry-run"]);
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(
        stdout(&dry)
            .ends_with("0 created, 0 updated (0 fields), 18 unchanged, 0 refused, 0 stale\n"),
        "{}",
        stdout(&dry)
    );
    let out = import(dir, file, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(git(dir, &["status", "--porcelain"]), "", "no file changed");
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

    imported_back_changes_nothing(&dir, &file);

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

#[test]
fn new_rows_imported_twice_are_created_once() {
    let (tmp, dir) = committed_sample();
    let file = tmp.path().join("new.csv");
    std::fs::write(
        &file,
        "title,date,people\nMinutes of the harbour board,1963-09,Kim Il Sung\nA letter on fisheries,1964,\n",
    )
    .unwrap();
    let first = import(&dir, &file, &[]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert_eq!(records(&dir).len(), 20);
    // Imported again (by a colleague, or after a kill): nothing new.
    let again = import(&dir, &file, &[]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert!(
        stdout(&again)
            .contains("row 2: unchanged: already imported as 1963-09-minutes-of-the-harbour-board"),
        "{}",
        stdout(&again)
    );
    assert!(
        stdout(&again)
            .ends_with("0 created, 0 updated (0 fields), 2 unchanged, 0 refused, 0 stale\n"),
        "{}",
        stdout(&again)
    );
    assert_eq!(records(&dir).len(), 20, "no duplicate");
    // The same row twice in one file makes one record.
    let twice = tmp.path().join("twice.csv");
    std::fs::write(
        &twice,
        "title,date,places\nA memo,1970,Pyongyang\nA memo,1970,Pyongyang\n",
    )
    .unwrap();
    let out = import(&dir, &twice, &[]);
    assert!(
        stdout(&out).contains("row 3: unchanged: already imported as 1970-a-memo"),
        "{}",
        stdout(&out)
    );
    assert_eq!(records(&dir).len(), 21);
    // A record edited since is not taken for the row: a new one is made, and the
    // likeness is said.
    set(&dir, "1970-a-memo", "places", r#"["Pyongyang", "Seoul"]"#);
    let out = import(&dir, &twice, &["--dry-run"]);
    assert!(
        stderr(&out).contains("note: row 2: 1970-a-memo has the same title and date"),
        "{}",
        stderr(&out)
    );
}

/// Rewrites a CSV file's cells as LibreOffice Calc (en-US) does when it opens the
/// file and saves it again: dates in words become numeric, zeros of numbers go.
/// (What `soffice --infilter="CSV:44,34,76,1,,1033,false,true" --convert-to csv`
/// did to the sample.)
fn as_a_spreadsheet_saves_it(rows: &mut [Vec<String>]) {
    let header = rows[0].clone();
    for row in rows.iter_mut().skip(1) {
        for (i, name) in header.iter().enumerate() {
            let cell = &mut row[i];
            match name.as_str() {
                "date_display" => {
                    *cell = match cell.as_str() {
                        "November 1967" => "11/01/67".to_owned(),
                        "September 17, 1963" => "09/17/63".to_owned(),
                        other => other.to_owned(),
                    }
                }
                "external_id" | "classification" => {
                    if let Ok(n) = cell.parse::<f64>() {
                        *cell = n.to_string();
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn values_a_spreadsheet_only_rewrote_are_listed_and_left_as_they_are() {
    let (tmp, dir) = committed_sample();
    set(&dir, NAKAJIMA, "external_id", "000123");
    set(&dir, NAKAJIMA, "classification", "3.10");
    commit_as_ben(&dir, "Numbers with zeros");
    let file = tmp.path().join("all.csv");
    export_all(&dir, &file);
    let mut rows = rows(&file);
    as_a_spreadsheet_saves_it(&mut rows);
    // And one real correction, which is applied.
    let nakajima = row_of(&rows, NAKAJIMA);
    let title = column(&rows, "title");
    rows[nakajima][title] = "Statement of Nakajima Kenzo (corrected)".to_owned();
    let saved = tmp.path().join("saved.csv");
    write_rows(&saved, &rows, b',', false);

    let out = import(&dir, &saved, &[]);
    assert_eq!(code(&out), 1, "held-back values are to be seen");
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "reformatted: row {}, column D (date_display): \"11/01/67\" is \"November 1967\" rewritten by a spreadsheet: left as it is",
            nakajima + 1
        )),
        "{err}"
    );
    assert!(err.contains("\"123\" is \"000123\""), "{err}");
    assert!(err.contains("\"3.1\" is \"3.10\""), "{err}");
    assert!(
        stdout(&out).contains("4 values reformatted by a spreadsheet (left as they are)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        crate::vcs::numstat(&dir),
        [format!("1\t1\trecords/{NAKAJIMA}.ron")],
        "only the title changed"
    );
    assert!(crate::support::get(dir.to_str().unwrap(), NAKAJIMA, "title").ends_with("(corrected)"));
    assert_eq!(
        crate::support::get(dir.to_str().unwrap(), NAKAJIMA, "external_id"),
        "000123"
    );

    // Asked for, they are applied.
    git(&dir, &["checkout", "--", "."]);
    let out = import(&dir, &saved, &["--apply-reformatted"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        crate::support::get(dir.to_str().unwrap(), NAKAJIMA, "external_id"),
        "123"
    );
}

#[test]
fn a_cell_cut_at_the_spreadsheet_limit_is_refused_and_never_stored() {
    let (tmp, dir) = committed_sample();
    let long: String = (0..8_000).map(|i| format!("w{i} ")).collect();
    assert!(long.chars().count() > 32_767);
    set(&dir, NAKAJIMA, "summary", long.trim_end());
    commit_as_ben(&dir, "A long summary");
    let file = tmp.path().join("all.csv");
    export_all(&dir, &file);
    let mut rows = rows(&file);
    let (row, summary, notes) = (
        row_of(&rows, NAKAJIMA),
        column(&rows, "summary"),
        column(&rows, "notes"),
    );
    // The spreadsheet keeps the first 32,767 characters; the archivist adds a note.
    rows[row][summary] = rows[row][summary].chars().take(32_767).collect();
    rows[row][notes] = "Checked.".to_owned();
    let saved = tmp.path().join("saved.csv");
    write_rows(&saved, &rows, b',', false);
    let out = import(&dir, &saved, &[]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains(&format!(
            "error: row {}, column F (summary): the cell holds 32767 characters, the most a spreadsheet cell holds, and they begin the record's summary, which is longer: a spreadsheet cut it, so it is not imported",
            row + 1
        )),
        "{}",
        stderr(&out)
    );
    let d = dir.to_str().unwrap();
    assert_eq!(crate::support::get(d, NAKAJIMA, "summary"), long.trim_end());
    assert_eq!(
        crate::support::get(d, NAKAJIMA, "notes"),
        "Checked.",
        "the rest applied"
    );
}

/// The cells of the first sheet of an xlsx workbook, as a spreadsheet program's
/// reader gives them (calamine, which reads what Excel and LibreOffice write).
fn xlsx_rows(file: &Path) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(file).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[calamine::Data]>::to_vec).collect()
}

#[test]
fn an_xlsx_export_holds_every_cell_as_text_and_imported_back_changes_no_file() {
    let (tmp, dir) = committed_sample();
    // What a spreadsheet would take for numbers, dates or formulas.
    set(&dir, NAKAJIMA, "external_id", "000123");
    set(&dir, NAKAJIMA, "classification", "3.10");
    set(
        &dir,
        NAKAJIMA,
        "people",
        r#"["Smith; Jones", "=HYPERLINK(1)", " padded "]"#,
    );
    set(&dir, NAKAJIMA, "notes", "-1 \"quoted\", then\na new line");
    commit_as_ben(&dir, "Values a spreadsheet would mangle");
    let csv = tmp.path().join("all.csv");
    export_all(&dir, &csv);
    let xlsx = tmp.path().join("all.xlsx");
    export_all(&dir, &xlsx);

    // Read back as a spreadsheet reads it: every cell text, the same as the CSV's.
    let sheet = xlsx_rows(&xlsx);
    let csv_rows = rows(&csv);
    assert_eq!(sheet.len(), csv_rows.len());
    for (sheet_row, csv_row) in sheet.iter().zip(&csv_rows) {
        for (cell, text) in sheet_row.iter().zip(csv_row) {
            match cell {
                calamine::Data::String(s) => assert_eq!(s, text),
                calamine::Data::Empty => assert_eq!(text, ""),
                other => panic!("a cell not stored as text: {other:?} ({text})"),
            }
        }
    }
    imported_back_changes_nothing(&dir, &xlsx);

    // Edited in a spreadsheet: a title corrected, and a number typed as a number
    // into the record number's cell (its zeros gone).
    let edited = tmp.path().join("edited.xlsx");
    rewrite_workbook(&xlsx, &edited, |id, column| match (id, column) {
        (NAKAJIMA, "title") => Some(Cell::Text("Statement of Nakajima Kenzo (corrected)")),
        (NAKAJIMA, "external_id") => Some(Cell::Number(123.0)),
        _ => None,
    });
    let out = import(&dir, &edited, &[]);
    assert_eq!(code(&out), 1, "the rewritten number is to be seen");
    assert!(
        stderr(&out)
            .contains("column S (external_id): \"123\" is \"000123\" rewritten by a spreadsheet"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        crate::vcs::numstat(&dir),
        [format!("1\t1\trecords/{NAKAJIMA}.ron")],
        "the title alone"
    );
}

/// A cell a spreadsheet user puts in a workbook.
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Number(f64),
}

/// Copies the workbook `from` to `to` as a spreadsheet program saves it after an
/// edit: each cell as it was, but those `edit` gives for a row's id and a column's
/// header.
pub(crate) fn rewrite_workbook(
    from: &Path,
    to: &Path,
    edit: impl Fn(&str, &str) -> Option<Cell<'static>>,
) {
    let sheet = xlsx_rows(from);
    let header: Vec<String> = sheet[0].iter().map(ToString::to_string).collect();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let out = workbook.add_worksheet();
    for (r, cells) in sheet.iter().enumerate() {
        let id = cells[0].to_string();
        for (c, cell) in cells.iter().enumerate() {
            let (row, column) = (r as u32, c as u16);
            match edit(&id, &header[c]) {
                Some(Cell::Text(text)) => out.write_string(row, column, text),
                Some(Cell::Number(n)) => out.write_number(row, column, n),
                None => match cell {
                    calamine::Data::String(s) => out.write_string(row, column, s.as_str()),
                    _ => continue,
                },
            }
            .unwrap();
        }
    }
    workbook.save(to).unwrap();
}
