//! The app and git: a record file a merge stopped on opens as a conflict, resolved
//! field by field, and saved as a clean file.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use folio::ui::app::Dialog;

use crate::ui_flows::harness;
use crate::vcs::{nakajima_file, stopped_merge};

#[test]
fn a_record_a_merge_stopped_on_is_resolved_field_by_field_and_saved_clean() {
    let (_tmp, dir) = stopped_merge();
    let mut harness = harness(&dir);
    assert!(
        matches!(harness.state().dialog(), Some(Dialog::Conflicts { .. })),
        "the conflict is shown at once"
    );
    harness.get_by_label_contains("A git merge stopped on it");
    harness.get_by_label("Show both").click();
    harness.run();
    // The one field both branches changed; the rest is merged already.
    harness
        .get_by_role_and_label(Role::RadioButton, "Their title")
        .click();
    harness.run();
    harness
        .get_by_label("Save merged version (0 from mine, 1 from theirs)")
        .click();
    harness.run();
    assert!(harness.state().dialog().is_none(), "resolved");
    let saved = std::fs::read_to_string(nakajima_file(&dir)).unwrap();
    assert!(
        !saved.contains("<<<<<<<") && !saved.contains(">>>>>>>"),
        "{saved}"
    );
    let record = folio::store::format::record_from_ron(&saved).unwrap();
    assert_eq!(record.title, "Their title");
    assert_eq!(record.summary, "Their summary.");
    assert_eq!(record.status, folio::model::Status::Reviewed);
    assert!(harness.state().session().unwrap().conflicts().is_empty());
}
