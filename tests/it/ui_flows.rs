//! The desktop app's main flows, headless: find widgets by label, click, type, and
//! check the catalog and the files.
use std::fs;
use std::path::Path;

use egui::accesskit::{Role, Toggled};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use folio::session::Session;
use folio::ui::app::Dialog;
use folio::ui::{FolioApp, Prefs, Tab};

use crate::support::{fixtures, id, record_file, retitle_on_disk, sample_copy};

pub(crate) const NAKAJIMA: &str = "wcda-300638";

/// The journal of unsaved edits goes beside the test's catalog, not in the user's
/// data folder.
pub(crate) fn journal_of(dir: &Path) -> folio::store::journal::JournalOptions {
    folio::store::journal::JournalOptions {
        dir: dir.parent().unwrap().join("journal"),
    }
}

pub(crate) fn harness(dir: &Path) -> Harness<'static, FolioApp> {
    harness_with(dir, Prefs::default(), [1440.0, 900.0])
}

/// The app on `dir` with these preferences, in a window of this size.
pub(crate) fn harness_with(dir: &Path, prefs: Prefs, size: [f32; 2]) -> Harness<'static, FolioApp> {
    let app = FolioApp::with_journal(Some(dir), prefs, Some(journal_of(dir)));
    let mut harness = harness_sized(app, size);
    harness.run();
    harness
}

/// A headless window of 1440x900 on `app`.
pub(crate) fn harness_of(app: FolioApp) -> Harness<'static, FolioApp> {
    harness_sized(app, [1440.0, 900.0])
}

/// A headless window of this size on `app`.
fn harness_sized(app: FolioApp, size: [f32; 2]) -> Harness<'static, FolioApp> {
    Harness::builder()
        .with_size(size)
        // The folder watcher asks for frames from its own thread when files change
        // (the app's own saves too): allow a few more frames for a step to settle.
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut FolioApp| app.frame(ui), app)
}

pub(crate) fn select(harness: &mut Harness<'static, FolioApp>, title_start: &str) {
    harness.get_by_label_contains(title_start).click();
    harness.run();
}

/// Selects the Nakajima statement and shows its metadata.
pub(crate) fn edit_nakajima(harness: &mut Harness<'static, FolioApp>) {
    select(harness, "Statement of Nakajima Kenzo");
    harness.state_mut().prefs.tab = Tab::Metadata;
    harness.run();
}

pub(crate) fn session<'a>(harness: &'a Harness<'static, FolioApp>) -> &'a Session {
    harness.state().session().unwrap()
}

pub(crate) fn catalog<'a>(harness: &'a Harness<'static, FolioApp>) -> &'a folio::store::Catalog {
    session(harness).catalog()
}

/// The text input (one line or several) labelled `label`.
/// The window manager asks the window to close (its close button, or Ctrl+Q's
/// close command coming back).
pub(crate) fn request_close(harness: &mut Harness<'static, FolioApp>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
}

pub(crate) fn input<'h>(
    harness: &'h Harness<'static, FolioApp>,
    label: &'h str,
) -> egui_kittest::Node<'h> {
    harness
        .query_by_role_and_label(Role::TextInput, label)
        .or_else(|| harness.query_by_role_and_label(Role::MultilineTextInput, label))
        .unwrap_or_else(|| panic!("no text input labelled {label}"))
}

/// Replaces the text of a labelled input and commits it (Enter, or Escape for a
/// multi-line input, where Enter is a new line).
pub(crate) fn retype(harness: &mut Harness<'static, FolioApp>, label: &str, text: &str) {
    input(harness, label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(harness, label).type_text(text);
    harness.run();
    let multiline = harness
        .query_by_role_and_label(Role::MultilineTextInput, label)
        .is_some();
    harness.key_press(if multiline { Key::Escape } else { Key::Enter });
    harness.run();
}

#[test]
fn clicking_a_row_selects_the_record() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    assert_eq!(session(&harness).selection().current(), Some(&id(NAKAJIMA)));
    assert_eq!(session(&harness).selection().len(), 1);
}

#[test]
fn edit_the_title_and_save_with_ctrl_s() {
    let (_tmp, dir) = sample_copy();
    let before = record_file(&dir, NAKAJIMA);
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    retype(
        &mut harness,
        "Title",
        "Statement of Nakajima Kenzo (corrected)",
    );
    assert_eq!(
        catalog(&harness).get(&id(NAKAJIMA)).unwrap().title,
        "Statement of Nakajima Kenzo (corrected)"
    );
    assert!(catalog(&harness).is_dirty());
    assert_eq!(
        record_file(&dir, NAKAJIMA),
        before,
        "nothing written before saving"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!catalog(&harness).is_dirty());
    let after = record_file(&dir, NAKAJIMA);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(
        changed
            .iter()
            .any(|(_, b)| b.contains("title: \"Statement of Nakajima Kenzo (corrected)\""))
    );
    assert!(
        changed.iter().all(|(a, _)| a.starts_with("    title:")),
        "only the title line changed: {changed:?}"
    );
}

#[test]
fn undo_and_redo() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    let original = catalog(&harness).get(&id(NAKAJIMA)).unwrap().clone();
    retype(&mut harness, "Summary", "A new summary.");
    assert_eq!(
        catalog(&harness).get(&id(NAKAJIMA)).unwrap().summary,
        "A new summary."
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        catalog(&harness).get(&id(NAKAJIMA)).unwrap(),
        &original,
        "one undo step per field change"
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(
        catalog(&harness).get(&id(NAKAJIMA)).unwrap().summary,
        "A new summary."
    );
}

#[test]
fn an_invalid_date_is_refused_with_the_reason() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    retype(&mut harness, "Date", "1967-02-30");
    assert_eq!(
        catalog(&harness)
            .get(&id(NAKAJIMA))
            .unwrap()
            .date
            .as_ref()
            .unwrap()
            .as_str(),
        "1967-11"
    );
    assert!(!catalog(&harness).is_dirty());
    harness.get_by_label_contains("February 1967 has 28 days");
    harness.get_by_label("Not saved: the date is invalid.");
    // A valid date is taken, and shown in words.
    retype(&mut harness, "Date", "1967-11~");
    assert_eq!(
        catalog(&harness)
            .get(&id(NAKAJIMA))
            .unwrap()
            .date
            .as_ref()
            .unwrap()
            .as_str(),
        "1967-11~"
    );
    harness.get_by_label("= c. November 1967");
}

#[test]
fn new_record_then_delete_and_undo_the_delete() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let before = catalog(&harness).len();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert_eq!(catalog(&harness).len(), before + 1);
    let new_id = session(&harness).selection().current().unwrap().clone();
    assert!(new_id.as_str().starts_with("new-"));
    assert_eq!(harness.state().prefs.tab, Tab::Metadata);

    // Delete asks first.
    harness.state_mut().set_dialog(None);
    harness.run();
    harness.get_by_label("Record").click();
    harness.run();
    harness.get_by_label_contains("Delete…").click();
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::ConfirmDelete { .. })
    ));
    assert_eq!(
        catalog(&harness).len(),
        before + 1,
        "nothing deleted before confirming"
    );
    harness
        .get_by_role_and_label(Role::Button, "Delete")
        .click();
    harness.run();
    assert_eq!(catalog(&harness).len(), before);
    assert!(!catalog(&harness).contains(&new_id));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        catalog(&harness).contains(&new_id),
        "undo brings the record back"
    );
}

#[test]
fn search_narrows_the_list_and_a_facet_narrows_it_further() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let all = session(&harness).view().ids.len();
    assert_eq!(all, 18);
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("Kim");
    harness.run();
    let searched = session(&harness).view().ids.len();
    assert!(searched < all && searched > 2, "{searched}");
    harness.get_by_label("1960s").click();
    harness.run();
    let faceted = session(&harness).view().ids.to_vec();
    assert!(
        faceted.len() < searched && !faceted.is_empty(),
        "{}",
        faceted.len()
    );
    for id in &faceted {
        let record = catalog(&harness).get(id).unwrap();
        assert!(
            record.date.as_ref().unwrap().as_str().starts_with("196"),
            "{id}"
        );
    }
    // The active filter is a chip; clicking it removes the filter.
    harness.get_by_label("Decade: 1960s  ×").click();
    harness.run();
    assert_eq!(session(&harness).view().ids.len(), searched);
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    retype(&mut harness, "Notes", "Checked against the scan.");
    assert!(catalog(&harness).is_dirty());

    request_close(&mut harness);
    harness.step();
    let cancelled = harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::CancelClose));
    assert!(cancelled, "the window does not close");
    harness.run();
    harness.get_by_label("Save your changes?");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert!(catalog(&harness).is_dirty(), "nothing was lost");
}

#[test]
fn a_conflicting_change_on_disk_is_not_overwritten() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    retype(&mut harness, "Title", "Mine");
    let theirs =
        record_file(&dir, NAKAJIMA).replace("Statement of Nakajima Kenzo", "Theirs: Statement");
    fs::write(dir.join(format!("records/{NAKAJIMA}.ron")), &theirs).unwrap();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(
        record_file(&dir, NAKAJIMA),
        theirs,
        "their change is untouched"
    );
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::Conflicts { .. })
    ));
    harness.get_by_label("Changed on disk");
    assert_eq!(
        catalog(&harness).get(&id(NAKAJIMA)).unwrap().title,
        "Mine",
        "mine is kept in memory"
    );

    harness
        .get_by_role_and_label(Role::Button, "Take theirs")
        .click();
    harness.run();
    assert!(
        catalog(&harness)
            .get(&id(NAKAJIMA))
            .unwrap()
            .title
            .starts_with("Theirs: Statement")
    );
    assert!(!catalog(&harness).is_dirty());
}

#[test]
fn importing_pages_reports_what_was_created_and_is_one_undo_step() {
    let (tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let page = fs::read_to_string(fixtures().join("000_seed.txt"))
        .unwrap()
        .replace("September 17, 1963", "September 18, 1963");
    let path = tmp.path().join("page.txt");
    fs::write(&path, page).unwrap();
    let before = catalog(&harness).len();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .handle(&ctx, folio::ui::app::Action::Import(vec![path]));
    harness.run();
    assert_eq!(catalog(&harness).len(), before + 1);
    harness.get_by_label_contains("Created 1963-09-18-report-from-ji-pengfei");
    // The report waits beside the work: Ctrl+S saves while it shows.
    assert!(harness.state().dialog().is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!catalog(&harness).is_dirty(), "Ctrl+S saved the import");
    assert!(harness.state().import_report().is_some());
    harness.get_by_role_and_label(Role::Button, "Close").click();
    harness.run();
    assert!(harness.state().import_report().is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        catalog(&harness).len(),
        before,
        "the whole import is one undo step"
    );
}

#[test]
fn copy_citation_puts_the_archive_style_on_the_clipboard() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    harness.step();
    let copied = harness.state().last_copied().unwrap().to_owned();
    assert!(
        copied.starts_with("“Statement of Nakajima Kenzo, Chairman of the Board"),
        "{copied}"
    );
    assert!(copied.contains(
        ",” November 1967, History and Public Policy Program Digital Archive, Diplomatic Archives"
    ));
    harness.run();
    harness.get_by_label("Copied the citation of 1 record");
}

#[test]
fn a_click_in_the_problems_panel_shows_the_record_and_field() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run();
    let id = "letter-to-the-deputy-chairman-of-the-soviet-committee-of-the-mgg";
    harness.get_by_label(&format!("{id} · Summary")).click();
    harness.run();
    assert_eq!(
        session(&harness).selection().current().map(|i| i.as_str()),
        Some(id)
    );
    assert_eq!(harness.state().prefs.tab, Tab::Metadata);
}

/// Runs frames until `done` holds: exports and git run on their own threads.
pub(crate) fn run_until(
    harness: &mut Harness<'static, FolioApp>,
    done: impl Fn(&FolioApp) -> bool,
) {
    // Generous: under the whole suite on two cores, git and export threads wait
    // their turn.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        harness.step();
        if done(harness.state()) {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!(
        "timed out waiting for the app; status: {}; dialog: {:?}",
        harness.state().latest_notice(),
        harness.state().dialog()
    );
}

/// Opens the export form for the selection (the pane's button for several records,
/// else the Record menu), chooses CSV and types the destination.
fn export_selection_to_csv(harness: &mut Harness<'static, FolioApp>, dest: &Path) {
    if harness.query_by_label("Export selected…").is_none() {
        harness.get_by_label("Record").click();
        harness.run();
    }
    harness.get_by_label("Export selected…").click();
    harness.run();
    assert!(matches!(harness.state().dialog(), Some(Dialog::Export(_))));
    harness.get_by_label("Format").click();
    harness.run();
    harness.get_by_label_contains("CSV (plain text").click();
    harness.run();
    retype(harness, "Save as", dest.to_str().unwrap());
}

#[test]
fn export_three_selected_records_to_csv() {
    let (tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    for title in ["Letter, Jawaharlal Nehru", "Cable from the Chinese Embassy"] {
        harness
            .get_by_label_contains(title)
            .click_modifiers(Modifiers::COMMAND);
        harness.run();
    }
    assert_eq!(session(&harness).selection().len(), 3);
    let dest = tmp.path().join("out").join("three.csv");
    export_selection_to_csv(&mut harness, &dest);
    harness.get_by_label("Selected records (3)");
    // An export creates no folder behind the user's back: it says so.
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label_contains("does not exist: create it first");
    fs::create_dir(dest.parent().unwrap()).unwrap();
    harness.get_by_label("Export").click();
    run_until(&mut harness, |app| {
        matches!(app.dialog(), Some(Dialog::Exported(_)))
    });
    harness.get_by_label("3 records written to");

    let mut reader = csv::Reader::from_path(&dest).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let mut ids: Vec<String> = reader
        .records()
        .map(|row| row.unwrap()[0].to_owned())
        .collect();
    ids.sort();
    let mut expected: Vec<String> = session(&harness)
        .selection()
        .ids()
        .iter()
        .map(|id| id.to_string())
        .collect();
    expected.sort();
    assert_eq!(ids, expected);
    assert!(ids.contains(&NAKAJIMA.to_owned()));

    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.state().dialog().is_none());
}

#[test]
fn export_asks_before_replacing_a_file() {
    let (tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    let dest = tmp.path().join("existing.csv");
    fs::write(&dest, "keep me").unwrap();
    export_selection_to_csv(&mut harness, &dest);
    harness.get_by_label("Export").click();
    harness.run();
    replace_when_asked(&mut harness, &dest);
    let text = fs::read_to_string(&dest).unwrap();
    assert!(text.starts_with("id,date,date_display,title,"), "{text}");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_path(&dest)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], NAKAJIMA);
}

/// The form asks before replacing `dest` (which still holds "keep me"); Replace
/// exports over it.
fn replace_when_asked(harness: &mut Harness<'static, FolioApp>, dest: &Path) {
    harness.get_by_label_contains("A file of that name exists. Replace it?");
    assert_eq!(fs::read_to_string(dest).unwrap(), "keep me");
    harness.get_by_label("Replace").click();
    run_until(harness, |app| {
        matches!(app.dialog(), Some(Dialog::Exported(_)))
    });
}

#[test]
fn an_existing_file_chosen_with_choose_is_replaced_only_once_confirmed() {
    let (tmp, dir) = sample_copy();
    let prefs = folio::ui::prefs::Prefs {
        folio_chooser: true,
        ..Default::default()
    };
    let mut harness = harness_with(&dir, prefs, [1440.0, 900.0]);
    select(&mut harness, "Statement of Nakajima Kenzo");
    let dest = tmp.path().join("existing.csv");
    fs::write(&dest, "keep me").unwrap();
    export_selection_to_csv(&mut harness, &tmp.path().join("other.csv"));
    harness.get_by_label("Choose…").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(&harness, "Path").type_text(dest.to_str().unwrap());
    harness.key_press(Key::Enter);
    harness.run();
    // Back in the form, which asks before anything is written.
    replace_when_asked(&mut harness, &dest);
    assert!(fs::read_to_string(&dest).unwrap().starts_with("id,"));
}

#[test]
fn export_refuses_a_folder_that_is_not_empty_for_a_subset() {
    let (tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Format").click();
    harness.run();
    harness
        .get_by_label("Folio catalog (RON subset, with attachments)")
        .click();
    harness.run();
    let dest = tmp.path().join("full");
    fs::create_dir_all(&dest).unwrap();
    fs::write(dest.join("other.txt"), "x").unwrap();
    retype(&mut harness, "New folder", dest.to_str().unwrap());
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label_contains("is not empty: choose a new or empty folder");
    let dest = tmp.path().join("subset");
    retype(&mut harness, "New folder", dest.to_str().unwrap());
    harness.get_by_label("Whole catalog (18)").click();
    harness.run();
    harness.get_by_label("Export").click();
    run_until(&mut harness, |app| {
        matches!(app.dialog(), Some(Dialog::Exported(_)))
    });
    let (folder, subset) = folio::store::open(&dest).unwrap();
    assert!(folder.load_errors().is_empty());
    assert_eq!(subset.len(), 18);
}

fn wait_for_index(harness: &mut Harness<'static, FolioApp>) {
    run_until(harness, |app| {
        app.session().is_some_and(Session::index_ready)
    });
}

#[test]
fn search_narrows_then_a_facet_narrows_further_then_clear() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    wait_for_index(&mut harness);
    let all = session(&harness).view().ids.len();
    assert_eq!(all, 18);

    input(&harness, "Search").focus();
    harness.run();
    input(&harness, "Search").type_text("telegram OR cable");
    harness.run();
    let found = session(&harness).view().ids.to_vec();
    assert!(found.len() > 1 && found.len() < all, "{found:?}");
    assert_eq!(
        session(&harness).query().sort,
        folio::search::SortColumn::Relevance,
        "a new search sorts by relevance"
    );
    for id in &found {
        let record = catalog(&harness).get(id).unwrap();
        let text = format!("{} {:?}", record.title, record.texts).to_lowercase();
        assert!(text.contains("telegram") || text.contains("cable"), "{id}");
    }

    // A decade that holds some but not all of the result.
    let (decade, count) = session(&harness).view().facets[&folio::search::Facet::Decade]
        .iter()
        .find(|(_, n)| *n < found.len())
        .cloned()
        .unwrap();
    harness.get_by_label(&decade).click();
    harness.run();
    let narrowed = session(&harness).view().ids.clone();
    assert_eq!(narrowed.len(), count);
    assert!(narrowed.iter().all(|id| found.contains(id)));

    harness.get_by_label("Clear search").click();
    harness.run();
    assert!(session(&harness).query().text.is_empty());
    assert!(
        session(&harness).view().ids.len() >= count,
        "only the facet filter remains"
    );
    harness
        .get_by_label_contains(&format!("Decade: {decade}"))
        .click();
    harness.run();
    assert_eq!(session(&harness).view().ids.len(), all);
}

#[test]
fn a_malformed_query_says_why_and_searches_the_words() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    wait_for_index(&mut harness);
    input(&harness, "Search").focus();
    harness.run();
    input(&harness, "Search").type_text("\"nakajima");
    harness.run();
    harness.get_by_label_contains("Not a valid query at character 1: this quote is not closed");
    assert_eq!(session(&harness).view().ids, vec![id(NAKAJIMA)]);
}

#[test]
fn a_saved_search_is_kept_in_catalog_ron() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    wait_for_index(&mut harness);
    input(&harness, "Search").focus();
    harness.run();
    input(&harness, "Search").type_text("lang:japanese");
    harness.run();
    assert_eq!(session(&harness).view().ids, vec![id(NAKAJIMA)]);
    harness.get_by_label("Save search…").click();
    harness.run();
    input(&harness, "Name").type_text("Japanese documents");
    harness.run();
    harness.get_by_label("Save search").click();
    harness.run();
    let settings = fs::read_to_string(dir.join("catalog.ron")).unwrap();
    assert!(
        settings.contains("(name: \"Japanese documents\", query: \"lang:japanese\")"),
        "{settings}\nstatus: {}",
        harness.state().latest_notice()
    );
    harness.get_by_label("Clear search").click();
    harness.run();
    assert_eq!(session(&harness).view().ids.len(), 18);
    harness.get_by_label("Japanese documents").click();
    harness.run();
    assert_eq!(session(&harness).view().ids, vec![id(NAKAJIMA)]);
}

#[test]
fn ctrl_f_finds_in_the_document_shown() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    input(&harness, "Find in document").type_text("chiang");
    harness.run();
    let matches = harness.state().find().unwrap().matches;
    assert!(matches >= 2, "{matches}");
    harness.get_by_label(&format!("1 of {matches}"));
    harness.get_by_label("Next").click();
    harness.run();
    harness.get_by_label(&format!("2 of {matches}"));
    harness.get_by_label("Previous").click();
    harness.run();
    harness.get_by_label("Previous").click();
    harness.run();
    harness.get_by_label(&format!("{matches} of {matches}"));
    input(&harness, "Find in document").focus();
    harness.run();
    input(&harness, "Find in document").type_text("zzzz");
    harness.run();
    harness.get_by_label("Not found");
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.state().find().is_none());
}

#[test]
fn a_catalog_open_elsewhere_opens_read_only_on_request() {
    let (_tmp, dir) = sample_copy();
    // Another Folio (here, this test process) holds the catalog.
    let _other = folio::store::lock::CatalogLock::acquire(&dir, "a test").unwrap();
    let mut harness = harness(&dir);
    assert!(harness.state().session().is_none());
    harness.get_by_label("Open in another Folio");
    harness.get_by_label("Open read-only").click();
    harness.run();
    let catalog = catalog(&harness);
    assert_eq!(catalog.len(), 18);
    let reason = catalog.read_only().unwrap();
    assert!(
        reason.contains("another Folio has this catalog open"),
        "{reason}"
    );
}

#[test]
fn the_app_holds_the_catalog_lock_while_open() {
    let (_tmp, dir) = sample_copy();
    let harness = harness(&dir);
    assert!(matches!(
        folio::store::lock::CatalogLock::acquire(&dir, "a test"),
        Err(folio::store::lock::LockError::Held(_))
    ));
    drop(harness);
    assert!(
        folio::store::lock::CatalogLock::acquire(&dir, "a test").is_ok(),
        "released on close"
    );
}

#[test]
fn unsaved_edits_survive_a_crash_through_the_journal() {
    let (_tmp, dir) = sample_copy();
    let journal = journal_of(&dir).file_for(&dir);
    let disk_before = record_file(&dir, NAKAJIMA);
    {
        let mut harness = harness(&dir);
        edit_nakajima(&mut harness);
        retype(&mut harness, "Title", "Statement of Nakajima, journalled");
        harness.run();
        assert!(journal.exists(), "written within a second of the edit");
        // The app dies here: no save, no question, nothing run on the way out.
        std::mem::forget(harness);
    }
    // (The forgotten app still holds the catalog's lock, as a killed process would
    // leave its lock file; this process is alive, so take the lock file away by hand,
    // as the stale-lock check does for a dead process.)
    fs::remove_file(dir.join(".folio.lock")).unwrap();
    assert_eq!(
        record_file(&dir, NAKAJIMA),
        disk_before,
        "nothing was saved"
    );

    let mut harness = harness(&dir);
    harness.get_by_label("Unsaved edits from last time");
    harness.get_by_label(&format!("{NAKAJIMA}: Title"));
    harness.get_by_label("Restore").click();
    harness.run();
    let record = catalog(&harness).get(&id(NAKAJIMA)).unwrap();
    assert_eq!(record.title, "Statement of Nakajima, journalled");
    assert!(catalog(&harness).is_dirty(), "restored, not yet saved");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(record_file(&dir, NAKAJIMA).contains("Statement of Nakajima, journalled"));
    assert!(!journal.exists(), "saving removes the journal");
}

#[test]
fn an_internal_error_writes_the_edits_the_journal_had_not_yet_written() {
    let (_tmp, dir) = sample_copy();
    let journal = journal_of(&dir).file_for(&dir);
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    retype(&mut harness, "Title", "The very last edit");
    // As if the journal's one-second delay had not yet come round.
    let _ = fs::remove_file(&journal);
    // What the panic hook does, on the UI thread, before the process ends.
    assert_eq!(
        folio::session::rescue::write().as_deref(),
        Some(journal.as_path())
    );
    let kept = folio::store::journal::Journal::read(&journal).unwrap();
    let entry = kept
        .entries
        .iter()
        .find(|e| e.id.as_str() == NAKAJIMA)
        .unwrap();
    assert_eq!(entry.record.as_ref().unwrap().title, "The very last edit");

    // Once saved, nothing is kept for the hook to write.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    fs::remove_file(&journal).ok();
    assert_eq!(folio::session::rescue::write(), None);
    assert!(!journal.exists());
}

#[test]
fn discarding_the_journal_keeps_the_files_as_they_are() {
    let (_tmp, dir) = sample_copy();
    let journal = journal_of(&dir).file_for(&dir);
    {
        let mut harness = harness(&dir);
        edit_nakajima(&mut harness);
        retype(&mut harness, "Title", "To be discarded");
        harness.run();
        std::mem::forget(harness);
    }
    fs::remove_file(dir.join(".folio.lock")).unwrap();
    let mut harness = harness(&dir);
    harness.get_by_label("Discard them").click();
    harness.run();
    assert!(!journal.exists());
    assert!(!catalog(&harness).is_dirty());
    assert!(!record_file(&dir, NAKAJIMA).contains("To be discarded"));
}

#[test]
fn a_record_changed_behind_the_apps_back_is_reloaded() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    retitle_on_disk(&dir, NAKAJIMA, "Retitled by a colleague");
    run_until(&mut harness, |app| {
        app.session()
            .and_then(|s| s.catalog().get(&id(NAKAJIMA)))
            .is_some_and(|r| r.title == "Retitled by a colleague")
    });
    assert!(!catalog(&harness).is_dirty());
    harness.get_by_label_contains("changed outside Folio");
}

#[test]
fn a_record_with_unsaved_edits_changed_behind_the_apps_back_is_a_conflict() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    retype(&mut harness, "Title", "Mine, unsaved");
    retitle_on_disk(&dir, NAKAJIMA, "Theirs, from git");
    run_until(&mut harness, |app| {
        matches!(app.dialog(), Some(Dialog::Conflicts { .. }))
    });
    assert_eq!(
        catalog(&harness).get(&id(NAKAJIMA)).unwrap().title,
        "Mine, unsaved",
        "nothing lost while the user chooses"
    );
    harness.get_by_label("Show both").click();
    harness.run();
    harness.get_by_label("Theirs, from git");
    harness.get_by_label("Take theirs").click();
    harness.run();
    assert_eq!(
        catalog(&harness).get(&id(NAKAJIMA)).unwrap().title,
        "Theirs, from git"
    );
}

#[test]
fn a_conflict_is_merged_field_by_field() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    edit_nakajima(&mut harness);
    retype(&mut harness, "Title", "Mine, unsaved");
    // A colleague changed the title and the summary.
    let path = dir.join("records").join(format!("{NAKAJIMA}.ron"));
    let mut theirs =
        folio::store::format::record_from_ron(&fs::read_to_string(&path).unwrap()).unwrap();
    theirs.title = "Theirs, from git".to_owned();
    theirs.summary = "Their corrected summary".to_owned();
    fs::write(&path, folio::store::format::record_to_ron(&theirs).unwrap()).unwrap();
    run_until(&mut harness, |app| {
        matches!(app.dialog(), Some(Dialog::Conflicts { .. }))
    });
    harness.get_by_label("Show both").click();
    harness.run();
    // Every row starts as mine; take their summary, keep my title.
    let toggled = |harness: &Harness<'static, FolioApp>, label: &str| {
        harness
            .get_by_role_and_label(Role::RadioButton, label)
            .accesskit_node()
            .toggled()
    };
    assert_eq!(toggled(&harness, "Mine, unsaved"), Some(Toggled::True));
    assert_eq!(toggled(&harness, "Theirs, from git"), Some(Toggled::False));
    harness
        .get_by_role_and_label(Role::RadioButton, "Their corrected summary")
        .click();
    harness.run();
    assert_eq!(
        toggled(&harness, "Their corrected summary"),
        Some(Toggled::True)
    );
    harness
        .get_by_label("Save merged version (1 from mine, 1 from theirs)")
        .click();
    harness.run();
    assert!(
        harness.state().dialog().is_none(),
        "the conflict is resolved"
    );
    let saved = fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("title: \"Mine, unsaved\"") && saved.contains("Their corrected summary"),
        "{saved}"
    );
    assert!(!catalog(&harness).is_dirty());
    harness.get_by_label_contains("Merged wcda-300638: 1 field from the file on disk");
}

/// File → Catalog settings…: the archive cited and the web address, typed and saved
/// to catalog.ron; every citation then names that archive; a web address that is
/// not one cannot be saved.
#[test]
fn catalog_settings_set_the_archive_every_citation_names() {
    let (_tmp, dir) = crate::support::sample_copy();
    let mut harness = harness(&dir);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Catalog settings…").click();
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(folio::ui::app::Dialog::CatalogSettings(_))
    ));
    input(&harness, "Archive cited").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(&harness, "Archive cited").type_text("Wilson Center Digital Archive");
    input(&harness, "Web address").focus();
    harness.run();
    input(&harness, "Web address").type_text("archive.example.org");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("starts with https:// or http://")
            .is_some(),
        "a web address that is not one is named"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(&harness, "Web address").type_text("https://archive.example.org/");
    harness.run();
    // Ctrl+S with the cursor still in the field saves the settings.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(harness.state().dialog().is_none());
    let settings = std::fs::read_to_string(dir.join("catalog.ron")).unwrap();
    assert!(
        settings.contains("    archive_name: \"Wilson Center Digital Archive\",\n")
            && settings.contains("    base_url: \"https://archive.example.org/\",\n"),
        "{settings}"
    );
    let record = catalog(&harness)
        .get(&crate::support::id("wcda-300638"))
        .unwrap();
    let citation = folio::export::citation::archive_style(record, catalog(&harness).settings());
    assert!(
        citation.contains(", Wilson Center Digital Archive, "),
        "{citation}"
    );
}

#[test]
fn the_catalog_settings_say_what_the_cache_holds_and_clear_it() {
    let (tmp, dir) = sample_copy();
    let cache = folio::store::cache::CacheOptions {
        dir: tmp.path().join("cache"),
        min_records: 2_000,
    };
    // What an earlier open of a larger catalog at this place would have left.
    fs::create_dir_all(&cache.dir).unwrap();
    fs::write(cache.file_for(&dir), vec![0u8; 3_000]).unwrap();
    fs::write(cache.index_file_for(&dir), vec![0u8; 2_000]).unwrap();
    let options = folio::session::SessionOptions {
        cache: Some(cache.clone()),
        journal: Some(journal_of(&dir)),
        index: true,
    };
    let app = FolioApp::with_options(Some(&dir), Prefs::default(), options);
    let mut harness = harness_of(app);
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Catalog settings…").click();
    harness.run();
    let records = folio::words::size(folio::store::cache::record_files_size(&dir));
    harness.get_by_label_contains(&format!(
        "Cache: 5.0 kB (search index 2.0 kB) for {records} of record files"
    ));
    harness.get_by_label("Clear cache").click();
    harness.run();
    assert!(!cache.file_for(&dir).exists() && !cache.index_file_for(&dir).exists());
    assert!(
        harness
            .state()
            .latest_notice()
            .starts_with("Cleared 5.0 kB of cache"),
        "{}",
        harness.state().latest_notice()
    );
    harness.get_by_label_contains("Cache: nothing kept");
}

/// A synthetic catalog of 300 records, one titled "Zanzibar memorandum", whose index
/// an open saved in the test's cache; the app's options for it.
fn indexed_synthetic() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    folio::session::SessionOptions,
) {
    let (tmp, dir) = crate::support::synthetic(300, 5);
    retitle_on_disk(&dir, "syn-0000123", "Zanzibar memorandum");
    crate::support::age_record_files(&dir);
    let options = folio::session::SessionOptions {
        cache: Some(folio::store::cache::CacheOptions {
            dir: tmp.path().join("cache"),
            min_records: 0,
        }),
        journal: Some(journal_of(&dir)),
        index: true,
    };
    Session::open(&dir, &options).unwrap().wait_for_index();
    (tmp, dir, options)
}

/// With no saved index to show the list from, the opening screen says the list
/// waits for the records (while one is read, it says so: see the test below).
#[test]
fn without_a_saved_index_the_opening_screen_says_the_list_waits_for_the_records() {
    let (_tmp, dir, options) = indexed_synthetic();
    let (_send, answer) = std::sync::mpsc::channel();
    let mut app = FolioApp::with_options(None, Prefs::default(), options);
    app.show_opening(
        &dir,
        Default::default(),
        answer,
        folio::ui::PreviewState::None,
    );
    let mut harness = harness_of(app);
    harness.run();
    harness.get_by_label_contains("the list shows as soon as every record is read");
}

/// Words typed in the search box before the list came are searched as it comes.
#[test]
fn words_typed_while_the_preview_loads_are_searched_when_it_comes() {
    let (_tmp, dir, options) = indexed_synthetic();
    let cache = options.cache.clone().unwrap();
    let mut app = FolioApp::with_options(None, Prefs::default(), options);
    let (_send, answer) = std::sync::mpsc::channel();
    let (send_preview, preview) = std::sync::mpsc::channel();
    app.show_opening(
        &dir,
        Default::default(),
        answer,
        folio::ui::PreviewState::Loading(preview),
    );
    let mut harness = harness_of(app);
    harness.run();
    harness.get_by_label("Opening…");
    harness.get_by_label_contains("the list shows as soon as the saved index is read");
    input(&harness, "Search").focus();
    harness.run();
    input(&harness, "Search").type_text("zanzibar");
    harness.run();
    send_preview
        .send(folio::session::Preview::open(&dir, &cache))
        .unwrap();
    run_until(&mut harness, |app| app.preview().is_some());
    harness.get_by_label("1 of 300 records, best matches first");
    harness.get_by_label("Zanzibar memorandum");
}

#[test]
fn the_window_comes_at_once_and_a_large_catalog_opens_behind_a_progress_bar() {
    let (_tmp, dir) = crate::support::synthetic(3_000, 11);
    let mut app = FolioApp::with_journal(None, Prefs::default(), Some(journal_of(&dir)));
    app.open_in_background();
    app.open_catalog(&dir);
    // Asking to open returns at once: the files are read on another thread.
    assert!(app.is_opening() && app.session().is_none());
    let mut harness = harness_of(app);
    harness.step();
    run_until(&mut harness, |app| app.session().is_some());
    assert!(!harness.state().is_opening());
    assert_eq!(catalog(&harness).len(), 3_000);
    assert!(
        harness
            .state()
            .latest_notice()
            .starts_with("Opened 3,000 records"),
        "{}",
        harness.state().latest_notice()
    );
    // It holds the catalog's lock, as an open at once does.
    assert!(folio::store::lock::CatalogLock::acquire(&dir, "a test").is_err());
}
