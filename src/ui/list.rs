//! The catalog list: a virtualized, sortable table of the records shown. The title
//! takes the width the other columns leave; a right click on the header chooses the
//! columns (any field), remembered per catalog.

use egui::{Align, Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};

use std::collections::BTreeMap;

use crate::model::{Field, Record};
use crate::search::{Facet, Listing};
use crate::session::{Pick, Preview, Session, SortColumn, ViewQuery};

use super::app::Action;
use super::command::Command;

const ROW_HEIGHT: f32 = 22.0;

/// The columns shown when the user has not chosen: the record's date, title, type,
/// languages and status (the id is in the editor; any field can be added).
pub const DEFAULT_COLUMNS: [&str; 5] = ["date", "title", "doc_type", "languages", "status"];

/// Every column the list can show, in the chooser's order: the id, then every field.
fn every_column() -> impl Iterator<Item = &'static str> {
    std::iter::once("id").chain(Field::ALL.into_iter().map(Field::name))
}

fn column_title(column: &str) -> &'static str {
    match column {
        "id" => "Id",
        "doc_type" => "Type",
        "languages" => "Language",
        name => Field::from_name(name).map_or("?", Field::label),
    }
}

fn column_sort(column: &str) -> Option<SortColumn> {
    Some(match column {
        "id" => SortColumn::Id,
        "date" => SortColumn::Date,
        "title" => SortColumn::Title,
        "doc_type" => SortColumn::Type,
        "languages" => SortColumn::Language,
        "status" => SortColumn::Status,
        _ => return None,
    })
}

/// The text of a column for a record.
fn cell(record: &Record, column: &str) -> String {
    match column {
        "id" => record.id.to_string(),
        "date" => record.date_words(),
        "title" if record.title.is_empty() => "(untitled)".to_owned(),
        "title" => record.title.clone(),
        "languages" => record.languages.join(", "),
        "status" => record.status.name().to_owned(),
        name => Field::from_name(name)
            .map(|f| f.get(record).to_text("; "))
            .unwrap_or_default(),
    }
}

/// The width a column starts at.
fn initial_width(column: &str) -> f32 {
    match column {
        "title" => TITLE_AT_LEAST,
        "date" => 130.0,
        "status" => 80.0,
        "languages" | "doc_type" => 110.0,
        _ => 150.0,
    }
}

/// The title column is never narrower than this.
const TITLE_AT_LEAST: f32 = 160.0;
/// Other columns give way until the title has this: five or six words.
const TITLE_ROOM: f32 = 260.0;
/// The default columns dropped first when the list is narrow; then the others,
/// from the right; then the date. The title is the last column to give way.
const GIVE_WAY: [&str; 3] = ["languages", "doc_type", "status"];

/// The columns to show: those chosen, or the defaults less a column no record of
/// the list fills (a type most pages lack would be a column of blanks); less those
/// a narrow list has no room for while it is narrow (the title stays).
fn shown_columns<'a>(
    facets: &BTreeMap<Facet, Vec<(String, usize)>>,
    chosen: Option<&'a [String]>,
    width: f32,
) -> Vec<&'a str> {
    let mut columns: Vec<&str> = match chosen {
        Some(chosen) => chosen.iter().map(String::as_str).collect(),
        None => {
            let empty = |facet| facets.get(&facet).is_none_or(Vec::is_empty);
            DEFAULT_COLUMNS
                .into_iter()
                .filter(|c| match *c {
                    "doc_type" => !empty(Facet::Type),
                    "languages" => !empty(Facet::Language),
                    _ => true,
                })
                .collect()
        }
    };
    if !columns.contains(&"title") {
        return columns;
    }
    let needed = |columns: &[&str]| -> f32 {
        columns
            .iter()
            .map(|c| {
                if *c == "title" {
                    TITLE_ROOM
                } else {
                    initial_width(c)
                }
            })
            .sum::<f32>()
            + 30.0
    };
    while needed(&columns) > width {
        let gives_way = GIVE_WAY
            .into_iter()
            .find(|c| columns.contains(c))
            .or_else(|| {
                columns
                    .iter()
                    .rev()
                    .find(|c| !matches!(**c, "title" | "date"))
                    .copied()
            })
            .or_else(|| columns.iter().find(|c| **c == "date").copied());
        match gives_way {
            Some(column) => columns.retain(|c| *c != column),
            None => break,
        }
    }
    columns
}

/// Draws the list, or what to do when there is nothing to list. `chosen` is the
/// columns the user chose for this catalog, if any.
pub fn catalog_list_ui(
    ui: &mut egui::Ui,
    session: Option<&Session>,
    open_error: Option<&str>,
    chosen: Option<&[String]>,
    committed_changes: &std::collections::HashSet<crate::model::RecordId>,
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
            "Import records (Ctrl+I) or create a record (Ctrl+N).",
        );
        return;
    }
    let view = session.view();
    if view.ids.is_empty() && session.searching() {
        empty_state(
            ui,
            "Searching the records…",
            "The index is still being built, so every record is read: this takes a few seconds on a big catalog.",
        );
        return;
    }
    if view.ids.is_empty() {
        empty_state(
            ui,
            "No record matches this search.",
            "Change the search words or remove a filter in the sidebar.",
        );
        return;
    }
    let columns = shown_columns(&session.view().facets, chosen, ui.available_width());
    let catalog = session.catalog();
    let selection = session.selection();
    let ids = &view.ids;
    let modal_open = ui.ctx().memory(|m| m.top_modal_layer().is_some());
    // Only when asked: a row far down a ranked list puts the whole list in order.
    let current_row = || selection.current().and_then(|c| session.row_of(c));
    scrolled(table_of(ui, &columns), scroll_to_current, current_row)
        .header(24.0, |mut header| {
            header.col(|_| {});
            for column in &columns {
                header.col(|ui| header_ui(ui, session.query(), column, Some(&columns), actions));
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
                    } else if committed_changes.contains(id) {
                        ui.label(RichText::new("•").color(Color32::from_rgb(0x3a, 0x7b, 0xc8)))
                            .on_hover_text("Saved, and changed since the last commit");
                    }
                });
                for column in &columns {
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(cell(record, column))
                                .truncate()
                                .show_tooltip_when_elided(!modal_open)
                                .selectable(false),
                        );
                    });
                }
                let mut response = row.response();
                if !view.highlights.is_empty() && !modal_open {
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
                    actions.push(Action::ClickRow(id.clone(), pick_of(modifiers)));
                }
                if response.secondary_clicked() && !selection.contains(id) {
                    actions.push(Action::ClickRow(id.clone(), Pick::Only));
                }
                response.context_menu(|ui| {
                    for command in [
                        Command::EditRecord,
                        Command::CopyCitation,
                        Command::ExportSelected,
                        Command::DuplicateRecord,
                        Command::DeleteRecords,
                    ] {
                        if ui.button(command.label()).clicked() {
                            actions.push(Action::Command(command));
                            ui.close();
                        }
                    }
                });
            });
        });
}

/// The table of the list with these columns, after a column for the row's mark.
fn table_of<'a>(ui: &'a mut egui::Ui, columns: &[&str]) -> TableBuilder<'a> {
    // The widths kept for other columns would not fit these: start afresh when the
    // columns change (with the same table, so that the columns menu stays open).
    let columns_key = egui::Id::unique("catalog_list_columns");
    let joined = columns.join(",");
    let columns_changed = ui.data(|d| d.get_temp::<String>(columns_key)) != Some(joined.clone());
    if columns_changed {
        ui.data_mut(|d| d.insert_temp(columns_key, joined));
    }
    let mut table = TableBuilder::new(ui)
        .id_salt("catalog_list")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(Align::Center))
        .column(Column::exact(18.0));
    for column in columns {
        table = table.column(match *column {
            // Not resizable, so that it always takes what the others leave.
            "title" => Column::remainder()
                .at_least(TITLE_AT_LEAST)
                .clip(true)
                .resizable(false),
            other => Column::initial(initial_width(other))
                .at_least(40.0)
                .clip(true),
        });
    }
    let table = table.min_scrolled_height(0.0);
    if columns_changed {
        table.reset();
    }
    table
}

/// The table scrolled to the current record's row, once, when `scroll_to_current`.
fn scrolled<'a>(
    table: TableBuilder<'a>,
    scroll_to_current: &mut bool,
    current_row: impl FnOnce() -> Option<usize>,
) -> TableBuilder<'a> {
    if !std::mem::take(scroll_to_current) {
        return table;
    }
    match current_row() {
        Some(row) => table.scroll_to_row(row, None),
        None => table,
    }
}

/// The list of a catalog opening, from its saved index: the default columns, sorted
/// by a click on their header, rows picked as in the catalog's list. Nothing can be
/// changed from it, so no row has a menu.
pub fn preview_list_ui(
    ui: &mut egui::Ui,
    preview: &Preview,
    scroll_to_current: &mut bool,
    actions: &mut Vec<Action>,
) {
    let view = preview.view();
    if view.ids.is_empty() {
        empty_state(
            ui,
            "No record matches this search.",
            "Change the search words.",
        );
        return;
    }
    let columns = shown_columns(&view.facets, None, ui.available_width());
    let selection = preview.selection();
    let current_row = || selection.current().and_then(|c| preview.row_of(c));
    scrolled(table_of(ui, &columns), scroll_to_current, current_row)
        .header(24.0, |mut header| {
            header.col(|_| {});
            for column in &columns {
                header.col(|ui| header_ui(ui, preview.query(), column, None, actions));
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, view.ids.len(), |mut row| {
                let Some((id, listing)) = preview.listing(row.index()) else {
                    return;
                };
                row.set_selected(selection.contains(id));
                row.col(|_| {});
                for column in &columns {
                    row.col(|ui| {
                        ui.add(
                            egui::Label::new(listed_cell(id, &listing, column))
                                .truncate()
                                .selectable(false),
                        );
                    });
                }
                let response = row.response();
                if response.clicked() {
                    let modifiers = response.ctx.input(|i| i.modifiers);
                    actions.push(Action::ClickRow(id.clone(), pick_of(modifiers)));
                }
            });
        });
}

/// The text of a column for a record as the index lists it (the columns the list
/// shows by default, and the id).
fn listed_cell(id: &crate::model::RecordId, listing: &Listing<'_>, column: &str) -> String {
    match column {
        "id" => id.to_string(),
        "date" => crate::model::date::ArchivalDate::parse(listing.date)
            .map(|d| d.words())
            .unwrap_or_default(),
        "title" if listing.title.is_empty() => "(untitled)".to_owned(),
        "title" => listing.title.to_owned(),
        "doc_type" => listing.doc_type.to_owned(),
        "languages" => listing.language.to_owned(),
        "status" => listing.status.name().to_owned(),
        _ => String::new(),
    }
}

/// What a click with these keys held does to the selection.
fn pick_of(modifiers: egui::Modifiers) -> Pick {
    if modifiers.shift {
        Pick::Extend
    } else if modifiers.command {
        Pick::Toggle
    } else {
        Pick::Only
    }
}

/// A column's header: click to sort (where the column sorts); right click to choose
/// the columns, when `columns` (those shown) are given.
fn header_ui(
    ui: &mut egui::Ui,
    query: &ViewQuery,
    column: &str,
    columns: Option<&[&str]>,
    actions: &mut Vec<Action>,
) {
    let title = column_title(column);
    let sort = column_sort(column);
    let button = egui::Button::new(RichText::new(title).strong()).frame(false);
    let mut response = ui.add(button);
    if sort.is_some() {
        response = response.on_hover_text(format!(
            "Sort by {} (right click: columns)",
            title.to_lowercase()
        ));
    }
    if let Some(sort) = sort {
        if response.clicked() {
            actions.push(Action::Sort(sort));
        }
        if query.sort == sort {
            sort_arrow(ui, query.ascending);
        }
    }
    let Some(columns) = columns else {
        return;
    };
    // Stays open while columns are ticked, so that several can be changed at once.
    let menu = egui::Popup::context_menu(&response)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    menu.show(|ui| {
        ui.strong("Columns");
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                for candidate in every_column() {
                    let mut on = columns.contains(&candidate);
                    // The title stays: it is what a row is.
                    let enabled = candidate != "title";
                    if ui
                        .add_enabled(
                            enabled,
                            egui::Checkbox::new(&mut on, column_title(candidate)),
                        )
                        .changed()
                    {
                        // The columns keep their order; a column shown again comes last.
                        let mut chosen: Vec<String> = columns
                            .iter()
                            .filter(|c| **c != candidate)
                            .map(|c| (*c).to_owned())
                            .collect();
                        if on {
                            chosen.push(candidate.to_owned());
                        }
                        actions.push(Action::SetColumns(chosen));
                    }
                }
            });
        if ui.button("Default columns").clicked() {
            actions.push(Action::SetColumns(Vec::new()));
            ui.close();
        }
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
