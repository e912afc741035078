//! The search index saved in the cache folder: reopening uses it and re-indexes only
//! what changed on disk; a damaged or foreign index is ignored; `folio search` answers
//! from it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use folio::search::persist::Refreshed;
use folio::search::{Origin, SortColumn};
use folio::session::{Session, SessionOptions};
use folio::store::cache::CacheOptions;

use crate::support::{code, retitle_on_disk, sample_copy, stderr, stdout};

const EDITED: &str = "wcda-300638";

fn options(cache: &Path) -> SessionOptions {
    SessionOptions {
        cache: Some(CacheOptions {
            dir: cache.to_owned(),
            min_records: 0,
        }),
        journal: None,
        index: true,
    }
}

/// Opens the catalog, waits for its index, and says where the index came from.
fn open(dir: &Path, cache: &Path) -> (Session, Origin) {
    let mut session = Session::open(dir, &options(cache)).unwrap();
    let start = std::time::Instant::now();
    while !session.index_ready() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "index never ready"
        );
        session.refresh();
        std::thread::sleep(Duration::from_millis(2));
    }
    let origin = session.index_origin().unwrap();
    (session, origin)
}

fn found(session: &mut Session, query: &str) -> Vec<String> {
    session.set_search(query);
    session.sort_by(SortColumn::Id);
    session.refresh();
    session.view().ids.iter().map(|i| i.to_string()).collect()
}

/// Files modified this close to the index being written are never trusted (see the
/// records cache): the catalog's files are dated an hour back, as files are that no
/// one is editing.
fn age(path: &Path) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(hour_ago).unwrap();
}

fn aged_sample() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, dir) = sample_copy();
    for entry in fs::read_dir(dir.join("records")).unwrap() {
        age(&entry.unwrap().path());
    }
    let cache = tmp.path().join("cache");
    (tmp, dir, cache)
}

fn index_file(dir: &Path, cache: &Path) -> PathBuf {
    CacheOptions {
        dir: cache.to_owned(),
        min_records: 0,
    }
    .index_file_for(dir)
}

#[test]
fn a_record_edited_outside_between_two_opens_is_found_by_its_new_words_only() {
    let (_tmp, dir, cache) = aged_sample();
    let (mut first, origin) = open(&dir, &cache);
    assert_eq!(origin, Origin::Built);
    let old_title = first
        .catalog()
        .records()
        .find(|r| r.id.as_str() == EDITED)
        .unwrap()
        .title
        .clone();
    let by_old_title = format!("title:\"{old_title}\"");
    assert_eq!(found(&mut first, &by_old_title), [EDITED]);
    let every_record = found(&mut first, "");
    drop(first);
    assert!(index_file(&dir, &cache).is_file(), "the index is saved");

    // Unchanged: the saved index is used as it is.
    let (second, origin) = open(&dir, &cache);
    assert_eq!(origin, Origin::Saved(Refreshed::default()));
    drop(second);

    // Edited outside Folio (and dated back, so that only its other times differ),
    // and another record deleted.
    let path = retitle_on_disk(&dir, EDITED, "Quokka sighting near the embassy");
    age(&path);
    let deleted = every_record.iter().find(|id| *id != EDITED).unwrap();
    fs::remove_file(dir.join("records").join(format!("{deleted}.ron"))).unwrap();

    let (mut third, origin) = open(&dir, &cache);
    assert_eq!(
        origin,
        Origin::Saved(Refreshed {
            reindexed: 1,
            dropped: 1
        })
    );
    assert_eq!(found(&mut third, "quokka"), [EDITED]);
    assert_eq!(found(&mut third, "title:sighting"), [EDITED]);
    assert!(found(&mut third, &by_old_title).is_empty(), "old words");
    let now: Vec<String> = found(&mut third, "");
    assert_eq!(now.len(), every_record.len() - 1);
    assert!(!now.contains(deleted));
    drop(third);

    // So few changes are not worth rewriting the index: the next open does the same.
    let (mut fourth, origin) = open(&dir, &cache);
    assert_eq!(
        origin,
        Origin::Saved(Refreshed {
            reindexed: 1,
            dropped: 1
        })
    );
    assert_eq!(found(&mut fourth, "quokka"), [EDITED]);
}

#[test]
fn a_truncated_or_damaged_index_is_ignored_and_rebuilt() {
    let (_tmp, dir, cache) = aged_sample();
    let (mut first, _) = open(&dir, &cache);
    let expected = found(&mut first, "kim");
    assert!(!expected.is_empty());
    drop(first);
    let path = index_file(&dir, &cache);
    let whole = fs::read(&path).unwrap();
    for damaged in [
        whole[..whole.len() / 2].to_vec(),
        whole[..whole.len() - 1].to_vec(),
        {
            // A length in the middle made huge: never an allocation of that size.
            let mut bytes = whole.clone();
            bytes[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
            bytes
        },
    ] {
        fs::write(&path, &damaged).unwrap();
        let (mut session, origin) = open(&dir, &cache);
        assert_eq!(origin, Origin::Built);
        assert_eq!(found(&mut session, "kim"), expected);
    }
}

#[test]
fn an_index_from_another_version_is_ignored() {
    let (_tmp, dir, cache) = aged_sample();
    drop(open(&dir, &cache));
    let path = index_file(&dir, &cache);
    let mut bytes = fs::read(&path).unwrap();
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let at = bytes
        .windows(version.len())
        .position(|w| w == version)
        .expect("the version is in the file");
    // Another version of the same length ("0.1.0" → "9.1.0").
    bytes[at] = if bytes[at] == b'9' { b'8' } else { b'9' };
    fs::write(&path, &bytes).unwrap();
    let (mut session, origin) = open(&dir, &cache);
    assert_eq!(origin, Origin::Built);
    assert!(!found(&mut session, "kim").is_empty());
}

fn folio_search(dir: &Path, cache: &Path, query: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["search", dir.to_str().unwrap(), query, "--sort", "id"])
        .env("FOLIO_CACHE_DIR", cache)
        .output()
        .unwrap()
}

#[test]
fn folio_search_answers_from_the_saved_index_and_sees_files_changed_since() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    let cache = tmp.path().join("cache");
    // Catalogs are cached from 2,000 records.
    folio::synth::write_catalog(&dir, 2_000, 7).unwrap();
    for entry in fs::read_dir(dir.join("records")).unwrap() {
        age(&entry.unwrap().path());
    }
    let first = folio_search(&dir, &cache, "embassy");
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert!(
        index_file(&dir, &cache).is_file(),
        "saved by the first search"
    );
    let before = stdout(&first);
    assert!(before.lines().count() > 10, "{before}");

    // The saved index answers the same.
    let again = folio_search(&dir, &cache, "embassy");
    assert_eq!(stdout(&again), before);

    // A record retitled outside Folio, another deleted, one unreadable.
    retitle_on_disk(&dir, "syn-0000005", "Wombat census");
    fs::remove_file(dir.join("records/syn-0000006.ron")).unwrap();
    fs::write(
        dir.join("records/syn-0000007.ron"),
        "(id: \"syn-0000007\", title: ",
    )
    .unwrap();
    // And one a git merge left with markers: neither of its sides is the record.
    let merged = dir.join("records/syn-0000008.ron");
    let text = fs::read_to_string(&merged).unwrap();
    let title = text.lines().find(|l| l.starts_with("    title: ")).unwrap();
    fs::write(
        &merged,
        text.replace(
            title,
            "<<<<<<< ours\n    title: \"Wombat sighting\",\n=======\n    title: \"Kangaroo sighting\",\n>>>>>>> theirs",
        ),
    )
    .unwrap();
    let wombat = folio_search(&dir, &cache, "wombat");
    assert_eq!(
        stdout(&wombat).lines().next().unwrap().split('\t').next(),
        Some("syn-0000005")
    );
    assert_eq!(stdout(&wombat).lines().count(), 1);
    assert_eq!(code(&wombat), 1, "a file not read is a problem");
    assert!(
        stderr(&wombat).contains("syn-0000007.ron:1:"),
        "{}",
        stderr(&wombat)
    );
    assert!(
        stderr(&wombat)
            .contains("syn-0000008.ron:3:1: a git merge stopped here: 1 field changed on both branches (title)"),
        "{}",
        stderr(&wombat)
    );
    let all = folio_search(&dir, &cache, "");
    let all = stdout(&all);
    let ids: Vec<&str> = all.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert!(!ids.contains(&"syn-0000006"), "deleted");
    assert!(!ids.contains(&"syn-0000007"), "unreadable");
    assert!(!ids.contains(&"syn-0000008"), "an unfinished merge");
    assert_eq!(ids.len(), 1_997);

    // A few changed files are read again at each search; hundreds are worth writing
    // the index again for, once.
    let modified = |path: &Path| fs::metadata(path).unwrap().modified().unwrap();
    let index = index_file(&dir, &cache);
    let before = modified(&index);
    folio_search(&dir, &cache, "wombat");
    assert_eq!(modified(&index), before, "four changes: not rewritten");
    for i in 1_000..1_300 {
        let id = format!("syn-{i:07}");
        age(&retitle_on_disk(&dir, &id, &format!("Platypus report {i}")));
    }
    let platypus = folio_search(&dir, &cache, "platypus");
    assert_eq!(stdout(&platypus).lines().count(), 300);
    let rewritten = modified(&index);
    assert_ne!(rewritten, before, "300 changes: rewritten");
    assert_eq!(
        stdout(&folio_search(&dir, &cache, "platypus")),
        stdout(&platypus)
    );
    assert_eq!(modified(&index), rewritten, "nothing changed since");
}

fn folio_cache(dir: &Path, cache: &Path, clear: bool) -> std::process::Output {
    let mut args = vec!["cache", dir.to_str().unwrap()];
    if clear {
        args.push("--clear");
    }
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(&args)
        .env("FOLIO_CACHE_DIR", cache)
        .output()
        .unwrap()
}

#[test]
fn folio_cache_says_what_the_cache_holds_against_the_records_and_clears_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    let cache = tmp.path().join("cache");
    folio::synth::write_catalog(&dir, 2_000, 7).unwrap();
    let out = folio_cache(&dir, &cache, false);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Nothing cached for"),
        "{}",
        stdout(&out)
    );
    // A search writes the records cache and the saved index.
    assert_eq!(code(&folio_search(&dir, &cache, "embassy")), 0);
    let out = folio_cache(&dir, &cache, false);
    let said = stdout(&out);
    assert!(said.starts_with("Cache of "), "{said}");
    assert!(
        said.contains("records cache") && said.contains("search index"),
        "{said}"
    );
    assert!(said.contains("The catalog's record files: "), "{said}");
    let held = CacheOptions {
        dir: cache.clone(),
        min_records: 0,
    }
    .usage(&dir)
    .unwrap()
    .total();
    assert!(held > 0);
    let out = folio_cache(&dir, &cache, true);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(&format!("Cleared {}", folio::words::size(held))),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&folio_cache(&dir, &cache, false)).starts_with("Nothing cached"));
    // Nothing was lost: the search answers the same, and writes the cache again.
    let again = folio_search(&dir, &cache, "embassy");
    assert_eq!(code(&again), 0);
    assert!(stdout(&folio_cache(&dir, &cache, false)).starts_with("Cache of "));
}
