//! An index that follows a catalog: built on a background thread when the catalog
//! opens (the catalog is usable meanwhile), then kept up to date edit by edit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use rustc_hash::FxHashMap;

use crate::model::{Record, RecordId};
use crate::store::Catalog;
use crate::store::cache::IndexCache;

use super::Index;
use super::persist::{self, Refreshed, SavedIndex};

/// The index of `records`: the saved one brought up to date when it can be, else a
/// new build; and which of the two it is.
fn load_or_build(
    records: &[Arc<Record>],
    cache: Option<&IndexCache>,
    preloaded: Option<super::folder_index::FolderIndex>,
    progress: &AtomicUsize,
) -> (Index, Origin) {
    let refreshed = cache.and_then(|cache| {
        let saved = match preloaded {
            Some(preloaded) => preloaded.into_saved(),
            None => SavedIndex::load(&cache.path)?,
        };
        let files = records.iter().map(|r| (&r.id, cache.key(&r.id)));
        // Only when a record changed since the index was saved (most opens, none).
        let by_id = std::sync::OnceLock::new();
        saved.refresh(files, |id| {
            let by_id: &FxHashMap<&RecordId, &Arc<Record>> =
                by_id.get_or_init(|| records.iter().map(|r| (&r.id, r)).collect());
            by_id.get(id).map(|r| Arc::clone(r))
        })
    });
    match refreshed {
        Some((index, refreshed)) => {
            progress.store(records.len(), Ordering::Relaxed);
            (index, Origin::Saved(refreshed))
        }
        None => (Index::build(records, progress), Origin::Built),
    }
}

/// Where a ready index came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Built from the records.
    Built,
    /// Loaded from the saved index, brought up to date as said.
    Saved(Refreshed),
}

enum State {
    Building {
        receiver: Receiver<(Index, Origin)>,
        progress: Arc<AtomicUsize>,
        total: usize,
        /// The catalog's generation the snapshot was taken at.
        generation: u64,
    },
    Ready {
        index: Box<Index>,
        generation: u64,
        origin: Origin,
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
    /// Starts indexing `catalog` in the background: from the saved index in `cache`
    /// when there is one (re-indexing only the records whose files changed), else
    /// from scratch; a new build, or a saved index that many changes were applied to,
    /// is then saved there for next time.
    pub fn start(catalog: &Catalog, cache: Option<IndexCache>) -> LiveIndex {
        Self::start_from(catalog, cache, None)
    }

    /// As [`LiveIndex::start`], from an index already read (the one the catalog was
    /// browsed with while it opened, see [`super::folder_index::FolderIndex`]) rather than the file.
    pub(crate) fn start_from(
        catalog: &Catalog,
        cache: Option<IndexCache>,
        preloaded: Option<super::folder_index::FolderIndex>,
    ) -> LiveIndex {
        let records = catalog.snapshot();
        let total = records.len();
        let progress = Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = channel();
        let counter = Arc::clone(&progress);
        crate::background::spawn("folio index", move || {
            let (mut index, origin) = load_or_build(&records, cache.as_ref(), preloaded, &counter);
            let save = match origin {
                Origin::Built => true,
                Origin::Saved(refreshed) => refreshed.worth_saving(),
            };
            if save && let Some(cache) = &cache {
                // Only a copy to open faster next time: a failure costs a build then.
                let _ = persist::save(&cache.path, &mut index, |id| cache.key(id));
            }
            let _ = sender.send((index, origin));
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

    /// The index, once ready (ending this live index).
    pub fn into_index(self) -> Option<Index> {
        match self.state {
            State::Ready { index, .. } => Some(*index),
            _ => None,
        }
    }

    /// Where the index came from, once ready.
    pub fn origin(&self) -> Option<Origin> {
        match &self.state {
            State::Ready { origin, .. } => Some(*origin),
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
                Ok((index, origin)) => {
                    self.state = State::Ready {
                        index: Box::new(index),
                        generation: *generation,
                        origin,
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
        if let State::Ready {
            index, generation, ..
        } = &mut self.state
        {
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
                None => *self = LiveIndex::start(catalog, None),
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
    use crate::model::{Field, FieldValue};
    use crate::store::{CatalogSettings, Edit};

    fn ids(index: &Index, q: &str) -> Vec<String> {
        crate::search::index::found_ids(index, q, Some(crate::search::SortColumn::Id), true)
    }

    #[test]
    fn follows_edits_made_during_and_after_the_build() {
        let records =
            (0..50).map(|i| Record::new(RecordId::new(format!("r{i:02}")).unwrap(), "Plain"));
        let mut catalog = Catalog::new(CatalogSettings::new("x"), records);
        let mut live = LiveIndex::start(&catalog, None);
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
