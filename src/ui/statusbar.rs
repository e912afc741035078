//! The status bar and the problems panel.

use egui::RichText;

use crate::model::Severity;

use super::app::{Action, FolioApp};
use super::command::Command;
use super::editor::field_label;

/// Draws the status bar: counts, unsaved changes, problems, the last result.
pub fn status_bar_ui(ui: &mut egui::Ui, app: &mut FolioApp, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let Some(session) = &mut app.session else {
            ui.weak("No catalog open");
            return;
        };
        let ranked = app.query.sort == crate::search::SortColumn::Relevance
            && !app.query.text.trim().is_empty();
        ui.label(format!(
            "{} of {} records{}",
            app.view.ids.len(),
            session.catalog.len(),
            if ranked { ", best matches first" } else { "" }
        ));
        ui.separator();
        ui.label(format!("{} selected", app.selection.len()));
        if let Some((done, total)) = session.index.progress() {
            ui.separator();
            let fraction = done as f32 / total.max(1) as f32;
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(180.0)
                    .text(format!("Indexing {done} of {total}")),
            );
        }
        ui.separator();
        let dirty = session.catalog.dirty().len();
        if dirty > 0 {
            ui.label(format!("{dirty} unsaved"));
        } else {
            ui.weak("All saved");
        }
        ui.separator();
        let unreadable = session.folder.load_errors().len();
        let problems = session.problems();
        let errors = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
            + unreadable;
        let warnings = problems.len() + unreadable - errors;
        let text = format!("{errors} errors, {warnings} warnings");
        let text = if errors > 0 {
            RichText::new(text).color(ui.visuals().error_fg_color)
        } else {
            RichText::new(text)
        };
        if ui.link(text).on_hover_text("Show the problems").clicked() {
            actions.push(Action::Command(Command::ToggleProblems));
        }
        if !app.status.is_empty() {
            ui.separator();
            ui.label(&app.status);
        }
        if let Some(notice) = &app.font_notice {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, notice);
        }
    });
}

/// The problems panel: every validation problem, sortable; a click shows the field.
pub fn problems_ui(ui: &mut egui::Ui, app: &mut FolioApp, actions: &mut Vec<Action>) {
    let Some(session) = &mut app.session else {
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
    let load_errors = session.folder.load_errors().len();
    let total = load_errors + session.problems().len();
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
                if let Some(error) = session.folder.load_errors().get(row) {
                    ui.horizontal(|ui| {
                        ui.colored_label(ui.visuals().error_fg_color, "unreadable");
                        ui.label(error.to_string());
                    });
                    continue;
                }
                let Some(problem) = session.problem_at(row - load_errors, !sort_by_id) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let (text, color) = match problem.severity {
                        Severity::Error => ("error", ui.visuals().error_fg_color),
                        Severity::Warning => ("warning", ui.visuals().warn_fg_color),
                    };
                    ui.colored_label(color, text);
                    let field = problem.field.map(field_label).unwrap_or("");
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
