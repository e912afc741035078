//! The session layer on its own, without the window: what the app and the command
//! line both call.

use std::fs;

use folio::import::{ImportOptions, Outcome};
use folio::model::{Field, FieldValue};
use folio::search::SortColumn;
use folio::session::{ImportLine, Pick, Session, SessionOptions};
use folio::store::Edit;
use folio::store::journal::JournalOptions;

use crate::support::{fixtures, id, sample_copy};

fn open(dir: &std::path::Path) -> Session {
    Session::open(dir, &SessionOptions::command_line()).unwrap()
}

#[test]
fn an_import_is_one_undo_step_and_reports_each_record() {
    let (tmp, dir) = sample_copy();
    let mut session = open(&dir);
    let page = fs::read_to_string(fixtures().join("000_seed.txt"))
        .unwrap()
        .replace("September 17, 1963", "September 18, 1963");
    let new_page = tmp.path().join("page.txt");
    fs::write(&new_page, page).unwrap();
    let before = session.catalog().len();
    let report = session
        .import(
            &[new_page.clone(), fixtures().join("000_seed.txt")],
            ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(report.count(Outcome::Created), 1, "{report:?}");
    assert_eq!(report.count(Outcome::Unchanged), 1, "{report:?}");
    assert!(!report.has_problems());
    let created = report.lines.iter().find_map(|l| match l {
        ImportLine::Record {
            outcome: Outcome::Created,
            id,
            file,
            ..
        } => Some((id.clone(), file.clone())),
        _ => None,
    });
    let (created, file) = created.unwrap();
    assert_eq!(
        created.as_str(),
        "1963-09-18-report-from-ji-pengfei-on-liu-shaoqis-conversation"
    );
    assert_eq!(file, new_page);
    assert_eq!(session.catalog().len(), before + 1);
    assert!(session.undo().unwrap());
    assert_eq!(session.catalog().len(), before, "one undo step");
    // A file that cannot be read is reported; the others are imported.
    let missing = tmp.path().join("missing.txt");
    let report = session
        .import(&[missing, new_page], ImportOptions::default())
        .unwrap();
    assert!(report.has_problems());
    assert_eq!(report.count(Outcome::Created), 1);
    assert!(session.undo().unwrap());
    assert_eq!(session.catalog().len(), before);
}

#[test]
fn new_duplicate_and_delete_select_what_they_make() {
    let (_tmp, dir) = sample_copy();
    let mut session = open(&dir);
    let original = id("wcda-300638");
    session.select(original.clone(), Pick::Only);
    let copy = session.duplicate_current().unwrap().unwrap();
    assert_eq!(copy.as_str(), "wcda-300638-copy");
    assert_eq!(session.selection().current(), Some(&copy));
    session.select(original, Pick::Only);
    let second = session.duplicate_current().unwrap().unwrap();
    assert_eq!(second.as_str(), "wcda-300638-copy-2", "the next free id");
    let record = session.catalog().get(&second).unwrap();
    assert!(record.title.ends_with("(copy)") && record.external_id.is_empty());
    // A search hides every empty record: a new one clears it, to be seen.
    session.set_search("telegram");
    session.refresh();
    let new = session.new_record().unwrap();
    assert!(new.as_str().starts_with("new-"));
    session.refresh();
    assert_eq!(session.selection().current(), Some(&new));
    assert!(session.query().text.is_empty());
    assert!(session.view().ids.contains(&new));
    assert_eq!(
        session.delete(vec![copy.clone(), second.clone()]).unwrap(),
        2
    );
    assert!(!session.catalog().contains(&copy));
    assert!(session.undo().unwrap());
    assert!(session.catalog().contains(&copy) && session.catalog().contains(&second));
}

#[test]
fn a_search_ranks_then_clearing_it_restores_the_column_sort() {
    let (_tmp, dir) = sample_copy();
    let mut session = open(&dir);
    session.set_column_sort(SortColumn::Title, false);
    session.refresh();
    assert_eq!(session.view().ids.len(), 18);
    session.set_search("kim");
    assert_eq!(session.query().sort, SortColumn::Relevance);
    session.refresh();
    let found = session.view().ids.len();
    assert!(found > 0 && found < 18, "{found}");
    session.sort_by(SortColumn::Date);
    assert_eq!(session.column_sort(), (SortColumn::Date, true));
    session.set_search("");
    session.refresh();
    assert_eq!(session.query().sort, SortColumn::Date);
    assert_eq!(session.view().ids.len(), 18);
}

#[test]
fn the_list_shows_the_same_records_before_and_after_the_index_is_built() {
    let (_tmp, dir) = sample_copy();
    // Without an index the session scans; with one it asks the index.
    let mut scanning = open(&dir);
    let mut indexed = Session::open_read_only(
        &dir,
        "the test",
        &SessionOptions {
            index: true,
            ..SessionOptions::command_line()
        },
    )
    .unwrap();
    while !indexed.index_ready() {
        indexed.refresh();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    for query in [
        "kim",
        "\"foreign affairs\"",
        "revision*",
        "person:mao",
        "date:1950..1953",
        "kim -korea",
        "status:draft",
        "mao OR stalin",
        "一九五二",
    ] {
        for session in [&mut scanning, &mut indexed] {
            session.set_search(query);
            session.sort_by(SortColumn::Id);
            session.refresh();
        }
        assert_eq!(scanning.view().ids, indexed.view().ids, "{query}");
        assert_eq!(scanning.view().facets, indexed.view().facets, "{query}");
    }
}

#[test]
fn saved_searches_live_in_catalog_ron() {
    let (_tmp, dir) = sample_copy();
    let mut session = open(&dir);
    session.set_search("person:\"kim il sung\"");
    session.save_search("Kim").unwrap();
    assert!(
        fs::read_to_string(dir.join("catalog.ron"))
            .unwrap()
            .contains("Kim")
    );
    session.set_search("");
    assert!(session.run_saved_search(0));
    assert_eq!(session.query().text, "person:\"kim il sung\"");
    assert_eq!(session.delete_saved_search(0).unwrap(), "Kim");
    assert!(!session.run_saved_search(0));
    assert!(session.delete_saved_search(0).is_err());
}

#[test]
fn the_journal_is_kept_offered_restored_and_removed() {
    let (tmp, dir) = sample_copy();
    let options = SessionOptions {
        journal: Some(JournalOptions {
            dir: tmp.path().join("journal"),
        }),
        ..SessionOptions::command_line()
    };
    let journal = tmp
        .path()
        .join("journal")
        .join(format!("{}.json", folio::store::cache::catalog_key(&dir)));
    {
        let mut session = Session::open(&dir, &options).unwrap();
        session
            .apply(Edit::set(
                id("wcda-300638"),
                Field::Summary,
                FieldValue::Text("Journalled".into()),
            ))
            .unwrap();
        session.keep_journal();
        assert!(journal.exists());
        // The session ends without saving, as a crash would end it.
    }
    let mut session = Session::open(&dir, &options).unwrap();
    let offer = session.journal_offer().unwrap().unwrap();
    assert_eq!(offer.changes.len(), 1);
    assert_eq!(session.restore_journal().unwrap(), 1);
    assert_eq!(
        session.catalog().get(&id("wcda-300638")).unwrap().summary,
        "Journalled"
    );
    assert!(session.save().unwrap().is_complete());
    session.keep_journal();
    assert!(!journal.exists(), "nothing unsaved: no journal");
}

#[test]
fn the_selection_follows_the_list_and_exports_only_what_it_shows() {
    use folio::model::ArchivalDate;
    use folio::search::Facet;
    use folio::session::Scope;
    let (_tmp, dir) = sample_copy();
    let mut session = open(&dir);
    session.refresh();
    session.select_all();
    assert_eq!(session.selection().len(), 18);
    // A filter deselects what it hides.
    session.add_filter(Facet::Decade, "1950s".to_owned());
    session.refresh();
    let shown = session.view().ids.to_vec();
    assert!(shown.len() > 1 && shown.len() < 18);
    assert_eq!(session.selection().len(), shown.len());
    assert!(shown.iter().all(|id| session.selection().contains(id)));
    // An edit that takes a selected record out of the result keeps it selected,
    // hidden: an export of the selection leaves it out and the counts say so.
    let out = shown[0].clone();
    let date = ArchivalDate::parse("1963-09-17").unwrap();
    session
        .apply(Edit::set(
            out.clone(),
            Field::Date,
            FieldValue::Date(Some(date)),
        ))
        .unwrap();
    session.refresh();
    assert!(!session.view().ids.contains(&out));
    assert!(session.selection().contains(&out));
    assert_eq!(session.hidden_selected().collect::<Vec<_>>(), [&out]);
    let counts = session.scope_counts();
    assert_eq!((counts.selected, counts.hidden), (shown.len() - 1, 1));
    let exported = session.scope_records(Scope::Selected);
    assert_eq!(exported.len(), shown.len() - 1);
    assert!(exported.iter().all(|r| r.id != out));
    // Removing the filter shows it again: nothing is hidden.
    session.remove_filter(0);
    session.refresh();
    assert_eq!(session.hidden_selected().count(), 0);
    assert_eq!(session.scope_counts().selected, shown.len());
}
