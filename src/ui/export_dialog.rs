//! File → Export: the form (what, format, options, destination), the export running
//! on its own thread with a progress bar that can cancel it, and the result.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::export::csv::{Column, DEFAULT_COLUMNS};
use crate::export::{self, ExportOptions, Format};
use crate::model::Field;
use crate::session::{ExportJob, ExportOutcome, Scope, ScopeCounts, Target};
use crate::words::plural;

use super::app::Action;
use super::default_button::default_button;

/// The export form's state.
#[derive(Debug, Clone)]
pub struct ExportForm {
    /// Which records.
    pub scope: Scope,
    /// Which format.
    pub target: Target,
    /// The spreadsheet (CSV, xlsx) columns chosen.
    pub columns: Vec<Column>,
    /// A UTF-8 byte order mark at the start of a CSV file (for spreadsheets).
    pub bom: bool,
    /// Include internal notes where the format can carry them.
    pub include_notes: bool,
    /// Where to write: a file, or a new folder for a subset.
    pub destination: String,
    /// The user saw that the file exists and chose to replace it.
    pub replace_confirmed: bool,
    /// The file exists: the form asks before replacing it.
    pub asking_to_replace: bool,
    /// Why the last attempt did not start or failed.
    pub error: Option<String>,
}

impl ExportForm {
    /// A form for `scope`, remembering the format and folder of the last export.
    pub fn new(scope: Scope, target: Target, folder: &Path, base_name: &str) -> Self {
        let mut form = Self {
            scope,
            target,
            columns: DEFAULT_COLUMNS.to_vec(),
            bom: false,
            include_notes: false,
            destination: folder.join(base_name).display().to_string(),
            replace_confirmed: false,
            asking_to_replace: false,
            error: None,
        };
        form.set_target(target);
        form
    }

    /// Changes the format, and the destination's extension with it.
    pub fn set_target(&mut self, target: Target) {
        self.target = target;
        let path = PathBuf::from(self.destination.trim());
        if path.file_name().is_some() {
            let path = match target {
                Target::File(f) => path.with_extension(f.extension()),
                Target::Subset => path.with_extension(""),
            };
            self.destination = path.display().to_string();
        }
        self.asking_to_replace = false;
        self.replace_confirmed = false;
    }

    /// The options the exporters take.
    pub fn options(&self) -> ExportOptions {
        let mut columns = self.columns.clone();
        // Keep the columns in the standard order, whatever order they were ticked in.
        columns.sort_by_key(|c| column_rank(*c));
        ExportOptions {
            csv: export::csv::CsvOptions {
                columns,
                bom: self.bom,
                // The stamps let the file come back (File > Import) without reverting
                // what changed in the catalog since.
                stamp: true,
            },
            // In a spreadsheet export, ticking the Notes column is asking for the notes.
            include_notes: self.include_notes
                || (matches!(self.target, Target::File(Format::Csv | Format::Xlsx))
                    && self.columns.contains(&Column::Field(Field::Notes))),
            // Read by the export thread (see `session::export::run`), not here.
            changed: Default::default(),
            exported_at: None,
        }
    }
}

/// The default columns keep their documented order; other columns follow in the
/// record's field order.
fn column_rank(column: Column) -> usize {
    if let Some(i) = DEFAULT_COLUMNS.iter().position(|c| *c == column) {
        return i;
    }
    match column {
        Column::Id => 0,
        Column::Field(f) => {
            DEFAULT_COLUMNS.len() + Field::ALL.iter().position(|g| *g == f).unwrap_or(0)
        }
    }
}

/// Draws the export form.
pub fn form_ui(
    ui: &mut egui::Ui,
    form: &mut ExportForm,
    counts: ScopeCounts,
    actions: &mut Vec<Action>,
) {
    ui.set_width(600.0);
    ui.heading("Export records");
    ui.add_space(6.0);

    egui::Grid::new("export_form")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            ui.label("Records");
            ui.vertical(|ui| {
                for (scope, label, n) in [
                    (Scope::Selected, "Selected records", counts.selected),
                    (Scope::Result, "Records in the list", counts.result),
                    (Scope::All, "Whole catalog", counts.all),
                ] {
                    let mut text = format!("{label} ({n})");
                    if scope == Scope::Selected && counts.hidden > 0 {
                        text.push_str(&format!(
                            "; {} hidden by the search, left out",
                            counts.hidden
                        ));
                    }
                    let button = egui::RadioButton::new(form.scope == scope, text);
                    if ui.add_enabled(n > 0, button).clicked() {
                        form.scope = scope;
                    }
                }
            });
            ui.end_row();

            let label = ui.label("Format");
            let mut target = form.target;
            egui::ComboBox::from_id_salt("export_format")
                .selected_text(target.label())
                .width(340.0)
                .height(480.0)
                .show_ui(ui, |ui| {
                    for t in Target::all() {
                        ui.selectable_value(&mut target, t, t.label());
                    }
                })
                .response
                .labelled_by(label.id);
            if target != form.target {
                form.set_target(target);
            }
            ui.end_row();

            options_ui(ui, form);

            let label = ui.label(match form.target {
                Target::Subset => "New folder",
                Target::File(_) => "Save as",
            });
            ui.horizontal(|ui| {
                let edit = egui::TextEdit::singleline(&mut form.destination).desired_width(420.0);
                if ui.add(edit).labelled_by(label.id).changed() {
                    form.asking_to_replace = false;
                    form.replace_confirmed = false;
                    form.error = None;
                }
                if ui.button("Choose…").clicked() {
                    actions.push(Action::ChooseExportDestination);
                }
            });
            ui.end_row();
        });

    if let Some(error) = &form.error {
        ui.add_space(4.0);
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    if form.asking_to_replace {
        ui.add_space(4.0);
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "A file of that name exists. Replace it? The old file is kept until the new one is complete.",
        );
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let label = if form.asking_to_replace {
            "Replace"
        } else {
            "Export"
        };
        // Export loses nothing; replacing a file does, so then Cancel is the default.
        let export = if form.asking_to_replace {
            ui.button(label)
        } else {
            default_button(ui, label)
        };
        if export.clicked() {
            if form.asking_to_replace {
                form.replace_confirmed = true;
            }
            actions.push(Action::StartExport);
        }
        let cancel = if form.asking_to_replace {
            default_button(ui, "Cancel")
        } else {
            ui.button("Cancel")
        };
        if cancel.clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

fn options_ui(ui: &mut egui::Ui, form: &mut ExportForm) {
    match form.target {
        Target::File(format @ (Format::Csv | Format::Xlsx)) => {
            ui.label("Columns");
            ui.vertical(|ui| {
                egui::Grid::new("csv_columns")
                    .num_columns(3)
                    .show(ui, |ui| {
                        let all = std::iter::once(Column::Id)
                            .chain(Field::ALL.into_iter().map(Column::Field));
                        for (i, column) in all.enumerate() {
                            let name = match column {
                                Column::Id => "Id",
                                Column::Field(f) => f.label(),
                            };
                            let mut on = form.columns.contains(&column);
                            if ui.checkbox(&mut on, name).changed() {
                                if on {
                                    form.columns.push(column);
                                } else {
                                    form.columns.retain(|c| *c != column);
                                }
                            }
                            if i % 3 == 2 {
                                ui.end_row();
                            }
                        }
                    });
                ui.horizontal(|ui| {
                    if ui.small_button("Default columns").clicked() {
                        form.columns = DEFAULT_COLUMNS.to_vec();
                    }
                    if ui.small_button("Every column").clicked() {
                        form.columns = std::iter::once(Column::Id)
                            .chain(Field::ALL.into_iter().map(Column::Field))
                            .collect();
                    }
                });
                if format == Format::Csv {
                    ui.checkbox(&mut form.bom, "Byte order mark (helps Excel read UTF-8)");
                    // A spreadsheet program reads CSV its own way and saves what it
                    // read: the round trip the README describes goes through xlsx.
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(
                            "For a spreadsheet program, xlsx is safer: LibreOffice and Excel rewrite dates and numbers in CSV (August 1949 becomes 08/01/49, 000123 becomes 123).",
                        );
                        if ui.small_button("Use xlsx").clicked() {
                            form.set_target(Target::File(Format::Xlsx));
                        }
                    });
                }
            });
            ui.end_row();
        }
        Target::File(format) if format.notes_optional() => {
            ui.label("Options");
            ui.checkbox(&mut form.include_notes, "Include internal notes");
            ui.end_row();
        }
        Target::File(Format::Json | Format::JsonLines) | Target::Subset => {
            ui.label("");
            ui.weak("Every field is kept, internal notes included, so Folio can read it back.");
            ui.end_row();
        }
        Target::File(_) => {}
    }
}

/// Draws the progress of a running export.
pub fn progress_ui(ui: &mut egui::Ui, job: Option<&ExportJob>, actions: &mut Vec<Action>) {
    ui.set_width(460.0);
    ui.heading("Exporting…");
    if let Some(job) = job {
        ui.label(job.path.display().to_string());
        let done = job.progress.done().min(job.total);
        let fraction = if job.total == 0 {
            1.0
        } else {
            done as f32 / job.total as f32
        };
        ui.add(egui::ProgressBar::new(fraction).text(format!("{done} of {} records", job.total)));
        if job.progress.is_cancelled() {
            ui.weak("Cancelling…");
        } else if ui.button("Cancel").clicked() {
            actions.push(Action::CancelExport);
        }
    }
}

/// Draws the result of a finished export.
pub fn outcome_ui(ui: &mut egui::Ui, outcome: &ExportOutcome, actions: &mut Vec<Action>) {
    ui.set_width(460.0);
    ui.heading("Export finished");
    ui.label(format!(
        "{} record{} written to",
        outcome.records,
        plural(outcome.records)
    ));
    ui.label(RichText::new(outcome.path.display().to_string()).monospace());
    for detail in &outcome.details {
        ui.weak(detail);
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Open folder").clicked() {
            let folder = if outcome.path.is_dir() {
                outcome.path.clone()
            } else {
                outcome
                    .path
                    .parent()
                    .map(Path::to_owned)
                    .unwrap_or_default()
            };
            actions.push(Action::OpenFolder(folder));
        }
        if default_button(ui, "Close").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changing_the_format_changes_the_extension() {
        let mut form = ExportForm::new(
            Scope::All,
            Target::File(Format::Csv),
            Path::new("/tmp/out"),
            "catalog",
        );
        assert_eq!(form.destination, "/tmp/out/catalog.csv");
        form.set_target(Target::File(Format::Ead));
        assert_eq!(form.destination, "/tmp/out/catalog.xml");
        form.set_target(Target::Subset);
        assert_eq!(form.destination, "/tmp/out/catalog");
    }

    #[test]
    fn columns_keep_the_standard_order() {
        let mut form = ExportForm::new(Scope::All, Target::File(Format::Csv), Path::new("."), "x");
        form.columns = vec![
            Column::Field(Field::Notes),
            Column::Field(Field::Title),
            Column::Field(Field::Date),
            Column::Id,
        ];
        assert_eq!(
            form.options().csv.columns,
            vec![
                Column::Id,
                Column::Field(Field::Date),
                Column::Field(Field::Title),
                Column::Field(Field::Notes)
            ]
        );
    }
}
