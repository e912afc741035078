//! The catalog list: a virtualized, sortable table of the records shown.

use egui::{Align, Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};

use crate::session::{Pick, Session, SortColumn};

use super::app::Action;
use super::command::Command;

const ROW_HEIGHT: f32 = 22.0;

const COLUMNS: [(SortColumn, &str); 6] = [
    (SortColumn::Id, "Id"),
    (SortColumn::Date, "Date"),
    (SortColumn::Title, "Title"),
    (SortColumn::Type, "Type"),
    (SortColumn::Language, "Language"),
    (SortColumn::Status, "Status"),
];

/// Draws the list, or what to do when there is nothing to list.
pub fn catalog_list_ui(
    ui: &mut egui::Ui,
    session: Option<&Session>,
    open_error: Option<&str>,
    scroll_to_current: &mut bool,
    actions: &mut Vec<Action>,
) {
    let Some(session) = session else {
        empty_state(
            ui,
            "No catalog is open.",
            "Use File > Open catalog… (Ctrl+O) or File > New catalog… (Ctrl+Shift+N).",
        );
        if let Some(error) = open_error {
            ui.vertical_centered(|ui| ui.colored_label(ui.visuals().error_fg_color, error));
        }
        return;
    };
    if let Some(reason) = session.read_only() {
        ui.colored_label(ui.visuals().warn_fg_color, format!("Read-only: {reason}"));
    }
    if session.catalog().is_empty() {
        empty_state(
            ui,
            "This catalog has no records yet.",
            "Import record pages (Ctrl+I) or create a record (Ctrl+N).",
        );
        return;
    }
    let view = session.view();
    if view.ids.is_empty() {
        empty_state(
            ui,
            "No record matches this search.",
            "Change the search words or remove a filter in the sidebar.",
        );
        return;
    }
    let catalog = session.catalog();
    let selection = session.selection();
    let ids = &view.ids;
    let current_row = selection
        .current()
        .and_then(|c| ids.iter().position(|id| id == c));
    let mut table = TableBuilder::new(ui)
        .id_salt("catalog_list")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(Align::Center))
        .column(Column::exact(18.0))
        .column(Column::initial(110.0).at_least(50.0).clip(true))
        .column(Column::initial(118.0).at_least(60.0).clip(true))
        .column(Column::remainder().at_least(160.0).clip(true))
        .column(Column::initial(80.0).at_least(40.0).clip(true))
        .column(Column::initial(72.0).at_least(40.0).clip(true))
        .column(Column::initial(64.0).at_least(40.0).clip(true))
        .min_scrolled_height(0.0);
    if *scroll_to_current {
        if let Some(row) = current_row {
            table = table.scroll_to_row(row, None);
        }
        *scroll_to_current = false;
    }
    table
        .header(24.0, |mut header| {
            header.col(|_| {});
            for (column, title) in COLUMNS {
                header.col(|ui| {
                    let button = egui::Button::new(RichText::new(title).strong()).frame(false);
                    if ui
                        .add(button)
                        .on_hover_text(format!("Sort by {}", title.to_lowercase()))
                        .clicked()
                    {
                        actions.push(Action::Sort(column));
                    }
                    if session.query().sort == column {
                        sort_arrow(ui, session.query().ascending);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, ids.len(), |mut row| {
                let Some(id) = ids.get(row.index()) else {
                    return;
                };
                let Some(record) = catalog.get(id) else {
                    return;
                };
                row.set_selected(selection.contains(id));
                let dirty = catalog.dirty().contains(id);
                let error = session.has_error(id);
                row.col(|ui| {
                    if error {
                        ui.label(RichText::new("•").color(ui.visuals().error_fg_color))
                            .on_hover_text("This record has validation errors");
                    } else if dirty {
                        ui.label(RichText::new("•").color(Color32::from_rgb(0xd0, 0x90, 0x20)))
                            .on_hover_text("Unsaved changes");
                    }
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(id.as_str()).monospace().small())
                            .truncate()
                            .selectable(false),
                    );
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(record.date_words())
                            .truncate()
                            .selectable(false),
                    );
                });
                row.col(|ui| {
                    let title = if record.title.is_empty() {
                        "(untitled)"
                    } else {
                        record.title.as_str()
                    };
                    ui.add(egui::Label::new(title).truncate().selectable(false));
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(record.doc_type.as_str())
                            .truncate()
                            .selectable(false),
                    );
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(record.languages.join(", "))
                            .truncate()
                            .selectable(false),
                    );
                });
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(record.status.name())
                            .truncate()
                            .selectable(false),
                    );
                });
                let mut response = row.response();
                if !view.highlights.is_empty() {
                    // Only for the row under the pointer: cheap whatever the list's size.
                    response = response.on_hover_ui_at_pointer(|ui| {
                        ui.set_max_width(420.0);
                        match crate::search::snippet::snippet(record, &view.highlights) {
                            Some(passage) => ui.label(passage),
                            None => ui.weak("Found in the record's other fields"),
                        };
                    });
                }
                if response.clicked() {
                    let modifiers = response.ctx.input(|i| i.modifiers);
                    let pick = if modifiers.shift {
                        Pick::Extend
                    } else if modifiers.command {
                        Pick::Toggle
                    } else {
                        Pick::Only
                    };
                    actions.push(Action::ClickRow(id.clone(), pick));
                }
                if response.secondary_clicked() && !selection.contains(id) {
                    actions.push(Action::ClickRow(id.clone(), Pick::Only));
                }
                response.context_menu(|ui| {
                    if ui.button(Command::CopyCitation.label()).clicked() {
                        actions.push(Action::Command(Command::CopyCitation));
                        ui.close();
                    }
                    if ui.button(Command::ExportSelected.label()).clicked() {
                        actions.push(Action::Command(Command::ExportSelected));
                        ui.close();
                    }
                    if ui.button(Command::DuplicateRecord.label()).clicked() {
                        actions.push(Action::Command(Command::DuplicateRecord));
                        ui.close();
                    }
                    if ui.button(Command::DeleteRecords.label()).clicked() {
                        actions.push(Action::Command(Command::DeleteRecords));
                        ui.close();
                    }
                });
            });
        });
}

/// A small triangle pointing up (ascending) or down, drawn rather than typed so that
/// it needs no font.
fn sort_arrow(ui: &mut egui::Ui, ascending: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(9.0, 9.0), Sense::hover());
    let (top, bottom) = (rect.top() + 1.5, rect.bottom() - 1.5);
    let points = if ascending {
        vec![
            egui::pos2(rect.left(), bottom),
            egui::pos2(rect.right(), bottom),
            egui::pos2(rect.center().x, top),
        ]
    } else {
        vec![
            egui::pos2(rect.left(), top),
            egui::pos2(rect.right(), top),
            egui::pos2(rect.center().x, bottom),
        ]
    };
    let color = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
}

fn empty_state(ui: &mut egui::Ui, what: &str, hint: &str) {
    ui.add_space(ui.available_height() * 0.3);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(what).size(18.0));
        ui.add_space(6.0);
        ui.weak(hint);
    });
}
