//! Folio's own file chooser, for where the system has no file dialog (a desktop
//! without an xdg portal, a remote session, Xvfb): a path field that has the keyboard
//! (type a path, Enter) over the entries of the folder it names (click a folder to go
//! in, a file to take it, double-click to choose it).

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::store::folder::SETTINGS_FILE;

use super::app::FileRequest;

/// One entry of the folder shown.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    folder: bool,
}

/// The chooser's state while it is open.
#[derive(Debug)]
pub struct Chooser {
    request: FileRequest,
    /// The path typed, or picked from the list.
    pub path: String,
    /// The folder listed, and its entries (read when it changes, never per frame).
    listed: Option<PathBuf>,
    entries: Vec<Entry>,
    error: Option<String>,
    /// Put the keyboard in the path field next frame: with the whole path selected
    /// (typing replaces it), or with the cursor at its end (typing goes on).
    focus: Option<Cursor>,
}

/// Where the path field's cursor goes when it gets the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cursor {
    SelectAll,
    End,
}

/// What the user did with the chooser this frame.
pub enum Chosen {
    /// Nothing yet.
    Open,
    /// Chosen: the request and its path.
    Path(FileRequest, PathBuf),
    /// Cancelled.
    Cancelled,
}

impl Chooser {
    /// A chooser for `request`, starting in `folder`.
    pub fn new(request: FileRequest, folder: &Path) -> Chooser {
        let path = match &request {
            FileRequest::ExportFile(path) | FileRequest::ExportFolder(path) => {
                path.display().to_string()
            }
            _ => with_separator(folder),
        };
        Chooser {
            request,
            path,
            listed: None,
            entries: Vec::new(),
            error: None,
            focus: Some(Cursor::SelectAll),
        }
    }

    /// What is chosen: a catalog, pages, a file or a folder.
    fn title(&self) -> &'static str {
        match self.request {
            FileRequest::Open => "Open a catalog folder",
            FileRequest::Create => "Folder for the new catalog (new or empty)",
            FileRequest::Import => {
                "Import records (a page, a JSON export, a spreadsheet (CSV), or a folder of pages)"
            }
            FileRequest::Attach(_) => "Attach files to the record (a scan, a PDF, any file)",
            FileRequest::ExportFile(_) => "Export to",
            FileRequest::ExportFolder(_) => "Folder for the exported catalog (new or empty)",
        }
    }

    fn button(&self) -> &'static str {
        match self.request {
            FileRequest::Open => "Open",
            FileRequest::Create => "Create",
            FileRequest::Import => "Import",
            FileRequest::Attach(_) => "Attach",
            FileRequest::ExportFile(_) | FileRequest::ExportFolder(_) => "Choose",
        }
    }

    /// Whether files are listed (and which): pages, JSON and CSV for an import, every
    /// file for an export; only folders otherwise.
    fn shows(&self, name: &str) -> bool {
        match self.request {
            FileRequest::Import => {
                let lower = name.to_lowercase();
                [".txt", ".json", ".csv", ".tsv"]
                    .iter()
                    .any(|e| lower.ends_with(e))
            }
            FileRequest::ExportFile(_) | FileRequest::Attach(_) => true,
            _ => false,
        }
    }

    /// The folder the path names, or the one it is in.
    fn folder(&self) -> Option<PathBuf> {
        let path = PathBuf::from(self.path.trim());
        if path.is_dir() {
            Some(path)
        } else {
            path.parent().filter(|p| p.is_dir()).map(Path::to_owned)
        }
    }

    /// Reads the folder's entries when the path moved to another folder.
    fn refresh(&mut self) {
        let folder = self.folder();
        if folder == self.listed {
            return;
        }
        self.entries.clear();
        if let Some(folder) = &folder {
            match std::fs::read_dir(folder) {
                Ok(read) => {
                    let mut entries: Vec<Entry> = read
                        .filter_map(Result::ok)
                        .filter_map(|e| {
                            let name = e.file_name().to_string_lossy().into_owned();
                            let folder = e.path().is_dir();
                            (!name.starts_with('.') && (folder || self.shows(&name)))
                                .then_some(Entry { name, folder })
                        })
                        .collect();
                    entries.sort_by(|a, b| {
                        b.folder
                            .cmp(&a.folder)
                            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                    });
                    self.entries = entries;
                }
                Err(e) => self.error = Some(format!("{}: {e}", folder.display())),
            }
        }
        self.listed = folder;
    }

    /// Checks the path for the request; `Err` says what is wrong with it.
    fn check(&self) -> Result<PathBuf, String> {
        let path = PathBuf::from(self.path.trim());
        if path.as_os_str().is_empty() {
            return Err("Type a path, or pick one below.".to_owned());
        }
        match &self.request {
            FileRequest::Open if !path.join(SETTINGS_FILE).is_file() => Err(format!(
                "{} is not a Folio catalog (it has no catalog.ron).",
                path.display()
            )),
            FileRequest::Import if !path.exists() => {
                Err(format!("{} does not exist.", path.display()))
            }
            FileRequest::Attach(_) if !path.is_file() => Err(format!(
                "{} is not a file: pick the file to attach.",
                path.display()
            )),
            FileRequest::ExportFile(_) if path.is_dir() => {
                Err(format!("{} is a folder: add a file name.", path.display()))
            }
            _ => Ok(path),
        }
    }

    /// Draws the chooser; returns what the user did.
    pub fn ui(&mut self, ctx: &egui::Context) -> Chosen {
        self.refresh();
        let mut chosen = Chosen::Open;
        let modal = egui::Modal::new(egui::Id::unique("folio_file_chooser")).show(ctx, |ui| {
            // Room for long names, more on a large screen.
            ui.set_width((ctx.content_rect().width() * 0.6).clamp(480.0, 1100.0));
            ui.heading(self.title());
            ui.weak("No file dialog of the system is available: type a path (Enter), or pick one below.");
            ui.add_space(4.0);
            let label = ui.label("Path");
            let field_id = ui.make_persistent_id("chooser_path");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .id(field_id)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if field.changed() {
                self.error = None;
                // `/` or `~/` typed after a folder starts a path of its own.
                if let Some(fresh) = restarted(&self.path) {
                    self.path = fresh;
                    self.focus = Some(Cursor::End);
                }
            }
            if let Some(cursor) = self.focus.take() {
                field.request_focus();
                let mut state =
                    egui::TextEdit::load_state(ui.ctx(), field_id).unwrap_or_default();
                let end = egui::text::CCursor::end_of_str(&self.path);
                state.cursor.set_char_range(Some(match cursor {
                    Cursor::SelectAll => egui::text::CCursorRange::select_all_str(&self.path),
                    Cursor::End => egui::text::CCursorRange::one(end),
                }));
                egui::TextEdit::store_state(ui.ctx(), field_id, state);
            }
            let mut choose = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.small_button("Up").on_hover_text("The folder above").clicked()
                    && let Some(parent) = self.listed.as_ref().and_then(|f| f.parent())
                {
                    self.path = with_separator(parent);
                    self.focus = Some(Cursor::End);
                }
                if let Some(folder) = &self.listed {
                    ui.weak(folder.display().to_string());
                }
            });
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    let folder = self.listed.clone().unwrap_or_default();
                    for entry in self.entries.clone() {
                        let text = if entry.folder {
                            RichText::new(format!("{}/", entry.name)).strong()
                        } else {
                            RichText::new(entry.name.as_str())
                        };
                        let path = folder.join(&entry.name);
                        let selected = Path::new(self.path.trim()) == path;
                        // Wrapped, never cut: a long file name is read whole.
                        let response = ui.add(
                            egui::Button::selectable(selected, text)
                                .wrap_mode(egui::TextWrapMode::Wrap),
                        );
                        if response.double_clicked() && !entry.folder {
                            self.path = path.display().to_string();
                            choose = true;
                        } else if response.clicked() {
                            self.path = if entry.folder {
                                with_separator(&path)
                            } else {
                                path.display().to_string()
                            };
                            self.error = None;
                            self.focus = Some(Cursor::End);
                        }
                    }
                    if self.entries.is_empty() {
                        ui.weak("(nothing to choose here)");
                    }
                });
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.horizontal(|ui| {
                if ui.button(RichText::new(self.button()).strong()).clicked() {
                    choose = true;
                }
                if ui.button("Cancel").clicked() {
                    chosen = Chosen::Cancelled;
                }
            });
            if choose {
                match self.check() {
                    Ok(path) => chosen = Chosen::Path(self.request.clone(), path),
                    Err(problem) => {
                        self.error = Some(problem);
                        self.focus = Some(Cursor::End);
                    }
                }
            }
        });
        if modal.should_close() {
            chosen = Chosen::Cancelled;
        }
        chosen
    }
}

/// A folder's path with a final separator, so that typing goes on inside it.
fn with_separator(folder: &Path) -> String {
    let mut text = folder.display().to_string();
    if !text.ends_with(std::path::MAIN_SEPARATOR) {
        text.push(std::path::MAIN_SEPARATOR);
    }
    text
}

/// The path a typed text means when `/` or `~/` was typed after a folder's path
/// (`/home/ana/cat//srv/x` or `/home/ana/cat/~/x`): the new path, from that point on
/// (`~` is the home folder). `None` when the text is one path already.
fn restarted(text: &str) -> Option<String> {
    if cfg!(windows) {
        return None;
    }
    let home = |rest: &str| {
        std::env::var_os("HOME")
            .map(|home| format!("{}/{rest}", home.to_string_lossy().trim_end_matches('/')))
    };
    if let Some(rest) = text.strip_prefix("~/") {
        return home(rest);
    }
    let tilde = text.rfind("/~/").map(|i| i + 1);
    let slash = text.get(1..).and_then(|t| t.rfind("//")).map(|i| i + 2);
    match (tilde, slash) {
        (Some(t), s) if s.is_none_or(|s| t > s) => home(&text[t + 2..]),
        (_, Some(s)) => Some(text[s..].to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_typed_after_a_folder_starts_anew() {
        assert_eq!(
            restarted("/home/ana/cat//srv/pages"),
            Some("/srv/pages".to_owned())
        );
        assert_eq!(restarted("/home/ana/cat/"), None);
        assert_eq!(restarted("/home/ana/cat/pages.txt"), None);
        let home = std::env::var("HOME").unwrap_or_default();
        if !home.is_empty() {
            assert_eq!(
                restarted("/srv/cat/~/Documents"),
                Some(format!("{}/Documents", home.trim_end_matches('/')))
            );
            assert_eq!(
                restarted("/srv/cat/~/"),
                Some(format!("{}/", home.trim_end_matches('/')))
            );
        }
        if !home.is_empty() {
            assert_eq!(
                restarted("~/x"),
                Some(format!("{}/x", home.trim_end_matches('/')))
            );
        }
        // The newest of the two wins.
        assert_eq!(restarted("/a/~/b//c"), Some("/c".to_owned()));
    }
}
