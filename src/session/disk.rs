//! Following changes made to the catalog folder outside Folio (a `git pull`, another
//! editor): records without unsaved edits are reloaded, added or removed; the others
//! become conflicts for the user to resolve.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::store::folder::SETTINGS_FILE;
use crate::store::{Conflict, Refresh};

use super::Session;

/// What following the changed files did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskReport {
    /// Records (or the settings) read again, added or removed.
    pub reloaded: usize,
    /// Files that changed and could not be read (with the reason).
    pub unreadable: Vec<String>,
    /// Records with unsaved edits whose file changed: now open conflicts.
    pub conflicts: Vec<Conflict>,
}

impl DiskReport {
    /// Whether anything happened.
    pub fn is_empty(&self) -> bool {
        self.reloaded == 0 && self.unreadable.is_empty() && self.conflicts.is_empty()
    }
}

impl Session {
    /// Brings the catalog in step with files that changed on disk (from the folder
    /// watcher).
    pub fn follow_changes(&mut self, changed: BTreeSet<PathBuf>) -> DiskReport {
        let mut report = DiskReport::default();
        for path in changed {
            if path.file_name().is_some_and(|n| n == SETTINGS_FILE) {
                match self.folder.refresh_settings(&mut self.catalog) {
                    Ok(true) => report.reloaded += 1,
                    Ok(false) => {}
                    Err(e) => report.unreadable.push(e.to_string()),
                }
                continue;
            }
            match self.folder.refresh_file(&mut self.catalog, &path) {
                Refresh::Unchanged => {}
                Refresh::Reloaded(_) | Refresh::Added(_) | Refresh::Removed(_) => {
                    report.reloaded += 1
                }
                Refresh::Conflict(c) => {
                    if !self.conflicts.iter().any(|open| open.id == c.id) {
                        self.conflicts.push(c.clone());
                    }
                    report.conflicts.push(c);
                }
                Refresh::Unreadable(e) => report.unreadable.push(e.to_string()),
            }
        }
        self.forget_missing();
        report
    }
}
