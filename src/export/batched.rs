//! Exports written a batch of records at a time, for catalogs too large to hold in
//! memory at once (`folio export` of a million records): the bytes are exactly those
//! of [`super::export`] over all the records at once.
//!
//! Only formats that are a sequence of per-record parts stream: plain concatenations
//! (JSON Lines, RIS, BibTeX, citations), CSV (one header), and JSON arrays (one
//! bracket pair). The others need every record before their first byte (EAD's date
//! span, a workbook, a page's table of contents) and are exported whole.

use std::io::Write;

use crate::model::Record;
use crate::store::CatalogSettings;

use super::{ExportError, ExportOptions, Format, export};

/// An export in progress, written a batch at a time.
pub struct BatchedExport<'a> {
    format: Format,
    settings: &'a CatalogSettings,
    options: &'a ExportOptions,
    written: usize,
}

impl Format {
    /// Whether the format can be written a batch of records at a time
    /// ([`BatchedExport`]).
    pub fn streams(self) -> bool {
        matches!(
            self,
            Format::Csv
                | Format::Json
                | Format::JsonLines
                | Format::CslJson
                | Format::Bibtex
                | Format::Ris
                | Format::Citation
                | Format::Chicago
        )
    }

    /// Whether the format's file is one JSON array.
    fn is_json_array(self) -> bool {
        matches!(self, Format::Json | Format::CslJson)
    }
}

impl<'a> BatchedExport<'a> {
    /// An export in `format`, if it streams.
    pub fn new(
        format: Format,
        settings: &'a CatalogSettings,
        options: &'a ExportOptions,
    ) -> Option<Self> {
        format.streams().then_some(BatchedExport {
            format,
            settings,
            options,
            written: 0,
        })
    }

    /// How many records were written.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Writes the next `records`.
    pub fn write(&mut self, records: &[&Record], out: &mut dyn Write) -> Result<(), ExportError> {
        if records.is_empty() {
            return Ok(());
        }
        let bytes = export(self.format, records, self.settings, self.options)?;
        let first = self.written == 0;
        self.written += records.len();
        if self.format == Format::Csv && !first {
            // The byte order mark and the header row come once, at the top. Column
            // names hold no line break, so the header ends at the first one.
            let rows = memchr::memmem::find(&bytes, b"\r\n")
                .and_then(|end| bytes.get(end + 2..))
                .unwrap_or(&[]);
            out.write_all(rows)?;
        } else if self.format.is_json_array() {
            // A batch's array is `[\n` items `\n]\n`: its items go between the one
            // pair of brackets, after a comma from the second batch on.
            let items = bytes
                .strip_prefix(b"[\n")
                .and_then(|b| b.strip_suffix(b"\n]\n"))
                .unwrap_or(&bytes);
            out.write_all(if first { b"[\n" } else { b",\n" })?;
            out.write_all(items)?;
        } else {
            out.write_all(&bytes)?;
        }
        Ok(())
    }

    /// Ends the file (an export of no records is written whole here).
    pub fn finish(self, out: &mut dyn Write) -> Result<(), ExportError> {
        if self.written == 0 {
            out.write_all(&export(self.format, &[], self.settings, self.options)?)?;
        } else if self.format.is_json_array() {
            out.write_all(b"\n]\n")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> (Vec<Record>, CatalogSettings) {
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_catalog");
        let (_, catalog) = crate::store::open(&sample).unwrap();
        let mut records: Vec<Record> = catalog.records().cloned().collect();
        records.extend((0..9).map(|i| crate::synth::synthetic_record(3, i).unwrap()));
        (records, catalog.settings().clone())
    }

    #[test]
    fn a_batched_export_is_byte_for_byte_the_whole_one_in_every_streaming_format() {
        let (records, settings) = records();
        let all: Vec<&Record> = records.iter().collect();
        let mut options = ExportOptions::default();
        options.csv.bom = true;
        let mut streamed_formats = 0;
        for format in Format::ALL.into_iter().filter(|f| f.streams()) {
            streamed_formats += 1;
            let whole = export(format, &all, &settings, &options).unwrap();
            for size in [1, 2, 7, all.len()] {
                let mut out = Vec::new();
                let mut batched = BatchedExport::new(format, &settings, &options).unwrap();
                for batch in all.chunks(size) {
                    batched.write(batch, &mut out).unwrap();
                }
                assert_eq!(batched.written(), all.len());
                batched.finish(&mut out).unwrap();
                assert!(
                    out == whole,
                    "{format:?} in batches of {size} differs from the whole export:\n{}",
                    String::from_utf8_lossy(&out)
                );
            }
            let mut out = Vec::new();
            BatchedExport::new(format, &settings, &options)
                .unwrap()
                .finish(&mut out)
                .unwrap();
            assert_eq!(out, export(format, &[], &settings, &options).unwrap());
        }
        assert_eq!(streamed_formats, 8);
        assert!(BatchedExport::new(Format::Ead, &settings, &options).is_none());
    }
}
