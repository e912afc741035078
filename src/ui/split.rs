//! Side panels that keep a share of the room they are in, rather than the width
//! they had when the window was small: a window made larger (or opened small, then
//! maximized) grows the record pane and the scan with it. Dragging a panel's edge
//! changes its share, which the app remembers; between changes of the room, a panel
//! its content pushed wider stays so.

use egui::{Panel, Rangef, Ui};

/// Which side of the room a panel is on.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    /// The left.
    Left,
    /// The right.
    Right,
}

/// Shows a panel named `salt` on `side` at `share` of `total` width, within
/// `range`; a drag of its edge sets `share` anew.
pub fn shared_panel<R>(
    ui: &mut Ui,
    side: Side,
    salt: &str,
    share: &mut f32,
    total: f32,
    range: Rangef,
    add: impl FnOnce(&mut Ui) -> R,
) -> R {
    let range = Rangef::new(range.min, range.max.max(range.min));
    let wanted = (total * *share).clamp(range.min, range.max);
    // egui keeps the width a panel had last frame (its edge dragged, or pushed
    // wider by its content) and prefers it to the default. When the room changes
    // (the window resized, the layout switched), that width is forgotten and the
    // share decides.
    let id = ui.scope_id().with(salt);
    let room_id = id.with("folio_room");
    let room_changed = ui.ctx().data_mut(|d| {
        let last = d.get_temp::<f32>(room_id);
        d.insert_temp(room_id, total);
        last.is_none_or(|last| (last - total).abs() > 0.5)
    });
    if room_changed {
        ui.ctx()
            .data_mut(|d| d.remove::<egui::containers::panel::PanelState>(id));
    }
    let panel = match side {
        Side::Left => Panel::left(salt),
        Side::Right => Panel::right(salt),
    };
    let shown = panel
        .default_size(wanted)
        .size_range(range)
        .resizable(true)
        .show(ui, add);
    let width = shown.response.rect.width();
    // Only a drag of the panel's edge (egui names its handle so) sets the share: a
    // panel pushed wider by its content keeps the share it had.
    let dragging = ui
        .ctx()
        .read_response(id.with("__resize"))
        .is_some_and(|edge| edge.dragged() || edge.drag_stopped());
    if dragging && total > 0.0 && (width - wanted).abs() > 1.0 {
        *share = (width / total).clamp(0.05, 0.95);
    }
    shown.inner
}
