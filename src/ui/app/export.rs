//! The export dialog's work: opening the form, starting the export, its result.

use std::path::{Path, PathBuf};

use crate::export::ExportError;
use crate::model::RecordId;
use crate::session::{ExportOutcome, ExportRequest, Scope, Target};
use crate::words::count;

use super::super::export_dialog::ExportForm;
use super::{Dialog, FolioApp};

impl FolioApp {
    pub(super) fn open_export_form(&mut self, scope: Scope) {
        let Some(session) = &self.session else { return };
        let scope = match scope {
            Scope::Selected if session.selection().is_empty() => Scope::Result,
            s => s,
        };
        let target = Target::from_name(&self.prefs.export_format)
            .unwrap_or(Target::File(crate::export::Format::Csv));
        let folder = self
            .prefs
            .export_folder
            .clone()
            .or_else(|| session.path().parent().map(Path::to_owned))
            .unwrap_or_default();
        let name = &session.catalog().settings().name;
        let mut base = RecordId::from_title(None, name).to_string();
        if scope == Scope::Selected {
            base.push_str("-selection");
        }
        self.dialog = Some(Dialog::Export(ExportForm::new(
            scope, target, &folder, &base,
        )));
    }

    pub(super) fn start_export(&mut self) {
        let (Some(Dialog::Export(form)), Some(session)) = (&mut self.dialog, &self.session) else {
            return;
        };
        form.error = None;
        let path = PathBuf::from(form.destination.trim());
        if form.target != Target::Subset && path.exists() && !form.replace_confirmed {
            form.asking_to_replace = true;
            return;
        }
        let request = ExportRequest {
            scope: form.scope,
            target: form.target,
            options: form.options(),
            path: path.clone(),
            overwrite: form.replace_confirmed,
        };
        match session.start_export(request) {
            Ok(job) => {
                self.prefs.export_format = form.target.name().to_owned();
                self.prefs.export_folder = path.parent().map(Path::to_owned);
                self.dialog = Some(Dialog::Exporting { form: form.clone() });
                self.background.export = Some(job);
            }
            Err(problem) => form.error = Some(problem),
        }
    }

    pub(super) fn export_finished(&mut self, result: Result<ExportOutcome, ExportError>) {
        let form = match self.dialog.take() {
            Some(Dialog::Exporting { form }) => Some(form),
            other => {
                self.dialog = other;
                None
            }
        };
        match result {
            Ok(outcome) => {
                self.notices.info(format!(
                    "Exported {} to {}",
                    count(outcome.records, "record"),
                    outcome.path.display()
                ));
                if form.is_some() {
                    self.dialog = Some(Dialog::Exported(outcome));
                }
            }
            Err(ExportError::Cancelled) => {
                self.notices.info("Export cancelled; nothing was written");
            }
            Err(e) => {
                self.notices.error(format!("Export failed: {e}"));
                if let Some(mut form) = form {
                    form.error = Some(format!("Export failed: {e}"));
                    form.asking_to_replace = false;
                    form.replace_confirmed = false;
                    self.dialog = Some(Dialog::Export(form));
                }
            }
        }
    }
}
