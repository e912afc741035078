//! Bulk corrections: `folio edit` and the plans it prints (`folio::bulk`).

use folio::bulk::{BulkChange, FindOptions, Finder};
use folio::model::Field;
use folio::session::{Session, SessionOptions};

use crate::support::{code, folio, sample_copy, stderr, stdout};
use crate::vcs::{committed_sample, git};

const NAKAJIMA: &str = "wcda-300638";
const NEHRU: &str = "wcda-300653";

#[test]
fn a_dry_run_lists_the_records_and_the_edit_adds_one_line_to_each() {
    let (_tmp, dir) = committed_sample();
    let d = dir.to_str().unwrap();
    let args = [
        "edit",
        d,
        "--query",
        "place:china",
        "--add",
        "subjects=Espionage",
    ];
    let dry = folio(&[&args[..], &["--dry-run"]].concat());
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    let listed = stdout(&dry);
    assert!(
        listed.contains(&format!("{NAKAJIMA} subjects: ")),
        "{listed}"
    );
    assert!(listed.contains(&format!("{NEHRU} subjects: ")), "{listed}");
    assert!(listed.ends_with("2 records to change (2 fields), 0 unchanged, 0 refused\n"));
    assert_eq!(
        git(&dir, &["status", "--porcelain"]),
        "",
        "a dry run writes nothing"
    );

    let out = folio(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        crate::vcs::numstat(&dir),
        [
            format!("1\t0\trecords/{NAKAJIMA}.ron"),
            format!("1\t0\trecords/{NEHRU}.ron"),
        ]
    );
    assert!(git(&dir, &["diff"]).contains("+        \"Espionage\",\n"));
    // Again: nothing left to add.
    let again = folio(&args);
    assert!(stdout(&again).starts_with("0 records to change (0 fields), 2 unchanged"));
}

#[test]
fn a_change_that_would_make_a_record_invalid_writes_nothing_unless_told_to_skip_it() {
    let (_tmp, dir) = committed_sample();
    let d = dir.to_str().unwrap();
    // Nehru's whole title would go (refused); Nakajima's loses its first word.
    let args = [
        "edit",
        d,
        "--ids",
        &format!("{NAKAJIMA},{NEHRU}"),
        "--replace",
        "title:^(Letter, Jawaharlal Nehru to All Provincial Premiers|Statement of )=>",
        "--regex",
    ];
    let out = folio(&args);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains(&format!("refused: {NEHRU} title: ")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("a title is required"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("nothing changed: 1 record would become invalid"));
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");

    let out = folio(&[&args[..], &["--skip-invalid"]].concat());
    assert_eq!(code(&out), 1, "something was still refused");
    assert_eq!(
        git(&dir, &["status", "--porcelain"]),
        format!(" M records/{NAKAJIMA}.ron\n")
    );
    assert!(crate::support::get(d, NAKAJIMA, "title").starts_with("Nakajima Kenzo, Chairman"));
}

#[test]
fn a_replace_across_fields_ignores_accents_and_is_one_undo_step() {
    let (_tmp, dir) = sample_copy();
    let mut session = Session::open(&dir, &SessionOptions::command_line()).unwrap();
    let ids: Vec<_> = session.catalog().records().map(|r| r.id.clone()).collect();
    let change = BulkChange::Replace {
        field: None,
        finder: Finder::new("Sato", FindOptions::default()).unwrap(),
        replacement: "Satō".to_owned(),
    };
    let plan = change.plan(session.catalog(), &ids).unwrap();
    let fields: Vec<Field> = plan.changes.iter().map(|c| c.field).collect();
    // "Satō, Eisaku" in people is already spelled so; the title, summary and text are not.
    assert!(fields.contains(&Field::Title), "{fields:?}");
    assert!(fields.contains(&Field::Texts), "{fields:?}");
    assert!(!fields.contains(&Field::People), "{fields:?}");
    assert!(plan.refused.is_empty());
    let before: Vec<_> = session.catalog().records().cloned().collect();
    session.apply(plan.edit().unwrap()).unwrap();
    let nakajima = session.catalog().get(&NAKAJIMA.parse().unwrap()).unwrap();
    assert!(nakajima.title.contains("Prime Minister Satō"));
    assert!(session.undo().unwrap());
    let after: Vec<_> = session.catalog().records().cloned().collect();
    assert_eq!(before, after, "one undo takes every record back");

    let not_a_list = BulkChange::Add(Field::Title, "x".into()).plan(session.catalog(), &ids);
    assert!(
        not_a_list
            .unwrap_err()
            .to_string()
            .contains("Title is not a list field")
    );
}
