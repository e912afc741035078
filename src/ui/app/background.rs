//! Work the window must never wait for: file dialogs and the font check on their own
//! threads, the running export, the folder watcher, and the journal's timing. Each
//! frame, [`Background::poll`] turns what they finished into [`Action`]s; a thread
//! that died is reported, never waited on.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use egui::Context;

use crate::session::{ExportJob, JournalTick, Session};
use crate::store::watch::FolderWatcher;

use super::action::{Action, FileRequest};

/// What a system file dialog answered, and how long it took.
type DialogAnswer = (Option<Vec<PathBuf>>, Duration);

/// A system file dialog that answers "nothing" faster than this was never shown.
const NO_DIALOG: Duration = Duration::from_millis(400);

/// The app's background work.
#[derive(Default)]
pub struct Background {
    file_dialog: Option<(FileRequest, Receiver<DialogAnswer>)>,
    font_check: Option<Receiver<Option<String>>>,
    /// The export running, if any.
    pub export: Option<ExportJob>,
    watch: Watch,
}

/// The watch on the open catalog's folder.
#[derive(Default)]
enum Watch {
    /// No catalog watched yet.
    #[default]
    None,
    /// Watching this folder.
    On(PathBuf, FolderWatcher),
    /// Watching this folder failed (said once; not tried again every frame).
    Failed(PathBuf),
}

impl Background {
    /// Starts the check for fonts covering Chinese, Japanese and Korean.
    pub fn check_fonts(&mut self) {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            // The window may have closed meanwhile: nobody to tell.
            let _ = tx.send(super::super::fonts::missing_scripts_notice());
        });
        self.font_check = Some(rx);
    }

    /// Opens the system's file dialog for `request` on its own thread (one at a time).
    pub fn pick(&mut self, request: FileRequest, start: Option<PathBuf>) {
        if self.file_dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let asked = request.clone();
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let picked = pick_with_rfd(&asked, start.as_deref());
            // The window may have closed meanwhile: nobody to tell.
            let _ = tx.send((picked, started.elapsed()));
        });
        self.file_dialog = Some((request, rx));
    }

    /// What finished since the last frame, as actions; also the font notice.
    pub fn poll(&mut self, ctx: &Context, session: Option<&Session>) -> (Vec<Action>, FontCheck) {
        let mut actions = Vec::new();
        if let Some((request, rx)) = &self.file_dialog {
            match rx.try_recv() {
                // No one cancels a dialog that fast: there was none to show (no portal).
                Ok((None, took)) if took < NO_DIALOG => {
                    actions.push(Action::PickUnavailable(request.clone()));
                    self.file_dialog = None;
                }
                Ok((paths, _)) => {
                    actions.push(Action::Picked(request.clone(), paths.unwrap_or_default()));
                    self.file_dialog = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    actions.push(Action::PickFailed(request.clone()));
                    self.file_dialog = None;
                }
            }
        }
        if let Some(job) = &self.export {
            match job.poll() {
                Some(result) => {
                    actions.push(Action::ExportFinished(result));
                    self.export = None;
                }
                // Keep the progress bar moving while the thread works.
                None => ctx.request_repaint_after(Duration::from_millis(100)),
            }
        }
        let mut font = FontCheck::Pending;
        if let Some(rx) = &self.font_check {
            match rx.try_recv() {
                Ok(notice) => {
                    font = FontCheck::Done(notice);
                    self.font_check = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    font = FontCheck::Done(Some(
                        "The check for Chinese, Japanese and Korean fonts stopped; such text may show as boxes".to_owned(),
                    ));
                    self.font_check = None;
                }
            }
        }
        self.follow(ctx, session, &mut actions);
        (actions, font)
    }

    /// Watches the open catalog's folder, and turns its changes into an action.
    fn follow(&mut self, ctx: &Context, session: Option<&Session>, actions: &mut Vec<Action>) {
        let Some(session) = session else {
            self.watch = Watch::None;
            return;
        };
        let root = session.path();
        let watched = match &self.watch {
            Watch::On(path, _) | Watch::Failed(path) => Some(path),
            Watch::None => None,
        };
        if watched != Some(&root) {
            let waker = ctx.clone();
            self.watch = match FolderWatcher::start(&root, move || waker.request_repaint()) {
                Ok(watcher) => Watch::On(root.clone(), watcher),
                Err(e) => {
                    actions.push(Action::WatchFailed(format!(
                        "Changes made to {} outside Folio will not be noticed while it is open ({e}); reopen it to see them",
                        root.display()
                    )));
                    Watch::Failed(root)
                }
            };
        }
        if let Watch::On(root, watcher) = &self.watch {
            match watcher.changed() {
                Some(changed) if !changed.is_empty() => {
                    actions.push(Action::FilesChanged(changed));
                }
                Some(_) => {}
                None => {
                    actions.push(Action::WatchFailed(format!(
                        "Folio stopped following changes made to {} outside it; reopen the catalog to see them",
                        root.display()
                    )));
                    self.watch = Watch::Failed(root.clone());
                }
            }
        }
    }

    /// Keeps the journal of unsaved edits, asking for the frame when its next write
    /// is due; returns a failure to say (once).
    pub fn keep_journal(ctx: &Context, session: &mut Session) -> Option<String> {
        match session.keep_journal() {
            JournalTick::WaitFor(delay) => {
                ctx.request_repaint_after(delay);
                None
            }
            JournalTick::Failed(why) => Some(why),
            JournalTick::Idle | JournalTick::Written => None,
        }
    }
}

/// What the font check found.
pub enum FontCheck {
    /// Still running, or already said.
    Pending,
    /// Finished: a notice about missing fonts, if any.
    Done(Option<String>),
}

/// Asks the system's file dialog (rfd) for what `request` needs.
fn pick_with_rfd(request: &FileRequest, start: Option<&Path>) -> Option<Vec<PathBuf>> {
    let mut dialog = rfd::FileDialog::new();
    if let Some(start) = start {
        dialog = dialog.set_directory(start);
    }
    match request {
        FileRequest::Open => dialog
            .set_title("Open a catalog folder")
            .pick_folder()
            .map(|p| vec![p]),
        FileRequest::Create => dialog
            .set_title("Folder for the new catalog")
            .pick_folder()
            .map(|p| vec![p]),
        FileRequest::Attach(_) => dialog
            .set_title("Attach files to the record")
            .add_filter(
                "Scans and documents",
                &["png", "jpg", "jpeg", "tif", "tiff", "webp", "pdf"],
            )
            .add_filter("Any file", &["*"])
            .pick_files(),
        FileRequest::Import => dialog
            .set_title("Import records")
            .add_filter(
                "Record pages, JSON exports and spreadsheets",
                &["txt", "json", "csv", "tsv", "xlsx"],
            )
            .pick_files(),
        FileRequest::ExportFile(path) => {
            if let Some(folder) = path.parent() {
                dialog = dialog.set_directory(folder);
            }
            if let Some(name) = path.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
            dialog.set_title("Export to").save_file().map(|p| vec![p])
        }
        FileRequest::ExportFolder(path) => {
            if let Some(folder) = path.parent() {
                dialog = dialog.set_directory(folder);
            }
            dialog
                .set_title("Folder for the exported catalog (new or empty)")
                .pick_folder()
                .map(|p| vec![p])
        }
    }
}
