//! The catalog folder: opening, saving, conflicts, renames and deletions on real files.
use std::fs;
use std::path::{Path, PathBuf};

use folio::model::{Field, FieldValue, Record};
use folio::store::{self, ConflictKind, Edit, History, format};

use crate::support::{id, record_file};

fn catalog_with(dir: &Path, ids: &[&str]) {
    let (mut folder, mut catalog) = store::create(dir, "Test").unwrap();
    for i in ids {
        let mut r = Record::new(id(i), format!("Record {i}"));
        r.texts.make_mut().unwrap().push(folio::model::Text {
            kind: folio::model::TextKind::Translation,
            language: "English".into(),
            body: "One paragraph.\n\nAnother paragraph.".into(),
        });
        catalog.apply(Edit::Add(Box::new(r))).unwrap();
    }
    assert!(folder.save(&mut catalog).is_complete());
}

/// A catalog of one record, `a`, opened, with its title edited to "Mine" (unsaved).
fn record_a_edited_to_mine() -> (
    tempfile::TempDir,
    PathBuf,
    store::CatalogFolder,
    store::Catalog,
) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    catalog_with(&dir, &["a"]);
    let (folder, mut catalog) = store::open(&dir).unwrap();
    catalog
        .apply(Edit::set(
            id("a"),
            Field::Title,
            FieldValue::Text("Mine".into()),
        ))
        .unwrap();
    (tmp, dir, folder, catalog)
}

#[test]
fn saving_writes_only_changed_records_atomically() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    catalog_with(&dir, &["a", "b"]);
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    assert_eq!(catalog.len(), 2);
    assert!(!catalog.is_dirty());
    let before_b = fs::metadata(dir.join("records/b.ron"))
        .unwrap()
        .modified()
        .unwrap();
    catalog
        .apply(Edit::set(
            id("a"),
            Field::Title,
            FieldValue::Text("Record a (corrected)".into()),
        ))
        .unwrap();
    let report = folder.save(&mut catalog);
    assert_eq!(report.written, vec![id("a")]);
    assert!(!catalog.is_dirty());
    assert!(record_file(&dir, "a").contains("Record a (corrected)"));
    assert_eq!(
        fs::metadata(dir.join("records/b.ron"))
            .unwrap()
            .modified()
            .unwrap(),
        before_b
    );
    let leftovers: Vec<_> = fs::read_dir(dir.join("records"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".ron"))
        .collect();
    assert!(leftovers.is_empty(), "no temp files left: {leftovers:?}");
}

#[test]
fn an_edit_undone_before_saving_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    catalog_with(&dir, &["a"]);
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    let mut history = History::default();
    history
        .apply(
            &mut catalog,
            Edit::set(id("a"), Field::Summary, FieldValue::Text("x".into())),
        )
        .unwrap();
    history.undo(&mut catalog).unwrap();
    let report = folder.save(&mut catalog);
    assert!(report.written.is_empty(), "{report:?}");
    assert!(!catalog.is_dirty());
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let (_tmp, dir, mut folder, mut catalog) = record_a_edited_to_mine();
    let theirs = record_file(&dir, "a").replace("Record a", "Theirs");
    fs::write(dir.join("records/a.ron"), &theirs).unwrap();

    let report = folder.save(&mut catalog);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].kind, ConflictKind::ChangedOnDisk);
    assert_eq!(record_file(&dir, "a"), theirs, "their version is untouched");
    assert!(catalog.is_dirty(), "mine is kept in memory");

    // Keep mine: the next save overwrites theirs.
    folder.keep_mine(&id("a")).unwrap();
    assert!(folder.save(&mut catalog).is_complete());
    assert!(record_file(&dir, "a").contains("Mine"));
}

#[test]
fn a_conflict_merged_field_by_field_keeps_my_title_and_their_summary() {
    let (_tmp, dir, mut folder, mut catalog) = record_a_edited_to_mine();
    // A colleague changed the title and the summary.
    let mut theirs = catalog.get(&id("a")).unwrap().clone();
    theirs.title = "Theirs".into();
    theirs.summary = "Their summary".into();
    fs::write(
        dir.join("records/a.ron"),
        folio::store::format::record_to_ron(&theirs).unwrap(),
    )
    .unwrap();
    assert_eq!(folder.save(&mut catalog).conflicts.len(), 1);

    let disk = folder.disk_version(&id("a")).unwrap();
    let their_record = disk.record.as_ref().unwrap();
    let mine = catalog.get(&id("a")).unwrap();
    assert_eq!(
        Field::differing(mine, their_record),
        vec![Field::Title, Field::Summary]
    );
    let edit = Edit::take_fields(their_record, &[Field::Summary]).unwrap();
    catalog.apply(edit).unwrap();
    folder.accept_disk_version(&id("a"), &disk);
    assert!(folder.save(&mut catalog).is_complete());
    let saved = record_file(&dir, "a");
    assert!(
        saved.contains("title: \"Mine\"") && saved.contains("Their summary"),
        "{saved}"
    );
    assert!(Edit::take_fields(their_record, &[]).is_none());
}

#[test]
fn a_merge_against_a_version_that_changed_again_is_a_new_conflict() {
    let (_tmp, dir, mut folder, mut catalog) = record_a_edited_to_mine();
    let first = record_file(&dir, "a").replace("Record a", "Theirs");
    fs::write(dir.join("records/a.ron"), &first).unwrap();
    assert!(!folder.save(&mut catalog).is_complete());
    let disk = folder.disk_version(&id("a")).unwrap();
    // While the user compares, the file changes again: that version is not lost.
    let second = record_file(&dir, "a").replace("Theirs", "Theirs again");
    fs::write(dir.join("records/a.ron"), &second).unwrap();
    folder.accept_disk_version(&id("a"), &disk);
    let report = folder.save(&mut catalog);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(record_file(&dir, "a"), second);

    // A file deleted on disk: accepting that makes the save write mine anew.
    fs::remove_file(dir.join("records/a.ron")).unwrap();
    let gone = folder.disk_version(&id("a")).unwrap();
    assert!(gone.record.is_none());
    folder.accept_disk_version(&id("a"), &gone);
    assert!(folder.save(&mut catalog).is_complete());
    assert!(record_file(&dir, "a").contains("Mine"));
}

#[test]
fn take_theirs_discards_mine() {
    let (_tmp, dir, mut folder, mut catalog) = record_a_edited_to_mine();
    let theirs = record_file(&dir, "a").replace("Record a", "Theirs");
    fs::write(dir.join("records/a.ron"), &theirs).unwrap();
    assert!(!folder.save(&mut catalog).is_complete());
    folder.take_theirs(&mut catalog, &id("a")).unwrap();
    assert_eq!(catalog.get(&id("a")).unwrap().title, "Theirs");
    assert!(!catalog.is_dirty());
    assert_eq!(record_file(&dir, "a"), theirs);
}

#[test]
fn rename_and_delete_move_and_remove_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    catalog_with(&dir, &["a", "b"]);
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    let rename = Edit::rename(&catalog, id("a"), id("alpha"));
    catalog.apply(rename).unwrap();
    catalog.apply(Edit::Delete(id("b"))).unwrap();
    let report = folder.save(&mut catalog);
    assert!(report.is_complete(), "{report:?}");
    assert!(dir.join("records/alpha.ron").exists());
    assert!(!dir.join("records/a.ron").exists());
    assert!(!dir.join("records/b.ron").exists());
    assert!(record_file(&dir, "alpha").contains("id: \"alpha\""));
    let (_, reopened) = store::open(&dir).unwrap();
    assert_eq!(
        reopened
            .records()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["alpha"]
    );
}

#[test]
fn a_malformed_file_is_reported_left_alone_and_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    catalog_with(&dir, &["a", "b"]);
    let bad = "(\n    id: \"bad\",\n    title: \"unterminated,\n";
    fs::write(dir.join("records/bad.ron"), bad).unwrap();
    fs::write(dir.join("records/notes.txt"), "not a record").unwrap();
    fs::write(dir.join("records/.folio-x.tmp"), "a temp file").unwrap();

    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    assert_eq!(catalog.len(), 2, "the others still load");
    let errors = folder.load_errors();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].path.ends_with("records/bad.ron"));
    let shown = errors[0].to_string();
    assert!(shown.contains("bad.ron:"), "{shown}");
    assert!(errors[0].position.line >= 3, "{shown}");

    // A new record with the bad file's id must not replace it.
    catalog
        .apply(Edit::Add(Box::new(Record::new(id("bad"), "New"))))
        .unwrap();
    let report = folder.save(&mut catalog);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].kind, ConflictKind::FileExists);
    assert_eq!(
        fs::read_to_string(dir.join("records/bad.ron")).unwrap(),
        bad
    );
}

#[test]
fn id_and_file_name_must_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    catalog_with(&dir, &["a"]);
    let text = record_file(&dir, "a");
    fs::write(dir.join("records/copy.ron"), &text).unwrap();
    let (folder, catalog) = store::open(&dir).unwrap();
    assert_eq!(catalog.len(), 1);
    let e = &folder.load_errors()[0];
    assert!(e.message.contains("does not match its file name"), "{e}");
    assert_eq!(e.position.line, 2);
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    catalog_with(&dir, &[]);
    fs::write(dir.join("records/x.ron"), b"(\n    id: \"x\xff\",\n)").unwrap();
    let (folder, _) = store::open(&dir).unwrap();
    let e = &folder.load_errors()[0];
    assert!(e.message.contains("UTF-8"));
    assert_eq!((e.position.line, e.position.col), (2, 11));
}

#[test]
fn a_newer_format_opens_read_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    catalog_with(&dir, &["a"]);
    fs::write(
        dir.join("catalog.ron"),
        "(\n    format_version: 99,\n    name: \"Future\",\n    colour_scheme: \"teal\",\n)\n",
    )
    .unwrap();
    let (mut folder, mut catalog) = store::open(&dir).unwrap();
    assert_eq!(catalog.settings().name, "Future");
    let reason = catalog.read_only().unwrap();
    assert!(
        reason.contains("format_version 99") && reason.contains("read-only"),
        "{reason}"
    );
    assert!(catalog.apply(Edit::Delete(id("a"))).is_err());
    assert!(folder.save(&mut catalog).written.is_empty());
}

#[test]
fn a_folder_without_catalog_ron_is_not_a_catalog() {
    let tmp = tempfile::tempdir().unwrap();
    let e = store::open(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("not a Folio catalog"), "{e}");
    fs::write(tmp.path().join("x"), "").unwrap();
    let e = store::create(tmp.path(), "x").unwrap_err().to_string();
    assert!(e.contains("not empty"), "{e}");
}

#[test]
fn loading_then_saving_the_sample_catalog_is_byte_identical() {
    let dir = crate::support::sample_dir();
    let (folder, catalog) = store::open(&dir).unwrap();
    assert!(folder.load_errors().is_empty());
    assert_eq!(catalog.len(), 18);
    for record in catalog.records() {
        let on_disk = fs::read_to_string(folder.record_path(&record.id)).unwrap();
        assert_eq!(
            format::record_to_ron(record).unwrap(),
            on_disk,
            "{}",
            record.id
        );
    }
}

mod cache {
    use std::fs;
    use std::path::Path;

    use folio::store::{self, cache::CacheOptions};

    /// A synthetic catalog whose files look an hour old (files written in the same
    /// moments as the cache are never trusted).
    fn old_catalog(dir: &Path, count: usize) {
        folio::synth::write_catalog(dir, count, 5).unwrap();
        crate::support::age_record_files(dir);
    }

    fn options(dir: &Path) -> CacheOptions {
        CacheOptions {
            dir: dir.to_owned(),
            min_records: 10,
        }
    }

    #[test]
    fn reopening_an_unchanged_catalog_reads_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("catalog");
        old_catalog(&root, 40);
        let cache = options(&tmp.path().join("cache"));
        let (folder, first) = store::open_cached(&root, Some(&cache)).unwrap();
        assert_eq!(folder.records_from_cache(), 0);
        folder.cache_writer(&first).unwrap().write().unwrap();
        let (folder, second) = store::open_cached(&root, Some(&cache)).unwrap();
        assert_eq!(folder.records_from_cache(), 40);
        assert!(folder.cache_writer(&second).is_none(), "nothing to rewrite");
        assert!(first.records().eq(second.records()), "the same records");
        // Saving works from cached stamps: an edit is written, not a false conflict.
        let mut second = second;
        let mut folder = folder;
        let id = second.records().next().unwrap().id.clone();
        second
            .apply(folio::store::Edit::set(
                id,
                folio::model::Field::Title,
                folio::model::FieldValue::Text("Edited".into()),
            ))
            .unwrap();
        let report = folder.save(&mut second);
        assert!(report.conflicts.is_empty() && report.failed.is_empty());
    }

    /// A catalog of 40 records opened from its cache, with the first record's id.
    fn opened_from_cache(
        tmp: &Path,
    ) -> (store::CatalogFolder, store::Catalog, folio::model::RecordId) {
        let root = tmp.join("catalog");
        old_catalog(&root, 40);
        let cache = options(&tmp.join("cache"));
        let (folder, first) = store::open_cached(&root, Some(&cache)).unwrap();
        folder.cache_writer(&first).unwrap().write().unwrap();
        let (folder, catalog) = store::open_cached(&root, Some(&cache)).unwrap();
        assert_eq!(folder.records_from_cache(), 40);
        let id = catalog.records().next().unwrap().id.clone();
        (folder, catalog, id)
    }

    fn retitle(catalog: &mut store::Catalog, id: &folio::model::RecordId) {
        catalog
            .apply(folio::store::Edit::set(
                id.clone(),
                folio::model::Field::Title,
                folio::model::FieldValue::Text("Edited".into()),
            ))
            .unwrap();
    }

    #[test]
    fn texts_stay_in_the_cache_file_and_an_edited_record_is_saved_with_them() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut folder, mut catalog, id) = opened_from_cache(tmp.path());
        assert!(
            catalog.records().all(|r| !r.texts.in_memory()),
            "texts are left in the cache file"
        );
        let shown = catalog.get(&id).unwrap();
        assert!(!shown.texts.is_empty() && !shown.texts.all_blank());
        assert!(shown.texts[0].body.len() > 500, "read when wanted");
        let before = fs::read_to_string(folder.record_path(&id)).unwrap();
        retitle(&mut catalog, &id);
        let report = folder.save(&mut catalog);
        assert!(report.failed.is_empty() && report.conflicts.is_empty());
        let after = fs::read_to_string(folder.record_path(&id)).unwrap();
        let changed: Vec<(&str, &str)> = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(before.lines().count(), after.lines().count(), "{after}");
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(changed[0].1.contains("title: \"Edited\""), "{changed:?}");
    }

    #[test]
    fn texts_that_cannot_be_read_from_the_cache_are_never_saved_or_exported_as_none() {
        use std::io::{Seek, Write};
        let tmp = tempfile::tempdir().unwrap();
        let (mut folder, mut catalog, id) = opened_from_cache(tmp.path());
        // The cache damaged in place after the open (the records keep the file open).
        let cache_file = fs::read_dir(tmp.path().join("cache"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "cache"))
            .unwrap();
        let len = fs::metadata(&cache_file).unwrap().len();
        let mut file = fs::OpenOptions::new()
            .write(true)
            .open(&cache_file)
            .unwrap();
        file.seek(std::io::SeekFrom::Start(8)).unwrap();
        file.write_all(&vec![0xc1; (len / 2) as usize]).unwrap();
        drop(file);

        let path = folder.record_path(&id);
        let before = fs::read(&path).unwrap();
        retitle(&mut catalog, &id);
        let report = folder.save(&mut catalog);
        let (failed, error) = &report.failed[0];
        assert_eq!(failed, &id);
        let error = error.to_string();
        assert!(
            error.contains("records cache") && error.contains("left as it was"),
            "{error}"
        );
        assert_eq!(fs::read(&path).unwrap(), before, "the file is untouched");
        assert!(catalog.get(&id).unwrap().texts.read().is_err());
        assert!(!cache_file.exists(), "the damaged cache is removed");

        let record = catalog.get(&id).unwrap();
        let export = folio::export::export(
            folio::export::Format::Json,
            &[record],
            catalog.settings(),
            &Default::default(),
        );
        let error = export.unwrap_err().to_string();
        assert!(
            error.contains(id.as_str()) && error.contains("records cache"),
            "{error}"
        );
    }

    #[test]
    fn a_file_changed_on_disk_is_read_again_never_taken_from_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("catalog");
        old_catalog(&root, 30);
        let cache = options(&tmp.path().join("cache"));
        let (folder, catalog) = store::open_cached(&root, Some(&cache)).unwrap();
        folder.cache_writer(&catalog).unwrap().write().unwrap();

        // Same size, and the old modification time put back: only the change time and
        // the content differ.
        let path = root.join("records/syn-0000003.ron");
        let text = fs::read_to_string(&path).unwrap();
        let old_title = catalog.records().nth(3).unwrap().title.clone();
        let new_title: String = old_title
            .chars()
            .map(|c| if c == 'o' { '0' } else { c })
            .collect();
        assert_ne!(old_title, new_title);
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        fs::write(&path, text.replace(&old_title, &new_title)).unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        // One file deleted, one added.
        fs::remove_file(root.join("records/syn-0000004.ron")).unwrap();
        let mut extra = folio::model::Record::new(
            folio::model::RecordId::new("extra").unwrap(),
            "Added behind the app's back",
        );
        extra.summary = "x".into();
        fs::write(
            root.join("records/extra.ron"),
            folio::store::format::record_to_ron(&extra).unwrap(),
        )
        .unwrap();

        let (folder, reopened) = store::open_cached(&root, Some(&cache)).unwrap();
        assert_eq!(folder.records_from_cache(), 28);
        assert_eq!(reopened.len(), 30);
        let changed = reopened
            .get(&folio::model::RecordId::new("syn-0000003").unwrap())
            .unwrap();
        assert_eq!(changed.title, new_title);
        assert!(
            reopened
                .get(&folio::model::RecordId::new("syn-0000004").unwrap())
                .is_none()
        );
        assert!(
            folder.cache_writer(&reopened).is_some(),
            "the cache is refreshed"
        );
    }

    #[test]
    fn small_catalogs_are_not_cached() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("catalog");
        old_catalog(&root, 5);
        let cache = options(&tmp.path().join("cache"));
        let (folder, catalog) = store::open_cached(&root, Some(&cache)).unwrap();
        assert!(folder.cache_writer(&catalog).is_none());
    }
}

#[test]
fn leftover_temporary_files_are_never_records_and_old_ones_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    folio::synth::write_catalog(&dir, 3, 1).unwrap();
    let records = dir.join("records");
    // What a save killed before its rename leaves: a whole or partial record.
    let old = records.join(".folio-AbC123.tmp");
    std::fs::write(&old, "(\n    id: \"syn-0000001\",\n    title: \"half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    let recent = records.join(".folio-XyZ789.tmp");
    std::fs::write(&recent, "(id: \"intruder\", title: \"x\")\n").unwrap();
    let (folder, catalog) = folio::store::open(&dir).unwrap();
    assert_eq!(catalog.len(), 3);
    assert!(folder.load_errors().is_empty());
    let mut found = folder.leftover_temp_files().to_vec();
    found.sort();
    assert_eq!(found, vec![(old.clone(), true), (recent.clone(), false)]);
    assert!(!old.exists(), "the old one is removed");
    assert!(
        recent.exists(),
        "a recent one may belong to a save still running"
    );
}
