//! A catalog folder searched by its saved index, without opening the catalog: the
//! record files are listed and their keys compared with the index's, and only the
//! files that changed are read. This is how `folio search` answers in a blink.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::model::RecordId;
use crate::store::cache::{CacheOptions, FileKey};
use crate::store::folder::RECORDS_DIR;
use crate::store::{LoadError, read_whole_record, record_file_keys};

use super::Index;
use super::persist::{self, Refreshed, SavedIndex};

/// The saved index of a catalog folder, brought up to date with its files.
pub struct FolderIndex {
    /// The index.
    pub index: Index,
    /// Record files that changed and could not be read (left out of the index).
    pub unreadable: Vec<LoadError>,
    /// What bringing it up to date did.
    pub refreshed: Refreshed,
    /// Every record file listed, with its key then.
    files: Vec<(RecordId, FileKey)>,
    /// When the files were listed, seconds since the epoch.
    listed_at: i64,
}

impl FolderIndex {
    /// The index with the key of each record's file as it was listed: for the catalog,
    /// once open, to bring up to date with its own reading of the files rather than
    /// load the saved index again.
    pub(crate) fn into_saved(self) -> SavedIndex {
        let mut per_slot = vec![None; self.index.docs.len()];
        for (id, key) in &self.files {
            if let Some(at) = self
                .index
                .slot(id)
                .and_then(|slot| per_slot.get_mut(slot as usize))
            {
                *at = Some(*key);
            }
        }
        SavedIndex::of_index(self.index, per_slot, self.listed_at)
    }
}

/// The saved index of the catalog at `root`, the record files that changed since it
/// was saved read again (and the index saved again when that was worth it, see
/// [`Refreshed::worth_saving`]). `None`
/// when there is no usable saved index, or the folder needs a whole open: the caller
/// then opens the catalog and builds one.
pub fn open_saved(root: &Path, options: &CacheOptions) -> Option<FolderIndex> {
    let path = options.index_file_for(root);
    let listed_at = chrono::Utc::now().timestamp();
    // Reading the index and listing the files at once: each waits on the system.
    let (saved, files) = rayon::join(|| SavedIndex::load(&path), || record_file_keys(root));
    let (saved, files) = (saved?, files?);
    let records_dir = root.join(RECORDS_DIR);
    // Files that cannot be read, and files a git merge left unfinished: neither is
    // in the index (nor its key saved), so each is read again next time.
    let unreadable = Mutex::new(Vec::new());
    let listed = files.iter().map(|(id, key)| (id, Some(*key)));
    let (mut index, refreshed) = saved.refresh(listed, |id| {
        match read_whole_record(&records_dir.join(id.file_name())) {
            Ok(record) => Some(Arc::new(record)),
            Err(e) => {
                lock(&unreadable).push(e);
                None
            }
        }
    })?;
    if refreshed.worth_saving() {
        let keys: FxHashMap<&RecordId, FileKey> =
            files.iter().map(|(id, key)| (id, *key)).collect();
        // Only a copy: if it cannot be written, the next search reads the files again.
        let _ = persist::save(&path, &mut index, |id| keys.get(id).copied());
    }
    let mut unreadable = unreadable.into_inner().unwrap_or_else(|e| e.into_inner());
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Some(FolderIndex {
        index,
        unreadable,
        refreshed,
        files,
        listed_at,
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
