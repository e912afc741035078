//! File → Catalog settings…: the catalog's name, the archive its citations name, its
//! address on the web and OAI-PMH repository identifier, its description; written to
//! `catalog.ron` when saved.

use egui::RichText;

use crate::store::CatalogSettings;

use super::app::Action;

/// The settings form's state: the values as typed.
#[derive(Debug, Clone, Default)]
pub struct SettingsForm {
    /// The catalog's name.
    pub name: String,
    /// The holding archive's name, cited in every citation.
    pub archive_name: String,
    /// The catalog's address on the web.
    pub base_url: String,
    /// The OAI-PMH repository identifier.
    pub oai_repository: String,
    /// What the collection is.
    pub description: String,
    /// Why the last save failed.
    pub error: Option<String>,
    /// Put the keyboard in the first field once.
    pub focused: bool,
    /// What Folio's cache holds for the catalog, as said in the form (measured
    /// when the form opens and after Clear cache, not every frame).
    pub cache: Option<CacheSummary>,
}

/// The catalog's cache, against the size of its record files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheSummary {
    /// Bytes in the cache folder for this catalog.
    pub cached: u64,
    /// Of which the saved search index.
    pub index: u64,
    /// Bytes of the record files.
    pub records: u64,
    /// The cache folder.
    pub folder: std::path::PathBuf,
}

impl SettingsForm {
    /// The form holding `settings`.
    pub fn of(settings: &CatalogSettings) -> Self {
        Self {
            name: settings.name.clone(),
            archive_name: settings.archive_name.clone(),
            base_url: settings.base_url.clone(),
            oai_repository: settings.oai_repository.clone(),
            description: settings.description.clone(),
            error: None,
            focused: false,
            cache: None,
        }
    }

    /// What is wrong with the values typed, if anything.
    pub fn problem(&self) -> Option<&'static str> {
        if self.name.trim().is_empty() {
            Some("A catalog needs a name.")
        } else if crate::store::base_url_problem(&self.base_url).is_some() {
            Some("The web address starts with https:// or http://.")
        } else {
            None
        }
    }

    /// `settings` with the values typed.
    pub fn apply(&self, settings: &mut CatalogSettings) {
        settings.name = self.name.trim().to_owned();
        settings.archive_name = self.archive_name.trim().to_owned();
        settings.base_url = self.base_url.trim().to_owned();
        settings.oai_repository = self.oai_repository.trim().to_owned();
        settings.description = self.description.trim().to_owned();
    }
}

/// One labelled line of the form.
fn field(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str) -> egui::Response {
    let label_response = ui.label(label);
    let response = ui
        .add(
            egui::TextEdit::singleline(value)
                .id(egui::Id::unique(("catalog_settings", label)))
                .desired_width(f32::INFINITY)
                .hint_text(hint),
        )
        .labelled_by(label_response.id);
    ui.end_row();
    response
}

/// The first field's id (the name): the app gives it the keyboard in the frame the
/// dialog opens.
pub fn first_field_id() -> egui::Id {
    egui::Id::unique(("catalog_settings", "Name"))
}

/// Shows the form in a modal window; closing it (Escape, a click outside) cancels.
pub fn show(
    ctx: &egui::Context,
    form: &mut SettingsForm,
    read_only: bool,
    actions: &mut Vec<Action>,
) {
    let modal = egui::Modal::new(egui::Id::unique("settings_dialog"))
        .show(ctx, |ui| settings_ui(ui, form, read_only, actions));
    if modal.should_close() {
        actions.push(Action::CloseDialog);
    }
}

/// Draws the form.
fn settings_ui(
    ui: &mut egui::Ui,
    form: &mut SettingsForm,
    read_only: bool,
    actions: &mut Vec<Action>,
) {
    ui.set_min_width(560.0);
    ui.heading("Catalog settings");
    let mut first = None;
    let mut entered = false;
    // Enter in a one-line field saves, as in any form; so does Ctrl+S, wherever the
    // cursor is (the app's own Save is for records).
    let mut enter = |response: &egui::Response| {
        entered |= response.lost_focus() && response.ctx.input(|i| i.key_pressed(egui::Key::Enter));
    };
    egui::Grid::new("catalog_settings")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .min_col_width(150.0)
        .show(ui, |ui| {
            let name = field(ui, "Name", &mut form.name, "The catalog's name");
            enter(&name);
            first = Some(name);
            for (label, value, hint) in [
                (
                    "Archive cited",
                    &mut form.archive_name,
                    "History and Public Policy Program Digital Archive",
                ),
                (
                    "Web address",
                    &mut form.base_url,
                    "https://archive.example.org/",
                ),
                (
                    "OAI-PMH repository",
                    &mut form.oai_repository,
                    "archive.example.org (the web address's host if empty)",
                ),
            ] {
                enter(&field(ui, label, value, hint));
            }
        });
    let label = ui.label("Description");
    ui.add(
        egui::TextEdit::multiline(&mut form.description)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    if !form.focused
        && let Some(first) = first
    {
        first.request_focus();
        form.focused = true;
    }
    ui.weak(
        "The archive is named in every citation and export; the web address makes \
         attachment links absolute. People's name order is settled in catalog.ron's names list.",
    );
    if let Some(cache) = &form.cache {
        cache_ui(ui, cache, actions);
    }
    let ctrl_s = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
    let problem = form.problem();
    if let Some(message) = form.error.as_deref().or(problem) {
        ui.colored_label(ui.visuals().error_fg_color, message);
    }
    if read_only {
        ui.weak("The catalog is open read-only: nothing can be saved.");
    }
    ui.horizontal(|ui| {
        let can = problem.is_none() && !read_only;
        if ui
            .add_enabled(
                can,
                egui::Button::new(RichText::new("Save settings").strong()),
            )
            .on_hover_text("Enter in a field, or Ctrl+S")
            .clicked()
            || (can && (entered || ctrl_s))
        {
            actions.push(Action::SaveCatalogSettings);
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

/// "Cache: 5.2 GB (search index 3.1 GB) for 5.4 GB of record files [Clear cache]".
fn cache_ui(ui: &mut egui::Ui, cache: &CacheSummary, actions: &mut Vec<Action>) {
    use crate::words::size;
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        if cache.cached == 0 {
            ui.label(format!(
                "Cache: nothing kept ({} of record files; small catalogs open without one).",
                size(cache.records)
            ));
            return;
        }
        ui.label(format!(
            "Cache: {} (search index {}) for {} of record files.",
            size(cache.cached),
            size(cache.index),
            size(cache.records)
        ))
        .on_hover_text(format!(
            "Kept in {} so that a large catalog opens and searches fast",
            cache.folder.display()
        ));
        if ui
            .button("Clear cache")
            .on_hover_text("Nothing is lost: the cache is made from the record files, and the next open writes it again")
            .clicked()
        {
            actions.push(Action::ClearCache);
        }
    });
}
