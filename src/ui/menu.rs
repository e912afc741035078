//! The menu bar, generated from [`Command`].

use super::app::{Action, FolioApp};
use super::command::{Command, Menu};

/// Draws the menu bar.
pub fn menu_bar_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in Menu::ALL {
            ui.menu_button(menu.title(), |ui| {
                for command in Command::ALL.into_iter().filter(|c| c.menu() == menu) {
                    if command == Command::Quit {
                        recent_ui(ui, app, actions);
                        ui.separator();
                    }
                    let enabled = is_enabled(app, command);
                    let shortcut = command.shortcut().map(|s| ui.ctx().format_shortcut(&s));
                    let checked = match command {
                        Command::ToggleSidebar => Some(app.prefs.show_sidebar),
                        Command::ToggleProblems => Some(app.prefs.show_problems),
                        Command::ToggleTheme => Some(app.prefs.dark),
                        Command::ToggleFolioChooser => Some(app.prefs.folio_chooser),
                        Command::ReadingLayout => Some(app.reading()),
                        _ => None,
                    };
                    // A toggle is a check box: whether it is on shows at a glance.
                    if let Some(mut on) = checked {
                        let response = ui
                            .horizontal(|ui| {
                                let response = ui.add_enabled(
                                    enabled,
                                    egui::Checkbox::new(&mut on, command.label()),
                                );
                                if let Some(shortcut) = &shortcut {
                                    ui.weak(shortcut.as_str());
                                }
                                response
                            })
                            .inner;
                        if response.clicked() {
                            actions.push(Action::Command(command));
                            ui.close();
                        }
                        continue;
                    }
                    let mut button = egui::Button::new(command.label());
                    if let Some(shortcut) = shortcut {
                        button = button.shortcut_text(shortcut);
                    }
                    if ui.add_enabled(enabled, button).clicked() {
                        actions.push(Action::Command(command));
                        ui.close();
                    }
                }
            });
        }
    });
}

fn recent_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    ui.menu_button("Open recent", |ui| {
        if app.prefs.recent.is_empty() {
            ui.weak("No recent catalogs");
        }
        for path in &app.prefs.recent {
            if ui.button(path.display().to_string()).clicked() {
                actions.push(Action::OpenCatalog(path.clone()));
                ui.close();
            }
        }
    });
}

/// Whether `command` can run now (menu items and toolbar buttons are greyed out
/// otherwise).
pub fn is_enabled(app: &FolioApp, command: Command) -> bool {
    let session = app.session();
    let writable = session.is_some_and(|s| s.read_only().is_none());
    let selected = session.map_or(0, |s| s.selection().len());
    let current = session.is_some_and(|s| s.selection().current().is_some());
    match command {
        Command::Save => session.is_some_and(|s| s.catalog().is_dirty()) && writable,
        Command::ImportPages | Command::NewRecord => writable,
        Command::Undo => writable && session.is_some_and(|s| s.can_undo()),
        Command::Redo => writable && session.is_some_and(|s| s.can_redo()),
        Command::DuplicateRecord => writable && current,
        Command::CopyCitation | Command::ExportSelected => selected > 0,
        Command::Export => session.is_some_and(|s| !s.catalog().is_empty()),
        Command::DeleteRecords => writable && selected > 0,
        Command::ShowValues => writable,
        Command::EditRecords => writable && session.is_some_and(|s| !s.catalog().is_empty()),
        Command::SelectAll | Command::Find => session.is_some(),
        Command::FindInDocument => current,
        Command::ReadingLayout => current || app.reading(),
        // Outside git, the commit dialog and the set-up say why.
        Command::Commit | Command::SetUpGit => writable,
        Command::Sync => writable && app.vcs().in_work_tree() && !app.remote().syncing(),
        Command::OpenFromServer => !app.remote().cloning(),
        Command::ShowChangedSinceCommit => session.is_some() && app.vcs().in_work_tree(),
        _ => true,
    }
}
