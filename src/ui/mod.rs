//! The desktop app (feature `gui`): a thin egui layer over [`crate::session`].
//! Panels read the state and push [`app::Action`]s; `FolioApp::handle` applies them
//! after drawing, each as one session call and a notice.

pub mod app;
mod askpass_dialog;
mod bulk_dialog;
mod chooser;
mod clone_dialog;
pub mod command;
mod commit_dialog;
mod conflict;
mod csv_import_dialog;
mod default_button;
mod dialogs;
pub mod document;
mod editor;
pub mod export_dialog;
mod focus;
mod fonts;
mod history;
mod list;
mod menu;
pub mod notice;
mod offers;
pub mod prefs;
mod problems;
mod reading;
pub mod scan_view;
mod selection_pane;
mod settings_dialog;
mod sidebar;
mod split;
mod statusbar;
mod toolbar;
mod values;

use std::path::{Path, PathBuf};

use crate::session::rescue;

pub use app::{FolioApp, PreviewState};
pub use editor::TYPING_PAUSE;
pub use prefs::{Prefs, Tab};

/// Says what happened when Folio stops on an internal error, instead of vanishing:
/// the unsaved edits, as of the last change, are written to the journal (see
/// [`rescue`]) and offered the next time the catalog is opened.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let kept = match rescue::write() {
            Some(path) => format!(
                "Your unsaved edits were kept in {} and will be offered when you open the catalog again.",
                path.display()
            ),
            None => "Nothing was unsaved, or the journal (written within a second of each edit) holds it.".to_owned(),
        };
        let message = format!(
            "Folio stopped on an internal error. Nothing was written to your catalog by this error. {kept}\n\nPlease report this: {info}"
        );
        eprintln!("\n{message}\n");
        default(info);
        // Someone who started Folio from the desktop sees no terminal.
        if std::thread::current().name() == Some("main") {
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title("Folio stopped")
                .set_description(message)
                .show();
        }
    }));
}

/// The app's id: the desktop entry's and the metainfo's name, the window's app id
/// under Wayland.
pub const APP_ID: &str = "io.github.folio_archive.Folio";

/// The window's class under X11 (instance and class both; the desktop entry's
/// `StartupWMClass`): the program's name. egui gives X11 the app id as the class
/// with an empty instance name, which docks and window managers cannot match, so
/// under X11 the app id is left to winit, which names the window after the program.
pub const X11_CLASS: &str = "folio";

/// The window's icon (`assets/folio-256.png`).
pub fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/folio-256.png")).ok()
}

/// Opens the window on `catalog`, or on the last catalog used, or on `sample_catalog/`.
pub fn run(catalog: Option<PathBuf>) -> anyhow::Result<()> {
    install_panic_hook();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Folio")
        .with_inner_size([1440.0, 900.0])
        .with_min_inner_size([720.0, 480.0]);
    if std::env::var_os("WAYLAND_DISPLAY").is_some() {
        viewport = viewport.with_app_id(APP_ID);
    }
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Folio",
        options,
        Box::new(move |cc| {
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            cc.egui_ctx.set_theme(if prefs.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            let path = catalog
                .or_else(|| {
                    prefs
                        .recent
                        .first()
                        .filter(|p| p.join("catalog.ron").exists())
                        .cloned()
                })
                .or_else(default_catalog);
            // The window comes at once; the catalog opens on another thread with
            // a progress bar (a large one takes seconds).
            let mut app = FolioApp::new(None, prefs);
            app.open_in_background();
            if let Some(path) = &path {
                app.open_catalog(path);
            }
            app.check_fonts_in_background();
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// `sample_catalog/` in the working folder, or beside the sources.
fn default_catalog() -> Option<PathBuf> {
    [
        PathBuf::from("sample_catalog"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_catalog"),
    ]
    .into_iter()
    .find(|p| p.join("catalog.ron").exists())
}
