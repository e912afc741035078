//! The app and git: a record file a merge stopped on opens as a conflict, resolved
//! field by field, and saved as a clean file; the History tab; File → Commit…; the
//! offer to set a catalog up for git.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use folio::model::Field;
use folio::ui::app::Dialog;
use folio::ui::app::vcs::HistoryState;

use crate::history::{commit_as_ben, set};
use crate::ui_flows::{
    catalog, edit_nakajima, harness, harness_with, input, retype, run_until, select,
};
use crate::vcs::{committed_sample, delete_edit_merge, git, nakajima_file, stopped_merge};

const NAKAJIMA: &str = "wcda-300638";

#[test]
fn a_record_a_merge_stopped_on_is_resolved_field_by_field_and_saved_clean() {
    let (_tmp, dir) = stopped_merge();
    let mut harness = harness(&dir);
    assert!(
        matches!(harness.state().dialog(), Some(Dialog::Conflicts { .. })),
        "the conflict is shown at once"
    );
    harness.get_by_label_contains("A git merge stopped on it");
    harness.get_by_label("Show both").click();
    harness.run();
    // The one field both branches changed; the rest is merged already.
    harness
        .get_by_role_and_label(Role::RadioButton, "Their title")
        .click();
    harness.run();
    harness
        .get_by_label("Save merged version (0 from mine, 1 from theirs)")
        .click();
    harness.run();
    assert!(harness.state().dialog().is_none(), "resolved");
    let saved = std::fs::read_to_string(nakajima_file(&dir)).unwrap();
    assert!(
        !saved.contains("<<<<<<<") && !saved.contains(">>>>>>>"),
        "{saved}"
    );
    let record = folio::store::format::record_from_ron(&saved).unwrap();
    assert_eq!(record.title, "Their title");
    assert_eq!(record.summary, "Their summary.");
    assert_eq!(record.status, folio::model::Status::Reviewed);
    assert!(harness.state().session().unwrap().conflicts().is_empty());
}

fn history_ready(app: &folio::ui::app::FolioApp) -> bool {
    matches!(app.vcs().history, HistoryState::Ready(_))
}

#[test]
fn the_history_tab_lists_the_commits_and_restoring_a_value_is_an_undoable_edit() {
    let (_tmp, dir) = committed_sample();
    let original = folio::store::format::record_from_ron(
        &std::fs::read_to_string(nakajima_file(&dir)).unwrap(),
    )
    .unwrap()
    .title;
    set(&dir, NAKAJIMA, "title", "Nakajima on trade");
    commit_as_ben(&dir, "Shorter title");
    let mut harness = harness_with(&dir, declined(&dir), [1440.0, 900.0]);
    select(&mut harness, "Nakajima on trade");
    harness.get_by_label("History").click();
    // Stepped, not run to rest: the spinner repaints until git answers.
    harness.step();
    run_until(&mut harness, history_ready);
    harness.get_by_label_contains("by Ben Cataloguer (commit");
    harness.get_by_label("Shorter title");
    harness.get_by_label_contains("Ben Cataloguer · ");
    harness.get_by_label("The sample catalog");
    harness.get_by_label("The record was created.");

    // The title's history, from its label's menu in the Metadata tab.
    harness.get_by_label("Metadata").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Label, "Title")
        .click_secondary();
    harness.run();
    harness.get_by_label("History of Title").click();
    // Stepped, not run to rest: the spinner repaints until git answers.
    harness.step();
    run_until(&mut harness, history_ready);
    assert_eq!(harness.state().vcs().history_field, Some(Field::Title));
    assert!(
        harness.query_by_label("Summary").is_none(),
        "only the title's steps"
    );
    // Before the retitling, and as the record was created.
    assert_eq!(harness.get_all_by_label(&original).count(), 2);

    // Restore the title as it was before that commit: an ordinary edit.
    harness
        .get_all_by_label("Restore this value")
        .next()
        .unwrap()
        .click();
    harness.run();
    let title = |h: &Harness| catalog(h).get(&id()).unwrap().title.clone();
    assert_eq!(title(&harness), original);
    assert!(catalog(&harness).is_dirty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(title(&harness), "Nakajima on trade", "Undo takes it back");
}

/// Preferences where the offer to set `dir` up for git was declined (it would
/// cover the window).
fn declined(dir: &std::path::Path) -> folio::ui::prefs::Prefs {
    let mut prefs = folio::ui::prefs::Prefs::default();
    prefs.git_setup_declined.insert(dir.to_owned());
    prefs
}

type Harness = egui_kittest::Harness<'static, folio::ui::app::FolioApp>;

fn id() -> folio::model::RecordId {
    folio::model::RecordId::new(NAKAJIMA).unwrap()
}

#[test]
fn the_commit_dialog_saves_then_commits_exactly_the_changed_records() {
    let (_tmp, dir) = committed_sample();
    git(&dir, &["config", "user.name", "Ana Archivist"]);
    git(&dir, &["config", "user.email", "ana@example.org"]);
    // One record saved by another program, one edited in the app and not saved.
    let other = std::fs::read_dir(dir.join("records"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().replace(".ron", ""))
        .find(|id| id != NAKAJIMA)
        .unwrap();
    set(&dir, &other, "status", "reviewed");
    let mut harness = harness_with(&dir, declined(&dir), [1440.0, 900.0]);
    run_until(&mut harness, |app| app.vcs().changed.len() == 1);
    // The status bar's count narrows the list to them.
    harness.get_by_label("1 changed since commit").click();
    harness.run();
    let shown: Vec<String> = crate::ui_flows::session(&harness)
        .view()
        .ids
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, std::slice::from_ref(&other));
    harness.get_by_label("Changed since commit (1)  ×").click();
    harness.run();
    edit_nakajima(&mut harness);
    retype(&mut harness, "Title", "Nakajima on trade");

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::K);
    harness.run();
    assert!(matches!(harness.state().dialog(), Some(Dialog::Commit(_))));
    harness.get_by_label_contains("1 record changed since the last commit");
    harness.get_by_label("1 record with unsaved changes will be saved first.");
    input(&harness, "Message").type_text("Review one, retitle Nakajima");
    harness.run();
    harness.get_by_label("Commit").click();
    run_until(&mut harness, |app| app.dialog().is_none());
    assert!(
        harness.state().latest_notice().starts_with("Committed "),
        "{}",
        harness.state().latest_notice()
    );

    let shown = git(&dir, &["show", "--name-only", "--format=%s", "HEAD"]);
    let mut files: Vec<&str> = shown.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(files.remove(0), "Review one, retitle Nakajima");
    files.sort();
    let mut expected = vec![
        format!("records/{NAKAJIMA}.ron"),
        format!("records/{other}.ron"),
    ];
    expected.sort();
    assert_eq!(files, expected);
    assert!(!catalog(&harness).is_dirty(), "saved first");
    run_until(&mut harness, |app| app.vcs().changed.is_empty());
    harness.get_by_label("nothing to commit");
}

#[test]
fn without_a_git_identity_the_commit_is_refused_in_the_dialog() {
    let (_tmp, dir) = committed_sample();
    git(&dir, &["config", "user.name", ""]);
    set(&dir, NAKAJIMA, "status", "reviewed");
    let mut harness = harness_with(&dir, declined(&dir), [1440.0, 900.0]);
    run_until(&mut harness, |app| !app.vcs().changed.is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::K);
    harness.run();
    input(&harness, "Message").type_text("Review");
    harness.run();
    harness.get_by_label("Commit").click();
    run_until(&mut harness, |app| {
        !app.vcs().committing() && app.latest_notice().starts_with("Not committed")
    });
    // In the form, which stays, and in the status bar.
    assert_eq!(
        harness
            .get_all_by_label_contains("git does not know who you are")
            .count(),
        2
    );
    assert!(matches!(harness.state().dialog(), Some(Dialog::Commit(_))));
    assert_eq!(git(&dir, &["rev-list", "--count", "HEAD"]), "1\n");
}

#[test]
fn a_catalog_in_git_without_the_merge_driver_is_offered_the_set_up_once() {
    let (_tmp, dir) = committed_sample();
    let mut harness = harness(&dir);
    run_until(&mut harness, |app| app.git_offer().is_some());
    // The offer waits in a bar: the keyboard still works (Ctrl+K, the search).
    assert!(harness.state().dialog().is_none());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(egui::accesskit::Role::TextInput, "Search")
            .is_focused()
    );
    harness.get_by_label("Not now").click();
    harness.run();
    assert!(harness.state().git_offer().is_none());
    let prefs = harness.state().prefs.clone();
    assert!(prefs.git_setup_declined.contains(&dir));
    drop(harness);

    // Not asked again; File → Set up for git… does it.
    let mut harness = harness_with(&dir, prefs, [1440.0, 900.0]);
    run_until(&mut harness, |app| app.vcs().in_work_tree());
    assert!(harness.state().dialog().is_none());
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Set up for git…").click();
    harness.run();
    assert!(dir.join(".gitattributes").exists());
    let driver = git(&dir, &["config", "--get", "merge.folio.driver"]);
    assert!(driver.contains("merge-driver %O %A %B %P"), "{driver}");
    assert!(folio::vcs::setup_state(&dir).unwrap().is_complete());

    // No record changed, but the files it wrote are still to commit: the status
    // bar says so, and its count opens the commit, which names them.
    run_until(&mut harness, |app| app.vcs().other_changes == 2);
    harness.get_by_label("2 files to commit").click();
    harness.run();
    assert!(matches!(harness.state().dialog(), Some(Dialog::Commit(_))));
    harness.get_by_label(
        "No record changed since the last commit, but 2 other files of the catalog did:",
    );
    harness.get_by_label(".gitattributes (new)");
    harness.get_by_label(".gitignore (new)");
    git(&dir, &["config", "user.name", "Ana Archivist"]);
    git(&dir, &["config", "user.email", "ana@example.org"]);
    input(&harness, "Message").type_text("Merge records field by field");
    harness.run();
    harness.get_by_label("Commit").click();
    run_until(&mut harness, |app| {
        app.dialog().is_none() && app.vcs().other_changes == 0 && !app.vcs().committing()
    });
    harness.get_by_label("nothing to commit");
    assert_eq!(
        git(&dir, &["show", "--name-only", "--format=%s", "HEAD"]),
        "Merge records field by field\n\n.gitattributes\n.gitignore\n"
    );
}

#[test]
fn files_git_lists_as_unmerged_show_in_the_status_bar_and_the_problems_panel() {
    let (_tmp, dir) = delete_edit_merge();
    let mut harness = harness_with(&dir, declined(&dir), [1440.0, 900.0]);
    // Stepped, not run to rest: git's status is read on its own thread.
    run_until(&mut harness, |app| !app.vcs().unmerged().is_empty());
    harness.get_by_label("1 file unmerged").click();
    harness.run();
    harness.get_by_label_contains(
        "changed on this branch, deleted on the one merged in: keep it (git add) or delete it (git rm)",
    );
}

#[test]
fn the_history_of_a_list_field_says_what_was_added_and_removed() {
    let (_tmp, dir) = committed_sample();
    let record = folio::store::format::record_from_ron(
        &std::fs::read_to_string(nakajima_file(&dir)).unwrap(),
    )
    .unwrap();
    let mut people = record.people.clone();
    let removed = people.remove(0);
    people.push("Zhou Enlai".to_owned());
    set(
        &dir,
        NAKAJIMA,
        "people",
        &serde_json::to_string(&people).unwrap(),
    );
    commit_as_ben(&dir, "People corrected");
    let mut harness = harness_with(&dir, declined(&dir), [1440.0, 900.0]);
    select(&mut harness, &record.title);
    harness.get_by_label("History").click();
    harness.step();
    run_until(&mut harness, history_ready);
    harness.get_by_label("People corrected");
    harness.get_by_label("Added:");
    harness.get_by_label("Zhou Enlai");
    harness.get_by_label("Removed:");
    harness.get_by_label(&removed);
    assert!(
        harness.query_by_label("Before:").is_none(),
        "not the whole list twice"
    );
}

#[test]
fn what_is_typed_as_the_commit_dialog_opens_reaches_its_message() {
    let (_tmp, dir) = committed_sample();
    let mut harness = harness_with(&dir, declined(&dir), [1440.0, 900.0]);
    run_until(&mut harness, |app| app.vcs().status.is_some());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::K);
    // One frame opens the dialog; the keys of the very next frame are the message's
    // (a slow frame at a large size lets a typist get ahead of the drawing).
    harness.step();
    harness.event(egui::Event::Text("Typed at once".into()));
    harness.step();
    harness.run();
    match harness.state().dialog() {
        Some(Dialog::Commit(form)) => assert_eq!(form.message, "Typed at once"),
        other => panic!("{other:?}"),
    }
}
