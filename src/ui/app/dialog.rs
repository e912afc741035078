//! The modal dialogs the app can show, one at a time.

use std::path::PathBuf;

use crate::model::RecordId;
use crate::session::{Comparison, ExportOutcome};

use super::super::export_dialog::ExportForm;

/// What waits behind the unsaved-changes question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterUnsaved {
    /// Close the window.
    Close,
    /// Open this catalog.
    Open(PathBuf),
    /// Create a catalog here.
    Create(PathBuf),
}

/// A modal dialog.
#[derive(Debug, Clone)]
pub enum Dialog {
    /// Confirm deleting these records (the selected ones the list shows); `hidden`
    /// selected records the list hides are left out, and the dialog says so.
    ConfirmDelete {
        /// The records to delete.
        ids: Vec<RecordId>,
        /// Selected records left out because the list hides them.
        hidden: usize,
    },
    /// Unsaved changes: save, discard or cancel.
    Unsaved(AfterUnsaved),
    /// Records changed on disk while they had unsaved edits (the list is the
    /// session's open conflicts).
    Conflicts {
        /// The record whose two versions are shown side by side.
        comparing: Option<Box<Comparison>>,
    },
    /// The export form.
    Export(ExportForm),
    /// An export running, with its progress bar.
    Exporting {
        /// The form, to go back to if the export fails.
        form: ExportForm,
    },
    /// What an export wrote.
    Exported(ExportOutcome),
    /// The catalog is open in another Folio: open it read-only, or not.
    OpenElsewhere {
        /// The catalog folder.
        path: PathBuf,
        /// Who holds it.
        holder: String,
    },
    /// Unsaved edits from a session that ended without saving.
    RestoreJournal {
        /// When they were last written.
        written: String,
        /// One line per record: id and what changed.
        lines: Vec<String>,
    },
    /// Record → Edit records…: one correction over many records, with a preview.
    BulkEdit(Box<super::super::bulk_dialog::BulkForm>),
    /// File → Import… of a spreadsheet: what it would create and change, by row.
    CsvImport(Box<super::super::csv_import_dialog::CsvImportForm>),
    /// View → Values…: the values of a list field, to rename or merge.
    Values(super::super::values::ValuesView),
    /// File → Catalog settings…: name, archive cited, web address.
    CatalogSettings(super::super::settings_dialog::SettingsForm),
    /// File → Commit…: the changed records and a message.
    Commit(super::super::commit_dialog::CommitForm),
    /// File → Open from a server…: the address, the folder, the clone's progress.
    Clone(super::super::clone_dialog::CloneForm),
    /// A sync's merge stopped on these files: records to settle field by field,
    /// and files deleted on one side to keep or delete.
    SyncConflicts(Vec<crate::vcs::sync::Conflict>),
    /// The query language.
    SearchHelp,
    /// Keyboard shortcuts.
    Shortcuts,
    /// The notices of this session.
    Notices,
    /// About Folio.
    About,
}

/// What an import did, shown beside the work (never over it): one line per record
/// (indented lines are notes), and what can be imported again.
#[derive(Debug, Clone)]
pub struct ImportReportView {
    /// The lines.
    pub lines: Vec<String>,
    /// The files imported (to import them again, updating or forcing).
    pub paths: Vec<PathBuf>,
    /// Records whose page differs from them, left as they are.
    pub differs: usize,
    /// Records changed since their JSON export, not imported.
    pub stale: usize,
}
