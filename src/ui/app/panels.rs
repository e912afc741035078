//! The window's panels: menu bar, toolbar, offers, status bar, problems, sidebar,
//! the record pane (its tabs, the document with its scan, the form, the history)
//! and the list; the reading layout; files dropped on the window; a catalog
//! opening.

use super::super::prefs::Tab;
use super::super::{command, document, editor, list, menu, problems, sidebar, statusbar, toolbar};
use super::{Action, FolioApp, Opening, PreviewState};

impl FolioApp {
    /// The menu bar, status bar, problems panel, sidebar, record pane and list.
    pub(super) fn panels_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        egui::Panel::top("menu_bar").show(ui, |ui| menu::menu_bar_ui(ui, self, actions));
        egui::Panel::top("toolbar").show(ui, |ui| toolbar::toolbar_ui(ui, self, actions));
        if let Some(path) = &self.git_offer {
            egui::Panel::top("git_offer").show(ui, |ui| {
                super::super::offers::git_offer_ui(ui, path, actions)
            });
        }
        egui::Panel::bottom("status_bar")
            .show(ui, |ui| statusbar::status_bar_ui(ui, self, actions));
        let session = self.session.as_ref();
        if self.prefs.show_problems {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(180.0)
                .show(ui, |ui| {
                    problems::problems_ui(ui, session, self.vcs.unmerged(), actions)
                });
        }
        // The reading layout gives the record the window; with no record to read
        // the list stays.
        if self.reading() {
            egui::CentralPanel::default().show(ui, |ui| self.record_pane_ui(ui, actions));
            return;
        }
        if self.prefs.show_sidebar {
            // Narrower in a small window, so that the list keeps room for titles.
            let sidebar = if ui.available_width() < 1200.0 {
                190.0
            } else {
                230.0
            };
            egui::Panel::left("sidebar")
                .resizable(true)
                .default_size(sidebar)
                .size_range(180.0..=480.0)
                .show(ui, |ui| {
                    sidebar::sidebar_ui(ui, session, &mut self.sidebar, actions)
                });
        }
        // Until the user drags it: a third of a small window, half of a large one,
        // so that the list keeps room for its titles.
        let width = ui.available_width();
        if self.prefs.record_pane_share <= 0.0 {
            self.prefs.record_pane_share = if width < 1600.0 { 0.4 } else { 0.5 };
        }
        let mut share = self.prefs.record_pane_share;
        super::super::split::shared_panel(
            ui,
            super::super::split::Side::Right,
            "record_pane",
            &mut share,
            width,
            // The list keeps room for a readable title column.
            egui::Rangef::new(320.0, width - 360.0),
            |ui| self.record_pane_ui(ui, actions),
        );
        self.prefs.record_pane_share = share;
        let session = self.session.as_ref();
        let open_error = self.open_error.as_deref();
        let scroll = &mut self.scroll_to_current;
        let chosen = session.and_then(|s| self.prefs.columns_of(&s.path()));
        let committed = &self.vcs.changed;
        if let Some(opening) = &self.opening {
            egui::CentralPanel::default().show(ui, |ui| match &opening.preview {
                super::PreviewState::Ready(preview) => {
                    opening_banner_ui(ui, opening);
                    list::preview_list_ui(ui, preview, scroll, actions);
                }
                _ => opening_ui(ui, opening),
            });
            return;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            list::catalog_list_ui(ui, session, open_error, chosen, committed, scroll, actions)
        });
    }

    /// Whether the reading layout is shown: asked for, and a record to read.
    pub fn reading(&self) -> bool {
        self.prefs.reading
            && self
                .session
                .as_ref()
                .is_some_and(|s| s.selection().len() == 1 && s.current().is_some())
    }

    /// Files dropped on the window: record pages, JSON exports and spreadsheets are
    /// imported; any other file (a scan, a PDF) is attached to the record shown.
    /// While files hover over the window, it says which it will be.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let current = self
            .session
            .as_ref()
            .and_then(|s| s.selection().current())
            .cloned();
        let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
        if hovering {
            let text = match &current {
                Some(id) => format!(
                    "Drop: pages, JSON and CSV are imported; other files are attached to {id}"
                ),
                None => {
                    "Drop: pages, JSON and CSV are imported (select a record to attach files to it)"
                        .to_owned()
                }
            };
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop_overlay"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(140));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                text,
                egui::FontId::proportional(20.0),
                egui::Color32::WHITE,
            );
        }
        let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() || self.session.is_none() {
            return;
        }
        let importable = |p: &std::path::PathBuf| {
            p.is_dir()
                || crate::import::is_page_or_export(p)
                || crate::import::csv::is_spreadsheet(p)
        };
        let (import, attach): (Vec<_>, Vec<_>) = dropped.into_iter().partition(importable);
        if !import.is_empty() {
            actions.push(Action::Import(import));
        }
        if !attach.is_empty() {
            match current {
                Some(id) => actions.push(Action::Attach(id, attach)),
                None => self
                    .notices
                    .warn("Select a record first: dropped files are attached to the record shown"),
            }
        }
    }

    fn record_pane_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let one_record = self
            .session
            .as_ref()
            .is_some_and(|s| s.selection().len() == 1 && s.current().is_some());
        let reading = self.reading();
        let (text, hint) = if reading {
            ("Back to the list", "Show the list again (Ctrl+R)")
        } else {
            (
                "Reading layout",
                "The record takes the window: scan beside text (Ctrl+R)",
            )
        };
        let layout_button = |ui: &mut egui::Ui, actions: &mut Vec<Action>| {
            if ui.button(text).on_hover_text(hint).clicked() {
                actions.push(Action::Command(command::Command::ReadingLayout));
            }
        };
        let mut button_below = false;
        ui.horizontal(|ui| {
            for (tab, command) in [
                (Tab::Document, command::Command::ShowDocument),
                (Tab::Metadata, command::Command::ShowMetadata),
                (Tab::History, command::Command::ShowHistory),
            ] {
                if ui
                    .selectable_label(self.prefs.tab == tab, command.label())
                    .clicked()
                {
                    actions.push(Action::Command(command));
                }
            }
            if one_record {
                let width = egui::WidgetText::from(text)
                    .into_galley(ui, None, f32::INFINITY, egui::TextStyle::Button)
                    .size()
                    .x
                    + 2.0 * ui.spacing().button_padding.x
                    + ui.spacing().item_spacing.x;
                // At the right end when there is room there; under the tabs (never
                // over them) in a narrow pane.
                if ui.available_width() >= width {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        layout_button(ui, actions)
                    });
                } else {
                    button_below = true;
                }
            }
        });
        if button_below {
            layout_button(ui, actions);
        }
        ui.separator();
        let Some(session) = &self.session else {
            if let Some(super::Opening {
                preview: super::PreviewState::Ready(preview),
                ..
            }) = &self.opening
            {
                if self.prefs.tab == Tab::Document {
                    preview_record_ui(ui, preview, &mut self.text_index, &mut self.footnotes);
                } else {
                    ui.add_space(24.0);
                    ui.vertical_centered(|ui| {
                        ui.weak("The catalog is still opening.");
                        ui.weak(
                            "Fields and history come when every record is read; \
                             the Document tab shows the record meanwhile.",
                        );
                    });
                }
            }
            return;
        };
        if session.selection().len() > 1 {
            super::super::selection_pane::selection_ui(
                ui,
                session,
                &mut self.selection_summary,
                actions,
            );
            return;
        }
        let Some(record) = session.current() else {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                ui.weak("No record selected.");
                ui.weak("Click a row in the list, or press Ctrl+N for a new record.");
            });
            return;
        };
        if session.current_is_hidden() {
            hidden_record_banner(ui, actions);
        }
        match self.prefs.tab {
            Tab::Document => {
                // The record's scans are looked for on disk when it or the catalog
                // changes, not every frame.
                let of = (record.id.clone(), session.catalog().generation());
                if self.scan_files_of.as_ref() != Some(&of) {
                    let files = record
                        .attachments
                        .iter()
                        .map(|a| (session.attachment_file(&a.path), a.label.clone()))
                        .filter(|(path, _)| crate::session::is_viewable(path))
                        .collect();
                    self.scan_view.show_record(&record.id, files);
                    self.scan_files_of = Some(of);
                }
                if self.scan_view.has_scans() {
                    if self.prefs.show_scan {
                        let width = ui.available_width();
                        let mut hide = false;
                        let reading = self.reading();
                        let mut share = if reading {
                            self.prefs.reading_scan_share
                        } else {
                            self.prefs.scan_share
                        };
                        super::super::split::shared_panel(
                            ui,
                            super::super::split::Side::Left,
                            "scan_split",
                            &mut share,
                            width,
                            egui::Rangef::new(160.0, width - 200.0),
                            |ui| self.scan_view.ui(ui, &mut hide),
                        );
                        if reading {
                            self.prefs.reading_scan_share = share;
                        } else {
                            self.prefs.scan_share = share;
                        }
                        if hide {
                            self.prefs.show_scan = false;
                        }
                    } else if ui
                        .button("Show scan")
                        .on_hover_text("The scan of the document beside its text")
                        .clicked()
                    {
                        self.prefs.show_scan = true;
                    }
                }
                document::document_ui(
                    ui,
                    record,
                    &session.view().highlights,
                    &mut self.text_index,
                    &mut self.find,
                    &mut self.footnotes,
                )
            }
            Tab::Metadata => editor::editor_ui(ui, record, session, &mut self.editor, actions),
            Tab::History => super::super::history::history_ui(
                ui,
                record,
                &self.vcs.history,
                self.vcs.history_field,
                &mut self.history_shown,
                actions,
            ),
        }
    }
}

/// A catalog opening: its name, a bar of the record files read, the time so far.
fn opening_ui(ui: &mut egui::Ui, opening: &Opening) {
    ui.add_space(ui.available_height() / 3.0);
    ui.vertical_centered(|ui| {
        ui.heading(format!("Opening {}", opening.path.display()));
        ui.add_space(8.0);
        ui.add(files_read_bar(opening).desired_width(ui.available_width().min(480.0)));
        // While the saved index is read, the list comes from it before the records.
        let when = match opening.preview {
            PreviewState::Loading(_) => "as soon as the saved index is read",
            _ => "as soon as every record is read",
        };
        ui.weak(format!(
            "{} s; the list shows {when}",
            opening.started.elapsed().as_secs()
        ));
    });
}

/// How many of the record files of a catalog opening are read, as a bar.
fn files_read_bar(opening: &Opening) -> egui::ProgressBar {
    let (read, files) = opening.progress.get();
    if files == 0 {
        return egui::ProgressBar::new(0.0).text("Listing the record files…");
    }
    egui::ProgressBar::new(read as f32 / files as f32).text(format!(
        "{} of {} record files read",
        crate::words::number(read),
        crate::words::number(files)
    ))
}

/// Over the list of a catalog opening: how far the reading of its files is, and what
/// waits for it.
fn opening_banner_ui(ui: &mut egui::Ui, opening: &Opening) {
    ui.horizontal_wrapped(|ui| {
        ui.add(files_read_bar(opening).desired_width(300.0));
        ui.label(
            "Browse and search meanwhile; editing, filters and the problems come \
             when every record is read.",
        );
    });
    ui.separator();
}

/// The record selected in the list of a catalog opening, read from its file: its
/// document, or why it could not be read.
fn preview_record_ui(
    ui: &mut egui::Ui,
    preview: &crate::session::Preview,
    text_index: &mut usize,
    footnotes: &mut super::super::reading::FootnoteState,
) {
    match preview.current() {
        Some(Ok(record)) => document::document_ui(
            ui,
            record,
            &preview.view().highlights,
            text_index,
            &mut None,
            footnotes,
        ),
        Some(Err(why)) => {
            ui.colored_label(ui.visuals().error_fg_color, why);
        }
        None => {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                ui.weak("No record selected.");
                ui.weak("Click a row in the list, or press the Down arrow.");
            });
        }
    }
}

/// Says that the record shown is not in the list (an edit took it out of the
/// search's result), with a way to show every record again.
fn hidden_record_banner(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "This record is not in the list: the search or a filter hides it.",
        );
        if ui.button("Show every record").clicked() {
            actions.push(Action::ClearSearch);
        }
    });
    ui.separator();
}
