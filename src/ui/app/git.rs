//! The handler's helpers for git: the commit dialog and its commit, the offer to
//! set a catalog up for merges, and the records changed since the last commit.

use std::path::PathBuf;

use crate::session::Session;
use crate::words::count;

use super::super::commit_dialog::CommitForm;
use super::{Dialog, FolioApp};

impl FolioApp {
    /// File → Commit…: the form (what is typed in the editor was committed to the
    /// catalog before, as for every action that reads it).
    pub(super) fn start_commit_dialog(&mut self) {
        if self.session.is_some() {
            self.vcs.want_status();
            self.dialog = Some(Dialog::Commit(CommitForm::default()));
        }
    }

    /// Saves what is unsaved, then commits on git's thread.
    pub(super) fn commit(&mut self, message: String) {
        let Some(root) = self.session.as_ref().map(Session::path) else {
            return;
        };
        let dirty = self
            .session
            .as_ref()
            .is_some_and(|s| s.catalog().is_dirty());
        if dirty && !self.save() {
            self.commit_failed(
                "Not committed: some records could not be saved (see the messages); save them, then commit"
                    .to_owned(),
            );
            return;
        }
        self.vcs.start_commit(root, message);
    }

    /// The commit finished: say so and close the form, or show why in it.
    pub(super) fn committed(&mut self, result: Result<crate::vcs::CommitReport, String>) {
        match result {
            Ok(report) => {
                self.notices.info(format!(
                    "Committed {}: {} ({} in all)",
                    report.id,
                    count(report.records, "record"),
                    count(report.files, "file")
                ));
                if matches!(self.dialog, Some(Dialog::Commit(_))) {
                    self.dialog = None;
                }
                // The list's marks and the chip of changed records are out of date.
                if let Some(session) = &mut self.session
                    && session
                        .query()
                        .pinned
                        .as_ref()
                        .is_some_and(|p| p.label == CHANGED)
                {
                    session.unpin();
                }
            }
            Err(why) => self.commit_failed(format!("Not committed: {why}")),
        }
    }

    fn commit_failed(&mut self, why: String) {
        self.notices.warn(why.clone());
        if let Some(Dialog::Commit(form)) = &mut self.dialog {
            form.error = Some(why);
        }
    }

    /// A catalog in a git work tree without Folio's merge set-up was opened: ask
    /// once (not again after "Not now"), in a bar that waits for the answer.
    pub(super) fn offer_git_setup(&mut self, path: PathBuf) {
        let declined = self.prefs.git_setup_declined.contains(&path);
        let writable = self
            .session
            .as_ref()
            .is_some_and(|s| s.read_only().is_none() && s.path() == path);
        if !declined && writable {
            self.git_offer = Some(path);
        }
    }

    /// File → Set up for git…, or "Set up" in the offer.
    pub(super) fn set_up_git(&mut self) {
        self.git_offer = None;
        let Some(root) = self.session.as_ref().map(Session::path) else {
            return;
        };
        let program = match std::env::current_exe() {
            Ok(program) => program,
            Err(e) => {
                self.notices.error(format!(
                    "Not set up for git: cannot tell where Folio is ({e})"
                ));
                return;
            }
        };
        match crate::vcs::git_setup(&root, &program) {
            Ok(report) if report.files.is_empty() && report.driver.is_none() => self
                .notices
                .info("Already set up for git: record files merge field by field"),
            Ok(report) => self.notices.info(format!(
                "Set up for git: record files now merge field by field ({} written; commit them)",
                report
                    .files
                    .iter()
                    .filter_map(|f| f.file_name())
                    .map(|f| f.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Err(e) => self.notices.warn(format!("Not set up for git: {e}")),
        }
        self.vcs.want_status();
    }

    /// View → Changed since commit: the list narrows to the records whose files
    /// differ from the last commit (and those with unsaved changes).
    pub(super) fn show_changed_since_commit(&mut self) {
        let changed: Vec<_> = self.vcs.changed.iter().cloned().collect();
        if let Some(session) = &mut self.session {
            let mut ids: Vec<_> = changed
                .into_iter()
                .chain(session.catalog().dirty().iter().cloned())
                .filter(|id| session.catalog().contains(id))
                .collect();
            ids.sort();
            ids.dedup();
            if ids.is_empty() {
                self.notices.info("No record changed since the last commit");
                return;
            }
            session.pin(CHANGED, ids);
        }
    }
}

/// The chip of the records changed since the last commit.
const CHANGED: &str = "Changed since commit";
