//! File → Commit…: the records changed since the last commit, a message, and the
//! commit of the catalog's own files (on the app's thread for git).

use egui::RichText;

use crate::session::Session;
use crate::vcs::{FileState, RepoStatus};
use crate::words::count;

use super::app::Action;

/// The commit form's state.
#[derive(Debug, Clone, Default)]
pub struct CommitForm {
    /// The message typed.
    pub message: String,
    /// Why the last try failed (no identity, a hook…).
    pub error: Option<String>,
    /// Put the keyboard in the message once.
    pub focused: bool,
    /// Opened by Sync: the sync goes on after the commit.
    pub then_sync: bool,
}

/// The message field's id: the app gives it the keyboard in the frame the dialog
/// opens, so that what is typed while the dialog first draws reaches it.
pub fn message_id() -> egui::Id {
    egui::Id::unique("commit_message")
}

/// Draws the form; `running` while the commit runs.
pub fn commit_ui(
    ui: &mut egui::Ui,
    form: &mut CommitForm,
    session: &Session,
    status: Result<&RepoStatus, &str>,
    running: bool,
    actions: &mut Vec<Action>,
) {
    ui.set_min_width(520.0);
    ui.heading(if form.then_sync {
        "Commit your changes, then sync"
    } else {
        "Commit the catalog"
    });
    let status = match status {
        Ok(status) => status,
        Err(why) => {
            ui.label(format!("Folio cannot commit this catalog: {why}."));
            ui.weak("To version it, install git, run `git init` in its folder (or a folder above), then File > Set up for git….");
            if ui.button("Close").clicked() {
                actions.push(Action::CloseDialog);
            }
            return;
        }
    };
    ui.weak(format!("On {}", status.describe_branch()));
    let unsaved = session.catalog().dirty().len();
    let records = status.changed_records();
    let others = status.changed.len() - records.len();
    if records.is_empty() && others == 0 && unsaved == 0 {
        ui.label("Nothing changed since the last commit.");
    } else {
        ui.label(changed_heading(records.len(), others));
        egui::ScrollArea::vertical()
            .max_height(220.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (id, state) in &records {
                    let title = session.catalog().get(id).map_or("", |r| r.title.as_str());
                    match state {
                        FileState::Modified => ui.label(format!("{id} — {title}")),
                        other => ui.label(format!("{id} ({}) — {title}", other.word())),
                    };
                }
                for file in status
                    .changed
                    .iter()
                    .filter(|f| crate::vcs::record_of(&f.path).is_none())
                {
                    ui.weak(format!("{} ({})", file.path.display(), file.state.word()));
                }
            });
        if unsaved > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} with unsaved changes will be saved first.",
                    count(unsaved, "record")
                ),
            );
        }
    }
    ui.add_space(6.0);
    let label = ui.label("Message");
    let edit = egui::TextEdit::multiline(&mut form.message)
        .id(message_id())
        .desired_rows(3)
        .desired_width(f32::INFINITY)
        .hint_text("What changed, in a line (then details if needed)");
    let response = ui.add_enabled(!running, edit).labelled_by(label.id);
    // Enter is a new line in the message: Ctrl+Enter commits.
    let ctrl_enter = response.has_focus()
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
    if !form.focused {
        response.request_focus();
        form.focused = true;
    }
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error.as_str());
    }
    ui.weak("Only the catalog's own files are committed, with your git name and email.");
    ui.horizontal(|ui| {
        let can = !running && !form.message.trim().is_empty();
        let button = ui
            .add_enabled(
                can,
                egui::Button::new(
                    RichText::new(if form.then_sync {
                        "Commit and sync"
                    } else {
                        "Commit"
                    })
                    .strong(),
                ),
            )
            .on_hover_text("Ctrl+Enter in the message");
        if button.clicked() || (can && ctrl_enter) {
            actions.push(Action::Commit(form.message.clone()));
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
        if running {
            ui.spinner();
            ui.weak("Committing…");
        }
    });
}

/// What changed since the last commit, in words: the records, and the catalog's
/// other files when there are any.
fn changed_heading(records: usize, others: usize) -> String {
    match (records, others) {
        // Only unsaved edits, which the commit saves first.
        (0, 0) => "No file of the catalog changed on disk since the last commit.".to_owned(),
        (_, 0) => format!(
            "{} changed since the last commit:",
            count(records, "record")
        ),
        (0, _) => format!(
            "No record changed since the last commit, but {} of the catalog did:",
            count(others, "other file")
        ),
        _ => format!(
            "{} and {} changed since the last commit:",
            count(records, "record"),
            count(others, "other file")
        ),
    }
}
