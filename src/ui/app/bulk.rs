//! The handler's helpers for the bulk edit form: its preview, and applying it.

use crate::words::count;

use super::{Dialog, FolioApp};

impl FolioApp {
    /// Plans the form's change over its records, for the preview.
    pub(super) fn preview_bulk(&mut self) {
        if let (Some(Dialog::BulkEdit(form)), Some(session)) = (&mut self.dialog, &self.session) {
            let plan = form.plan(session);
            form.set_preview(plan);
        }
    }

    /// Applies the change previewed, as one edit (one undo step). It is planned
    /// again first: if the records changed since the preview (a change on disk
    /// followed meanwhile), the new preview is shown instead of applying.
    pub(super) fn apply_bulk(&mut self) {
        let (Some(Dialog::BulkEdit(form)), Some(session)) = (&mut self.dialog, &mut self.session)
        else {
            return;
        };
        let now = form.plan(session);
        let same = match (&now, &form.preview) {
            (Ok(now), Some(Ok(shown))) => {
                now.changes == shown.changes && now.refused == shown.refused
            }
            _ => false,
        };
        if !same {
            form.set_preview(now);
            self.notices
                .warn("The records changed since the preview: look at it again, then apply");
            return;
        }
        let Ok(plan) = now else {
            return;
        };
        if !plan.refused.is_empty() && !form.skip_invalid {
            return;
        }
        let Some(edit) = plan.edit() else {
            return;
        };
        match session.apply(edit) {
            Ok(()) => {
                let left_out = if plan.refused.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} left out (would become invalid)",
                        count(plan.refused.len(), "record")
                    )
                };
                self.notices.info(format!(
                    "Changed {} in {} (one step: Undo takes them back){left_out}",
                    count(plan.changes.len(), "field"),
                    count(plan.records(), "record")
                ));
                self.dialog = None;
            }
            Err(e) => self.notices.error(format!("Not changed: {e}")),
        }
    }
}
