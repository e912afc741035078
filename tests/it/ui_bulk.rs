//! Record → Edit records…: a correction over many records, previewed, applied as
//! one undo step.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use folio::model::Record;
use folio::ui::app::Dialog;

use crate::support::sample_copy;
use crate::ui_flows::{catalog, harness, input};

fn records(harness: &egui_kittest::Harness<'static, folio::ui::app::FolioApp>) -> Vec<Record> {
    catalog(harness).records().cloned().collect()
}

/// Clicks Preview and waits for the plan (made on its own thread).
fn preview(harness: &mut egui_kittest::Harness<'static, folio::ui::app::FolioApp>) {
    harness.get_by_label("Preview").click();
    crate::ui_flows::run_until(
        harness,
        |app| matches!(app.dialog(), Some(Dialog::BulkEdit(form)) if form.preview.is_some()),
    );
}

/// Types `text` into the input labelled `label`.
fn fill(
    harness: &mut egui_kittest::Harness<'static, folio::ui::app::FolioApp>,
    label: &str,
    text: &str,
) {
    input(harness, label).focus();
    harness.run();
    input(harness, label).type_text(text);
    harness.run();
}

#[test]
fn a_bulk_replace_is_previewed_then_applied_as_one_step_that_one_undo_takes_back() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let before = records(&harness);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::BulkEdit(_))
    ));
    // Nothing is selected: every record of the list; accents ignored by default.
    fill(&mut harness, "Find", "Sato");
    fill(&mut harness, "Replace with", "Satō");
    assert!(harness.query_by_label("Apply").is_some());
    preview(&mut harness);
    harness.get_by_label_contains("1 record would change (2 fields); 17 unchanged; 0 refused");
    harness.get_by_label_contains("wcda-300638 — Title:");
    assert_eq!(records(&harness), before, "a preview changes nothing");

    // The keyboard is on Apply once the preview is shown: Enter applies.
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert!(
        harness
            .state()
            .latest_notice()
            .starts_with("Changed 2 fields in 1 record (one step"),
        "{}",
        harness.state().latest_notice()
    );
    let nakajima = catalog(&harness)
        .get(&"wcda-300638".parse().unwrap())
        .unwrap()
        .clone();
    assert!(
        nakajima.title.contains("Prime Minister Satō"),
        "{}",
        nakajima.title
    );
    assert!(
        nakajima.summary.contains("Satō") || nakajima.texts.iter().any(|t| t.body.contains("Satō"))
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        records(&harness),
        before,
        "one undo takes every change back"
    );
}

#[test]
fn a_change_that_would_empty_titles_is_refused_unless_the_others_are_changed() {
    let (_tmp, dir) = sample_copy();
    let mut harness = harness(&dir);
    let before = records(&harness);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    harness.run();
    harness
        .get_by_label("Regular expression ($1 in the replacement)")
        .click();
    harness.run();
    // Every title starting "Letter" would become empty; "Statement of " only shortens one.
    fill(&mut harness, "Find", "^Letter.*$|^Statement of ");
    preview(&mut harness);
    harness.get_by_label_contains("refused");
    harness
        .get_all_by_label_contains("a title is required")
        .next()
        .unwrap();
    harness.get_by_label("Apply").click();
    harness.run();
    assert_eq!(records(&harness), before, "Apply waits for the choice");
    harness
        .get_by_label("Change the others, leaving out the records that would become invalid")
        .click();
    harness.run();
    harness.get_by_label("Apply").click();
    harness.run();
    let changed: Vec<_> = records(&harness)
        .into_iter()
        .zip(&before)
        .filter(|(a, b)| a != *b)
        .map(|(a, _)| a.title)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].starts_with("Nakajima Kenzo"), "{changed:?}");
}

#[test]
fn two_spellings_of_a_name_are_merged_from_the_values_view() {
    let (_tmp, dir) = sample_copy();
    // Another record spells the name without its macron.
    let out = crate::support::folio(&[
        "set",
        dir.to_str().unwrap(),
        "wcda-300653",
        "people",
        r#"["Sato, Eisaku"]"#,
    ]);
    assert_eq!(crate::support::code(&out), 0);
    let mut harness = harness(&dir);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Values…").click();
    harness.run();
    assert!(matches!(harness.state().dialog(), Some(Dialog::Values(_))));
    fill(&mut harness, "Show", "sato");
    harness.get_by_label_contains("2 values");
    // Sorted: "Sato, Eisaku" first.
    harness.get_all_by_label("Rename…").next().unwrap().click();
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::BulkEdit(_))
    ));
    fill(
        &mut harness,
        "New name (or a value to merge into)",
        "Satō, Eisaku",
    );
    // Enter in the new name runs the preview; Enter again applies it.
    harness.key_press(Key::Enter);
    crate::ui_flows::run_until(
        &mut harness,
        |app| matches!(app.dialog(), Some(Dialog::BulkEdit(form)) if form.preview.is_some()),
    );
    harness.get_by_label_contains("1 record would change (1 field)");
    harness.key_press(Key::Enter);
    harness.run();
    let counts = folio::bulk::value_counts(catalog(&harness), folio::model::Field::People);
    assert!(
        counts.contains(&("Satō, Eisaku".to_owned(), 2)),
        "{counts:?}"
    );
    assert!(
        !counts.iter().any(|(v, _)| v == "Sato, Eisaku"),
        "{counts:?}"
    );
}

#[test]
fn a_spreadsheet_is_previewed_row_by_row_then_imported_as_one_step() {
    let (tmp, dir) = sample_copy();
    let csv = tmp.path().join("corrections.csv");
    // Semicolons and labels for headers, as a spreadsheet in a French locale saves.
    std::fs::write(
        &csv,
        "\u{feff}ID;Date;Title;Subjects\r\n\
         wcda-300638;1969-11;;\r\n\
         wcda-300653;;\"Letter, Nehru to the Premiers\";\"Kashmir; Partition\"\r\n\
         ;1970;Minutes of the harbour board;\r\n",
    )
    .unwrap();
    let prefs = folio::ui::prefs::Prefs {
        folio_chooser: true,
        ..Default::default()
    };
    let mut harness = crate::ui_flows::harness_with(&dir, prefs, [1440.0, 900.0]);
    let before = records(&harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(&harness, "Path").type_text(csv.to_str().unwrap());
    harness.key_press(Key::Enter);
    crate::ui_flows::run_until(
        &mut harness,
        |app| matches!(app.dialog(), Some(Dialog::CsvImport(form)) if form.preview.is_some()),
    );
    // Row 2 would clear a title: refused, and named by row and column.
    harness.get_by_label_contains("Row 2, column C (title): a title is required");
    harness.get_by_label_contains("1 record new; 1 record would change");
    assert_eq!(records(&harness), before, "a preview changes nothing");
    harness
        .get_by_label("Import the other rows, leaving out the rows that cannot be imported")
        .click();
    harness.run();
    harness.get_by_label("Apply").focus();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert!(
        harness
            .state()
            .latest_notice()
            .starts_with("Imported the spreadsheet: 1 created, 1 updated (one step"),
        "{}",
        harness.state().latest_notice()
    );
    let after = records(&harness);
    assert_eq!(after.len(), before.len() + 1);
    let nehru = catalog(&harness)
        .get(&"wcda-300653".parse().unwrap())
        .unwrap()
        .clone();
    assert_eq!(nehru.title, "Letter, Nehru to the Premiers");
    assert_eq!(nehru.subjects, ["Kashmir", "Partition"]);
    assert!(catalog(&harness).contains(&"1970-minutes-of-the-harbour-board".parse().unwrap()));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(records(&harness), before, "one undo takes the import back");
}

#[test]
fn values_a_spreadsheet_rewrote_are_shown_and_applied_only_when_ticked() {
    let (tmp, dir) = sample_copy();
    let exported = tmp.path().join("all.xlsx");
    crate::csv_import::export_all(&dir, &exported);
    let saved = tmp.path().join("saved.xlsx");
    crate::csv_import::rewrite_workbook(&exported, &saved, |id, column| match (id, column) {
        ("wcda-300638", "date_display") => Some(crate::csv_import::Cell::Text("11/01/67")),
        _ => None,
    });
    let prefs = folio::ui::prefs::Prefs {
        folio_chooser: true,
        ..Default::default()
    };
    let mut harness = crate::ui_flows::harness_with(&dir, prefs, [1440.0, 900.0]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    input(&harness, "Path").type_text(saved.to_str().unwrap());
    harness.key_press(Key::Enter);
    let planned = |app: &folio::ui::app::FolioApp| matches!(app.dialog(), Some(Dialog::CsvImport(form)) if form.preview.is_some());
    crate::ui_flows::run_until(&mut harness, planned);
    harness.get_by_label("An xlsx workbook: its first sheet is read.");
    harness.get_by_label_contains(
        "column D (date_display): “11/01/67” is “November 1967” rewritten by a spreadsheet: left as it is",
    );
    harness.get_by_label_contains("1 value only rewritten by a spreadsheet");
    assert!(
        matches!(harness.state().dialog(), Some(Dialog::CsvImport(form)) if !form.ready()),
        "nothing else to apply"
    );
    harness
        .get_by_label_contains("Apply the values a spreadsheet only rewrote")
        .click();
    harness.run();
    crate::ui_flows::run_until(&mut harness, planned);
    harness.get_by_label("Apply").click();
    harness.run();
    let nakajima = catalog(&harness)
        .get(&"wcda-300638".parse().unwrap())
        .unwrap()
        .clone();
    assert_eq!(nakajima.date_display, "11/01/67", "applied once asked for");
}
