//! Reading a document: a footnote's number goes to its note and back.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use folio::model::{Field, FieldValue, Text, TextKind};
use folio::session::{Session, SessionOptions};
use folio::store::Edit;

use crate::support::{id, sample_copy};
use crate::ui_flows::{NAKAJIMA, harness, select};

#[test]
fn a_note_number_goes_back_to_where_the_note_is_called() {
    let (_tmp, dir) = sample_copy();
    // A long text: the call of note 1 in the first paragraph, the note at the end.
    let mut body = vec!["The telegram was sent to Su Yu.[1] It said little.".to_owned()];
    for i in 0..60 {
        body.push(format!(
            "Paragraph {i} of the conversation, on the harvest [1963]."
        ));
    }
    body.push("[1] Su Yu was then chief of staff.".to_owned());
    let mut session = Session::open(&dir, &SessionOptions::command_line()).unwrap();
    let texts = vec![Text {
        kind: TextKind::Translation,
        language: "English".into(),
        body: body.join("\n\n"),
    }];
    session
        .apply(Edit::set(
            id(NAKAJIMA),
            Field::Texts,
            FieldValue::Texts(texts.into()),
        ))
        .unwrap();
    session.save().unwrap();
    drop(session);

    let mut harness = harness(&dir);
    select(&mut harness, "Statement of Nakajima Kenzo");
    let call = "The telegram was sent to Su Yu.[1] It said little.";
    let note = "[1] Su Yu was then chief of staff.";
    harness
        .get_by_role_and_label(Role::Label, note)
        .scroll_to_me();
    harness.run();
    let window = harness.ctx.content_rect();
    let visible = |harness: &egui_kittest::Harness<'static, folio::ui::FolioApp>, label| {
        let rect = harness.get_by_role_and_label(Role::Label, label).rect();
        window.contains_rect(rect)
    };
    assert!(visible(&harness, note) && !visible(&harness, call));
    // The note's number, at the start of its paragraph, goes back to the call.
    let rect = harness.get_by_role_and_label(Role::Label, note).rect();
    let number = egui::pos2(rect.left() + 4.0, rect.top() + 10.0);
    harness.hover_at(number);
    harness.run();
    harness.drag_at(number);
    harness.drop_at(number);
    harness.run();
    assert!(visible(&harness, call), "the call of the note is in view");
    assert!(!visible(&harness, note));
}

#[test]
fn the_find_bar_fits_a_narrow_record_pane() {
    let (_tmp, dir) = sample_copy();
    let mut harness =
        crate::ui_flows::harness_with(&dir, folio::ui::Prefs::default(), [1000.0, 700.0]);
    select(&mut harness, "Statement of Nakajima Kenzo");
    let pane = harness.get_by_label("Document").rect().left();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    let close = harness.get_by_role_and_label(Role::Button, "Close").rect();
    assert!(close.right() <= 1000.0, "{close:?}");
    assert_eq!(
        harness.get_by_label("Document").rect().left(),
        pane,
        "the pane kept its width"
    );
}
