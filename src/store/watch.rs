//! Watching a catalog folder for changes made outside Folio (a `git pull`, another
//! editor): the paths that changed, for [`super::CatalogFolder::refresh_file`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use notify::{RecursiveMode, Watcher};

use super::folder::{RECORDS_DIR, SETTINGS_FILE};

/// A watch on a catalog's `records/` folder and `catalog.ron`.
pub struct FolderWatcher {
    // Kept alive: dropping it stops the watch.
    _watcher: notify::RecommendedWatcher,
    receiver: Receiver<PathBuf>,
}

impl FolderWatcher {
    /// Starts watching the catalog at `root`; `wake` is called from the watching
    /// thread after each change (the app asks for a frame).
    pub fn start(
        root: &Path,
        wake: impl Fn() + Send + 'static,
    ) -> Result<FolderWatcher, notify::Error> {
        let (sender, receiver) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event {
                    if matches!(event.kind, notify::EventKind::Access(_)) {
                        return;
                    }
                    // Only record files and the settings file: a save's temporary
                    // files and the lock file do not wake the app.
                    let mut relevant = event.paths.into_iter().filter(|p| is_watched(p)).peekable();
                    if relevant.peek().is_none() {
                        return;
                    }
                    for path in relevant {
                        let _ = sender.send(path);
                    }
                    wake();
                }
            })?;
        watcher.watch(&root.join(RECORDS_DIR), RecursiveMode::NonRecursive)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        Ok(FolderWatcher {
            _watcher: watcher,
            receiver,
        })
    }

    /// The record files and settings file that changed since the last call, each
    /// once (temporary files of saves left out); `None` when the watch stopped (its
    /// thread is gone), which the caller must say, as nothing is followed any more.
    pub fn changed(&self) -> Option<BTreeSet<PathBuf>> {
        let mut changed = BTreeSet::new();
        loop {
            match self.receiver.try_recv() {
                Ok(path) => {
                    changed.insert(path);
                }
                Err(TryRecvError::Empty) => return Some(changed),
                Err(TryRecvError::Disconnected) => return None,
            }
        }
    }
}

/// Whether a changed path is one Folio follows: `catalog.ron` or a record file (not a
/// hidden file, which is where saves write before renaming).
fn is_watched(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name == SETTINGS_FILE || (name.ends_with(".ron") && !name.starts_with('.'))
}
