//! Changes made behind Folio's back (`git pull`, `git checkout`, another editor):
//! reloaded when nothing is unsaved, a conflict when something is, merge markers
//! reported and left alone, and the watcher that notices them.
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use folio::model::{Field, FieldValue};
use folio::store::{self, ConflictKind, Edit, Refresh, format};

use crate::support::{id, retitle_on_disk, synthetic};

fn catalog() -> (tempfile::TempDir, PathBuf) {
    synthetic(4, 2)
}

#[test]
fn a_record_changed_on_disk_is_reloaded_when_nothing_is_unsaved() {
    let (_tmp, dir) = catalog();
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    let path = retitle_on_disk(&dir, "syn-0000001", "Changed by git pull");
    assert_eq!(
        folder.refresh_file(&mut catalog, &path),
        Refresh::Reloaded(id("syn-0000001"))
    );
    assert_eq!(
        catalog.get(&id("syn-0000001")).unwrap().title,
        "Changed by git pull"
    );
    assert!(!catalog.is_dirty(), "taken from disk: nothing to save");
    assert_eq!(folder.refresh_file(&mut catalog, &path), Refresh::Unchanged);
}

#[test]
fn a_record_with_unsaved_edits_becomes_a_conflict_and_nothing_is_lost() {
    let (_tmp, dir) = catalog();
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    catalog
        .apply(Edit::set(
            id("syn-0000002"),
            Field::Title,
            FieldValue::Text("Mine".into()),
        ))
        .unwrap();
    let path = retitle_on_disk(&dir, "syn-0000002", "Theirs");
    let disk = fs::read(&path).unwrap();
    match folder.refresh_file(&mut catalog, &path) {
        Refresh::Conflict(c) => assert_eq!(c.kind, ConflictKind::ChangedOnDisk),
        other => panic!("{other:?}"),
    }
    assert_eq!(catalog.get(&id("syn-0000002")).unwrap().title, "Mine");
    assert_eq!(fs::read(&path).unwrap(), disk, "theirs untouched");
    // Saving refuses too, until the user chooses.
    let report = folder.save(&mut catalog);
    assert_eq!(report.conflicts.len(), 1);
    folder
        .take_theirs(&mut catalog, &id("syn-0000002"))
        .unwrap();
    assert_eq!(catalog.get(&id("syn-0000002")).unwrap().title, "Theirs");
}

#[test]
fn files_added_and_deleted_on_disk_appear_and_disappear() {
    let (_tmp, dir) = catalog();
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    let new = folio::model::Record::new(id("from-checkout"), "Came with git checkout");
    let added = dir.join("records/from-checkout.ron");
    fs::write(&added, format::record_to_ron(&new).unwrap()).unwrap();
    assert_eq!(
        folder.refresh_file(&mut catalog, &added),
        Refresh::Added(id("from-checkout"))
    );
    assert_eq!(catalog.len(), 5);
    let removed = dir.join("records/syn-0000003.ron");
    fs::remove_file(&removed).unwrap();
    assert_eq!(
        folder.refresh_file(&mut catalog, &removed),
        Refresh::Removed(id("syn-0000003"))
    );
    assert_eq!(catalog.len(), 4);
    // Deleted on disk while edited in Folio: a conflict.
    catalog
        .apply(Edit::set(
            id("syn-0000000"),
            Field::Summary,
            FieldValue::Text("kept".into()),
        ))
        .unwrap();
    let gone = dir.join("records/syn-0000000.ron");
    fs::remove_file(&gone).unwrap();
    match folder.refresh_file(&mut catalog, &gone) {
        Refresh::Conflict(c) => assert_eq!(c.kind, ConflictKind::DeletedOnDisk),
        other => panic!("{other:?}"),
    }
    assert_eq!(catalog.get(&id("syn-0000000")).unwrap().summary, "kept");
}

#[test]
fn a_merge_conflict_file_is_reported_and_left_as_it_is() {
    let (_tmp, dir) = catalog();
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    let path = dir.join("records/syn-0000001.ron");
    let text = fs::read_to_string(&path).unwrap();
    let merged = text.replacen(
        "    title:",
        "<<<<<<< HEAD\n    title: \"ours\",\n=======\n    title: \"theirs\",\n>>>>>>> branch\n    title:",
        1,
    );
    fs::write(&path, &merged).unwrap();
    let before = catalog.get(&id("syn-0000001")).unwrap().clone();
    match folder.refresh_file(&mut catalog, &path) {
        Refresh::Unreadable(e) => {
            let message = e.to_string();
            assert!(message.contains("syn-0000001.ron:3:1"), "{message}");
            assert!(message.contains("git merge conflict markers"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        catalog.get(&id("syn-0000001")),
        Some(&before),
        "Folio keeps its version"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        merged,
        "never rewritten"
    );
    // The same at open.
    let (folder, _) = store::open(&dir).unwrap();
    assert!(
        folder.load_errors()[0]
            .to_string()
            .contains("git merge conflict markers")
    );
}

#[test]
fn folios_own_saves_are_not_changes_and_settings_are_picked_up() {
    let (_tmp, dir) = catalog();
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    catalog
        .apply(Edit::set(
            id("syn-0000001"),
            Field::Title,
            FieldValue::Text("Saved by Folio".into()),
        ))
        .unwrap();
    folder.save(&mut catalog);
    let path = dir.join("records/syn-0000001.ron");
    assert_eq!(folder.refresh_file(&mut catalog, &path), Refresh::Unchanged);
    let settings = dir.join("catalog.ron");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        text.replace("Synthetic catalog", "Renamed by a colleague"),
    )
    .unwrap();
    assert!(folder.refresh_settings(&mut catalog).unwrap());
    assert!(
        catalog
            .settings()
            .name
            .starts_with("Renamed by a colleague")
    );
}

#[test]
fn the_watcher_notices_a_change() {
    let (_tmp, dir) = catalog();
    let watcher = store::watch::FolderWatcher::start(&dir, || {}).unwrap();
    let path = retitle_on_disk(&dir, "syn-0000001", "Watched");
    let start = Instant::now();
    let mut seen = std::collections::BTreeSet::new();
    while start.elapsed() < Duration::from_secs(5) && !seen.contains(&path) {
        seen.extend(watcher.changed().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(seen.contains(&path), "{seen:?}");
}
