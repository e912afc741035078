//! The status bar: counts, indexing progress, unsaved changes, problems, and the
//! newest notice (a click shows the earlier ones).

use egui::RichText;

use crate::search::SortColumn;

use super::app::{Action, FolioApp};
use super::command::Command;
use super::notice::Level;
use crate::words::count;

/// Draws the status bar.
pub fn status_bar_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let Some(session) = app.session() else {
            ui.weak("No catalog open");
            notice_ui(ui, app, actions);
            return;
        };
        let query = session.query();
        let ranked = query.sort == SortColumn::Relevance && !query.text.trim().is_empty();
        ui.label(format!(
            "{} of {} records{}",
            session.view().ids.len(),
            session.catalog().len(),
            if ranked { ", best matches first" } else { "" }
        ));
        ui.separator();
        let hidden = session.hidden_selected().count();
        if hidden > 0 {
            ui.label(format!(
                "{} selected ({hidden} hidden by the search)",
                session.selection().len() - hidden
            ))
            .on_hover_text("Actions on the selection leave out the records the list hides");
        } else {
            ui.label(format!("{} selected", session.selection().len()));
        }
        if let Some((done, total)) = session.index_progress() {
            ui.separator();
            let fraction = done as f32 / total.max(1) as f32;
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(180.0)
                    .text(format!("Indexing {done} of {total}")),
            );
        }
        ui.separator();
        let dirty = session.catalog().dirty().len();
        if dirty > 0 {
            ui.label(format!("{dirty} unsaved"));
        } else {
            ui.weak("All saved");
        }
        ui.separator();
        let records_errors = session.error_count();
        let warnings =
            session.problems().len() + session.folder().load_errors().len() - records_errors;
        // A file git lists as unmerged is an error of the catalog as a whole.
        let errors = records_errors + app.vcs().unmerged().len();
        let text = format!("{}, {}", count(errors, "error"), count(warnings, "warning"));
        let text = if errors > 0 {
            RichText::new(text).color(ui.visuals().error_fg_color)
        } else {
            RichText::new(text)
        };
        if ui.link(text).on_hover_text("Show the problems").clicked() {
            actions.push(Action::Command(Command::ToggleProblems));
        }
        git_ui(ui, app, actions);
        notice_ui(ui, app, actions);
    });
}

/// The branch and where it stands, and the records changed since the last commit
/// (a click shows them); nothing outside git.
fn git_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    let Some(status) = &app.vcs().status else {
        return;
    };
    ui.separator();
    ui.label(status.describe_branch())
        .on_hover_text("The git branch, and how far it is from its upstream");
    let unmerged = app.vcs().unmerged();
    if !unmerged.is_empty() {
        let text = RichText::new(format!("{} unmerged", count(unmerged.len(), "file")))
            .color(ui.visuals().error_fg_color);
        let names: Vec<String> = unmerged
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        if ui
            .link(text)
            .on_hover_text(format!(
                "A git merge stopped on these files and is not finished: {}. The Problems panel says how to settle each.",
                names.join(", ")
            ))
            .clicked()
        {
            actions.push(Action::Command(Command::ToggleProblems));
        }
    }
    let changed = app.vcs().changed.len();
    let others = app.vcs().other_changes;
    if changed == 0 && others > 0 {
        // No record to list, but still something to commit (the settings, an
        // attachment, the git files written by Set up for git): the dialog names it.
        if ui
            .link(format!("{} to commit", count(others, "file")))
            .on_hover_text("No record changed, but other files of the catalog did: commit them")
            .clicked()
        {
            actions.push(Action::Command(Command::Commit));
        }
        return;
    }
    let text = if changed == 0 {
        "nothing to commit".to_owned()
    } else {
        format!("{changed} changed since commit")
    };
    if ui
        .link(text)
        .on_hover_text(
            "Show the records changed since the last commit (File > Commit… commits them)",
        )
        .clicked()
    {
        actions.push(Action::Command(Command::ShowChangedSinceCommit));
    }
}

/// The newest notice, coloured by its level; a click shows the earlier ones.
fn notice_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    // Short, and before the notice (which is cut to the room left): the whole
    // advice on hover.
    if let Some(fonts) = app.font_notice() {
        ui.separator();
        let short = fonts.split(':').next().unwrap_or(fonts);
        ui.colored_label(ui.visuals().warn_fg_color, short)
            .on_hover_text(fonts);
    }
    if let Some(notice) = app.notices().latest() {
        ui.separator();
        let color = match notice.level {
            Level::Info => ui.visuals().text_color(),
            Level::Warning => ui.visuals().warn_fg_color,
            Level::Error => ui.visuals().error_fg_color,
        };
        let response = ui
            .add(
                egui::Label::new(RichText::new(&notice.text).color(color))
                    .truncate()
                    .sense(egui::Sense::click()),
            )
            .on_hover_text("Click for the earlier messages");
        if response.clicked() {
            actions.push(Action::Command(Command::ShowNotices));
        }
    }
}
