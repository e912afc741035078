//! What the user (or a background job) asked for during a frame: panels push
//! [`Action`]s, and [`super::FolioApp::handle`] applies them after drawing, in order.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::export::ExportError;
use crate::model::{Field, RecordId};
use crate::search::{Facet, SortColumn};
use crate::session::{ExportOutcome, Pick, Resolution};
use crate::store::Edit;

use super::super::command::Command;

/// One thing to do.
#[derive(Debug)]
pub enum Action {
    /// A menu command or shortcut.
    Command(Command),
    /// A click on a row.
    ClickRow(RecordId, Pick),
    /// Select one record and show a field of it (from the problems panel).
    ShowProblem(RecordId, Option<Field>),
    /// Move the current row.
    Step(isize),
    /// Apply an edit (one undo step).
    Edit(Edit),
    /// Sort by a column (clicking its header again flips the order).
    Sort(SortColumn),
    /// Show these columns in the list, for the open catalog (none: the defaults).
    SetColumns(Vec<String>),
    /// Clear the search text, the filters and the pinned records: every record shown.
    ClearSearch,
    /// Add a facet filter.
    AddFilter(Facet, String),
    /// Remove the facet filter at this index.
    RemoveFilter(usize),
    /// The search box's text changed.
    Search(String),
    /// Ask for a name to save the current search under.
    StartSavingSearch,
    /// Save the current search under this name (in `catalog.ron`).
    SaveSearch(String),
    /// Stop asking for a name.
    CancelSavingSearch,
    /// Run the saved search at this index.
    RunSavedSearch(usize),
    /// Delete the saved search at this index.
    DeleteSavedSearch(usize),
    /// Open a catalog folder (after the unsaved-changes guard).
    OpenCatalog(PathBuf),
    /// Create a catalog folder and open it.
    CreateCatalog(PathBuf),
    /// Open the catalog another Folio holds, read-only.
    OpenReadOnly,
    /// Import these files into the open catalog.
    Import(Vec<PathBuf>),
    /// Import the files of the import report again: pages over the records made
    /// from them (`update`), JSON records changed since their export (`force`).
    ImportAgain {
        /// Apply the pages' values.
        update: bool,
        /// Import changed records anyway.
        force: bool,
    },
    /// Delete the records the confirmation lists.
    ConfirmDelete,
    /// Answer to the unsaved-changes question.
    UnsavedAnswer(UnsavedAnswer),
    /// Resolve a conflict as a whole.
    ResolveConflict(RecordId, Resolution),
    /// Show both versions of a conflicting record side by side.
    CompareConflict(RecordId),
    /// In the comparison shown, take this field from theirs (`true`) or mine.
    ChooseConflictField(Field, bool),
    /// Save the record merged as chosen in the comparison shown.
    MergeConflict,
    /// Bring back the unsaved edits of last time.
    RestoreJournal,
    /// Throw away the unsaved edits of last time.
    DiscardJournal,
    /// Pick the export's destination with the system's dialog.
    ChooseExportDestination,
    /// Export as the form says (asking before replacing a file).
    StartExport,
    /// Stop the running export; nothing is written.
    CancelExport,
    /// Show a folder in the system's file manager.
    OpenFolder(PathBuf),
    /// Close the dialog shown.
    CloseDialog,
    /// A file dialog answered (no paths: cancelled).
    Picked(FileRequest, Vec<PathBuf>),
    /// A file dialog's thread stopped without an answer.
    PickFailed(FileRequest),
    /// The system has no file dialog (it answered at once, with nothing): Folio's
    /// own chooser opens instead.
    PickUnavailable(FileRequest),
    /// Show every record again: the chip of the records just imported is removed.
    Unpin,
    /// The running export finished.
    ExportFinished(Result<ExportOutcome, ExportError>),
    /// Rename (or merge) this value of this list field: the bulk edit form opens on it.
    RenameValue(Field, String),
    /// Plan the change of the bulk edit form, for its preview.
    PreviewBulk,
    /// Apply the change the bulk edit form previewed (one undo step).
    ApplyBulk,
    /// Choose files to attach to this record (the file dialog, or Folio's chooser).
    ChooseAttachments(crate::model::RecordId),
    /// Attach these files to this record.
    Attach(crate::model::RecordId, Vec<PathBuf>),
    /// Plan the spreadsheet import again (its options changed), for its preview.
    PlanCsvImport,
    /// Apply the spreadsheet import previewed (one undo step).
    ApplyCsvImport,
    /// Show the history of one field (`None`: of every field) in the History tab.
    ShowFieldHistory(Option<Field>),
    /// Write the catalog settings typed in the settings dialog.
    SaveCatalogSettings,
    /// Commit the catalog's changes with this message (saving first).
    Commit(String),
    /// Clone the catalog at this address into this folder, then open it.
    Clone(String, PathBuf),
    /// Stop the clone running.
    CancelClone,
    /// Answer git's question (`None`: cancel).
    AnswerQuestion(Option<String>),
    /// Settle a file a sync's merge stopped on by keeping one side.
    SettleSyncConflict(PathBuf, crate::vcs::sync::Side),
    /// The commit finished.
    Committed(Result<crate::vcs::CommitReport, String>),
    /// The catalog at this folder is in git but not set up for merges: offer it once.
    OfferGitSetup(PathBuf),
    /// Set the open catalog up for git (`folio git-setup`).
    SetUpGit,
    /// "Not now" to setting this catalog up for git: not asked again.
    DeclineGitSetup(PathBuf),
    /// Remove Folio's cache of the open catalog (Catalog settings).
    ClearCache,
    /// Files of the catalog changed on disk (from the folder watcher).
    FilesChanged(BTreeSet<PathBuf>),
    /// The folder watcher could not start, or stopped (said once).
    WatchFailed(String),
}

impl Action {
    /// Whether the drafts of the editor (a value still being typed) are committed
    /// before this action: every action that reads or writes the catalog, so that
    /// nothing typed is lost or left out; not those that only change the view.
    pub fn commits_drafts(&self) -> bool {
        !matches!(
            self,
            Action::Edit(_)
                | Action::Sort(_)
                | Action::AddFilter(..)
                | Action::RemoveFilter(_)
                | Action::Search(_)
                | Action::ClearSearch
                | Action::StartSavingSearch
                | Action::CancelSavingSearch
                | Action::ChooseConflictField(..)
                | Action::CancelExport
                | Action::OpenFolder(_)
                | Action::CloseDialog
                | Action::PickFailed(_)
                | Action::PickUnavailable(_)
                | Action::Unpin
                | Action::ExportFinished(_)
                | Action::WatchFailed(_)
                | Action::ShowFieldHistory(_)
                | Action::Committed(_)
                | Action::AnswerQuestion(_)
                | Action::CancelClone
                | Action::OfferGitSetup(_)
                | Action::DeclineGitSetup(_)
                | Action::ClearCache
        )
    }
}

/// What to do with unsaved changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Save them, then go on.
    Save,
    /// Throw them away, then go on.
    Discard,
    /// Go back.
    Cancel,
}

/// What a file dialog is asked to pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRequest {
    /// A catalog folder to open.
    Open,
    /// A folder for a new catalog.
    Create,
    /// Pages to import.
    Import,
    /// Files to attach to this record.
    Attach(crate::model::RecordId),
    /// The file to export to (starting from this path).
    ExportFile(PathBuf),
    /// The new folder of a RON subset (starting from this path).
    ExportFolder(PathBuf),
}
