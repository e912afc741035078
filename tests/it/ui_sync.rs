//! Sync from the app: Ctrl+Shift+Y saves, offers the commit, takes the server's
//! changes into the open catalog and sends the archivist's; a field changed both
//! ways is chosen field by field, and the sync goes on by itself.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use folio::ui::app::Dialog;

use crate::sharing::seed;
use crate::support::{code, stderr};
use crate::ui_flows::{catalog, harness_with, input, retype, run_until, select};
use crate::vcs::git;

const BIN: &str = env!("CARGO_BIN_EXE_folio");
const NAKAJIMA: &str = "wcda-300638";

/// A server (a bare repository on disk: git's own file transport) and two
/// clones made by `folio clone`, each with its archivist's name.
fn team() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (_seed_tmp, seed_dir) = seed();
    let tmp = tempfile::tempdir().unwrap();
    let server = tmp.path().join("server.git");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--bare",
            seed_dir.to_str().unwrap(),
            server.to_str().unwrap(),
        ],
    );
    let mut clones = Vec::new();
    for name in ["ana", "ben"] {
        let dir = tmp.path().join(name);
        let out = std::process::Command::new(BIN)
            .args(["clone", server.to_str().unwrap(), dir.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        git(&dir, &["config", "user.name", name]);
        git(
            &dir,
            &["config", "user.email", &format!("{name}@example.org")],
        );
        clones.push(dir);
    }
    let ben = clones.pop().unwrap();
    let ana = clones.pop().unwrap();
    (tmp, ana, ben)
}

fn folio(dir: &std::path::Path, args: &[&str]) {
    let mut all = vec![args[0], dir.to_str().unwrap()];
    all.extend(&args[1..]);
    let out = std::process::Command::new(BIN).args(&all).output().unwrap();
    assert!(code(&out) <= 1, "{args:?}: {}", stderr(&out));
}

fn declined(dir: &std::path::Path) -> folio::ui::prefs::Prefs {
    let mut prefs = folio::ui::prefs::Prefs::default();
    prefs.git_setup_declined.insert(dir.to_owned());
    prefs
}

fn record(dir: &std::path::Path) -> folio::model::Record {
    let text =
        std::fs::read_to_string(dir.join("records").join(format!("{NAKAJIMA}.ron"))).unwrap();
    folio::store::format::record_from_ron(&text).unwrap()
}

#[test]
fn sync_saves_offers_the_commit_then_takes_and_sends_the_changes() {
    let (_tmp, ana, ben) = team();
    folio(&ben, &["set", NAKAJIMA, "summary", "Ben's summary."]);
    folio(&ben, &["sync", "--message", "Ben's summary"]);

    let mut harness = harness_with(&ana, declined(&ana), [1440.0, 900.0]);
    run_until(&mut harness, |app| app.vcs().status.is_some());
    select(&mut harness, "Statement of Nakajima Kenzo");
    harness.state_mut().prefs.tab = folio::ui::prefs::Tab::Metadata;
    harness.run();
    retype(&mut harness, "Title", "Nakajima on trade");
    // The toolbar's Sync, by its shortcut, with the cursor still in the field.
    input(&harness, "Title").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Y);
    run_until(&mut harness, |app| {
        matches!(app.dialog(), Some(Dialog::Commit(_)))
    });
    assert!(!catalog(&harness).is_dirty(), "saved first");
    harness.get_by_label("Commit your changes, then sync");
    // The message has the keyboard: typing goes there without a click.
    assert!(input(&harness, "Message").is_focused());
    input(&harness, "Message").type_text("Shorter title");
    harness.run();
    harness.get_by_label("Commit and sync").click();
    run_until(&mut harness, |app| {
        app.latest_notice().starts_with("Synced")
    });
    assert_eq!(
        harness.state().latest_notice(),
        "Synced: took 1 commit from the server (1 record changed), merged them with yours, sent 2 commits"
    );
    // Ben's summary is in the open catalog at once, with Ana's title.
    let shown = catalog(&harness)
        .get(&folio::model::RecordId::new(NAKAJIMA).unwrap())
        .unwrap()
        .clone();
    assert_eq!(
        (shown.title.as_str(), shown.summary.as_str()),
        ("Nakajima on trade", "Ben's summary.")
    );
    run_until(&mut harness, |app| {
        app.vcs()
            .status
            .as_ref()
            .is_some_and(|s| s.ahead == 0 && s.behind == 0)
    });
    harness.get_by_label("0 commits to take, 0 commits to send, synced just now");
    // Ben takes Ana's title.
    folio(&ben, &["sync"]);
    assert_eq!(record(&ben).title, "Nakajima on trade");
    assert_eq!(
        git(&ana, &["rev-parse", "HEAD"]),
        git(&ben, &["rev-parse", "HEAD"])
    );
}

#[test]
fn a_field_changed_both_ways_is_chosen_in_the_app_and_the_sync_goes_on() {
    let (_tmp, ana, ben) = team();
    folio(&ben, &["set", NAKAJIMA, "title", "Ben's title"]);
    folio(&ben, &["sync", "--message", "Ben's title"]);
    folio(&ana, &["set", NAKAJIMA, "title", "Ana's title"]);
    folio(&ana, &["set", NAKAJIMA, "notes", "Ana's note."]);
    folio(&ana, &["commit", "--message", "Ana's title"]);

    let mut harness = harness_with(&ana, declined(&ana), [1440.0, 900.0]);
    run_until(&mut harness, |app| app.vcs().status.is_some());
    harness.get_by_label("Sync").click();
    run_until(&mut harness, |app| {
        matches!(app.dialog(), Some(Dialog::Conflicts { .. }))
    });
    assert!(
        harness
            .state()
            .latest_notice()
            .starts_with("Sync stopped: 1 record changed both here and on the server")
    );
    harness.get_by_label("Show both").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, "Ben's title")
        .click();
    harness.run();
    harness
        .get_by_label("Save merged version (0 from mine, 1 from theirs)")
        .click();
    // Every conflict settled: the sync commits the merge and sends it.
    run_until(&mut harness, |app| {
        app.latest_notice().starts_with("Synced")
    });
    let log = git(&ana, &["log", "-1", "--format=%an|%s|%P"]);
    let parts: Vec<&str> = log.trim().split('|').collect();
    assert_eq!(parts[0], "ana");
    assert_eq!(parts[2].split(' ').count(), 2, "a merge commit: {log}");
    folio(&ben, &["sync"]);
    let merged = record(&ben);
    assert_eq!(
        (merged.title.as_str(), merged.notes.as_str()),
        ("Ben's title", "Ana's note.")
    );
    assert_eq!(
        code(
            &std::process::Command::new(BIN)
                .args(["validate", ben.to_str().unwrap()])
                .output()
                .unwrap()
        ),
        0
    );
}
