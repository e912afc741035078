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
