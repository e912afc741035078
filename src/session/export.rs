//! Exporting records: which ones (the scope), to what (a format, or a RON subset),
//! where; checked before anything runs, then run on its own thread with progress and
//! cancellation.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::export::{self, ExportError, ExportOptions, Format, Progress};
use crate::model::{Record, RecordId};
use crate::store::CatalogSettings;
use crate::store::folder::{RECORDS_DIR, SETTINGS_FILE};

use super::Session;

/// Which records to export (in the app; the command line names ids or a query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The selected records.
    Selected,
    /// The records the list shows (the search result).
    Result,
    /// Every record of the catalog.
    All,
}

/// How many records each scope holds, shown beside the choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScopeCounts {
    /// Selected records the list shows (those an export of the selection writes).
    pub selected: usize,
    /// Selected records the list hides (left out of an export of the selection).
    pub hidden: usize,
    /// Records in the list.
    pub result: usize,
    /// Records in the catalog.
    pub all: usize,
}

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One file in a format.
    File(Format),
    /// A new catalog folder holding the records (a RON subset).
    Subset,
}

impl Target {
    /// Every target, in the order the format menu shows them.
    pub fn all() -> impl Iterator<Item = Target> {
        Format::ALL
            .into_iter()
            .map(Target::File)
            .chain([Target::Subset])
    }

    /// The name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Target::File(f) => f.label(),
            Target::Subset => "Folio catalog (RON subset, with attachments)",
        }
    }

    /// The short name remembered in preferences (and given to `--format`).
    pub fn name(self) -> &'static str {
        match self {
            Target::File(f) => f.name(),
            Target::Subset => "ron",
        }
    }

    /// The target of a short name.
    pub fn from_name(name: &str) -> Option<Target> {
        if name == "ron" {
            Some(Target::Subset)
        } else {
            Format::from_name(name).map(Target::File)
        }
    }
}

/// An export asked for.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// Which records.
    pub scope: Scope,
    /// What to write.
    pub target: Target,
    /// Columns, notes and the like.
    pub options: ExportOptions,
    /// The file, or the new folder of a subset.
    pub path: PathBuf,
    /// Replace an existing file (the user confirmed).
    pub overwrite: bool,
}

/// What a finished export did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOutcome {
    /// Records written.
    pub records: usize,
    /// The file or folder written.
    pub path: PathBuf,
    /// Anything the user should know (attachments that could not be copied).
    pub details: Vec<String>,
}

/// Why the destination of an export is refused before anything is written; `None`
/// when it will do. The same rules hold in the app and on the command line: a file
/// export needs a file name; a catalog export a new or empty folder; the folder it
/// goes in must exist (an export creates no folders behind the user's back); and
/// nothing is written over the catalog's own settings or into its records.
pub fn destination_problem(catalog_root: &Path, target: Target, path: &Path) -> Option<String> {
    if path.as_os_str().is_empty() {
        return Some("Choose where to save the export.".to_owned());
    }
    if target != Target::Subset && path.is_dir() {
        return Some(format!("{} is a folder: add a file name.", path.display()));
    }
    if target == Target::Subset && std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_some()) {
        return Some(format!(
            "{} is not empty: choose a new or empty folder.",
            path.display()
        ));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(folder) = parent.canonicalize() else {
        return Some(format!(
            "The folder {} does not exist: create it first, or choose another.",
            parent.display()
        ));
    };
    let root = catalog_root
        .canonicalize()
        .unwrap_or_else(|_| catalog_root.to_owned());
    let written = folder.join(path.file_name().unwrap_or_default());
    if written.starts_with(root.join(RECORDS_DIR)) {
        Some("Do not export into the catalog's own records folder.".to_owned())
    } else if written == root.join(SETTINGS_FILE) {
        Some("That is the catalog's own catalog.ron: choose another name.".to_owned())
    } else if written == root {
        Some("That is the catalog's own folder: choose a new one.".to_owned())
    } else {
        None
    }
}

/// An export running on its own thread.
pub struct ExportJob {
    /// Shared with the thread: how far it got, and the cancel switch.
    pub progress: Arc<Progress>,
    /// Records to export.
    pub total: usize,
    /// Where it writes.
    pub path: PathBuf,
    receiver: Receiver<Result<ExportOutcome, ExportError>>,
}

impl ExportJob {
    /// The result, once the thread has finished. A thread that died without a
    /// result (it cannot, short of running out of memory) is an error, not a wait.
    pub fn poll(&self) -> Option<Result<ExportOutcome, ExportError>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(ExportError::Io(std::io::Error::other(
                "the export stopped on an internal error; nothing was written",
            )))),
        }
    }
}

/// Exports and writes: the work of the export thread (also usable directly).
pub fn run(
    target: Target,
    records: &[&Record],
    settings: &CatalogSettings,
    options: &ExportOptions,
    (path, overwrite): (&Path, bool),
    catalog_root: &Path,
    progress: &Progress,
) -> Result<ExportOutcome, ExportError> {
    let loaded = export::with_texts_read(records)?;
    let records = &loaded.iter().map(AsRef::as_ref).collect::<Vec<&Record>>()[..];
    let details = match target {
        Target::File(format) => {
            let options = &with_change_times(format, options, catalog_root, records);
            let bytes = export::export_with_progress(format, records, settings, options, progress)?;
            export::write_export(path, &bytes, overwrite)?;
            export_warnings(format, records, options)
        }
        Target::Subset => {
            let report =
                export::subset::write_subset(path, records, settings, catalog_root, progress)?;
            let mut details = Vec::new();
            if report.attachments > 0 {
                details.push(format!("{} attachment files copied.", report.attachments));
            }
            details.extend(report.missing);
            details
        }
    };
    Ok(ExportOutcome {
        records: records.len(),
        path: path.to_owned(),
        details,
    })
}

/// `options` with when each record last changed (git, or its file), for the formats
/// that say so (the OAI-PMH datestamps of Dublin Core): one `git log` for them all.
/// The export's time is the one the caller set before reading the records, else now.
pub fn with_change_times(
    format: export::Format,
    options: &ExportOptions,
    catalog_root: &Path,
    records: &[&Record],
) -> ExportOptions {
    let mut options = options.clone();
    if format == export::Format::DublinCore && records.len() > 1 {
        let paths: Vec<PathBuf> = records
            .iter()
            .map(|r| catalog_root.join(RECORDS_DIR).join(r.id.file_name()))
            .collect();
        let times = crate::vcs::last_changes(catalog_root, &paths);
        for (record, time) in records.iter().zip(times) {
            if let Some(time) = time {
                // What the caller already dated (unsaved edits) stays so.
                options.changed.entry(record.id.clone()).or_insert(time);
            }
        }
        options.exported_at.get_or_insert_with(crate::model::now);
    }
    options
}

/// What the reader of an export must know of it, one line each: for an XML
/// export, the records whose characters XML cannot carry (replaced by U+FFFD in the
/// file); for xlsx, the values longer than a spreadsheet cell holds (cut there).
pub fn export_warnings(
    format: export::Format,
    records: &[&Record],
    options: &ExportOptions,
) -> Vec<String> {
    match format {
        export::Format::DublinCore | export::Format::Ead => export::xml::unwritable(records)
            .into_iter()
            .map(|(id, field)| {
                format!(
                    "{id}: {} holds a character XML cannot carry (a control character or a noncharacter); the file has U+FFFD in its place",
                    field.label()
                )
            })
            .collect(),
        export::Format::Xlsx => export::xlsx::cut_cells(records, &options.spreadsheet_columns())
            .into_iter()
            .map(|(id, field)| {
                format!(
                    "{id}: {} is longer than the {} characters a spreadsheet cell holds, so its cell is cut there; importing the file back leaves that field as it is (edit it in Folio)",
                    field.label(),
                    crate::import::csv::CELL_LIMIT
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl Session {
    /// How many records each scope holds.
    pub fn scope_counts(&self) -> ScopeCounts {
        ScopeCounts {
            selected: self.visible_selection().len(),
            hidden: self.hidden_selected().count(),
            result: self.view.ids.len(),
            all: self.catalog.len(),
        }
    }

    /// The records of a scope, in list order. The selection's are those the list
    /// shows: what a user cannot see is not exported unseen.
    pub fn scope_records(&self, scope: Scope) -> Vec<Arc<Record>> {
        let ids: Vec<&RecordId> = match scope {
            Scope::All => self.catalog.records().map(|r| &r.id).collect(),
            Scope::Result => self.view.ids.iter().collect(),
            Scope::Selected => self
                .view
                .ids
                .iter()
                .filter(|id| self.selection.contains(id))
                .collect(),
        };
        ids.into_iter()
            .filter_map(|id| self.catalog.get_shared(id))
            .collect()
    }

    /// Starts an export on its own thread, after checking its destination; `Err`
    /// says why it did not start.
    pub fn start_export(&self, mut request: ExportRequest) -> Result<ExportJob, String> {
        if let Some(problem) =
            destination_problem(self.folder.root(), request.target, &request.path)
        {
            return Err(problem);
        }
        // The export's time is taken with the records: a record saved after it is
        // dated after it, and harvested next time. A record exported with unsaved
        // edits changed at the export, not when its file last did.
        let exported_at = crate::model::now();
        request.options.exported_at = Some(exported_at);
        for id in self.catalog.dirty() {
            request.options.changed.insert(id.clone(), exported_at);
        }
        let mut records = self.scope_records(request.scope);
        // One side of an unfinished merge is not the record: it does not leave.
        let before = records.len();
        records.retain(|r| !self.folder.has_merge_conflict(&r.id));
        let unmerged = before - records.len();
        if records.is_empty() {
            return Err(if unmerged > 0 {
                "There are no records to export: a git merge left the records asked for unfinished (choose a version of each field first).".to_owned()
            } else {
                "There are no records to export.".to_owned()
            });
        }
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = channel();
        let total = records.len();
        let shared = Arc::clone(&progress);
        let settings = self.catalog.settings().clone();
        let root = self.path();
        let path = request.path.clone();
        crate::background::spawn("folio export", move || {
            // The records are shared with the thread, not copied.
            let refs: Vec<&Record> = records.iter().map(|r| &**r).collect();
            let result = run(
                request.target,
                &refs,
                &settings,
                &request.options,
                (&request.path, request.overwrite),
                &root,
                &shared,
            )
            .map(|mut outcome| {
                if unmerged > 0 {
                    outcome.details.insert(
                        0,
                        format!(
                            "{} left out: a git merge left {} unfinished (choose a version of each field first).",
                            crate::words::count(unmerged, "record"),
                            if unmerged == 1 { "its file" } else { "their files" }
                        ),
                    );
                }
                outcome
            });
            // The app may have closed meanwhile: nobody to tell.
            let _ = sender.send(result);
        });
        Ok(ExportJob {
            progress,
            total,
            path,
            receiver,
        })
    }

    /// The citations of the selected records (the archive's own style), one per
    /// line, in list order, and how many there are; `None` when nothing is selected.
    pub fn selection_citations(&self) -> Option<(String, usize)> {
        let records: Vec<&Record> = self
            .view
            .ids
            .iter()
            .filter(|id| self.selection.contains(id))
            .filter_map(|id| self.catalog.get(id))
            .collect();
        if records.is_empty() {
            return None;
        }
        let bytes = export::citation::to_citations(
            &records,
            self.catalog.settings(),
            export::citation::Style::Archive,
            &Progress::default(),
        );
        let text = String::from_utf8_lossy(&bytes).trim_end().to_owned();
        Some((text, records.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_export_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let records: Vec<Record> = (0..200)
            .map(|i| crate::synth::synthetic_record(7, i).unwrap())
            .collect();
        let refs: Vec<&Record> = records.iter().collect();
        let settings = CatalogSettings::new("x");
        for target in Target::all() {
            let path = tmp.path().join(format!("out-{}", target.name()));
            let progress = Progress::default();
            progress.cancel();
            let result = run(
                target,
                &refs,
                &settings,
                &ExportOptions::default(),
                (&path, false),
                tmp.path(),
                &progress,
            );
            assert!(matches!(result, Err(ExportError::Cancelled)), "{target:?}");
            assert!(!path.exists(), "{target:?}");
        }
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn targets_have_names_that_read_back() {
        assert_eq!(Target::from_name("ron"), Some(Target::Subset));
        assert_eq!(Target::from_name("ead"), Some(Target::File(Format::Ead)));
        assert!(Target::all().all(|t| Target::from_name(t.name()) == Some(t)));
    }
}
