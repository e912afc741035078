//! The application: state, the frame, and the one place where commands change it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use egui::{Context, Modifiers, ViewportCommand};

use crate::export;
use crate::import;
use crate::model::{Field, Record, RecordId, now};
use crate::store::journal::{Journal, JournalChange, JournalOptions};
use crate::store::{Conflict, Edit};

use super::command::Command;
use super::conflict::Comparison;
use super::editor::EditorState;
use super::export_dialog::{
    self, ExportForm, ExportJob, ExportOutcome, Scope, ScopeCounts, Target,
};
use super::selection::Selection;
use super::session::Session;
use super::view::{Facet, FilteredView, SortColumn, ViewQuery};
use super::{dialogs, document, editor, list, sidebar, statusbar};

/// The right pane's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    /// The document's text.
    Document,
    /// The metadata editor.
    Metadata,
}

/// User preferences remembered between runs (never records).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened catalogs, most recent first.
    pub recent: Vec<PathBuf>,
    /// Dark theme.
    pub dark: bool,
    /// Sidebar shown.
    pub show_sidebar: bool,
    /// Problems panel shown.
    pub show_problems: bool,
    /// The list's sort column.
    pub sort: SortColumn,
    /// Ascending sort.
    pub ascending: bool,
    /// The right pane's tab.
    pub tab: Tab,
    /// The format of the last export (its short name).
    pub export_format: String,
    /// The folder of the last export.
    pub export_folder: Option<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            dark: false,
            show_sidebar: true,
            show_problems: false,
            sort: SortColumn::Date,
            ascending: true,
            tab: Tab::Document,
            export_format: "csv".to_owned(),
            export_folder: None,
        }
    }
}

/// Something the user asked for during a frame; applied after drawing, in order.
#[derive(Debug, Clone)]
pub enum Action {
    /// A menu command or shortcut.
    Command(Command),
    /// Click on a row (with the modifiers held).
    ClickRow(RecordId, Modifiers),
    /// Select one record and show a field of it (from the problems panel).
    ShowProblem(RecordId, Option<Field>),
    /// Move the current row.
    Step(isize),
    /// Apply an edit (one undo step).
    Edit(Edit),
    /// Sort by a column (clicking its header again flips the order).
    Sort(SortColumn),
    /// Add a facet filter.
    AddFilter(Facet, String),
    /// Remove the facet filter at this index.
    RemoveFilter(usize),
    /// Open a catalog folder (after the unsaved-changes guard).
    OpenCatalog(PathBuf),
    /// Create a catalog folder and open it.
    CreateCatalog(PathBuf),
    /// Import these files into the open catalog.
    Import(Vec<PathBuf>),
    /// Delete the selected records (after confirmation).
    ConfirmDelete,
    /// Answer to the unsaved-changes question.
    UnsavedAnswer(UnsavedAnswer),
    /// Answer to a save conflict.
    ResolveConflict(RecordId, Resolution),
    /// Show both versions of a conflicting record side by side.
    CompareConflict(RecordId),
    /// In the comparison shown, take this field from theirs (`true`) or mine.
    ChooseConflictField(Field, bool),
    /// Save the record merged as chosen in the comparison shown.
    MergeConflict,
    /// Close the dialog shown.
    CloseDialog,
    /// Pick the export's destination with the system's save dialog.
    ChooseExportDestination,
    /// Export as the form says (asking before replacing a file).
    StartExport,
    /// Stop the running export; nothing is written.
    CancelExport,
    /// Show a folder in the system's file manager.
    OpenFolder(PathBuf),
    /// Open the catalog another Folio holds, read-only.
    OpenReadOnly,
    /// Bring back the unsaved edits of last time.
    RestoreJournal,
    /// Throw away the unsaved edits of last time.
    DiscardJournal,
    /// The search text changed (it was empty before, or not).
    SearchEdited {
        /// The text was empty before the change.
        was_empty: bool,
    },
    /// Empty the search box.
    ClearSearch,
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

/// How to resolve a save conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Overwrite the file on disk with the version in Folio.
    KeepMine,
    /// Take the file on disk and drop the version in Folio.
    TakeTheirs,
}

/// What waits behind the unsaved-changes question.
#[derive(Debug, Clone)]
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
    /// Confirm deleting the selected records.
    ConfirmDelete(Vec<RecordId>),
    /// Unsaved changes: save, discard or cancel.
    Unsaved(AfterUnsaved),
    /// Files changed on disk since they were loaded.
    Conflicts {
        /// The conflicts still open.
        conflicts: Vec<Conflict>,
        /// The record whose two versions are shown side by side.
        comparing: Option<Box<Comparison>>,
    },
    /// What an import did.
    ImportReport(Vec<String>),
    /// The export form.
    Export(ExportForm),
    /// An export running, with its progress bar.
    Exporting {
        /// The form, to go back to if the export fails.
        form: ExportForm,
        /// Where it writes.
        path: String,
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
    /// The query language.
    SearchHelp,
    /// Keyboard shortcuts.
    Shortcuts,
    /// About Folio.
    About,
}

/// A native file dialog running on its own thread, so the window never blocks.
pub enum FileRequest {
    /// Pick a catalog folder to open.
    Open,
    /// Pick a folder for a new catalog.
    Create,
    /// Pick pages to import.
    Import,
    /// Pick the file to export to (starting from this path).
    ExportFile(PathBuf),
    /// Pick the new folder of a RON subset (starting from this path).
    ExportFolder(PathBuf),
}

/// When the journal of unsaved edits was last written.
#[derive(Debug, Default)]
struct JournalState {
    /// The catalog generation it holds.
    generation: u64,
    /// A journal file exists for the open catalog.
    written: bool,
    last_write: Option<std::time::Instant>,
    /// A write failed (reported once).
    failed: bool,
    /// The catalog generation of the copy kept for the panic hook.
    rescued: u64,
    /// The open catalog's folder and its journal file.
    file: Option<(PathBuf, PathBuf)>,
}

/// How soon after an edit the journal is written, at the latest.
const JOURNAL_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

/// What a file-dialog thread asks for (the request, without the window's state).
enum PickKind {
    Open,
    Create,
    Import,
    ExportFile(PathBuf),
    ExportFolder(PathBuf),
}

/// The whole application state.
pub struct FolioApp {
    /// The open catalog, if any.
    pub session: Option<Session>,
    /// Why the last catalog could not be opened.
    pub open_error: Option<String>,
    /// Remembered preferences.
    pub prefs: Prefs,
    /// Search text and facet filters.
    pub query: ViewQuery,
    /// The cached list.
    pub view: FilteredView,
    /// The selection.
    pub selection: Selection,
    /// The metadata editor's drafts.
    pub editor: EditorState,
    /// Which text of the current record is shown.
    pub text_index: usize,
    /// The dialog shown.
    pub dialog: Option<Dialog>,
    /// The last save's or action's result, for the status bar.
    pub status: String,
    /// A notice about fonts (no CJK font found), shown once in the status bar.
    pub font_notice: Option<String>,
    /// Put the keyboard in the search box next frame.
    pub focus_search: bool,
    /// The last text put on the clipboard (shown in tests; the clipboard is the system's).
    pub last_copied: Option<String>,
    /// Scroll the list to the current row next frame.
    pub scroll_to_current: bool,
    /// The export running, if any.
    pub export_job: Option<ExportJob>,
    /// The name being typed for a search to save.
    pub saving_search: Option<String>,
    /// Find in the document shown (Ctrl+F), when open.
    pub find: Option<document::FindState>,
    /// Where the journal of unsaved edits is kept (`None`: no journal).
    pub journal: Option<JournalOptions>,
    /// The watch on the open catalog's folder, and the folder watched.
    watcher: Option<(PathBuf, crate::store::watch::FolderWatcher)>,
    journal_state: JournalState,
    pub(crate) allowed_to_close: bool,
    window_title: String,
    file_dialog: Option<(FileRequest, Receiver<Option<Vec<PathBuf>>>)>,
    font_check: Option<Receiver<Option<String>>>,
}

impl FolioApp {
    /// A window on `path` (or on nothing, when `path` is `None` or cannot be opened).
    pub fn new(path: Option<&Path>, prefs: Prefs) -> Self {
        Self::with_journal(path, prefs, JournalOptions::default_location())
    }

    /// As [`FolioApp::new`], keeping the journal of unsaved edits in `journal`.
    pub fn with_journal(
        path: Option<&Path>,
        prefs: Prefs,
        journal: Option<JournalOptions>,
    ) -> Self {
        let mut app = Self {
            session: None,
            open_error: None,
            query: ViewQuery {
                sort: prefs.sort,
                ascending: prefs.ascending,
                ..ViewQuery::default()
            },
            prefs,
            view: FilteredView::default(),
            selection: Selection::default(),
            editor: EditorState::default(),
            text_index: 0,
            dialog: None,
            status: String::new(),
            font_notice: None,
            focus_search: false,
            last_copied: None,
            scroll_to_current: false,
            export_job: None,
            saving_search: None,
            find: None,
            journal,
            journal_state: JournalState::default(),
            watcher: None,
            allowed_to_close: false,
            window_title: String::new(),
            file_dialog: None,
            font_check: None,
        };
        if let Some(path) = path {
            app.open(path);
        }
        app
    }

    /// Starts the background check for fonts covering Chinese, Japanese and Korean.
    pub fn check_fonts_in_background(&mut self) {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let _ = tx.send(super::fonts::missing_scripts_notice());
        });
        self.font_check = Some(rx);
    }

    fn open(&mut self, path: &Path) {
        // Reopening the catalog shown: let go of it (and its lock) first.
        let same = |s: &Session| {
            let (a, b) = (s.path().canonicalize(), path.canonicalize());
            a.is_ok() && a.ok() == b.ok()
        };
        if self.session.as_ref().is_some_and(same) {
            self.session = None;
        }
        match Session::open(path) {
            Ok(session) => self.set_session(session),
            Err(crate::store::StoreError::Locked(holder)) => {
                self.status = format!("{} is open in another Folio ({holder})", path.display());
                self.dialog = Some(Dialog::OpenElsewhere {
                    path: path.to_owned(),
                    holder: holder.to_string(),
                });
            }
            Err(e) => {
                self.open_error = Some(e.to_string());
                self.status = format!("Could not open {}: {e}", path.display());
            }
        }
    }

    fn set_session(&mut self, session: Session) {
        let path = session.path();
        let loaded = session.catalog.len();
        let bad = session.folder.load_errors().len();
        self.prefs.recent.retain(|p| p != &path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(10);
        self.session = Some(session);
        self.open_error = None;
        self.selection.clear();
        self.editor = EditorState::default();
        self.query.filters.clear();
        self.query.text.clear();
        self.view = FilteredView::default();
        self.status = if bad > 0 {
            format!("Opened {loaded} records; {bad} files could not be read (see Problems)")
        } else {
            format!("Opened {loaded} records")
        };
        if bad > 0 {
            self.prefs.show_problems = true;
        }
        self.journal_state = JournalState::default();
        self.offer_journal();
        let leftovers = self
            .session
            .as_ref()
            .map_or(0, |s| s.folder.leftover_temp_files().len());
        if leftovers > 0 {
            self.status.push_str(&format!(
                "; found {leftovers} temporary file(s) of an interrupted save (never read as records; old ones removed)"
            ));
        }
    }

    /// The window title: catalog name, and `*` when there are unsaved changes.
    pub fn title(&self) -> String {
        match &self.session {
            Some(s) => {
                let star = if s.catalog.is_dirty() { " *" } else { "" };
                format!("{}{star} — Folio", s.catalog.settings().name)
            }
            None => "Folio".to_owned(),
        }
    }

    /// Draws one frame and applies what the user asked for.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_background(&ctx);
        self.follow_disk(&ctx);
        let mut actions = Vec::new();
        self.handle_close_request(&ctx);
        // A dialog is modal: the keyboard belongs to it.
        if self.dialog.is_none() {
            collect_shortcuts(&ctx, &mut actions);
        }
        if let Some(session) = &mut self.session {
            session.index.sync(&session.catalog);
            self.view
                .update(&session.catalog, session.index.ready(), &self.query);
            if session.index.progress().is_some() {
                // Show the indexing progress, and switch to the index when it is ready.
                ctx.request_repaint_after(std::time::Duration::from_millis(200));
            }
            session.problems();
        }
        self.editor.sync(
            self.session.as_ref().map(|s| &s.catalog),
            self.selection.current(),
        );

        egui::Panel::top("menu_bar")
            .show(ui, |ui| super::menu::menu_bar_ui(ui, self, &mut actions));
        egui::Panel::bottom("status_bar")
            .show(ui, |ui| statusbar::status_bar_ui(ui, self, &mut actions));
        if self.prefs.show_problems {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(180.0)
                .show(ui, |ui| statusbar::problems_ui(ui, self, &mut actions));
        }
        if self.prefs.show_sidebar {
            egui::Panel::left("sidebar")
                .resizable(true)
                .default_size(230.0)
                .size_range(180.0..=480.0)
                .show(ui, |ui| sidebar::sidebar_ui(ui, self, &mut actions));
        }
        egui::Panel::right("record_pane")
            .resizable(true)
            .default_size(500.0)
            .size_range(320.0..=1100.0)
            .show(ui, |ui| self.record_pane_ui(ui, &mut actions));
        egui::CentralPanel::default().show(ui, |ui| list::catalog_list_ui(ui, self, &mut actions));

        let counts = self.scope_counts();
        if let Some(Dialog::Export(form)) = &mut self.dialog {
            let modal = egui::Modal::new(egui::Id::unique("export_dialog")).show(&ctx, |ui| {
                export_dialog::form_ui(ui, form, counts, &mut actions)
            });
            if modal.should_close() {
                actions.push(Action::CloseDialog);
            }
        }
        dialogs::dialog_ui(&ctx, self, &mut actions);

        let changed = !actions.is_empty();
        for action in actions {
            self.run(&ctx, action);
        }
        // Typing in the search box or an edit changes what the list should show: draw
        // the next frame now rather than at the next input event.
        let stale = self.session.as_ref().is_some_and(|s| {
            self.view
                .is_stale(&s.catalog, s.index.ready().is_some(), &self.query)
        });
        if changed || stale {
            ctx.request_repaint();
        }
        self.sync_journal(&ctx);
        // Sending a viewport command asks for a repaint: only send a changed title.
        let title = self.title();
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn record_pane_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            for (tab, command) in [
                (Tab::Document, Command::ShowDocument),
                (Tab::Metadata, Command::ShowMetadata),
            ] {
                if ui
                    .selectable_label(self.prefs.tab == tab, command.label())
                    .clicked()
                {
                    actions.push(Action::Command(command));
                }
            }
        });
        ui.separator();
        let Some(session) = &self.session else {
            return;
        };
        let record = self
            .selection
            .current()
            .and_then(|id| session.catalog.get(id));
        match (record, self.selection.len()) {
            (Some(record), _) => match self.prefs.tab {
                Tab::Document => document::document_ui(
                    ui,
                    record,
                    &self.view.highlights,
                    &mut self.text_index,
                    &mut self.find,
                ),
                Tab::Metadata => editor::editor_ui(ui, record, session, &mut self.editor, actions),
            },
            (None, 0) => {
                ui.add_space(24.0);
                ui.vertical_centered(|ui| {
                    ui.weak("No record selected.");
                    ui.weak("Click a row in the list, or press Ctrl+N for a new record.");
                });
            }
            (None, n) => {
                ui.weak(format!("{n} records selected."));
            }
        }
    }

    fn poll_background(&mut self, ctx: &Context) {
        if let Some((request, rx)) = &self.file_dialog {
            if let Ok(result) = rx.try_recv() {
                let paths = result.unwrap_or_default();
                let action = match (request, paths.first()) {
                    (_, None) => None,
                    (FileRequest::Open, Some(p)) => Some(Action::OpenCatalog(p.clone())),
                    (FileRequest::Create, Some(p)) => Some(Action::CreateCatalog(p.clone())),
                    (FileRequest::Import, Some(_)) => Some(Action::Import(paths.clone())),
                    (FileRequest::ExportFile(_) | FileRequest::ExportFolder(_), Some(p)) => {
                        if let Some(Dialog::Export(form)) = &mut self.dialog {
                            form.destination = p.display().to_string();
                            // The system's save dialog already asked about replacing.
                            form.replace_confirmed = p.exists();
                            form.asking_to_replace = false;
                            form.error = None;
                        }
                        None
                    }
                };
                self.file_dialog = None;
                if let Some(action) = action {
                    self.run(ctx, action);
                }
            }
        }
        self.poll_export(ctx);
        if let Some(rx) = &self.font_check {
            if let Ok(notice) = rx.try_recv() {
                self.font_notice = notice;
                self.font_check = None;
            }
        }
    }

    fn handle_close_request(&mut self, ctx: &Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allowed_to_close {
            let dirty = self.session.as_ref().is_some_and(|s| s.catalog.is_dirty());
            if dirty {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.dialog = Some(Dialog::Unsaved(AfterUnsaved::Close));
            }
        }
    }

    fn pick(&mut self, request: FileRequest) {
        if self.file_dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let start = self.session.as_ref().map(|s| s.path());
        let kind = match &request {
            FileRequest::Open => PickKind::Open,
            FileRequest::Create => PickKind::Create,
            FileRequest::Import => PickKind::Import,
            FileRequest::ExportFile(p) => PickKind::ExportFile(p.clone()),
            FileRequest::ExportFolder(p) => PickKind::ExportFolder(p.clone()),
        };
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new();
            if let Some(start) = &start {
                dialog = dialog.set_directory(start);
            }
            let picked = match kind {
                PickKind::Open => dialog
                    .set_title("Open a catalog folder")
                    .pick_folder()
                    .map(|p| vec![p]),
                PickKind::Create => dialog
                    .set_title("Folder for the new catalog")
                    .pick_folder()
                    .map(|p| vec![p]),
                PickKind::Import => dialog
                    .set_title("Import record pages")
                    .add_filter("Record pages and JSON exports", &["txt", "json"])
                    .pick_files(),
                PickKind::ExportFile(path) => {
                    if let Some(folder) = path.parent() {
                        dialog = dialog.set_directory(folder);
                    }
                    if let Some(name) = path.file_name() {
                        dialog = dialog.set_file_name(name.to_string_lossy());
                    }
                    dialog.set_title("Export to").save_file().map(|p| vec![p])
                }
                PickKind::ExportFolder(path) => {
                    if let Some(folder) = path.parent() {
                        dialog = dialog.set_directory(folder);
                    }
                    dialog
                        .set_title("Folder for the exported catalog (new or empty)")
                        .pick_folder()
                        .map(|p| vec![p])
                }
            };
            let _ = tx.send(picked);
        });
        self.file_dialog = Some((request, rx));
    }

    /// The only place where the application's state changes.
    pub fn run(&mut self, ctx: &Context, action: Action) {
        match action {
            Action::Command(command) => self.run_command(ctx, command),
            Action::ClickRow(id, modifiers) => {
                if modifiers.shift {
                    self.selection.extend_to(id, &self.view.ids);
                } else if modifiers.command {
                    self.selection.toggle(id);
                } else {
                    self.selection.select_only(id);
                }
                self.text_index = 0;
            }
            Action::ShowProblem(id, field) => {
                self.selection.select_only(id);
                self.scroll_to_current = true;
                self.prefs.tab = Tab::Metadata;
                self.editor.focus_field = field;
            }
            Action::Step(delta) => {
                self.selection.step(delta, &self.view.ids);
                self.scroll_to_current = true;
                self.text_index = 0;
            }
            Action::Edit(edit) => self.apply(edit),
            Action::Sort(column) => {
                if self.query.sort == column {
                    self.query.ascending = !self.query.ascending;
                } else {
                    self.query.sort = column;
                    self.query.ascending = true;
                }
                // Relevance belongs to a search; the remembered sort is a column.
                if column != SortColumn::Relevance {
                    self.prefs.sort = self.query.sort;
                    self.prefs.ascending = self.query.ascending;
                }
            }
            Action::SearchEdited { was_empty } => {
                let empty = self.query.text.trim().is_empty();
                if was_empty && !empty {
                    // A new search: best matches first.
                    self.query.sort = SortColumn::Relevance;
                    self.query.ascending = true;
                } else if empty && self.query.sort == SortColumn::Relevance {
                    self.query.sort = self.prefs.sort;
                    self.query.ascending = self.prefs.ascending;
                }
            }
            Action::ClearSearch => {
                self.query.text.clear();
                self.saving_search = None;
                if self.query.sort == SortColumn::Relevance {
                    self.query.sort = self.prefs.sort;
                    self.query.ascending = self.prefs.ascending;
                }
            }
            Action::StartSavingSearch => self.saving_search = Some(String::new()),
            Action::CancelSavingSearch => self.saving_search = None,
            Action::SaveSearch(name) => self.save_search(name),
            Action::RunSavedSearch(i) => {
                let query = self
                    .session
                    .as_ref()
                    .and_then(|s| s.catalog.settings().saved_searches.get(i))
                    .map(|s| s.query.clone());
                if let Some(query) = query {
                    self.query.text = query;
                    self.query.sort = SortColumn::Relevance;
                    self.query.ascending = true;
                }
            }
            Action::DeleteSavedSearch(i) => self.delete_saved_search(i),
            Action::AddFilter(facet, value) => {
                if !self.query.filters.contains(&(facet, value.clone())) {
                    self.query.filters.push((facet, value));
                }
            }
            Action::RemoveFilter(i) => {
                if i < self.query.filters.len() {
                    self.query.filters.remove(i);
                }
            }
            Action::OpenCatalog(path) => self.guard_unsaved(ctx, AfterUnsaved::Open(path)),
            Action::CreateCatalog(path) => self.guard_unsaved(ctx, AfterUnsaved::Create(path)),
            Action::Import(paths) => self.import(&paths),
            Action::ConfirmDelete => {
                if let Some(Dialog::ConfirmDelete(ids)) = self.dialog.take() {
                    let n = ids.len();
                    self.apply(Edit::Batch(ids.into_iter().map(Edit::Delete).collect()));
                    self.status = format!(
                        "Deleted {n} record{} (Ctrl+Z to undo)",
                        if n == 1 { "" } else { "s" }
                    );
                }
            }
            Action::UnsavedAnswer(answer) => {
                if let Some(Dialog::Unsaved(after)) = self.dialog.take() {
                    match answer {
                        UnsavedAnswer::Cancel => {}
                        UnsavedAnswer::Save => {
                            if self.save() {
                                self.continue_after_unsaved(ctx, after);
                            }
                        }
                        UnsavedAnswer::Discard => {
                            self.drop_journal();
                            self.continue_after_unsaved(ctx, after)
                        }
                    }
                }
            }
            Action::ResolveConflict(id, resolution) => self.resolve_conflict(id, resolution),
            Action::CompareConflict(id) => {
                if let (Some(Dialog::Conflicts { comparing, .. }), Some(session)) =
                    (&mut self.dialog, &self.session)
                {
                    *comparing = Some(Box::new(Comparison::read(
                        &session.folder,
                        &session.catalog,
                        &id,
                    )));
                }
            }
            Action::ChooseConflictField(field, take_theirs) => {
                if let Some(Dialog::Conflicts {
                    comparing: Some(comparison),
                    ..
                }) = &mut self.dialog
                {
                    for row in comparison.rows.iter_mut().filter(|r| r.field == field) {
                        row.take_theirs = take_theirs;
                    }
                }
            }
            Action::MergeConflict => self.merge_conflict(),
            Action::ChooseExportDestination => {
                if let Some(Dialog::Export(form)) = &self.dialog {
                    let path = PathBuf::from(form.destination.trim());
                    self.pick(if form.target == Target::Subset {
                        FileRequest::ExportFolder(path)
                    } else {
                        FileRequest::ExportFile(path)
                    });
                }
            }
            Action::StartExport => self.start_export(),
            Action::RestoreJournal => {
                self.dialog = None;
                self.restore_journal();
            }
            Action::DiscardJournal => {
                self.dialog = None;
                self.drop_journal();
                self.status = "Discarded the unsaved edits from last time".to_owned();
            }
            Action::OpenReadOnly => {
                if let Some(Dialog::OpenElsewhere { path, holder }) = self.dialog.take() {
                    match Session::open_read_only(&path, &holder) {
                        Ok(session) => {
                            self.set_session(session);
                            self.status = format!(
                                "Opened read-only: another Folio has this catalog open ({holder})"
                            );
                        }
                        Err(e) => self.status = format!("Could not open {}: {e}", path.display()),
                    }
                }
            }
            Action::CancelExport => {
                if let Some(job) = &self.export_job {
                    job.progress.cancel();
                }
            }
            Action::OpenFolder(folder) => {
                if let Err(e) = open::that_detached(&folder) {
                    self.status = format!("Could not open {}: {e}", folder.display());
                }
            }
            Action::CloseDialog => {
                if let Some(Dialog::Conflicts {
                    comparing: Some(_),
                    conflicts,
                }) = &self.dialog
                {
                    self.dialog = Some(Dialog::Conflicts {
                        conflicts: conflicts.clone(),
                        comparing: None,
                    });
                } else {
                    self.dialog = None;
                }
            }
        }
    }

    /// How many records each export scope holds.
    fn scope_counts(&self) -> ScopeCounts {
        ScopeCounts {
            selected: self.selection.len(),
            result: self.view.ids.len(),
            all: self.session.as_ref().map_or(0, |s| s.catalog.len()),
        }
    }

    fn open_export_form(&mut self, scope: Scope) {
        let Some(session) = &self.session else { return };
        let scope = match scope {
            Scope::Selected if self.selection.is_empty() => Scope::Result,
            s => s,
        };
        let target = Target::from_name(&self.prefs.export_format)
            .unwrap_or(Target::File(export::Format::Csv));
        let folder = self
            .prefs
            .export_folder
            .clone()
            .or_else(|| session.path().parent().map(Path::to_owned))
            .unwrap_or_default();
        let mut base = import::slug_words(&session.catalog.settings().name).join("-");
        if base.is_empty() {
            base = "catalog".to_owned();
        }
        if scope == Scope::Selected {
            base.push_str("-selection");
        }
        self.dialog = Some(Dialog::Export(ExportForm::new(
            scope, target, &folder, &base,
        )));
    }

    /// The records of an export scope, in list order (selected records the list
    /// hides come after, by id).
    fn scope_records(&self, scope: Scope) -> Vec<std::sync::Arc<Record>> {
        let Some(session) = &self.session else {
            return Vec::new();
        };
        let catalog = &session.catalog;
        let ids: Vec<&RecordId> = match scope {
            Scope::All => catalog.records().map(|r| &r.id).collect(),
            Scope::Result => self.view.ids.iter().collect(),
            Scope::Selected => {
                let shown: std::collections::HashSet<&RecordId> = self.view.ids.iter().collect();
                let mut ids: Vec<&RecordId> = self
                    .view
                    .ids
                    .iter()
                    .filter(|id| self.selection.contains(id))
                    .collect();
                ids.extend(self.selection.ids().iter().filter(|id| !shown.contains(id)));
                ids
            }
        };
        ids.into_iter()
            .filter_map(|id| catalog.get_shared(id))
            .collect()
    }

    fn start_export(&mut self) {
        let Some(Dialog::Export(form)) = &mut self.dialog else {
            return;
        };
        let Some(session) = &self.session else { return };
        form.error = None;
        let path = PathBuf::from(form.destination.trim());
        let problem = if path.as_os_str().is_empty() {
            Some("Choose where to save the export.".to_owned())
        } else if form.target != Target::Subset && path.is_dir() {
            Some(format!("{} is a folder: add a file name.", path.display()))
        } else if form.target == Target::Subset
            && std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_some())
        {
            Some(format!(
                "{} is not empty: choose a new or empty folder.",
                path.display()
            ))
        } else if path.starts_with(session.path().join("records")) {
            Some("Do not export into the catalog's own records folder.".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            form.error = Some(problem);
            return;
        }
        if form.target != Target::Subset && path.exists() && !form.replace_confirmed {
            form.asking_to_replace = true;
            return;
        }
        let (form, scope) = (form.clone(), form.scope);
        let records = self.scope_records(scope);
        if records.is_empty() {
            if let Some(Dialog::Export(f)) = &mut self.dialog {
                f.error = Some("There are no records to export.".to_owned());
            }
            return;
        }
        self.prefs.export_format = form.target.name().to_owned();
        self.prefs.export_folder = path.parent().map(Path::to_owned);
        self.export_job = Some(ExportJob::start(
            form.target,
            records,
            session.catalog.settings().clone(),
            form.options(),
            path.clone(),
            form.replace_confirmed,
            session.path(),
        ));
        self.dialog = Some(Dialog::Exporting {
            form,
            path: path.display().to_string(),
        });
    }

    fn poll_export(&mut self, ctx: &Context) {
        let Some(job) = &self.export_job else { return };
        let Some(result) = job.poll() else {
            // Keep the progress bar moving while the thread works.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        };
        self.export_job = None;
        let form = match self.dialog.take() {
            Some(Dialog::Exporting { form, .. }) => Some(form),
            other => {
                self.dialog = other;
                None
            }
        };
        match result {
            Ok(outcome) => {
                self.status = format!(
                    "Exported {} record{} to {}",
                    outcome.records,
                    if outcome.records == 1 { "" } else { "s" },
                    outcome.path.display()
                );
                if form.is_some() {
                    self.dialog = Some(Dialog::Exported(outcome));
                }
            }
            Err(crate::export::ExportError::Cancelled) => {
                self.status = "Export cancelled; nothing was written".to_owned();
            }
            Err(e) => {
                self.status = format!("Export failed: {e}");
                if let Some(mut form) = form {
                    form.error = Some(format!("Export failed: {e}"));
                    form.asking_to_replace = false;
                    form.replace_confirmed = false;
                    self.dialog = Some(Dialog::Export(form));
                }
            }
        }
    }

    /// Follows changes made to the catalog folder outside Folio: records without
    /// unsaved edits are reloaded, added or removed; the others become conflicts.
    fn follow_disk(&mut self, ctx: &Context) {
        let Some(session) = &mut self.session else {
            self.watcher = None;
            return;
        };
        let root = session.path();
        if self
            .watcher
            .as_ref()
            .is_none_or(|(watched, _)| *watched != root)
        {
            let waker = ctx.clone();
            self.watcher =
                crate::store::watch::FolderWatcher::start(&root, move || waker.request_repaint())
                    .ok()
                    .map(|w| (root.clone(), w));
        }
        let Some((_, watcher)) = &self.watcher else {
            return;
        };
        let changed = watcher.changed();
        if changed.is_empty() {
            return;
        }
        let (mut reloaded, mut unreadable) = (0, Vec::new());
        let mut conflicts = Vec::new();
        for path in changed {
            if path
                .file_name()
                .is_some_and(|n| n == crate::store::folder::SETTINGS_FILE)
            {
                match session.folder.refresh_settings(&mut session.catalog) {
                    Ok(true) => reloaded += 1,
                    Ok(false) => {}
                    Err(e) => unreadable.push(e.to_string()),
                }
                continue;
            }
            match session.folder.refresh_file(&mut session.catalog, &path) {
                crate::store::Refresh::Unchanged => {}
                crate::store::Refresh::Reloaded(_)
                | crate::store::Refresh::Added(_)
                | crate::store::Refresh::Removed(_) => reloaded += 1,
                crate::store::Refresh::Conflict(c) => conflicts.push(c),
                crate::store::Refresh::Unreadable(e) => unreadable.push(e.to_string()),
            }
        }
        let catalog = &session.catalog;
        self.selection.retain(|id| catalog.contains(id));
        if reloaded > 0 {
            self.status = format!(
                "Read {reloaded} file{} changed outside Folio",
                if reloaded == 1 { "" } else { "s" }
            );
        }
        if let Some(first) = unreadable.first() {
            self.status = format!("Changed outside Folio and not readable: {first}");
            self.prefs.show_problems = true;
        }
        if !conflicts.is_empty() {
            self.status = match conflicts.len() {
                1 => "A record with unsaved edits changed on disk: choose what to keep".to_owned(),
                n => format!("{n} records with unsaved edits changed on disk: choose what to keep"),
            };
            match &mut self.dialog {
                Some(Dialog::Conflicts {
                    conflicts: shown, ..
                }) => {
                    for c in conflicts {
                        if !shown.iter().any(|s| s.id == c.id) {
                            shown.push(c);
                        }
                    }
                }
                _ => {
                    self.dialog = Some(Dialog::Conflicts {
                        conflicts,
                        comparing: None,
                    })
                }
            }
        }
    }

    /// Keeps the journal of unsaved edits: written within a second of each edit,
    /// removed once nothing is unsaved.
    fn sync_journal(&mut self, ctx: &Context) {
        let (Some(session), Some(options)) = (&self.session, &self.journal) else {
            return;
        };
        let state = &mut self.journal_state;
        let root = session.path();
        // The journal's name comes from the canonical path (a system call per folder
        // level): found once per catalog, not every frame.
        if state.file.as_ref().is_none_or(|(of, _)| *of != root) {
            state.file = Some((root.clone(), options.file_for(&root)));
        }
        let Some((_, path)) = &state.file else {
            return;
        };
        let path = path.clone();
        let generation = session.catalog.generation();
        if !session.catalog.is_dirty() {
            super::rescue::clear();
            if state.written {
                let _ = std::fs::remove_file(&path);
                state.written = false;
            }
            state.generation = generation;
            return;
        }
        if generation != state.rescued {
            super::rescue::keep(path.clone(), Journal::of(&root, &session.catalog));
            state.rescued = generation;
        }
        if generation == state.generation && state.written {
            return;
        }
        if let Some(since) = state.last_write.map(|t| t.elapsed()) {
            if since < JOURNAL_DELAY {
                ctx.request_repaint_after(JOURNAL_DELAY - since);
                return;
            }
        }
        match Journal::of(&root, &session.catalog).write(&path) {
            Ok(()) => {
                state.written = true;
                state.generation = generation;
                state.last_write = Some(std::time::Instant::now());
                state.failed = false;
            }
            Err(e) => {
                if !state.failed {
                    self.status = format!(
                        "Could not write the journal of unsaved edits ({}): {e}; save often",
                        path.display()
                    );
                }
                state.failed = true;
                state.last_write = Some(std::time::Instant::now());
            }
        }
    }

    /// Removes the open catalog's journal (its edits were discarded).
    fn drop_journal(&mut self) {
        if let (Some(session), Some(options)) = (&self.session, &self.journal) {
            let _ = std::fs::remove_file(options.file_for(&session.path()));
        }
        self.journal_state = JournalState::default();
    }

    /// After opening: offers the unsaved edits a crash left in the journal.
    fn offer_journal(&mut self) {
        let (Some(session), Some(options)) = (&self.session, &self.journal) else {
            return;
        };
        let path = options.file_for(&session.path());
        if !path.exists() {
            return;
        }
        let Some(journal) = Journal::read(&path) else {
            self.status = format!(
                "A journal of unsaved edits could not be read; it is kept at {}",
                path.display()
            );
            return;
        };
        let changes = journal.changes(&session.catalog);
        if changes.is_empty() {
            let _ = std::fs::remove_file(&path);
            return;
        }
        let lines = changes
            .iter()
            .map(|(id, change)| {
                let what = match change {
                    JournalChange::Added => "a new record".to_owned(),
                    JournalChange::Deleted => "deleted".to_owned(),
                    JournalChange::Fields(fields) => fields
                        .iter()
                        .map(|f| editor::field_label(*f))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                format!("{id}: {what}")
            })
            .collect();
        self.dialog = Some(Dialog::RestoreJournal {
            written: journal
                .written
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            lines,
        });
    }

    fn restore_journal(&mut self) {
        let (Some(session), Some(options)) = (&self.session, &self.journal) else {
            return;
        };
        let path = options.file_for(&session.path());
        let Some(edit) = Journal::read(&path).and_then(|j| j.restore_edit(&session.catalog)) else {
            return;
        };
        let n = match &edit {
            Edit::Batch(edits) => edits.len(),
            _ => 1,
        };
        self.apply(edit);
        self.status = format!(
            "Restored the unsaved edits of {n} record{} (Ctrl+S saves them, Ctrl+Z undoes)",
            if n == 1 { "" } else { "s" }
        );
    }

    /// Writes the catalog's settings with `change` applied; nothing changes in memory
    /// unless `catalog.ron` was written.
    fn change_settings(
        &mut self,
        change: impl FnOnce(&mut crate::store::CatalogSettings),
    ) -> Result<(), String> {
        let Some(session) = &mut self.session else {
            return Err("no catalog is open".into());
        };
        if let Some(reason) = session.catalog.read_only() {
            return Err(reason.to_owned());
        }
        let mut settings = session.catalog.settings().clone();
        change(&mut settings);
        session
            .folder
            .save_settings(&settings)
            .map_err(|e| e.to_string())?;
        session.catalog.set_settings(settings);
        Ok(())
    }

    fn save_search(&mut self, name: String) {
        let query = self.query.text.trim().to_owned();
        let result = self.change_settings(|settings| {
            let search = crate::store::SavedSearch {
                name: name.clone(),
                query,
            };
            // Saving under an existing name replaces that search.
            match settings.saved_searches.iter_mut().find(|s| s.name == name) {
                Some(existing) => *existing = search,
                None => settings.saved_searches.push(search),
            }
        });
        self.status = match result {
            Ok(()) => {
                self.saving_search = None;
                format!("Saved the search \"{name}\" in catalog.ron")
            }
            Err(e) => format!("Could not save the search: {e}"),
        };
    }

    fn delete_saved_search(&mut self, i: usize) {
        let mut name = String::new();
        let result = self.change_settings(|settings| {
            if i < settings.saved_searches.len() {
                name = settings.saved_searches.remove(i).name;
            }
        });
        self.status = match result {
            Ok(()) => format!("Deleted the saved search \"{name}\""),
            Err(e) => format!("Could not delete the saved search: {e}"),
        };
    }

    fn run_command(&mut self, ctx: &Context, command: Command) {
        match command {
            Command::NewCatalog => self.pick(FileRequest::Create),
            Command::OpenCatalog => self.pick(FileRequest::Open),
            Command::ImportPages => {
                if self.session.is_some() {
                    self.pick(FileRequest::Import);
                }
            }
            Command::Save => {
                self.save();
            }
            Command::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Command::Undo | Command::Redo => {
                if let Some(session) = &mut self.session {
                    let result = if command == Command::Undo {
                        session.history.undo(&mut session.catalog)
                    } else {
                        session.history.redo(&mut session.catalog)
                    };
                    match result {
                        Ok(true) => self.status = format!("{}ne", command.label()),
                        Ok(false) => {
                            self.status = format!("Nothing to {}", command.label().to_lowercase())
                        }
                        Err(e) => {
                            self.status =
                                format!("Could not {}: {e}", command.label().to_lowercase())
                        }
                    }
                    let catalog = &session.catalog;
                    self.selection.retain(|id| catalog.contains(id));
                }
            }
            Command::Find => self.focus_search = true,
            Command::FindInDocument => {
                if self.selection.current().is_some() {
                    self.prefs.tab = Tab::Document;
                    let find = self.find.get_or_insert_with(Default::default);
                    find.focus = true;
                } else {
                    self.focus_search = true;
                }
            }
            Command::ShowSearchHelp => self.dialog = Some(Dialog::SearchHelp),
            Command::SelectAll => self.selection.select_all(&self.view.ids),
            Command::NewRecord => self.new_record(),
            Command::DuplicateRecord => self.duplicate_record(),
            Command::DeleteRecords => {
                let ids: Vec<RecordId> = self.selection.ids().iter().cloned().collect();
                if !ids.is_empty() {
                    self.dialog = Some(Dialog::ConfirmDelete(ids));
                }
            }
            Command::CopyCitation => self.copy_citation(ctx),
            Command::Export => self.open_export_form(if self.selection.len() > 1 {
                Scope::Selected
            } else {
                Scope::Result
            }),
            Command::ExportSelected => self.open_export_form(Scope::Selected),
            Command::ShowDocument => self.prefs.tab = Tab::Document,
            Command::ShowMetadata => self.prefs.tab = Tab::Metadata,
            Command::ToggleSidebar => self.prefs.show_sidebar = !self.prefs.show_sidebar,
            Command::ToggleProblems => self.prefs.show_problems = !self.prefs.show_problems,
            Command::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                ctx.set_theme(if self.prefs.dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Command::ShowShortcuts => self.dialog = Some(Dialog::Shortcuts),
            Command::ShowAbout => self.dialog = Some(Dialog::About),
        }
    }

    /// Citations of the selected records (the archive's own style), one per line, in
    /// list order, on the clipboard.
    fn copy_citation(&mut self, ctx: &Context) {
        let Some(session) = &self.session else { return };
        let records: Vec<&Record> = self
            .view
            .ids
            .iter()
            .filter(|id| self.selection.contains(id))
            .filter_map(|id| session.catalog.get(id))
            .collect();
        if records.is_empty() {
            return;
        }
        let bytes = crate::export::citation::to_citations(
            &records,
            session.catalog.settings(),
            crate::export::citation::Style::Archive,
            &crate::export::Progress::default(),
        );
        let text = String::from_utf8_lossy(&bytes).trim_end().to_owned();
        ctx.copy_text(text.clone());
        self.last_copied = Some(text);
        self.status = format!(
            "Copied the citation of {} record{}",
            records.len(),
            if records.len() == 1 { "" } else { "s" }
        );
    }

    fn apply(&mut self, edit: Edit) {
        let Some(session) = &mut self.session else {
            return;
        };
        let renamed = match &edit {
            Edit::Rename { to, .. } => Some(to.clone()),
            Edit::Batch(edits) => edits.iter().find_map(|e| match e {
                Edit::Rename { to, .. } => Some(to.clone()),
                _ => None,
            }),
            _ => None,
        };
        match session.apply(edit) {
            Ok(()) => {
                let catalog = &session.catalog;
                self.selection.retain(|id| catalog.contains(id));
                if let Some(to) = renamed {
                    self.selection.select_only(to);
                }
            }
            Err(e) => self.status = format!("Not changed: {e}"),
        }
    }

    /// Saves; returns true when everything was saved.
    fn save(&mut self) -> bool {
        let Some(session) = &mut self.session else {
            return true;
        };
        if let Some(reason) = session.catalog.read_only() {
            self.status = format!("Not saved: {reason}");
            return false;
        }
        let report = session.save();
        let time = now().with_timezone(&chrono::Local).format("%H:%M");
        let mut status = format!(
            "Saved {} record{} at {time}",
            report.written.len() + report.removed.len(),
            if report.written.len() + report.removed.len() == 1 {
                ""
            } else {
                "s"
            }
        );
        if self.editor.has_invalid_drafts() {
            status.push_str("; invalid values in the editor were not saved");
        }
        for (id, error) in &report.failed {
            status = format!("Could not save {id}: {error}");
        }
        if !report.conflicts.is_empty() {
            status = match report.conflicts.len() {
                1 => "A record changed on disk: not saved".to_owned(),
                n => format!("{n} records changed on disk: not saved"),
            };
            self.dialog = Some(Dialog::Conflicts {
                conflicts: report.conflicts.clone(),
                comparing: None,
            });
        }
        self.status = status;
        report.is_complete()
    }

    /// Saves the record compared, with each field taken from mine or theirs as chosen:
    /// one undoable edit, saved over exactly the version of the file that was shown.
    fn merge_conflict(&mut self) {
        let Some(Dialog::Conflicts {
            comparing: Some(comparison),
            ..
        }) = &self.dialog
        else {
            return;
        };
        if !comparison.can_merge() {
            return;
        }
        let id = comparison.id.clone();
        let taken = comparison.fields_from_theirs();
        let Some(disk) = comparison.disk.clone() else {
            return;
        };
        let Some(session) = &mut self.session else {
            return;
        };
        if let Some(edit) = disk
            .record
            .as_ref()
            .and_then(|theirs| Edit::take_fields(theirs, &taken))
        {
            if let Err(e) = session.apply(edit) {
                self.status = format!("Could not merge {id}: {e}");
                return;
            }
        }
        session.folder.accept_disk_version(&id, &disk);
        self.forget_conflict(&id);
        if self.save() {
            self.status = format!(
                "Merged {id}: {} field{} from the file on disk, the rest from Folio",
                taken.len(),
                if taken.len() == 1 { "" } else { "s" }
            );
        }
    }

    /// Takes a resolved conflict off the conflicts dialog (closing it after the last).
    fn forget_conflict(&mut self, id: &RecordId) {
        if let Some(Dialog::Conflicts { conflicts, .. }) = &mut self.dialog {
            conflicts.retain(|c| &c.id != id);
            if conflicts.is_empty() {
                self.dialog = None;
            } else {
                self.dialog = Some(Dialog::Conflicts {
                    conflicts: conflicts.clone(),
                    comparing: None,
                });
            }
        }
    }

    fn resolve_conflict(&mut self, id: RecordId, resolution: Resolution) {
        let Some(session) = &mut self.session else {
            return;
        };
        let result = match resolution {
            Resolution::KeepMine => session.folder.keep_mine(&id).map_err(|e| e.to_string()),
            Resolution::TakeTheirs => session
                .folder
                .take_theirs(&mut session.catalog, &id)
                .map_err(|e| e.to_string()),
        };
        if let Err(e) = result {
            self.status = format!("Could not resolve the conflict: {e}");
            return;
        }
        self.forget_conflict(&id);
        if resolution == Resolution::KeepMine {
            self.save();
        } else {
            self.status = format!("Took the version on disk of {id}");
        }
    }

    fn guard_unsaved(&mut self, ctx: &Context, after: AfterUnsaved) {
        if self.session.as_ref().is_some_and(|s| s.catalog.is_dirty()) {
            self.dialog = Some(Dialog::Unsaved(after));
        } else {
            self.continue_after_unsaved(ctx, after);
        }
    }

    fn continue_after_unsaved(&mut self, ctx: &Context, after: AfterUnsaved) {
        match after {
            AfterUnsaved::Close => {
                self.allowed_to_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            AfterUnsaved::Open(path) => self.open(&path),
            AfterUnsaved::Create(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Catalog".to_owned());
                match Session::create(&path, &name) {
                    Ok(session) => self.set_session(session),
                    Err(e) => self.status = format!("Could not create a catalog: {e}"),
                }
            }
        }
    }

    fn import(&mut self, paths: &[PathBuf]) {
        let Some(session) = &mut self.session else {
            return;
        };
        let mut lines = Vec::new();
        let mut files = Vec::new();
        for path in paths {
            match import::input_files(path) {
                Ok(found) => files.extend(found),
                Err(e) => lines.push(format!("{}: {e}", path.display())),
            }
        }
        let mut edits = Vec::new();
        for file in files {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = match std::fs::read(&file) {
                Ok(b) => b,
                Err(e) => {
                    lines.push(format!("{name}: could not be read: {e}"));
                    continue;
                }
            };
            let planned = match import::Format::detect(&file, &bytes) {
                import::Format::Wilson => import::parse_page_bytes(&bytes).map(|page| {
                    let notes = page.notes;
                    vec![(import::plan_page(&session.catalog, page.record), notes)]
                }),
                import::Format::Json => import::parse_json(&bytes).map(|records| {
                    records
                        .into_iter()
                        .map(|r| (import::plan_json(&session.catalog, r), Vec::new()))
                        .collect()
                }),
            };
            match planned {
                Ok(planned) => {
                    for (plan, notes) in planned {
                        let verb = match plan.action {
                            import::Action::Created => "Created",
                            import::Action::Updated => "Updated",
                            import::Action::Unchanged => "Unchanged",
                        };
                        lines.push(format!("{verb} {} (from {name})", plan.id));
                        lines.extend(notes.into_iter().map(|n| format!("    {n}")));
                        if let Some(edit) = plan.edit {
                            // Each edit alone, so that a later page sees the records of earlier ones.
                            match session.catalog.apply(edit) {
                                Ok(inverse) => edits.push(inverse),
                                Err(e) => lines.push(format!("    not imported: {e}")),
                            }
                        }
                    }
                }
                Err(e) => lines.push(format!("{name}: {e}")),
            }
        }
        // One undo step for the whole import.
        session.history.record_applied(edits);
        self.dialog = Some(Dialog::ImportReport(lines));
    }

    fn new_record(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let stamp = now().format("%Y%m%d-%H%M%S").to_string();
        let mut n = 1;
        let id = loop {
            let candidate = if n == 1 {
                format!("new-{stamp}")
            } else {
                format!("new-{stamp}-{n}")
            };
            match RecordId::new(candidate) {
                Ok(id) if !session.catalog.contains(&id) => break Some(id),
                Ok(_) => n += 1,
                Err(_) => break None,
            }
        };
        if let Some(id) = id {
            self.apply(Edit::Add(Box::new(Record::new(
                id.clone(),
                "Untitled record",
            ))));
            self.selection.select_only(id);
            self.prefs.tab = Tab::Metadata;
            self.editor.focus_field = Some(Field::Title);
            self.scroll_to_current = true;
        }
    }

    fn duplicate_record(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let Some(original) = self
            .selection
            .current()
            .and_then(|id| session.catalog.get(id))
        else {
            return;
        };
        let mut n = 2;
        let id = loop {
            let base = original.id.as_str();
            let candidate = format!(
                "{}-copy{}",
                &base[..base.len().min(70)],
                if n == 2 { String::new() } else { n.to_string() }
            );
            match RecordId::new(candidate) {
                Ok(id) if !session.catalog.contains(&id) => break Some(id),
                Ok(_) => n += 1,
                Err(_) => break None,
            }
        };
        if let Some(id) = id {
            let mut copy = original.clone();
            copy.id = id.clone();
            copy.title = format!("{} (copy)", original.title);
            copy.external_id.clear();
            copy.created = now();
            copy.modified = copy.created;
            self.apply(Edit::Add(Box::new(copy)));
            self.selection.select_only(id);
            self.scroll_to_current = true;
        }
    }
}

/// Shortcuts fire their commands; list navigation keys move the selection when no
/// text field has the keyboard.
fn collect_shortcuts(ctx: &Context, actions: &mut Vec<Action>) {
    let typing = ctx.egui_wants_keyboard_input();
    // Longest modifier sets first: Ctrl+Shift+Z must not be taken for Ctrl+Z.
    let mut commands: Vec<Command> = Command::ALL
        .into_iter()
        .filter(|c| c.shortcut().is_some())
        .collect();
    commands.sort_by_key(|c| {
        std::cmp::Reverse(
            c.shortcut()
                .map_or(0, |s| s.modifiers.shift as u8 + s.modifiers.alt as u8),
        )
    });
    for command in commands {
        if typing && !command.works_while_typing() {
            continue;
        }
        if let Some(shortcut) = command.shortcut() {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                actions.push(Action::Command(command));
            }
        }
    }
    if !typing {
        let steps = [
            (egui::Key::ArrowDown, 1),
            (egui::Key::ArrowUp, -1),
            (egui::Key::PageDown, 20),
            (egui::Key::PageUp, -20),
        ];
        for (key, delta) in steps {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                actions.push(Action::Step(delta));
            }
        }
    }
}

impl eframe::App for FolioApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
