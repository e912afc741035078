//! Modal dialogs: delete confirmation, unsaved changes, save conflicts, import report,
//! export progress and result, keyboard shortcuts, about.

use egui::{Context, RichText};

use crate::session::Resolution;
use crate::store::ConflictKind;
use crate::words::count;

use super::app::{Action, Dialog, FolioApp, UnsavedAnswer};
use super::command::Command;
use super::default_button::default_button;
use super::notice::Level;

/// The query language, as the Help menu shows it.
const SEARCH_SYNTAX: &[(&str, &str)] = &[
    ("kim sung", "every word, in any field or text"),
    (
        "\"foreign affairs\"",
        "the words next to each other, in this order",
    ),
    ("revision*", "a word starting with revision"),
    ("kim -draft", "kim but not draft"),
    ("mao OR stalin", "either word"),
    ("(mao OR stalin) telegram", "parentheses group"),
    (
        "title:telegram",
        "in one field: title summary text subject person place author type lang archive source funder status id",
    ),
    ("person:\"kim il sung\"", "a phrase in one field"),
    ("date:1950..1953", "a date that may fall in the range"),
    (
        "date:1963-09   date:..1949",
        "a month; everything up to 1949",
    ),
    (
        "一九五二",
        "Chinese, Japanese, Korean: matched as character pairs",
    ),
];

/// Draws the dialog shown, if any.
pub fn dialog_ui(ctx: &Context, app: &FolioApp, actions: &mut Vec<Action>) {
    let Some(dialog) = app.dialog() else { return };
    let session = app.session();
    if matches!(
        dialog,
        Dialog::Export(_)
            | Dialog::Clone(_)
            | Dialog::Commit(_)
            | Dialog::CatalogSettings(_)
            | Dialog::BulkEdit(_)
            | Dialog::CsvImport(_)
            | Dialog::Values(_)
    ) {
        // The export form edits its own state: the app draws it.
        return;
    }
    let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
        ui.set_max_width(720.0);
        if matches!(dialog, Dialog::Conflicts { comparing: Some(_), .. }) {
            ui.set_min_width(720.0);
        }
        match dialog {
            Dialog::ConfirmDelete { ids, hidden } => {
                ui.heading(if ids.len() == 1 { "Delete this record?".to_owned() } else { format!("Delete {} records?", ids.len()) });
                for id in ids.iter().take(8) {
                    let title = session.and_then(|s| s.catalog().get(id)).map(|r| r.title.as_str()).unwrap_or("");
                    ui.label(format!("{id} — {title}"));
                }
                if ids.len() > 8 {
                    ui.weak(format!("and {} more", ids.len() - 8));
                }
                if *hidden > 0 {
                    ui.label(format!("{} selected, hidden by the search, {} not deleted.", count(*hidden, "record"), if *hidden == 1 { "is" } else { "are" }));
                }
                ui.weak("The files are removed when you save; until then, Undo brings them back.");
                ui.horizontal(|ui| {
                    if ui.button("Delete").clicked() {
                        actions.push(Action::ConfirmDelete);
                    }
                    if default_button(ui, "Cancel").clicked() {
                        actions.push(Action::CloseDialog);
                    }
                });
            }
            // The app draws these forms (they edit their own state).
            Dialog::SyncConflicts(conflicts) => sync_conflicts_ui(ui, conflicts, actions),
            Dialog::Clone(_) | Dialog::Commit(_) | Dialog::CatalogSettings(_) | Dialog::BulkEdit(_) | Dialog::CsvImport(_) | Dialog::Values(_) => {}
            Dialog::Unsaved(_) => {
                ui.heading("Save your changes?");
                let n = session.map_or(0, |s| s.catalog().dirty().len());
                if n > 0 {
                    ui.label(format!("{n} record{} changed since the last save.", if n == 1 { " has" } else { "s have" }));
                }
                for (field, why) in app.invalid_drafts() {
                    ui.colored_label(ui.visuals().warn_fg_color, format!("{field} holds a value that cannot be saved: {why}. Cancel to correct it; it is lost otherwise."));
                }
                // Save loses nothing, unless a value cannot be saved: then Cancel.
                let can_save = app.invalid_drafts().is_empty();
                ui.horizontal(|ui| {
                    let save = if can_save { default_button(ui, "Save") } else { ui.button("Save") };
                    if save.clicked() {
                        actions.push(Action::UnsavedAnswer(UnsavedAnswer::Save));
                    }
                    if ui.button("Discard changes").clicked() {
                        actions.push(Action::UnsavedAnswer(UnsavedAnswer::Discard));
                    }
                    let cancel = if can_save { ui.button("Cancel") } else { default_button(ui, "Cancel") };
                    if cancel.clicked() {
                        actions.push(Action::UnsavedAnswer(UnsavedAnswer::Cancel));
                    }
                });
            }
            Dialog::Conflicts { comparing } => {
                let conflicts = session.map_or(&[][..], |s| s.conflicts());
                ui.heading("Changed on disk");
                ui.label("These records changed on disk (another editor, a git pull) since Folio read them. Nothing was overwritten. Keep one version whole, or Show both to choose field by field:");
                ui.add_space(6.0);
                for conflict in conflicts {
                    ui.group(|ui| {
                        let title = session
                            .and_then(|s| s.catalog().get(&conflict.id))
                            .map(|r| r.title.as_str())
                            .unwrap_or("");
                        ui.label(RichText::new(format!("{} — {title}", conflict.id)).strong());
                        let what = match conflict.kind {
                            ConflictKind::ChangedOnDisk => "Its file changed on disk since Folio read it.",
                            ConflictKind::DeletedOnDisk => "Its file was deleted on disk since Folio read it.",
                            ConflictKind::FileExists => "A file of that name exists that this catalog did not load.",
                            ConflictKind::MergeConflict => "A git merge stopped on it: both branches changed some of its fields. Keep mine is our branch's version, Take theirs the other's; Show both to choose field by field.",
                        };
                        ui.label(what);
                        ui.horizontal(|ui| {
                            if ui.button("Keep mine").on_hover_text("Overwrite the file with the version in Folio").clicked() {
                                actions.push(Action::ResolveConflict(conflict.id.clone(), Resolution::KeepMine));
                            }
                            if ui.button("Take theirs").on_hover_text("Drop my changes to this record and load the file").clicked() {
                                actions.push(Action::ResolveConflict(conflict.id.clone(), Resolution::TakeTheirs));
                            }
                            let show_both = ui.button(RichText::new("Show both").strong()).on_hover_text("Compare the two versions field by field");
                            if comparing.is_none() && conflicts.first().is_some_and(|c| c.id == conflict.id) {
                                // Comparing loses nothing.
                                super::default_button::give_keyboard(ui, &show_both);
                            }
                            if show_both.clicked() {
                                actions.push(Action::CompareConflict(conflict.id.clone()));
                            }
                        });
                        if let Some(comparison) = comparing.as_ref().filter(|c| c.id == conflict.id) {
                            super::conflict::comparison_ui(ui, comparison, actions);
                        }
                    });
                }
            }
            Dialog::RestoreJournal { written, lines } => {
                ui.heading("Unsaved edits from last time");
                ui.label(format!("Folio closed without saving these edits (last kept at {written}). Restore them? They come back unsaved: save them, or undo them with Ctrl+Z."));
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for line in lines {
                        ui.label(line);
                    }
                });
                ui.horizontal(|ui| {
                    if default_button(ui, "Restore").clicked() {
                        actions.push(Action::RestoreJournal);
                    }
                    if ui.button("Discard them").clicked() {
                        actions.push(Action::DiscardJournal);
                    }
                });
            }
            Dialog::OpenElsewhere { path, holder } => {
                ui.heading("Open in another Folio");
                ui.label(format!("{} is open in another Folio ({holder}).", path.display()));
                ui.label("Two programs writing the same catalog could overwrite each other's work. You can open it read-only: you can read, search and export, but not change it.");
                ui.horizontal(|ui| {
                    if default_button(ui, "Open read-only").clicked() {
                        actions.push(Action::OpenReadOnly);
                    }
                    if ui.button("Cancel").clicked() {
                        actions.push(Action::CloseDialog);
                    }
                });
            }
            Dialog::SearchHelp => {
                ui.heading("Search syntax");
                egui::Grid::new("search_syntax").striped(true).num_columns(2).show(ui, |ui| {
                    for (query, meaning) in SEARCH_SYNTAX {
                        ui.monospace(*query);
                        ui.label(*meaning);
                        ui.end_row();
                    }
                });
                ui.weak("Case and accents are ignored. A query that cannot be read is explained, and its words are searched instead.");
                if default_button(ui, "Close").clicked() {
                    actions.push(Action::CloseDialog);
                }
            }
            Dialog::Shortcuts => {
                ui.heading("Keyboard shortcuts");
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for command in Command::ALL {
                        if let Some(shortcut) = command.shortcut() {
                            ui.label(command.label());
                            ui.monospace(ui.ctx().format_shortcut(&shortcut));
                            ui.end_row();
                        }
                    }
                    for (keys, what) in [("Up / Down", "Previous / next record"), ("Page Up / Page Down", "Move 20 records"), ("Home / End", "First / last record of the list"), ("Ctrl+click / Shift+click", "Add to the selection / select a range")] {
                        ui.label(what);
                        ui.monospace(keys);
                        ui.end_row();
                    }
                });
                if default_button(ui, "Close").clicked() {
                    actions.push(Action::CloseDialog);
                }
            }
            Dialog::Exporting { .. } => {
                super::export_dialog::progress_ui(ui, app.export_job(), actions);
            }
            Dialog::Exported(outcome) => super::export_dialog::outcome_ui(ui, outcome, actions),
            Dialog::Export(_) => {}
            Dialog::Notices => {
                ui.heading("Messages");
                egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                    egui::Grid::new("notices").striped(true).num_columns(2).show(ui, |ui| {
                        for notice in app.notices().newest_first() {
                            ui.weak(notice.at.format("%H:%M:%S").to_string());
                            let color = match notice.level {
                                Level::Info => ui.visuals().text_color(),
                                Level::Warning => ui.visuals().warn_fg_color,
                                Level::Error => ui.visuals().error_fg_color,
                            };
                            ui.label(RichText::new(&notice.text).color(color));
                            ui.end_row();
                        }
                    });
                });
                if default_button(ui, "Close").clicked() {
                    actions.push(Action::CloseDialog);
                }
            }
            Dialog::About => {
                ui.heading("Folio");
                ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                ui.label("A cataloguing application for archivists. Each record is a RON file in the catalog folder, so a catalog can be versioned with git.");
                if default_button(ui, "Close").clicked() {
                    actions.push(Action::CloseDialog);
                }
            }
        }
    });
    if modal.should_close() {
        match dialog {
            // Escape is Cancel: back to the work, nothing saved or lost.
            Dialog::Unsaved(_) => actions.push(Action::UnsavedAnswer(UnsavedAnswer::Cancel)),
            // Until answered, asked again: nothing is dropped by a key.
            Dialog::Conflicts { .. } | Dialog::RestoreJournal { .. } => {}
            Dialog::Exporting { .. } => actions.push(Action::CancelExport),
            _ => actions.push(Action::CloseDialog),
        }
    }
}

/// A sync's merge stopped: what both sides changed, and how to settle each.
fn sync_conflicts_ui(
    ui: &mut egui::Ui,
    conflicts: &[crate::vcs::sync::Conflict],
    actions: &mut Vec<Action>,
) {
    use crate::vcs::sync::Side;
    ui.heading("Sync stopped: choose what to keep");
    ui.label("You and a colleague changed the same things. Nothing is lost: both versions are kept until you choose. Once everything is settled, the sync commits the merge and sends it.");
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show(ui, |ui| {
            for conflict in conflicts {
                ui.horizontal_wrapped(|ui| {
                    ui.label(conflict.describe());
                    match conflict.sides.as_deref() {
                        None => {
                            if ui.button("Choose field by field").clicked() {
                                actions.push(Action::CloseDialog);
                                if let Some(id) = &conflict.record {
                                    actions.push(Action::CompareConflict(id.clone()));
                                }
                            }
                        }
                        Some(sides) => {
                            let (keep, delete) = match sides {
                                "UD" => (Side::Ours, Side::Theirs),
                                "DU" => (Side::Theirs, Side::Ours),
                                _ => (Side::Ours, Side::Theirs),
                            };
                            let (keep_label, delete_label) = if matches!(sides, "UD" | "DU") {
                                ("Keep the record", "Delete it")
                            } else {
                                ("Keep mine", "Take theirs")
                            };
                            if ui.button(keep_label).clicked() {
                                actions
                                    .push(Action::SettleSyncConflict(conflict.path.clone(), keep));
                            }
                            if ui.button(delete_label).clicked() {
                                actions.push(Action::SettleSyncConflict(
                                    conflict.path.clone(),
                                    delete,
                                ));
                            }
                        }
                    }
                });
            }
        });
    if default_button(ui, "Later")
        .on_hover_text("Sync again to come back here")
        .clicked()
    {
        actions.push(Action::CloseDialog);
    }
}
