//! The catalog in git, as the window shows it: the status (branch, upstream,
//! records changed since the last commit) and the history of the record shown are
//! read on their own threads; a commit runs on its own thread; the offer to set a
//! catalog up for git is checked once per catalog. Nothing here blocks a frame.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::Context;

use crate::model::{Field, RecordId};
use crate::vcs::history::{HistoryEntry, WordChange, around_changes, record_history};
use crate::vcs::{CommitReport, GitError, RepoStatus, SetupState};

use super::action::Action;

/// How often the status is read again while nothing asks for it (a commit made
/// in a terminal, a pull).
const STATUS_EVERY: Duration = Duration::from_secs(15);

/// Characters of unchanged text kept around each change of a long text.
const DIFF_CONTEXT: usize = 60;

/// A thread's single answer.
struct Job<T>(Receiver<T>);

impl<T: Send + 'static> Job<T> {
    fn spawn(work: impl FnOnce() -> T + Send + 'static) -> Self {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            // The window may have moved on: nobody to tell.
            let _ = tx.send(work());
        });
        Job(rx)
    }

    /// The answer when it came; `Some(Err(()))` when the thread died without one.
    fn poll(&self) -> Option<Result<T, ()>> {
        match self.0.try_recv() {
            Ok(answer) => Some(Ok(answer)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(())),
        }
    }
}

/// One step of a record's history, ready to draw: long texts' word diffs are cut
/// around their changes once, on the history's thread, not every frame.
#[derive(Debug, Clone)]
pub struct ShownEntry {
    /// The step.
    pub entry: HistoryEntry,
    /// For each change of the step, its word diff (long texts only).
    pub diffs: Vec<Option<Vec<WordChange>>>,
}

/// The history of the record shown.
#[derive(Debug, Clone, Default)]
pub enum HistoryState {
    /// Not asked for.
    #[default]
    Idle,
    /// Being read.
    Loading,
    /// Read: newest first.
    Ready(Vec<ShownEntry>),
    /// Not available, and why (not in git, git missing…).
    Failed(String),
}

/// What the window knows of the catalog's git.
#[derive(Default)]
pub struct VcsState {
    /// The catalog these answers are about.
    root: Option<PathBuf>,
    /// The last status read; `None` outside a work tree (or before the first read).
    pub status: Option<RepoStatus>,
    /// Why there is no status: not a work tree, git missing…
    pub unavailable: Option<String>,
    /// The records whose files changed since the last commit.
    pub changed: HashSet<RecordId>,
    /// The catalog's other files changed since the last commit (its settings,
    /// attachments, git files).
    pub other_changes: usize,
    status_job: Option<Job<Result<RepoStatus, GitError>>>,
    status_wanted: bool,
    status_read: Option<Instant>,
    /// Bumped whenever what git says may have changed: histories are read again.
    epoch: u64,
    /// The history of `history_of` at `history_epoch`.
    pub history: HistoryState,
    history_of: Option<(RecordId, u64)>,
    history_job: Option<Job<Result<Vec<ShownEntry>, String>>>,
    /// The field whose history is shown (`None`: every field).
    pub history_field: Option<Field>,
    commit_job: Option<Job<Result<CommitReport, String>>>,
    setup_job: Option<Job<Result<SetupState, GitError>>>,
}

impl VcsState {
    /// Reads the status again soon (after a save, a commit, a change on disk).
    pub fn want_status(&mut self) {
        self.status_wanted = true;
    }

    /// Whether a commit is running.
    pub fn committing(&self) -> bool {
        self.commit_job.is_some()
    }

    /// The catalog's files git lists as unmerged (a merge stopped on them).
    pub fn unmerged(&self) -> &[crate::vcs::Unmerged] {
        self.status.as_ref().map_or(&[], |s| s.unmerged.as_slice())
    }

    /// Whether the catalog is in a git work tree (as far as known).
    pub fn in_work_tree(&self) -> bool {
        self.status.is_some()
    }

    /// Commits the catalog at `root` with `message` on its own thread.
    pub fn start_commit(&mut self, root: PathBuf, message: String) {
        if self.commit_job.is_none() {
            self.commit_job = Some(Job::spawn(move || {
                crate::vcs::commit_catalog(&root, &message).map_err(|e| e.to_string())
            }));
        }
    }

    /// What finished since the last frame; starts what is due: the status, the
    /// history of `current` when `history_shown`, the set-up check of a catalog
    /// just opened.
    pub fn poll(
        &mut self,
        ctx: &Context,
        root: Option<&Path>,
        current: Option<&RecordId>,
        history_shown: bool,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.root.as_deref() != root {
            *self = VcsState {
                root: root.map(Path::to_owned),
                status_wanted: true,
                history_field: self.history_field,
                ..VcsState::default()
            };
            if let Some(root) = root {
                let root = root.to_owned();
                self.setup_job = Some(Job::spawn(move || crate::vcs::setup_state(&root)));
            }
        }
        let Some(root) = root else {
            return actions;
        };
        self.poll_status(root);
        self.poll_history(root, current, history_shown);
        if let Some(job) = &self.commit_job
            && let Some(answer) = job.poll()
        {
            self.commit_job = None;
            self.status_wanted = true;
            actions.push(Action::Committed(answer.unwrap_or_else(|()| {
                Err("the commit stopped without an answer".to_owned())
            })));
        }
        if let Some(job) = &self.setup_job
            && let Some(answer) = job.poll()
        {
            self.setup_job = None;
            // Outside a work tree, or git missing: nothing to offer.
            if let Ok(Ok(state)) = answer
                && !state.is_complete()
            {
                actions.push(Action::OfferGitSetup(root.to_owned()));
            }
        }
        let busy = self.status_job.is_some()
            || self.history_job.is_some()
            || self.commit_job.is_some()
            || self.setup_job.is_some();
        ctx.request_repaint_after(if busy {
            Duration::from_millis(100)
        } else {
            STATUS_EVERY
        });
        actions
    }

    fn poll_status(&mut self, root: &Path) {
        if let Some(job) = &self.status_job {
            let Some(answer) = job.poll() else {
                return;
            };
            self.status_job = None;
            self.status_read = Some(Instant::now());
            let status = match answer {
                Ok(Ok(status)) => Some(status),
                Ok(Err(e)) => {
                    self.unavailable = Some(e.to_string());
                    None
                }
                Err(()) => {
                    self.unavailable = Some("reading git's status stopped".to_owned());
                    None
                }
            };
            if status != self.status {
                self.changed = status
                    .iter()
                    .flat_map(RepoStatus::changed_records)
                    .map(|(id, _)| id)
                    .collect();
                self.other_changes = status
                    .as_ref()
                    .map_or(0, |s| s.changed.len().saturating_sub(self.changed.len()));
                self.status = status;
                self.epoch += 1;
            }
        }
        let due = self.status_read.is_none_or(|t| t.elapsed() >= STATUS_EVERY);
        // A status read during a commit would be out of date when it came.
        if self.status_job.is_none() && self.commit_job.is_none() && (self.status_wanted || due) {
            self.status_wanted = false;
            let root = root.to_owned();
            self.status_job = Some(Job::spawn(move || crate::vcs::status(&root)));
        }
    }

    fn poll_history(&mut self, root: &Path, current: Option<&RecordId>, shown: bool) {
        if let Some(job) = &self.history_job
            && let Some(answer) = job.poll()
        {
            self.history_job = None;
            self.history = match answer {
                Ok(Ok(entries)) => HistoryState::Ready(entries),
                Ok(Err(why)) => HistoryState::Failed(why),
                Err(()) => HistoryState::Failed("reading the history stopped".to_owned()),
            };
        }
        let (Some(id), true) = (current, shown) else {
            return;
        };
        let key = (id.clone(), self.epoch);
        if self.history_of.as_ref() == Some(&key) || self.history_job.is_some() {
            return;
        }
        self.history_of = Some(key);
        self.history = HistoryState::Loading;
        let file = root
            .join(crate::store::folder::RECORDS_DIR)
            .join(id.file_name());
        let root = root.to_owned();
        self.history_job = Some(Job::spawn(move || {
            record_history(&root, &file)
                .map(|entries| entries.into_iter().map(shown_entry).collect())
                .map_err(|e| e.to_string())
        }));
    }
}

fn shown_entry(entry: HistoryEntry) -> ShownEntry {
    let diffs = entry
        .changes
        .iter()
        .map(|c| c.word_diff().map(|d| around_changes(&d, DIFF_CONTEXT)))
        .collect();
    ShownEntry { entry, diffs }
}
