//! Renaming a record is two files: the new one written, the old one removed, and the
//! records that relate to it rewritten. Saves write all of that under one intent
//! (see [`super::intent`]). Folio before that kept a rename's own intent
//! (`records/.folio-renames.ron`: each old id, new id, and the old file's content
//! stamp); an open that finds one left by such a save completes it: the old file
//! goes (if it is still the one the rename started from), and links to the old id
//! are pointed at the new one.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{Record, RecordId};

use super::StoreError;

/// The intent file's name in `records/` (hidden: never read as a record).
pub const INTENT_FILE: &str = ".folio-renames.ron";

/// One rename an interrupted save of an earlier Folio was making.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRename {
    /// The old id.
    pub from: RecordId,
    /// The new id.
    pub to: RecordId,
    /// The content stamp (FNV-1a) of the old file when the save began: the old file
    /// is removed by a repair only if it still holds exactly that.
    pub from_stamp: String,
}

/// The stamp kept for an old file's bytes.
pub fn file_stamp(bytes: &[u8]) -> String {
    format!("{:016x}", crate::model::fnv1a(bytes))
}

/// The net renames of a sequence of renames (`a→b`, `b→c` is `a→c`; `a→b`, `b→a`
/// is nothing), as (original id, final id).
pub fn net_renames(renames: &[(RecordId, RecordId)]) -> Vec<(RecordId, RecordId)> {
    // Final id → original id.
    let mut origin: BTreeMap<RecordId, RecordId> = BTreeMap::new();
    for (from, to) in renames {
        let original = origin.remove(from).unwrap_or_else(|| from.clone());
        origin.insert(to.clone(), original);
    }
    origin
        .into_iter()
        .filter(|(to, from)| to != from)
        .map(|(to, from)| (from, to))
        .collect()
}

/// Removes the intent once every rename it holds is done.
pub fn finish(records_dir: &Path) -> Result<(), StoreError> {
    let path = records_dir.join(INTENT_FILE);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io { path, source }),
    }
}

/// The renames an interrupted save left to complete (none when there is no intent;
/// an intent that cannot be read is reported by the caller and left alone).
pub fn unfinished(records_dir: &Path) -> Result<Vec<PendingRename>, String> {
    match std::fs::read_to_string(records_dir.join(INTENT_FILE)) {
        Ok(text) => ron::from_str(&text).map_err(|e| e.to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// What completing the interrupted renames changes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Repair {
    /// Old record files to remove (their record is dropped from what was loaded).
    pub remove: Vec<RecordId>,
    /// Records whose links were pointed at the new id (their files to rewrite).
    pub relinked: Vec<RecordId>,
    /// Renames left as they are, with why (the old file changed since).
    pub kept: Vec<String>,
}

/// Completes `renames` on the records loaded: an old record whose new file exists is
/// dropped (if its file is still as the rename found it: `old_file_bytes`), and
/// links to old ids point at the new ones.
pub fn complete(
    renames: &[PendingRename],
    records: &mut Vec<Arc<Record>>,
    old_file_bytes: impl Fn(&RecordId) -> Option<Vec<u8>>,
) -> Repair {
    let mut repair = Repair::default();
    let mut relink: BTreeMap<RecordId, RecordId> = BTreeMap::new();
    for rename in renames {
        let new_exists = records.iter().any(|r| r.id == rename.to);
        if !new_exists {
            // The save died before writing the new file: the old one stands.
            continue;
        }
        let old_loaded = records.iter().any(|r| r.id == rename.from);
        if old_loaded {
            let untouched = old_file_bytes(&rename.from)
                .is_some_and(|bytes| file_stamp(&bytes) == rename.from_stamp);
            if !untouched {
                repair.kept.push(format!(
                    "{} and {} are both here: a rename was interrupted and {} changed since; keep one of them",
                    rename.from, rename.to, rename.from
                ));
                continue;
            }
            records.retain(|r| r.id != rename.from);
            repair.remove.push(rename.from.clone());
        }
        relink.insert(rename.from.clone(), rename.to.clone());
    }
    for record in records.iter_mut() {
        if record.related.iter().any(|id| relink.contains_key(id)) {
            for id in &mut Arc::make_mut(record).related {
                if let Some(to) = relink.get(id) {
                    *id = to.clone();
                }
            }
            repair.relinked.push(record.id.clone());
        }
    }
    repair
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> RecordId {
        RecordId::new(s).unwrap()
    }

    #[test]
    fn chains_and_round_trips_of_renames_net_out() {
        let renames = [
            (id("a"), id("b")),
            (id("b"), id("c")),
            (id("x"), id("y")),
            (id("y"), id("x")),
        ];
        assert_eq!(net_renames(&renames), vec![(id("a"), id("c"))]);
    }

    #[test]
    fn an_interrupted_rename_is_completed_only_over_an_untouched_old_file() {
        let mut old = Record::new(id("old"), "T");
        old.related = vec![id("other")];
        let mut new = old.clone();
        new.id = id("new");
        let mut other = Record::new(id("other"), "O");
        other.related = vec![id("old")];
        let bytes = b"the old file".to_vec();
        let rename = PendingRename {
            from: id("old"),
            to: id("new"),
            from_stamp: file_stamp(&bytes),
        };
        let mut records: Vec<Arc<Record>> = [old.clone(), new.clone(), other.clone()]
            .map(Arc::new)
            .into();
        let repair = complete(std::slice::from_ref(&rename), &mut records, |_| {
            Some(bytes.clone())
        });
        assert_eq!(repair.remove, vec![id("old")]);
        assert_eq!(repair.relinked, vec![id("other")]);
        assert!(records.iter().all(|r| r.id != id("old")));
        assert_eq!(records[1].related, vec![id("new")]);
        // The old file changed since the rename began: both stay, and it is said.
        let mut records: Vec<Arc<Record>> = [old, new, other].map(Arc::new).into();
        let repair = complete(&[rename], &mut records, |_| Some(b"edited".to_vec()));
        assert!(repair.remove.is_empty() && repair.kept.len() == 1);
        assert_eq!(records.len(), 3);
    }
}
