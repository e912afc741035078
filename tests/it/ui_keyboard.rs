//! Entering and correcting records from the keyboard: the list, the form's order,
//! list fields, a new record, and what the form says under each field.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use folio::ui::{FolioApp, Tab};

use crate::support::{id, record_file, sample_copy};
use crate::ui_flows::{NAKAJIMA, catalog, harness, input, select, session};

fn press(harness: &mut Harness<'static, FolioApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

/// Ctrl+S; what the status bar then says.
fn save(harness: &mut Harness<'static, FolioApp>) -> String {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.state().latest_notice().to_owned()
}

fn focused(harness: &Harness<'static, FolioApp>, label: &str) -> bool {
    input(harness, label).is_focused()
}

#[test]
fn enter_edits_the_selected_record_and_escape_returns_to_the_list() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    // Down selects the first row; Enter edits it, the cursor in its title.
    press(&mut harness, Key::ArrowDown);
    let first = session(&harness).selection().current().unwrap().clone();
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().prefs.tab, Tab::Metadata);
    assert!(focused(&harness, "Title"));
    // Escape leaves the field; the arrows move through the list again.
    press(&mut harness, Key::Escape);
    assert!(!focused(&harness, "Title"));
    press(&mut harness, Key::ArrowDown);
    assert_ne!(session(&harness).selection().current(), Some(&first));
    // Ctrl+1 and Ctrl+2 switch tabs; Ctrl+K goes to the search box.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    harness.run();
    assert_eq!(harness.state().prefs.tab, Tab::Document);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    assert_eq!(harness.state().prefs.tab, Tab::Metadata);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Search")
            .is_focused()
    );
    // Typed a search, Down goes into its results.
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("nehru");
    harness.run();
    press(&mut harness, Key::ArrowDown);
    assert!(
        !harness
            .get_by_role_and_label(Role::TextInput, "Search")
            .is_focused(),
        "the search box gave up the keyboard"
    );
    let current = session(&harness).selection().current().cloned();
    assert!(
        current.is_some_and(|id| session(&harness).view().ids.first() == Some(&id)),
        "the first result is selected"
    );
}

#[test]
fn home_and_end_go_to_the_first_and_the_last_record_of_the_list() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let current =
        |harness: &Harness<'static, FolioApp>| session(harness).selection().current().cloned();
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::End);
    let ids = session(&harness).view().ids.to_vec();
    assert!(ids.len() > 2);
    assert_eq!(
        current(&harness).as_ref(),
        ids.last(),
        "End: the last record"
    );
    press(&mut harness, Key::ArrowUp);
    assert_eq!(current(&harness).as_ref(), ids.get(ids.len() - 2));
    press(&mut harness, Key::Home);
    assert_eq!(
        current(&harness).as_ref(),
        ids.first(),
        "Home: the first record"
    );
    assert_eq!(session(&harness).selection().len(), 1);
}

#[test]
fn tab_goes_through_the_form_field_by_field() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    press(&mut harness, Key::F2);
    assert!(focused(&harness, "Title"));
    // Section headings are not Tab stops: Classification ends one, Date starts the next.
    for next in ["Type", "Archive record number", "Classification", "Date"] {
        press(&mut harness, Key::Tab);
        assert!(focused(&harness, next), "Tab goes to {next}");
    }
}

#[test]
fn list_fields_add_with_enter_keep_the_cursor_and_remove_with_backspace() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.state_mut().prefs.tab = Tab::Metadata;
    harness.run();
    let people = |harness: &Harness<'static, FolioApp>| {
        catalog(harness).get(&id(NAKAJIMA)).unwrap().people.clone()
    };
    let before = people(&harness);
    let label = "People and organizations";
    input(&harness, label).focus();
    harness.run();
    input(&harness, label).type_text("Mao Zedong");
    press(&mut harness, Key::Enter);
    assert!(
        focused(&harness, label),
        "the cursor stays for the next one"
    );
    input(&harness, label).type_text("Zhou Enlai");
    press(&mut harness, Key::Enter);
    let after = people(&harness);
    assert_eq!(after.len(), before.len() + 2);
    assert!(after.ends_with(&["Mao Zedong".to_owned(), "Zhou Enlai".to_owned()]));
    // Backspace in the empty input goes to the last chip; Backspace again removes it.
    press(&mut harness, Key::Backspace);
    assert!(!focused(&harness, label));
    press(&mut harness, Key::Backspace);
    assert_eq!(
        people(&harness).last().map(String::as_str),
        Some("Mao Zedong")
    );
}

#[test]
fn suggestions_are_picked_with_the_arrows_and_enter() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.state_mut().prefs.tab = Tab::Metadata;
    harness.run();
    let label = "Places";
    input(&harness, label).scroll_to_me();
    harness.run();
    input(&harness, label).focus();
    harness.run();
    // Another record of the sample catalog has "Poland"; "pol" suggests it.
    input(&harness, label).type_text("pol");
    harness.run();
    harness.get_by_label_contains("Suggestions");
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::Enter);
    let places = &catalog(&harness).get(&id(NAKAJIMA)).unwrap().places;
    assert!(
        places.iter().any(|p| p == "Poland"),
        "the suggestion, not the letters typed: {places:?}"
    );
    assert!(!places.iter().any(|p| p == "pol"));
}

#[test]
fn a_new_record_is_named_after_its_date_and_title_at_its_first_save() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(focused(&harness, "Title"), "the cursor is in the title");
    assert_eq!(
        input(&harness, "Title").value().as_deref(),
        Some(""),
        "\"Untitled record\" is a hint, not text"
    );
    input(&harness, "Title").type_text("Memorandum of Conversation with Kim Il Sung");
    harness.run();
    input(&harness, "Date").focus();
    harness.run();
    input(&harness, "Date").type_text("1963-09");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let id = "1963-09-memorandum-of-conversation-with-kim-il-sung";
    assert!(
        record_file(&dir, id).contains("title: \"Memorandum of Conversation with Kim Il Sung\""),
        "the file is named after the date and title"
    );
    assert!(
        !std::fs::read_dir(dir.join("records")).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("new-")),
        "no provisional id is kept"
    );
    assert_eq!(
        session(&harness).selection().current().map(|i| i.as_str()),
        Some(id)
    );
}

#[test]
fn problems_show_under_their_field_and_undo_back_to_saved_leaves_nothing_unsaved() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.state_mut().prefs.tab = Tab::Metadata;
    harness.run();
    harness.get_by_label("Add credit").scroll_to_me();
    harness.run();
    harness.get_by_label("Add credit").click();
    harness.run();
    harness.get_by_label("credit 3 (translated) has no name");
    harness.get_by_label("1 unsaved");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.get_by_label("All saved");
    assert!(!catalog(&harness).is_dirty());
}

#[test]
fn tab_after_a_new_records_title_goes_to_the_next_field() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(focused(&harness, "Title"));
    input(&harness, "Title").type_text("Letter from Warsaw");
    harness.run();
    press(&mut harness, Key::Tab);
    for n in harness.query_all(egui_kittest::kittest::by().predicate(|n| n.is_focused())) {
        eprintln!("FOCUSED {:?}", n);
    }
    eprintln!("MEM {:?}", harness.ctx.memory(|m| m.focused()));
    assert!(focused(&harness, "Type"), "Tab goes to the next field");
    input(&harness, "Type").type_text("Letter");
    harness.run();
    press(&mut harness, Key::Tab);
    assert!(focused(&harness, "Archive record number"));
}

#[test]
fn a_save_after_a_refused_one_says_what_it_did_and_the_warning_goes() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    press(&mut harness, Key::F2);
    let retype_date = |harness: &mut Harness<'static, FolioApp>, text: &str| {
        input(harness, "Date").focus();
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        input(harness, "Date").type_text(text);
        harness.run();
    };
    retype_date(&mut harness, "1967-13-45");
    assert!(save(&mut harness).contains("not saved"));
    // Fixed to a new date, cursor still in the field: saved, and said.
    retype_date(&mut harness, "1967-12-05");
    let said = save(&mut harness);
    assert!(said.starts_with("Saved 1 record"), "{said}");
    assert!(record_file(&dir, NAKAJIMA).contains("1967-12-05"));
    // Refused again, then put back as saved and Tabbed out: nothing is left to
    // save, and the save says so rather than repeating the warning.
    retype_date(&mut harness, "1967-13");
    assert!(save(&mut harness).contains("not saved"));
    retype_date(&mut harness, "1967-12-05");
    press(&mut harness, Key::Tab);
    let said = save(&mut harness);
    assert!(said.starts_with("Nothing to save"), "{said}");
    assert!(harness.state().invalid_drafts().is_empty());
}

#[test]
fn an_untitled_record_is_never_saved_and_an_empty_new_one_is_dropped() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let files = |dir: &std::path::Path| std::fs::read_dir(dir.join("records")).unwrap().count();
    let before = files(&dir);
    let count = catalog(&harness).len();
    // Ctrl+N then Ctrl+S: nothing was entered, so nothing is written.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    let said = save(&mut harness);
    assert!(said.contains("left empty: dropped"), "{said}");
    assert_eq!(catalog(&harness).len(), count);
    assert_eq!(files(&dir), before);
    assert!(!catalog(&harness).is_dirty());
    // A new record with a type but no title: kept, unsaved, the Title field named
    // and given the keyboard.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    press(&mut harness, Key::Tab);
    input(&harness, "Type").type_text("Letter");
    harness.run();
    let said = save(&mut harness);
    assert!(
        said.starts_with("Not saved: new-") && said.contains("has no title"),
        "{said}"
    );
    assert_eq!(files(&dir), before, "no file has an empty title");
    assert!(catalog(&harness).is_dirty());
    assert!(focused(&harness, "Title"));
    // Titled, it saves.
    input(&harness, "Title").type_text("Letter from Warsaw");
    harness.run();
    let said = save(&mut harness);
    assert!(said.starts_with("Saved 1 record"), "{said}");
    assert_eq!(files(&dir), before + 1);
    assert!(!catalog(&harness).is_dirty());
}

#[test]
fn a_dialog_gives_the_keyboard_to_the_button_that_loses_nothing() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    let count = catalog(&harness).len();
    // Delete asks; Enter answers with Cancel, which keeps the record.
    press(&mut harness, Key::Delete);
    assert!(harness.state().dialog().is_some());
    harness.run();
    press(&mut harness, Key::Enter);
    assert!(harness.state().dialog().is_none());
    assert_eq!(catalog(&harness).len(), count);
    // Escape closes it too.
    press(&mut harness, Key::Delete);
    harness.run();
    press(&mut harness, Key::Escape);
    assert!(harness.state().dialog().is_none());
    assert_eq!(catalog(&harness).len(), count);
    // Unsaved changes at closing: Enter saves them.
    harness.state_mut().prefs.tab = Tab::Metadata;
    harness.run();
    crate::ui_flows::retype(&mut harness, "Type", "Statement (typed)");
    assert!(catalog(&harness).is_dirty());
    // Escape is Cancel: the window stays, the change unsaved.
    crate::ui_flows::request_close(&mut harness);
    harness.run();
    assert!(harness.state().dialog().is_some());
    press(&mut harness, Key::Escape);
    assert!(harness.state().dialog().is_none());
    assert!(catalog(&harness).is_dirty());
    crate::ui_flows::request_close(&mut harness);
    harness.run();
    assert!(harness.state().dialog().is_some());
    press(&mut harness, Key::Enter);
    assert!(!catalog(&harness).is_dirty(), "Enter saved");
}

#[test]
fn export_with_one_record_selected_proposes_that_record() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    match harness.state().dialog() {
        Some(folio::ui::app::Dialog::Export(form)) => {
            assert_eq!(form.scope, folio::session::Scope::Selected)
        }
        other => panic!("{other:?}"),
    }
}

/// Letters typed in the same frame as Ctrl+K (a quick typist on a busy machine) go to
/// the search box, and Ctrl+K shows the sidebar when it was hidden.
#[test]
fn ctrl_k_keeps_the_letters_typed_with_it_and_shows_a_hidden_sidebar() {
    for sidebar_shown in [true, false] {
        let (_tmp, dir) = sample_copy();
        let mut harness = harness(&dir);
        harness.state_mut().prefs.show_sidebar = sidebar_shown;
        harness.run();
        assert_eq!(
            harness
                .query_by_role_and_label(Role::TextInput, "Search")
                .is_some(),
            sidebar_shown
        );
        for event in [
            egui::Event::Key {
                key: Key::K,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::COMMAND,
            },
            egui::Event::Text("neh".to_owned()),
        ] {
            harness.event(event);
        }
        harness.step();
        harness.run();
        assert_eq!(
            input(&harness, "Search").value().as_deref(),
            Some("neh"),
            "the letters typed with Ctrl+K (sidebar shown: {sidebar_shown})"
        );
        assert_eq!(session(&harness).query().text, "neh");
    }
}
