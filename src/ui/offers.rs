//! Offers and reports that wait beside the work instead of over it: the offer to
//! set a catalog up for git is a bar under the toolbar, and an import's report a
//! window the archivist closes when ready. Neither takes the keyboard, so Ctrl+N or
//! Ctrl+S typed while they show do what they always do.

use std::path::Path;

use super::app::{Action, ImportReportView};
use crate::words::count;

/// The bar offering to set the catalog at `path` up for git's merges.
pub fn git_offer_ui(ui: &mut egui::Ui, path: &Path, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("Set this catalog up for git?").strong());
        ui.label(
            "It is in a git repository: Folio can merge two edits of one record field by field, so that only the same field changed both ways is a conflict.",
        )
        .on_hover_text(format!(
            "{}: writes .gitignore and .gitattributes and registers Folio's merge driver in the repository's own configuration. File > Set up for git… does it later.",
            path.display()
        ));
        if ui.button("Set up").clicked() {
            actions.push(Action::SetUpGit);
        }
        if ui.button("Not now").clicked() {
            actions.push(Action::DeclineGitSetup(path.to_owned()));
        }
    });
}

/// The window with what an import did; `false` when it was closed.
pub fn import_report_ui(
    ctx: &egui::Context,
    report: &ImportReportView,
    actions: &mut Vec<Action>,
) -> bool {
    let mut open = true;
    let mut close = false;
    egui::Window::new("Import")
        .id(egui::Id::unique("import_report"))
        .open(&mut open)
        .collapsible(true)
        .resizable(true)
        .default_width(560.0)
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -40.0))
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for line in &report.lines {
                        if line.starts_with("    ") {
                            ui.weak(line.trim_start());
                        } else {
                            ui.label(line);
                        }
                    }
                });
            ui.horizontal(|ui| {
                let again = [
                    (
                        report.differs,
                        format!("Update {} from the pages", count(report.differs, "record")),
                        "Take the pages' values; notes, status, related records and attachments are kept",
                        (true, false),
                    ),
                    (
                        report.stale,
                        format!("Import {} anyway", count(report.stale, "changed record")),
                        "Replace the changes made here since the export with the file's values",
                        (false, true),
                    ),
                ];
                for (n, label, hint, (update, force)) in again {
                    if n > 0 && ui.button(label).on_hover_text(hint).clicked() {
                        actions.push(Action::ImportAgain { update, force });
                    }
                }
                if ui.button("Close").clicked() {
                    close = true;
                }
            });
        });
    open && !close
}
