//! A save conflict compared field by field: mine (in Folio) and theirs (on disk) side
//! by side, with a choice per field, merged into one version on request.

use egui::RichText;

use crate::session::Comparison;

use super::app::Action;

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
                        ui.label(RichText::new(row.field.label()).weak());
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
