//! The handler's helpers for the bulk edit form: its preview, planned on its own
//! thread, and applying it.

use crate::words::count;

use super::super::bulk_dialog::PlanJob;
use super::{Dialog, FolioApp};

impl FolioApp {
    /// Starts planning the form's change over its records, for the preview.
    pub(super) fn preview_bulk(&mut self) {
        if let (Some(Dialog::BulkEdit(form)), Some(session)) = (&mut self.dialog, &self.session) {
            self.bulk_plan = form.start_plan(session);
        }
    }

    /// Shows the plan when it is made (each frame while it is being made).
    pub(super) fn poll_bulk_plan(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.bulk_plan else {
            return;
        };
        let Some(plan) = job.poll() else {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return;
        };
        let generation = job.generation;
        self.bulk_plan = None;
        // Only a form still waiting for it takes it (not one changed or opened since).
        if let Some(Dialog::BulkEdit(form)) = &mut self.dialog
            && form.planning
        {
            form.planning = false;
            form.planned_at = Some(generation);
            form.set_preview(plan);
        }
    }

    /// Applies the change previewed, as one edit (one undo step), if the catalog
    /// is as it was when the preview was planned; otherwise plans it again and
    /// shows the new preview instead.
    pub(super) fn apply_bulk(&mut self) {
        let (Some(Dialog::BulkEdit(form)), Some(session)) = (&mut self.dialog, &mut self.session)
        else {
            return;
        };
        if form.planned_at != Some(session.catalog().generation()) {
            self.notices
                .warn("The records changed since the preview: look at it again, then apply");
            self.bulk_plan = form.start_plan(session);
            return;
        }
        let Some(Ok(plan)) = &form.preview else {
            return;
        };
        if !plan.refused.is_empty() && !form.skip_invalid {
            return;
        }
        let Some(edit) = plan.edit() else {
            return;
        };
        let (fields, records, left_out) = (plan.changes.len(), plan.records(), plan.refused.len());
        match session.apply(edit) {
            Ok(()) => {
                let left_out = if left_out == 0 {
                    String::new()
                } else {
                    format!(
                        "; {} left out (would become invalid)",
                        count(left_out, "record")
                    )
                };
                self.notices.info(format!(
                    "Changed {} in {} (one step: Undo takes them back){left_out}",
                    count(fields, "field"),
                    count(records, "record")
                ));
                self.dialog = None;
            }
            Err(e) => self.notices.error(format!("Not changed: {e}")),
        }
    }
}

/// The plan of the bulk edit form being made, if any.
pub type BulkPlanJob = Option<PlanJob>;
