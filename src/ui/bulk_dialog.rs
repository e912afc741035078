//! Record → Edit records…: one correction over the selected records (or every
//! record of the list), previewed field by field before it is applied as one
//! undo step. The plan comes from `folio::bulk`, as for `folio edit`.

use egui::RichText;

use crate::bulk::{BulkChange, BulkPlan, FindOptions, Finder, is_list, text_fields};
use crate::model::{Field, FieldValue};
use crate::session::{Scope, Session};
use crate::vcs::history::{WordChange, around_changes, word_diff};
use crate::words::count;

use super::app::Action;

/// How many changes the preview lists (the counts cover them all).
pub(super) const SHOWN: usize = 300;
/// A value longer than this (in characters) is shown around its changes.
const CUT: usize = 120;
/// Characters of unchanged text shown on each side of a change.
const CONTEXT: usize = 40;

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Operation {
    /// Find and replace.
    #[default]
    Replace,
    /// Set a field.
    Set,
    /// Add a list item.
    Add,
    /// Remove a list item.
    Remove,
    /// Rename a value of a list field (or merge it into another).
    Rename,
}

impl Operation {
    const ALL: [Operation; 5] = [
        Operation::Replace,
        Operation::Set,
        Operation::Add,
        Operation::Remove,
        Operation::Rename,
    ];

    fn label(self) -> &'static str {
        match self {
            Operation::Replace => "Find and replace",
            Operation::Set => "Set a field",
            Operation::Add => "Add to a list",
            Operation::Remove => "Remove from a list",
            Operation::Rename => "Rename a value",
        }
    }

    /// The fields it can change.
    fn fields(self) -> Vec<Field> {
        match self {
            Operation::Replace => text_fields().collect(),
            Operation::Set => Field::ALL.to_vec(),
            Operation::Add | Operation::Remove | Operation::Rename => {
                Field::ALL.into_iter().filter(|f| is_list(*f)).collect()
            }
        }
    }
}

/// The bulk edit form.
#[derive(Debug, Clone)]
pub struct BulkForm {
    /// The selected records, or every record of the list.
    pub scope: Scope,
    /// What kind of change.
    pub operation: Operation,
    /// The field (`None` with Replace: every text field).
    pub field: Option<Field>,
    /// The value to set, or the item to add or remove.
    pub value: String,
    /// What to find.
    pub find: String,
    /// What to put in its place.
    pub replacement: String,
    /// Regex, case, accents.
    pub options: FindOptions,
    /// Change the records that stay valid, leaving out the others (else nothing).
    pub skip_invalid: bool,
    /// The preview of the form as it is (cleared by any change to the form).
    pub preview: Option<Result<BulkPlan, String>>,
    /// The preview's changes as shown: id and field, before, after (long texts cut
    /// around their changes once, not every frame).
    shown: Vec<(String, String, String)>,
    /// The keyboard was put in the first input (once).
    focused: bool,
    /// Put the keyboard on Apply (a preview just came).
    focus_apply: bool,
    /// The catalog's generation the preview was planned on: Apply applies it as
    /// it is only if the catalog has not changed since.
    pub planned_at: Option<u64>,
    /// Planning on its own thread.
    pub planning: bool,
}

impl BulkForm {
    /// A form on the selection when there is one, else on the list.
    pub fn new(selected: usize) -> Self {
        BulkForm {
            scope: if selected > 0 {
                Scope::Selected
            } else {
                Scope::Result
            },
            operation: Operation::Replace,
            field: None,
            value: String::new(),
            find: String::new(),
            replacement: String::new(),
            options: FindOptions::default(),
            skip_invalid: false,
            preview: None,
            shown: Vec::new(),
            focused: false,
            focus_apply: false,
            planned_at: None,
            planning: false,
        }
    }

    /// The change the form describes, or why it is not one yet.
    pub fn change(&self) -> Result<BulkChange, String> {
        let field = |f: Option<Field>| f.ok_or_else(|| "Choose a field.".to_owned());
        Ok(match self.operation {
            Operation::Replace => BulkChange::Replace {
                field: self.field,
                finder: Finder::new(&self.find, self.options).map_err(|e| e.to_string())?,
                replacement: self.replacement.clone(),
            },
            Operation::Set => {
                let field = field(self.field)?;
                let value = field.parse_input(&self.value).map_err(|e| e.to_string())?;
                BulkChange::Set(field, value)
            }
            Operation::Add => BulkChange::Add(field(self.field)?, self.value.clone()),
            Operation::Remove => BulkChange::Remove(field(self.field)?, self.value.clone()),
            Operation::Rename => {
                if self.replacement.trim().is_empty() {
                    return Err("Type the new name (or the value to merge into).".to_owned());
                }
                BulkChange::Rename(
                    field(self.field)?,
                    self.value.clone(),
                    self.replacement.clone(),
                )
            }
        })
    }

    /// A form renaming `value` of `field` across the catalog (from the Values view).
    pub fn rename(field: Field, value: &str) -> Self {
        BulkForm {
            scope: Scope::All,
            operation: Operation::Rename,
            field: Some(field),
            value: value.to_owned(),
            ..BulkForm::new(0)
        }
    }

    /// What the user typed and chose: a preview is of these.
    fn inputs(&self) -> impl PartialEq + use<> {
        (
            self.scope,
            self.operation,
            self.field,
            self.value.clone(),
            self.find.clone(),
            self.replacement.clone(),
            self.options,
        )
    }

    /// Shows `preview` (the plan of the form as it is, or why there is none).
    pub fn set_preview(&mut self, preview: Result<BulkPlan, String>) {
        self.shown = match &preview {
            Ok(plan) => plan
                .changes
                .iter()
                .take(SHOWN)
                .map(|c| {
                    let (before, after) = excerpts(&c.before, &c.after);
                    (format!("{} — {}:", c.id, c.field.label()), before, after)
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        // From Preview, the keyboard goes on to Apply (Tab, Shift+Tab from there).
        self.focus_apply = preview.as_ref().is_ok_and(|p| !p.changes.is_empty());
        self.preview = Some(preview);
    }

    /// Starts planning the change over the records of its scope on its own
    /// thread (a find and replace over a whole catalog takes seconds); the answer
    /// comes with the catalog's generation it was planned on.
    pub fn start_plan(&mut self, session: &Session) -> Option<PlanJob<BulkPlan>> {
        let change = match self.change() {
            Ok(change) => change,
            Err(why) => {
                self.set_preview(Err(why));
                return None;
            }
        };
        let records = session.scope_records(self.scope);
        let job = PlanJob::spawn(session.catalog().generation(), move || {
            change
                .plan_records(records.iter().map(|r| r.as_ref()))
                .map_err(|e| e.to_string())
        });
        self.preview = None;
        self.planning = true;
        Some(job)
    }
}

/// A plan being made on its own thread (a preview of a change over a whole catalog
/// takes seconds), with the catalog's generation it was planned on.
#[derive(Debug)]
pub struct PlanJob<T> {
    /// The catalog's generation it plans on.
    pub generation: u64,
    rx: std::sync::mpsc::Receiver<Result<T, String>>,
}

impl<T: Send + 'static> PlanJob<T> {
    /// Runs `plan` on its own thread.
    pub fn spawn(
        generation: u64,
        plan: impl FnOnce() -> Result<T, String> + Send + 'static,
    ) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // The form may have closed meanwhile: nobody to tell.
            let _ = tx.send(plan());
        });
        PlanJob { generation, rx }
    }

    /// The plan, once made (an error if its thread died).
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.rx.try_recv() {
            Ok(plan) => Some(plan),
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Some(Err("planning stopped without an answer".to_owned()))
            }
        }
    }
}

/// Draws the form.
pub fn bulk_ui(
    ui: &mut egui::Ui,
    form: &mut BulkForm,
    counts: (usize, usize, usize),
    actions: &mut Vec<Action>,
) {
    ui.set_min_width(640.0);
    ui.heading("Edit records");
    let before = form.inputs();
    ui.horizontal(|ui| {
        ui.label("Records:");
        let (selected, listed, all) = counts;
        ui.add_enabled_ui(selected > 0, |ui| {
            ui.radio_value(
                &mut form.scope,
                Scope::Selected,
                format!("the selected ({selected})"),
            )
        });
        ui.radio_value(
            &mut form.scope,
            Scope::Result,
            format!("every record of the list ({listed})"),
        );
        ui.radio_value(
            &mut form.scope,
            Scope::All,
            format!("the whole catalog ({all})"),
        );
    });
    ui.horizontal_wrapped(|ui| {
        for operation in Operation::ALL {
            if ui
                .selectable_label(form.operation == operation, operation.label())
                .clicked()
                && form.operation != operation
            {
                form.operation = operation;
                form.field = None;
            }
        }
    });
    let fields = form.operation.fields();
    if form.field.is_some_and(|f| !fields.contains(&f)) {
        form.field = None;
    }
    ui.horizontal(|ui| {
        let label = ui.label("Field");
        let every = form.operation == Operation::Replace;
        let shown = form.field.map_or(
            if every {
                "Every text field"
            } else {
                "Choose…"
            },
            Field::label,
        );
        egui::ComboBox::from_id_salt("bulk_field")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if every {
                    ui.selectable_value(&mut form.field, None, "Every text field");
                }
                for field in fields {
                    ui.selectable_value(&mut form.field, Some(field), field.label());
                }
            })
            .response
            .labelled_by(label.id);
    });
    let focus = !std::mem::replace(&mut form.focused, true);
    // Enter in any input asks for the preview (Enter again then applies it).
    let entered = match form.operation {
        Operation::Replace => {
            let find = text_input(ui, "Find", &mut form.find, focus);
            let replace = text_input(ui, "Replace with", &mut form.replacement, false);
            ui.horizontal_wrapped(|ui| {
                ui.checkbox(
                    &mut form.options.regex,
                    "Regular expression ($1 in the replacement)",
                );
                ui.checkbox(&mut form.options.case_sensitive, "Match case");
                ui.checkbox(&mut form.options.accent_sensitive, "Match accents");
            });
            find || replace
        }
        Operation::Set => text_input(ui, "New value", &mut form.value, focus),
        Operation::Add | Operation::Remove => text_input(ui, "Item", &mut form.value, focus),
        Operation::Rename => {
            let value = text_input(ui, "Value", &mut form.value, false);
            let name = text_input(
                ui,
                "New name (or a value to merge into)",
                &mut form.replacement,
                focus,
            );
            value || name
        }
    };
    if form.inputs() != before {
        // A plan under way is of the old inputs: its answer is dropped.
        form.preview = None;
        form.planning = false;
    }
    ui.add_space(6.0);
    preview_ui(ui, form);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!form.planning, egui::Button::new("Preview"))
            .clicked()
            || (entered && !form.planning)
        {
            actions.push(Action::PreviewBulk);
        }
        let ready = match &form.preview {
            Some(Ok(plan)) => {
                !plan.changes.is_empty() && (plan.refused.is_empty() || form.skip_invalid)
            }
            _ => false,
        };
        let apply = ui
            .add_enabled(ready, egui::Button::new(RichText::new("Apply").strong()))
            .on_hover_text("One step: Undo takes every record back");
        if std::mem::take(&mut form.focus_apply) {
            apply.request_focus();
        }
        if apply.clicked() {
            actions.push(Action::ApplyBulk);
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

/// A labelled one-line input; `focus` puts the keyboard in it. True when Enter was
/// pressed in it.
fn text_input(ui: &mut egui::Ui, label: &str, text: &mut String, focus: bool) -> bool {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let response = ui
            .add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if focus {
            response.request_focus();
        }
        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
    })
    .inner
}

/// The preview: counts, every change (up to a limit) and every refusal.
fn preview_ui(ui: &mut egui::Ui, form: &mut BulkForm) {
    if form.planning {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Planning the change…");
        });
        return;
    }
    let plan = match &form.preview {
        None => {
            ui.weak("Preview lists every change before anything is changed.");
            return;
        }
        Some(Err(why)) => {
            ui.colored_label(ui.visuals().error_fg_color, why.as_str());
            return;
        }
        Some(Ok(plan)) => plan,
    };
    ui.label(
        RichText::new(format!(
            "{} would change ({}); {} unchanged; {} refused",
            count(plan.records(), "record"),
            count(plan.changes.len(), "field"),
            plan.unchanged,
            plan.refused.len()
        ))
        .strong(),
    );
    let refused = !plan.refused.is_empty();
    egui::ScrollArea::vertical()
        .max_height(260.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for refusal in &plan.refused {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{} — {}: {}",
                        refusal.id,
                        refusal.field.label(),
                        refusal.reason
                    ),
                );
            }
            for shown in &form.shown {
                change_line(ui, shown);
            }
            if plan.changes.len() > SHOWN {
                ui.weak(format!("and {} more", plan.changes.len() - SHOWN));
            }
        });
    if refused {
        ui.checkbox(
            &mut form.skip_invalid,
            "Change the others, leaving out the records that would become invalid",
        );
    }
}

/// One change of a preview: where, the value before, the value after.
pub(super) fn change_line(ui: &mut egui::Ui, (place, before, after): &(String, String, String)) {
    ui.horizontal_wrapped(|ui| {
        ui.weak(place.as_str());
        ui.label(before.as_str());
        ui.weak("to");
        ui.label(RichText::new(after.as_str()).strong());
    });
}

/// A value before and after, as the preview shows them: whole when short; a long
/// text cut around its changes.
pub(super) fn excerpts(before: &FieldValue, after: &FieldValue) -> (String, String) {
    let (b, a) = (plain(before), plain(after));
    if b.chars().count() <= CUT && a.chars().count() <= CUT {
        let empty = |t: String| {
            if t.is_empty() {
                "(empty)".to_owned()
            } else {
                t
            }
        };
        return (empty(b), empty(a));
    }
    let diff = around_changes(&word_diff(&b, &a), CONTEXT);
    let side = |keep_removed: bool| {
        diff.iter()
            .filter_map(|piece| match piece {
                WordChange::Same(t) => Some(t.as_str()),
                WordChange::Removed(t) if keep_removed => Some(t.as_str()),
                WordChange::Added(t) if !keep_removed => Some(t.as_str()),
                _ => None,
            })
            .collect::<String>()
    };
    (side(true), side(false))
}

fn plain(value: &FieldValue) -> String {
    value.to_text("; ").replace('\n', " ")
}
