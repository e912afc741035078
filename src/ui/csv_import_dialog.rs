//! File → Import… of a spreadsheet (CSV or xlsx): every record the file would
//! create or change, every field before → after, every row that cannot be imported
//! and every value a spreadsheet program cut or only rewrote, before anything
//! changes; Apply imports it as one undo step. The plan comes from
//! `folio::import::csv`, as for `folio import`.

use std::path::PathBuf;
use std::sync::Arc;

use egui::RichText;

use crate::import::csv::{CsvImportOptions, CsvPlan, RowOutcome};
use crate::session::Session;
use crate::words::count;

use super::app::Action;
use super::bulk_dialog::{PlanJob, SHOWN, change_line, excerpts};

/// The delimiters offered: detected, or one of the three spreadsheets write.
const DELIMITERS: [(Option<u8>, &str); 4] = [
    (None, "Detect"),
    (Some(b','), "Comma"),
    (Some(b';'), "Semicolon"),
    (Some(b'\t'), "Tab"),
];

/// One line of the preview, made once per plan.
#[derive(Debug, Clone)]
enum Line {
    /// A row that cannot be imported.
    Problem(String),
    /// A row whose record changed since the export.
    Stale(String),
    /// A new record.
    Created(String),
    /// A field of a record: where, before, after.
    Change((String, String, String)),
    /// A value a spreadsheet only rewrote, or a note on a row: left as it is.
    Note(String),
}

/// The spreadsheet import form.
#[derive(Debug, Clone)]
pub struct CsvImportForm {
    /// The file.
    pub path: PathBuf,
    /// Its bytes, read once.
    bytes: Arc<Vec<u8>>,
    /// The delimiter (`None`: detected).
    pub delimiter: Option<u8>,
    /// Import rows whose record changed since the export anyway.
    pub force: bool,
    /// Apply values a spreadsheet program only rewrote.
    pub apply_reformatted: bool,
    /// Import the valid rows when some are not.
    pub skip_invalid: bool,
    /// The plan, or why there is none.
    pub preview: Option<Result<CsvPlan, String>>,
    lines: Vec<Line>,
    /// The preview's counts, in words.
    summary: String,
    /// The preview would create or change something.
    applicable: bool,
    /// Rows refused, and rows of records changed since the export.
    refused: usize,
    stale: usize,
    /// Values a spreadsheet only rewrote, left as they are.
    reformatted: usize,
    /// The catalog's generation the preview was planned on.
    pub planned_at: Option<u64>,
    /// Planning on its own thread.
    pub planning: bool,
    focus_apply: bool,
}

impl CsvImportForm {
    /// A form on the file `path` holding `bytes`.
    pub fn new(path: PathBuf, bytes: Vec<u8>) -> Self {
        CsvImportForm {
            path,
            bytes: Arc::new(bytes),
            delimiter: None,
            force: false,
            apply_reformatted: false,
            skip_invalid: false,
            preview: None,
            lines: Vec::new(),
            summary: String::new(),
            applicable: false,
            refused: 0,
            stale: 0,
            reformatted: 0,
            planned_at: None,
            planning: false,
            focus_apply: false,
        }
    }

    /// Starts planning the import on its own thread, over a copy of the catalog
    /// (its records are shared, not copied).
    pub fn start_plan(&mut self, session: &Session) -> PlanJob<CsvPlan> {
        let catalog = session.catalog().clone();
        let unmerged = session.folder().merge_conflicts(&catalog);
        let bytes = Arc::clone(&self.bytes);
        let path = self.path.clone();
        let options = CsvImportOptions {
            delimiter: self.delimiter,
            force: self.force,
            apply_reformatted: self.apply_reformatted,
        };
        self.preview = None;
        self.planning = true;
        PlanJob::spawn(catalog.generation(), move || {
            let mut plan = crate::import::csv::plan_file(&catalog, &path, &bytes, options)
                .map_err(|e| e.to_string())?;
            plan.refuse_unfinished_merges(&unmerged);
            Ok(plan)
        })
    }

    /// Shows `preview`.
    pub fn set_preview(&mut self, preview: Result<CsvPlan, String>) {
        self.lines = match &preview {
            Ok(plan) => lines(plan),
            Err(_) => Vec::new(),
        };
        self.summary = preview.as_ref().map(summary).unwrap_or_default();
        self.applicable = preview
            .as_ref()
            .is_ok_and(|p| p.created() + p.updated() > 0);
        (self.refused, self.stale, self.reformatted) = preview
            .as_ref()
            .map_or((0, 0, 0), |p| (p.refused(), p.stale(), p.reformatted()));
        self.focus_apply = self.applicable;
        self.preview = Some(preview);
    }

    /// Whether Apply can apply the preview.
    pub fn ready(&self) -> bool {
        match &self.preview {
            Some(Ok(_)) => self.applicable && (self.refused == 0 || self.skip_invalid),
            _ => false,
        }
    }
}

/// The counts of a plan, in words.
fn summary(plan: &CsvPlan) -> String {
    let mut text = format!(
        "{} new; {} would change ({}); {} unchanged; {} refused; {} changed since the export",
        count(plan.created(), "record"),
        count(plan.updated(), "record"),
        count(plan.changes().count(), "field"),
        plan.unchanged(),
        count(plan.refused(), "row"),
        plan.stale()
    );
    if plan.reformatted() > 0 {
        text.push_str(&format!(
            "; {} only rewritten by a spreadsheet",
            count(plan.reformatted(), "value")
        ));
    }
    if plan.cells_left_out() > 0 {
        text.push_str(&format!(
            "; {} cut by a spreadsheet",
            count(plan.cells_left_out(), "cell")
        ));
    }
    text
}

/// The preview's lines: problems first, then stale rows, new records and changes,
/// each kind up to [`SHOWN`].
fn lines(plan: &CsvPlan) -> Vec<Line> {
    let mut problems = Vec::new();
    let mut stale = Vec::new();
    let mut created = Vec::new();
    let mut changes = Vec::new();
    let mut notes = Vec::new();
    for row in &plan.rows {
        let id = row.id.as_ref().map_or("", |id| id.as_str());
        problems.extend(row.left_out.iter().map(|cut| {
            Line::Problem(format!(
                "Row {}, column {}: {}",
                row.row, cut.column, cut.reason
            ))
        }));
        notes.extend(row.reformatted.iter().map(|value| {
            Line::Note(format!(
                "Row {}, column {}: “{}” is “{}” rewritten by a spreadsheet: left as it is",
                row.row,
                value.column,
                excerpt(&value.now),
                excerpt(&value.was)
            ))
        }));
        if let Some(like) = &row.resembles {
            notes.push(Line::Note(format!(
                "Row {}: {like} has the same title and date; if the row is that record, give it its id to update it instead",
                row.row
            )));
        }
        match &row.outcome {
            RowOutcome::Refused { problems: found } => {
                problems.extend(found.iter().map(|p| {
                    Line::Problem(if p.column.is_empty() {
                        format!("Row {}: {}", row.row, p.reason)
                    } else {
                        format!("Row {}, column {}: {}", row.row, p.column, p.reason)
                    })
                }));
            }
            RowOutcome::Stale { fields } => stale.push(Line::Stale(format!(
                "Row {} — {id} changed since the file was exported ({} would change): left as it is",
                row.row,
                fields.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
            ))),
            RowOutcome::Created { record } => created.push(Line::Created(format!(
                "Row {} — new record {id}: {}",
                row.row, record.title
            ))),
            RowOutcome::Updated { changes: found } => {
                changes.extend(found.iter().map(|c| {
                    let (before, after) = excerpts(&c.before, &c.after);
                    Line::Change((
                        format!("Row {} — {} — {}:", row.row, c.id, c.field.label()),
                        before,
                        after,
                    ))
                }));
            }
            RowOutcome::Unchanged => {}
            RowOutcome::AlreadyImported => notes.push(Line::Note(format!(
                "Row {}: already imported as {id}: left as it is",
                row.row
            ))),
        }
    }
    [problems, stale, notes, created, changes]
        .into_iter()
        .flat_map(|mut kind| {
            kind.truncate(SHOWN);
            kind
        })
        .collect()
}

/// A value cut to a line's length for the preview.
fn excerpt(text: &str) -> String {
    const LONG: usize = 80;
    let line = text.replace('\n', " ");
    if line.chars().count() > LONG {
        format!("{}…", line.chars().take(LONG).collect::<String>())
    } else {
        line
    }
}

/// Draws the form.
pub fn csv_import_ui(ui: &mut egui::Ui, form: &mut CsvImportForm, actions: &mut Vec<Action>) {
    ui.set_min_width(640.0);
    ui.heading("Import a spreadsheet");
    let name = form.path.file_name().map_or_else(
        || form.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    ui.label(name);
    let before = (form.delimiter, form.force, form.apply_reformatted);
    let workbook = form
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        || crate::import::xlsx::is_xlsx(&form.bytes);
    ui.horizontal(|ui| {
        if workbook {
            ui.weak("An xlsx workbook: its first sheet is read.");
            return;
        }
        let label = ui.label("Delimiter");
        let detected = match &form.preview {
            Some(Ok(plan)) if form.delimiter.is_none() => {
                let found = DELIMITERS
                    .iter()
                    .find(|(d, _)| *d == plan.delimiter)
                    .map_or("?", |(_, name)| name);
                format!("Detect ({})", found.to_lowercase())
            }
            _ => DELIMITERS
                .iter()
                .find(|(d, _)| *d == form.delimiter)
                .map_or("Detect", |(_, name)| name)
                .to_owned(),
        };
        egui::ComboBox::from_id_salt("csv_delimiter")
            .selected_text(detected)
            .show_ui(ui, |ui| {
                for (delimiter, name) in DELIMITERS {
                    ui.selectable_value(&mut form.delimiter, delimiter, name);
                }
            })
            .response
            .labelled_by(label.id);
    });
    preview_ui(ui, form);
    if (form.delimiter, form.force, form.apply_reformatted) != before {
        actions.push(Action::PlanCsvImport);
    }
    ui.horizontal(|ui| {
        let apply = ui
            .add_enabled(
                form.ready(),
                egui::Button::new(RichText::new("Apply").strong()),
            )
            .on_hover_text("One step: Undo takes every record back");
        if std::mem::take(&mut form.focus_apply) {
            apply.request_focus();
        }
        if apply.clicked() {
            actions.push(Action::ApplyCsvImport);
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

fn preview_ui(ui: &mut egui::Ui, form: &mut CsvImportForm) {
    if form.planning {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Reading the file…");
        });
        return;
    }
    match &form.preview {
        None => return,
        Some(Err(why)) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Nothing can be imported: {why}"),
            );
            return;
        }
        Some(Ok(_)) => {}
    }
    ui.label(RichText::new(form.summary.as_str()).strong());
    let (refused, stale, reformatted) = (form.refused, form.stale, form.reformatted);
    egui::ScrollArea::vertical()
        .max_height(300.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for line in &form.lines {
                match line {
                    Line::Problem(text) => {
                        ui.colored_label(ui.visuals().error_fg_color, text.as_str());
                    }
                    Line::Stale(text) => {
                        ui.colored_label(ui.visuals().warn_fg_color, text.as_str());
                    }
                    Line::Created(text) => {
                        ui.label(text.as_str());
                    }
                    Line::Change(change) => change_line(ui, change),
                    Line::Note(text) => {
                        ui.weak(text.as_str());
                    }
                }
            }
        });
    if refused > 0 {
        ui.checkbox(
            &mut form.skip_invalid,
            "Import the other rows, leaving out the rows that cannot be imported",
        );
    }
    if reformatted > 0 || form.apply_reformatted {
        ui.checkbox(
            &mut form.apply_reformatted,
            "Apply the values a spreadsheet only rewrote (dates as 08/01/49, numbers without their zeros)",
        );
    }
    if stale > 0 || form.force {
        ui.checkbox(
            &mut form.force,
            "Import the rows of records changed since the export too (undoes those changes)",
        );
    }
}
