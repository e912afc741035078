//! The editor's widgets for structured fields: lists with suggestions, credits,
//! texts, attachments and the status.

use crate::model::{
    Attachment, Credit, CreditRole, Field, FieldValue, RecordId, Status, Text, TextKind,
};

use super::{Form, error_color};

impl Form<'_> {
    pub(super) fn list(&mut self, ui: &mut egui::Ui, field: Field) {
        let values: Vec<String> = match field.get(self.record) {
            FieldValue::List(v) => v,
            FieldValue::Related(v) => v.into_iter().map(|id| id.to_string()).collect(),
            _ => return,
        };
        let label = ui.label(field.label());
        let mut remove = None;
        if !values.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for (i, value) in values.iter().enumerate() {
                    let chip = egui::Button::new(format!("{value}  ×"))
                        .corner_radius(8.0)
                        .small();
                    if ui
                        .add(chip)
                        .on_hover_text(format!("Remove “{value}”"))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                }
            });
        }
        let adding = self.state.adding.entry(field.name()).or_default();
        let response = ui
            .add(
                egui::TextEdit::singleline(adding)
                    .hint_text(format!("Add to {}…", field.label().to_lowercase()))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let typed = adding.trim().to_owned();
        if response.changed() {
            self.state.typed();
        }
        let mut add = None;
        if response.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && !typed.is_empty()
        {
            add = Some(typed.clone());
        }
        if !typed.is_empty() {
            // Built only when suggestions are wanted, not after every edit.
            self.state.vocabulary.update(self.catalog);
            let lower = typed.to_lowercase();
            let suggestions: Vec<&String> = self
                .state
                .vocabulary
                .values
                .get(&field)
                .map(|all| {
                    all.iter()
                        .filter(|v| v.to_lowercase().contains(&lower) && !values.contains(v))
                        .take(6)
                        .collect()
                })
                .unwrap_or_default();
            if !suggestions.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.weak("Suggestions:");
                    for suggestion in suggestions {
                        if ui.small_button(suggestion.as_str()).clicked() {
                            add = Some(suggestion.clone());
                        }
                    }
                });
            }
        }
        let mut new_values = values.clone();
        if let Some(i) = remove {
            new_values.remove(i);
        }
        if let Some(value) = add {
            if !new_values.contains(&value) {
                new_values.push(value);
            }
            self.state.adding.remove(field.name());
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
    }

    pub(super) fn credits(&mut self, ui: &mut egui::Ui) {
        ui.label(Field::Credits.label());
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
    }

    pub(super) fn texts(&mut self, ui: &mut egui::Ui) {
        let mut texts = self.record.texts.clone();
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
            self.set(Field::Texts, FieldValue::Texts(texts));
        }
    }

    pub(super) fn attachments(&mut self, ui: &mut egui::Ui) {
        ui.label(Field::Attachments.label());
        let mut attachments = self.record.attachments.clone();
        let mut changed = false;
        let mut remove = None;
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
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Remove attachment {}", i + 1))
                .clicked()
            {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            attachments.remove(i);
            changed = true;
        }
        if ui.button("Add attachment").clicked() {
            attachments.push(Attachment {
                path: "scan.pdf".to_owned(),
                label: String::new(),
            });
            changed = true;
        }
        if changed {
            self.set(Field::Attachments, FieldValue::Attachments(attachments));
        }
    }

    pub(super) fn status(&mut self, ui: &mut egui::Ui) {
        let label = ui.label(Field::Status.label());
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
