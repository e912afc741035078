//! Which records are selected in the list: click, Ctrl+click, Shift+click, arrows.

use std::collections::BTreeSet;

use crate::model::RecordId;
use crate::search::Hits;

/// How a click picks a record in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// A plain click: only this record.
    Only,
    /// Ctrl+click: add it, or take it out.
    Toggle,
    /// Shift+click: every row from the anchor to it.
    Extend,
}

/// The selected records, the one shown on the right (the current one) and the anchor
/// of Shift+click ranges.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    ids: BTreeSet<RecordId>,
    current: Option<RecordId>,
    anchor: Option<RecordId>,
    /// Counts the changes, so that what is computed from the selection can be cached.
    revision: u64,
}

impl Selection {
    /// The record shown in the document view and editor.
    pub fn current(&self) -> Option<&RecordId> {
        self.current.as_ref()
    }

    /// Every selected id.
    pub fn ids(&self) -> &BTreeSet<RecordId> {
        &self.ids
    }

    /// True when `id` is selected.
    pub fn contains(&self, id: &RecordId) -> bool {
        self.ids.contains(id)
    }

    /// A number that changes whenever the selected records or the current one do.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Number of selected records.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Selects only `id`.
    pub fn select_only(&mut self, id: RecordId) {
        self.revision += 1;
        self.ids.clear();
        self.ids.insert(id.clone());
        self.current = Some(id.clone());
        self.anchor = Some(id);
    }

    /// Ctrl+click: adds or removes `id`.
    pub fn toggle(&mut self, id: RecordId) {
        self.revision += 1;
        if !self.ids.remove(&id) {
            self.ids.insert(id.clone());
            self.current = Some(id.clone());
        } else if self.current.as_ref() == Some(&id) {
            self.current = self.ids.iter().next().cloned();
        }
        self.anchor = Some(id);
    }

    /// Shift+click: selects the rows between the anchor and `id` in `shown` order
    /// (`row_of` finds a record's row in it).
    pub fn extend_to(
        &mut self,
        id: RecordId,
        shown: &Hits,
        row_of: impl Fn(&RecordId) -> Option<usize>,
    ) {
        self.revision += 1;
        let anchor = self.anchor.clone().unwrap_or_else(|| id.clone());
        let a = row_of(&anchor);
        let b = row_of(&id);
        if let (Some(a), Some(b)) = (a, b) {
            let (lo, hi) = (a.min(b), a.max(b));
            self.ids = shown.rows(lo, hi).cloned().collect();
        } else {
            self.ids.insert(id.clone());
        }
        self.current = Some(id);
    }

    /// Selects every shown record.
    pub fn select_all(&mut self, shown: &Hits) {
        self.revision += 1;
        self.ids = shown.iter().cloned().collect();
        if self.current.is_none() {
            self.current = shown.first().cloned();
        }
    }

    /// Moves the current record by `delta` rows (arrows, Page Up/Down), selecting only
    /// it (`row_of` finds a record's row in `shown`).
    pub fn step(
        &mut self,
        delta: isize,
        shown: &Hits,
        row_of: impl Fn(&RecordId) -> Option<usize>,
    ) {
        if shown.is_empty() {
            return;
        }
        let at = self.current.as_ref().and_then(row_of).map_or(0, |i| {
            (i as isize + delta).clamp(0, shown.len() as isize - 1) as usize
        });
        if let Some(id) = shown.get(at) {
            self.select_only(id.clone());
        }
    }

    /// Forgets ids that no longer exist and renames one that was renamed.
    pub fn retain(&mut self, exists: impl Fn(&RecordId) -> bool) {
        self.revision += 1;
        self.ids.retain(|id| exists(id));
        if self.current.as_ref().is_some_and(|c| !exists(c)) {
            self.current = self.ids.iter().next().cloned();
        }
    }

    /// Shows `id` (already selected) in the document view and editor.
    pub fn make_current(&mut self, id: &RecordId) {
        self.revision += 1;
        if self.ids.contains(id) {
            self.current = Some(id.clone());
        }
    }

    /// Clears the selection.
    pub fn clear(&mut self) {
        *self = Self {
            revision: self.revision + 1,
            ..Self::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<RecordId> {
        names.iter().map(|n| RecordId::new(*n).unwrap()).collect()
    }

    #[test]
    fn click_ctrl_click_shift_click_and_arrows() {
        let shown = ids(&["a", "b", "c", "d", "e"]);
        let hits = Hits::of_ids(shown.clone());
        let row = |id: &RecordId| shown.iter().position(|x| x == id);
        let mut s = Selection::default();
        s.select_only(shown[1].clone());
        s.extend_to(shown[3].clone(), &hits, row);
        assert_eq!(
            s.ids().iter().map(|i| i.as_str()).collect::<Vec<_>>(),
            ["b", "c", "d"]
        );
        s.toggle(shown[0].clone());
        assert_eq!(s.len(), 4);
        s.toggle(shown[2].clone());
        assert_eq!(s.len(), 3);
        s.step(1, &hits, row);
        assert_eq!(
            s.current().unwrap().as_str(),
            "b",
            "a was current after Ctrl+click"
        );
        assert_eq!(s.len(), 1);
        s.step(10, &hits, row);
        assert_eq!(s.current().unwrap().as_str(), "e");
        s.step(-10, &hits, row);
        assert_eq!(s.current().unwrap().as_str(), "a");
        s.select_all(&hits);
        assert_eq!(s.len(), 5);
    }
}
