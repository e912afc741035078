//! The application: its state, and the frame. Panels read the state and push
//! [`Action`]s; [`FolioApp::handle`] (in `handle.rs`) applies them after drawing, the
//! one place where the app's state changes.

pub mod action;
mod background;
mod bulk;
mod conflicts;
pub mod dialog;
mod export;
mod files;
mod git;
mod handle;
mod panels;
mod remote;
pub mod vcs;

use std::path::Path;

use egui::ViewportCommand;

use crate::session::{Session, SessionOptions};
use crate::store::journal::JournalOptions;

use super::document::FindState;
use super::editor::EditorState;
use super::notice::Notices;
use super::prefs::{Prefs, Tab};
use super::sidebar::SidebarState;
use super::{command, dialogs};

use super::chooser::Chosen;
pub use action::{Action, FileRequest, UnsavedAnswer};
use background::{Background, FontCheck};
pub use dialog::{AfterUnsaved, Dialog, ImportReportView};
pub use remote::{PendingQuestion, RemoteState};

/// A catalog opening on another thread.
pub struct Opening {
    /// Its folder.
    path: std::path::PathBuf,
    /// How many of its record files are read.
    progress: std::sync::Arc<crate::store::OpenProgress>,
    /// The folder and its records, or why not.
    answer: std::sync::mpsc::Receiver<
        Result<(crate::store::CatalogFolder, crate::store::Catalog), crate::store::StoreError>,
    >,
    /// When it started.
    started: std::time::Instant,
    /// The catalog's list from its saved index meanwhile.
    preview: PreviewState,
}

/// The list of a catalog opening, from its saved index.
pub enum PreviewState {
    /// Being read on another thread.
    Loading(std::sync::mpsc::Receiver<Option<crate::session::Preview>>),
    /// Shown until the catalog is open.
    Ready(Box<crate::session::Preview>),
    /// None: no saved index to read (the catalog was never opened with a cache, or
    /// much changed since).
    None,
}

/// The whole application state.
pub struct FolioApp {
    session: Option<Session>,
    /// What the session keeps outside the catalog (cache, journal).
    options: SessionOptions,
    /// Why the last catalog could not be opened.
    open_error: Option<String>,
    /// Remembered preferences.
    pub prefs: Prefs,
    sidebar: SidebarState,
    editor: EditorState,
    /// Which text of the current record is shown.
    text_index: usize,
    /// Where footnote links in the document led.
    footnotes: super::reading::FootnoteState,
    dialog: Option<Dialog>,
    /// The offer to set the catalog up for git, as a bar under the toolbar.
    git_offer: Option<std::path::PathBuf>,
    /// What the last import did, in a window beside the work.
    import_report: Option<ImportReportView>,
    notices: Notices,
    /// A notice about fonts (no CJK font found), kept in the status bar.
    font_notice: Option<String>,
    /// The last text put on the clipboard (the clipboard itself is the system's).
    last_copied: Option<String>,
    /// Scroll the list to the current row next frame.
    scroll_to_current: bool,
    /// Find in the document shown (Ctrl+F), when open.
    find: Option<FindState>,
    background: Background,
    /// Folio's own file chooser, when open.
    chooser: Option<super::chooser::Chooser>,
    focus_ring: super::focus::FocusRing,
    /// What the selected records share, when several are.
    selection_summary: super::selection_pane::SelectionSummary,
    /// The catalog in git: status, history, commit.
    vcs: vcs::VcsState,
    /// The catalog's server: sync, fetch, clone, git's questions.
    remote: RemoteState,
    /// How many steps of the history are drawn.
    history_shown: usize,
    /// The bulk edit form's plan being made on its own thread.
    bulk_plan: bulk::BulkPlanJob,
    /// The scan beside the text, and for which record and catalog generation its
    /// files were found.
    scan_view: super::scan_view::ScanViewer,
    scan_files_of: Option<(crate::model::RecordId, u64)>,
    /// The spreadsheet import's plan being made on its own thread.
    csv_plan: Option<super::bulk_dialog::PlanJob<crate::import::csv::CsvPlan>>,
    allowed_to_close: bool,
    window_title: String,
    /// Open catalogs on another thread, the window showing their progress (the
    /// desktop app); the tests open them at once.
    open_in_background: bool,
    /// The catalog being opened on another thread.
    opening: Option<Opening>,
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
        let options = SessionOptions {
            journal,
            ..SessionOptions::app()
        };
        Self::with_options(path, prefs, options)
    }

    /// As [`FolioApp::new`], with these session options (where the cache and the
    /// journal are kept).
    pub fn with_options(path: Option<&Path>, prefs: Prefs, options: SessionOptions) -> Self {
        let mut app = Self {
            session: None,
            options,
            open_error: None,
            prefs,
            sidebar: SidebarState::default(),
            editor: EditorState::default(),
            text_index: 0,
            footnotes: Default::default(),
            dialog: None,
            git_offer: None,
            import_report: None,
            notices: Notices::default(),
            font_notice: None,
            last_copied: None,
            scroll_to_current: false,
            find: None,
            background: Background::default(),
            chooser: None,
            focus_ring: Default::default(),
            selection_summary: Default::default(),
            vcs: Default::default(),
            remote: Default::default(),
            history_shown: super::history::first_page(),
            bulk_plan: None,
            csv_plan: None,
            scan_view: Default::default(),
            scan_files_of: None,
            allowed_to_close: false,
            window_title: String::new(),
            open_in_background: false,
            opening: None,
        };
        if let Some(path) = path {
            app.open(path);
        }
        app
    }

    /// Opens catalogs on another thread from now on, the window showing their
    /// progress meanwhile (what the desktop app does: a million records take seconds).
    pub fn open_in_background(&mut self) {
        self.open_in_background = true;
    }

    /// Opens the catalog at `path` (on another thread after
    /// [`FolioApp::open_in_background`]).
    pub fn open_catalog(&mut self, path: &Path) {
        self.open(path);
    }

    /// Whether a catalog is being opened on another thread.
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// The folder of the catalog being opened on another thread.
    pub fn opening_path(&self) -> Option<&Path> {
        self.opening.as_ref().map(|o| o.path.as_path())
    }

    /// The catalog opening, browsed from its saved index meanwhile.
    pub fn preview(&self) -> Option<&crate::session::Preview> {
        match &self.opening.as_ref()?.preview {
            PreviewState::Ready(preview) => Some(preview),
            _ => None,
        }
    }

    pub(super) fn preview_mut(&mut self) -> Option<&mut crate::session::Preview> {
        match &mut self.opening.as_mut()?.preview {
            PreviewState::Ready(preview) => Some(preview),
            _ => None,
        }
    }

    /// Starts the background check for fonts covering Chinese, Japanese and Korean.
    pub fn check_fonts_in_background(&mut self) {
        self.background.check_fonts();
    }

    /// The open catalog, if any.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The dialog shown, if any.
    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    /// Shows a dialog (or none).
    pub fn set_dialog(&mut self, dialog: Option<Dialog>) {
        self.dialog = dialog;
    }

    /// The offer to set the catalog up for git, when shown.
    pub fn git_offer(&self) -> Option<&Path> {
        self.git_offer.as_deref()
    }

    /// What the last import did, while its window shows.
    pub fn import_report(&self) -> Option<&ImportReportView> {
        self.import_report.as_ref()
    }

    /// The notices of this session.
    pub fn notices(&self) -> &Notices {
        &self.notices
    }

    /// The scan beside the text (what it shows, for the tests).
    pub fn scan_view(&self) -> &super::scan_view::ScanViewer {
        &self.scan_view
    }

    /// The latest notice's text.
    pub fn latest_notice(&self) -> &str {
        self.notices.latest().map_or("", |n| n.text.as_str())
    }

    /// Why the last catalog could not be opened.
    pub fn open_error(&self) -> Option<&str> {
        self.open_error.as_deref()
    }

    /// The text put on the clipboard last.
    pub fn last_copied(&self) -> Option<&str> {
        self.last_copied.as_deref()
    }

    /// Find in the document, when open.
    pub fn find(&self) -> Option<&FindState> {
        self.find.as_ref()
    }

    /// Values typed in the editor that their field refuses (never saved): the
    /// field's label and why.
    pub fn invalid_drafts(&self) -> Vec<(String, String)> {
        self.editor.invalid_drafts()
    }

    /// The path typed in Folio's file chooser, when it is open.
    pub fn chooser_path(&self) -> Option<&str> {
        self.chooser.as_ref().map(|c| c.path.as_str())
    }

    /// The font notice, if fonts are missing.
    pub fn font_notice(&self) -> Option<&str> {
        self.font_notice.as_deref()
    }

    /// What the window knows of the catalog's git.
    pub fn vcs(&self) -> &vcs::VcsState {
        &self.vcs
    }

    /// What the window knows of the catalog's server.
    pub fn remote(&self) -> &RemoteState {
        &self.remote
    }

    /// Whether a background export is running (its progress, for the dialog).
    pub fn export_job(&self) -> Option<&crate::session::ExportJob> {
        self.background.export.as_ref()
    }

    /// Puts `text` in the search box and searches for it, as typing it would.
    pub fn search_for(&mut self, text: &str) {
        self.sidebar.text = text.to_owned();
        if let Some(session) = &mut self.session {
            session.set_search(text);
        }
    }

    /// The window title: catalog name, and `*` when there are unsaved changes.
    pub fn title(&self) -> String {
        match &self.session {
            Some(s) => {
                let star = if s.catalog().is_dirty() { " *" } else { "" };
                format!("{}{star} — Folio", s.catalog().settings().name)
            }
            None => "Folio".to_owned(),
        }
    }

    /// Draws one frame and applies what the user asked for.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let (mut actions, font) = self.background.poll(&ctx, self.session.as_ref());
        let root = self.session.as_ref().map(Session::path);
        let current = self
            .session
            .as_ref()
            .and_then(|s| s.selection().current().cloned());
        actions.extend(self.vcs.poll(
            &ctx,
            root.as_deref(),
            current.as_ref(),
            self.prefs.tab == Tab::History,
        ));
        self.poll_remote(&ctx);
        self.poll_opening(&ctx);
        if let FontCheck::Done(notice) = font {
            self.font_notice = notice;
        }
        self.handle_close_request(&ctx);
        // A dialog is modal: the keyboard belongs to it.
        if self.dialog.is_none() && self.chooser.is_none() && self.remote.question.is_none() {
            command::collect_shortcuts(&ctx, &mut actions);
        }
        if actions
            .iter()
            .any(|a| matches!(a, Action::Command(command::Command::Find)))
        {
            // Now rather than after drawing: the search box takes the rest of this
            // frame's typing.
            self.focus_search();
        }
        if let Some(session) = &mut self.session {
            let refreshed = session.refresh();
            if refreshed.searching {
                // Show the list the scan makes as soon as it comes.
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            } else if refreshed.indexing {
                // Show the indexing progress, and switch to the index when it is ready.
                ctx.request_repaint_after(std::time::Duration::from_millis(200));
            }
            if refreshed.index_failed {
                self.notices.warn(
                    "The search index could not be built; searches scan the records instead (slower on a big catalog)",
                );
            }
        }
        // The record shown changed without a click (a search hid it): what was typed
        // in its form reaches it before the form shows another.
        if self.editor.has_pending()
            && self.editor.record() != self.session.as_ref().and_then(|s| s.selection().current())
        {
            self.commit_drafts();
        }
        let refused = self.editor.sync(
            self.session.as_ref().map(Session::catalog),
            self.session.as_ref().and_then(|s| s.selection().current()),
        );
        for (field, typed, why) in refused {
            self.notices.warn(format!(
                "Not kept: “{typed}” in {field} of the record left ({why})"
            ));
        }
        self.panels_ui(ui, &mut actions);
        self.dropped_files(&ctx, &mut actions);
        if let Some(Dialog::Export(form)) = &mut self.dialog {
            let counts = self
                .session
                .as_ref()
                .map(Session::scope_counts)
                .unwrap_or_default();
            let modal = egui::Modal::new(egui::Id::unique("export_dialog")).show(&ctx, |ui| {
                super::export_dialog::form_ui(ui, form, counts, &mut actions)
            });
            if modal.should_close() {
                actions.push(Action::CloseDialog);
            }
        }
        if let (Some(Dialog::CatalogSettings(form)), Some(session)) =
            (&mut self.dialog, &self.session)
        {
            super::settings_dialog::show(&ctx, form, session.read_only().is_some(), &mut actions);
        }
        if let Some(Dialog::Clone(form)) = &mut self.dialog {
            let running = self.remote.cloning();
            let modal = egui::Modal::new(egui::Id::unique("clone_dialog")).show(&ctx, |ui| {
                super::clone_dialog::clone_ui(ui, form, running, &mut actions)
            });
            if modal.should_close() && !running {
                actions.push(Action::CloseDialog);
            }
        }
        if let (Some(Dialog::Commit(form)), Some(session)) = (&mut self.dialog, &self.session) {
            let modal = egui::Modal::new(egui::Id::unique("commit_dialog")).show(&ctx, |ui| {
                super::commit_dialog::commit_ui(
                    ui,
                    form,
                    session,
                    self.vcs.status.as_ref().ok_or(
                        self.vcs
                            .unavailable
                            .as_deref()
                            .unwrap_or("git has not answered yet"),
                    ),
                    self.vcs.committing(),
                    &mut actions,
                )
            });
            if modal.should_close() && !self.vcs.committing() {
                actions.push(Action::CloseDialog);
            }
        }
        self.poll_bulk_plan(&ctx);
        if let (Some(Dialog::BulkEdit(form)), Some(session)) = (&mut self.dialog, &self.session) {
            let counts = session.scope_counts();
            let modal = egui::Modal::new(egui::Id::unique("bulk_dialog")).show(&ctx, |ui| {
                super::bulk_dialog::bulk_ui(
                    ui,
                    form,
                    (counts.selected, counts.result, counts.all),
                    &mut actions,
                )
            });
            if modal.should_close() {
                actions.push(Action::CloseDialog);
            }
        }
        self.poll_csv_plan(&ctx);
        if let Some(Dialog::CsvImport(form)) = &mut self.dialog {
            let modal = egui::Modal::new(egui::Id::unique("csv_import_dialog")).show(&ctx, |ui| {
                super::csv_import_dialog::csv_import_ui(ui, form, &mut actions)
            });
            if modal.should_close() {
                actions.push(Action::CloseDialog);
            }
        }
        if let (Some(Dialog::Values(view)), Some(session)) = (&mut self.dialog, &self.session) {
            view.refresh(session.catalog());
            let modal = egui::Modal::new(egui::Id::unique("values_dialog"))
                .show(&ctx, |ui| super::values::values_ui(ui, view, &mut actions));
            if modal.should_close() {
                actions.push(Action::CloseDialog);
            }
        }
        if let Some(report) = &self.import_report
            && !super::offers::import_report_ui(&ctx, report, &mut actions)
        {
            self.import_report = None;
        }
        dialogs::dialog_ui(&ctx, self, &mut actions);
        // Git waits on the answer: the question comes over any dialog.
        if let Some(pending) = &mut self.remote.question {
            super::askpass_dialog::question_ui(&ctx, pending, &mut actions);
        }
        // Over any dialog (the export form's Choose… opens it).
        if let Some(chooser) = &mut self.chooser {
            match chooser.ui(&ctx) {
                Chosen::Open => {}
                Chosen::Cancelled => self.chooser = None,
                Chosen::Path(request, path) => {
                    self.chooser = None;
                    actions.push(Action::Picked(request, vec![path]));
                }
            }
        }

        let changed = !actions.is_empty();
        let had_dialog = self.dialog.is_some();
        for action in actions {
            self.handle(&ctx, action);
        }
        // A dialog one types in, just opened: the keyboard goes to it now, not when
        // it first draws, so that keys typed meanwhile (a slow frame) reach it.
        let first_field = match &self.dialog {
            Some(Dialog::Commit(_)) => Some(super::commit_dialog::message_id()),
            Some(Dialog::Clone(_)) => Some(super::clone_dialog::url_id()),
            Some(Dialog::CatalogSettings(_)) => Some(super::settings_dialog::first_field_id()),
            _ => None,
        };
        if !had_dialog && let Some(id) = first_field {
            ctx.memory_mut(|m| m.request_focus(id));
        }
        // Typing in the search box or an edit changes what the list should show: draw
        // the next frame now rather than at the next input event.
        if changed || self.session.as_ref().is_some_and(Session::view_is_stale) {
            ctx.request_repaint();
        }
        // The journal's timer: what is typed reaches the catalog (and so the journal)
        // once typing pauses.
        if self.editor.due_for_journal() {
            self.commit_drafts();
        } else if self.editor.has_pending() {
            ctx.request_repaint_after(super::editor::TYPING_PAUSE);
        }
        if let Some(session) = &mut self.session
            && let Some(failure) = Background::keep_journal(&ctx, session)
        {
            self.notices.warn(failure);
        }
        self.focus_ring.paint(&ctx);
        // Sending a viewport command asks for a repaint: only send a changed title.
        let title = self.title();
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allowed_to_close {
            self.commit_drafts();
            let dirty = self
                .session
                .as_ref()
                .is_some_and(|s| s.catalog().is_dirty());
            if dirty || self.editor.has_invalid_drafts() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.dialog = Some(Dialog::Unsaved(AfterUnsaved::Close));
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
