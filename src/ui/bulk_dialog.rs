//! Record → Edit records…: one correction over the selected records (or every
//! record of the list), previewed field by field before it is applied as one
//! undo step. The plan comes from `folio::bulk`, as for `folio edit`.

use egui::RichText;

use crate::bulk::{BulkChange, BulkPlan, FindOptions, Finder, is_list, text_fields};
use crate::model::{Field, FieldValue, RecordId};
use crate::session::{Scope, Session};
use crate::words::count;

use super::app::Action;

/// How many changes the preview lists (the counts cover them all).
const SHOWN: usize = 300;
/// Characters of a value the preview shows.
const CUT: usize = 120;

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
}

impl Operation {
    const ALL: [Operation; 4] = [
        Operation::Replace,
        Operation::Set,
        Operation::Add,
        Operation::Remove,
    ];

    fn label(self) -> &'static str {
        match self {
            Operation::Replace => "Find and replace",
            Operation::Set => "Set a field",
            Operation::Add => "Add to a list",
            Operation::Remove => "Remove from a list",
        }
    }

    /// The fields it can change.
    fn fields(self) -> Vec<Field> {
        match self {
            Operation::Replace => text_fields().collect(),
            Operation::Set => Field::ALL.to_vec(),
            Operation::Add | Operation::Remove => {
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
        })
    }

    /// Plans the change over the records of its scope.
    pub fn plan(&self, session: &Session) -> Result<BulkPlan, String> {
        let change = self.change()?;
        let ids: Vec<RecordId> = session
            .scope_records(self.scope)
            .iter()
            .map(|r| r.id.clone())
            .collect();
        change
            .plan(session.catalog(), &ids)
            .map_err(|e| e.to_string())
    }
}

/// Draws the form.
pub fn bulk_ui(
    ui: &mut egui::Ui,
    form: &mut BulkForm,
    counts: (usize, usize),
    actions: &mut Vec<Action>,
) {
    ui.set_min_width(640.0);
    ui.heading("Edit records");
    let before = (
        form.scope,
        form.operation,
        form.field,
        form.value.clone(),
        form.find.clone(),
        form.replacement.clone(),
        form.options,
    );
    ui.horizontal(|ui| {
        ui.label("Records:");
        let (selected, listed) = counts;
        ui.radio_value(
            &mut form.scope,
            Scope::Selected,
            format!("the selected ({selected})"),
        );
        ui.radio_value(
            &mut form.scope,
            Scope::Result,
            format!("every record of the list ({listed})"),
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
    match form.operation {
        Operation::Replace => {
            text_input(ui, "Find", &mut form.find);
            text_input(ui, "Replace with", &mut form.replacement);
            ui.horizontal_wrapped(|ui| {
                ui.checkbox(
                    &mut form.options.regex,
                    "Regular expression ($1 in the replacement)",
                );
                ui.checkbox(&mut form.options.case_sensitive, "Match case");
                ui.checkbox(&mut form.options.accent_sensitive, "Match accents");
            });
        }
        Operation::Set => text_input(ui, "New value", &mut form.value),
        Operation::Add | Operation::Remove => text_input(ui, "Item", &mut form.value),
    }
    let after = (
        form.scope,
        form.operation,
        form.field,
        form.value.clone(),
        form.find.clone(),
        form.replacement.clone(),
        form.options,
    );
    if after != before {
        form.preview = None;
    }
    ui.add_space(6.0);
    preview_ui(ui, form);
    ui.horizontal(|ui| {
        if ui.button("Preview").clicked() {
            actions.push(Action::PreviewBulk);
        }
        let ready = match &form.preview {
            Some(Ok(plan)) => {
                !plan.changes.is_empty() && (plan.refused.is_empty() || form.skip_invalid)
            }
            _ => false,
        };
        if ui
            .add_enabled(ready, egui::Button::new(RichText::new("Apply").strong()))
            .on_hover_text("One step: Undo takes every record back")
            .clicked()
        {
            actions.push(Action::ApplyBulk);
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

fn text_input(ui: &mut egui::Ui, label: &str, text: &mut String) {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY))
            .labelled_by(label.id);
    });
}

/// The preview: counts, every change (up to a limit) and every refusal.
fn preview_ui(ui: &mut egui::Ui, form: &mut BulkForm) {
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
            for change in plan.changes.iter().take(SHOWN) {
                ui.horizontal_wrapped(|ui| {
                    ui.weak(format!("{} — {}:", change.id, change.field.label()));
                    ui.label(cut(&change.before));
                    ui.weak("to");
                    ui.label(RichText::new(cut(&change.after)).strong());
                });
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

fn cut(value: &FieldValue) -> String {
    let text = value.to_text("; ").replace('\n', " ");
    if text.is_empty() {
        "(empty)".to_owned()
    } else if text.chars().count() > CUT {
        format!("{}…", text.chars().take(CUT).collect::<String>())
    } else {
        text
    }
}
