//! A dialog's default button: the one that loses nothing has the keyboard when the
//! dialog opens, so Enter answers at once and keys typed meanwhile go nowhere
//! they could do harm. Escape closes the dialog as its Cancel would.

/// A button drawn as a dialog's default (its label strong).
pub fn default_button(ui: &mut egui::Ui, label: &str) -> egui::Response {
    let response = ui.button(egui::RichText::new(label).strong());
    give_keyboard(ui, &response);
    response
}

/// Gives the keyboard to `button` unless something in its dialog already has it
/// (a field the archivist is typing in, another button reached with Tab) or another
/// dialog is over it.
pub fn give_keyboard(ui: &egui::Ui, button: &egui::Response) {
    // Another dialog over this one (a file chooser over the export form) has the
    // keyboard.
    let on_top = ui
        .memory(|m| m.top_modal_layer())
        .is_none_or(|top| top == ui.layer_id());
    // Enter that just left a field is that field's: given the keyboard in the same
    // frame, the button would take it as its own press.
    let entering = ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !on_top || entering {
        return;
    }
    let focused_layer = ui
        .memory(|m| m.focused())
        .and_then(|id| ui.ctx().read_response(id))
        .map(|focused| focused.layer_id);
    let taken = focused_layer.is_some_and(|layer| {
        // In this dialog, or in another one (drawn over the panels as this is).
        layer == ui.layer_id() || layer.order >= egui::Order::Foreground
    });
    if !taken {
        button.request_focus();
    }
}
