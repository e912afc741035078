//! Importing digital-archive pages and JSON exports into the open catalog: the one
//! import of both the app and `folio import`.

use std::path::{Path, PathBuf};

use crate::import::{self, Format, ImportOptions, Outcome};
use crate::model::{Field, RecordId, admit_record};

use super::{Session, SessionError};

/// What happened to one record, or one file, of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportLine {
    /// A record was created, updated or found unchanged.
    Record {
        /// What happened.
        outcome: Outcome,
        /// The record.
        id: RecordId,
        /// Its title after the import.
        title: String,
        /// The file it came from.
        file: PathBuf,
        /// What the importer could not place.
        notes: Vec<String>,
        /// The fields that changed (updated) or would change (differs, stale).
        fields: Vec<Field>,
    },
    /// A file, or one record of it, was not imported.
    NotImported {
        /// The file.
        file: PathBuf,
        /// The record, when the file was read but the record refused.
        id: Option<RecordId>,
        /// Why.
        reason: String,
    },
}

/// What an import did, file by file and record by record, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// One line per record imported or refused, and per file that could not be read.
    pub lines: Vec<ImportLine>,
}

impl ImportReport {
    /// Whether something was not imported.
    pub fn has_problems(&self) -> bool {
        self.lines
            .iter()
            .any(|l| matches!(l, ImportLine::NotImported { .. }))
    }

    /// How many records had `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.lines
            .iter()
            .filter(|l| matches!(l, ImportLine::Record { outcome: o, .. } if *o == outcome))
            .count()
    }

    /// The records created or updated, in order (to select them after the import).
    pub fn changed_records(&self) -> Vec<RecordId> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                ImportLine::Record {
                    outcome: Outcome::Created | Outcome::Updated,
                    id,
                    ..
                } => Some(id.clone()),
                _ => None,
            })
            .collect()
    }
}

impl Session {
    /// Imports files and folders (a folder's `.txt` and `.json` files), each file's
    /// format detected unless the options give it. Every record is checked as an
    /// edit would be ([`admit_record`]); records the catalog has are treated as the
    /// options say (see [`import::plan_page`] and [`import::plan_json`]). The whole
    /// import is one undo step; nothing is saved. An input that cannot be listed
    /// stops the import before anything changes.
    pub fn import(
        &mut self,
        inputs: &[PathBuf],
        options: ImportOptions,
    ) -> Result<ImportReport, SessionError> {
        if let Some(reason) = self.catalog.read_only() {
            return Err(SessionError::ReadOnly(reason.to_owned()));
        }
        let mut files = Vec::new();
        for input in inputs {
            let found = import::input_files(input).map_err(|source| SessionError::Input {
                path: input.clone(),
                source,
            })?;
            files.extend(found);
        }
        let mut report = ImportReport::default();
        let mut inverses = Vec::new();
        for file in files {
            self.import_file(&file, options, &mut report, &mut inverses);
        }
        self.history.record_applied(inverses);
        self.forget_missing();
        Ok(report)
    }

    fn import_file(
        &mut self,
        file: &Path,
        options: ImportOptions,
        report: &mut ImportReport,
        inverses: &mut Vec<crate::store::Edit>,
    ) {
        let refused = |id: Option<RecordId>, reason: String| ImportLine::NotImported {
            file: file.to_owned(),
            id,
            reason,
        };
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                report
                    .lines
                    .push(refused(None, format!("could not be read: {e}")));
                return;
            }
        };
        let format = options
            .format
            .unwrap_or_else(|| Format::detect(file, &bytes));
        let parsed: Result<Vec<(Incoming, Vec<String>)>, _> = match format {
            Format::Wilson => import::parse_page_bytes(&bytes)
                .map(|page| vec![(Incoming::Page(page.record), page.notes)]),
            Format::Json => import::parse_json(&bytes).map(|records| {
                records
                    .into_iter()
                    .map(|r| (Incoming::Exported(r), Vec::new()))
                    .collect()
            }),
        };
        let records = match parsed {
            Ok(records) => records,
            Err(e) => {
                report.lines.push(refused(None, e.to_string()));
                return;
            }
        };
        for (incoming, notes) in records {
            if let Err(e) = admit_record(incoming.record()) {
                let id = incoming.record().id.clone();
                report.lines.push(refused(Some(id), e.to_string()));
                continue;
            }
            // Planned against the catalog as the previous records left it, so that a
            // later page of the same record updates it instead of adding it twice.
            let plan = match incoming {
                Incoming::Page(record) => import::plan_page(&self.catalog, record, options.update),
                Incoming::Exported(exported) => {
                    import::plan_json(&self.catalog, exported, options.force)
                }
            };
            // One side of an unfinished merge is not the record to update.
            if plan.edit.is_some() && self.folder.has_merge_conflict(&plan.id) {
                report
                    .lines
                    .push(refused(Some(plan.id), UNFINISHED_MERGE.to_owned()));
                continue;
            }
            if let Some(edit) = plan.edit {
                match self.catalog.apply(edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(e) => {
                        report.lines.push(refused(Some(plan.id), e.to_string()));
                        continue;
                    }
                }
            }
            let title = self
                .catalog
                .get(&plan.id)
                .map(|r| r.title.clone())
                .unwrap_or_default();
            report.lines.push(ImportLine::Record {
                outcome: plan.outcome,
                id: plan.id,
                title,
                file: file.to_owned(),
                notes,
                fields: plan.fields,
            });
        }
    }
}

/// Why a record whose file holds conflict markers is not imported into.
const UNFINISHED_MERGE: &str = "its file holds an unfinished git merge: finish the merge first (in Folio: Show both), then import again";

/// A record read from an input, before it is planned.
enum Incoming {
    Page(crate::model::Record),
    Exported(import::ExportedRecord),
}

impl Incoming {
    fn record(&self) -> &crate::model::Record {
        match self {
            Incoming::Page(record) => record,
            Incoming::Exported(exported) => &exported.record,
        }
    }
}
