//! The problems panel: every validation problem, unreadable file and file a git
//! merge left unresolved, sortable; a click shows the record and the field
//! concerned.

use crate::model::{Field, Severity};
use crate::session::Session;
use crate::vcs::Unmerged;

use super::app::Action;

/// The problems panel: every validation problem, sortable; a click shows the field.
pub fn problems_ui(
    ui: &mut egui::Ui,
    session: Option<&Session>,
    unmerged: &[Unmerged],
    actions: &mut Vec<Action>,
) {
    let Some(session) = session else {
        return;
    };
    let sort_by_id = ui.memory(|m| {
        m.data
            .get_temp::<bool>(egui::Id::unique("problems_by_id"))
            .unwrap_or(false)
    });
    ui.horizontal(|ui| {
        ui.strong("Problems");
        ui.weak("Sort by:");
        if ui.selectable_label(!sort_by_id, "severity").clicked() {
            ui.memory_mut(|m| {
                m.data
                    .insert_temp(egui::Id::unique("problems_by_id"), false)
            });
        }
        if ui.selectable_label(sort_by_id, "record").clicked() {
            ui.memory_mut(|m| m.data.insert_temp(egui::Id::unique("problems_by_id"), true));
        }
    });
    let load_errors = session.folder().load_errors().len();
    let files = load_errors + unmerged.len();
    let total = files + session.problems().len();
    if total == 0 {
        ui.weak("No problems.");
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    // Only the rows on screen are drawn: a big catalog can have many warnings.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, total, |ui, rows| {
            for row in rows {
                if let Some(error) = session.folder().load_errors().get(row) {
                    ui.horizontal(|ui| {
                        ui.colored_label(ui.visuals().error_fg_color, "unreadable");
                        ui.label(error.to_string());
                    });
                    continue;
                }
                if let Some(file) = row.checked_sub(load_errors).and_then(|i| unmerged.get(i)) {
                    ui.horizontal(|ui| {
                        ui.colored_label(ui.visuals().error_fg_color, "unmerged");
                        ui.label(file.path.display().to_string());
                        ui.label(file.summary()).on_hover_text(file.describe());
                    });
                    continue;
                }
                let Some(problem) = session.problem_at(row - files, !sort_by_id) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let (text, color) = match problem.severity {
                        Severity::Error => ("error", ui.visuals().error_fg_color),
                        Severity::Warning => ("warning", ui.visuals().warn_fg_color),
                    };
                    ui.colored_label(color, text);
                    let field = problem.field.map(Field::label).unwrap_or("");
                    let link = ui.link(format!("{} · {field}", problem.record_id));
                    ui.label(&problem.message);
                    if link.clicked() {
                        actions.push(Action::ShowProblem(
                            problem.record_id.clone(),
                            problem.field,
                        ));
                    }
                });
            }
        });
}
