//! A catalog browsed from its saved index while its records are still being read:
//! the list, its search and sort, and the record selected, read from its own file.
//!
//! A million records take seconds to read; their saved index (see
//! [`crate::search::folder_index`]) is up to date with the files in about one. The
//! window shows the list from it at once; nothing can be changed until the catalog
//! is open, and then the session takes over the index, the search, the sort and the
//! selection (see [`super::Session::from_opened_with`]), so the list does not move.

use std::path::{Path, PathBuf};

use crate::model::{Record, RecordId};
use crate::search::Listing;
use crate::search::folder_index::{FolderIndex, open_saved};
use crate::store::cache::CacheOptions;
use crate::store::folder::RECORDS_DIR;
use crate::store::read_whole_record;

use super::{FilteredView, Pick, Selection, SortColumn, ViewQuery};

/// A catalog's list from its saved index, read-only.
pub struct Preview {
    root: PathBuf,
    saved: FolderIndex,
    query: ViewQuery,
    column_sort: (SortColumn, bool),
    view: FilteredView,
    selection: Selection,
    shown: Option<(RecordId, Result<Record, String>)>,
}

impl Preview {
    /// The catalog at `root` from its saved index in `cache`, brought up to date with
    /// its files; `None` when it has none that can be used (never saved, another
    /// version, or too much changed since).
    pub fn open(root: &Path, cache: &CacheOptions) -> Option<Preview> {
        let saved = open_saved(root, cache)?;
        let mut preview = Preview {
            root: root.to_owned(),
            saved,
            query: ViewQuery::default(),
            column_sort: (SortColumn::Date, true),
            view: FilteredView::default(),
            selection: Selection::default(),
            shown: None,
        };
        preview.refresh();
        Some(preview)
    }

    /// How many records the saved index has.
    pub fn records(&self) -> usize {
        self.saved.index.len()
    }

    /// Record files that changed since the index was saved and could not be read.
    pub fn unreadable(&self) -> usize {
        self.saved.unreadable.len()
    }

    /// The search, filters and sort of the list.
    pub fn query(&self) -> &ViewQuery {
        &self.query
    }

    /// The list.
    pub fn view(&self) -> &FilteredView {
        &self.view
    }

    /// The selected records.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// The column sort the list returns to when a search is cleared, and sorts by
    /// now unless a search ranks it.
    pub fn set_column_sort(&mut self, column: SortColumn, ascending: bool) {
        if column == SortColumn::Relevance {
            return;
        }
        self.column_sort = (column, ascending);
        if self.query.sort != SortColumn::Relevance {
            (self.query.sort, self.query.ascending) = (column, ascending);
        }
        self.refresh();
    }

    /// The column sort to remember.
    pub fn column_sort(&self) -> (SortColumn, bool) {
        self.column_sort
    }

    /// Changes the search text (see [`ViewQuery::set_text`]).
    pub fn set_search(&mut self, text: &str) {
        self.query.set_text(text, self.column_sort);
        self.refresh();
    }

    /// Sorts by a column (see [`ViewQuery::sort_by`]).
    pub fn sort_by(&mut self, column: SortColumn) {
        if let Some(sort) = self.query.sort_by(column) {
            self.column_sort = sort;
        }
        self.refresh();
    }

    /// Answers the query when it changed; a new search deselects what it hides.
    fn refresh(&mut self) {
        if !self.view.update_from_index(&self.saved.index, &self.query) {
            return;
        }
        let (view, index) = (&self.view, &self.saved.index);
        self.selection.retain(|id| view.shows(id, Some(index)));
        self.read_current();
    }

    /// The id and what the list shows of the record at `row`.
    pub fn listing(&self, row: usize) -> Option<(&RecordId, Listing<'_>)> {
        let id = self.view.ids.get(row)?;
        Some((id, self.saved.index.listing(id)?))
    }

    /// The row of `id` in the list.
    pub fn row_of(&self, id: &RecordId) -> Option<usize> {
        self.view.row_of(id, Some(&self.saved.index))
    }

    /// Selects a record as a click does.
    pub fn select(&mut self, id: RecordId, pick: Pick) {
        match pick {
            Pick::Only => self.selection.select_only(id),
            Pick::Toggle => self.selection.toggle(id),
            Pick::Extend => {
                let (view, index) = (&self.view, &self.saved.index);
                self.selection
                    .extend_to(id, &view.ids, |id| view.row_of(id, Some(index)));
            }
        }
        self.read_current();
    }

    /// Moves the current record by `delta` rows (arrows, Page Up/Down, Home, End).
    pub fn step(&mut self, delta: isize) {
        let (view, index) = (&self.view, &self.saved.index);
        self.selection
            .step(delta, &view.ids, |id| view.row_of(id, Some(index)));
        self.read_current();
    }

    /// The record shown: read from its file when it was selected, or why it could
    /// not be.
    pub fn current(&self) -> Option<Result<&Record, &str>> {
        let (id, record) = self.shown.as_ref()?;
        if self.selection.current() != Some(id) {
            return None;
        }
        Some(record.as_ref().map_err(String::as_str))
    }

    /// Reads the current record's file, when another record became current: one
    /// file, on the thread that asked (a few hundred microseconds).
    fn read_current(&mut self) {
        let Some(current) = self.selection.current() else {
            self.shown = None;
            return;
        };
        if self.shown.as_ref().is_some_and(|(id, _)| id == current) {
            return;
        }
        let path = self.root.join(RECORDS_DIR).join(current.file_name());
        let record = read_whole_record(&path).map_err(|e| e.to_string());
        self.shown = Some((current.clone(), record));
    }

    /// What the session takes over: the index with the key of each file as listed,
    /// the query, the column sort and the selection.
    pub(super) fn into_parts(self) -> (FolderIndex, ViewQuery, (SortColumn, bool), Selection) {
        (self.saved, self.query, self.column_sort, self.selection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Origin;
    use crate::session::{Session, SessionOptions};
    use crate::store::format::{record_from_ron, record_to_ron};

    /// A synthetic catalog whose index was saved by an open, its files older than
    /// the caches' racy window; and where its caches are.
    fn indexed_catalog(count: usize) -> (tempfile::TempDir, PathBuf, CacheOptions) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("c");
        crate::synth::write_catalog(&root, count, 7).unwrap();
        crate::store::age_record_files(&root);
        let cache = CacheOptions {
            dir: tmp.path().join("cache"),
            min_records: 0,
        };
        let mut session = Session::open(&root, &options(&cache)).unwrap();
        session.wait_for_index();
        assert!(cache.index_file_for(&root).is_file());
        (tmp, root, cache)
    }

    fn options(cache: &CacheOptions) -> SessionOptions {
        SessionOptions {
            cache: Some(cache.clone()),
            journal: None,
            index: true,
        }
    }

    fn retitle(root: &Path, id: &RecordId, title: &str) {
        let path = root.join(RECORDS_DIR).join(id.file_name());
        let mut record = record_from_ron(&std::fs::read_to_string(&path).unwrap()).unwrap();
        record.title = title.to_owned();
        std::fs::write(&path, record_to_ron(&record).unwrap()).unwrap();
    }

    fn titles(preview: &Preview) -> Vec<String> {
        (0..preview.view().ids.len())
            .map(|row| preview.listing(row).unwrap().1.title.to_owned())
            .collect()
    }

    #[test]
    fn lists_searches_and_shows_a_record_from_the_saved_index_and_its_file() {
        let (_tmp, root, cache) = indexed_catalog(120);
        let catalog = crate::store::open(&root).unwrap().1;
        // Changed after the index was saved: listed and shown as the file is now.
        let changed = catalog.records().nth(5).unwrap().id.clone();
        retitle(&root, &changed, "Zanzibar memorandum");
        let mut preview = Preview::open(&root, &cache).unwrap();
        assert_eq!(preview.records(), 120);
        assert_eq!(preview.view().ids.len(), 120);
        // By date, as the catalog's list sorts: the same rows in the same order.
        let mut session = Session::open(&root, &SessionOptions::default()).unwrap();
        session.refresh();
        assert_eq!(preview.view().ids, session.view().ids.to_vec());
        // Sorted by title, and back.
        preview.sort_by(SortColumn::Title);
        let mut sorted = titles(&preview);
        sorted.sort_by_key(|t| crate::search::tokenize::fold(t));
        assert_eq!(titles(&preview), sorted);
        // A search ranks the best first; the selection follows the list.
        preview.set_search("zanzibar");
        assert_eq!(preview.query().sort, SortColumn::Relevance);
        assert_eq!(titles(&preview), ["Zanzibar memorandum"]);
        preview.step(1);
        assert_eq!(preview.selection().current(), Some(&changed));
        let shown = preview.current().unwrap().unwrap();
        assert_eq!(shown.title, "Zanzibar memorandum");
        assert!(!shown.texts.is_empty(), "the whole record, texts included");
        assert_eq!(preview.view().highlights, ["zanzibar"]);
        // Cleared: back to the title sort, the record still selected and shown.
        preview.set_search("");
        assert_eq!(preview.query().sort, SortColumn::Title);
        assert_eq!(preview.row_of(&changed).map(|_| ()), Some(()));
        assert_eq!(preview.current().unwrap().unwrap().id, changed);
        // A search that hides it deselects it.
        preview.set_search("nothingmatchesthis");
        assert!(preview.view().ids.is_empty());
        assert!(preview.selection().is_empty() && preview.current().is_none());
    }

    #[test]
    fn a_record_file_gone_since_it_was_selected_says_so() {
        let (_tmp, root, cache) = indexed_catalog(10);
        let mut preview = Preview::open(&root, &cache).unwrap();
        let first = preview.view().ids.get(0).unwrap().clone();
        std::fs::remove_file(root.join(RECORDS_DIR).join(first.file_name())).unwrap();
        preview.step(1);
        let why = preview.current().unwrap().unwrap_err();
        assert!(why.contains(&first.file_name()), "{why}");
    }

    #[test]
    fn no_preview_without_a_saved_index() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("c");
        crate::synth::write_catalog(&root, 10, 7).unwrap();
        let cache = CacheOptions {
            dir: tmp.path().join("cache"),
            min_records: 0,
        };
        assert!(Preview::open(&root, &cache).is_none());
    }

    #[test]
    fn the_session_takes_over_the_index_the_search_and_the_selection() {
        let (_tmp, root, cache) = indexed_catalog(150);
        let mut preview = Preview::open(&root, &cache).unwrap();
        preview.sort_by(SortColumn::Title);
        preview.sort_by(SortColumn::Title);
        preview.step(3);
        let chosen = preview.selection().current().unwrap().clone();
        let rows = preview.view().ids.to_vec();
        // Changed between the preview and the open: the open reads it, and the index
        // taken over is brought up to date with what it read.
        let other = rows.last().unwrap();
        retitle(&root, other, "Quetzal dispatch");
        let (folder, catalog) =
            crate::store::open_locked(&root, Some(&cache), "a test", std::time::Duration::ZERO)
                .unwrap();
        let mut session =
            Session::from_opened_with(folder, catalog, &options(&cache), Some(preview));
        session.wait_for_index();
        assert_eq!(
            session.index.origin(),
            Some(Origin::Saved(crate::search::persist::Refreshed {
                reindexed: 1,
                dropped: 0
            })),
            "taken over, not loaded again nor built"
        );
        session.refresh();
        assert_eq!(session.query().sort, SortColumn::Title);
        assert!(!session.query().ascending);
        assert_eq!(session.column_sort(), (SortColumn::Title, false));
        assert_eq!(session.selection().current(), Some(&chosen));
        assert_eq!(session.view().ids.len(), 150);
        session.set_search("quetzal");
        session.refresh();
        assert_eq!(session.view().ids, vec![other.clone()]);
    }
}
