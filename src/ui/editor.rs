//! The metadata editor: every field of the record, grouped, validated as typed.
//!
//! Text is edited in drafts; a draft becomes an [`Edit`] (one undo step) when its
//! field loses the keyboard or Enter is pressed, and only if it is valid. Invalid
//! drafts stay visible, marked with the reason, and are never saved.

use std::collections::{BTreeMap, BTreeSet};

use egui::{Color32, RichText};

use crate::model::{
    ArchivalDate, Attachment, Credit, CreditRole, Field, FieldValue, Record, RecordId, Status,
    Text, TextKind,
};
use crate::store::{Catalog, Edit};

use super::app::Action;
use super::session::Session;

/// Drafts of the fields being edited, and suggestions for list fields.
#[derive(Default)]
pub struct EditorState {
    record: Option<RecordId>,
    generation: u64,
    drafts: BTreeMap<String, String>,
    loaded: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
    adding: BTreeMap<&'static str, String>,
    vocabulary: Vocabulary,
    /// The field to put the keyboard in next frame (from the problems panel, new record).
    pub focus_field: Option<Field>,
}

/// Values already used in the catalog, per list field, for autocomplete.
#[derive(Default)]
struct Vocabulary {
    generation: Option<u64>,
    values: BTreeMap<Field, Vec<String>>,
}

const VOCABULARY_FIELDS: [Field; 9] = [
    Field::Authors,
    Field::People,
    Field::Places,
    Field::Subjects,
    Field::Topics,
    Field::Languages,
    Field::OriginalArchives,
    Field::Funders,
    Field::Related,
];

impl Vocabulary {
    fn update(&mut self, catalog: &Catalog) {
        if self.generation == Some(catalog.generation()) {
            return;
        }
        let mut values: BTreeMap<Field, BTreeSet<String>> = BTreeMap::new();
        for record in catalog.records() {
            for field in VOCABULARY_FIELDS {
                let set = values.entry(field).or_default();
                match field {
                    Field::Related => {
                        set.insert(record.id.to_string());
                    }
                    _ => {
                        if let FieldValue::List(list) = field.get(record) {
                            set.extend(list);
                        }
                    }
                }
            }
        }
        self.values = values
            .into_iter()
            .map(|(f, s)| (f, s.into_iter().collect()))
            .collect();
        self.generation = Some(catalog.generation());
    }
}

/// The draft keys and texts of a record's text fields.
fn draft_values(record: &Record) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    values.insert("id".to_owned(), record.id.to_string());
    for field in Field::ALL {
        let text = match field.get(record) {
            FieldValue::Text(s) => s,
            FieldValue::Date(d) => d.map(|d| d.as_str().to_owned()).unwrap_or_default(),
            FieldValue::Day(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            _ => continue,
        };
        values.insert(field.name().to_owned(), text);
    }
    for (i, c) in record.credits.iter().enumerate() {
        values.insert(format!("credits.{i}.name"), c.name.clone());
    }
    for (i, t) in record.texts.iter().enumerate() {
        values.insert(format!("texts.{i}.language"), t.language.clone());
        values.insert(format!("texts.{i}.body"), t.body.clone());
    }
    for (i, a) in record.attachments.iter().enumerate() {
        values.insert(format!("attachments.{i}.path"), a.path.clone());
        values.insert(format!("attachments.{i}.label"), a.label.clone());
    }
    values
}

impl EditorState {
    /// Brings the drafts up to date with the record shown. Drafts the user changed
    /// and did not commit (an invalid date, say) are kept while the record stays.
    pub fn sync(&mut self, catalog: Option<&Catalog>, current: Option<&RecordId>) {
        let Some(catalog) = catalog else {
            *self = Self::default();
            return;
        };
        let record = current.and_then(|id| catalog.get(id));
        let same_record = self.record.as_ref() == current;
        if same_record && self.generation == catalog.generation() {
            return;
        }
        let values = record.map(draft_values).unwrap_or_default();
        if same_record {
            for (key, value) in &values {
                let untouched = self.drafts.get(key) == self.loaded.get(key);
                if untouched || !self.drafts.contains_key(key) {
                    self.drafts.insert(key.clone(), value.clone());
                    self.errors.remove(key);
                }
            }
            self.drafts.retain(|k, _| values.contains_key(k));
        } else {
            self.drafts = values.clone();
            self.errors.clear();
            self.adding.clear();
        }
        self.loaded = values;
        self.record = current.cloned();
        self.generation = catalog.generation();
    }

    /// True when a draft holds a value that was refused.
    pub fn has_invalid_drafts(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Draws the editor for `record`.
pub fn editor_ui(
    ui: &mut egui::Ui,
    record: &Record,
    session: &Session,
    state: &mut EditorState,
    actions: &mut Vec<Action>,
) {
    let catalog = &session.catalog;
    let read_only = catalog.read_only().is_some();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_enabled_ui(!read_only, |ui| {
                let mut form = Form {
                    state,
                    record,
                    catalog,
                    actions,
                };
                group(ui, "Identification", |ui| {
                    form.id_field(ui);
                    form.text(ui, Field::Title, false);
                    form.text(ui, Field::DocType, false);
                    form.text(ui, Field::ExternalId, false);
                    form.text(ui, Field::Classification, false);
                });
                group(ui, "Dates", |ui| {
                    form.text(ui, Field::Date, false);
                    form.text(ui, Field::DateDisplay, false);
                    form.text(ui, Field::Uploaded, false);
                });
                group(ui, "Description", |ui| {
                    form.text(ui, Field::Summary, true);
                    form.list(ui, Field::Languages);
                    form.list(ui, Field::Subjects);
                    form.list(ui, Field::Topics);
                });
                group(ui, "People and places", |ui| {
                    form.list(ui, Field::Authors);
                    form.list(ui, Field::People);
                    form.list(ui, Field::Places);
                });
                group(ui, "Source and credits", |ui| {
                    form.text(ui, Field::Source, true);
                    form.credits(ui);
                    form.list(ui, Field::OriginalArchives);
                    form.list(ui, Field::Funders);
                    form.list(ui, Field::Urls);
                });
                group(ui, "Rights", |ui| {
                    form.text(ui, Field::Rights, true);
                });
                group(ui, "Texts", |ui| {
                    form.texts(ui);
                });
                group(ui, "Admin", |ui| {
                    form.status(ui);
                    form.list(ui, Field::Related);
                    form.attachments(ui);
                    form.text(ui, Field::Notes, true);
                    ui.label(
                        RichText::new(format!(
                            "Created {} · modified {}",
                            record.created.format("%Y-%m-%d %H:%M UTC"),
                            record.modified.format("%Y-%m-%d %H:%M UTC")
                        ))
                        .weak()
                        .small(),
                    );
                });
            });
        });
}

fn group(ui: &mut egui::Ui, title: &str, add: impl FnOnce(&mut egui::Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .default_open(true)
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 6.0;
            add(ui);
        });
    ui.add_space(4.0);
}

/// Human label of a field.
pub fn field_label(field: Field) -> &'static str {
    match field {
        Field::Title => "Title",
        Field::Date => "Date",
        Field::DateDisplay => "Date as printed",
        Field::DocType => "Type",
        Field::Summary => "Summary",
        Field::Authors => "Authors",
        Field::People => "People and organizations",
        Field::Places => "Places",
        Field::Subjects => "Subjects",
        Field::Topics => "Topics",
        Field::Languages => "Languages",
        Field::Source => "Source",
        Field::Credits => "Credits",
        Field::OriginalArchives => "Original archives",
        Field::Classification => "Classification",
        Field::Funders => "Funders",
        Field::Rights => "Rights",
        Field::ExternalId => "Archive record number",
        Field::Uploaded => "Uploaded",
        Field::Urls => "Web addresses",
        Field::Related => "Related records",
        Field::Texts => "Texts",
        Field::Attachments => "Attachments",
        Field::Notes => "Notes",
        Field::Status => "Status",
    }
}

struct Form<'a> {
    state: &'a mut EditorState,
    record: &'a Record,
    catalog: &'a Catalog,
    actions: &'a mut Vec<Action>,
}

fn error_color(ui: &egui::Ui) -> Color32 {
    ui.visuals().error_fg_color
}

impl Form<'_> {
    fn set(&mut self, field: Field, value: FieldValue) {
        if field.get(self.record) != value {
            self.actions.push(Action::Edit(Edit::set(
                self.record.id.clone(),
                field,
                value,
            )));
        }
    }

    /// A text input bound to draft `key`; returns (response, committed?).
    fn input(
        &mut self,
        ui: &mut egui::Ui,
        key: &str,
        label: &str,
        multiline: bool,
        rows: usize,
    ) -> (egui::Response, bool) {
        let label_response = ui.label(label);
        let draft = self.state.drafts.entry(key.to_owned()).or_default();
        let invalid = self.state.errors.contains_key(key);
        let mut edit = if multiline {
            egui::TextEdit::multiline(draft).desired_rows(rows)
        } else {
            egui::TextEdit::singleline(draft)
        }
        .desired_width(f32::INFINITY);
        if invalid {
            edit = edit.background_color(ui.visuals().error_fg_color.linear_multiply(0.15));
        }
        let response = ui.add(edit).labelled_by(label_response.id);
        let committed =
            response.lost_focus() && self.state.drafts.get(key) != self.state.loaded.get(key);
        (response, committed)
    }

    fn text(&mut self, ui: &mut egui::Ui, field: Field, multiline: bool) {
        let key = field.name();
        let rows = if field == Field::Summary || field == Field::Source {
            3
        } else {
            4
        };
        let (response, committed) = self.input(ui, key, field_label(field), multiline, rows);
        if self.state.focus_field == Some(field) {
            response.request_focus();
            self.state.focus_field = None;
        }
        let draft = self.state.drafts.get(key).cloned().unwrap_or_default();
        // Live feedback while typing: the date in words, or why it is not a date.
        if field == Field::Date && !draft.is_empty() {
            match ArchivalDate::parse(&draft) {
                Ok(date) => {
                    ui.label(RichText::new(format!("= {}", date.words())).weak());
                }
                Err(e) => {
                    ui.colored_label(error_color(ui), e.reason.clone());
                }
            }
        }
        if committed {
            match field.parse_input(&draft) {
                Ok(value) => {
                    self.state.errors.remove(key);
                    self.set(field, value);
                }
                Err(e) => {
                    self.state.errors.insert(key.to_owned(), e.to_string());
                }
            }
        }
        if let Some(error) = self.state.errors.get(key) {
            if field != Field::Date {
                ui.colored_label(error_color(ui), error.as_str());
            } else {
                ui.colored_label(error_color(ui), "Not saved: the date is invalid.");
            }
        }
    }

    fn id_field(&mut self, ui: &mut egui::Ui) {
        let (_, committed) = self.input(ui, "id", "Id", false, 1);
        if committed {
            let draft = self.state.drafts.get("id").cloned().unwrap_or_default();
            match RecordId::new(draft) {
                Ok(to) if self.catalog.contains(&to) => {
                    self.state.errors.insert(
                        "id".to_owned(),
                        format!("another record already has the id \"{to}\""),
                    );
                }
                Ok(to) => {
                    self.state.errors.remove("id");
                    self.actions.push(Action::Edit(Edit::rename(
                        self.catalog,
                        self.record.id.clone(),
                        to,
                    )));
                }
                Err(e) => {
                    self.state.errors.insert("id".to_owned(), e.to_string());
                }
            }
        }
        if let Some(error) = self.state.errors.get("id") {
            ui.colored_label(error_color(ui), error.as_str());
        }
    }

    fn list(&mut self, ui: &mut egui::Ui, field: Field) {
        let values: Vec<String> = match field.get(self.record) {
            FieldValue::List(v) => v,
            FieldValue::Related(v) => v.into_iter().map(|id| id.to_string()).collect(),
            _ => return,
        };
        let label = ui.label(field_label(field));
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
                    .hint_text(format!("Add to {}…", field_label(field).to_lowercase()))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let typed = adding.trim().to_owned();
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

    fn credits(&mut self, ui: &mut egui::Ui) {
        ui.label(field_label(Field::Credits));
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

    fn texts(&mut self, ui: &mut egui::Ui) {
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

    fn attachments(&mut self, ui: &mut egui::Ui) {
        ui.label(field_label(Field::Attachments));
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

    fn status(&mut self, ui: &mut egui::Ui) {
        let label = ui.label(field_label(Field::Status));
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
