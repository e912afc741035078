//! The handler's helpers for the bulk edit form: its preview, planned on its own
//! thread, and applying it.

use crate::words::count;

use crate::import::csv::RowOutcome;

use super::super::bulk_dialog::PlanJob;
use super::super::csv_import_dialog::CsvImportForm;
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
pub type BulkPlanJob = Option<PlanJob<crate::bulk::BulkPlan>>;

impl FolioApp {
    /// Opens the spreadsheet import on the CSV file `path`: its preview is planned
    /// at once.
    pub(super) fn open_csv_import(&mut self, path: &std::path::Path) {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.notices
                    .error(format!("Could not read {}: {e}", path.display()));
                return;
            }
        };
        self.dialog = Some(Dialog::CsvImport(Box::new(CsvImportForm::new(
            path.to_owned(),
            bytes,
        ))));
        self.plan_csv_import();
    }

    /// Plans the spreadsheet import as its form says, for the preview.
    pub(super) fn plan_csv_import(&mut self) {
        if let (Some(Dialog::CsvImport(form)), Some(session)) = (&mut self.dialog, &self.session) {
            self.csv_plan = Some(form.start_plan(session));
        }
    }

    /// Shows the spreadsheet import's plan when it is made.
    pub(super) fn poll_csv_plan(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.csv_plan else {
            return;
        };
        let Some(plan) = job.poll() else {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return;
        };
        let generation = job.generation;
        self.csv_plan = None;
        if let Some(Dialog::CsvImport(form)) = &mut self.dialog
            && form.planning
        {
            form.planning = false;
            form.planned_at = Some(generation);
            form.set_preview(plan);
        }
    }

    /// Imports what the preview shows, as one edit (one undo step), if the catalog
    /// is as it was when it was planned (else plans again); the records it created
    /// or changed are then listed alone, under a chip.
    pub(super) fn apply_csv_import(&mut self) {
        let (Some(Dialog::CsvImport(form)), Some(session)) = (&mut self.dialog, &mut self.session)
        else {
            return;
        };
        if form.planned_at != Some(session.catalog().generation()) {
            self.notices
                .warn("The records changed since the preview: look at it again, then apply");
            self.csv_plan = Some(form.start_plan(session));
            return;
        }
        if !form.ready() {
            return;
        }
        let Some(Ok(plan)) = &form.preview else {
            return;
        };
        let Some(edit) = plan.edit() else {
            return;
        };
        let (created, updated, left_out) = (plan.created(), plan.updated(), plan.refused());
        let imported: Vec<_> = plan
            .rows
            .iter()
            .filter(|r| {
                matches!(
                    r.outcome,
                    RowOutcome::Created { .. } | RowOutcome::Updated { .. }
                )
            })
            .filter_map(|r| r.id.clone())
            .collect();
        match session.apply(edit) {
            Ok(()) => {
                let left_out = if left_out == 0 {
                    String::new()
                } else {
                    format!("; {} left out", count(left_out, "row"))
                };
                self.notices.info(format!(
                    "Imported the spreadsheet: {created} created, {updated} updated (one step: Undo takes them back){left_out}"
                ));
                session.pin("Just imported", imported);
                self.sidebar.text.clear();
                self.scroll_to_current = true;
                self.dialog = None;
            }
            Err(e) => self.notices.error(format!("Nothing imported: {e}")),
        }
    }
}
