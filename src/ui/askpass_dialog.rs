//! Git's questions in Folio's own dialog: a user name, a password or a key's
//! passphrase (typed unseen), or a server's host key to trust.

use egui::{Context, RichText};

use crate::vcs::askpass::Question;

use super::app::{Action, PendingQuestion};

/// Draws the question over everything else.
pub fn question_ui(ctx: &Context, pending: &mut PendingQuestion, actions: &mut Vec<Action>) {
    egui::Modal::new(egui::Id::unique("askpass")).show(ctx, |ui| {
        ui.set_max_width(620.0);
        match &pending.question {
            Question::Confirm(prompt) => {
                ui.heading("Trust this server?");
                ui.label("Folio has never connected to this server. Check its key with the server's administrator before you trust it: a server you do not know could read what you send.");
                ui.add_space(4.0);
                ui.label(RichText::new(prompt.as_str()).monospace());
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    // The safe default: not trusting.
                    let refuse = ui.button("Don't connect");
                    if !pending.focused {
                        refuse.request_focus();
                        pending.focused = true;
                    }
                    if refuse.clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                        actions.push(Action::AnswerQuestion(Some("no".to_owned())));
                    }
                    if ui.button("Trust and connect").clicked() {
                        actions.push(Action::AnswerQuestion(Some("yes".to_owned())));
                    }
                });
            }
            Question::Secret(prompt) | Question::Text(prompt) => {
                let secret = matches!(pending.question, Question::Secret(_));
                ui.heading(if secret { "Password needed" } else { "User name needed" });
                let label = ui.label(prompt.trim_end_matches(':').trim());
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut pending.answer)
                            .password(secret)
                            .desired_width(360.0),
                    )
                    .labelled_by(label.id);
                if !pending.focused {
                    field.request_focus();
                    pending.focused = true;
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.weak("Folio does not keep it: git's credential helper may, if you set one up.");
                ui.horizontal(|ui| {
                    if ui.button(RichText::new("OK").strong()).clicked() || enter {
                        actions.push(Action::AnswerQuestion(Some(pending.answer.clone())));
                    }
                    if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                        actions.push(Action::AnswerQuestion(None));
                    }
                });
            }
        }
    });
}
