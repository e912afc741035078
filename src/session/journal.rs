//! Keeping the journal of unsaved edits (see [`crate::store::journal`]): written
//! within a second of each edit, removed once nothing is unsaved, offered after a
//! crash; and the in-memory copy the panic hook writes ([`super::rescue`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::model::RecordId;
use crate::store::Edit;
use crate::store::journal::{Journal, JournalChange, JournalOptions};

use super::{Session, SessionError, rescue};

/// How soon after an edit the journal is written, at the latest.
const JOURNAL_DELAY: Duration = Duration::from_secs(1);

/// The journal's state for one open catalog.
#[derive(Debug)]
pub(super) struct JournalKeeper {
    /// The journal file (`None`: no journal is kept).
    file: Option<PathBuf>,
    /// The catalog generation it holds.
    generation: u64,
    /// A journal file exists for the open catalog.
    written: bool,
    last_write: Option<Instant>,
    /// A write failed (reported once, until one succeeds).
    failed: bool,
    /// The catalog generation of the copy kept for the panic hook.
    rescued: Option<u64>,
}

impl JournalKeeper {
    pub(super) fn new(options: Option<&JournalOptions>, root: &Path) -> Self {
        JournalKeeper {
            // The name comes from the canonical path (a system call per folder
            // level): found once per catalog, not at every write.
            file: options.map(|o| o.file_for(root)),
            generation: 0,
            written: false,
            last_write: None,
            failed: false,
            rescued: None,
        }
    }
}

/// What keeping the journal did this time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalTick {
    /// Nothing to do.
    Idle,
    /// Unsaved edits wait to be written: ask again after this long.
    WaitFor(Duration),
    /// The journal was written (or removed, nothing being unsaved).
    Written,
    /// Writing failed (said once, until a write succeeds again).
    Failed(String),
}

/// Unsaved edits a session that ended without saving left in the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalOffer {
    /// When they were last written.
    pub written: DateTime<Utc>,
    /// What restoring them would change, record by record.
    pub changes: Vec<(RecordId, JournalChange)>,
}

impl Session {
    /// Keeps the journal in step with the unsaved edits: called often (every frame
    /// of the app), it writes at most once a second, and keeps the panic hook's copy
    /// after every change.
    pub fn keep_journal(&mut self) -> JournalTick {
        let keeper = &mut self.journal;
        let Some(path) = keeper.file.clone() else {
            return JournalTick::Idle;
        };
        let generation = self.catalog.generation();
        if !self.catalog.is_dirty() {
            rescue::clear();
            keeper.rescued = None;
            keeper.generation = generation;
            if keeper.written {
                keeper.written = false;
                // Gone already is as good as removed.
                let _ = std::fs::remove_file(&path);
                return JournalTick::Written;
            }
            return JournalTick::Idle;
        }
        if keeper.rescued != Some(generation) {
            rescue::keep(path.clone(), Journal::of(self.folder.root(), &self.catalog));
            keeper.rescued = Some(generation);
        }
        if generation == keeper.generation && keeper.written {
            return JournalTick::Idle;
        }
        if let Some(since) = keeper.last_write.map(|t| t.elapsed())
            && since < JOURNAL_DELAY
        {
            return JournalTick::WaitFor(JOURNAL_DELAY - since);
        }
        keeper.last_write = Some(Instant::now());
        match Journal::of(self.folder.root(), &self.catalog).write(&path) {
            Ok(()) => {
                keeper.written = true;
                keeper.generation = generation;
                keeper.failed = false;
                JournalTick::Written
            }
            Err(e) if !keeper.failed => {
                keeper.failed = true;
                JournalTick::Failed(format!(
                    "could not write the journal of unsaved edits ({}): {e}; save often",
                    path.display()
                ))
            }
            Err(_) => JournalTick::Idle,
        }
    }

    /// The unsaved edits a crash left in the journal, if any differ from the catalog
    /// (a journal that holds nothing new is removed). `Err` names a journal that
    /// cannot be read; it is left where it is, for a person to look at.
    pub fn journal_offer(&self) -> Result<Option<JournalOffer>, String> {
        let Some(path) = &self.journal.file else {
            return Ok(None);
        };
        if !path.exists() {
            return Ok(None);
        }
        let Some(journal) = Journal::read(path) else {
            return Err(format!(
                "a journal of unsaved edits could not be read; it is kept at {}",
                path.display()
            ));
        };
        let changes = journal.changes(&self.catalog);
        if changes.is_empty() {
            let _ = std::fs::remove_file(path);
            return Ok(None);
        }
        Ok(Some(JournalOffer {
            written: journal.written,
            changes,
        }))
    }

    /// Brings back the journal's edits, unsaved, as one undo step; returns how many
    /// records they change.
    pub fn restore_journal(&mut self) -> Result<usize, SessionError> {
        let Some(path) = &self.journal.file else {
            return Ok(0);
        };
        let Some(edit) = Journal::read(path).and_then(|j| j.restore_edit(&self.catalog)) else {
            return Ok(0);
        };
        let n = match &edit {
            Edit::Batch(edits) => edits.len(),
            _ => 1,
        };
        self.apply_admitted(edit)?;
        // The journal now holds this session's unsaved edits: saving removes it.
        self.journal.written = true;
        Ok(n)
    }

    /// Removes the journal (its edits were discarded, or the user chose not to
    /// restore them).
    pub fn discard_journal(&mut self) {
        if let Some(path) = &self.journal.file {
            // Gone already is as good as removed.
            let _ = std::fs::remove_file(path);
        }
        self.journal.written = false;
        self.journal.last_write = None;
    }
}
