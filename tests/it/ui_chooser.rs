//! Where the system has no file dialog, Folio's own chooser: a path field with the
//! keyboard, Enter to choose; and an import that shows what it brought.

use std::fs;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use folio::ui::Prefs;
use folio::ui::app::{Action, FileRequest};

use crate::support::{fixtures, sample_copy};
use crate::ui_flows::{harness, harness_with, input, session};

const NEW_PAGE: &str = "1963-09-18-report-from-ji-pengfei-on-liu-shaoqis-conversation";

#[test]
fn ctrl_i_a_typed_path_and_enter_import_and_show_what_came_in() {
    let (tmp, dir) = sample_copy();
    let page = tmp.path().join("page.txt");
    fs::write(
        &page,
        fs::read_to_string(fixtures().join("000_seed.txt"))
            .unwrap()
            .replace("September 17, 1963", "September 18, 1963"),
    )
    .unwrap();
    let prefs = Prefs {
        folio_chooser: true,
        ..Prefs::default()
    };
    let mut harness = harness_with(&dir, prefs, [1440.0, 900.0]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    assert!(
        input(&harness, "Path").is_focused(),
        "the path field has the keyboard"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(&harness, "Path").type_text(page.to_str().unwrap());
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness.state().chooser_path().is_none(),
        "the chooser closed"
    );
    let open = session(&harness);
    assert!(open.catalog().contains(&crate::support::id(NEW_PAGE)));
    assert_eq!(
        open.selection().current().map(|i| i.as_str()),
        Some(NEW_PAGE),
        "the new record is selected"
    );
    assert_eq!(open.view().ids.len(), 1, "the list shows what came in");
    harness.get_by_label("Close").click();
    harness.run();
    harness.get_by_label("Just imported (1)  ×").click();
    harness.run();
    assert_eq!(session(&harness).view().ids.len(), 19, "every record again");
}

#[test]
fn the_chooser_opens_when_the_system_has_no_dialog_and_says_what_is_wrong() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .handle(&ctx, Action::PickUnavailable(FileRequest::Open));
    harness.run();
    harness.get_by_label(
        "No file dialog of the system is available: type a path (Enter), or pick one below.",
    );
    assert!(input(&harness, "Path").is_focused());
    // A folder that is not a catalog is refused, with the reason.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(&harness, "Path").type_text(dir.join("records").to_str().unwrap());
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label_contains("is not a Folio catalog (it has no catalog.ron)");
    // The folder's entries are listed; Escape closes the chooser.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().chooser_path().is_none());
}

#[test]
fn a_path_typed_over_the_chooser_replaces_what_it_held() {
    let (tmp, dir) = sample_copy();
    let prefs = Prefs {
        folio_chooser: true,
        ..Prefs::default()
    };
    let mut harness = harness_with(&dir, prefs, [1000.0, 700.0]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    harness.run();
    // The folder it opened on is selected: typing replaces it.
    let other = tmp.path().join("elsewhere");
    fs::create_dir(&other).unwrap();
    input(&harness, "Path").type_text(other.to_str().unwrap());
    harness.run();
    assert_eq!(
        harness.state().chooser_path(),
        Some(other.to_str().unwrap())
    );
    // A `/` typed after a folder starts a new path.
    input(&harness, "Path").type_text("/");
    harness.run();
    input(&harness, "Path").type_text(dir.to_str().unwrap());
    harness.run();
    assert_eq!(harness.state().chooser_path(), Some(dir.to_str().unwrap()));
}
