//! The viewer's controls: its toolbar, the keys that turn and move the page, and
//! the strip of thumbnails.

use egui::{Key, Rect, Sense, Vec2, vec2};

use super::{Fit, PageKey, ScanViewer, THUMB};

impl ScanViewer {
    pub(super) fn toolbar_ui(&mut self, ui: &mut egui::Ui, hide: &mut bool) {
        ui.horizontal_wrapped(|ui| {
            let (current, total) = self.page();
            if ui
                .add_enabled(current > 0, egui::Button::new("<"))
                .on_hover_text("Previous page (Page Up)")
                .clicked()
            {
                self.go(current.saturating_sub(1));
            }
            ui.label(format!("{} / {total}", current + 1))
                .on_hover_text(format!("Page {} of {total}", current + 1));
            if ui
                .add_enabled(current + 1 < total, egui::Button::new(">"))
                .on_hover_text("Next page (Page Down)")
                .clicked()
            {
                self.go(current + 1);
            }
            ui.separator();
            if ui.button("−").on_hover_text("Zoom out (−)").clicked() {
                self.zoom_by(1.0 / 1.25);
            }
            ui.label(format!("{:.0}%", self.zoom * 100.0));
            if ui.button("+").on_hover_text("Zoom in (+)").clicked() {
                self.zoom_by(1.25);
            }
            if ui
                .selectable_label(self.fit == Fit::Width && self.zoom == 1.0, "Width")
                .on_hover_text("Fit the page's width")
                .clicked()
            {
                (self.fit, self.zoom, self.pan) = (Fit::Width, 1.0, Vec2::ZERO);
            }
            if ui
                .selectable_label(self.fit == Fit::Page && self.zoom == 1.0, "Page")
                .on_hover_text("Fit the whole page")
                .clicked()
            {
                (self.fit, self.zoom, self.pan) = (Fit::Page, 1.0, Vec2::ZERO);
            }
            if ui
                .button("Rotate")
                .on_hover_text("A quarter turn clockwise (R)")
                .clicked()
            {
                self.quarter_turns = (self.quarter_turns + 1) % 4;
                self.pan = Vec2::ZERO;
            }
            if ui
                .button("Hide")
                .on_hover_text("Hide the scan (Show scan brings it back)")
                .clicked()
            {
                *hide = true;
            }
        });
        if let Some((file, _)) = self.pages.get(self.current)
            && let Some((path, label)) = self.files.get(*file)
        {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.weak(if label.is_empty() {
                name
            } else {
                format!("{label} ({name})")
            });
        }
    }

    pub(super) fn keys(&mut self, ui: &mut egui::Ui) {
        // Counted, not just seen: a key held down repeats faster than the frames
        // come on a slow machine, and every repeat turns a page.
        let presses =
            |key: Key| ui.input_mut(|i| i.count_and_consume_key(egui::Modifiers::NONE, key));
        let pressed = |key: Key| presses(key) > 0;
        let (current, total) = self.page();
        let forward = presses(Key::PageDown) + presses(Key::ArrowRight);
        let back = presses(Key::PageUp) + presses(Key::ArrowLeft);
        if forward != back {
            let to = (current + forward).saturating_sub(back);
            self.go(to.min(total.saturating_sub(1)));
        }
        if pressed(Key::Home) {
            self.go(0);
        }
        if pressed(Key::End) {
            self.go(total.saturating_sub(1));
        }
        if pressed(Key::Plus) || pressed(Key::Equals) {
            self.zoom_by(1.25);
        }
        if pressed(Key::Minus) {
            self.zoom_by(1.0 / 1.25);
        }
        if pressed(Key::R) {
            self.quarter_turns = (self.quarter_turns + 1) % 4;
        }
        if pressed(Key::ArrowDown) {
            self.pan.y -= 40.0;
        }
        if pressed(Key::ArrowUp) {
            self.pan.y += 40.0;
        }
    }

    pub(super) fn thumbnails_ui(&mut self, ui: &mut egui::Ui) {
        let height = THUMB as f32 * 0.75;
        let width = height * 0.75;
        let count = self.pages.len();
        egui::ScrollArea::horizontal()
            .id_salt("scan_thumbnails")
            .auto_shrink([false, true])
            .show_viewport(ui, |ui, viewport| {
                let step = width + 6.0;
                ui.set_min_size(vec2(step * count as f32, height + 4.0));
                let first = (viewport.min.x / step).floor().max(0.0) as usize;
                let last = ((viewport.max.x / step).ceil() as usize + 1).min(count);
                let origin = ui.min_rect().min;
                for index in first..last {
                    let Some(&(file, page)) = self.pages.get(index) else {
                        continue;
                    };
                    let Some((path, _)) = self.files.get(file).cloned() else {
                        continue;
                    };
                    let rect = Rect::from_min_size(
                        origin + vec2(step * index as f32, 2.0),
                        vec2(width, height),
                    );
                    let response = ui
                        .interact(rect, ui.scope_id().with(("thumb", index)), Sense::click())
                        .on_hover_text(format!("Page {}", index + 1));
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Button,
                            true,
                            format!("Page {}", index + 1),
                        )
                    });
                    if response.clicked() {
                        self.go(index);
                    }
                    let key = PageKey {
                        file: path,
                        page,
                        longest: THUMB,
                    };
                    self.ask(key.clone());
                    let painter = ui.painter();
                    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
                    if let Some(texture) = self.cache.textures.get(&key) {
                        let [w, h] = texture.size;
                        let scale = (width / w as f32).min(height / h as f32);
                        let size = vec2(w as f32, h as f32) * scale;
                        egui::Image::new((texture.handle.id(), size))
                            .paint_at(ui, Rect::from_center_size(rect.center(), size));
                    }
                    if index == self.current {
                        painter.rect_stroke(
                            rect,
                            2.0,
                            ui.visuals().selection.stroke,
                            egui::StrokeKind::Outside,
                        );
                    }
                }
            });
    }
}
