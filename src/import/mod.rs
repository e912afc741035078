//! Importers: digital-archive record pages and Folio's own JSON export.
//!
//! Each importer turns its input into records; [`plan`] then decides, against the
//! catalog, whether each record is new, an update of an existing one (same id, or
//! same external record number) or unchanged, and gives the [`Edit`] that applies it.

pub(crate) mod credits;
pub mod csv;
pub mod reformat;
pub mod wilson;
pub mod xlsx;

use std::path::{Path, PathBuf};

use thiserror::Error;

use serde::Deserialize;

use crate::model::{ArchivalDate, Field, FieldValue, Record, RecordId};
use crate::store::{Catalog, Edit};

pub use credits::parse_credits;
pub use wilson::{Layout, PageImport, parse_page};

/// Why an input could not be imported.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The input is not a record page.
    #[error("{0}")]
    NotAPage(String),
    /// The id the page would get is not valid.
    #[error("{0}")]
    BadId(String),
    /// The JSON is malformed or does not hold records.
    #[error("line {line}, column {col}: {message}")]
    Json {
        /// Line.
        line: usize,
        /// Column.
        col: usize,
        /// What.
        message: String,
    },
    /// The input is not UTF-8 text.
    #[error("not UTF-8 text (is this a binary file?)")]
    NotText,
}

/// The input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A digital-archive record page (text).
    Wilson,
    /// A JSON array of records, as `folio export --format json` writes.
    Json,
}

impl Format {
    /// Guesses the format from the file name and the first bytes.
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            || first == Some(&b'[')
        {
            Format::Json
        } else {
            Format::Wilson
        }
    }
}

/// The importable files of a path: the file itself, or a folder's `.txt` and `.json`
/// files (not recursive), sorted by name.
pub fn input_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let p = entry?.path();
        if is_page_or_export(&p) && p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

/// A record read from Folio's JSON export, with the stamp of what it was when
/// exported (see [`crate::model::Record::content_stamp`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(expecting = "a record (a JSON object with the canonical field names)")]
pub struct ExportedRecord {
    /// The record.
    #[serde(flatten)]
    pub record: Record,
    /// The record's content stamp at export; `None` in JSON made by hand.
    #[serde(default)]
    pub export_stamp: Option<String>,
}

/// The member of each exported JSON record that holds its content stamp.
pub const EXPORT_STAMP: &str = "export_stamp";

/// Records from Folio's JSON export (an array of records with canonical field names,
/// each with its export stamp). A byte order mark, which some editors add, is read
/// Whether `path` names a record page or a JSON export (`.txt`, `.json`), what a
/// folder import takes.
pub fn is_page_or_export(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("json"))
}

/// past.
pub fn parse_json(bytes: &[u8]) -> Result<Vec<ExportedRecord>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| {
        // serde_json ends its message with the position, given apart here.
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        ImportError::Json {
            line: e.line(),
            col: e.column(),
            message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
        }
    })
}

/// Parses a digital-archive page from bytes.
pub fn parse_page_bytes(bytes: &[u8]) -> Result<PageImport, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    parse_page(text)
}

/// What importing one record does, or would do, to the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new record.
    Created,
    /// An existing record is updated.
    Updated,
    /// An existing record already holds exactly this.
    Unchanged,
    /// A page imported before differs from the record made from it (the archivist
    /// may have corrected it): nothing changes unless asked to update.
    Differs,
    /// A JSON record whose record changed in the catalog since it was exported:
    /// importing it would revert those changes, so nothing changes unless forced.
    Stale,
}

impl Outcome {
    /// The outcome as a past participle (`created`), for reports.
    pub fn verb(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Differs => "differs",
            Outcome::Stale => "stale",
        }
    }
}

/// How an import treats records the catalog already has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The input format (detected from each file when `None`).
    pub format: Option<Format>,
    /// Apply a page's values to the record made from it before (by default a
    /// re-import changes nothing and lists the fields that differ).
    pub update: bool,
    /// Import JSON records even when their record changed in the catalog since the
    /// export.
    pub force: bool,
}

/// How to apply an imported record.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The id of the record concerned.
    pub id: RecordId,
    /// What happens.
    pub outcome: Outcome,
    /// The fields that change (updated) or would change (differs, stale).
    pub fields: Vec<Field>,
    /// The edit to apply (none when nothing changes).
    pub edit: Option<Edit>,
}

/// Fields that belong to the cataloguer, never overwritten by re-importing a page.
const CATALOGUER_FIELDS: [Field; 4] = [
    Field::Notes,
    Field::Status,
    Field::Related,
    Field::Attachments,
];

fn is_empty(value: &FieldValue) -> bool {
    match value {
        FieldValue::Text(s) => s.is_empty(),
        FieldValue::List(v) => v.is_empty(),
        FieldValue::Date(d) => d.is_none(),
        FieldValue::Day(d) => d.is_none(),
        FieldValue::Related(v) => v.is_empty(),
        FieldValue::Credits(v) => v.is_empty(),
        FieldValue::Texts(v) => v.is_empty(),
        FieldValue::Attachments(v) => v.is_empty(),
        FieldValue::Status(_) => false,
    }
}

/// Decides how a record from a page is applied: a new record, or the record
/// imported from the same page before (same id, or same external record number).
/// That record may have been corrected since: by default nothing changes and the
/// fields that differ are listed; with `update`, it takes every value the page has,
/// keeps what the page lacks (a copy cut short erases nothing) and never touches
/// notes, status, related records or attachments.
pub fn plan_page(catalog: &Catalog, page: Record, update: bool) -> Planned {
    // A page imported before dates were read as dates has the id made then.
    let earlier = page
        .external_id
        .is_empty()
        .then(|| RecordId::from_title_before_dates_read(page.date.as_ref(), &page.title))
        .flatten();
    let existing = catalog.get(&page.id).or_else(|| {
        if let Some(found) = earlier.as_ref().and_then(|id| catalog.get(id)) {
            return Some(found);
        }
        (!page.external_id.is_empty())
            .then(|| {
                catalog
                    .records()
                    .find(|r| r.external_id == page.external_id)
            })
            .flatten()
    });
    let Some(existing) = existing else {
        return created(page);
    };
    let changes: Vec<(Field, FieldValue)> = Field::ALL
        .into_iter()
        .filter(|f| !CATALOGUER_FIELDS.contains(f))
        .map(|f| (f, f.get(&page)))
        .filter(|(f, value)| !is_empty(value) && f.get(existing) != *value)
        .collect();
    if !update && !changes.is_empty() {
        return Planned {
            id: existing.id.clone(),
            outcome: Outcome::Differs,
            fields: changes.into_iter().map(|(f, _)| f).collect(),
            edit: None,
        };
    }
    planned_changes(existing.id.clone(), changes)
}

/// Decides how a record from JSON is applied: new, or the same record's fields
/// taken from the file. A record that changed in the catalog since it was exported
/// (its stamp differs) is left alone unless `force`: importing an earlier export
/// never silently reverts later edits.
pub fn plan_json(catalog: &Catalog, exported: ExportedRecord, force: bool) -> Planned {
    let ExportedRecord {
        record,
        export_stamp,
    } = exported;
    let Some(existing) = catalog.get(&record.id) else {
        return created(record);
    };
    let changes: Vec<(Field, FieldValue)> = Field::differing(existing, &record)
        .into_iter()
        .map(|f| (f, f.get(&record)))
        .collect();
    let stale = export_stamp.is_some_and(|stamp| stamp != existing.content_stamp());
    if stale && !force && !changes.is_empty() {
        return Planned {
            id: record.id.clone(),
            outcome: Outcome::Stale,
            fields: changes.into_iter().map(|(f, _)| f).collect(),
            edit: None,
        };
    }
    planned_changes(record.id.clone(), changes)
}

fn created(record: Record) -> Planned {
    Planned {
        id: record.id.clone(),
        outcome: Outcome::Created,
        fields: Vec::new(),
        edit: Some(Edit::Add(Box::new(record))),
    }
}

fn planned_changes(id: RecordId, changes: Vec<(Field, FieldValue)>) -> Planned {
    if changes.is_empty() {
        return Planned {
            id,
            outcome: Outcome::Unchanged,
            fields: Vec::new(),
            edit: None,
        };
    }
    Planned {
        id: id.clone(),
        outcome: Outcome::Updated,
        fields: changes.iter().map(|(f, _)| *f).collect(),
        edit: Some(Edit::Set { id, changes }),
    }
}

/// The stable id of an imported page: `wcda-<record number>` when the page has the
/// archive's record number, else its date and the first words of its title.
pub fn derive_id(
    external_id: &str,
    date: Option<&ArchivalDate>,
    title: &str,
) -> Result<RecordId, ImportError> {
    if !external_id.is_empty() {
        let candidate = format!("wcda-{}", external_id.to_lowercase());
        return RecordId::new(candidate).map_err(|e| {
            ImportError::BadId(format!(
                "the page's record number \"{external_id}\" cannot make a record id: {e}"
            ))
        });
    }
    Ok(RecordId::from_title(date, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_record_number_or_date_and_title() {
        assert_eq!(
            derive_id("300638", None, "x").unwrap().as_str(),
            "wcda-300638"
        );
        let date = ArchivalDate::parse("1963-09-17").unwrap();
        assert_eq!(
            derive_id(
                "",
                Some(&date),
                "Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung"
            )
            .unwrap()
            .as_str(),
            "1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation"
        );
        assert_eq!(
            derive_id("", None, "Satō’s visit").unwrap().as_str(),
            "satos-visit"
        );
        let cjk = derive_id("", None, "一九五二年").unwrap();
        assert!(cjk.as_str().starts_with("page-"), "{cjk}");
        assert_eq!(cjk, derive_id("", None, "一九五二年").unwrap(), "stable");
    }

    #[test]
    fn a_record_number_that_makes_a_bad_id_is_refused() {
        let e = derive_id("../../etc", None, "x").unwrap_err().to_string();
        assert!(
            e.contains("../../etc") && e.contains("cannot make a record id"),
            "{e}"
        );
    }
}
