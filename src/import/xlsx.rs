//! A spreadsheet in the xlsx format read as rows of cell texts, for the same
//! planning as a CSV file (see [`super::csv`]). Folio writes every cell of its xlsx
//! export as text; a cell a person or a program turned into a number or a date is
//! read as the text a spreadsheet shows for it (`3.1`, `1949-08-01`).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::csv::CsvError;

/// Whether the bytes are a zip archive, as every xlsx workbook is.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The rows of the workbook's first sheet, numbered as the spreadsheet numbers them
/// (from 1), from the first row that holds anything.
pub fn rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| CsvError::Xlsx(e.to_string()))?;
    let Some(range) = workbook.worksheet_range_at(0) else {
        return Err(CsvError::Empty);
    };
    let range = range.map_err(|e| CsvError::Xlsx(e.to_string()))?;
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Err(CsvError::Empty);
    };
    let mut rows = Vec::new();
    // Columns from A, so that letters in messages are the spreadsheet's.
    for row in start.0..=end.0 {
        let cells: Vec<String> = (0..=end.1)
            .map(|column| range.get_value((row, column)).map(text).unwrap_or_default())
            .collect();
        rows.push((row as usize + 1, cells));
    }
    Ok(rows)
}

/// The text a spreadsheet shows for a cell.
fn text(cell: &Data) -> String {
    match cell {
        Data::DateTime(when) => match when.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => when.to_string(),
        },
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        other => other.to_string(),
    }
}
