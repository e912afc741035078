//! A spreadsheet of records (CSV) planned against the catalog: each row updates the
//! record of its id (only the columns the file has; an empty cell clears) or makes
//! a new record; every change and every problem is named by row and column before
//! anything is applied. Cells are read as [`crate::export::cell`] says, so a CSV
//! export imported back changes nothing.

use std::collections::HashMap;

use serde::Serialize;
use thiserror::Error;

use crate::bulk::PlannedChange;
use crate::export::cell;
use crate::export::csv::STAMP_COLUMN;
use crate::model::{Field, FieldValue, Record, RecordId, admit_record};
use crate::store::{Catalog, Edit};

/// Whether `path` names a spreadsheet to import (`.csv` or `.tsv`).
pub fn is_spreadsheet(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
}

/// How a CSV file is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvImportOptions {
    /// The delimiter; detected from the header row when `None` (`,`, `;` or tab).
    pub delimiter: Option<u8>,
    /// Apply rows whose record changed in the catalog since the file was exported.
    pub force: bool,
}

/// Why a CSV file cannot be read at all (nothing of it is imported).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CsvError {
    /// No header row.
    #[error("the file is empty: a CSV import needs a header row of field names")]
    Empty,
    /// The CSV itself is broken.
    #[error("row {row}: {message}")]
    Syntax {
        /// The row (the header is row 1).
        row: usize,
        /// What the CSV reader says.
        message: String,
    },
    /// A cell is not UTF-8.
    #[error(
        "row {row}, column {column}: the text is not UTF-8; save the spreadsheet as \"CSV UTF-8\""
    )]
    NotUtf8 {
        /// The row.
        row: usize,
        /// The column's letter.
        column: String,
    },
    /// A header names no field.
    #[error(
        "column {column} \"{name}\" is not a field; headers are id, {STAMP_COLUMN} and field names or labels (date_display or \"Date as printed\"…)"
    )]
    UnknownColumn {
        /// The column's letter.
        column: String,
        /// The header.
        name: String,
    },
    /// Two headers name the same field.
    #[error("columns {first} and {second} are both \"{name}\"")]
    DuplicateColumn {
        /// The first column's letter.
        first: String,
        /// The second column's letter.
        second: String,
        /// The field's name.
        name: String,
    },
}

/// What a column of the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Stamp,
    Field(Field),
}

impl Column {
    /// The column a header names: `id`, the stamp, a field's canonical name or its
    /// label in the app, in any case.
    fn from_header(header: &str) -> Option<Column> {
        let header = header.trim().to_lowercase();
        let header = header.as_str();
        if header == "id" {
            return Some(Column::Id);
        }
        if header == STAMP_COLUMN || header == "export stamp" {
            return Some(Column::Stamp);
        }
        Field::ALL
            .into_iter()
            .find(|f| f.name() == header || f.label().to_lowercase() == header)
            .map(Column::Field)
    }

    fn name(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Stamp => STAMP_COLUMN,
            Column::Field(f) => f.name(),
        }
    }
}

/// One problem of a row: the column (`C (date)`) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellProblem {
    /// The column's letter and header, or empty when the row as a whole is wrong.
    pub column: String,
    /// Why.
    pub reason: String,
}

/// What a row does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum RowOutcome {
    /// A new record.
    Created {
        /// The record.
        record: Box<Record>,
    },
    /// The record's fields that change.
    Updated {
        /// Each field, before → after.
        changes: Vec<PlannedChange>,
    },
    /// The record already holds what the row says.
    Unchanged,
    /// The record changed in the catalog since the file was exported: the row
    /// would revert that, so it is left out (unless forced).
    Stale {
        /// The fields the row would change.
        fields: Vec<Field>,
    },
    /// The row cannot be imported.
    Refused {
        /// Every problem of the row.
        problems: Vec<CellProblem>,
    },
}

/// One row of the file and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedRow {
    /// The row as a spreadsheet numbers it (the header is row 1).
    pub row: usize,
    /// The record (`None` when the row's id cannot be one).
    pub id: Option<RecordId>,
    /// What the row does.
    #[serde(flatten)]
    pub outcome: RowOutcome,
}

/// What importing a CSV file would do, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CsvPlan {
    /// The delimiter read (or given).
    #[serde(serialize_with = "delimiter_name")]
    pub delimiter: u8,
    /// Every row that is not empty, in order.
    pub rows: Vec<PlannedRow>,
}

fn delimiter_name<S: serde::Serializer>(d: &u8, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&char::from(*d).to_string())
}

impl CsvPlan {
    /// How many rows have outcomes like `matches`.
    pub fn count(&self, matches: impl Fn(&RowOutcome) -> bool) -> usize {
        self.rows.iter().filter(|r| matches(&r.outcome)).count()
    }

    /// How many rows are refused.
    pub fn refused(&self) -> usize {
        self.count(|o| matches!(o, RowOutcome::Refused { .. }))
    }

    /// How many rows are stale.
    pub fn stale(&self) -> usize {
        self.count(|o| matches!(o, RowOutcome::Stale { .. }))
    }

    /// How many records are created.
    pub fn created(&self) -> usize {
        self.count(|o| matches!(o, RowOutcome::Created { .. }))
    }

    /// How many records are updated.
    pub fn updated(&self) -> usize {
        self.count(|o| matches!(o, RowOutcome::Updated { .. }))
    }

    /// Every field change of records updated, row by row.
    pub fn changes(&self) -> impl Iterator<Item = &PlannedChange> {
        self.rows.iter().flat_map(|r| match &r.outcome {
            RowOutcome::Updated { changes } => changes.as_slice(),
            _ => &[],
        })
    }

    /// The edit that creates and updates what the rows say (refused and stale rows
    /// left out), as one undo step; `None` when nothing would change.
    pub fn edit(&self) -> Option<Edit> {
        let mut edits: Vec<Edit> = self
            .rows
            .iter()
            .filter_map(|row| match &row.outcome {
                RowOutcome::Created { record } => Some(Edit::Add(record.clone())),
                RowOutcome::Updated { changes } => Some(Edit::Set {
                    id: changes.first()?.id.clone(),
                    changes: changes.iter().map(|c| (c.field, c.after.clone())).collect(),
                }),
                _ => None,
            })
            .collect();
        match edits.len() {
            0 => None,
            1 => edits.pop(),
            _ => Some(Edit::Batch(edits)),
        }
    }
}

/// Plans the import of the CSV file `bytes` into `catalog`.
pub fn plan(
    catalog: &Catalog,
    bytes: &[u8],
    options: CsvImportOptions,
) -> Result<CsvPlan, CsvError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = reader.byte_records();
    let header = match rows.next() {
        None => return Err(CsvError::Empty),
        Some(header) => text_row(1, header)?,
    };
    let columns = read_header(&header)?;
    let mut planner = Planner {
        catalog,
        options,
        columns,
        seen: HashMap::new(),
        new_ids: std::collections::HashSet::new(),
    };
    let mut plan = CsvPlan {
        delimiter,
        rows: Vec::new(),
    };
    for (i, row) in rows.enumerate() {
        let number = i + 2;
        let cells = text_row(number, row)?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        plan.rows.push(planner.row(number, &cells));
    }
    Ok(plan)
}

/// The cells of a row as text, or which one is not UTF-8.
fn text_row(
    row: usize,
    record: Result<::csv::ByteRecord, ::csv::Error>,
) -> Result<Vec<String>, CsvError> {
    let record = record.map_err(|e| CsvError::Syntax {
        row,
        message: e.to_string(),
    })?;
    record
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            String::from_utf8(cell.to_vec()).map_err(|_| CsvError::NotUtf8 {
                row,
                column: letter(i),
            })
        })
        .collect()
}

fn read_header(header: &[String]) -> Result<Vec<Option<Column>>, CsvError> {
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        if name.trim().is_empty() {
            // A spreadsheet's trailing empty column: nothing to read.
            columns.push(None);
            continue;
        }
        let column = Column::from_header(name).ok_or_else(|| CsvError::UnknownColumn {
            column: letter(i),
            name: name.clone(),
        })?;
        if let Some(first) = columns.iter().position(|c| *c == Some(column)) {
            return Err(CsvError::DuplicateColumn {
                first: letter(first),
                second: letter(i),
                name: column.name().to_owned(),
            });
        }
        columns.push(Some(column));
    }
    Ok(columns)
}

/// The spreadsheet letter of a column (0 → `A`, 26 → `AA`).
fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The delimiter of the header row: the most frequent of `,`, `;` and tab outside
/// quotes (a comma when none).
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [comma, semicolon, tab] = counts;
    if tab > comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

struct Planner<'c> {
    catalog: &'c Catalog,
    options: CsvImportOptions,
    columns: Vec<Option<Column>>,
    /// Each id met so far, with its row.
    seen: HashMap<RecordId, usize>,
    /// The ids given to new records so far.
    new_ids: std::collections::HashSet<RecordId>,
}

impl Planner<'_> {
    fn row(&mut self, number: usize, cells: &[String]) -> PlannedRow {
        let mut problems = Vec::new();
        if cells.len() > self.columns.len()
            && cells.iter().skip(self.columns.len()).any(|c| !c.is_empty())
        {
            problems.push(CellProblem {
                column: String::new(),
                reason: format!(
                    "the row has {} cells, the header {}",
                    cells.len(),
                    self.columns.len()
                ),
            });
        }
        let mut id_cell = None;
        let mut stamp = None;
        let mut values: Vec<(Field, FieldValue)> = Vec::new();
        for (i, column) in self.columns.iter().enumerate() {
            let Some(column) = column else { continue };
            // A short row (a spreadsheet drops empty cells at its end) leaves the
            // missing columns as they are.
            let Some(text) = cells.get(i) else { continue };
            match column {
                Column::Id => id_cell = Some((i, text.trim())),
                Column::Stamp => stamp = Some(text.trim()).filter(|s| !s.is_empty()),
                Column::Field(field) => match cell::decode(*field, text) {
                    Ok(value) => values.push((*field, value)),
                    Err(e) => problems.push(CellProblem {
                        column: format!("{} ({})", letter(i), field.name()),
                        reason: reason(*field, &e),
                    }),
                },
            }
        }
        let given = match id_cell {
            Some((_, "")) | None => None,
            Some((i, text)) => match RecordId::new(text) {
                Ok(id) => Some(id),
                Err(e) => {
                    problems.push(CellProblem {
                        column: format!("{} (id)", letter(i)),
                        reason: format!("\"{text}\" cannot be a record id: {e}"),
                    });
                    return refused(number, None, problems);
                }
            },
        };
        if let Some(id) = &given {
            if let Some(first) = self.seen.insert(id.clone(), number) {
                problems.push(CellProblem {
                    column: "id".to_owned(),
                    reason: format!("row {first} has the same id"),
                });
            } else if self.new_ids.contains(id) {
                problems.push(CellProblem {
                    column: "id".to_owned(),
                    reason: "an earlier row's new record was given this id".to_owned(),
                });
            }
        }
        if !problems.is_empty() {
            return refused(number, given, problems);
        }
        match given.as_ref().and_then(|id| self.catalog.get(id)) {
            Some(existing) => self.update(number, existing, stamp, values),
            None => self.create(number, given, values),
        }
    }

    fn update(
        &self,
        number: usize,
        existing: &Record,
        stamp: Option<&str>,
        values: Vec<(Field, FieldValue)>,
    ) -> PlannedRow {
        let changes: Vec<PlannedChange> = values
            .into_iter()
            .filter_map(|(field, after)| {
                let before = field.get(existing);
                (before != after).then(|| PlannedChange {
                    id: existing.id.clone(),
                    field,
                    before,
                    after,
                })
            })
            .collect();
        let id = Some(existing.id.clone());
        let outcome = if changes.is_empty() {
            RowOutcome::Unchanged
        } else if !self.options.force && stamp.is_some_and(|s| s != existing.content_stamp()) {
            RowOutcome::Stale {
                fields: changes.iter().map(|c| c.field).collect(),
            }
        } else {
            RowOutcome::Updated { changes }
        };
        PlannedRow {
            row: number,
            id,
            outcome,
        }
    }

    fn create(
        &mut self,
        number: usize,
        given: Option<RecordId>,
        values: Vec<(Field, FieldValue)>,
    ) -> PlannedRow {
        let mut record = Record::new(RecordId::from_title(None, "new"), "");
        for (field, value) in values {
            // Each value was read for its field: it fits.
            let _ = field.set(&mut record, value);
        }
        if record.title.trim().is_empty() {
            return refused(
                number,
                given,
                vec![CellProblem {
                    column: "title".to_owned(),
                    reason: "a new record needs a title".to_owned(),
                }],
            );
        }
        let id = match given {
            Some(id) => id,
            None => {
                let wanted = RecordId::from_title(record.date.as_ref(), &record.title);
                let found = self.catalog.free_id_avoiding(wanted.as_str(), |id| {
                    self.new_ids.contains(id) || self.seen.contains_key(id)
                });
                match found {
                    Some(id) => id,
                    None => {
                        return refused(
                            number,
                            None,
                            vec![CellProblem {
                                column: "id".to_owned(),
                                reason: format!("no free id for \"{}\"", record.title),
                            }],
                        );
                    }
                }
            }
        };
        record.id = id.clone();
        if let Err(e) = admit_record(&record) {
            return refused(
                number,
                Some(id),
                vec![CellProblem {
                    column: String::new(),
                    reason: e.to_string(),
                }],
            );
        }
        self.new_ids.insert(id.clone());
        PlannedRow {
            row: number,
            id: Some(id),
            outcome: RowOutcome::Created {
                record: Box::new(record),
            },
        }
    }
}

fn refused(number: usize, id: Option<RecordId>, problems: Vec<CellProblem>) -> PlannedRow {
    PlannedRow {
        row: number,
        id,
        outcome: RowOutcome::Refused { problems },
    }
}

/// The reason of a field error without the field's name (the column says it).
fn reason(field: Field, error: &crate::model::FieldError) -> String {
    let text = error.to_string();
    text.strip_prefix(&format!("{}: ", field.name()))
        .map(str::to_owned)
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_delimiters() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(detect_delimiter(b"id;title;date\n1,2;3"), b';');
        assert_eq!(detect_delimiter(b"id\ttitle\n"), b'\t');
        assert_eq!(detect_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(detect_delimiter(b"id\n"), b',');
    }

    #[test]
    fn headers_are_names_or_labels_in_any_case() {
        assert_eq!(Column::from_header("ID"), Some(Column::Id));
        assert_eq!(
            Column::from_header("Date as printed"),
            Some(Column::Field(Field::DateDisplay))
        );
        assert_eq!(
            Column::from_header(" PEOPLE "),
            Some(Column::Field(Field::People))
        );
        assert_eq!(Column::from_header("colour"), None);
    }
}
