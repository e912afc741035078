//! The History tab: the record's commits from git, newest first, each with the
//! fields it changed before → after (long texts as a word diff), and "Restore
//! this value", an ordinary edit that Undo takes back.

use egui::text::LayoutJob;
use egui::{Color32, FontId, RichText, TextFormat};

use crate::model::{Field, FieldValue, Record};
use crate::store::Edit;
use crate::vcs::history::{FileEvent, HistoryEntry, WordChange};

use super::app::Action;
use super::app::vcs::{HistoryState, ShownEntry};

/// How many steps are drawn before "Show more".
const PAGE: usize = 40;
/// Characters of a value shown before it is cut.
const VALUE_CUT: usize = 400;

/// Draws the history of `record`; `field` narrows it to one field.
pub fn history_ui(
    ui: &mut egui::Ui,
    record: &Record,
    state: &HistoryState,
    field: Option<Field>,
    shown: &mut usize,
    actions: &mut Vec<Action>,
) {
    field_choice_ui(ui, field, actions);
    let entries = match state {
        HistoryState::Idle | HistoryState::Loading => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Reading the history from git…");
            });
            return;
        }
        HistoryState::Failed(why) => {
            ui.label("No history to show.");
            ui.weak(format!(
                "The history comes from git: {why}. Put the catalog in a git repository (git init), commit, and each commit shows here."
            ));
            return;
        }
        HistoryState::Ready(entries) => entries,
    };
    last_change_ui(ui, entries);
    let steps: Vec<(&ShownEntry, Vec<usize>)> = entries
        .iter()
        .filter_map(|shown| {
            let changes: Vec<usize> = shown
                .entry
                .changes
                .iter()
                .enumerate()
                .filter(|(_, c)| field.is_none_or(|f| c.field == f))
                .map(|(i, _)| i)
                .collect();
            // A step that changed no field (a rename) is shown in the whole history only.
            (field.is_none() || !changes.is_empty()).then_some((shown, changes))
        })
        .collect();
    if steps.is_empty() {
        ui.weak(match field {
            Some(f) => format!("No commit changed {}.", f.label()),
            None => "No commit holds this record yet: it shows here once committed.".to_owned(),
        });
        return;
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (shown, changes) in steps.iter().take(*shown) {
                step_ui(ui, record, shown, changes, actions);
            }
            if steps.len() > *shown {
                let more = (steps.len() - *shown).min(PAGE);
                if ui.button(format!("Show {more} earlier commits")).clicked() {
                    *shown += PAGE;
                }
            }
        });
}

/// The number of steps shown before the user asks for more.
pub fn first_page() -> usize {
    PAGE
}

fn field_choice_ui(ui: &mut egui::Ui, field: Option<Field>, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label("Field");
        let name = field.map_or("Every field", Field::label);
        egui::ComboBox::from_id_salt("history_field")
            .selected_text(name)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(field.is_none(), "Every field")
                    .clicked()
                {
                    actions.push(Action::ShowFieldHistory(None));
                }
                for f in Field::ALL {
                    if ui.selectable_label(field == Some(f), f.label()).clicked() {
                        actions.push(Action::ShowFieldHistory(Some(f)));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// "Last changed … by …", from the newest step.
fn last_change_ui(ui: &mut egui::Ui, entries: &[ShownEntry]) {
    let text = match entries.first().map(|s| &s.entry) {
        Some(HistoryEntry { commit: None, .. }) => {
            "Changed since the last commit (not committed yet)".to_owned()
        }
        Some(HistoryEntry {
            commit: Some(c), ..
        }) => format!(
            "Last changed {} by {} (commit {})",
            c.when.format("%Y-%m-%d %H:%M"),
            c.author,
            c.short
        ),
        None => return,
    };
    ui.label(RichText::new(text).strong());
}

fn step_ui(
    ui: &mut egui::Ui,
    record: &Record,
    shown: &ShownEntry,
    changes: &[usize],
    actions: &mut Vec<Action>,
) {
    let entry = &shown.entry;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match &entry.commit {
            Some(c) => {
                ui.label(RichText::new(&c.subject).strong());
                ui.weak(format!(
                    "{} · {} · {}",
                    c.author,
                    c.when.format("%Y-%m-%d %H:%M"),
                    c.short
                ));
            }
            None => {
                ui.label(RichText::new("Not committed yet").strong());
                ui.weak("Saved on disk since the last commit");
            }
        }
        match &entry.event {
            FileEvent::Created => ui.weak("The record was created."),
            FileEvent::Renamed(from) => ui.weak(format!("Renamed from {from}.")),
            FileEvent::Deleted => ui.weak("The record was deleted."),
            FileEvent::Unreadable(why) => ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("This version cannot be read: {why}"),
            ),
            FileEvent::Changed => ui.weak(""),
        };
        for &i in changes {
            let (Some(change), Some(diff)) = (entry.changes.get(i), shown.diffs.get(i)) else {
                continue;
            };
            ui.add_space(4.0);
            ui.label(RichText::new(change.field.label()).small().strong());
            let restore = Restore {
                record,
                field: change.field,
                current: change.field.get(record),
            };
            match diff {
                // A new record had no value before: only what it was given.
                _ if entry.event == FileEvent::Created => {
                    restore.value_row(ui, &change.after, "Set to", actions);
                }
                Some(words) => {
                    ui.label(word_diff_job(ui, words));
                    restore.text_row(ui, &change.before, "before", actions);
                    restore.text_row(ui, &change.after, "after", actions);
                }
                None => match FieldValue::list_change(&change.before, &change.after) {
                    // A list: what was added and removed, not both lists whole.
                    Some(list) => restore.list_rows(ui, &list, &change.before, actions),
                    None => {
                        restore.value_row(ui, &change.before, "Before", actions);
                        restore.value_row(ui, &change.after, "After", actions);
                    }
                },
            }
        }
    });
    ui.add_space(4.0);
}

/// A field of the record shown, and what "Restore this value" sets it from.
struct Restore<'a> {
    record: &'a Record,
    field: Field,
    /// The field's value now: no button restores it.
    current: FieldValue,
}

impl Restore<'_> {
    /// "Before: value [Restore this value]".
    fn value_row(
        &self,
        ui: &mut egui::Ui,
        value: &FieldValue,
        side: &str,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!("{side}:"));
            let text = value.to_text("; ");
            if text.is_empty() {
                ui.weak("(empty)");
            } else {
                ui.label(cut(&text));
            }
            self.button(ui, value, actions);
        });
    }

    /// A list field's change: "Added: …", "Removed: …", and a button restoring the
    /// list as it was before the step.
    fn list_rows(
        &self,
        ui: &mut egui::Ui,
        list: &crate::model::ListChange,
        before: &FieldValue,
        actions: &mut Vec<Action>,
    ) {
        for (side, items) in [("Added", &list.added), ("Removed", &list.removed)] {
            if !items.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.weak(format!("{side}:"));
                    ui.label(cut(&items.join("; ")));
                });
            }
        }
        if list.reordered {
            ui.weak("The order changed.");
        }
        if *before != self.current {
            ui.horizontal(|ui| {
                ui.weak("The list before this commit:");
                self.button(ui, before, actions);
            });
        }
    }

    /// For a long text, shown as a word diff: a button restoring its version
    /// before or after the step.
    fn text_row(
        &self,
        ui: &mut egui::Ui,
        value: &FieldValue,
        side: &str,
        actions: &mut Vec<Action>,
    ) {
        if *value != self.current {
            ui.horizontal(|ui| {
                ui.weak(format!("The text {side} this commit:"));
                self.button(ui, value, actions);
            });
        }
    }

    /// "Restore this value", where `value` is not the field's value now.
    fn button(&self, ui: &mut egui::Ui, value: &FieldValue, actions: &mut Vec<Action>) {
        if *value == self.current {
            return;
        }
        if ui
            .small_button("Restore this value")
            .on_hover_text("Set the field to this value (Undo takes it back)")
            .clicked()
        {
            actions.push(Action::Edit(Edit::set(
                self.record.id.clone(),
                self.field,
                value.clone(),
            )));
        }
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() > VALUE_CUT {
        format!("{}…", text.chars().take(VALUE_CUT).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// A word diff: removed words struck through, added words underlined, each in
/// its colour (the marks, not only the colours, tell them apart).
fn word_diff_job(ui: &egui::Ui, words: &[WordChange]) -> LayoutJob {
    let font = FontId::proportional(14.0);
    let text = ui.visuals().text_color();
    let (removed, added) = if ui.visuals().dark_mode {
        (
            Color32::from_rgb(0xff, 0x8a, 0x80),
            Color32::from_rgb(0x8c, 0xe0, 0x99),
        )
    } else {
        (
            Color32::from_rgb(0xb0, 0x20, 0x20),
            Color32::from_rgb(0x1a, 0x6e, 0x2a),
        )
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    for (i, piece) in words.iter().enumerate() {
        // A word replaced by another: a space between them, or they read as one.
        let replaced = matches!(piece, WordChange::Removed(_))
            && matches!(words.get(i + 1), Some(WordChange::Added(_)));
        let (s, format) = match piece {
            WordChange::Same(s) => (s, TextFormat::simple(font.clone(), text)),
            WordChange::Removed(s) => (
                s,
                TextFormat {
                    strikethrough: egui::Stroke::new(1.0, removed),
                    ..TextFormat::simple(font.clone(), removed)
                },
            ),
            WordChange::Added(s) => (
                s,
                TextFormat {
                    underline: egui::Stroke::new(1.0, added),
                    ..TextFormat::simple(font.clone(), added)
                },
            ),
        };
        job.append(s, 0.0, format.clone());
        if replaced && !s.ends_with(char::is_whitespace) {
            job.append(" ", 0.0, TextFormat::simple(font.clone(), text));
        }
    }
    job
}
