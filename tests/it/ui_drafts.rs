//! A value still being typed is never lost: every path that reads or writes the
//! catalog commits the field being edited first (one undo step), and a value the
//! field refuses is named by the save and asked about on closing. Each flow types
//! into a field and takes the action without leaving the field.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use folio::ui::FolioApp;
use folio::ui::app::{Action, Dialog};
use folio::ui::command::Command;

use crate::support::{fixtures, id, record_file, sample_copy};
use crate::ui_flows::{
    NAKAJIMA, catalog, edit_nakajima, harness, input, journal_of, request_close, run_until, select,
    session,
};

/// Replaces the text of a field and leaves the cursor in it: no Enter, no Tab.
fn type_into(harness: &mut Harness<'static, FolioApp>, label: &str, text: &str) {
    input(harness, label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(harness, label).type_text(text);
    harness.run();
    assert!(
        input(harness, label).is_focused(),
        "the cursor is still in {label}"
    );
}

/// Runs an action as the app would after a frame (a menu item, a background job).
fn act(harness: &mut Harness<'static, FolioApp>, action: Action) {
    let ctx = harness.ctx.clone();
    harness.state_mut().handle(&ctx, action);
    harness.run();
}

fn title(harness: &Harness<'static, FolioApp>) -> String {
    catalog(harness).get(&id(NAKAJIMA)).unwrap().title.clone()
}

#[test]
fn ctrl_s_in_a_field_saves_what_is_typed() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Title", "Typed, then Ctrl+S");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(
        record_file(&dir, NAKAJIMA).contains("title: \"Typed, then Ctrl+S\""),
        "the file holds the typed title"
    );
    assert!(!catalog(&harness).is_dirty());
    assert!(
        harness
            .state()
            .latest_notice()
            .starts_with("Saved 1 record")
    );
}

#[test]
fn quitting_or_closing_with_a_typed_value_asks_first() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Summary", "Typed, then Ctrl+Q");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    assert!(catalog(&harness).is_dirty(), "committed before quitting");
    assert_eq!(
        catalog(&harness).get(&id(NAKAJIMA)).unwrap().summary,
        "Typed, then Ctrl+Q"
    );
    // The window manager's close, as Ctrl+Q's close command comes back.
    request_close(&mut harness);
    harness.run();
    assert!(matches!(harness.state().dialog(), Some(Dialog::Unsaved(_))));
    harness.get_by_label("Save your changes?");
}

#[test]
fn closing_with_an_invalid_value_typed_asks_and_names_it() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Date", "1967-02-30");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(
        harness.state().notices().newest_first().any(|n| n
            .text
            .starts_with("Date holds a value that was not saved because it is invalid")),
        "the save names the field"
    );
    assert!(!catalog(&harness).is_dirty(), "nothing valid to save");
    request_close(&mut harness);
    harness.run();
    assert!(matches!(harness.state().dialog(), Some(Dialog::Unsaved(_))));
    harness.get_by_label_contains("Date holds a value that cannot be saved");
}

#[test]
fn selecting_another_record_or_a_new_one_keeps_what_was_typed() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Title", "Typed, then another row");
    select(&mut harness, "Letter, Jawaharlal Nehru");
    assert_eq!(title(&harness), "Typed, then another row");
    act(
        &mut harness,
        Action::ClickRow(id(NAKAJIMA), folio::session::Pick::Only),
    );
    harness.state_mut().prefs.tab = folio::ui::Tab::Metadata;
    harness.run();
    type_into(&mut harness, "Title", "Typed, then Ctrl+N");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert_eq!(title(&harness), "Typed, then Ctrl+N");
    assert_ne!(
        session(&harness).selection().current(),
        Some(&id(NAKAJIMA)),
        "the new record is selected"
    );
}

#[test]
fn leaving_a_record_with_a_refused_value_says_what_was_not_kept() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Date", "1967-02-30");
    select(&mut harness, "Letter, Jawaharlal Nehru");
    let notice = harness.state().latest_notice().to_owned();
    assert!(
        notice.starts_with("Not kept: “1967-02-30” in Date of the record left"),
        "{notice}"
    );
    assert!(catalog(&harness).get(&id(NAKAJIMA)).unwrap().date.is_some());
}

/// The export form is modal: opening it takes the keyboard from the field, which
/// commits it; a citation is copied at once, so it shows the commit.
#[test]
fn the_citation_copied_holds_what_is_typed() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Title", "Typed, then Ctrl+Shift+C");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    harness.step();
    let copied = harness.state().last_copied().unwrap().to_owned();
    assert!(
        copied.starts_with("“Typed, then Ctrl+Shift+C,”"),
        "{copied}"
    );
}

#[test]
fn an_import_compares_with_what_is_typed() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Title", "Typed, then an import");
    let page = fixtures().join("021_reconstructed-nakajima-statement-1967-11.txt");
    act(&mut harness, Action::Import(vec![page]));
    assert_eq!(
        title(&harness),
        "Typed, then an import",
        "the page did not overwrite it"
    );
    harness.get_by_label_contains(&format!(
        "Left as it is: {NAKAJIMA}, which differs from its page"
    ));
}

#[test]
fn opening_another_catalog_asks_about_what_is_typed() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Title", "Typed, then open another catalog");
    let (_other_tmp, other) = sample_copy();
    act(&mut harness, Action::OpenCatalog(other));
    assert!(
        matches!(harness.state().dialog(), Some(Dialog::Unsaved(_))),
        "the guard sees the typed value as unsaved"
    );
    assert_eq!(title(&harness), "Typed, then open another catalog");
}

#[test]
fn undo_takes_back_what_was_typed_as_one_step() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    let original = title(&harness);
    type_into(&mut harness, "Title", "Typed, then Undo");
    act(&mut harness, Action::Command(Command::Undo));
    assert_eq!(title(&harness), original, "committed, then undone");
    assert_eq!(
        input(&harness, "Title").value().as_deref(),
        Some(original.as_str()),
        "the field shows the undone value"
    );
    // Not committed again by the journal's timer.
    std::thread::sleep(folio::ui::TYPING_PAUSE);
    harness.run();
    assert_eq!(title(&harness), original);
    act(&mut harness, Action::Command(Command::Redo));
    assert_eq!(title(&harness), "Typed, then Undo");
}

#[test]
fn the_journal_holds_what_is_typed_once_typing_pauses() {
    let (_tmp, dir) = sample_copy();
    let journal = journal_of(&dir).file_for(&dir);
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    type_into(&mut harness, "Title", "Typed, then a pause");
    assert!(!journal.exists(), "nothing committed while typing");
    std::thread::sleep(folio::ui::TYPING_PAUSE);
    run_until(&mut harness, |_| journal.exists());
    let kept = folio::store::journal::Journal::read(&journal).unwrap();
    let record = kept.entries[0].record.as_ref().unwrap();
    assert_eq!(record.title, "Typed, then a pause");
}

#[test]
fn f2_puts_the_cursor_in_the_title_of_the_selected_record() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.key_press(Key::F2);
    harness.run();
    assert_eq!(harness.state().prefs.tab, folio::ui::Tab::Metadata);
    assert!(input(&harness, "Title").is_focused());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(&harness, "Title").type_text("Corrected from the keyboard");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(record_file(&dir, NAKAJIMA).contains("title: \"Corrected from the keyboard\""));
}
