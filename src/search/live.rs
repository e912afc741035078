//! An index that follows a catalog: built on a background thread when the catalog
//! opens (the catalog is usable meanwhile), then kept up to date edit by edit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::store::Catalog;

use super::Index;

enum State {
    Building {
        receiver: Receiver<Index>,
        progress: Arc<AtomicUsize>,
        total: usize,
        /// The catalog's generation the snapshot was taken at.
        generation: u64,
    },
    Ready {
        index: Box<Index>,
        generation: u64,
    },
    /// The build thread died (it cannot, short of running out of memory); searches
    /// fall back to scanning.
    Failed,
    /// No index is wanted (a command that runs once): searches scan.
    Off,
}

/// The search index of an open catalog.
pub struct LiveIndex {
    state: State,
}

impl LiveIndex {
    /// Starts indexing `catalog` in the background.
    pub fn start(catalog: &Catalog) -> LiveIndex {
        let records = catalog.snapshot();
        let total = records.len();
        let progress = Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = channel();
        let counter = Arc::clone(&progress);
        std::thread::spawn(move || {
            let index = Index::build(&records, &counter);
            let _ = sender.send(index);
        });
        LiveIndex {
            state: State::Building {
                receiver,
                progress,
                total,
                generation: catalog.generation(),
            },
        }
    }

    /// No index: searches scan the records.
    pub fn off() -> LiveIndex {
        LiveIndex { state: State::Off }
    }

    /// Whether the build stopped without an index (searches go on by scanning).
    pub fn failed(&self) -> bool {
        matches!(self.state, State::Failed)
    }

    /// The index, once built and in step with the catalog (call [`LiveIndex::sync`]
    /// first).
    pub fn ready(&self) -> Option<&Index> {
        match &self.state {
            State::Ready { index, .. } => Some(index),
            _ => None,
        }
    }

    /// While building: records indexed so far, and the total.
    pub fn progress(&self) -> Option<(usize, usize)> {
        match &self.state {
            State::Building {
                progress, total, ..
            } => Some((progress.load(Ordering::Relaxed).min(*total), *total)),
            _ => None,
        }
    }

    /// The catalog generation the index reflects, once ready.
    pub fn generation(&self) -> Option<u64> {
        match &self.state {
            State::Ready { generation, .. } => Some(*generation),
            _ => None,
        }
    }

    /// Takes a finished build, and applies the catalog's changes since the index's
    /// generation (each changed record re-indexed, each deleted one dropped). Returns
    /// true when the index became ready or changed.
    pub fn sync(&mut self, catalog: &Catalog) -> bool {
        let mut changed = false;
        if let State::Building {
            receiver,
            generation,
            ..
        } = &self.state
        {
            match receiver.try_recv() {
                Ok(index) => {
                    self.state = State::Ready {
                        index: Box::new(index),
                        generation: *generation,
                    };
                    changed = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return false,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.state = State::Failed;
                    return false;
                }
            }
        }
        if let State::Ready { index, generation } = &mut self.state {
            if *generation == catalog.generation() {
                return changed;
            }
            match catalog.changed_since(*generation) {
                Some(ids) => {
                    for id in ids {
                        match catalog.get(&id) {
                            Some(record) => index.update(record),
                            None => index.remove(&id),
                        }
                    }
                    *generation = catalog.generation();
                }
                // The change log no longer reaches back that far: index again.
                None => *self = LiveIndex::start(catalog),
            }
            return true;
        }
        changed
    }

    /// Waits for the build to finish and brings the index up to date.
    pub fn wait(&mut self, catalog: &Catalog) -> Option<&Index> {
        while let State::Building { .. } = self.state {
            if !self.sync(catalog) {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
        self.sync(catalog);
        self.ready()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, FieldValue, Record, RecordId};
    use crate::store::{CatalogSettings, Edit};

    fn ids(index: &Index, q: &str) -> Vec<String> {
        crate::search::index::found_ids(index, q, Some(crate::search::SortColumn::Id), true)
    }

    #[test]
    fn follows_edits_made_during_and_after_the_build() {
        let records =
            (0..50).map(|i| Record::new(RecordId::new(format!("r{i:02}")).unwrap(), "Plain"));
        let mut catalog = Catalog::new(CatalogSettings::new("x"), records);
        let mut live = LiveIndex::start(&catalog);
        // An edit while the index may still be building.
        catalog
            .apply(Edit::set(
                RecordId::new("r01").unwrap(),
                Field::Title,
                FieldValue::Text("Molotov".into()),
            ))
            .unwrap();
        let index = live.wait(&catalog).unwrap();
        assert_eq!(ids(index, "molotov"), ["r01"]);
        catalog
            .apply(Edit::Delete(RecordId::new("r01").unwrap()))
            .unwrap();
        catalog
            .apply(Edit::Add(Box::new(Record::new(
                RecordId::new("new").unwrap(),
                "Molotov again",
            ))))
            .unwrap();
        assert!(live.sync(&catalog));
        assert_eq!(ids(live.ready().unwrap(), "molotov"), ["new"]);
        assert!(!live.sync(&catalog), "nothing changed since");
    }
}
