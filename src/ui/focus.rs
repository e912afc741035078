//! A focus ring strong enough to see: egui marks a focused widget only by its
//! "active" colours, which on a list row, a chip or a button is easy to miss. Once the
//! keyboard moves the focus (Tab, the arrows), a ring is drawn around the focused
//! widget, until the pointer is used again, as desktops draw focus.

use egui::{Context, Id, LayerId, Order, Stroke};

/// Whether the user is moving through the window with the keyboard.
#[derive(Debug, Default)]
pub struct FocusRing {
    keyboard: bool,
}

impl FocusRing {
    /// Follows this frame's input; call once per frame, after drawing.
    pub fn paint(&mut self, ctx: &Context) {
        let (moved, pointed) = ctx.input(|i| {
            let moved = i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key {
                        key: egui::Key::Tab
                            | egui::Key::ArrowUp
                            | egui::Key::ArrowDown
                            | egui::Key::ArrowLeft
                            | egui::Key::ArrowRight,
                        pressed: true,
                        ..
                    }
                )
            });
            (moved, i.pointer.any_pressed())
        });
        if moved {
            self.keyboard = true;
        }
        if pointed {
            self.keyboard = false;
        }
        if !self.keyboard {
            return;
        }
        let Some(rect) = ctx
            .memory(|m| m.focused())
            .and_then(|id| ctx.read_response(id))
            .map(|r| r.rect)
        else {
            return;
        };
        let color = ctx.global_style().visuals.selection.stroke.color;
        let painter = ctx.layer_painter(LayerId::new(Order::Foreground, Id::unique("focus_ring")));
        painter.rect_stroke(
            rect.expand(2.0),
            4.0,
            Stroke::new(2.0, color),
            egui::StrokeKind::Outside,
        );
    }
}
