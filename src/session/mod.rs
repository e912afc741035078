//! The open catalog as a person works on it: the folder on disk, the records in
//! memory, the undo history, the search index, the list's search and sort, the
//! selection, the journal of unsaved edits and the conflicts with changes made on
//! disk.
//!
//! Every act of the archivist is one method returning a typed report; the app turns
//! the report into a notice and the command line into lines and an exit code, so an
//! import or a save behaves the same in both. Nothing here knows of the window.

mod attach;
mod browse;
mod conflict;
mod disk;
mod export;
mod import;
mod journal;
mod preview;
mod problems;
mod records;
pub mod rescue;
mod searches;
mod selection;
mod shared;
mod view;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{Field, Problem, Record, RecordId, admit_record};
use crate::search::LiveIndex;
use crate::store::cache::CacheOptions;
use crate::store::journal::JournalOptions;
use crate::store::{
    self, Catalog, CatalogFolder, Conflict, ConflictKind, Edit, EditError, History, SaveReport,
    StoreError,
};

pub use attach::{AttachLine, AttachOutcome, is_viewable};
pub use conflict::{Comparison, FieldChoice, MergeReport, Resolution};
pub use disk::DiskReport;
pub use export::{
    ExportJob, ExportOutcome, ExportRequest, Scope, ScopeCounts, Target, destination_problem,
    export_warnings, with_change_times,
};
pub use import::{ImportLine, ImportReport};
pub use journal::{JournalOffer, JournalTick};
pub use preview::Preview;
pub use selection::{Pick, Selection};
pub use shared::{SharedValue, shared_values};
pub use view::{Facet, FilteredView, Pinned, SortColumn, ViewQuery};

use problems::ProblemsCache;

/// Why an act of the archivist could not be carried out.
#[derive(Debug, Error)]
pub enum SessionError {
    /// The catalog is open read-only.
    #[error("the catalog is read-only: {0}")]
    ReadOnly(String),
    /// The catalog refused the edit.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// Reading or writing the folder failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A record file could not be read.
    #[error("{0}")]
    Unreadable(crate::store::LoadError),
    /// An input to import could not be listed or read.
    #[error("{path}: {source}")]
    Input {
        /// The file or folder given.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The thing acted on is gone (a saved search deleted meanwhile, a record renamed).
    #[error("{0}")]
    Gone(String),
}

/// What a session does in the background and keeps outside the catalog.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// Where the parsed-records cache is kept (`None`: no cache).
    pub cache: Option<CacheOptions>,
    /// Where the journal of unsaved edits is kept (`None`: no journal).
    pub journal: Option<JournalOptions>,
    /// Build the search index in the background at once (the app); without it the
    /// list is searched by scanning (a command that runs once).
    pub index: bool,
}

impl SessionOptions {
    /// What the app wants: the user's cache and journal folders, and the index.
    pub fn app() -> SessionOptions {
        SessionOptions {
            cache: CacheOptions::default_location(),
            journal: JournalOptions::default_location(),
            index: true,
        }
    }

    /// What a command of the command line wants: neither journal nor index.
    pub fn command_line() -> SessionOptions {
        SessionOptions::default()
    }
}

/// What opening found, for the first notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// Records loaded.
    pub loaded: usize,
    /// Record files that could not be read (see the problems).
    pub unreadable: usize,
    /// Temporary files of interrupted saves found (never read as records).
    pub leftovers: usize,
}

/// What [`Session::refresh`] found, for the app to schedule its next frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Refreshed {
    /// The list changed.
    pub view_changed: bool,
    /// The index is still being built.
    pub indexing: bool,
    /// A scan of the records is under way: the list shown is the last one, and the
    /// one asked for comes with a later refresh.
    pub searching: bool,
    /// The index build stopped (reported once; searches go on by scanning).
    pub index_failed: bool,
}

/// A catalog opening on another thread (see [`Session::open_in_background`]).
pub struct BackgroundOpen {
    /// Its list from its saved index, most often first (`None`, or closed: it has
    /// none to use).
    pub preview: std::sync::mpsc::Receiver<Option<Preview>>,
    /// Then the folder and its records, or why not.
    pub answer: std::sync::mpsc::Receiver<Result<(CatalogFolder, Catalog), StoreError>>,
}

/// An open catalog.
pub struct Session {
    folder: CatalogFolder,
    catalog: Catalog,
    history: History,
    index: LiveIndex,
    index_failure_reported: bool,
    problems: ProblemsCache,
    query: ViewQuery,
    view: FilteredView,
    selection: Selection,
    /// Selected records the list does not show (an edit took them out of the
    /// result), as of the last refresh.
    hidden: BTreeSet<RecordId>,
    /// The column sort the list returns to when a search is cleared.
    column_sort: (SortColumn, bool),
    conflicts: Vec<Conflict>,
    journal: journal::JournalKeeper,
    /// New records still under their provisional id (`new-…`).
    provisional: std::collections::BTreeSet<RecordId>,
}

impl Session {
    /// Opens a catalog folder for writing (taking its lock; refused with
    /// [`StoreError::Locked`] when another Folio holds it).
    pub fn open(path: &Path, options: &SessionOptions) -> Result<Self, StoreError> {
        let (folder, catalog) = store::open_locked(
            path,
            options.cache.as_ref(),
            "Folio",
            std::time::Duration::ZERO,
        )?;
        Ok(Self::from_opened(folder, catalog, options))
    }

    /// Opens a catalog folder for writing on another thread, counting the files read
    /// in `progress`: the window shows a progress bar meanwhile. With a cache, the
    /// catalog's list from its saved index comes on `preview` (see [`Preview`]), most
    /// often long before the catalog on `answer`; [`Session::from_opened_with`] makes
    /// the session of both.
    pub fn open_in_background(
        path: &Path,
        options: &SessionOptions,
        progress: std::sync::Arc<store::OpenProgress>,
    ) -> BackgroundOpen {
        let (send, answer) = std::sync::mpsc::channel();
        let (send_preview, preview) = std::sync::mpsc::channel();
        let path = path.to_owned();
        let cache = options.cache.clone();
        if let Some(cache) = cache.clone().filter(|_| options.index) {
            let path = path.clone();
            // Both at once, each on threads of its own: the preview is a fraction of
            // the work, and comes long before the catalog. The window may have closed
            // before either comes: nobody to tell.
            crate::background::spawn_awaited("folio preview", move || {
                let _ = send_preview.send(Preview::open(&path, &cache));
            });
        }
        // At the usual priority: the window waits for it (editing, filters).
        crate::background::spawn_awaited("folio open", move || {
            let opened = store::open_locked_with_progress(
                &path,
                cache.as_ref(),
                "Folio",
                std::time::Duration::ZERO,
                &progress,
            );
            let _ = send.send(opened);
        });
        BackgroundOpen { preview, answer }
    }

    /// Opens a catalog that another Folio holds, read-only: nothing can be changed or
    /// saved from here.
    pub fn open_read_only(
        path: &Path,
        holder: &str,
        options: &SessionOptions,
    ) -> Result<Self, StoreError> {
        let (folder, mut catalog) = store::open_cached(path, options.cache.as_ref())?;
        catalog.set_read_only(format!(
            "open read-only: another Folio has this catalog open ({holder})"
        ));
        Ok(Self::from_opened(folder, catalog, options))
    }

    /// Creates a catalog folder and opens it.
    pub fn create(path: &Path, name: &str, options: &SessionOptions) -> Result<Self, StoreError> {
        store::create(path, name)?;
        Self::open(path, options)
    }

    /// A session over a folder already opened (the command line opens its own, to
    /// report on the cache as it goes).
    pub fn from_opened(folder: CatalogFolder, catalog: Catalog, options: &SessionOptions) -> Self {
        Self::from_opened_with(folder, catalog, options, None)
    }

    /// As [`Session::from_opened`], taking over what the catalog was browsed with
    /// while it opened: the index (brought up to date with the records as read, not
    /// loaded again), the search, the sort and the selection.
    pub fn from_opened_with(
        folder: CatalogFolder,
        catalog: Catalog,
        options: &SessionOptions,
        preview: Option<Preview>,
    ) -> Self {
        let (preloaded, query, column_sort, mut selection) = match preview {
            Some(preview) => {
                let (saved, query, column_sort, selection) = preview.into_parts();
                (Some(saved), query, column_sort, selection)
            }
            None => (
                None,
                ViewQuery::default(),
                (SortColumn::Date, true),
                Selection::default(),
            ),
        };
        selection.retain(|id| catalog.get(id).is_some());
        if options.index
            && let Some(writer) = folder.cache_writer(&catalog)
        {
            // A copy for next time; losing it costs only a slower open.
            crate::background::spawn("folio cache", move || {
                let _ = writer.write();
            });
        }
        let index = if options.index {
            LiveIndex::start_from(&catalog, folder.index_cache(&catalog), preloaded)
        } else {
            LiveIndex::off()
        };
        let journal = journal::JournalKeeper::new(options.journal.as_ref(), folder.root());
        // Files a git merge stopped on: open conflicts from the start.
        let conflicts = folder
            .merge_conflicts(&catalog)
            .into_iter()
            .map(|merge| Conflict {
                path: merge.path,
                id: merge.id,
                kind: ConflictKind::MergeConflict,
            })
            .collect();
        Self {
            index,
            index_failure_reported: false,
            problems: ProblemsCache::default(),
            query,
            view: FilteredView::default(),
            selection,
            hidden: BTreeSet::new(),
            column_sort,
            conflicts,
            journal,
            provisional: Default::default(),
            folder,
            catalog,
            history: History::default(),
        }
    }

    /// Waits until the search index is ready (or its build failed), and brings it up
    /// to date with the catalog.
    pub fn wait_for_index(&mut self) {
        self.index.wait(&self.catalog);
    }

    /// The folder's path.
    pub fn path(&self) -> PathBuf {
        self.folder.root().to_owned()
    }

    /// The records in memory.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The folder on disk (load errors, paths).
    pub fn folder(&self) -> &CatalogFolder {
        &self.folder
    }

    /// Why nothing can be changed, when nothing can.
    pub fn read_only(&self) -> Option<&str> {
        self.catalog.read_only()
    }

    /// What opening found.
    pub fn open_report(&self) -> OpenReport {
        OpenReport {
            loaded: self.catalog.len(),
            unreadable: self.folder.load_errors().len(),
            leftovers: self.folder.leftover_temp_files().len(),
        }
    }

    /// Brings the index, the list and the problems up to date with the catalog and
    /// the query; cheap when nothing changed (the app calls it every frame).
    pub fn refresh(&mut self) -> Refreshed {
        self.index.sync(&self.catalog);
        let new_query = !self.view.answers(&self.query);
        let view_changed = self
            .view
            .update(&self.catalog, self.index.ready(), &self.query);
        if view_changed {
            self.follow_the_list(new_query);
        }
        self.problems.update(&self.catalog);
        let index_failed = self.index.failed() && !self.index_failure_reported;
        self.index_failure_reported |= index_failed;
        Refreshed {
            view_changed,
            indexing: self.index.progress().is_some(),
            searching: self.view.searching(),
            index_failed,
        }
    }

    /// Keeps the selection to what the list shows: a new search or filter deselects
    /// the records it hides; records an edit takes out of the result stay selected
    /// (the user is working on them) but are counted as hidden.
    fn follow_the_list(&mut self, new_query: bool) {
        // A few selected: each found in the list (by slot); many: the list read once.
        let shown: BTreeSet<&RecordId> = if self.selection.len() <= 64 {
            let index = self.index.ready();
            self.selection
                .ids()
                .iter()
                .filter(|id| self.view.shows(id, index))
                .collect()
        } else {
            self.view
                .ids
                .iter()
                .filter(|id| self.selection.contains(id))
                .collect()
        };
        if new_query {
            if shown.len() < self.selection.len() {
                let shown: BTreeSet<RecordId> = shown.into_iter().cloned().collect();
                self.selection.retain(|id| shown.contains(id));
            }
            self.hidden.clear();
        } else {
            self.hidden = self
                .selection
                .ids()
                .iter()
                .filter(|id| !shown.contains(id))
                .cloned()
                .collect();
        }
    }

    /// The selected records the list does not show (an edit took them out of the
    /// search's result): actions on the selection leave them out and say so.
    pub fn hidden_selected(&self) -> impl Iterator<Item = &RecordId> {
        self.hidden.iter().filter(|id| self.selection.contains(id))
    }

    /// The selected records the list shows: what actions on the selection act on.
    pub fn visible_selection(&self) -> Vec<RecordId> {
        self.selection
            .ids()
            .iter()
            .filter(|id| !self.hidden.contains(*id))
            .cloned()
            .collect()
    }

    /// Whether the record shown in the pane is outside the list's result.
    pub fn current_is_hidden(&self) -> bool {
        self.selection
            .current()
            .is_some_and(|id| self.hidden.contains(id))
    }

    /// Whether the list no longer matches the query, the catalog or the index (the
    /// next [`Self::refresh`] will recompute it).
    pub fn view_is_stale(&self) -> bool {
        self.view
            .is_stale(&self.catalog, self.index.ready().is_some(), &self.query)
    }

    /// Whether the records are being scanned for the list asked for (a big catalog
    /// while its index is built): the list shown is the last one until it comes.
    pub fn searching(&self) -> bool {
        self.view.searching()
    }

    /// Waits for the scan under way, if any, and brings the list up to date (for
    /// tests and commands: the window does not wait).
    pub fn wait_for_list(&mut self) {
        loop {
            self.refresh();
            let new_query = !self.view.answers(&self.query);
            if !self.view.finish_scan() {
                break;
            }
            self.follow_the_list(new_query);
        }
    }

    /// While the index is built: records indexed so far, and the total.
    pub fn index_progress(&self) -> Option<(usize, usize)> {
        self.index.progress()
    }

    /// Where the search index came from (built, or loaded from the cache), once ready.
    pub fn index_origin(&self) -> Option<crate::search::Origin> {
        self.index.origin()
    }

    /// Whether the search index is built (until then, searches scan the records).
    pub fn index_ready(&self) -> bool {
        self.index.ready().is_some()
    }

    /// The records the list shows and their facets (as of the last refresh).
    pub fn view(&self) -> &FilteredView {
        &self.view
    }

    /// The search text, filters and sort of the list.
    pub fn query(&self) -> &ViewQuery {
        &self.query
    }

    /// The selected records.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// The record shown in the document view and the editor.
    pub fn current(&self) -> Option<&crate::model::Record> {
        self.selection.current().and_then(|id| self.catalog.get(id))
    }

    /// Applies an edit of the archivist's (the editor, `folio set`) as one undo step,
    /// once every value it brings passes [`Field::admit`] (the same check as an
    /// import's); a renamed current record stays selected under its new id.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        admit_edit(&edit)?;
        self.check_attachment_folders(&edit)?;
        self.apply_admitted(edit)
    }

    /// Refuses a rename whose record's attachments would move into a folder that
    /// holds other files (a colleague's leftovers, a deleted record's scans): the
    /// record would show another document's bytes.
    fn check_attachment_folders(&self, edit: &Edit) -> Result<(), EditError> {
        let unsaved = crate::store::rename::net_renames(self.catalog.renames());
        for (from, to) in renames_in(edit) {
            // The folder on disk is still under the id the record was saved with.
            let on_disk = unsaved
                .iter()
                .find(|(_, now)| now == from)
                .map_or(from, |(original, _)| original);
            if crate::store::attachments::folder_taken(self.folder.root(), on_disk, to) {
                return Err(EditError::AttachmentsTaken {
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
        Ok(())
    }

    /// Applies an edit whose values come from Folio itself or from the catalog's
    /// own files (a merge with the version on disk, the journal), which are not
    /// checked again.
    fn apply_admitted(&mut self, edit: Edit) -> Result<(), EditError> {
        let renamed = renamed_to(&edit);
        self.history.apply(&mut self.catalog, edit)?;
        self.forget_missing();
        if let Some(to) = renamed {
            self.selection.select_only(to);
        }
        Ok(())
    }

    /// Undoes the last step; `false` when there was nothing to undo. Records back
    /// to what their file holds are no longer unsaved.
    pub fn undo(&mut self) -> Result<bool, EditError> {
        let done = self.history.undo(&mut self.catalog)?;
        self.folder.forget_undone_changes(&mut self.catalog);
        self.forget_missing();
        Ok(done)
    }

    /// Redoes the last undone step; `false` when there was nothing to redo.
    pub fn redo(&mut self) -> Result<bool, EditError> {
        let done = self.history.redo(&mut self.catalog)?;
        self.folder.forget_undone_changes(&mut self.catalog);
        self.forget_missing();
        Ok(done)
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Saves every changed record. Records whose file changed on disk are not
    /// written: they join the open conflicts, for the user to resolve.
    pub fn save(&mut self) -> Result<SaveReport, SessionError> {
        if let Some(reason) = self.catalog.read_only() {
            return Err(SessionError::ReadOnly(reason.to_owned()));
        }
        self.name_new_records()?;
        let (empty, untitled) = self.untitled_unsaved();
        if !empty.is_empty() {
            // Nothing was ever entered in them: dropped, as one undoable step.
            let drop = Edit::Batch(empty.iter().cloned().map(Edit::Delete).collect());
            self.apply_admitted(drop)?;
        }
        let mut report = self.folder.save_except(&mut self.catalog, &untitled);
        report.untitled = untitled.into_iter().collect();
        report.dropped_empty = empty;
        for conflict in &report.conflicts {
            if !self.conflicts.iter().any(|c| c.id == conflict.id) {
                self.conflicts.push(conflict.clone());
            }
        }
        Ok(report)
    }

    /// The unsaved records without a title, which no save writes (every way into the
    /// catalog requires one): new records nothing was entered in, to drop, and the
    /// others, to keep unsaved until titled.
    fn untitled_unsaved(&self) -> (Vec<RecordId>, BTreeSet<RecordId>) {
        let mut empty = Vec::new();
        let mut untitled = BTreeSet::new();
        for id in self.catalog.dirty() {
            let Some(record) = self.catalog.get(id) else {
                continue;
            };
            if !record.title.trim().is_empty() {
                continue;
            }
            let blank = Record::new(id.clone(), "");
            if self.provisional.contains(id) && Field::differing(record, &blank).is_empty() {
                empty.push(id.clone());
            } else {
                untitled.insert(id.clone());
            }
        }
        (empty, untitled)
    }

    /// Validation problems of the records (as of the last refresh); files that failed
    /// to load come from the folder.
    pub fn problems(&self) -> &[Problem] {
        self.problems.all()
    }

    /// The `row`-th problem, in record order or with errors first; the problems
    /// panel draws only the rows on screen.
    pub fn problem_at(&self, row: usize, errors_first: bool) -> Option<&Problem> {
        self.problems.at(row, errors_first)
    }

    /// The validation problems of one record.
    pub fn problems_of(&self, id: &RecordId) -> &[Problem] {
        self.problems.of(id)
    }

    /// Validation errors among the problems, plus files that could not be read.
    pub fn error_count(&self) -> usize {
        self.problems.error_count() + self.folder.load_errors().len()
    }

    /// True when the record has a validation error.
    pub fn has_error(&self, id: &RecordId) -> bool {
        self.problems.has_error(id)
    }

    /// Records whose file changed on disk while they had unsaved edits, not resolved
    /// yet.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// After a change: forgets selected records that no longer exist.
    fn forget_missing(&mut self) {
        let catalog = &self.catalog;
        self.selection.retain(|id| catalog.contains(id));
    }
}

/// Whether every value an edit brings may enter a record.
fn admit_edit(edit: &Edit) -> Result<(), EditError> {
    match edit {
        Edit::Set { changes, .. } => {
            for (field, value) in changes {
                field.admit(value)?;
            }
            Ok(())
        }
        Edit::Add(record) | Edit::Replace(record) => Ok(admit_record(record)?),
        Edit::Batch(edits) => edits.iter().try_for_each(admit_edit),
        Edit::Delete(_) | Edit::Rename { .. } => Ok(()),
    }
}

/// Each rename an edit makes, as (from, to).
fn renames_in(edit: &Edit) -> Vec<(&RecordId, &RecordId)> {
    match edit {
        Edit::Rename { from, to } => vec![(from, to)],
        Edit::Batch(edits) => edits.iter().flat_map(renames_in).collect(),
        _ => Vec::new(),
    }
}

/// The new id of a record an edit renames.
fn renamed_to(edit: &Edit) -> Option<RecordId> {
    renames_in(edit).first().map(|(_, to)| (*to).clone())
}
