//! CSV (RFC 4180): one row per record, the columns chosen by the user.
//!
//! Each cell is written as [`super::cell`] says (lists joined with `; `, formulas
//! neutralized), so that `folio import` reads the file back to the same records.
//! With the id, the file ends with an `export_stamp` column: importing it back never
//! reverts what changed in the catalog since.

use crate::model::{Field, Record};

use super::{ExportError, Progress};

/// A CSV column: a record field, or the record's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The record's id.
    Id,
    /// A field.
    Field(Field),
}

impl Column {
    /// The header of the column (the canonical field name).
    pub fn name(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Field(f) => f.name(),
        }
    }

    /// Parses a column name (`id` or a field name).
    pub fn from_name(name: &str) -> Option<Column> {
        if name == "id" {
            return Some(Column::Id);
        }
        Field::from_name(name).ok().map(Column::Field)
    }
}

/// The default columns: what a researcher's list needs, without the texts.
pub const DEFAULT_COLUMNS: [Column; 16] = [
    Column::Id,
    Column::Field(Field::Date),
    Column::Field(Field::DateDisplay),
    Column::Field(Field::Title),
    Column::Field(Field::DocType),
    Column::Field(Field::Summary),
    Column::Field(Field::Authors),
    Column::Field(Field::People),
    Column::Field(Field::Places),
    Column::Field(Field::Subjects),
    Column::Field(Field::Languages),
    Column::Field(Field::Source),
    Column::Field(Field::Credits),
    Column::Field(Field::Rights),
    Column::Field(Field::ExternalId),
    Column::Field(Field::Status),
];

/// Options of the CSV export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// Start with a UTF-8 byte order mark, so that spreadsheets read the file as UTF-8.
    pub bom: bool,
    /// End with the `export_stamp` column (when the id is a column).
    pub stamp: bool,
}

/// The header of the column of content stamps.
pub const STAMP_COLUMN: &str = "export_stamp";

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            columns: DEFAULT_COLUMNS.to_vec(),
            bom: false,
            stamp: true,
        }
    }
}

/// The text of one cell.
pub fn cell(record: &Record, column: Column) -> String {
    match column {
        Column::Id => super::cell::neutralize(record.id.to_string()),
        Column::Field(field) => super::cell::encode(&field.get(record)),
    }
}

/// The records as CSV.
pub fn to_csv(
    records: &[&Record],
    options: &CsvOptions,
    progress: &Progress,
) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    if options.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let stamp = options.stamp && options.columns.contains(&Column::Id);
    let mut header: Vec<&str> = options.columns.iter().map(|c| c.name()).collect();
    if stamp {
        header.push(STAMP_COLUMN);
    }
    writer.write_record(header)?;
    for record in progress.iter(records) {
        let mut row: Vec<String> = options.columns.iter().map(|c| cell(record, *c)).collect();
        if stamp {
            row.push(record.content_stamp());
        }
        writer.write_record(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Io(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecordId;

    #[test]
    fn hostile_cells_are_quoted_and_neutralized() {
        let mut r = Record::new(
            RecordId::new("a").unwrap(),
            "=HYPERLINK(\"http://x\",\"click\")",
        );
        r.summary = "comma, \"quote\"\nnewline".into();
        r.people = vec!["@SUM(1)".into(), "Kim Il Sung".into()];
        r.source = "+1".into();
        let options = CsvOptions {
            columns: vec![
                Column::Id,
                Column::Field(Field::Title),
                Column::Field(Field::Summary),
                Column::Field(Field::People),
                Column::Field(Field::Source),
            ],
            bom: true,
            stamp: false,
        };
        let bytes = to_csv(&[&r], &options, &Progress::default()).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let mut reader = ::csv::Reader::from_reader(&bytes[3..]);
        let row: Vec<String> = reader
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            row,
            vec![
                "a",
                "'=HYPERLINK(\"http://x\",\"click\")",
                "comma, \"quote\"\nnewline",
                "'@SUM(1); Kim Il Sung",
                "'+1"
            ]
        );
    }
}
