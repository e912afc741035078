//! The record pane when several records are selected: how many, the values they
//! share, what can be done with them, and their titles to show one of them.

use egui::RichText;

use crate::model::RecordId;
use crate::session::{Pick, Session, SharedValue};

use super::app::Action;
use super::command::Command;

/// How many titles the pane lists (the rest are counted).
const TITLES_SHOWN: usize = 50;

/// The shared values, computed when the selection or the catalog changes (never
/// every frame: a selection can be the whole catalog).
#[derive(Default)]
pub struct SelectionSummary {
    key: Option<(u64, u64, usize)>,
    visible: Vec<RecordId>,
    hidden: usize,
    shared: Vec<SharedValue>,
}

impl SelectionSummary {
    fn update(&mut self, session: &Session) {
        let hidden = session.hidden_selected().count();
        let key = (
            session.catalog().generation(),
            session.selection().revision(),
            hidden,
        );
        if self.key != Some(key) {
            self.visible = session.visible_selection();
            self.hidden = hidden;
            self.shared = session.selection_shared();
            self.key = Some(key);
        }
    }
}

/// Draws the pane for a selection of several records.
pub fn selection_ui(
    ui: &mut egui::Ui,
    session: &Session,
    summary: &mut SelectionSummary,
    actions: &mut Vec<Action>,
) {
    summary.update(session);
    let (visible, hidden) = (&summary.visible, summary.hidden);
    ui.add_space(8.0);
    ui.heading(format!("{} records selected", visible.len()));
    if hidden > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("and {hidden} the search hides (left out of what you do with the selection)"),
        );
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        for command in [
            Command::EditRecords,
            Command::ExportSelected,
            Command::CopyCitation,
            Command::DeleteRecords,
        ] {
            if ui.button(command.label()).clicked() {
                actions.push(Action::Command(command));
            }
        }
    });
    ui.add_space(10.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.strong("In common");
            if summary.shared.is_empty() {
                ui.weak("The selected records share no value.");
            } else {
                egui::Grid::new("shared_values")
                    .num_columns(2)
                    .spacing([12.0, 4.0])
                    .striped(true)
                    .show(ui, |ui| {
                        for shared in &summary.shared {
                            ui.label(RichText::new(shared.field.label()).weak());
                            ui.add(egui::Label::new(shared.values.join("; ")).wrap());
                            ui.end_row();
                        }
                    });
            }
            ui.add_space(10.0);
            ui.strong("Selected");
            for id in visible.iter().take(TITLES_SHOWN) {
                let title = session.catalog().get(id).map_or("", |r| r.title.as_str());
                let title = if title.is_empty() {
                    "(untitled)"
                } else {
                    title
                };
                if ui
                    .link(title)
                    .on_hover_text("Show only this record")
                    .clicked()
                {
                    actions.push(Action::ClickRow(id.clone(), Pick::Only));
                }
            }
            if visible.len() > TITLES_SHOWN {
                ui.weak(format!("and {} more", visible.len() - TITLES_SHOWN));
            }
        });
}
