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
/// (a field the archivist is typing in, another button reached with Tab).
pub fn give_keyboard(ui: &egui::Ui, button: &egui::Response) {
    let in_dialog = ui
        .memory(|m| m.focused())
        .and_then(|id| ui.ctx().read_response(id))
        .is_some_and(|focused| focused.layer_id == ui.layer_id());
    if !in_dialog {
        button.request_focus();
    }
}
