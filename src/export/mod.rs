//! Exporters: each a pure function from records (in the order given) and the catalog's
//! settings to bytes, deterministic (the same input gives the same bytes).

pub mod bibtex;
pub mod citation;
pub mod csl;
pub mod csv;
pub mod dublin_core;
pub mod ead;
pub mod json;
pub mod page;
pub mod ris;
pub mod subset;
mod xml;

use std::path::Path;

use thiserror::Error;

use crate::model::Record;
use crate::store::folder::write_atomically;
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
}

/// The formats that are written as one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV for spreadsheets.
    Csv,
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
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
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
    /// CSV columns and byte order mark.
    pub csv: csv::CsvOptions,
    /// Include the cataloguer's internal notes (off by default: they are internal).
    pub include_notes: bool,
}

/// Exports `records`, in the order given.
pub fn export(
    format: Format,
    records: &[&Record],
    settings: &CatalogSettings,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let notes = options.include_notes;
    Ok(match format {
        Format::Csv => csv::to_csv(records, &options.csv)?,
        Format::Json => json::to_json(records.iter().copied()),
        Format::JsonLines => json::to_json_lines(records.iter().copied()),
        Format::CslJson => csl::to_csl_json(records, settings, notes),
        Format::Bibtex => bibtex::to_bibtex(records, settings, notes),
        Format::Ris => ris::to_ris(records, settings, notes),
        Format::Citation => citation::to_citations(records, settings, citation::Style::Archive),
        Format::Chicago => citation::to_citations(records, settings, citation::Style::Chicago),
        Format::DublinCore => dublin_core::to_dublin_core(records)?,
        Format::Ead => ead::to_ead(records, settings)?,
        Format::Markdown => page::to_markdown(records, settings, notes),
        Format::Html => page::to_html(records, settings, notes),
    })
}

/// Writes an export to `path` atomically; an existing file is replaced only when
/// `overwrite` is true (the user confirmed, or passed `--force`).
pub fn write_export(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), StoreError> {
    if !overwrite && path.exists() {
        return Err(StoreError::Exists(path.to_owned()));
    }
    write_atomically(path, bytes, overwrite)
}
