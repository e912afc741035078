//! The list and the selection: columns chosen per catalog, a selection that follows
//! what the list shows, and the pane for several selected records.

use egui::Modifiers;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use folio::model::RecordId;
use folio::ui::app::Dialog;
use folio::ui::{FolioApp, Prefs, Tab};

use crate::support::sample_copy;
use crate::ui_flows::{catalog, harness, harness_with, input, retype, select, session};

fn header(harness: &Harness<'static, FolioApp>, title: &str) -> bool {
    harness
        .query_by_role_and_label(Role::Button, title)
        .is_some()
}

fn title_of(harness: &Harness<'static, FolioApp>, id: &RecordId) -> String {
    catalog(harness).get(id).unwrap().title.clone()
}

#[test]
fn the_columns_are_chosen_from_the_header_and_remembered_per_catalog() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    // The defaults: no Id; no Type, which no sample record has (a column of blanks).
    for shown in ["Date", "Title", "Language", "Status"] {
        assert!(header(&harness, shown), "{shown} is a default column");
    }
    assert!(!header(&harness, "Id") && !header(&harness, "Type"));

    harness.get_by_label("Date").click_secondary();
    harness.run();
    harness.get_by_label("Columns");
    harness.get_by_role_and_label(Role::CheckBox, "Id").click();
    harness.run();
    assert!(header(&harness, "Id"), "the Id column is shown");
    let remembered = harness.state().prefs.columns_of(&session(&harness).path());
    assert_eq!(
        remembered.map(<[String]>::to_vec),
        Some(
            ["date", "title", "languages", "status", "id"]
                .map(str::to_owned)
                .to_vec()
        )
    );
    // The title cannot be hidden: it is what a row is.
    harness
        .get_by_role_and_label(Role::CheckBox, "Title")
        .click();
    harness.run();
    assert!(header(&harness, "Title"));

    // Another run of the app on the same catalog shows the chosen columns; another
    // catalog keeps the defaults.
    let prefs = harness.state().prefs.clone();
    drop(harness);
    let again = harness_with(&dir, prefs.clone(), [1440.0, 900.0]);
    assert!(header(&again, "Id"));
    let (_other_tmp, other) = sample_copy();
    let other = harness_with(&other, prefs, [1440.0, 900.0]);
    assert!(!header(&other, "Id"));

    // "Default columns" forgets the choice.
    let mut again = again;
    again.get_by_label("Date").click_secondary();
    again.run();
    again.get_by_label("Default columns").click();
    again.run();
    assert!(!header(&again, "Id"));
    assert_eq!(
        again.state().prefs.columns_of(&session(&again).path()),
        None
    );
}

#[test]
fn at_a_small_window_the_title_column_stays_wide_enough_to_read() {
    let (_tmp, dir) = sample_copy();
    let harness = harness_with(&dir, Prefs::default(), [1000.0, 700.0]);
    let title = harness.get_by_role_and_label(Role::Button, "Title").rect();
    let date = harness.get_by_label("Date").rect();
    assert!(title.left() > date.right(), "Title comes after Date");
    assert!(
        title.right() < 1000.0,
        "the Title header is inside the window"
    );
    // The column runs to the next header, or to the record pane: room to read.
    let pane = harness.get_by_label("Document").rect().left();
    let next = harness
        .get_all_by_role(Role::Button)
        .map(|b| b.rect())
        .filter(|b| (b.center().y - title.center().y).abs() < 4.0)
        .map(|b| b.left())
        .filter(|left| *left > title.right() + 1.0 && *left < pane)
        .fold(pane, f32::min);
    assert!(next - title.left() >= 250.0, "{}", next - title.left());
}

#[test]
fn a_narrow_list_keeps_the_title_and_drops_the_other_columns_first() {
    let (_tmp, dir) = sample_copy();
    let mut prefs = Prefs::default();
    let chosen = [
        "id",
        "date",
        "title",
        "doc_type",
        "languages",
        "status",
        "places",
    ];
    prefs.choose_columns(dir.clone(), chosen.iter().map(|c| c.to_string()).collect());
    let harness = harness_with(&dir, prefs, [1000.0, 700.0]);
    let title = harness.get_by_role_and_label(Role::Button, "Title").rect();
    let pane = harness.get_by_label("Document").rect().left();
    assert!(title.right() < pane, "the Title column is shown");
    assert!(
        harness.query_by_label("Places").is_none(),
        "a column the user added gives way before the title"
    );
    // The choice itself is kept for a wider window.
    let kept = harness.state().prefs.columns_of(&dir).unwrap().len();
    assert_eq!(kept, chosen.len());
}

#[test]
fn a_search_that_hides_the_selected_record_deselects_it() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    assert_eq!(session(&harness).selection().len(), 1);
    input(&harness, "Search").focus();
    harness.run();
    input(&harness, "Search").type_text("Shtykov");
    harness.run();
    harness.run();
    assert!(session(&harness).selection().is_empty());
    harness.get_by_label("No record selected.");
    harness.get_by_label("0 selected");
}

#[test]
fn a_record_an_edit_takes_out_of_the_result_is_said_hidden_and_not_deleted() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    harness.get_by_label("1950s").click();
    harness.run();
    let shown = session(&harness).view().ids.to_vec();
    let id = shown[0].clone();
    let title = title_of(&harness, &id);
    select(&mut harness, &title);
    harness.state_mut().prefs.tab = Tab::Metadata;
    harness.run();
    // Redated to the 1960s, it leaves the decade's list but stays in the pane.
    retype(&mut harness, "Date", "1963-09-17");
    harness.run();
    assert!(!session(&harness).view().ids.contains(&id));
    assert_eq!(session(&harness).selection().current(), Some(&id));
    harness.get_by_label("This record is not in the list: the search or a filter hides it.");
    harness.get_by_label("0 selected (1 hidden by the search)");

    // Delete leaves out what the list hides, and says so.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::Delete);
    harness.run();
    assert!(harness.state().dialog().is_none(), "nothing to confirm");
    assert!(
        harness
            .state()
            .latest_notice()
            .starts_with("Nothing deleted"),
        "{}",
        harness.state().latest_notice()
    );
    assert!(catalog(&harness).get(&id).is_some());

    // "Show every record" clears the filter: the record is in the list again.
    harness.get_by_label("Show every record").click();
    harness.run();
    assert!(session(&harness).query().filters.is_empty());
    assert!(session(&harness).view().ids.contains(&id));
    assert!(session(&harness).hidden_selected().next().is_none());
    harness.get_by_label("1 selected");
}

#[test]
fn several_selected_records_show_what_they_share() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    let drafts_in_list = harness.query_all_by_label("draft").count();
    for title in ["Letter, Jawaharlal Nehru", "Cable from the Chinese Embassy"] {
        harness
            .get_by_label_contains(title)
            .click_modifiers(Modifiers::COMMAND);
        harness.run();
    }
    harness.get_by_label("3 records selected");
    harness.get_by_label("In common");
    let shared = session(&harness).selection_shared();
    assert!(
        shared
            .iter()
            .any(|v| v.field == folio::model::Field::Status),
        "all three are drafts: {shared:?}"
    );
    // The list's cells say "draft" too: the pane says it once more.
    assert_eq!(
        harness.query_all_by_label("draft").count(),
        drafts_in_list + 1
    );
    for value in shared
        .iter()
        .filter(|v| v.field != folio::model::Field::Status)
    {
        harness.get_by_label(&value.values.join("; "));
    }
    // No one record's form: the pane is the selection's.
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Title")
            .is_none()
    );
    harness.get_by_label("Delete…").click();
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::ConfirmDelete { ids, hidden: 0 }) if ids.len() == 3
    ));
    harness.get_by_label("Cancel").click();
    harness.run();

    // A title in the pane shows that record alone.
    let nehru = session(&harness)
        .selection()
        .ids()
        .iter()
        .find(|id| title_of(&harness, id).starts_with("Letter, Jawaharlal Nehru"))
        .unwrap()
        .clone();
    harness
        .get_by_role_and_label(Role::Link, &title_of(&harness, &nehru))
        .click();
    harness.run();
    assert_eq!(session(&harness).selection().len(), 1);
    assert_eq!(session(&harness).selection().current(), Some(&nehru));
}

#[test]
fn the_toolbar_runs_the_primary_actions_and_names_the_catalog() {
    let (_tmp, dir) = sample_copy();
    let prefs = Prefs {
        folio_chooser: true,
        ..Prefs::default()
    };
    let mut harness = harness_with(&dir, prefs, [1000.0, 700.0]);
    let name = catalog(&harness).settings().name.clone();
    harness.get_by_label(&name);
    // Nothing to save yet: Save is greyed out.
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    assert!(!catalog(&harness).is_dirty());
    // New record: a record, its form, the cursor in Title.
    let before = catalog(&harness).len();
    harness
        .get_by_role_and_label(Role::Button, "New record")
        .click();
    harness.run();
    assert_eq!(catalog(&harness).len(), before + 1);
    assert_eq!(harness.state().prefs.tab, Tab::Metadata);
    assert!(input(&harness, "Title").is_focused());
    input(&harness, "Title").type_text("Minutes of the harbour board");
    harness.key_press(egui::Key::Enter);
    harness.run();
    // Save writes it; Import opens the chooser; Export the export form.
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    assert!(!catalog(&harness).is_dirty());
    assert!(
        dir.join("records")
            .join("minutes-of-the-harbour-board.ron")
            .exists()
    );
    harness
        .get_by_role_and_label(Role::Button, "Import…")
        .click();
    harness.run();
    assert!(harness.state().chooser_path().is_some());
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.state().chooser_path().is_none());
    harness
        .get_by_role_and_label(Role::Button, "Export…")
        .click();
    harness.run();
    assert!(matches!(harness.state().dialog(), Some(Dialog::Export(_))));
}

#[test]
fn the_view_menus_toggles_say_whether_they_are_on() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    harness.get_by_label("View").click();
    harness.run();
    let sidebar = harness.get_by_role_and_label(Role::CheckBox, "Sidebar");
    assert_eq!(
        sidebar.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    let problems = harness.get_by_role_and_label(Role::CheckBox, "Problems");
    assert_eq!(
        problems.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False)
    );
    problems.click();
    harness.run();
    assert!(harness.state().prefs.show_problems);
}

/// Until the index is built, a search is answered by scanning the records, which does
/// not rank: the status bar says the list is by date, not "best matches first".
#[test]
fn a_search_answered_before_the_index_says_its_list_is_by_date() {
    let (_tmp, dir) = sample_copy();
    let options = folio::session::SessionOptions {
        index: false,
        ..folio::session::SessionOptions::command_line()
    };
    let app = FolioApp::with_options(Some(&dir), Prefs::default(), options);
    let mut harness = crate::ui_flows::harness_of(app);
    harness.run();
    input(&harness, "Search").focus();
    harness.run();
    input(&harness, "Search").type_text("kim");
    harness.run();
    let shown = session(&harness).view().ids.len();
    assert!(shown > 0 && shown < 18, "{shown}");
    harness.get_by_label(&format!("{shown} of 18 records, by date until indexed"));
    assert!(
        harness
            .query_by_label_contains("best matches first")
            .is_none()
    );
}
