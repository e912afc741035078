//! File → Open from a server…: the catalog's address, the folder to put it in, and
//! git's progress while it is cloned.

use std::path::PathBuf;

use egui::RichText;

use super::app::Action;

/// The form's state.
#[derive(Debug, Clone, Default)]
pub struct CloneForm {
    /// The server's address for the catalog.
    pub url: String,
    /// The folder the clone goes in (a new folder named after the address).
    pub parent: String,
    /// The new folder's name; follows the address until edited.
    pub name: String,
    name_edited: bool,
    /// Git's last progress line while cloning.
    pub progress: Option<String>,
    /// Why the last try failed.
    pub error: Option<String>,
    focused: bool,
}

impl CloneForm {
    /// An empty form putting clones in `parent`.
    pub fn new(parent: PathBuf) -> CloneForm {
        CloneForm {
            parent: parent.display().to_string(),
            ..CloneForm::default()
        }
    }

    /// Where the catalog goes.
    pub fn target(&self) -> PathBuf {
        PathBuf::from(self.parent.trim()).join(self.name.trim())
    }

    fn problem(&self) -> Option<String> {
        if self.url.trim().is_empty() {
            return Some("Give the catalog's address on the server.".to_owned());
        }
        if self.name.trim().is_empty() {
            return Some("Give the new folder a name.".to_owned());
        }
        let target = self.target();
        let taken =
            std::fs::read_dir(&target).is_ok_and(|mut d| d.next().is_some()) || target.is_file();
        taken.then(|| format!("{} already exists: choose another name.", target.display()))
    }
}

/// Git's progress line as a fraction, when it holds a percentage
/// (`Receiving objects:  45% (450/1000)`).
fn fraction(line: &str) -> Option<f32> {
    let percent = line.split('%').next()?.rsplit(' ').next()?;
    percent.trim().parse::<f32>().ok().map(|p| p / 100.0)
}

/// The address field's id: the app gives it the keyboard in the frame the dialog
/// opens.
pub fn url_id() -> egui::Id {
    egui::Id::unique("clone_url")
}

/// Draws the form; `running` while the clone runs.
pub fn clone_ui(ui: &mut egui::Ui, form: &mut CloneForm, running: bool, actions: &mut Vec<Action>) {
    ui.set_min_width(560.0);
    ui.heading("Open a catalog from a server");
    ui.label("A catalog the team shares in git (GitLab, Gitea, GitHub, or a server over SSH): Folio copies it here, sets it up for its field-by-field merges, and opens it. Sync sends your changes and takes your colleagues'.");
    ui.add_space(6.0);
    let mut submit = false;
    egui::Grid::new("clone_form").num_columns(2).show(ui, |ui| {
        let label = ui.label("Address");
        let url = ui
            .add_enabled(
                !running,
                egui::TextEdit::singleline(&mut form.url)
                    .id(url_id())
                    .desired_width(400.0)
                    .hint_text("https://git.example.org/team/catalog.git"),
            )
            .labelled_by(label.id);
        if !form.focused {
            url.request_focus();
            form.focused = true;
        }
        if url.changed() && !form.name_edited {
            form.name = crate::vcs::sync::folder_for(&form.url).unwrap_or_default();
        }
        submit |= url.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.end_row();
        let label = ui.label("Put it in");
        ui.add_enabled(
            !running,
            egui::TextEdit::singleline(&mut form.parent).desired_width(400.0),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Folder name");
        let name = ui
            .add_enabled(
                !running,
                egui::TextEdit::singleline(&mut form.name).desired_width(400.0),
            )
            .labelled_by(label.id);
        if name.changed() {
            form.name_edited = true;
        }
        submit |= name.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.end_row();
    });
    ui.weak("Folio stores no password: git asks (here, in a dialog) or uses your credential helper and ssh-agent.");
    let problem = form.problem();
    if let Some(progress) = &form.progress {
        let bar = egui::ProgressBar::new(fraction(progress).unwrap_or(0.0))
            .text(progress.as_str())
            .animate(true);
        ui.add(bar);
    } else if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error.as_str());
    } else if let Some(problem) = &problem {
        if !form.url.trim().is_empty() {
            ui.colored_label(ui.visuals().warn_fg_color, problem.as_str());
        }
    } else {
        ui.weak(format!("It goes in {}", form.target().display()));
    }
    ui.horizontal(|ui| {
        let can = !running && problem.is_none();
        let clone = ui.add_enabled(
            can,
            egui::Button::new(RichText::new("Clone and open").strong()),
        );
        if clone.clicked() || (can && submit) {
            actions.push(Action::Clone(form.url.trim().to_owned(), form.target()));
        }
        if running {
            if ui.button("Cancel").clicked() {
                actions.push(Action::CancelClone);
            }
        } else if ui.button("Close").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_read_as_fractions() {
        assert_eq!(
            fraction("Receiving objects:  45% (450/1000), 1.2 MiB"),
            Some(0.45)
        );
        assert_eq!(fraction("Cloning into 'catalog'..."), None);
    }
}
