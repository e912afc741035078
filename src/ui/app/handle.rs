//! The one place where the app's state changes: each [`Action`] becomes one session
//! call (or a change of what the window shows) and a notice.

use std::path::PathBuf;

use egui::{Context, ViewportCommand};

use crate::model::Field;
use crate::session::{Scope, Session, Target};
use crate::words::count;

use super::super::command::Command;
use super::super::prefs::Tab;
use super::{Action, AfterUnsaved, Dialog, FileRequest, FolioApp};

impl FolioApp {
    /// Applies one action.
    pub fn handle(&mut self, ctx: &Context, action: Action) {
        if action.commits_drafts() {
            self.commit_drafts();
        }
        match action {
            Action::Command(command) => self.run_command(ctx, command),
            Action::ClickRow(id, pick) => {
                if let Some(session) = &mut self.session {
                    session.select(id, pick);
                } else if let Some(preview) = self.preview_mut() {
                    preview.select(id, pick);
                }
                self.text_index = 0;
            }
            Action::ShowProblem(id, field) => {
                if let Some(session) = &mut self.session {
                    session.select(id, crate::session::Pick::Only);
                }
                self.scroll_to_current = true;
                self.prefs.tab = Tab::Metadata;
                self.editor.focus_field = field;
            }
            Action::Step(delta) => {
                if let Some(session) = &mut self.session {
                    session.step(delta);
                } else if let Some(preview) = self.preview_mut() {
                    preview.step(delta);
                }
                self.scroll_to_current = true;
                self.text_index = 0;
            }
            Action::Edit(edit) => {
                if let Some(Err(e)) = self.session.as_mut().map(|s| s.apply(edit)) {
                    self.notices.error(format!("Not changed: {e}"));
                }
            }
            Action::Sort(column) => {
                if let Some(session) = &mut self.session {
                    session.sort_by(column);
                    (self.prefs.sort, self.prefs.ascending) = session.column_sort();
                } else if let Some(preview) = self.preview_mut() {
                    preview.sort_by(column);
                    (self.prefs.sort, self.prefs.ascending) = preview.column_sort();
                }
            }
            Action::SetColumns(columns) => {
                if let Some(session) = &self.session {
                    self.prefs.choose_columns(session.path(), columns);
                }
            }
            Action::AddFilter(facet, value) => self.with_session(|s| s.add_filter(facet, value)),
            Action::RemoveFilter(i) => self.with_session(|s| s.remove_filter(i)),
            Action::Search(text) => {
                if let Some(session) = &mut self.session {
                    session.set_search(&text);
                } else if let Some(preview) = self.preview_mut() {
                    preview.set_search(&text);
                }
            }
            Action::ClearSearch => {
                if let Some(session) = &mut self.session {
                    session.show_every_record();
                } else if let Some(preview) = self.preview_mut() {
                    preview.set_search("");
                }
                self.sidebar.text.clear();
                self.scroll_to_current = true;
            }
            Action::StartSavingSearch => self.sidebar.saving_search = Some(String::new()),
            Action::CancelSavingSearch => self.sidebar.saving_search = None,
            Action::SaveSearch(name) => self.save_search(&name),
            Action::RunSavedSearch(i) => {
                if let Some(session) = &mut self.session
                    && session.run_saved_search(i)
                {
                    self.sidebar.text = session.query().text.clone();
                }
            }
            Action::DeleteSavedSearch(i) => {
                match self.session.as_mut().map(|s| s.delete_saved_search(i)) {
                    Some(Ok(name)) => self
                        .notices
                        .info(format!("Deleted the saved search \"{name}\"")),
                    Some(Err(e)) => self
                        .notices
                        .error(format!("Could not delete the saved search: {e}")),
                    None => {}
                }
            }
            Action::OpenCatalog(path) => self.guard_unsaved(ctx, AfterUnsaved::Open(path)),
            Action::CreateCatalog(path) => self.guard_unsaved(ctx, AfterUnsaved::Create(path)),
            Action::OpenReadOnly => self.open_read_only(),
            Action::Import(paths) => self.import(&paths, false, false),
            Action::ImportAgain { update, force } => {
                if let Some(report) = self.import_report.take() {
                    self.import(&report.paths, update, force);
                }
            }
            Action::ConfirmDelete => {
                if let (Some(Dialog::ConfirmDelete { ids, .. }), Some(session)) =
                    (self.dialog.take(), &mut self.session)
                {
                    match session.delete(ids) {
                        Ok(n) => self
                            .notices
                            .info(format!("Deleted {} (Ctrl+Z to undo)", count(n, "record"))),
                        Err(e) => self.notices.error(format!("Not deleted: {e}")),
                    }
                }
            }
            Action::UnsavedAnswer(answer) => self.answer_unsaved(ctx, answer),
            Action::ResolveConflict(id, resolution) => self.resolve_conflict(&id, resolution),
            Action::CompareConflict(id) => {
                if let Some(session) = &self.session {
                    self.dialog = Some(Dialog::Conflicts {
                        comparing: Some(Box::new(session.compare(&id))),
                    });
                }
            }
            Action::ChooseConflictField(field, take_theirs) => {
                if let Some(Dialog::Conflicts {
                    comparing: Some(comparison),
                }) = &mut self.dialog
                {
                    comparison.choose(field, take_theirs);
                }
            }
            Action::MergeConflict => self.merge_conflict(),
            Action::RestoreJournal => {
                self.dialog = None;
                match self.session.as_mut().map(Session::restore_journal) {
                    Some(Ok(n)) => self.notices.info(format!(
                        "Restored the unsaved edits of {} (Ctrl+S saves them, Ctrl+Z undoes)",
                        count(n, "record")
                    )),
                    Some(Err(e)) => self
                        .notices
                        .error(format!("Could not restore the edits: {e}")),
                    None => {}
                }
            }
            Action::DiscardJournal => {
                self.dialog = None;
                self.with_session(Session::discard_journal);
                self.notices
                    .info("Discarded the unsaved edits from last time");
            }
            Action::ChooseExportDestination => {
                if let Some(Dialog::Export(form)) = &self.dialog {
                    let path = PathBuf::from(form.destination.trim());
                    let request = if form.target == Target::Subset {
                        FileRequest::ExportFolder(path)
                    } else {
                        FileRequest::ExportFile(path)
                    };
                    self.pick(request);
                }
            }
            Action::StartExport => self.start_export(),
            Action::CancelExport => {
                if let Some(job) = &self.background.export {
                    job.progress.cancel();
                }
            }
            Action::ExportFinished(result) => self.export_finished(result),
            Action::OpenFolder(folder) => {
                if let Err(e) = open::that_detached(&folder) {
                    self.notices
                        .error(format!("Could not open {}: {e}", folder.display()));
                }
            }
            Action::CloseDialog => {
                self.dialog = match self.dialog.take() {
                    // Closing the comparison goes back to the list of conflicts.
                    Some(Dialog::Conflicts { comparing: Some(_) }) => {
                        Some(Dialog::Conflicts { comparing: None })
                    }
                    _ => None,
                };
            }
            Action::Picked(request, paths) => self.picked(ctx, request, paths),
            Action::PickFailed(_) => self
                .notices
                .error("The file dialog stopped without an answer; nothing was chosen"),
            Action::PickUnavailable(request) => {
                self.notices.info(
                    "No file dialog of the system is available here: Folio's own chooser opens instead (View > Folio's file chooser keeps it)",
                );
                self.open_chooser(request);
            }
            Action::Unpin => self.with_session(Session::unpin),
            Action::FilesChanged(paths) => {
                if let Some(session) = &mut self.session {
                    let report = session.follow_changes(paths);
                    self.changed_on_disk(report);
                }
                self.vcs.want_status();
            }
            Action::WatchFailed(why) => self.notices.warn(why),
            Action::ShowFieldHistory(field) => {
                self.prefs.tab = Tab::History;
                self.vcs.history_field = field;
                self.history_shown = super::super::history::first_page();
            }
            Action::Commit(message) => self.commit(message),
            Action::Clone(url, dir) => self.start_clone(ctx, url, dir),
            Action::CancelClone => self.cancel_clone(),
            Action::AnswerQuestion(answer) => self.remote.answer(answer),
            Action::SettleSyncConflict(path, side) => self.settle_sync_conflict(path, side),
            Action::SaveCatalogSettings => self.save_catalog_settings(),
            Action::PreviewBulk => self.preview_bulk(),
            Action::RenameValue(field, value) => {
                self.dialog = Some(Dialog::BulkEdit(Box::new(
                    super::super::bulk_dialog::BulkForm::rename(field, &value),
                )));
            }
            Action::ApplyBulk => self.apply_bulk(),
            Action::ChooseAttachments(id) => self.pick(FileRequest::Attach(id)),
            Action::Attach(id, paths) => self.attach(&id, &paths),
            Action::PlanCsvImport => self.plan_csv_import(),
            Action::ApplyCsvImport => self.apply_csv_import(),
            Action::Committed(result) => {
                let then_sync = result.is_ok()
                    && matches!(&self.dialog, Some(Dialog::Commit(form)) if form.then_sync);
                self.committed(result);
                self.committed_for_sync(ctx, then_sync);
            }
            Action::OfferGitSetup(path) => self.offer_git_setup(path),
            Action::ClearCache => self.clear_cache(),
            Action::SetUpGit => self.set_up_git(),
            Action::DeclineGitSetup(path) => {
                self.prefs.git_setup_declined.insert(path);
                self.git_offer = None;
                self.notices
                    .info("Not set up for git merges; File > Set up for git… does it later");
            }
        }
    }

    /// What Folio's cache holds for the open catalog, against its record files.
    fn cache_summary(&self) -> Option<super::super::settings_dialog::CacheSummary> {
        let session = self.session.as_ref()?;
        let options = self.options.cache.as_ref()?;
        let root = session.path();
        let usage = options.usage(&root).ok()?;
        let records = crate::store::cache::record_files_size(&root);
        Some(super::super::settings_dialog::CacheSummary {
            cached: usage.total(),
            index: usage.index(),
            records,
            folder: options.dir.clone(),
        })
    }

    /// Catalog settings → Clear cache: the catalog's cache files removed (the
    /// session keeps what it read; the next open writes them again).
    fn clear_cache(&mut self) {
        let (Some(session), Some(options)) = (&self.session, &self.options.cache) else {
            return;
        };
        match options.clear(&session.path()) {
            Ok(freed) => self.notices.info(format!(
                "Cleared {} of cache: the next open reads the records and writes it again",
                crate::words::size(freed)
            )),
            Err(e) => self
                .notices
                .error(format!("The cache could not be cleared: {e}")),
        }
        let summary = self.cache_summary();
        if let Some(Dialog::CatalogSettings(form)) = &mut self.dialog {
            form.cache = summary;
        }
    }

    /// Commits what is being typed in the editor (one undo step); a value its field
    /// refuses stays a draft, named by the save and the close guard.
    pub(super) fn commit_drafts(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        if !self.editor.has_pending() {
            return;
        }
        let pending = self.editor.take_pending(session.catalog());
        if let Some(edit) = pending.edit
            && let Err(e) = session.apply(edit)
        {
            self.notices.error(format!("Not changed: {e}"));
        }
    }

    /// Puts the keyboard in the search box (showing the sidebar if hidden).
    pub(super) fn focus_search(&mut self) {
        self.sidebar.focus = true;
        self.prefs.show_sidebar = true;
    }

    pub(super) fn with_session(&mut self, f: impl FnOnce(&mut Session)) {
        if let Some(session) = &mut self.session {
            f(session);
        }
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
            Command::Undo | Command::Redo => self.undo_or_redo(command),
            Command::Find => self.focus_search(),
            Command::FindInDocument => {
                if self.session.as_ref().and_then(Session::current).is_some() {
                    self.prefs.tab = Tab::Document;
                    self.find.get_or_insert_with(Default::default).focus = true;
                } else {
                    self.sidebar.focus = true;
                }
            }
            Command::ShowSearchHelp => self.dialog = Some(Dialog::SearchHelp),
            Command::SelectAll => self.with_session(Session::select_all),
            Command::NewRecord => match self.session.as_mut().map(Session::new_record) {
                Some(Ok(_)) => {
                    // The search was cleared to show the new record.
                    self.sidebar.text.clear();
                    self.prefs.tab = Tab::Metadata;
                    self.editor.focus_field = Some(Field::Title);
                    self.editor.scroll_to_top = true;
                    self.scroll_to_current = true;
                }
                Some(Err(e)) => self.notices.error(format!("No new record: {e}")),
                None => {}
            },
            Command::DuplicateRecord => match self.session.as_mut().map(Session::duplicate_current)
            {
                Some(Ok(Some(_))) => self.scroll_to_current = true,
                Some(Err(e)) => self.notices.error(format!("Not duplicated: {e}")),
                Some(Ok(None)) | None => {}
            },
            Command::DeleteRecords => {
                let Some(session) = &self.session else { return };
                let ids = session.visible_selection();
                let hidden = session.hidden_selected().count();
                if !ids.is_empty() {
                    self.dialog = Some(Dialog::ConfirmDelete { ids, hidden });
                } else if hidden > 0 {
                    self.notices.warn(format!(
                        "Nothing deleted: the selected {} hidden by the search; clear it to see {}",
                        if hidden == 1 {
                            "record is"
                        } else {
                            "records are"
                        },
                        if hidden == 1 { "it" } else { "them" },
                    ));
                }
            }
            Command::CopyCitation => {
                if let Some((text, n)) =
                    self.session.as_ref().and_then(Session::selection_citations)
                {
                    ctx.copy_text(text.clone());
                    self.last_copied = Some(text);
                    self.notices
                        .info(format!("Copied the citation of {}", count(n, "record")));
                }
            }
            Command::Export => {
                // What is selected is what the archivist is looking at: one record
                // too (the whole list is one click away in the form).
                let selected = self
                    .session
                    .as_ref()
                    .is_some_and(|s| !s.selection().is_empty());
                self.open_export_form(if selected {
                    Scope::Selected
                } else {
                    Scope::Result
                });
            }
            Command::ExportSelected => self.open_export_form(Scope::Selected),
            Command::EditRecord => {
                if self.session.as_ref().and_then(Session::current).is_some() {
                    self.prefs.tab = Tab::Metadata;
                    self.editor.focus_field = Some(Field::Title);
                    self.editor.scroll_to_top = true;
                }
            }
            Command::ShowDocument => self.prefs.tab = Tab::Document,
            Command::ReadingLayout => {
                let current = self.session.as_ref().and_then(Session::current).is_some();
                if !self.reading() && !current {
                    self.prefs.reading = false;
                    self.notices
                        .info("Select a record to read it beside its scan");
                    return;
                }
                self.prefs.reading = !self.reading();
                if self.prefs.reading {
                    // Reading means the text beside its scan, the arrows on its pages.
                    self.prefs.tab = Tab::Document;
                    self.prefs.show_scan = true;
                    if let Some(id) = self.session.as_ref().and_then(|s| s.selection().current()) {
                        self.scan_view.read(id.clone());
                    }
                } else {
                    self.scroll_to_current = true;
                }
            }
            Command::ShowMetadata => self.prefs.tab = Tab::Metadata,
            Command::ShowHistory => {
                self.prefs.tab = Tab::History;
                self.vcs.history_field = None;
            }
            Command::Commit => self.start_commit_dialog(),
            Command::Sync => self.start_sync(ctx),
            Command::OpenFromServer => self.start_clone_dialog(),
            Command::CatalogSettings => {
                if let Some(session) = &self.session {
                    let mut form = super::super::settings_dialog::SettingsForm::of(
                        session.catalog().settings(),
                    );
                    form.cache = self.cache_summary();
                    self.dialog = Some(Dialog::CatalogSettings(form));
                }
            }
            Command::ShowValues => {
                self.dialog = Some(Dialog::Values(super::super::values::ValuesView::new(
                    Field::People,
                )));
            }
            Command::EditRecords => {
                let selected = self
                    .session
                    .as_ref()
                    .map_or(0, |s| s.scope_counts().selected);
                self.dialog = Some(Dialog::BulkEdit(Box::new(
                    super::super::bulk_dialog::BulkForm::new(selected),
                )));
            }
            Command::SetUpGit => self.set_up_git(),
            Command::ShowChangedSinceCommit => self.show_changed_since_commit(),
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
            Command::ShowNotices => self.dialog = Some(Dialog::Notices),
            Command::ToggleFolioChooser => self.prefs.folio_chooser = !self.prefs.folio_chooser,
            Command::ShowShortcuts => self.dialog = Some(Dialog::Shortcuts),
            Command::ShowAbout => self.dialog = Some(Dialog::About),
        }
    }

    fn undo_or_redo(&mut self, command: Command) {
        let Some(session) = &mut self.session else {
            return;
        };
        let verb = command.label().to_lowercase();
        let result = if command == Command::Undo {
            session.undo()
        } else {
            session.redo()
        };
        match result {
            Ok(true) => self.notices.info(format!("{}ne", command.label())),
            Ok(false) => self.notices.info(format!("Nothing to {verb}")),
            Err(e) => self.notices.error(format!("Could not {verb}: {e}")),
        }
    }

    /// Opens the system's file dialog, starting in the open catalog's folder.
    /// Asks for a path: with the system's dialog, or Folio's own chooser when
    /// preferred (or when the system has none: see `Action::PickUnavailable`).
    fn pick(&mut self, request: FileRequest) {
        if self.prefs.folio_chooser {
            self.open_chooser(request);
        } else {
            let start = self.session.as_ref().map(Session::path);
            self.background.pick(request, start);
        }
    }

    /// Opens Folio's file chooser, in the open catalog's folder (or the home folder).
    fn open_chooser(&mut self, request: FileRequest) {
        let folder = self
            .session
            .as_ref()
            .map(Session::path)
            .or_else(dirs::home_dir)
            .unwrap_or_else(|| PathBuf::from("."));
        self.chooser = Some(super::super::chooser::Chooser::new(request, &folder));
    }

    fn picked(&mut self, ctx: &Context, request: FileRequest, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match request {
            FileRequest::Open => self.guard_unsaved(ctx, AfterUnsaved::Open(first)),
            FileRequest::Create => self.guard_unsaved(ctx, AfterUnsaved::Create(first)),
            FileRequest::Import => self.import(&paths, false, false),
            FileRequest::Attach(id) => self.attach(&id, &paths),
            FileRequest::ExportFile(_) | FileRequest::ExportFolder(_) => {
                if let Some(Dialog::Export(form)) = &mut self.dialog {
                    form.destination = first.display().to_string();
                    // Not every chooser asks before replacing a file (Folio's own
                    // does not; some system dialogs do not): the form asks, at once.
                    form.replace_confirmed = false;
                    form.asking_to_replace =
                        matches!(request, FileRequest::ExportFile(_)) && first.is_file();
                    form.error = None;
                }
            }
        }
    }

    /// Opens a catalog folder in place of the one shown.
    fn save_search(&mut self, name: &str) {
        match self.session.as_mut().map(|s| s.save_search(name)) {
            Some(Ok(())) => {
                self.sidebar.saving_search = None;
                self.notices
                    .info(format!("Saved the search \"{name}\" in catalog.ron"));
            }
            Some(Err(e)) => self
                .notices
                .error(format!("Could not save the search: {e}")),
            None => {}
        }
    }
}

impl FolioApp {
    /// Writes the settings typed in the settings dialog to `catalog.ron`; the dialog
    /// stays open, saying why, when they cannot be written.
    fn save_catalog_settings(&mut self) {
        let (Some(Dialog::CatalogSettings(form)), Some(session)) =
            (&mut self.dialog, &mut self.session)
        else {
            return;
        };
        if form.problem().is_some() {
            return;
        }
        let typed = form.clone();
        match session.change_settings(|settings| typed.apply(settings)) {
            Ok(()) => {
                self.dialog = None;
                self.notices.info("Catalog settings saved.".to_owned());
            }
            Err(e) => form.error = Some(format!("The settings were not saved: {e}")),
        }
    }
}
