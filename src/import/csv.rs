//! A spreadsheet of records (CSV, or xlsx read by [`super::xlsx`]) planned against
//! the catalog: each row updates the record of its id (only the columns the file
//! has; an empty cell clears) or makes a new record; every change and every problem
//! is named by row and column before anything is applied. Cells are read as
//! [`crate::export::cell`] says, so an export imported back changes nothing.
//!
//! What a spreadsheet program did to a file is never applied silently: a cell cut
//! at the 32,767 characters a spreadsheet cell holds is refused, a value of a
//! record the export stamp proves unchanged that is only its old value rewritten
//! (a date, a number) is listed as reformatted and left as it is unless asked for,
//! and a row without an id that matches a record made from the same row before is
//! not made again.

use std::collections::HashMap;

use serde::Serialize;
use thiserror::Error;

use crate::bulk::PlannedChange;
use crate::export::cell;
use crate::export::csv::STAMP_COLUMN;
use crate::model::{Field, FieldValue, Record, RecordId, admit_record};
use crate::store::{Catalog, Edit};

/// Whether `path` names a spreadsheet to import (`.csv`, `.tsv` or `.xlsx`).
pub fn is_spreadsheet(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| {
        ["csv", "tsv", "xlsx"]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}

/// How a spreadsheet file is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvImportOptions {
    /// The delimiter of a CSV file; detected from the header row when `None` (`,`,
    /// `;` or tab).
    pub delimiter: Option<u8>,
    /// Apply rows whose record changed in the catalog since the file was exported.
    pub force: bool,
    /// Apply values a spreadsheet program only rewrote (see [`super::reformat`]).
    pub apply_reformatted: bool,
}

/// The most characters a spreadsheet cell holds (Excel's and LibreOffice's limit):
/// a longer value is cut there when a spreadsheet program saves the file.
pub const CELL_LIMIT: usize = 32_767;

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
    /// An xlsx file that cannot be read as a workbook.
    #[error("the file cannot be read as an xlsx workbook: {0}")]
    Xlsx(String),
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

/// A cell holding a value a spreadsheet program only rewrote: left as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reformatted {
    /// The column's letter and header.
    pub column: String,
    /// The field.
    pub field: Field,
    /// The record's value, as the export wrote it.
    pub was: String,
    /// The cell now.
    pub now: String,
}

/// What a row does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
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
    /// A row without an id whose every cell a record holds already: made from the
    /// same row before (the file imported twice, or again after a kill).
    AlreadyImported,
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
    /// Cells left out, and why (a cell a spreadsheet cut).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<CellProblem>,
    /// For a new record: a record of the catalog with the same title and date,
    /// which the row may be an edited copy of (give the row its id to update it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resembles: Option<RecordId>,
    /// Values a spreadsheet program only rewrote: left as they are.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reformatted: Vec<Reformatted>,
}

/// What importing a spreadsheet would do, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CsvPlan {
    /// The delimiter read (or given); `None` for an xlsx workbook.
    #[serde(serialize_with = "delimiter_name")]
    pub delimiter: Option<u8>,
    /// Every row that is not empty, in order.
    pub rows: Vec<PlannedRow>,
}

fn delimiter_name<S: serde::Serializer>(d: &Option<u8>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&char::from(*d).to_string()),
        None => s.serialize_none(),
    }
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

    /// How many rows are left as they are: unchanged, or imported before.
    pub fn unchanged(&self) -> usize {
        self.count(|o| matches!(o, RowOutcome::Unchanged | RowOutcome::AlreadyImported))
    }

    /// How many values a spreadsheet only rewrote were left as they are.
    pub fn reformatted(&self) -> usize {
        self.rows.iter().map(|r| r.reformatted.len()).sum()
    }

    /// How many cells were left out (cut by a spreadsheet).
    pub fn cells_left_out(&self) -> usize {
        self.rows.iter().map(|r| r.left_out.len()).sum()
    }

    /// Every field change of records updated, row by row.
    pub fn changes(&self) -> impl Iterator<Item = &PlannedChange> {
        self.rows.iter().flat_map(|r| match &r.outcome {
            RowOutcome::Updated { changes } => changes.as_slice(),
            _ => &[],
        })
    }

    /// Refuses the rows that would change a record whose file a git merge left
    /// unfinished (`unmerged`): one side of it is not the record to update.
    pub fn refuse_unfinished_merges(&mut self, unmerged: &[crate::store::UnfinishedMerge]) {
        let unmerged: Vec<&RecordId> = unmerged.iter().map(|m| &m.id).collect();
        for row in &mut self.rows {
            let changes = matches!(
                row.outcome,
                RowOutcome::Updated { .. } | RowOutcome::Stale { .. }
            );
            if changes && row.id.as_ref().is_some_and(|id| unmerged.contains(&id)) {
                row.outcome = RowOutcome::Refused {
                    problems: vec![CellProblem {
                        column: String::new(),
                        reason: "its record's file holds an unfinished git merge: finish the merge first (in Folio: Show both)".to_owned(),
                    }],
                };
            }
        }
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

/// Plans the import of the spreadsheet `bytes` (the file at `path`: xlsx by its
/// extension or its bytes, else CSV) into `catalog`.
pub fn plan_file(
    catalog: &Catalog,
    path: &std::path::Path,
    bytes: &[u8],
    options: CsvImportOptions,
) -> Result<CsvPlan, CsvError> {
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        || super::xlsx::is_xlsx(bytes);
    if xlsx {
        let rows = super::xlsx::rows(bytes)?;
        plan_rows(catalog, None, rows.into_iter().map(Ok), options)
    } else {
        plan(catalog, bytes, options)
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
    let rows = reader
        .byte_records()
        .enumerate()
        .map(|(i, row)| text_row(i + 1, row).map(|cells| (i + 1, cells)));
    plan_rows(catalog, Some(delimiter), rows, options)
}

/// Plans rows of cells, numbered as a spreadsheet numbers them, the first being
/// the header.
fn plan_rows(
    catalog: &Catalog,
    delimiter: Option<u8>,
    mut rows: impl Iterator<Item = Result<(usize, Vec<String>), CsvError>>,
    options: CsvImportOptions,
) -> Result<CsvPlan, CsvError> {
    let header = match rows.next() {
        None => return Err(CsvError::Empty),
        Some(header) => header?.1,
    };
    let columns = read_header(&header)?;
    let mut planner = Planner {
        catalog,
        options,
        columns,
        seen: HashMap::new(),
        new_ids: std::collections::HashSet::new(),
        by_title: None,
        created: HashMap::new(),
    };
    let mut plan = CsvPlan {
        delimiter,
        rows: Vec::new(),
    };
    for row in rows {
        let (number, cells) = row?;
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
pub(super) fn letter(index: usize) -> String {
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
    /// The catalog's records by title, made when a row without an id first needs it.
    by_title: Option<HashMap<String, Vec<RecordId>>>,
    /// The records new rows make, by title.
    created: HashMap<String, Vec<Record>>,
}

/// A row's cells read for its record.
struct ReadRow {
    values: Vec<(Field, FieldValue)>,
    problems: Vec<CellProblem>,
    left_out: Vec<CellProblem>,
    reformatted: Vec<Reformatted>,
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
        // Which record the row is, and whether its stamp proves that record
        // unchanged since the export, before its cells are read.
        let mut id_cell = None;
        let mut stamp = None;
        for (i, column) in self.columns.iter().enumerate() {
            // A short row (a spreadsheet drops empty cells at its end) leaves the
            // missing columns as they are.
            let Some(text) = cells.get(i) else { continue };
            match column {
                Some(Column::Id) => id_cell = Some((i, text.trim())),
                Some(Column::Stamp) => stamp = Some(text.trim()).filter(|s| !s.is_empty()),
                _ => {}
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
        let existing = given.as_ref().and_then(|id| self.catalog.get(id));
        let proven = existing.is_some_and(|r| stamp == Some(r.content_stamp().as_str()));
        let mut read = self.read_cells(cells, existing, proven);
        problems.append(&mut read.problems);
        let mut planned = if !problems.is_empty() {
            refused(number, given, problems)
        } else {
            match existing {
                Some(existing) => self.update(number, existing, stamp, read.values),
                None => self.create(number, given, read.values),
            }
        };
        planned.left_out = read.left_out;
        planned.reformatted = read.reformatted;
        planned
    }

    /// Reads the row's field cells: each value, each cell that cannot be read, and,
    /// for an existing record, each cell a spreadsheet cut or (the record proven
    /// unchanged since the export) only rewrote, which are left out.
    fn read_cells(&self, cells: &[String], existing: Option<&Record>, proven: bool) -> ReadRow {
        let mut read = ReadRow {
            values: Vec::new(),
            problems: Vec::new(),
            left_out: Vec::new(),
            reformatted: Vec::new(),
        };
        for (i, column) in self.columns.iter().enumerate() {
            let (Some(Column::Field(field)), Some(text)) = (column, cells.get(i)) else {
                continue;
            };
            let field = *field;
            let column = format!("{} ({})", letter(i), field.name());
            let decoded = cell::decode(field, text);
            if let Some(existing) = existing {
                let before = field.get(existing);
                if decoded.as_ref().is_ok_and(|value| *value == before) {
                    continue;
                }
                let current = cell::encode(&before);
                if cut_by_a_spreadsheet(text, &current) {
                    read.left_out.push(CellProblem {
                        column,
                        reason: format!(
                            "the cell holds {CELL_LIMIT} characters, the most a spreadsheet cell holds, and they begin the record's {}, which is longer: a spreadsheet cut it, so it is not imported (the {} is left as it is)",
                            field.name(),
                            field.name()
                        ),
                    });
                    continue;
                }
                if proven
                    && !self.options.apply_reformatted
                    && super::reformat::spreadsheet_reformatted(&current, text)
                {
                    read.reformatted.push(Reformatted {
                        column,
                        field,
                        was: current,
                        now: text.clone(),
                    });
                    continue;
                }
            }
            match decoded {
                Ok(value) => read.values.push((field, value)),
                Err(e) => read.problems.push(CellProblem {
                    column,
                    reason: reason(field, &e),
                }),
            }
        }
        read
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
        planned(number, id, outcome)
    }

    fn create(
        &mut self,
        number: usize,
        given: Option<RecordId>,
        values: Vec<(Field, FieldValue)>,
    ) -> PlannedRow {
        let mut record = Record::new(RecordId::from_title(None, "new"), "");
        let fields: Vec<Field> = values.iter().map(|(f, _)| *f).collect();
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
        let mut resembles = None;
        if given.is_none() {
            // A row without an id cannot name its record: one that holds every cell
            // of the row already was made from this row (the file imported again).
            let (same, like) = self.made_before(&record, &fields);
            if let Some(id) = same {
                return planned(number, Some(id), RowOutcome::AlreadyImported);
            }
            resembles = like;
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
        self.created
            .entry(record.title.clone())
            .or_default()
            .push(record.clone());
        let mut row = planned(
            number,
            Some(id),
            RowOutcome::Created {
                record: Box::new(record),
            },
        );
        row.resembles = resembles;
        row
    }

    /// A record (of the catalog, or made by an earlier row) holding every one of
    /// `fields` as `record` holds them; else one with the same title and date.
    fn made_before(
        &mut self,
        record: &Record,
        fields: &[Field],
    ) -> (Option<RecordId>, Option<RecordId>) {
        let catalog = self.catalog;
        let by_title = self.by_title.get_or_insert_with(|| {
            let mut map: HashMap<String, Vec<RecordId>> = HashMap::new();
            for r in catalog.records() {
                map.entry(r.title.clone()).or_default().push(r.id.clone());
            }
            map
        });
        let same = |other: &Record| fields.iter().all(|f| f.get(other) == f.get(record));
        let known = by_title
            .get(&record.title)
            .into_iter()
            .flatten()
            .filter_map(|id| catalog.get(id));
        let made = self.created.get(&record.title).into_iter().flatten();
        let mut resembles = None;
        for other in known.chain(made) {
            if same(other) {
                return (Some(other.id.clone()), None);
            }
            if resembles.is_none() && other.date == record.date {
                resembles = Some(other.id.clone());
            }
        }
        (None, resembles)
    }
}

/// Whether a cell holds exactly as many characters as a spreadsheet cell can and
/// they are the start of the longer `current` value: a spreadsheet cut it there.
fn cut_by_a_spreadsheet(cell: &str, current: &str) -> bool {
    // Line breaks count once, whatever a spreadsheet wrote them as; Excel counts
    // UTF-16 units, LibreOffice characters.
    let cell = cell.replace("\r\n", "\n");
    let full = cell.chars().count() == CELL_LIMIT || cell.encode_utf16().count() == CELL_LIMIT;
    full && current.len() > cell.len() && current.starts_with(cell.as_str())
}

fn planned(number: usize, id: Option<RecordId>, outcome: RowOutcome) -> PlannedRow {
    PlannedRow {
        row: number,
        id,
        outcome,
        left_out: Vec::new(),
        resembles: None,
        reformatted: Vec::new(),
    }
}

fn refused(number: usize, id: Option<RecordId>, problems: Vec<CellProblem>) -> PlannedRow {
    planned(number, id, RowOutcome::Refused { problems })
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
