//! Conflicts between unsaved edits and changes on disk: resolving, merging, and what
//! following the folder found.

use crate::model::RecordId;
use crate::session::{DiskReport, Resolution};
use crate::words::count;

use super::{Dialog, FolioApp};

impl FolioApp {
    pub(super) fn resolve_conflict(&mut self, id: &RecordId, resolution: Resolution) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.resolve(id, resolution) {
            Ok(saved) => {
                self.close_resolved_conflicts();
                match saved {
                    Some(report) => self.saved(&report),
                    None => self
                        .notices
                        .info(format!("Took the version on disk of {id}")),
                }
            }
            Err(e) => self
                .notices
                .error(format!("Could not resolve the conflict: {e}")),
        }
    }

    pub(super) fn merge_conflict(&mut self) {
        let (
            Some(Dialog::Conflicts {
                comparing: Some(comparison),
            }),
            Some(session),
        ) = (&self.dialog, &mut self.session)
        else {
            return;
        };
        match session.merge(comparison) {
            Ok(merged) => {
                self.close_resolved_conflicts();
                self.saved(&merged.save);
                if merged.save.is_complete() {
                    self.notices.info(format!(
                        "Merged {}: {} from the file on disk, the rest from Folio",
                        merged.id,
                        count(merged.from_theirs, "field")
                    ));
                }
            }
            Err(e) => self.notices.error(format!("Could not merge: {e}")),
        }
    }

    /// After a conflict is resolved: the dialog lists the rest, or closes.
    fn close_resolved_conflicts(&mut self) {
        let open = self
            .session
            .as_ref()
            .is_some_and(|s| !s.conflicts().is_empty());
        if let Some(Dialog::Conflicts { .. }) = &self.dialog {
            self.dialog = open.then_some(Dialog::Conflicts { comparing: None });
        }
    }

    pub(super) fn changed_on_disk(&mut self, report: DiskReport) {
        if report.reloaded > 0 {
            self.notices.info(format!(
                "Read {} changed outside Folio",
                count(report.reloaded, "file")
            ));
        }
        if let Some(first) = report.unreadable.first() {
            self.notices
                .warn(format!("Changed outside Folio and not readable: {first}"));
            self.prefs.show_problems = true;
        }
        if !report.conflicts.is_empty() {
            self.notices.warn(match report.conflicts.len() {
                1 => "A record with unsaved edits changed on disk: choose what to keep".to_owned(),
                n => format!("{n} records with unsaved edits changed on disk: choose what to keep"),
            });
            if !matches!(self.dialog, Some(Dialog::Conflicts { .. })) {
                self.dialog = Some(Dialog::Conflicts { comparing: None });
            }
        }
    }
}
