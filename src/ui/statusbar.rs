//! The status bar: counts, indexing progress, unsaved changes, problems, and the
//! newest notice (a click shows the earlier ones).

use egui::RichText;

use crate::search::SortColumn;
use crate::session::{FilteredView, ViewQuery};

use super::app::{Action, FolioApp};
use super::command::Command;
use super::notice::Level;
use crate::words::count;

/// "12 of 18 records", and whether the best matches come first (only the index ranks:
/// a search answered by scanning the records is by date until it is built).
fn shown_of(shown: usize, records: usize, view: &FilteredView, query: &ViewQuery) -> String {
    let ranked = query.sort == SortColumn::Relevance && !query.text.trim().is_empty();
    let order = match (ranked, view.by_index()) {
        (false, _) => "",
        (true, true) => ", best matches first",
        (true, false) => ", by date until indexed",
    };
    format!(
        "{} of {} records{order}",
        crate::words::number(shown),
        crate::words::number(records),
    )
}

/// Draws the status bar.
pub fn status_bar_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let Some(session) = app.session() else {
            match app.preview() {
                Some(preview) => {
                    ui.label(shown_of(
                        preview.view().ids.len(),
                        preview.records(),
                        preview.view(),
                        preview.query(),
                    ));
                    ui.separator();
                    ui.weak("Opening: read-only until every record is read");
                }
                None if app.is_opening() => {
                    ui.weak("Opening…");
                }
                None => {
                    ui.weak("No catalog open");
                }
            }
            notice_ui(ui, app, actions);
            return;
        };
        ui.label(shown_of(
            session.view().ids.len(),
            session.catalog().len(),
            session.view(),
            session.query(),
        ));
        if session.searching() {
            ui.spinner();
            ui.weak("Searching…").on_hover_text(
                "The index is still being built: the records are read for this search, and the list shows the last one until then",
            );
        }
        ui.separator();
        let hidden = session.hidden_selected().count();
        if hidden > 0 {
            ui.label(format!(
                "{} selected ({hidden} hidden by the search)",
                session.selection().len() - hidden
            ))
            .on_hover_text("Actions on the selection leave out the records the list hides");
        } else {
            ui.label(format!("{} selected", session.selection().len()));
        }
        if let Some((done, total)) = session.index_progress() {
            ui.separator();
            let fraction = done as f32 / total.max(1) as f32;
            let text = format!(
                "Indexing {} of {}",
                crate::words::number(done),
                crate::words::number(total)
            );
            // Wide enough for its words at any count ("Indexing 999,999 of 1,000,000").
            let widest = format!("Indexing {0} of {0}", crate::words::number(total));
            let width = ui
                .painter()
                .layout_no_wrap(
                    widest,
                    egui::TextStyle::Body.resolve(ui.style()),
                    egui::Color32::PLACEHOLDER,
                )
                .size()
                .x;
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(width.max(180.0) + 16.0)
                    .text(text),
            );
        }
        ui.separator();
        let dirty = session.catalog().dirty().len();
        if dirty > 0 {
            ui.label(format!("{dirty} unsaved"));
        } else {
            ui.weak("All saved");
        }
        ui.separator();
        let records_errors = session.error_count();
        let warnings =
            session.problems().len() + session.folder().load_errors().len() - records_errors;
        // A file git lists as unmerged is an error of the catalog as a whole.
        let errors = records_errors + app.vcs().unmerged().len();
        let text = format!("{}, {}", count(errors, "error"), count(warnings, "warning"));
        let text = if errors > 0 {
            RichText::new(text).color(ui.visuals().error_fg_color)
        } else {
            RichText::new(text)
        };
        if ui.link(text).on_hover_text("Show the problems").clicked() {
            actions.push(Action::Command(Command::ToggleProblems));
        }
        git_ui(ui, app, actions);
        notice_ui(ui, app, actions);
    });
}

/// The branch and where it stands, and the records changed since the last commit
/// (a click shows them); nothing outside git.
fn git_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    let Some(status) = &app.vcs().status else {
        return;
    };
    ui.separator();
    ui.label(status.describe_branch())
        .on_hover_text("The git branch, and how far it is from its upstream");
    server_ui(ui, app, status, actions);
    let unmerged = app.vcs().unmerged();
    if !unmerged.is_empty() {
        let text = RichText::new(format!("{} unmerged", count(unmerged.len(), "file")))
            .color(ui.visuals().error_fg_color);
        let names: Vec<String> = unmerged
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        if ui
            .link(text)
            .on_hover_text(format!(
                "A git merge stopped on these files and is not finished: {}. The Problems panel says how to settle each.",
                names.join(", ")
            ))
            .clicked()
        {
            actions.push(Action::Command(Command::ToggleProblems));
        }
    }
    let changed = app.vcs().changed.len();
    let others = app.vcs().other_changes;
    if changed == 0 && others > 0 {
        // No record to list, but still something to commit (the settings, an
        // attachment, the git files written by Set up for git): the dialog names it.
        if ui
            .link(format!("{} to commit", count(others, "file")))
            .on_hover_text("No record changed, but other files of the catalog did: commit them")
            .clicked()
        {
            actions.push(Action::Command(Command::Commit));
        }
        return;
    }
    let text = if changed == 0 {
        "nothing to commit".to_owned()
    } else {
        format!("{changed} changed since commit")
    };
    if ui
        .link(text)
        .on_hover_text(
            "Show the records changed since the last commit (File > Commit… commits them)",
        )
        .clicked()
    {
        actions.push(Action::Command(Command::ShowChangedSinceCommit));
    }
}

/// The newest notice, coloured by its level; a click shows the earlier ones.
fn notice_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    // Short, and before the notice (which is cut to the room left): the whole
    // advice on hover.
    if let Some(fonts) = app.font_notice() {
        ui.separator();
        let short = fonts.split(':').next().unwrap_or(fonts);
        ui.colored_label(ui.visuals().warn_fg_color, short)
            .on_hover_text(fonts);
    }
    if let Some(notice) = app.notices().latest() {
        ui.separator();
        let color = match notice.level {
            Level::Info => ui.visuals().text_color(),
            Level::Warning => ui.visuals().warn_fg_color,
            Level::Error => ui.visuals().error_fg_color,
        };
        let response = ui
            .add(
                egui::Label::new(RichText::new(&notice.text).color(color))
                    .truncate()
                    .sense(egui::Sense::click()),
            )
            .on_hover_text("Click for the earlier messages");
        if response.clicked() {
            actions.push(Action::Command(Command::ShowNotices));
        }
    }
}

/// Where the catalog stands with its server: commits to take (↓) and to send (↑),
/// when it last synced, and the sync running (a click syncs).
fn server_ui(
    ui: &mut egui::Ui,
    app: &FolioApp,
    status: &crate::vcs::RepoStatus,
    actions: &mut Vec<Action>,
) {
    let remote = app.remote();
    if let Some(step) = &remote.step {
        ui.separator();
        ui.spinner();
        let text = match &remote.progress {
            Some(progress) => format!("{step}: {progress}"),
            None => format!("{step}…"),
        };
        ui.label(text);
        return;
    }
    if status.upstream.is_none() && !remote.has_server {
        return;
    }
    ui.separator();
    let when = remote.last_sync.map_or_else(
        || "never synced".to_owned(),
        |t| format!("synced {}", ago(chrono::Utc::now() - t)),
    );
    let color = if remote.offline.is_some() {
        ui.visuals().warn_fg_color
    } else {
        ui.visuals().hyperlink_color
    };
    let said = format!(
        "{} to take, {} to send, {when}{}",
        count(status.behind as usize, "commit"),
        count(status.ahead as usize, "commit"),
        if remote.offline.is_some() {
            ", offline"
        } else {
            ""
        }
    );
    let hover = match &remote.offline {
        Some(why) => {
            format!("The server could not be reached: {why}. Click to sync (Ctrl+Shift+Y)")
        }
        None => format!("{said}. Click to sync (Ctrl+Shift+Y)"),
    };
    // The arrows are drawn: no font is sure to have them.
    let response = ui
        .scope(|ui| {
            ui.spacing_mut().item_spacing.x = 2.0;
            arrow_icon(ui, true, color);
            ui.colored_label(color, status.behind.to_string());
            ui.add_space(4.0);
            arrow_icon(ui, false, color);
            ui.colored_label(color, status.ahead.to_string());
            ui.add_space(4.0);
            let tail = if remote.offline.is_some() {
                format!("· {when} · offline")
            } else {
                format!("· {when}")
            };
            ui.colored_label(color, tail);
        })
        .response;
    let response = ui
        .interact(
            response.rect,
            ui.scope_id().with("server_status"),
            egui::Sense::click(),
        )
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(hover);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &said));
    if response.clicked() {
        actions.push(Action::Command(Command::Sync));
    }
}

/// A small arrow, down (to take) or up (to send).
fn arrow_icon(ui: &mut egui::Ui, down: bool, color: egui::Color32) {
    let height = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(height * 0.6, height), egui::Sense::hover());
    let stroke = egui::Stroke::new(1.4, color);
    let (x, top, bottom) = (
        rect.center().x,
        rect.top() + height * 0.2,
        rect.bottom() - height * 0.2,
    );
    let (from, to) = if down { (top, bottom) } else { (bottom, top) };
    let painter = ui.painter();
    painter.line_segment([egui::pos2(x, from), egui::pos2(x, to)], stroke);
    let head = if down { -1.0 } else { 1.0 } * height * 0.22;
    for side in [-1.0, 1.0] {
        painter.line_segment(
            [
                egui::pos2(x, to),
                egui::pos2(x + side * height * 0.22, to + head),
            ],
            stroke,
        );
    }
}

/// A time span in words: "just now", "5 min ago", "3 h ago", "2 days ago".
fn ago(span: chrono::TimeDelta) -> String {
    let minutes = span.num_minutes();
    match minutes {
        i64::MIN..=0 => "just now".to_owned(),
        1..=59 => format!("{minutes} min ago"),
        60..=1439 => format!("{} h ago", minutes / 60),
        _ => format!("{} ago", count((minutes / 1440) as usize, "day")),
    }
}
