//! xlsx for spreadsheet programs: the columns of the CSV export, each cell written
//! as [`super::cell`] writes it and stored as text, in columns formatted as text
//! (`@`), so that no spreadsheet program re-dates `August 1949` or drops the zeros
//! of `000123`, on opening or when a value is typed in. `folio import` reads the
//! file back to the same records.
//!
//! A cell holds at most 32,767 characters: a longer value (a long translation) is
//! cut there, said by [`cut_cells`], and the import leaves such a cell out rather
//! than store the cut value.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::import::csv::CELL_LIMIT;
use crate::model::{Field, Record, RecordId};

use super::csv::{Column, CsvOptions, STAMP_COLUMN, cell};
use super::{ExportError, Progress};

/// The most rows a sheet holds, the header included.
const ROW_LIMIT: usize = 1_048_576;

impl From<XlsxError> for ExportError {
    fn from(error: XlsxError) -> Self {
        ExportError::Xlsx(error.to_string())
    }
}

/// The records as an xlsx workbook of one sheet.
pub fn to_xlsx(
    records: &[&Record],
    options: &CsvOptions,
    progress: &Progress,
) -> Result<Vec<u8>, ExportError> {
    if records.len() >= ROW_LIMIT {
        return Err(ExportError::Xlsx(format!(
            "{} records do not fit in a spreadsheet, whose sheets hold {} rows; export fewer, or to CSV",
            records.len(),
            ROW_LIMIT - 1
        )));
    }
    let mut workbook = Workbook::new();
    // The same records give the same bytes: the workbook is dated by its newest
    // record, not by the clock.
    let newest = records.iter().map(|r| r.created).max().unwrap_or_default();
    let created = ExcelDateTime::from_timestamp(newest.timestamp())?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Folio records")
            .set_creation_datetime(&created),
    );
    let text = Format::new().set_num_format("@");
    let header = Format::new().set_num_format("@").set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Records")?;
    let stamp = options.stamp && options.columns.contains(&Column::Id);
    let mut names: Vec<&str> = options.columns.iter().map(|c| c.name()).collect();
    if stamp {
        names.push(STAMP_COLUMN);
    }
    for (column, name) in names.iter().enumerate() {
        let column = column_index(column)?;
        sheet.set_column_format(column, &text)?;
        sheet.set_column_width(column, width(name))?;
        sheet.write_string_with_format(0, column, *name, &header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, record) in progress.iter(records).enumerate() {
        let row = u32::try_from(row + 1).map_err(|_| too_many())?;
        let mut cells: Vec<String> = options.columns.iter().map(|c| cell(record, *c)).collect();
        if stamp {
            cells.push(record.content_stamp());
        }
        for (column, value) in cells.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            sheet.write_string_with_format(row, column_index(column)?, fitting(value), &text)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

fn too_many() -> ExportError {
    ExportError::Xlsx("too many rows for a spreadsheet".to_owned())
}

fn column_index(column: usize) -> Result<u16, ExportError> {
    u16::try_from(column).map_err(|_| ExportError::Xlsx("too many columns".to_owned()))
}

/// A column wide enough to read its header, wider for long texts.
fn width(name: &str) -> f64 {
    match name {
        "title" | "summary" | "source" | "texts" | "notes" | "rights" => 48.0,
        _ => (name.len() as f64 + 4.0).max(14.0),
    }
}

/// A value cut to what a cell holds.
fn fitting(value: &str) -> &str {
    match value.char_indices().nth(CELL_LIMIT) {
        Some((at, _)) => value.get(..at).unwrap_or(value),
        None => value,
    }
}

/// The cells of an xlsx export that hold more than a spreadsheet cell can, and so
/// are cut, as (record, field): such values do not go through a spreadsheet whole.
pub fn cut_cells(records: &[&Record], options: &CsvOptions) -> Vec<(RecordId, Field)> {
    records
        .iter()
        .flat_map(|record| {
            options
                .columns
                .iter()
                .filter_map(move |column| match column {
                    Column::Field(field) => {
                        let long = cell(record, *column).chars().count() > CELL_LIMIT;
                        long.then(|| (record.id.clone(), *field))
                    }
                    Column::Id => None,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_to_what_a_cell_holds() {
        let long = "é".repeat(CELL_LIMIT + 10);
        assert_eq!(fitting(&long).chars().count(), CELL_LIMIT);
        assert_eq!(fitting("short"), "short");
    }
}
