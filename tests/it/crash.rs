//! Crash safety, proven by killing the real `folio` binary (SIGKILL) at random moments
//! while it saves, then checking the catalog after every kill: it opens without errors,
//! every record file is its old or its new version byte for byte, and no temporary
//! file is taken for a record.
//!
//! A change to many records (`folio edit`, a JSON or CSV import) is all or nothing:
//! after each kill, every record holds the whole change or none does, as read by a
//! command, and again once the next writer has completed (or found nothing to
//! complete of) the interrupted save.
//!
//! `FOLIO_KILLS=500 cargo test --release --test it crash:: -- --nocapture` runs a long campaign: 500
//! runs of `folio set` killed mid-run (`FOLIO_KILL_SEED` picks the first seed), and as
//! many of each many-record change; the default is a short run.
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use folio::model::{Field, FieldValue, Record};
use folio::store::{self, format};

fn kills() -> u64 {
    std::env::var("FOLIO_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

fn first_seed() -> u64 {
    std::env::var("FOLIO_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// Every record file's bytes, by file name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir.join("records"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".ron"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir.join("records"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(store::folder::TEMP_PREFIX))
        })
        .collect()
}

fn folio(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .args(args)
        .env(
            "FOLIO_CACHE_DIR",
            std::env::temp_dir().join("folio-crash-cache"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Runs the command, kills it after `delay` if it is still running; true if killed.
fn run_and_kill(mut command: Command, delay: Duration) -> bool {
    let mut child = command.spawn().unwrap();
    let start = Instant::now();
    while start.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    killed
}

/// How long the command takes when left alone (to spread the kills over its run):
/// the median of five runs.
fn duration_of(make: impl Fn() -> Command) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let status = make().status().unwrap();
            assert!(status.success());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[2]
}

/// After a kill: the catalog opens cleanly, and each record file is either exactly
/// as before or a whole new version that `accept_new` recognizes.
fn check_after_kill(
    dir: &Path,
    before: &BTreeMap<String, Vec<u8>>,
    accept_new: &dyn Fn(&Record, &Record) -> bool,
    seed: u64,
) -> BTreeMap<String, Vec<u8>> {
    let catalog = opened(dir, seed);
    assert_eq!(
        catalog.len(),
        before.len(),
        "seed {seed}: a record was lost or added"
    );
    let after = files(dir);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "seed {seed}: the record files changed"
    );
    for (name, bytes) in &after {
        let old = &before[name];
        if bytes == old {
            continue;
        }
        let old_record = format::record_from_ron(std::str::from_utf8(old).unwrap()).unwrap();
        let text = std::str::from_utf8(bytes)
            .unwrap_or_else(|_| panic!("seed {seed}: {name} is not text: a torn write"));
        let new_record = format::record_from_ron(text)
            .unwrap_or_else(|e| panic!("seed {seed}: {name} is torn: {e}"));
        assert!(
            accept_new(&old_record, &new_record),
            "seed {seed}: {name} is neither the old nor the new version"
        );
        assert_eq!(
            bytes,
            format::record_to_ron(&new_record).unwrap().as_bytes(),
            "seed {seed}: {name} is not a whole file Folio wrote"
        );
    }
    // Temporary files of an interrupted save are never loaded as records (the count
    // above), and are left for the next open to clean.
    for temp in temp_files(dir) {
        let name = temp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.ends_with(".tmp"),
            "seed {seed}: unexpected file {name}"
        );
    }
    after
}

#[test]
fn killing_folio_set_never_tears_a_record() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    folio::synth::write_catalog(&dir, 40, 3).unwrap();
    let d = dir.to_str().unwrap().to_owned();
    let typical = duration_of(|| folio(&["set", &d, "syn-0000001", "title", "Warm-up title"]));
    let mut before = files(&dir);
    let mut killed = 0;
    let mut runs = 0;
    // Runs until `kills()` of them were killed mid-run (some finish before their
    // kill), with a bound on the runs.
    let first = first_seed();
    let mut seed = first;
    while (killed as u64) < kills() && seed < first + kills() * 6 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let id = format!("syn-{:07}", rng.usize(0..40));
        let title = format!("Title written by kill run {seed}");
        // Spread the kills over the run of the command, weighted towards its end,
        // where it writes (the start is spent starting the process and reading).
        let delay = typical.mul_f64(0.1 + 0.85 * rng.f64().sqrt());
        killed += usize::from(run_and_kill(
            folio(&["set", &d, &id, "title", &title]),
            delay,
        ));
        runs += 1;
        let accept = |old: &Record, new: &Record| {
            let mut expected = old.clone();
            let _ = Field::Title.set(&mut expected, FieldValue::Text(title.clone()));
            &expected == new
        };
        before = check_after_kill(&dir, &before, &accept, seed);
        seed += 1;
    }
    println!(
        "{runs} runs of `folio set` (seeds {first}..{seed}), {killed} killed mid-run and checked; typical run {typical:?}"
    );
    assert!(
        killed > 0,
        "no run was interrupted: the test proved nothing"
    );
}

#[test]
fn killing_a_bulk_rewrite_leaves_each_file_old_or_new() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    let d = dir.to_str().unwrap().to_owned();
    // `folio fmt` rewrites every file that is not in canonical form, one by one: a
    // long bulk write to interrupt.
    let spoil = |dir: &Path| {
        for (name, bytes) in files(dir) {
            let text = String::from_utf8(bytes).unwrap();
            fs::write(
                dir.join("records").join(name),
                text.replace("\n    ", "\n\t"),
            )
            .unwrap();
        }
    };
    folio::synth::write_catalog(&dir, 120, 4).unwrap();
    spoil(&dir);
    let typical = duration_of(|| {
        spoil(&dir);
        folio(&["fmt", &d])
    });
    let mut killed = 0;
    let mut runs = 0;
    // Until a third as many kills as for `set` (at least 4) landed mid-run.
    let wanted = (kills() / 3).max(4) as usize;
    let first = first_seed();
    let mut seed = first;
    while killed < wanted && seed < first + wanted as u64 * 8 {
        spoil(&dir);
        let before = files(&dir);
        let mut rng = fastrand::Rng::with_seed(seed);
        let delay = typical.mul_f64(0.1 + 0.8 * rng.f64());
        killed += usize::from(run_and_kill(folio(&["fmt", &d]), delay));
        runs += 1;
        // A rewritten file holds the same record in canonical form.
        check_after_kill(&dir, &before, &|old, new| old == new, seed);
        seed += 1;
    }
    println!("{runs} runs of `folio fmt` on 120 files, {killed} killed mid-run");
    assert!(
        killed > 0,
        "no run was interrupted: the test proved nothing"
    );
}

/// The records of the catalog at `dir` as read now, and the ids the files hold.
fn opened(dir: &Path, seed: u64) -> store::Catalog {
    loaded(store::open(dir), seed)
}

/// The catalog of an open, which must succeed with every file loaded.
fn loaded(
    opened: Result<(store::CatalogFolder, store::Catalog), store::StoreError>,
    seed: u64,
) -> store::Catalog {
    let (folder, catalog) =
        opened.unwrap_or_else(|e| panic!("seed {seed}: the catalog does not open: {e}"));
    assert!(
        folder.load_errors().is_empty(),
        "seed {seed}: {:?}",
        folder.load_errors()
    );
    catalog
}

/// Exactly one of `old` and `new` is a record, and every link to it names that one.
fn one_record_and_its_links(catalog: &store::Catalog, old: &str, new: &str, seed: u64) -> String {
    let ids = [old, new].map(|s| folio::model::RecordId::new(s).unwrap());
    let present: Vec<_> = ids.iter().filter(|id| catalog.contains(id)).collect();
    assert_eq!(
        present.len(),
        1,
        "seed {seed}: {present:?} of {old} and {new}"
    );
    let here = present[0].clone();
    let gone = ids.iter().find(|id| **id != here).unwrap();
    for record in catalog.records() {
        assert!(
            !record.related.contains(gone),
            "seed {seed}: {} still links to {gone}",
            record.id
        );
    }
    let linking = catalog
        .records()
        .filter(|r| r.related.contains(&here))
        .count();
    assert_eq!(linking, 6, "seed {seed}: links to {here} were lost");
    here.to_string()
}

#[test]
fn killing_a_rename_leaves_one_record_and_consistent_links() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    folio::synth::write_catalog(&dir, 12, 9).unwrap();
    // Six records link to the one renamed over and over.
    {
        let (mut folder, mut catalog) = store::open(&dir).unwrap();
        for i in 1..=6 {
            let id = folio::model::RecordId::new(format!("syn-{i:07}")).unwrap();
            let target = folio::model::RecordId::new("syn-0000000").unwrap();
            catalog
                .apply(store::Edit::set(
                    id,
                    Field::Related,
                    FieldValue::Related(vec![target]),
                ))
                .unwrap();
        }
        assert!(folder.save(&mut catalog).is_complete());
    }
    let d = dir.to_str().unwrap().to_owned();
    let mut current = "syn-0000000".to_owned();
    let typical = {
        let warm = "warm-up".to_owned();
        let time = duration_of(|| {
            // Back and forth, so that every timed run renames.
            let (from, to) =
                if opened(&dir, 0).contains(&folio::model::RecordId::new(&warm).unwrap()) {
                    (warm.as_str(), current.as_str())
                } else {
                    (current.as_str(), warm.as_str())
                };
            folio(&["set", &d, from, "id", to])
        });
        let catalog = opened(&dir, 0);
        current = one_record_and_its_links(&catalog, &current, &warm, 0);
        time
    };
    let (mut killed, mut runs, mut halfway) = (0u64, 0, 0);
    let first = first_seed();
    let mut seed = first;
    while killed < kills() && seed < first + kills() * 6 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let new = format!("renamed-{seed}");
        let delay = typical.mul_f64(0.1 + 0.85 * rng.f64().sqrt());
        killed += u64::from(run_and_kill(
            folio(&["set", &d, &current, "id", &new]),
            delay,
        ));
        runs += 1;
        // Read as any command reads it: one record, links to it alone.
        let catalog = opened(&dir, seed);
        assert_eq!(
            catalog.len(),
            12,
            "seed {seed}: a record was lost or doubled"
        );
        let here = one_record_and_its_links(&catalog, &current, &new, seed);
        let on_disk = files(&dir);
        if on_disk.contains_key(&format!("{current}.ron"))
            && on_disk.contains_key(&format!("{new}.ron"))
        {
            halfway += 1;
        }
        // Opened for writing, the interrupted rename is finished on disk too.
        drop(store::open_locked(&dir, None, "the test", Duration::ZERO).unwrap());
        let names: Vec<String> = files(&dir).into_keys().collect();
        assert_eq!(names.len(), 12, "seed {seed}: {names:?}");
        assert!(
            !names.contains(&format!(
                "{}.ron",
                if here == new { &current } else { &new }
            )),
            "seed {seed}: both files are on disk: {names:?}"
        );
        assert!(
            !dir.join("records")
                .join(store::intent::INTENT_FILE)
                .exists(),
            "seed {seed}: the intent outlived its repair"
        );
        for (name, bytes) in files(&dir) {
            let text = String::from_utf8(bytes).unwrap();
            let record = format::record_from_ron(&text)
                .unwrap_or_else(|e| panic!("seed {seed}: {name}: {e}"));
            assert_eq!(
                format::record_to_ron(&record).unwrap(),
                text,
                "seed {seed}: {name} is torn"
            );
        }
        one_record_and_its_links(&opened(&dir, seed), &current, &new, seed);
        current = here;
        seed += 1;
    }
    println!(
        "{runs} runs of `folio set … id` (seeds {first}..{seed}), {killed} killed mid-rename and checked, {halfway} of them with both files on disk (completed by the next open); typical run {typical:?}"
    );
    assert!(
        killed > 0,
        "no rename was interrupted: the test proved nothing"
    );
}

/// How many records of an opened catalog hold `notes`; it must have opened with
/// no error and hold `total` records.
fn holding(
    opened: Result<(store::CatalogFolder, store::Catalog), store::StoreError>,
    notes: &str,
    total: usize,
    seed: u64,
) -> usize {
    let catalog = loaded(opened, seed);
    assert_eq!(
        catalog.len(),
        total,
        "seed {seed}: a record was lost or added"
    );
    catalog.records().filter(|r| r.notes == notes).count()
}

/// After a killed change that sets every record's notes to `notes`: all records hold
/// it or none, as a reader sees the catalog and as the next writer leaves it; every
/// file is whole, no intent is left, and `folio validate` finds nothing wrong.
/// Returns whether the change was applied, and whether the kill left an intent for
/// the next writer to complete.
fn check_all_or_nothing(dir: &Path, notes: &str, total: usize, seed: u64) -> (bool, bool) {
    let intent = dir
        .join("records")
        .join(store::intent::INTENT_FILE)
        .exists();
    let read = holding(store::open(dir), notes, total, seed);
    assert!(
        read == 0 || read == total,
        "seed {seed}: {read} of {total} records hold the change, as a command reads them"
    );
    let locked = store::open_locked(dir, None, "the test", Duration::ZERO);
    let written = holding(locked, notes, total, seed);
    assert_eq!(
        written, read,
        "seed {seed}: completing changed what readers saw"
    );
    assert!(
        !dir.join("records")
            .join(store::intent::INTENT_FILE)
            .exists(),
        "seed {seed}: the intent outlived its completion"
    );
    for (name, bytes) in files(dir) {
        let text = String::from_utf8(bytes).unwrap();
        let record =
            format::record_from_ron(&text).unwrap_or_else(|e| panic!("seed {seed}: {name}: {e}"));
        assert_eq!(
            format::record_to_ron(&record).unwrap(),
            text,
            "seed {seed}: {name} is torn"
        );
    }
    let validate = folio(&["validate", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        validate.status.success(),
        "seed {seed}: folio validate: {}",
        String::from_utf8_lossy(&validate.stdout)
    );
    (read == total, intent)
}

/// Kills a many-record change (made by `run` for a seed, after `prepare`) at random
/// moments until `kills()` runs were killed mid-run, checking all or nothing after
/// each; prints the counts.
fn kill_many_record_change(
    what: &str,
    records: usize,
    prepare: impl Fn(&Path, &str),
    run: impl Fn(&Path, &str) -> Command,
) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    folio::synth::write_catalog(&dir, records, 11).unwrap();
    let typical = duration_of(|| {
        let notes = format!("Warm-up {}", fastrand::u64(..));
        prepare(&dir, &notes);
        run(&dir, &notes)
    });
    let (mut killed, mut runs, mut applied, mut completed) = (0u64, 0u64, 0u64, 0u64);
    let first = first_seed();
    let mut seed = first;
    while killed < kills() && seed < first + kills() * 6 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let notes = format!("Change of kill run {seed}");
        prepare(&dir, &notes);
        let delay = typical.mul_f64(0.1 + 0.9 * rng.f64().sqrt());
        let was_killed = run_and_kill(run(&dir, &notes), delay);
        killed += u64::from(was_killed);
        runs += 1;
        let (whole, intent) = check_all_or_nothing(&dir, &notes, records, seed);
        applied += u64::from(was_killed && whole);
        completed += u64::from(was_killed && intent);
        seed += 1;
    }
    println!(
        "{runs} runs of {what} over {records} records (seeds {first}..{seed}), {killed} killed mid-run and checked: {applied} of those whole ({completed} completed by the next writer from the intent the kill left), {} untouched; typical run {typical:?}",
        killed - applied
    );
    assert!(
        killed > 0,
        "no run was interrupted: the test proved nothing"
    );
}

#[test]
fn killing_folio_edit_applies_the_whole_change_or_none() {
    kill_many_record_change(
        "`folio edit --all --set notes=…`",
        200,
        |_, _| {},
        |dir, notes| {
            folio(&[
                "edit",
                dir.to_str().unwrap(),
                "--all",
                "--set",
                &format!("notes={notes}"),
            ])
        },
    );
}

#[test]
fn killing_a_json_import_applies_the_whole_file_or_none() {
    let json = |dir: &Path| dir.parent().unwrap().join("export.json");
    kill_many_record_change(
        "`folio import` of a JSON export",
        200,
        |dir, notes| {
            // Exported now (so that no record is stale), every record's notes changed.
            let d = dir.to_str().unwrap();
            let out = json(dir);
            let status = folio(&[
                "export",
                d,
                "--format",
                "json",
                "-o",
                out.to_str().unwrap(),
                "--force",
            ])
            .status()
            .unwrap();
            assert!(status.success());
            let mut records: Vec<serde_json::Value> =
                serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
            for record in &mut records {
                record["notes"] = serde_json::Value::String(notes.to_owned());
            }
            fs::write(&out, serde_json::to_vec(&records).unwrap()).unwrap();
        },
        |dir, _| {
            folio(&[
                "import",
                dir.to_str().unwrap(),
                json(dir).to_str().unwrap(),
                "--update",
            ])
        },
    );
}

#[test]
fn killing_a_csv_import_applies_the_whole_file_or_none() {
    let csv = |dir: &Path| dir.parent().unwrap().join("notes.csv");
    kill_many_record_change(
        "`folio import` of a CSV file",
        200,
        |dir, notes| {
            let mut text = String::from("id,notes\n");
            for i in 0..200 {
                text.push_str(&format!("syn-{i:07},{notes}\n"));
            }
            fs::write(csv(dir), text).unwrap();
        },
        |dir, _| folio(&["import", dir.to_str().unwrap(), csv(dir).to_str().unwrap()]),
    );
}
