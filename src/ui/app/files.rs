//! Opening, creating and saving catalogs, the unsaved-changes guard, and importing.

use std::path::{Path, PathBuf};

use egui::{Context, ViewportCommand};

use crate::import::{ImportOptions, Outcome};
use crate::session::{ImportLine, ImportReport, Session};
use crate::store::{Catalog, CatalogFolder, SaveReport, StoreError};
use crate::words::count;

use super::{AfterUnsaved, Dialog, FolioApp, PreviewState, UnsavedAnswer};

impl FolioApp {
    pub(super) fn open(&mut self, path: &Path) {
        // Reopening the catalog shown: let go of it (and its lock) first.
        let same = |s: &Session| {
            let (a, b) = (s.path().canonicalize(), path.canonicalize());
            a.is_ok() && a.ok() == b.ok()
        };
        if self.session.as_ref().is_some_and(same) {
            self.session = None;
        }
        if self.open_in_background {
            // The window stays alive with a progress bar; the catalog shown (its
            // unsaved changes were settled before) makes way for the one opening.
            self.session = None;
            let progress = std::sync::Arc::new(crate::store::OpenProgress::default());
            let opening = Session::open_in_background(path, &self.options, progress.clone());
            // The saved index is up to date with the files long before a large
            // catalog is read: its list is shown meanwhile.
            let preview = PreviewState::Loading(opening.preview);
            self.show_opening(path, progress, opening.answer, preview);
            return;
        }
        let opened = Session::open(path, &self.options);
        self.opened(path, opened);
    }

    /// Shows the catalog at `path` opening: `progress` counts the files read,
    /// `answer` brings the catalog, `preview` its list meanwhile (what
    /// [`FolioApp::open_catalog`] does after [`FolioApp::open_in_background`]; a test
    /// gives its own answer and preview).
    pub fn show_opening(
        &mut self,
        path: &Path,
        progress: std::sync::Arc<crate::store::OpenProgress>,
        answer: std::sync::mpsc::Receiver<Result<(CatalogFolder, Catalog), StoreError>>,
        mut preview: PreviewState,
    ) {
        self.session = None;
        self.open_error = None;
        if let PreviewState::Ready(preview) = &mut preview {
            preview.set_column_sort(self.prefs.sort, self.prefs.ascending);
        }
        self.opening = Some(super::Opening {
            path: path.to_owned(),
            progress,
            answer,
            started: std::time::Instant::now(),
            preview,
        });
    }

    /// A catalog opening on another thread: its list from the saved index, and the
    /// catalog when it came.
    pub(super) fn poll_opening(&mut self, ctx: &Context) {
        if self.opening.is_none() {
            return;
        }
        let sort = (self.prefs.sort, self.prefs.ascending);
        // Words typed in the search box before there was a list to search.
        let typed = self.sidebar.text.clone();
        let Some(opening) = &mut self.opening else {
            return;
        };
        if let PreviewState::Loading(receiver) = &opening.preview {
            match receiver.try_recv() {
                Ok(Some(mut preview)) => {
                    preview.set_column_sort(sort.0, sort.1);
                    if !typed.trim().is_empty() {
                        preview.set_search(&typed);
                    }
                    opening.preview = PreviewState::Ready(Box::new(preview));
                }
                Ok(None) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    opening.preview = PreviewState::None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
        }
        match opening.answer.try_recv() {
            Ok(answer) => {
                let path = opening.path.clone();
                let preview = match std::mem::replace(&mut opening.preview, PreviewState::None) {
                    PreviewState::Ready(preview) => Some(*preview),
                    // Still loading: the catalog came first (a small one), and loads
                    // its index as usual.
                    _ => None,
                };
                self.opening = None;
                let handed_over = preview.is_some();
                let opened = answer.map(|(folder, catalog)| {
                    let mut session =
                        Session::from_opened_with(folder, catalog, &self.options, preview);
                    if handed_over {
                        // The index browsed meanwhile, brought up to date with the
                        // records as read: a fraction of a second, where the list
                        // would otherwise be searched by scanning every record.
                        session.wait_for_index();
                    } else if !typed.trim().is_empty() {
                        session.set_search(&typed);
                    }
                    session
                });
                let search = opened
                    .as_ref()
                    .ok()
                    .map(|s| s.query().text.clone())
                    .unwrap_or_default();
                self.opened(&path, opened);
                self.sidebar.text = search;
                self.scroll_to_current = handed_over;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                let path = opening.path.clone();
                self.opening = None;
                self.open_error = Some("the open stopped on an internal error".to_owned());
                self.notices.error(format!(
                    "Could not open {}: the open stopped on an internal error",
                    path.display()
                ));
            }
        }
    }

    /// What opening the catalog at `path` gave: the session shown, or why not.
    fn opened(&mut self, path: &Path, opened: Result<Session, StoreError>) {
        match opened {
            Ok(session) => self.set_session(session),
            Err(StoreError::Locked(holder)) => {
                self.notices.warn(format!(
                    "{} is open in another Folio ({holder})",
                    path.display()
                ));
                self.dialog = Some(Dialog::OpenElsewhere {
                    path: path.to_owned(),
                    holder: holder.to_string(),
                });
            }
            Err(e) => {
                self.open_error = Some(e.to_string());
                self.notices
                    .error(format!("Could not open {}: {e}", path.display()));
            }
        }
    }

    pub(super) fn open_read_only(&mut self) {
        let Some(Dialog::OpenElsewhere { path, holder }) = self.dialog.take() else {
            return;
        };
        match Session::open_read_only(&path, &holder, &self.options) {
            Ok(session) => {
                self.set_session(session);
                self.notices.info(format!(
                    "Opened read-only: another Folio has this catalog open ({holder})"
                ));
            }
            Err(e) => self
                .notices
                .error(format!("Could not open {}: {e}", path.display())),
        }
    }

    pub(super) fn set_session(&mut self, mut session: Session) {
        self.prefs.opened(session.path());
        session.set_column_sort(self.prefs.sort, self.prefs.ascending);
        let opened = session.open_report();
        let offer = session.journal_offer();
        self.session = Some(session);
        self.open_error = None;
        self.editor = Default::default();
        self.sidebar = Default::default();
        self.find = None;
        self.text_index = 0;
        let mut text = format!(
            "Opened {} record{}",
            crate::words::number(opened.loaded),
            crate::words::plural(opened.loaded)
        );
        if opened.unreadable > 0 {
            text.push_str(&format!(
                "; {} could not be read (see Problems)",
                count(opened.unreadable, "file")
            ));
            self.prefs.show_problems = true;
        }
        if opened.leftovers > 0 {
            text.push_str(&format!(
                "; found {} of an interrupted save (never read as records; old ones removed)",
                count(opened.leftovers, "temporary file")
            ));
        }
        if opened.unreadable > 0 {
            self.notices.warn(text);
        } else {
            self.notices.info(text);
        }
        match offer {
            Ok(Some(offer)) => {
                let lines = offer
                    .changes
                    .iter()
                    .map(|(id, change)| format!("{id}: {}", describe_change(change)))
                    .collect();
                self.dialog = Some(Dialog::RestoreJournal {
                    written: offer
                        .written
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    lines,
                });
            }
            Ok(None) => {}
            Err(why) => self.notices.warn(why),
        }
        // Records a git merge stopped on: choose now (the journal's offer first).
        let stopped = self.session.as_ref().map_or(0, |s| s.conflicts().len());
        if stopped > 0 {
            self.notices.warn(format!(
                "A git merge stopped on {}: choose a version of each field (Show both)",
                count(stopped, "record")
            ));
            if self.dialog.is_none() {
                self.dialog = Some(Dialog::Conflicts { comparing: None });
            }
        }
    }

    /// Saves; returns true when everything was saved.
    pub(super) fn save(&mut self) -> bool {
        if self.remote.syncing() {
            // Git is writing record files: a save now could be written over by
            // the merge's checkout. It waits the few seconds a sync takes.
            self.remote.save_after_sync = true;
            self.notices
                .info("A sync is running: your changes are saved as soon as it ends");
            return false;
        }
        let Some(session) = &mut self.session else {
            return true;
        };
        let report = match session.save() {
            Ok(report) => report,
            Err(e) => {
                self.notices.error(format!("Not saved: {e}"));
                return false;
            }
        };
        self.saved(&report);
        self.vcs.want_status();
        report.is_complete()
    }

    /// Says what a save did, and shows the conflicts it found.
    pub(super) fn saved(&mut self, report: &SaveReport) {
        let time = chrono::Local::now().format("%H:%M");
        let n = report.written.len() + report.removed.len();
        let text = if n == 0 && report.failed.is_empty() {
            format!("Nothing to save at {time}: every change was already saved")
        } else {
            format!("Saved {} at {time}", count(n, "record"))
        };
        for (field, why) in self.editor.invalid_drafts() {
            self.notices.warn(format!(
                "{field} holds a value that was not saved because it is invalid: {why}"
            ));
        }
        for (id, error) in &report.failed {
            self.notices.error(format!("Could not save {id}: {error}"));
        }
        if !report.held_back.is_empty() {
            let n = report.held_back.len();
            self.notices.error(format!(
                "{} of the same save {} not saved either: nothing of it was written, and the edits stay unsaved",
                count(n, "other record"),
                if n == 1 { "was" } else { "were" }
            ));
        }
        if !report.dropped_empty.is_empty() {
            self.notices.info(match report.dropped_empty.len() {
                1 => "The new record was left empty: dropped (Undo brings it back)".to_owned(),
                n => format!("{n} new records were left empty: dropped (Undo brings them back)"),
            });
        }
        if let Some(first) = report.untitled.first() {
            let others = report.untitled.len() - 1;
            self.notices.error(format!(
                "Not saved: {first}{} has no title. Type one in its Title field, then save again",
                match others {
                    0 => String::new(),
                    n => format!(" (and {})", count(n, "other record")),
                }
            ));
            // The title to type: the record shown, or the first of them.
            if let Some(session) = &mut self.session {
                if session.selection().current() != Some(first) {
                    session.select(first.clone(), crate::session::Pick::Only);
                    self.scroll_to_current = true;
                }
                self.prefs.tab = crate::ui::Tab::Metadata;
                self.editor.focus_field = Some(crate::model::Field::Title);
            }
        }
        if !report.conflicts.is_empty() {
            self.notices.warn(match report.conflicts.len() {
                1 => "A record changed on disk: not saved".to_owned(),
                n => format!("{n} records changed on disk: not saved"),
            });
            self.dialog = Some(Dialog::Conflicts { comparing: None });
        } else if report.failed.is_empty()
            && report.held_back.is_empty()
            && report.untitled.is_empty()
            && !self.editor.has_invalid_drafts()
            // "Dropped" said it all.
            && (n != 0 || report.dropped_empty.is_empty())
        {
            self.notices.info(text);
        }
    }

    pub(super) fn guard_unsaved(&mut self, ctx: &Context, after: AfterUnsaved) {
        if self
            .session
            .as_ref()
            .is_some_and(|s| s.catalog().is_dirty())
        {
            self.dialog = Some(Dialog::Unsaved(after));
        } else {
            self.continue_after_unsaved(ctx, after);
        }
    }

    pub(super) fn answer_unsaved(&mut self, ctx: &Context, answer: UnsavedAnswer) {
        let Some(Dialog::Unsaved(after)) = self.dialog.take() else {
            return;
        };
        match answer {
            UnsavedAnswer::Cancel => {}
            UnsavedAnswer::Save => {
                if self.save() {
                    self.continue_after_unsaved(ctx, after);
                }
            }
            UnsavedAnswer::Discard => {
                self.with_session(Session::discard_journal);
                self.continue_after_unsaved(ctx, after);
            }
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
                match Session::create(&path, &name, &self.options) {
                    Ok(session) => self.set_session(session),
                    Err(e) => self
                        .notices
                        .error(format!("Could not create a catalog: {e}")),
                }
            }
        }
    }

    /// Imports files; pages imported before are left as they are unless `update`,
    /// JSON records changed since their export unless `force` (the import dialog
    /// offers both again, for what it found).
    pub(super) fn import(&mut self, paths: &[PathBuf], update: bool, force: bool) {
        if paths.iter().any(|p| crate::import::csv::is_spreadsheet(p)) {
            match paths {
                [csv] => self.open_csv_import(csv),
                _ => self
                    .notices
                    .warn("Import a spreadsheet on its own: choose the CSV file alone"),
            }
            return;
        }
        let Some(session) = &mut self.session else {
            return;
        };
        let options = ImportOptions {
            format: None,
            update,
            force,
        };
        match session.import(paths, options) {
            Ok(report) => {
                let created = report.count(Outcome::Created);
                let updated = report.count(Outcome::Updated);
                let differs = report.count(Outcome::Differs);
                let stale = report.count(Outcome::Stale);
                let mut text = format!("Imported: {created} created, {updated} updated");
                if differs + stale > 0 {
                    text.push_str(&format!(
                        "; {} left as {} (see the report)",
                        count(differs + stale, "record"),
                        if differs + stale == 1 {
                            "it was"
                        } else {
                            "they were"
                        }
                    ));
                }
                if report.has_problems() {
                    text.push_str("; some files were not imported");
                    self.notices.warn(text);
                } else {
                    self.notices.info(text);
                }
                // The records the import brought, selected and in the list alone,
                // under a chip that shows every record again.
                let changed = report.changed_records();
                if !changed.is_empty() {
                    session.pin("Just imported", changed);
                    self.sidebar.text.clear();
                    self.scroll_to_current = true;
                }
                self.import_report = Some(super::ImportReportView {
                    lines: import_lines(&report),
                    paths: paths.to_vec(),
                    differs,
                    stale,
                });
            }
            Err(e) => self.notices.error(format!("Nothing imported: {e}")),
        }
    }
}

/// The import dialog's lines: one per record, notes indented beneath.
fn import_lines(report: &ImportReport) -> Vec<String> {
    let mut lines = Vec::new();
    for line in &report.lines {
        match line {
            ImportLine::Record {
                outcome,
                id,
                file,
                notes,
                fields,
                ..
            } => {
                let name = file_name(file);
                let fields = fields
                    .iter()
                    .map(|f| f.label())
                    .collect::<Vec<_>>()
                    .join(", ");
                lines.push(match outcome {
                    Outcome::Created => format!("Created {id} (from {name})"),
                    Outcome::Updated => format!("Updated {id} (from {name}): {fields}"),
                    Outcome::Unchanged => format!("Unchanged {id} (from {name})"),
                    Outcome::Differs => format!(
                        "Left as it is: {id}, which differs from its page {name} in: {fields}"
                    ),
                    Outcome::Stale => format!(
                        "Not imported: {id} changed here since {name} was exported ({fields} would change)"
                    ),
                });
                lines.extend(notes.iter().map(|n| format!("    {n}")));
            }
            ImportLine::NotImported { file, id, reason } => match id {
                Some(id) => lines.push(format!("{}: {id} not imported: {reason}", file_name(file))),
                None => lines.push(format!("{}: {reason}", file_name(file))),
            },
        }
    }
    lines
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What restoring the journal changes in one record, in words.
fn describe_change(change: &crate::store::journal::JournalChange) -> String {
    use crate::store::journal::JournalChange;
    match change {
        JournalChange::Added => "a new record".to_owned(),
        JournalChange::Deleted => "deleted".to_owned(),
        JournalChange::Fields(fields) => fields
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl FolioApp {
    /// Copies `paths` into the catalog's `attachments/<id>/` and lists them on the
    /// record (one undo step), saying what was copied and what could not be.
    pub(super) fn attach(&mut self, id: &crate::model::RecordId, paths: &[PathBuf]) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.attach(id, paths) {
            Ok(lines) => {
                let mut added = 0;
                let mut problems = Vec::new();
                for line in lines {
                    match line.outcome {
                        Ok(
                            crate::session::AttachOutcome::Copied(_)
                            | crate::session::AttachOutcome::Reused(_),
                        ) => added += 1,
                        Ok(crate::session::AttachOutcome::AlreadyAttached(a)) => {
                            problems.push(format!("{} is attached already", a.path));
                        }
                        Err(e) => problems.push(e.to_string()),
                    }
                }
                let mut text = format!("Attached {} to {id}", count(added, "file"));
                if problems.is_empty() {
                    self.notices.info(text);
                } else {
                    text.push_str(&format!("; {}", problems.join("; ")));
                    self.notices.warn(text);
                }
            }
            Err(e) => self.notices.error(format!("Nothing attached: {e}")),
        }
    }
}
