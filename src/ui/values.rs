//! View → Values…: the values of a list field across the catalog (people, places,
//! subjects…) with how many records hold each, so that spellings of one name can
//! be found and made one (renamed, or merged into another, through the bulk edit's
//! preview).

use egui::RichText;

use crate::bulk::{is_list, value_counts};
use crate::model::Field;
use crate::search::tokenize::fold;
use crate::store::Catalog;

use super::app::Action;

/// The Values view's state: the field shown and its values, counted when the
/// field or the catalog changed (not every frame).
#[derive(Debug, Clone)]
pub struct ValuesView {
    /// The field shown.
    pub field: Field,
    /// Typed to narrow the list.
    pub filter: String,
    /// Each value, folded (for the filter), and how many records hold it.
    counts: Vec<(String, String, usize)>,
    counted: Option<(Field, u64)>,
}

impl ValuesView {
    /// The view on `field`.
    pub fn new(field: Field) -> Self {
        ValuesView {
            field,
            filter: String::new(),
            counts: Vec::new(),
            counted: None,
        }
    }

    /// Counts the values again when the field or the catalog changed.
    pub fn refresh(&mut self, catalog: &Catalog) {
        let key = (self.field, catalog.generation());
        if self.counted != Some(key) {
            self.counts = value_counts(catalog, self.field)
                .into_iter()
                .map(|(value, n)| {
                    let folded = fold(&value);
                    (value, folded, n)
                })
                .collect();
            self.counted = Some(key);
        }
    }
}

/// Draws the view.
pub fn values_ui(ui: &mut egui::Ui, view: &mut ValuesView, actions: &mut Vec<Action>) {
    ui.set_min_width(520.0);
    ui.heading("Values");
    ui.horizontal(|ui| {
        let label = ui.label("Field");
        egui::ComboBox::from_id_salt("values_field")
            .selected_text(view.field.label())
            .show_ui(ui, |ui| {
                for field in Field::ALL.into_iter().filter(|f| is_list(*f)) {
                    ui.selectable_value(&mut view.field, field, field.label());
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label("Show");
        ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text("values containing…")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    // As a search matches: without regard to case or accents (`sato` shows `Satō`).
    let filter = fold(&view.filter);
    let shown: Vec<&(String, String, usize)> = view
        .counts
        .iter()
        .filter(|(_, folded, _)| filter.is_empty() || folded.contains(&filter))
        .collect();
    ui.weak(format!(
        "{} values; Rename… changes a value in every record holding it (to another value: they are merged)",
        shown.len()
    ));
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .auto_shrink([false, true])
        .show_rows(ui, 22.0, shown.len(), |ui, rows| {
            for (value, _, n) in shown.iter().skip(rows.start).take(rows.len()) {
                ui.horizontal(|ui| {
                    if ui
                        .small_button("Rename…")
                        .on_hover_text(format!("Rename or merge “{value}”"))
                        .clicked()
                    {
                        actions.push(Action::RenameValue(view.field, value.clone()));
                    }
                    ui.label(RichText::new(n.to_string()).weak());
                    ui.label(value.as_str());
                });
            }
        });
    if ui.button("Close").clicked() {
        actions.push(Action::CloseDialog);
    }
}
