//! CPU time per frame of the desktop app on a synthetic 100,000-record catalog,
//! headless (no GPU, no window): idle, scrolling, selecting, typing a search, and idle
//! with every record selected.
//!
//! Run with `cargo bench --bench ui_frames`. Each figure is the time of one frame
//! (`Harness::step`), which is what the UI thread spends per displayed frame.
//!
//! `cargo bench --bench ui_frames -- opening` times instead the opening of the
//! catalog with warm caches, as the desktop app opens it (on another thread, the
//! window drawing meanwhile): until the list is on screen, and until the catalog is
//! open with its index ready (editing, filters). Medians of `FOLIO_SCALE_RUNS` (5)
//! after one untimed open; `FOLIO_SCALE=1000000` for a million records. The caches
//! are those of the scale benchmark (`target/bench-scale-cache/folio`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use folio::ui::{FolioApp, Prefs};

const SEED: u64 = 42;
const RECORDS: usize = 100_000;

fn corpus() -> PathBuf {
    folio::synth::bench_corpus(RECORDS, SEED).unwrap()
}

fn harness() -> Harness<'static, FolioApp> {
    let app = FolioApp::new(Some(&corpus()), Prefs::default());
    let mut harness = Harness::builder()
        .with_size([1440.0, 900.0])
        .with_max_steps(20)
        .build_ui_state(|ui, app: &mut FolioApp| app.frame(ui), app);
    harness.run_steps(3);
    // Measure the app as it is once the search index is built (seconds after opening).
    while harness
        .state()
        .session()
        .is_some_and(|s| s.index_progress().is_some())
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.step();
    }
    harness.run_steps(3);
    harness
}

/// The app on the catalog at `root`, showing `tab`, a few frames in.
fn harness_on(root: &std::path::Path, tab: folio::ui::prefs::Tab) -> Harness<'static, FolioApp> {
    let mut prefs = Prefs::default();
    // Not set up for merges: the offer would cover the window.
    prefs.git_setup_declined.insert(root.to_owned());
    prefs.tab = tab;
    let app = FolioApp::new(Some(root), prefs);
    let mut harness = Harness::builder()
        .with_size([1440.0, 900.0])
        .with_max_steps(20)
        .build_ui_state(|ui, app: &mut FolioApp| app.frame(ui), app);
    harness.run_steps(3);
    harness
}

fn main() {
    if std::env::args().any(|a| a == "opening") {
        opening();
        return;
    }
    corpus();
    divan::main();
}

/// See the module's documentation.
fn opening() {
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let records = env("FOLIO_SCALE", RECORDS);
    let runs = env("FOLIO_SCALE_RUNS", 5);
    let root = folio::synth::bench_corpus(records, SEED).unwrap();
    let options = folio::session::SessionOptions {
        cache: Some(folio::store::cache::CacheOptions {
            dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-scale-cache/folio"),
            min_records: 2_000,
        }),
        journal: None,
        index: true,
    };
    let mut listed = Vec::new();
    let mut open = Vec::new();
    for run in 0..=runs {
        let mut app = FolioApp::with_options(None, Prefs::default(), options.clone());
        app.open_in_background();
        let mut harness = Harness::builder()
            .with_size([1440.0, 900.0])
            .build_ui_state(|ui, app: &mut FolioApp| app.frame(ui), app);
        harness.step();
        let started = std::time::Instant::now();
        harness.state_mut().open_catalog(&root);
        let mut list = None;
        loop {
            harness.step();
            let app = harness.state();
            if list.is_none() && (app.preview().is_some() || app.session().is_some()) {
                list = Some(started.elapsed());
            }
            if app.session().is_some_and(|s| s.index_progress().is_none()) {
                break;
            }
            // A window at rest draws when something changes; the app asks for a
            // frame every 100 ms while a catalog opens.
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let whole = started.elapsed();
        assert_eq!(harness.state().session().unwrap().catalog().len(), records);
        if run > 0 {
            listed.push(list.unwrap().as_secs_f64());
            open.push(whole.as_secs_f64());
        }
        eprintln!(
            "run {run}: list {:.2} s, open {:.2} s",
            list.unwrap().as_secs_f64(),
            whole.as_secs_f64()
        );
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "opening {records} records (median of {runs}): list on screen {:.2} s, open with its index {:.2} s",
        median(&mut listed),
        median(&mut open)
    );
}

/// A frame with nothing happening.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn idle(bencher: divan::Bencher) {
    let mut harness = harness();
    bencher.bench_local(|| harness.step());
}

/// A frame while scrolling the list with the mouse wheel.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn scrolling(bencher: divan::Bencher) {
    let mut harness = harness();
    harness.hover_at(egui::pos2(600.0, 400.0));
    bencher.bench_local(|| {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -8.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.step();
    });
}

/// A frame after pressing the down arrow (the next record is selected and shown).
#[divan::bench(sample_count = 50, sample_size = 1)]
fn selecting(bencher: divan::Bencher) {
    let mut harness = harness();
    bencher.bench_local(|| {
        harness.key_press(egui::Key::ArrowDown);
        harness.step();
    });
}

/// A frame after typing one character into the search box (the index answers, the
/// list and the facets follow).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn typing_a_search(bencher: divan::Bencher) {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .focus();
    harness.step();
    let letters = ['k', 'i', 'm', ' ', 'c', 'o', 'n', 'f', 'e', 'r'];
    let mut i = 0;
    bencher.bench_local(|| {
        let letter = letters[i % letters.len()];
        i += 1;
        if letter == 'k' {
            harness.state_mut().search_for("");
        }
        harness
            .get_by_role_and_label(Role::TextInput, "Search")
            .type_text(&letter.to_string());
        harness.step();
    });
}

/// A frame with every record selected (the pane shows what the 100,000 share,
/// computed once when the selection changed, not per frame).
#[divan::bench(sample_count = 50, sample_size = 1)]
fn idle_with_everything_selected(bencher: divan::Bencher) {
    let mut harness = harness();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(3);
    assert_eq!(
        harness.state().session().unwrap().selection().len(),
        RECORDS
    );
    bencher.bench_local(|| harness.step());
}

/// A frame of the History tab showing a record changed in 500 of 1,000 commits
/// (in a repository of 10,000 records), once the history is read.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn history_tab(bencher: divan::Bencher) {
    let root = folio::synth::history_repository(10_000, 1_000, SEED)
        .unwrap()
        .join("catalog");
    let mut harness = harness_on(&root, folio::ui::prefs::Tab::History);
    harness.state_mut().search_for("id:syn-0000000-renamed");
    harness.run_steps(3);
    harness.key_press(egui::Key::ArrowDown);
    while !matches!(
        harness.state().vcs().history,
        folio::ui::app::vcs::HistoryState::Ready(_)
    ) {
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.step();
    }
    harness.run_steps(3);
    assert!(harness.query_by_label("Correction 998").is_some());
    bencher.bench_local(|| harness.step());
}

/// A frame while dragging the scan of the sample's seven-page PDF, zoomed in, in
/// the Document tab (the page drawn from its texture; nothing rendered again).
#[divan::bench(sample_count = 50, sample_size = 1)]
fn scan_panning(bencher: divan::Bencher) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_catalog");
    let mut harness = harness_on(&root, folio::ui::prefs::Tab::Document);
    harness.state_mut().search_for("id:wcda-300653");
    harness.run_steps(3);
    harness.key_press(egui::Key::ArrowDown);
    while !harness.state().scan_view().page_ready() {
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.get_by_label("+").click();
    harness.get_by_label("+").click();
    harness.run_steps(3);
    let center = harness.get_by_label("Scan").rect().center();
    harness.drag_at(center);
    harness.step();
    let mut dx = 1.0;
    bencher.bench_local(|| {
        dx = -dx;
        harness.hover_at(center + egui::vec2(dx * 20.0, 10.0));
        harness.step();
    });
}

/// From selecting a record whose attachment is a 300-page scanned PDF (104 MB) to
/// its first page drawn from a texture: the viewer's thread opens and renders it,
/// the UI thread uploads and draws it (the PDF is made by `cargo bench --bench scan`).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn scan_first_page_of_a_300_page_pdf(bencher: divan::Bencher) {
    let pdf =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-scans/scanned-300-pages.pdf");
    if !pdf.exists() {
        eprintln!(
            "skipped: run `cargo bench --bench scan` first (it makes {})",
            pdf.display()
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("catalog");
    let status = std::process::Command::new("cp")
        .args(["-r"])
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_catalog"))
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success());
    let mut session =
        folio::session::Session::open(&root, &folio::session::SessionOptions::command_line())
            .unwrap();
    let id: folio::model::RecordId = "wcda-300638".parse().unwrap();
    session.attach(&id, &[pdf]).unwrap();
    session.save().unwrap();
    drop(session);
    bencher
        .with_inputs(|| {
            let mut harness = harness_on(&root, folio::ui::prefs::Tab::Document);
            harness.state_mut().search_for("id:wcda-300638");
            harness.run_steps(3);
            harness
        })
        .bench_values(|mut harness| {
            harness.key_press(egui::Key::ArrowDown);
            while !harness.state().scan_view().page_ready() {
                std::thread::sleep(std::time::Duration::from_millis(1));
                harness.step();
            }
            harness.step();
        });
}
