//! The toolbar under the menu: the primary actions as buttons with drawn icons and
//! text (their shortcuts in the tooltips), and the open catalog's name.

use egui::accesskit::Role;
use egui::{Color32, Pos2, Rect, Sense, Stroke, TextStyle, WidgetInfo, WidgetText, pos2, vec2};

use super::app::{Action, FolioApp};
use super::command::Command;
use super::menu::is_enabled;

/// A toolbar icon, drawn with lines so that it needs no font or image.
#[derive(Debug, Clone, Copy)]
enum Icon {
    /// A page with a plus.
    New,
    /// An arrow down into a tray.
    Import,
    /// A floppy disk.
    Save,
    /// An arrow up out of a tray.
    Export,
    /// Two arrows, down and up: take the server's changes, send one's own.
    Sync,
    /// An open book: the reading layout.
    Read,
}

/// The buttons, in order.
const BUTTONS: [(Command, Icon, &str); 6] = [
    (Command::NewRecord, Icon::New, "New record"),
    (Command::ImportPages, Icon::Import, "Import…"),
    (Command::Save, Icon::Save, "Save"),
    (Command::Export, Icon::Export, "Export…"),
    (Command::Sync, Icon::Sync, "Sync"),
    (Command::ReadingLayout, Icon::Read, "Read"),
];

const ICON_SIZE: f32 = 14.0;

/// Draws the toolbar.
pub fn toolbar_ui(ui: &mut egui::Ui, app: &FolioApp, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        for (command, icon, label) in BUTTONS {
            let enabled = is_enabled(app, command);
            let mut tip = command.label().to_owned();
            if let Some(shortcut) = command.shortcut() {
                tip = format!("{tip} ({})", ui.ctx().format_shortcut(&shortcut));
            }
            let on = command == Command::ReadingLayout && app.reading();
            let response = ui
                .add_enabled_ui(enabled, |ui| tool_button(ui, icon, label, on))
                .inner
                .on_hover_text(tip);
            if response.clicked() {
                actions.push(Action::Command(command));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            catalog_name_ui(ui, app);
        });
    });
}

/// The open catalog's name (its folder on hover), and whether it is read-only.
fn catalog_name_ui(ui: &mut egui::Ui, app: &FolioApp) {
    let Some(session) = app.session() else {
        match app.opening_path() {
            Some(path) => ui.weak(format!(
                "Opening {}…",
                path.file_name()
                    .unwrap_or(path.as_os_str())
                    .to_string_lossy()
            )),
            None => ui.weak("No catalog open"),
        };
        return;
    };
    if session.read_only().is_some() {
        ui.colored_label(ui.visuals().warn_fg_color, "read-only");
    }
    let name = &session.catalog().settings().name;
    ui.add(egui::Label::new(egui::RichText::new(name).strong()).truncate())
        .on_hover_text(session.path().display().to_string());
    ui.weak("Catalog:");
}

/// A button with an icon and a text label.
/// `on`: a toggle that is on (drawn as selected).
fn tool_button(ui: &mut egui::Ui, icon: Icon, label: &str, on: bool) -> egui::Response {
    let padding = ui.spacing().button_padding;
    let text = WidgetText::from(label).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        TextStyle::Button,
    );
    let gap = 6.0;
    let size = vec2(
        padding.x * 2.0 + ICON_SIZE + gap + text.size().x,
        padding.y * 2.0 + text.size().y.max(ICON_SIZE),
    )
    .max(vec2(0.0, ui.spacing().interact_size.y));
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let enabled = ui.is_enabled();
    response.widget_info(|| {
        let mut info = WidgetInfo::labeled(Role::Button, enabled, label);
        info.selected = Some(on);
        info
    });
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, on);
        ui.painter().rect(
            rect.expand(visuals.expansion),
            visuals.corner_radius,
            visuals.weak_bg_fill,
            visuals.bg_stroke,
            egui::StrokeKind::Inside,
        );
        let color = if enabled {
            visuals.text_color()
        } else {
            ui.visuals().widgets.noninteractive.fg_stroke.color
        };
        let icon_rect = Rect::from_min_size(
            pos2(rect.left() + padding.x, rect.center().y - ICON_SIZE / 2.0),
            vec2(ICON_SIZE, ICON_SIZE),
        );
        paint_icon(ui.painter(), icon, icon_rect, color);
        let text_pos = pos2(
            icon_rect.right() + gap,
            rect.center().y - text.size().y / 2.0,
        );
        ui.painter().galley(text_pos, text, color);
    }
    response
}

fn paint_icon(painter: &egui::Painter, icon: Icon, r: Rect, color: Color32) {
    let stroke = Stroke::new(1.5, color);
    let at = |x: f32, y: f32| pos2(r.left() + x * r.width(), r.top() + y * r.height());
    let line = |a: Pos2, b: Pos2| {
        painter.line_segment([a, b], stroke);
    };
    let arrow = |from: Pos2, to: Pos2| {
        line(from, to);
        let head = (to - from).normalized() * r.width() * 0.28;
        let side = vec2(-head.y, head.x);
        line(to, to - head + side);
        line(to, to - head - side);
    };
    // An open tray: the bottom of import and export.
    let tray = || {
        line(at(0.05, 0.6), at(0.05, 0.95));
        line(at(0.05, 0.95), at(0.95, 0.95));
        line(at(0.95, 0.95), at(0.95, 0.6));
    };
    match icon {
        Icon::New => {
            // A page with a folded corner, and a plus.
            painter.add(egui::Shape::line(
                vec![
                    at(0.15, 0.0),
                    at(0.6, 0.0),
                    at(0.85, 0.25),
                    at(0.85, 1.0),
                    at(0.15, 1.0),
                    at(0.15, 0.0),
                ],
                stroke,
            ));
            line(at(0.6, 0.0), at(0.6, 0.25));
            line(at(0.6, 0.25), at(0.85, 0.25));
            line(at(0.33, 0.62), at(0.67, 0.62));
            line(at(0.5, 0.45), at(0.5, 0.79));
        }
        Icon::Import => {
            tray();
            arrow(at(0.5, 0.0), at(0.5, 0.72));
        }
        Icon::Export => {
            tray();
            arrow(at(0.5, 0.75), at(0.5, 0.02));
        }
        Icon::Sync => {
            arrow(at(0.3, 0.02), at(0.3, 0.98));
            arrow(at(0.7, 0.98), at(0.7, 0.02));
        }
        Icon::Read => {
            // Two facing pages with a spine.
            painter.add(egui::Shape::line(
                vec![at(0.5, 0.15), at(0.0, 0.05), at(0.0, 0.9), at(0.5, 1.0)],
                stroke,
            ));
            painter.add(egui::Shape::line(
                vec![at(0.5, 0.15), at(1.0, 0.05), at(1.0, 0.9), at(0.5, 1.0)],
                stroke,
            ));
            line(at(0.5, 0.15), at(0.5, 1.0));
        }
        Icon::Save => {
            // A floppy disk: its outline with a cut corner, the shutter and the label.
            painter.add(egui::Shape::line(
                vec![
                    at(0.0, 0.0),
                    at(0.8, 0.0),
                    at(1.0, 0.2),
                    at(1.0, 1.0),
                    at(0.0, 1.0),
                    at(0.0, 0.0),
                ],
                stroke,
            ));
            painter.rect_stroke(
                Rect::from_min_max(at(0.25, 0.0), at(0.7, 0.3)),
                0.0,
                stroke,
                egui::StrokeKind::Middle,
            );
            painter.rect_stroke(
                Rect::from_min_max(at(0.2, 0.55), at(0.8, 1.0)),
                0.0,
                stroke,
                egui::StrokeKind::Middle,
            );
        }
    }
}
