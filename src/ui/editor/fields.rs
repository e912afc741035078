//! The editor's widgets for structured fields: lists with suggestions, credits,
//! texts, attachments and the status.

use crate::model::{
    Attachment, Credit, CreditRole, Field, FieldValue, RecordId, Status, Text, TextKind,
};

use super::super::app::Action;
use super::{Form, error_color};

impl Form<'_> {
    /// A list field: its values as chips (click, Enter or Delete on one removes it),
    /// and an input where Enter adds the value typed (or the suggestion picked with
    /// the arrows) and keeps the keyboard for the next; Backspace in the empty input
    /// moves to the last chip.
    pub(super) fn list(&mut self, ui: &mut egui::Ui, field: Field) {
        let values: Vec<String> = match field.get(self.record) {
            FieldValue::List(v) => v,
            FieldValue::Related(v) => v.into_iter().map(|id| id.to_string()).collect(),
            _ => return,
        };
        let name = field.name();
        let label = self.field_label(ui, field);
        let mut remove = None;
        let input_id = ui.make_persistent_id(("add", name));
        if !values.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for (i, value) in values.iter().enumerate() {
                    let chip = egui::Button::new(format!("{value}  ×"))
                        .corner_radius(8.0)
                        .small();
                    let response = ui.add(chip).on_hover_text(format!("Remove “{value}”"));
                    if self.state.chip_focus == Some((name, i)) {
                        response.request_focus();
                        self.state.chip_focus = None;
                    }
                    let erase = response.has_focus()
                        && ui.input_mut(|input| {
                            input.consume_key(egui::Modifiers::NONE, egui::Key::Delete)
                                || input.consume_key(egui::Modifiers::NONE, egui::Key::Backspace)
                        });
                    if response.clicked() || erase {
                        remove = Some(i);
                        // The keyboard goes to the chip before, or back to the input.
                        match i.checked_sub(1) {
                            Some(before) => self.state.chip_focus = Some((name, before)),
                            None => self.state.refocus_add = Some(name),
                        }
                    }
                }
            });
        }
        let typed_now = self
            .state
            .adding
            .get(name)
            .map(|t| t.trim().to_owned())
            .unwrap_or_default();
        let suggestions = self.suggestions(field, &typed_now, &values);
        // The arrows pick a suggestion; taken before the input sees them.
        let focused = ui.memory(|m| m.has_focus(input_id));
        if focused && !suggestions.is_empty() {
            let (down, up) = ui.input_mut(|input| {
                (
                    input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                    input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                )
            });
            let picked = self.state.suggestion.get(name).copied();
            let last = suggestions.len() - 1;
            let next = match (down, up, picked) {
                (true, _, None) => Some(0),
                (true, _, Some(i)) => Some((i + 1).min(last)),
                (_, true, Some(0)) => None,
                (_, true, Some(i)) => Some(i - 1),
                _ => picked.filter(|i| *i <= last),
            };
            match next {
                Some(i) => self.state.suggestion.insert(name, i),
                None => self.state.suggestion.remove(name),
            };
        }
        let empty_backspace = focused
            && typed_now.is_empty()
            && !values.is_empty()
            && ui.input(|i| i.key_pressed(egui::Key::Backspace));
        let adding = self.state.adding.entry(name).or_default();
        let response = ui
            .add(
                egui::TextEdit::singleline(adding)
                    .id(input_id)
                    .hint_text(format!("Add to {}…", field.label().to_lowercase()))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if response.gained_focus() {
            response.scroll_to_me(None);
        }
        let typed = adding.trim().to_owned();
        if response.changed() {
            self.state.typed();
            self.state.suggestion.remove(name);
        }
        if self.state.refocus_add == Some(name) {
            response.request_focus();
            self.state.refocus_add = None;
        }
        if empty_backspace {
            self.state.chip_focus = Some((name, values.len() - 1));
        }
        let picked = self
            .state
            .suggestion
            .get(name)
            .and_then(|i| suggestions.get(*i))
            .cloned();
        let mut add = None;
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            add = picked
                .clone()
                .or_else(|| (!typed.is_empty()).then(|| typed.clone()));
            // Enter adds and keeps the keyboard here, for the next value.
            self.state.refocus_add = Some(name);
        }
        if !suggestions.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("Suggestions (arrow keys, Enter):");
                for suggestion in &suggestions {
                    let chosen = picked.as_ref() == Some(suggestion);
                    if ui.selectable_label(chosen, suggestion.as_str()).clicked() {
                        add = Some(suggestion.clone());
                    }
                }
            });
        }
        let mut new_values = values.clone();
        if let Some(i) = remove {
            new_values.remove(i);
        }
        if let Some(value) = add {
            if !new_values.contains(&value) {
                new_values.push(value);
            }
            self.state.adding.remove(name);
            self.state.suggestion.remove(name);
        }
        if new_values != values {
            let value = if field == Field::Related {
                match new_values
                    .iter()
                    .map(|v| RecordId::new(v.as_str()))
                    .collect::<Result<Vec<_>, _>>()
                {
                    Ok(ids) => FieldValue::Related(ids),
                    Err(e) => {
                        ui.colored_label(error_color(ui), e.to_string());
                        return;
                    }
                }
            } else {
                FieldValue::List(new_values)
            };
            self.set(field, value);
        }
        self.problems_ui(ui, field);
    }

    /// Values of the catalog for a list field holding what is typed (not those the
    /// record has), at most six.
    fn suggestions(&mut self, field: Field, typed: &str, values: &[String]) -> Vec<String> {
        if typed.is_empty() {
            return Vec::new();
        }
        // Built only when suggestions are wanted, not after every edit.
        self.state.vocabulary.update(self.catalog);
        let lower = typed.to_lowercase();
        self.state
            .vocabulary
            .values
            .get(&field)
            .map(|all| {
                all.iter()
                    .filter(|v| v.to_lowercase().contains(&lower) && !values.contains(v))
                    .take(6)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn credits(&mut self, ui: &mut egui::Ui) {
        self.field_label(ui, Field::Credits);
        let mut credits = self.record.credits.clone();
        let mut changed = false;
        let mut remove = None;
        for (i, credit) in credits.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let role_label = ui.label(format!("Credit {} role", i + 1));
                let before = credit.role;
                egui::ComboBox::from_id_salt(("credit_role", i))
                    .selected_text(before.name())
                    .show_ui(ui, |ui| {
                        for role in CreditRole::ALL {
                            ui.selectable_value(&mut credit.role, role, role.name());
                        }
                    })
                    .response
                    .labelled_by(role_label.id);
                changed |= credit.role != before;
                if ui
                    .small_button("Remove")
                    .on_hover_text(format!("Remove credit {}", i + 1))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            let key = format!("credits.{i}.name");
            let (_, committed) = self.input(ui, &key, &format!("Credit {} name", i + 1), false, 1);
            if committed {
                credit.name = self.state.drafts.get(&key).cloned().unwrap_or_default();
                changed = true;
            }
        }
        if let Some(i) = remove {
            credits.remove(i);
            changed = true;
        }
        if ui.button("Add credit").clicked() {
            credits.push(Credit {
                role: CreditRole::Translated,
                name: String::new(),
            });
            changed = true;
        }
        if changed {
            self.set(Field::Credits, FieldValue::Credits(credits));
        }
        self.problems_ui(ui, Field::Credits);
    }

    pub(super) fn texts(&mut self, ui: &mut egui::Ui) {
        // Read once and kept with the record: this runs every frame.
        let mut texts = match self.record.texts.read().map(<[Text]>::to_vec) {
            Ok(texts) => texts,
            Err(e) => {
                // Never shown as no texts: a change made here would replace them.
                ui.colored_label(ui.visuals().error_fg_color, e.to_string());
                return;
            }
        };
        let mut changed = false;
        let mut remove = None;
        for (i, text) in texts.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let kind_label = ui.label(format!("Text {} kind", i + 1));
                let before = text.kind;
                egui::ComboBox::from_id_salt(("text_kind", i))
                    .selected_text(before.name())
                    .show_ui(ui, |ui| {
                        for kind in TextKind::ALL {
                            ui.selectable_value(&mut text.kind, kind, kind.name());
                        }
                    })
                    .response
                    .labelled_by(kind_label.id);
                changed |= text.kind != before;
                if ui
                    .small_button("Remove")
                    .on_hover_text(format!("Remove text {}", i + 1))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            let key = format!("texts.{i}.language");
            let (_, committed) =
                self.input(ui, &key, &format!("Text {} language", i + 1), false, 1);
            if committed {
                text.language = self.state.drafts.get(&key).cloned().unwrap_or_default();
                changed = true;
            }
            let key = format!("texts.{i}.body");
            let (_, committed) = self.input(ui, &key, &format!("Text {} body", i + 1), true, 14);
            if committed {
                text.body = self.state.drafts.get(&key).cloned().unwrap_or_default();
                changed = true;
            }
            ui.add_space(6.0);
        }
        if let Some(i) = remove {
            texts.remove(i);
            changed = true;
        }
        if ui.button("Add text").clicked() {
            texts.push(Text {
                kind: TextKind::Translation,
                language: "English".to_owned(),
                body: String::new(),
            });
            changed = true;
        }
        if changed {
            self.set(Field::Texts, FieldValue::Texts(texts.into()));
        }
        self.problems_ui(ui, Field::Texts);
    }

    pub(super) fn attachments(&mut self, ui: &mut egui::Ui) {
        self.field_label(ui, Field::Attachments);
        let mut attachments = self.record.attachments.clone();
        let count = attachments.len();
        let mut changed = false;
        let mut remove = None;
        let mut moved = None;
        for (i, attachment) in attachments.iter_mut().enumerate() {
            for (part, label) in [("path", "path"), ("label", "label")] {
                let key = format!("attachments.{i}.{part}");
                let (_, committed) =
                    self.input(ui, &key, &format!("Attachment {} {label}", i + 1), false, 1);
                if committed {
                    let value = self.state.drafts.get(&key).cloned().unwrap_or_default();
                    if part == "path" {
                        match crate::model::validate::attachment_path_problem(&value) {
                            Some(problem) => {
                                self.state.errors.insert(key.clone(), problem);
                                continue;
                            }
                            None => {
                                self.state.errors.remove(&key);
                                attachment.path = value;
                            }
                        }
                    } else {
                        attachment.label = value;
                    }
                    changed = true;
                }
                if let Some(error) = self.state.errors.get(&key) {
                    ui.colored_label(error_color(ui), error.as_str());
                }
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(i > 0, egui::Button::new("Up").small())
                    .on_hover_text(format!("Move attachment {} up", i + 1))
                    .clicked()
                {
                    moved = Some((i, i - 1));
                }
                if ui
                    .add_enabled(i + 1 < count, egui::Button::new("Down").small())
                    .on_hover_text(format!("Move attachment {} down", i + 1))
                    .clicked()
                {
                    moved = Some((i, i + 1));
                }
                if ui
                    .small_button("Remove")
                    .on_hover_text(format!(
                        "Remove attachment {} from the record (its file stays in attachments/; folio validate lists it)",
                        i + 1
                    ))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
        }
        if let Some((from, to)) = moved {
            attachments.swap(from, to);
            changed = true;
        }
        if let Some(i) = remove {
            attachments.remove(i);
            changed = true;
        }
        ui.horizontal(|ui| {
            if ui
                .button("Attach files…")
                .on_hover_text("Copy scans or other files into the catalog's attachments/ folder (or drop them on the window)")
                .clicked()
            {
                self.actions
                    .push(Action::ChooseAttachments(self.record.id.clone()));
            }
            if ui
                .button("Add by path")
                .on_hover_text("A file already under attachments/: type its path")
                .clicked()
            {
                attachments.push(Attachment {
                    path: format!("{}/scan.pdf", self.record.id),
                    label: String::new(),
                });
                changed = true;
            }
        });
        if changed {
            self.set(Field::Attachments, FieldValue::Attachments(attachments));
        }
        self.problems_ui(ui, Field::Attachments);
    }

    pub(super) fn status(&mut self, ui: &mut egui::Ui) {
        let label = self.field_label(ui, Field::Status);
        let mut status = self.record.status;
        egui::ComboBox::from_id_salt("status")
            .selected_text(status.name())
            .show_ui(ui, |ui| {
                for s in Status::ALL {
                    ui.selectable_value(&mut status, s, s.name());
                }
            })
            .response
            .labelled_by(label.id);
        if status != self.record.status {
            self.set(Field::Status, FieldValue::Status(status));
        }
    }
}
