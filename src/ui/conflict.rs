//! A save conflict compared field by field: mine (in Folio) and theirs (on disk) side
//! by side, with a choice per field, merged into one version on request.

use egui::RichText;

use crate::model::{Field, RecordId};
use crate::store::{Catalog, CatalogFolder, DiskVersion};

use super::app::Action;
use super::editor::field_label;

/// The most characters of a value shown in the comparison.
const SHOWN_CHARS: usize = 400;
/// How much of the text the two values share is shown before their first difference.
const CONTEXT_CHARS: usize = 80;

/// Two versions of a record in conflict, read once when the comparison opens (never
/// per frame), with the user's choice for each field that differs.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The record.
    pub id: RecordId,
    /// The file as it was read; a merge replaces exactly this version.
    pub disk: Option<DiskVersion>,
    /// The fields that differ, in record order.
    pub rows: Vec<FieldChoice>,
    /// Why the versions cannot be merged field by field, if they cannot.
    pub unmergeable: Option<String>,
}

/// One field that differs, and which version the user wants.
#[derive(Debug, Clone)]
pub struct FieldChoice {
    /// The field.
    pub field: Field,
    /// My value, as shown.
    pub mine: String,
    /// Their value, as shown.
    pub theirs: String,
    /// Whether the merged record takes their value.
    pub take_theirs: bool,
}

impl Comparison {
    /// Reads the file of `id` and lists the fields that differ from the record in
    /// memory; every choice starts as mine.
    pub fn read(folder: &CatalogFolder, catalog: &Catalog, id: &RecordId) -> Comparison {
        let mut comparison = Comparison {
            id: id.clone(),
            disk: None,
            rows: Vec::new(),
            unmergeable: None,
        };
        let disk = match folder.disk_version(id) {
            Ok(disk) => disk,
            Err(e) => {
                comparison.unmergeable = Some(format!(
                    "The file on disk cannot be read ({e}). Keep mine replaces it; Take theirs is not possible until it can be read."
                ));
                return comparison;
            }
        };
        match (catalog.get(id), disk.record.as_ref()) {
            (Some(mine), Some(theirs)) => {
                comparison.rows = Field::differing(mine, theirs)
                    .into_iter()
                    .map(|field| {
                        let (mine, theirs) = shown_pair(
                            &field.get(mine).to_text("\n"),
                            &field.get(theirs).to_text("\n"),
                        );
                        FieldChoice {
                            field,
                            mine,
                            theirs,
                            take_theirs: false,
                        }
                    })
                    .collect();
                if comparison.rows.is_empty() {
                    comparison.unmergeable = Some(
                        "The two versions hold the same values (only dates of change or the layout differ): either choice keeps them.".to_owned(),
                    );
                }
            }
            (None, _) => {
                comparison.unmergeable = Some(
                    "You deleted this record in Folio. Keep mine deletes the file; Take theirs brings the record back.".to_owned(),
                );
            }
            (Some(_), None) => {
                comparison.unmergeable = Some(
                    "The file was deleted on disk. Keep mine writes it again; Take theirs removes the record from Folio.".to_owned(),
                );
            }
        }
        comparison.disk = Some(disk);
        comparison
    }

    /// The fields the merged record takes from the file.
    pub fn fields_from_theirs(&self) -> Vec<Field> {
        self.rows
            .iter()
            .filter(|r| r.take_theirs)
            .map(|r| r.field)
            .collect()
    }

    /// Whether a field-by-field merge is possible.
    pub fn can_merge(&self) -> bool {
        self.unmergeable.is_none() && !self.rows.is_empty()
    }
}

/// The two values as shown: a long value starts shortly before its first difference
/// from the other, so that the change is in view.
fn shown_pair(mine: &str, theirs: &str) -> (String, String) {
    let same = mine
        .chars()
        .zip(theirs.chars())
        .take_while(|(a, b)| a == b)
        .count();
    // Skip only when the difference would be out of view, and start at a word.
    let skip = if same + CONTEXT_CHARS < SHOWN_CHARS {
        0
    } else {
        let from = same - CONTEXT_CHARS;
        from + mine
            .chars()
            .skip(from)
            .take(CONTEXT_CHARS)
            .position(char::is_whitespace)
            .map_or(0, |i| i + 1)
    };
    (excerpt(mine, skip), excerpt(theirs, skip))
}

fn excerpt(text: &str, skip: usize) -> String {
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let mut shown = String::new();
    if skip > 0 {
        shown.push('…');
    }
    let mut rest = text.chars().skip(skip);
    shown.extend(rest.by_ref().take(SHOWN_CHARS));
    if rest.next().is_some() {
        shown.push('…');
    }
    shown
}

/// Mine and theirs, field by field, each value a radio button: click the one to keep.
pub fn comparison_ui(ui: &mut egui::Ui, comparison: &Comparison, actions: &mut Vec<Action>) {
    if let Some(reason) = &comparison.unmergeable {
        ui.weak(reason);
        return;
    }
    let name_width = 110.0;
    let spacing = ui.spacing().item_spacing.x;
    let width = ((ui.available_width() - name_width - 2.0 * spacing) / 2.0).max(120.0);
    let max_height = (ui.ctx().content_rect().height() - 320.0).max(200.0);
    egui::ScrollArea::vertical()
        .max_height(max_height)
        .show(ui, |ui| {
            egui::Grid::new(("compare", comparison.id.as_str()))
                .num_columns(3)
                .striped(true)
                .min_col_width(name_width)
                .show(ui, |ui| {
                    ui.label("");
                    ui.strong("Mine (in Folio)");
                    ui.strong("Theirs (on disk)");
                    ui.end_row();
                    for row in &comparison.rows {
                        ui.label(RichText::new(field_label(row.field)).weak());
                        for (take_theirs, value) in [(false, &row.mine), (true, &row.theirs)] {
                            ui.scope(|ui| {
                                // Grid cells do not wrap by default: long values must.
                                ui.set_max_width(width);
                                ui.set_min_width(width);
                                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                                if ui
                                    .radio(row.take_theirs == take_theirs, value.as_str())
                                    .clicked()
                                {
                                    actions
                                        .push(Action::ChooseConflictField(row.field, take_theirs));
                                }
                            });
                        }
                        ui.end_row();
                    }
                });
        });
    ui.add_space(4.0);
    let taken = comparison.fields_from_theirs().len();
    ui.horizontal(|ui| {
        let label = format!(
            "Save merged version ({} from mine, {taken} from theirs)",
            comparison.rows.len() - taken
        );
        if ui
            .button(label)
            .on_hover_text("Write the record with the value chosen in each row; the file's other changes are replaced")
            .clicked()
        {
            actions.push(Action::MergeConflict);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_shown_from_shortly_before_its_change() {
        let before = "word ".repeat(200);
        let (mine, theirs) = shown_pair(&format!("{before}old end"), &format!("{before}new end"));
        assert!(mine.starts_with('…') && mine.ends_with("old end"), "{mine}");
        assert!(
            theirs.starts_with('…') && theirs.ends_with("new end"),
            "{theirs}"
        );
        assert!(mine.starts_with("…word word") && mine.chars().count() <= 1 + CONTEXT_CHARS + 7);
        // A difference already in view is shown from the start.
        let (short, _) = shown_pair("Nakajima Kenzo denounces", "Nakajima Kenzo condemns");
        assert_eq!(short, "Nakajima Kenzo denounces");
        assert_eq!(shown_pair("", "x"), ("(empty)".to_owned(), "x".to_owned()));
        let long = "y".repeat(SHOWN_CHARS + 10);
        assert!(shown_pair(&long, "z").0.ends_with('…'));
    }
}
