//! The scan beside the text: a record's image and PDF attachments in the
//! Document tab, with zoom, pan, pages and rotation.

use egui::Key;
use egui_kittest::kittest::Queryable;

use crate::support::sample_copy;
use crate::ui_flows::{harness, run_until, select};

#[test]
fn a_record_with_a_pdf_shows_its_pages_beside_the_text() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Letter, Jawaharlal Nehru");
    // The PDF is counted and its first page rendered on the viewer's thread.
    run_until(&mut harness, |app| {
        app.scan_view().page().1 == 7 && app.scan_view().page_ready()
    });
    harness.get_by_label("1 / 7");
    let scan = harness.get_by_label("Scan");
    scan.click();
    harness.run();
    harness.key_press(Key::PageDown);
    harness.run();
    assert_eq!(
        harness.state().scan_view().page().0,
        1,
        "Page Down turns a page"
    );
    harness.get_by_label("2 / 7");
    harness.get_by_label(">").click();
    harness.run();
    assert_eq!(harness.state().scan_view().page().0, 2);
    harness.get_by_label("Page 1").click();
    harness.run();
    assert_eq!(
        harness.state().scan_view().page().0,
        0,
        "a thumbnail goes to its page"
    );

    let (_, zoom, _, turns) = harness.state().scan_view().view();
    assert_eq!((zoom, turns), (1.0, 0));
    harness.get_by_label("+").click();
    harness.run();
    assert_eq!(harness.state().scan_view().view().1, 1.25);
    harness.get_by_label("Rotate").click();
    harness.run();
    assert_eq!(harness.state().scan_view().view().3, 1);
    // Zoomed in, the page moves under a drag.
    let before = harness.state().scan_view().view().2;
    let scan = harness.get_by_label("Scan");
    let center = scan.rect().center();
    harness.drag_at(center);
    harness.run();
    harness.hover_at(center + egui::vec2(-60.0, -60.0));
    harness.run();
    harness.drop_at(center + egui::vec2(-60.0, -60.0));
    harness.run();
    assert_ne!(
        harness.state().scan_view().view().2,
        before,
        "dragging pans"
    );

    harness.get_by_label("Hide").click();
    harness.run();
    assert!(!harness.state().prefs.show_scan);
    assert!(
        harness.query_by_label("Scan").is_none(),
        "the split is hidden"
    );
    harness.get_by_label("Show scan").click();
    harness.run();
    assert!(harness.query_by_label("Scan").is_some());
}

#[test]
fn a_record_with_page_images_shows_them_as_pages() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Report from Ji Pengfei");
    run_until(&mut harness, |app| app.scan_view().page_ready());
    harness.get_by_label("1 / 2");
    select(&mut harness, "Statement of Nakajima Kenzo");
    assert!(
        harness.query_by_label("Scan").is_none(),
        "no attachments, no scan"
    );
}

/// A file dropped on the window, as the windowing system gives it.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn files_are_attached_from_the_metadata_tab_or_by_dropping_them_then_ordered_and_removed() {
    let (tmp, dir) = sample_copy();
    let scan = tmp.path().join("scan.png");
    image::RgbImage::from_pixel(60, 80, image::Rgb([30, 140, 80]))
        .save(&scan)
        .unwrap();
    let pdf = dir.join("attachments/wcda-300653/facsimile.pdf");
    let prefs = folio::ui::prefs::Prefs {
        folio_chooser: true,
        ..Default::default()
    };
    let mut harness = crate::ui_flows::harness_with(&dir, prefs, [1440.0, 900.0]);
    crate::ui_flows::edit_nakajima(&mut harness);
    let nakajima = || crate::support::id("wcda-300638");
    let attachments = |harness: &egui_kittest::Harness<'static, folio::ui::app::FolioApp>| {
        crate::ui_flows::catalog(harness)
            .get(&nakajima())
            .unwrap()
            .attachments
            .iter()
            .map(|a| a.path.clone())
            .collect::<Vec<_>>()
    };

    harness.get_by_label("Attach files…").scroll_to_me();
    harness.run();
    harness.get_by_label("Attach files…").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    crate::ui_flows::input(&harness, "Path").type_text(scan.to_str().unwrap());
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(attachments(&harness), ["wcda-300638/scan.png"]);
    assert!(
        dir.join("attachments/wcda-300638/scan.png").is_file(),
        "copied in"
    );

    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(pdf)));
    harness.run();
    assert_eq!(
        attachments(&harness),
        ["wcda-300638/scan.png", "wcda-300638/facsimile.pdf"],
        "a dropped file is attached to the record shown"
    );

    // The first attachment's Down (the second's is disabled: it is the last).
    harness.get_all_by_label("Down").next().unwrap().click();
    harness.run();
    assert_eq!(
        attachments(&harness),
        ["wcda-300638/facsimile.pdf", "wcda-300638/scan.png"]
    );
    // The attachments are the form's last list: the last Remove is attachment 2's.
    harness
        .get_all_by_label("Remove")
        .last()
        .unwrap()
        .scroll_to_me();
    harness.run();
    harness.get_all_by_label("Remove").last().unwrap().click();
    harness.run();
    assert_eq!(attachments(&harness), ["wcda-300638/facsimile.pdf"]);
    assert!(
        dir.join("attachments/wcda-300638/scan.png").is_file(),
        "a removed attachment's file is left in place"
    );
}

#[test]
fn the_arrows_turn_every_page_and_the_keyboard_stays_on_the_scan() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    select(&mut harness, "Letter, Jawaharlal Nehru");
    run_until(&mut harness, |app| {
        app.scan_view().page().1 == 7 && app.scan_view().page_ready()
    });
    harness.get_by_label("Scan").click();
    harness.run();
    for page in 1..7 {
        harness.key_press(Key::ArrowRight);
        harness.run();
        assert_eq!(harness.state().scan_view().page().0, page, "Right");
        assert!(
            harness.get_by_label("Scan").is_focused(),
            "the scan keeps the keyboard"
        );
    }
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(
        harness.state().scan_view().page().0,
        6,
        "the last page stays"
    );
    for (key, page) in [
        (Key::Home, 0),
        (Key::End, 6),
        (Key::ArrowLeft, 5),
        (Key::PageUp, 4),
    ] {
        harness.key_press(key);
        harness.run();
        assert_eq!(harness.state().scan_view().page().0, page, "{key:?}");
        assert!(harness.get_by_label("Scan").is_focused());
    }
}

/// The width of the scan shown.
fn scan_width(harness: &egui_kittest::Harness<'static, folio::ui::FolioApp>) -> f32 {
    harness.get_by_label("Scan").rect().width()
}

#[test]
fn the_reading_layout_gives_the_record_the_window_and_grows_with_it() {
    use crate::ui_flows::harness_with;
    use egui::Modifiers;
    let (_tmp, dir) = sample_copy();
    let mut harness = harness_with(&dir, folio::ui::Prefs::default(), [1000.0, 700.0]);
    select(&mut harness, "Letter, Jawaharlal Nehru");
    run_until(&mut harness, |app| app.scan_view().page().1 == 7);
    let small = scan_width(&harness);
    // A window opened small, then made large: the pane and the scan grow with it.
    harness.set_size(egui::vec2(2560.0, 1440.0));
    harness.run();
    let large = scan_width(&harness);
    assert!(large > small * 2.0, "{small} then {large}");
    harness.set_size(egui::vec2(1440.0, 900.0));
    harness.run();
    // Ctrl+R: the list makes way; the scan is more than half the window.
    assert!(
        harness
            .query_by_label_contains("Statement of Nakajima")
            .is_some()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    assert!(harness.state().reading());
    assert!(
        harness
            .query_by_label_contains("Statement of Nakajima")
            .is_none(),
        "the list is out of the way"
    );
    assert!(scan_width(&harness) >= 720.0, "{}", scan_width(&harness));
    harness.set_size(egui::vec2(2560.0, 1440.0));
    harness.run();
    assert!(scan_width(&harness) >= 1280.0, "{}", scan_width(&harness));
    // The page has the keyboard: the arrows turn pages at once.
    assert!(harness.get_by_label("Scan").is_focused());
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(harness.state().scan_view().page().0, 1);
    // The pages turn on their own, the metadata is a click away.
    harness.key_press(Key::End);
    harness.run();
    assert_eq!(harness.state().scan_view().page().0, 6);
    harness.get_by_label("Metadata").click();
    harness.run();
    harness.get_by_label("Title");
    harness.get_by_label("Document").click();
    harness.run();
    // The same action returns to the list, on the same record.
    harness.get_by_label("Back to the list").click();
    harness.run();
    assert!(!harness.state().reading());
    assert!(
        harness
            .query_by_label_contains("Statement of Nakajima")
            .is_some()
    );
    assert_eq!(harness.state().scan_view().page().0, 6);
}

#[test]
fn dragging_the_record_panes_edge_sets_its_share_which_a_larger_window_keeps() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let share = harness.state().prefs.record_pane_share;
    assert!(share > 0.3 && share < 0.6, "{share}");
    // The pane's edge, just left of its first tab (the panel's margin).
    let edge = harness.get_by_label("Document").rect().left() - 8.0;
    let from = egui::pos2(edge, 450.0);
    let to = egui::pos2(edge - 200.0, 450.0);
    harness.drag_at(from);
    harness.run();
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
    let dragged = harness.state().prefs.record_pane_share;
    // A share of the room beside the sidebar (1440 less 230).
    assert!(
        (dragged - (share + 200.0 / 1210.0)).abs() < 0.03,
        "{share} then {dragged}"
    );
    // Pushed wider by nothing but the drag: clicks elsewhere keep the share.
    select(&mut harness, "Letter, Jawaharlal Nehru");
    assert_eq!(harness.state().prefs.record_pane_share, dragged);
    let pane_left = |h: &egui_kittest::Harness<'static, folio::ui::FolioApp>| {
        h.get_by_label("Document").rect().left()
    };
    let before = 1440.0 - pane_left(&harness);
    harness.set_size(egui::vec2(2560.0, 1440.0));
    harness.run();
    let after = 2560.0 - pane_left(&harness);
    assert_eq!(harness.state().prefs.record_pane_share, dragged);
    assert!(after > before * 1.8, "{before} then {after}");
}

#[test]
fn the_reading_layout_opened_from_the_metadata_fits_the_pages_width() {
    use egui::Modifiers;
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    harness.state_mut().prefs.tab = folio::ui::Tab::Metadata;
    select(&mut harness, "Letter, Jawaharlal Nehru");
    // Its scan was never shown: the viewer learns its files with the layout.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    run_until(&mut harness, |app| app.scan_view().page().1 == 7);
    assert_eq!(
        harness.state().scan_view().view().0,
        folio::ui::scan_view::Fit::Width
    );
    assert!(harness.get_by_label("Scan").is_focused());
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(harness.state().scan_view().page().0, 1);
}
