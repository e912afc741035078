//! The catalog's server, as the window sees it: Sync (on its own thread, step by
//! step), a fetch in the background that keeps the counts to pull and push
//! current, Open from a server… (a clone with its progress), and git's questions
//! (a password, a host key) answered in Folio's own dialog.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use egui::Context;

use crate::session::Session;
use crate::vcs::Network;
use crate::vcs::askpass::{AskpassServer, Question};
use crate::vcs::sync::{self, SyncError, SyncOutcome, SyncReport, SyncStep};
use crate::words::count;

use super::super::clone_dialog::CloneForm;
use super::{Dialog, FolioApp};

/// How often the server is asked what is new while the window is open.
const FETCH_EVERY: Duration = Duration::from_secs(5 * 60);

/// A question git asks, waiting for the archivist's answer.
pub struct PendingQuestion {
    /// What git asks.
    pub question: Question,
    /// What is typed.
    pub answer: String,
    /// The keyboard was put in the answer.
    pub focused: bool,
    reply: Sender<Option<String>>,
}

impl PendingQuestion {
    /// Gives git the answer (`None`: cancelled).
    fn reply(self, answer: Option<String>) {
        // Git may have given up meanwhile: nobody to tell.
        let _ = self.reply.send(answer);
    }
}

/// What a sync's thread says as it goes.
enum SyncMessage {
    Step(SyncStep),
    Progress(String),
    Done(Result<SyncOutcome, SyncError>),
}

/// What a clone's thread says as it goes.
enum CloneMessage {
    Progress(String),
    Done(Result<PathBuf, String>),
}

/// What the window knows of the catalog's server.
#[derive(Default)]
pub struct RemoteState {
    root: Option<PathBuf>,
    sync_job: Option<Receiver<SyncMessage>>,
    /// The step the running sync is at.
    pub step: Option<String>,
    /// Git's last progress line (`Receiving objects: 45%`).
    pub progress: Option<String>,
    /// Save was asked for while the sync ran: it is done when the sync ends.
    pub save_after_sync: bool,
    /// A merge stopped on conflicts: the sync goes on once they are resolved.
    pub waiting_on_conflicts: bool,
    fetch_job: Option<Receiver<Result<bool, SyncError>>>,
    fetched: Option<Instant>,
    /// Whether the last fetch in the background reached the server.
    pub offline: Option<String>,
    /// The catalog has a server (known after the first fetch).
    pub has_server: bool,
    /// When the catalog last synced completely.
    pub last_sync: Option<DateTime<Utc>>,
    clone_job: Option<(Receiver<CloneMessage>, Arc<AtomicBool>)>,
    askpass: Option<AskpassServer>,
    questions: Option<Receiver<(Question, Sender<Option<String>>)>>,
    /// What the archivist answered during the sync or clone running, so that one
    /// sync asks once, not once per git command (fetch, push…); forgotten when it
    /// ends: Folio stores no password.
    answered: Arc<Mutex<std::collections::HashMap<String, String>>>,
    /// The question shown now.
    pub question: Option<PendingQuestion>,
}

impl RemoteState {
    /// Whether a sync runs.
    pub fn syncing(&self) -> bool {
        self.sync_job.is_some()
    }

    /// Whether a clone runs.
    pub fn cloning(&self) -> bool {
        self.clone_job.is_some()
    }

    /// Git's questions go to the window's dialog (started the first time a
    /// command asks); without it, git is told it cannot ask.
    fn network(&mut self, ctx: &Context) -> Network {
        if self.askpass.is_none()
            && let Ok(program) = std::env::current_exe()
        {
            let (tx, rx) = channel();
            let tx = Mutex::new(tx);
            let ctx = ctx.clone();
            let answered = self.answered.clone();
            let answerer: crate::vcs::askpass::Answerer = Arc::new(move |question| {
                let remembered = !matches!(question, Question::Confirm(_));
                let prompt = question.prompt().to_owned();
                if remembered
                    && let Some(answer) = answered.lock().ok().and_then(|a| a.get(&prompt).cloned())
                {
                    return Some(answer);
                }
                let (reply, answer) = channel::<Option<String>>();
                let sent = tx
                    .lock()
                    .ok()
                    .is_some_and(|tx| tx.send((question, reply)).is_ok());
                if !sent {
                    return None;
                }
                ctx.request_repaint();
                let answer: Option<String> = answer.recv().ok().flatten();
                if remembered && let (Some(text), Ok(mut answered)) = (&answer, answered.lock()) {
                    answered.insert(prompt, text.clone());
                }
                answer
            });
            if let Ok(server) = AskpassServer::start(&program, answerer) {
                self.askpass = Some(server);
                self.questions = Some(rx);
            }
        }
        Network {
            env: self
                .askpass
                .as_ref()
                .map(AskpassServer::env)
                .unwrap_or_default(),
            ..Network::default()
        }
    }

    /// Forgets what was answered for the sync or clone that ended.
    fn forget_answers(&self) {
        if let Ok(mut answered) = self.answered.lock() {
            answered.clear();
        }
    }

    /// Answers the question shown (`None`: cancelled).
    pub fn answer(&mut self, answer: Option<String>) {
        if let Some(question) = self.question.take() {
            question.reply(answer);
        }
    }
}

impl FolioApp {
    /// What finished since the last frame, and what is due (the fetch in the
    /// background, the next question to show).
    pub(super) fn poll_remote(&mut self, ctx: &Context) {
        let root = self.session.as_ref().map(Session::path);
        if self.remote.root != root {
            let askpass = self.remote.askpass.take();
            let questions = self.remote.questions.take();
            let clone_job = self.remote.clone_job.take();
            let answered = self.remote.answered.clone();
            self.remote = RemoteState {
                root: root.clone(),
                askpass,
                questions,
                clone_job,
                answered,
                last_sync: root.as_deref().and_then(sync::last_sync),
                ..RemoteState::default()
            };
        }
        if self.remote.question.is_none()
            && let Some(rx) = &self.remote.questions
            && let Ok((question, reply)) = rx.try_recv()
        {
            self.remote.question = Some(PendingQuestion {
                question,
                answer: String::new(),
                focused: false,
                reply,
            });
        }
        self.poll_sync(ctx);
        self.poll_clone(ctx);
        self.poll_fetch(ctx);
        // The merge stopped on conflicts; once the archivist settled them all,
        // the sync commits the merge and sends it.
        let settled = self
            .session
            .as_ref()
            .is_some_and(|s| s.conflicts().is_empty() && !s.catalog().is_dirty());
        if self.remote.waiting_on_conflicts && settled && self.dialog.is_none() {
            self.remote.waiting_on_conflicts = false;
            self.notices
                .info("Every conflict is settled: syncing goes on");
            self.start_sync(ctx);
        }
    }

    fn poll_fetch(&mut self, ctx: &Context) {
        if let Some(job) = &self.remote.fetch_job {
            match job.try_recv() {
                Ok(answer) => {
                    self.remote.fetch_job = None;
                    self.remote.fetched = Some(Instant::now());
                    match answer {
                        Ok(has_server) => {
                            self.remote.has_server = has_server;
                            self.remote.offline = None;
                        }
                        // Only a server out of reach is "offline"; one that wants
                        // a password is asked by Sync, never in the background.
                        Err(e) if e.is_unreachable() => {
                            self.remote.has_server = true;
                            self.remote.offline = Some(e.to_string());
                        }
                        Err(_) => self.remote.has_server = true,
                    }
                    self.vcs.want_status();
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.remote.fetch_job = None,
            }
        }
        let due = self
            .remote
            .fetched
            .is_none_or(|t| t.elapsed() >= FETCH_EVERY);
        let Some(root) = self.remote.root.clone() else {
            return;
        };
        if due
            && self.remote.fetch_job.is_none()
            && self.remote.sync_job.is_none()
            && self.vcs.status.as_ref().is_some_and(|s| s.branch.is_some())
        {
            // Never a dialog for a fetch nobody asked for: credential helpers and
            // ssh-agent only, and quietly nothing when they cannot answer.
            let (tx, rx) = channel();
            std::thread::spawn(move || {
                let _ = tx.send(sync::fetch(&root, &Network::default()));
            });
            self.remote.fetch_job = Some(rx);
            self.remote.fetched = Some(Instant::now());
        }
        ctx.request_repaint_after(FETCH_EVERY);
    }

    /// File → Sync (the toolbar's Sync, Ctrl+Shift+Y): save, then fetch, merge
    /// and push on the sync's thread; changes not committed yet open the commit
    /// dialog first.
    pub(super) fn start_sync(&mut self, ctx: &Context) {
        let Some(session) = &self.session else {
            return;
        };
        if session.read_only().is_some() {
            self.notices
                .warn("Not synced: this catalog is open read-only (another Folio has it)");
            return;
        }
        if self.remote.syncing() {
            self.notices
                .info("A sync is running: its progress is in the status bar");
            return;
        }
        let root = session.path();
        if session.catalog().is_dirty() && !self.save() {
            self.notices.warn(
                "Not synced: some records could not be saved (see the messages); save them, then sync",
            );
            return;
        }
        let network = self.remote.network(ctx);
        let Ok(program) = std::env::current_exe() else {
            self.notices
                .error("Not synced: cannot tell where Folio is (for git's merge driver)");
            return;
        };
        let (tx, rx) = channel();
        let network = Network {
            progress: Some(progress_to(tx.clone(), ctx, SyncMessage::Progress)),
            ..network
        };
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let step_tx = Mutex::new(tx.clone());
            let outcome = sync::sync(&root, &program, &network, &|step| {
                if let Ok(tx) = step_tx.lock() {
                    let _ = tx.send(SyncMessage::Step(step));
                }
                repaint.request_repaint();
            });
            let _ = tx.send(SyncMessage::Done(outcome));
            repaint.request_repaint();
        });
        self.remote.sync_job = Some(rx);
        self.remote.step = Some("Starting".to_owned());
        self.remote.progress = None;
        self.remote.waiting_on_conflicts = false;
    }

    fn poll_sync(&mut self, ctx: &Context) {
        let Some(job) = &self.remote.sync_job else {
            return;
        };
        let mut done = None;
        while let Ok(message) = job.try_recv() {
            match message {
                SyncMessage::Step(step) => {
                    self.remote.step = Some(step.describe());
                    self.remote.progress = None;
                }
                SyncMessage::Progress(line) => self.remote.progress = Some(line),
                SyncMessage::Done(outcome) => done = Some(outcome),
            }
        }
        ctx.request_repaint_after(Duration::from_millis(100));
        let Some(outcome) = done else {
            return;
        };
        self.remote.sync_job = None;
        self.remote.forget_answers();
        self.remote.step = None;
        self.remote.progress = None;
        self.remote.fetched = Some(Instant::now());
        self.vcs.want_status();
        if let Ok(SyncOutcome::Synced(report) | SyncOutcome::Conflicts { report, .. }) = &outcome
            && let Some(recovered) = &report.recovered
        {
            self.notices.warn(format!(
                "An earlier sync stopped while merging left {} half written: put back and merged again (their state then is kept in {})",
                count(recovered.files, "file"),
                recovered.kept_in.display()
            ));
        }
        match outcome {
            Ok(SyncOutcome::Synced(report)) => {
                self.remote.has_server = true;
                self.remote.offline = None;
                self.remote.last_sync = Some(Utc::now());
                self.follow_pull(&report);
                self.notices.info(match report.describe() {
                    Some(what) => format!("Synced: {what}"),
                    None => "Synced: already in step with the server".to_owned(),
                });
            }
            Ok(SyncOutcome::Conflicts { report, conflicts }) => {
                self.remote.has_server = true;
                self.follow_pull(&report);
                let root = self.remote.root.clone().unwrap_or_default();
                let changed: BTreeSet<PathBuf> =
                    conflicts.iter().map(|c| root.join(&c.path)).collect();
                if let Some(session) = &mut self.session {
                    let disk = session.follow_changes(changed);
                    self.changed_on_disk(disk);
                }
                let files = conflicts.iter().filter(|c| c.sides.is_some()).count();
                self.notices.warn(format!(
                    "Sync stopped: {} changed both here and on the server; choose what to keep, and the sync goes on",
                    count(conflicts.len(), "record")
                ));
                self.remote.waiting_on_conflicts = true;
                if files > 0 || !matches!(self.dialog, Some(Dialog::Conflicts { .. })) {
                    self.dialog = Some(Dialog::SyncConflicts(conflicts));
                }
            }
            Err(SyncError::Uncommitted(what)) => {
                self.notices.info(format!(
                    "{what} changed since the last commit: commit, then the sync goes on"
                ));
                self.start_commit_dialog();
                if let Some(Dialog::Commit(form)) = &mut self.dialog {
                    form.then_sync = true;
                }
            }
            Err(e) if e.is_unreachable() => {
                self.remote.offline = Some(e.to_string());
                self.notices.warn(format!("Not synced: {e}"));
            }
            Err(e) => self.notices.warn(format!("Not synced: {e}")),
        }
        // After the pull was read: an edit of a record it changed is a conflict
        // to choose from, never written over it.
        if std::mem::take(&mut self.remote.save_after_sync) {
            self.save();
        }
    }

    /// Records the pull changed are read again at once (the watcher would see them
    /// a moment later); unsaved edits of them become conflicts, as for any change
    /// on disk.
    fn follow_pull(&mut self, report: &SyncReport) {
        let Some(root) = self.remote.root.clone() else {
            return;
        };
        if report.changed_files.is_empty() {
            return;
        }
        let changed: BTreeSet<PathBuf> =
            report.changed_files.iter().map(|p| root.join(p)).collect();
        if let Some(session) = &mut self.session {
            let disk = session.follow_changes(changed);
            self.changed_on_disk(disk);
        }
    }

    /// The commit Sync asked for is made (`then_sync`): the sync goes on.
    pub(super) fn committed_for_sync(&mut self, ctx: &Context, then_sync: bool) {
        if then_sync {
            self.start_sync(ctx);
        }
    }

    /// A file deleted on one side: keep it or delete it, as the sync's dialog asks.
    pub(super) fn settle_sync_conflict(&mut self, path: PathBuf, side: sync::Side) {
        let Some(root) = self.remote.root.clone() else {
            return;
        };
        match sync::resolve(&root, &path, side, &[]) {
            Ok(_) => {
                if let Some(session) = &mut self.session {
                    let disk = session.follow_changes(BTreeSet::from([root.join(&path)]));
                    self.changed_on_disk(disk);
                }
                if let Some(Dialog::SyncConflicts(list)) = &mut self.dialog {
                    list.retain(|c| c.path != path);
                    if list.is_empty() {
                        self.dialog = None;
                    }
                }
            }
            Err(e) => self.notices.error(format!("Not settled: {e}")),
        }
        self.vcs.want_status();
    }

    /// File → Open from a server…: the form.
    pub(super) fn start_clone_dialog(&mut self) {
        let parent = self
            .session
            .as_ref()
            .and_then(|s| s.path().parent().map(Path::to_owned))
            .or_else(dirs::document_dir)
            .or_else(dirs::home_dir)
            .unwrap_or_default();
        self.dialog = Some(Dialog::Clone(CloneForm::new(parent)));
    }

    /// Clones on its own thread, the form showing git's progress.
    pub(super) fn start_clone(&mut self, ctx: &Context, url: String, dir: PathBuf) {
        if self.remote.cloning() {
            return;
        }
        let Ok(program) = std::env::current_exe() else {
            self.notices.error("Not cloned: cannot tell where Folio is");
            return;
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let network = Network {
            progress: Some(progress_to(tx.clone(), ctx, CloneMessage::Progress)),
            cancel: Some(cancel.clone()),
            ..self.remote.network(ctx)
        };
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let result = sync::clone_catalog(&url, &dir, &program, &network)
                .map(|report| report.catalog)
                .map_err(|e| e.to_string());
            let _ = tx.send(CloneMessage::Done(result));
            repaint.request_repaint();
        });
        self.remote.clone_job = Some((rx, cancel));
        if let Some(Dialog::Clone(form)) = &mut self.dialog {
            form.error = None;
            form.progress = Some("Connecting".to_owned());
        }
    }

    /// Stops the clone running (its folder is removed).
    pub(super) fn cancel_clone(&mut self) {
        if let Some((_, cancel)) = &self.remote.clone_job {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    fn poll_clone(&mut self, ctx: &Context) {
        let Some((job, _)) = &self.remote.clone_job else {
            return;
        };
        let mut done = None;
        let mut last = None;
        while let Ok(message) = job.try_recv() {
            match message {
                CloneMessage::Progress(line) => last = Some(line),
                CloneMessage::Done(result) => done = Some(result),
            }
        }
        if let (Some(line), Some(Dialog::Clone(form))) = (last, &mut self.dialog) {
            form.progress = Some(line);
        }
        ctx.request_repaint_after(Duration::from_millis(100));
        let Some(result) = done else {
            return;
        };
        self.remote.clone_job = None;
        self.remote.forget_answers();
        match result {
            Ok(catalog) => {
                if matches!(self.dialog, Some(Dialog::Clone(_))) {
                    self.dialog = None;
                }
                self.notices.info(format!(
                    "Cloned into {}: set up for Folio's merges",
                    catalog.display()
                ));
                self.open_catalog_after_clone(ctx, catalog);
            }
            Err(why) => {
                if let Some(Dialog::Clone(form)) = &mut self.dialog {
                    form.progress = None;
                    form.error = Some(why.clone());
                }
                self.notices.warn(format!("Not cloned: {why}"));
            }
        }
    }

    fn open_catalog_after_clone(&mut self, ctx: &Context, catalog: PathBuf) {
        self.handle(ctx, super::Action::OpenCatalog(catalog));
    }
}

/// Git's progress lines sent to the window's thread as `message`s, each asking for
/// a frame to show it.
fn progress_to<M: Send + 'static>(
    tx: Sender<M>,
    ctx: &Context,
    message: fn(String) -> M,
) -> crate::vcs::ProgressSink {
    let tx = Mutex::new(tx);
    let repaint = ctx.clone();
    Arc::new(move |line: &str| {
        if let Ok(tx) = tx.lock() {
            let _ = tx.send(message(line.to_owned()));
        }
        repaint.request_repaint();
    })
}
