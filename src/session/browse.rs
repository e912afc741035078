//! Browsing the list: the search text, facet filters, sort and selection.

use crate::model::RecordId;

use super::{Facet, Pick, Pinned, Session, SortColumn};

impl Session {
    /// The column sort the list returns to when a search is cleared (the app
    /// remembers it between runs).
    pub fn column_sort(&self) -> (SortColumn, bool) {
        self.column_sort
    }

    /// Sets the remembered column sort, and the list's sort unless a search ranks it.
    pub fn set_column_sort(&mut self, column: SortColumn, ascending: bool) {
        if column == SortColumn::Relevance {
            return;
        }
        self.column_sort = (column, ascending);
        if self.query.sort != SortColumn::Relevance {
            self.query.sort = column;
            self.query.ascending = ascending;
        }
    }

    /// Changes the search text. A new search ranks the list best first; clearing it
    /// goes back to the column sort.
    pub fn set_search(&mut self, text: &str) {
        self.query.set_text(text, self.column_sort);
    }

    /// Sorts by a column; the same column again flips the order. Relevance belongs
    /// to a search: the remembered sort is always a column.
    pub fn sort_by(&mut self, column: SortColumn) {
        if let Some(sort) = self.query.sort_by(column) {
            self.column_sort = sort;
        }
    }

    /// Narrows the list to records with this facet value.
    pub fn add_filter(&mut self, facet: Facet, value: String) {
        if !self
            .query
            .filters
            .iter()
            .any(|(f, v)| *f == facet && *v == value)
        {
            self.query.filters.push((facet, value));
        }
    }

    /// Narrows the list to `ids` under a chip named `label`, and selects them (the
    /// records an import just brought). The search and filters are cleared: they
    /// would hide some of them.
    pub fn pin(&mut self, label: &str, ids: Vec<RecordId>) {
        self.show_every_record();
        self.selection.clear();
        if let Some(first) = ids.first() {
            self.selection.select_only(first.clone());
        }
        for id in ids.iter().skip(1) {
            self.selection.toggle(id.clone());
        }
        // The first stays the record shown.
        if let Some(first) = ids.first() {
            self.selection.make_current(first);
        }
        self.query.pinned = Some(Pinned {
            label: label.to_owned(),
            ids: std::sync::Arc::new(ids.into_iter().collect()),
        });
    }

    /// Shows every record again (the chip removed).
    pub fn unpin(&mut self) {
        self.query.pinned = None;
    }

    /// Clears the search text, the filters and the pinned records.
    pub fn show_every_record(&mut self) {
        self.set_search("");
        self.query.filters.clear();
        self.query.pinned = None;
    }

    /// Removes the facet filter at `index`.
    pub fn remove_filter(&mut self, index: usize) {
        if index < self.query.filters.len() {
            self.query.filters.remove(index);
        }
    }

    /// The row of `id` in the list, if shown.
    pub fn row_of(&self, id: &RecordId) -> Option<usize> {
        self.view.row_of(id, self.index.ready())
    }

    /// Selects a record as a click does.
    pub fn select(&mut self, id: RecordId, pick: Pick) {
        match pick {
            Pick::Only => self.selection.select_only(id),
            Pick::Toggle => self.selection.toggle(id),
            Pick::Extend => {
                let (view, index) = (&self.view, self.index.ready());
                self.selection
                    .extend_to(id, &view.ids, |id| view.row_of(id, index));
            }
        }
    }

    /// Moves the current record by `delta` rows of the list (arrows, Page Up/Down).
    pub fn step(&mut self, delta: isize) {
        let (view, index) = (&self.view, self.index.ready());
        self.selection
            .step(delta, &view.ids, |id| view.row_of(id, index));
    }

    /// Selects every record the list shows.
    pub fn select_all(&mut self) {
        self.selection.select_all(&self.view.ids);
    }
}
