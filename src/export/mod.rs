//! Exporters: each a pure function from records (in the order given) and the catalog's
//! settings to bytes, deterministic (the same input gives the same bytes).

pub mod batched;
pub mod bibtex;
pub mod cell;
pub mod citation;
pub mod csl;
pub mod csv;
pub mod dublin_core;
pub mod ead;
pub mod json;
pub mod names;
pub mod page;
mod progress;
pub mod ris;
pub mod subset;
pub mod web;
pub mod xlsx;
pub mod xml;

pub use progress::Progress;

use std::path::Path;

use thiserror::Error;

use crate::model::Record;
use crate::store::folder::{write_atomically, write_atomically_with};
use crate::store::{CatalogSettings, StoreError};

/// Why an export failed.
#[derive(Debug, Error)]
pub enum ExportError {
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error(transparent)]
    Csv(#[from] ::csv::Error),
    /// Writing a file or a catalog failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A record's texts could not be read from where they are kept.
    #[error("record {id}: {source}")]
    Texts {
        /// The record.
        id: crate::model::RecordId,
        /// Why.
        source: crate::model::TextsError,
    },
    /// The xlsx writer failed (a sheet too large, say).
    #[error("the spreadsheet cannot be written: {0}")]
    Xlsx(String),
    /// The user stopped the export; nothing was written.
    #[error("export cancelled; nothing was written")]
    Cancelled,
}

/// The formats that are written as one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV: plain text, which spreadsheet programs read their own way.
    Csv,
    /// xlsx for spreadsheet programs, every cell text.
    Xlsx,
    /// A JSON array of records.
    Json,
    /// JSON Lines: one record per line.
    JsonLines,
    /// CSL-JSON for citation processors.
    CslJson,
    /// BibLaTeX.
    Bibtex,
    /// RIS.
    Ris,
    /// Citations in the archive's own style, one per line.
    Citation,
    /// Chicago bibliography entries, one per line.
    Chicago,
    /// Dublin Core (OAI-DC XML).
    DublinCore,
    /// An EAD3 finding aid.
    Ead,
    /// Markdown.
    Markdown,
    /// A self-contained, printable HTML page.
    Html,
}

impl Format {
    /// Every format, in the order menus show them.
    pub const ALL: [Format; 13] = [
        Format::Xlsx,
        Format::Csv,
        Format::Json,
        Format::JsonLines,
        Format::DublinCore,
        Format::Ead,
        Format::CslJson,
        Format::Bibtex,
        Format::Ris,
        Format::Citation,
        Format::Chicago,
        Format::Markdown,
        Format::Html,
    ];

    /// The short name used on the command line and in preferences.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::CslJson => "csl",
            Format::Bibtex => "bibtex",
            Format::Ris => "ris",
            Format::Citation => "citation",
            Format::Chicago => "chicago",
            Format::DublinCore => "dc",
            Format::Ead => "ead",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    /// The format of a short name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the format can carry the cataloguer's internal notes (an option), as
    /// opposed to leaving them out (citations, XML) or always carrying every field
    /// (JSON, which round-trips).
    pub fn notes_optional(self) -> bool {
        matches!(
            self,
            Format::CslJson | Format::Bibtex | Format::Ris | Format::Markdown | Format::Html
        )
    }

    /// The name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (plain text; spreadsheets may rewrite dates and numbers)",
            Format::Xlsx => "Spreadsheet (xlsx: LibreOffice, Excel; every cell kept as text)",
            Format::Json => "JSON",
            Format::JsonLines => "JSON Lines",
            Format::CslJson => "CSL-JSON (Zotero, citation processors)",
            Format::Bibtex => "BibTeX / BibLaTeX",
            Format::Ris => "RIS",
            Format::Citation => "Citations (archive style)",
            Format::Chicago => "Citations (Chicago)",
            Format::DublinCore => "Dublin Core (OAI-DC XML)",
            Format::Ead => "EAD3 finding aid",
            Format::Markdown => "Markdown",
            Format::Html => "HTML page (printable)",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json | Format::CslJson => "json",
            Format::JsonLines => "jsonl",
            Format::Bibtex => "bib",
            Format::Ris => "ris",
            Format::Citation | Format::Chicago => "txt",
            Format::DublinCore | Format::Ead => "xml",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// What the user chose beyond the format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Spreadsheet (CSV, xlsx) columns, and the CSV byte order mark.
    pub csv: csv::CsvOptions,
    /// Include the cataloguer's internal notes (off by default: they are internal).
    pub include_notes: bool,
    /// When each record last changed (its OAI-PMH datestamp, see
    /// [`crate::vcs::last_changes`]); a record not here has its creation time.
    pub changed: std::collections::BTreeMap<crate::model::RecordId, chrono::DateTime<chrono::Utc>>,
    /// When the export is made: the OAI-PMH response date, from which a harvester
    /// asks next time; when absent, the newest datestamp (the same records then
    /// always give the same bytes).
    pub exported_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl ExportOptions {
    /// The columns of a spreadsheet export (CSV or xlsx): internal notes leave only
    /// when asked for, whatever the columns.
    pub fn spreadsheet_columns(&self) -> csv::CsvOptions {
        let mut columns = self.csv.clone();
        if !self.include_notes {
            columns
                .columns
                .retain(|c| *c != csv::Column::Field(crate::model::Field::Notes));
        }
        columns
    }
}

/// Exports `records`, in the order given.
pub fn export(
    format: Format,
    records: &[&Record],
    settings: &CatalogSettings,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    export_with_progress(format, records, settings, options, &Progress::default())
}

/// Exports `records`, counting them in `progress`; stops with
/// [`ExportError::Cancelled`] when the user cancels.
pub fn export_with_progress(
    format: Format,
    records: &[&Record],
    settings: &CatalogSettings,
    options: &ExportOptions,
    progress: &Progress,
) -> Result<Vec<u8>, ExportError> {
    let loaded = with_texts_read(records)?;
    let records = &loaded.iter().map(AsRef::as_ref).collect::<Vec<&Record>>()[..];
    let notes = options.include_notes;
    let p = progress;
    let bytes = match format {
        Format::Csv => csv::to_csv(records, &options.spreadsheet_columns(), p)?,
        Format::Xlsx => xlsx::to_xlsx(records, &options.spreadsheet_columns(), p)?,
        Format::Json => json::to_json(p.iter(records).copied()),
        Format::JsonLines => json::to_json_lines(p.iter(records).copied()),
        Format::CslJson => csl::to_csl_json(records, settings, notes, p),
        Format::Bibtex => bibtex::to_bibtex(records, settings, notes, p),
        Format::Ris => ris::to_ris(records, settings, notes, p),
        Format::Citation => citation::to_citations(records, settings, citation::Style::Archive, p),
        Format::Chicago => citation::to_citations(records, settings, citation::Style::Chicago, p),
        Format::DublinCore => dublin_core::to_dublin_core(
            records,
            settings,
            &options.changed,
            options.exported_at,
            p,
        )?,
        Format::Ead => ead::to_ead(records, settings, p)?,
        Format::Markdown => page::to_markdown(records, settings, notes, p),
        Format::Html => page::to_html(records, settings, notes, p),
    };
    // A cancelled exporter stopped early: its output is partial, so it is dropped.
    if progress.is_cancelled() {
        return Err(ExportError::Cancelled);
    }
    Ok(bytes)
}

/// The records with their texts in memory (copies of those whose texts are kept
/// elsewhere): an export never writes texts it could not read as none.
pub fn with_texts_read<'a>(
    records: &[&'a Record],
) -> Result<Vec<std::borrow::Cow<'a, Record>>, ExportError> {
    records
        .iter()
        .map(|r| {
            r.with_texts_read().map_err(|source| ExportError::Texts {
                id: r.id.clone(),
                source,
            })
        })
        .collect()
}

/// Writes an export to `path` atomically; an existing file is replaced only when
/// `overwrite` is true (the user confirmed, or passed `--force`). The folder must
/// exist: an export creates none.
pub fn write_export(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), StoreError> {
    if !overwrite && path.exists() {
        return Err(StoreError::Exists(path.to_owned()));
    }
    write_atomically(path, bytes, overwrite)
}

/// As [`write_export`], for an export written a part at a time by `write`
/// ([`batched::BatchedExport`]): nothing is at `path` until all of it is written.
pub fn write_export_with(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    if !overwrite && path.exists() {
        return Err(StoreError::Exists(path.to_owned()));
    }
    write_atomically_with(path, overwrite, write)
}
