//! What the app remembers between runs (never records).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::search::SortColumn;

/// The right pane's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    /// The document's text.
    Document,
    /// The metadata editor.
    Metadata,
    /// The record's history from git.
    History,
}

/// User preferences remembered between runs.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened catalogs, most recent first.
    pub recent: Vec<PathBuf>,
    /// Dark theme.
    pub dark: bool,
    /// Sidebar shown.
    pub show_sidebar: bool,
    /// Problems panel shown.
    pub show_problems: bool,
    /// The list's sort column.
    pub sort: SortColumn,
    /// Ascending sort.
    pub ascending: bool,
    /// The right pane's tab.
    pub tab: Tab,
    /// The format of the last export (its short name).
    pub export_format: String,
    /// The folder of the last export.
    pub export_folder: Option<PathBuf>,
    /// Use Folio's own file chooser rather than the system's dialog.
    pub folio_chooser: bool,
    /// The list's columns chosen for each catalog (by its folder); a catalog not
    /// here shows the default columns.
    pub columns: BTreeMap<PathBuf, Vec<String>>,
    /// Catalogs whose user answered "Not now" to setting them up for git.
    pub git_setup_declined: std::collections::BTreeSet<PathBuf>,
    /// The Document tab shows a record's scan beside its text.
    pub show_scan: bool,
    /// The reading layout: the record takes the whole window, scan beside text.
    pub reading: bool,
    /// The record pane's share of the window's width beside the list (0: not
    /// chosen yet, a share that suits the window).
    pub record_pane_share: f32,
    /// The scan's share of the record pane's width beside the list.
    pub scan_share: f32,
    /// The scan's share of the window's width in the reading layout.
    pub reading_scan_share: f32,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            dark: false,
            show_sidebar: true,
            show_problems: false,
            sort: SortColumn::Date,
            ascending: true,
            tab: Tab::Document,
            export_format: "csv".to_owned(),
            export_folder: None,
            folio_chooser: false,
            columns: BTreeMap::new(),
            git_setup_declined: Default::default(),
            show_scan: true,
            reading: false,
            record_pane_share: 0.0,
            scan_share: 0.5,
            reading_scan_share: 0.55,
        }
    }
}

impl Prefs {
    /// Puts `path` first among the recent catalogs (ten are kept).
    pub fn opened(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(10);
    }

    /// The columns chosen for the catalog at `catalog`, if the user chose.
    pub fn columns_of(&self, catalog: &Path) -> Option<&[String]> {
        self.columns.get(catalog).map(Vec::as_slice)
    }

    /// Remembers the columns chosen for the catalog at `catalog` (none: the defaults).
    pub fn choose_columns(&mut self, catalog: PathBuf, columns: Vec<String>) {
        if columns.is_empty() {
            self.columns.remove(&catalog);
        } else {
            self.columns.insert(catalog, columns);
        }
    }
}
