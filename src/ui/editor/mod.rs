//! The metadata editor: every field of the record, grouped, validated as typed.
//!
//! Text is edited in drafts; a draft becomes an [`Edit`] (one undo step) when its
//! field loses the keyboard or Enter is pressed, and only if it is valid. Invalid
//! drafts stay visible, marked with the reason, and are never saved.

mod drafts;

pub use drafts::TYPING_PAUSE;
mod fields;

use std::collections::{BTreeMap, BTreeSet};

use egui::{Color32, RichText};

use crate::model::{ArchivalDate, Field, FieldValue, Problem, Record, RecordId, Severity};
use crate::store::{Catalog, Edit};

use crate::session::Session;

use super::app::Action;

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
    /// Scroll the form to its top next frame (a new record, F2).
    pub scroll_to_top: bool,
    /// In list fields: the suggestion picked with the arrows, per field.
    suggestion: BTreeMap<&'static str, usize>,
    /// A list field's chip to put the keyboard on next frame (Backspace in its input).
    chip_focus: Option<(&'static str, usize)>,
    /// A list field whose input keeps the keyboard after Enter added a value.
    refocus_add: Option<&'static str>,
    /// When the user last typed in a field, and when the oldest uncommitted draft
    /// was typed (for the journal's timer).
    last_typed: Option<std::time::Instant>,
    first_pending: Option<std::time::Instant>,
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
    /// and did not commit (an invalid date, say) are kept while the record stays;
    /// when another record is shown, those its fields refused are returned (field,
    /// value typed, why), for the app to say they were not kept.
    pub fn sync(
        &mut self,
        catalog: Option<&Catalog>,
        current: Option<&RecordId>,
    ) -> Vec<(String, String, String)> {
        let mut refused = Vec::new();
        let Some(catalog) = catalog else {
            *self = Self::default();
            return refused;
        };
        let record = current.and_then(|id| catalog.get(id));
        let same_record = self.record.as_ref() == current;
        if same_record && self.generation == catalog.generation() {
            return refused;
        }
        if !same_record {
            refused = self
                .errors
                .iter()
                .map(|(key, why)| {
                    let typed = self.drafts.get(key).cloned().unwrap_or_default();
                    (drafts::label_of(key), typed, why.clone())
                })
                .collect();
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
            self.last_typed = None;
            self.first_pending = None;
        }
        self.loaded = values;
        self.record = current.cloned();
        self.generation = catalog.generation();
        refused
    }

    /// The record whose form the drafts belong to.
    pub fn record(&self) -> Option<&RecordId> {
        self.record.as_ref()
    }

    /// True when a draft holds a value that was refused.
    pub fn has_invalid_drafts(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The drafts holding a value that was refused: the field's label and why.
    pub fn invalid_drafts(&self) -> Vec<(String, String)> {
        self.errors
            .iter()
            .map(|(key, why)| (drafts::label_of(key), why.clone()))
            .collect()
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
    let catalog = session.catalog();
    let read_only = catalog.read_only().is_some();
    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if std::mem::take(&mut state.scroll_to_top) {
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    scroll.show(ui, |ui| {
        ui.add_enabled_ui(!read_only, |ui| {
            let mut form = Form {
                state,
                record,
                catalog,
                problems: session.problems_of(&record.id),
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
                        "Created {}",
                        record.created.format("%Y-%m-%d %H:%M UTC"),
                    ))
                    .weak()
                    .small(),
                );
            });
        });
    });
}

/// A label that a right click on opens a menu with "History of <field>" (not in
/// the Tab order: the History tab's field choice serves the keyboard).
fn field_label(
    ui: &mut egui::Ui,
    field: Field,
    text: &str,
    actions: &mut Vec<Action>,
) -> egui::Response {
    let response = ui.add(egui::Label::new(text).sense(egui::Sense::CLICK));
    response.context_menu(|ui| {
        if ui.button(format!("History of {}", field.label())).clicked() {
            actions.push(Action::ShowFieldHistory(Some(field)));
            ui.close();
        }
    });
    response
}

/// A section of the form, folded by a click on its heading. The heading is not a
/// Tab stop: Tab goes from field to field.
fn group(ui: &mut egui::Ui, title: &str, add: impl FnOnce(&mut egui::Ui)) {
    let id = ui.make_persistent_id(("form_group", title));
    let open = ui.data_mut(|d| *d.get_persisted_mut_or(id, true));
    let heading = ui.horizontal(|ui| {
        let (triangle, toggle) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::CLICK);
        let color = ui.visuals().text_color();
        let c = triangle.center();
        let points = if open {
            vec![
                c + egui::vec2(-4.0, -2.5),
                c + egui::vec2(4.0, -2.5),
                c + egui::vec2(0.0, 3.5),
            ]
        } else {
            vec![
                c + egui::vec2(-2.5, -4.0),
                c + egui::vec2(3.5, 0.0),
                c + egui::vec2(-2.5, 4.0),
            ]
        };
        ui.painter().add(egui::Shape::convex_polygon(
            points,
            color,
            egui::Stroke::NONE,
        ));
        let label =
            ui.add(egui::Label::new(RichText::new(title).strong()).sense(egui::Sense::CLICK));
        toggle.clicked() || label.clicked()
    });
    if heading.inner {
        ui.data_mut(|d| d.insert_persisted(id, !open));
    }
    if open {
        ui.indent(id, |ui| {
            ui.spacing_mut().item_spacing.y = 6.0;
            add(ui);
        });
    }
    ui.add_space(4.0);
}

struct Form<'a> {
    state: &'a mut EditorState,
    record: &'a Record,
    catalog: &'a Catalog,
    /// The record's validation problems, shown under the fields they concern.
    problems: &'a [Problem],
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

    /// A field's label; a right click on it offers the field's history.
    fn field_label(&mut self, ui: &mut egui::Ui, field: Field) -> egui::Response {
        field_label(ui, field, field.label(), self.actions)
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
        let label_response = match Field::from_name(key) {
            Ok(field) => field_label(ui, field, label, self.actions),
            Err(_) => ui.label(label),
        };
        let draft = self.state.drafts.entry(key.to_owned()).or_default();
        let invalid = self.state.errors.contains_key(key);
        let mut edit = if multiline {
            egui::TextEdit::multiline(draft).desired_rows(rows)
        } else {
            egui::TextEdit::singleline(draft)
        }
        // Named by its field, not by its place in the form: a line shown above it (a
        // banner, a problem) must not take its keyboard away.
        .id_salt(("field", key))
        .desired_width(f32::INFINITY);
        if key == Field::Title.name() {
            // A hint, not text: typing replaces nothing.
            edit = edit.hint_text("Untitled record");
        }
        if invalid {
            edit = edit.background_color(ui.visuals().error_fg_color.linear_multiply(0.15));
        }
        let response = ui.add(edit).labelled_by(label_response.id);
        if response.gained_focus() {
            // Tab into a field below the fold: the form follows the cursor.
            response.scroll_to_me(None);
        }
        if response.changed() {
            self.state.typed();
            // Typed back to the value saved: nothing of it is refused any more.
            if self.state.drafts.get(key) == self.state.loaded.get(key) {
                self.state.errors.remove(key);
            }
        }
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
        let (response, committed) = self.input(ui, key, field.label(), multiline, rows);
        if self.state.focus_field == Some(field) {
            response.request_focus();
            response.scroll_to_me(None);
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
        } else {
            self.problems_ui(ui, field);
        }
    }

    /// The record's validation problems that concern `field`, under it.
    fn problems_ui(&self, ui: &mut egui::Ui, field: Field) {
        for problem in self.problems.iter().filter(|p| p.field == Some(field)) {
            let color = match problem.severity {
                Severity::Error => error_color(ui),
                Severity::Warning => ui.visuals().warn_fg_color,
            };
            ui.colored_label(color, problem.message.as_str());
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
}
