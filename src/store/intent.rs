//! Saves that change several files are all or nothing. A bulk edit, an import or
//! a save of many records first writes every new file beside its record (a
//! temporary file, synced), then writes its intent (`records/.folio-save.ron`:
//! each temporary file and the record file it replaces, each file to remove, each
//! attachments folder to move, with the content stamps of what they held), and only
//! then renames, removes and moves. A kill before the intent is on disk leaves
//! every record as it was (the temporary files are leftovers); a kill after it
//! leaves an intent that the next program to open the catalog for writing
//! completes, and that readers read as completed: either the whole change is seen
//! or none of it.
//!
//! Completing is idempotent: a file already renamed, removed or moved is left as
//! it is. A record file that changed since the intent was written (by another
//! program, between the kill and the next open) is never overwritten: the version
//! the save wrote is kept beside it and both are reported.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::RecordId;

use super::StoreError;
use super::folder::{ATTACHMENTS_DIR, temp_file_for, write_atomically};

/// The intent file's name in `records/` (hidden, with Folio's prefix: never a
/// record, and ignored by git).
pub const INTENT_FILE: &str = ".folio-save.ron";

/// The suffix a completed save's version of a file takes when that file changed
/// meanwhile (kept for the archivist, never read as a record).
const KEPT_SUFFIX: &str = ".unsaved";

/// The content stamp kept for a file's bytes.
pub fn stamp(bytes: &[u8]) -> String {
    format!("{:016x}", crate::model::fnv1a(bytes))
}

/// A file to write in `records/`.
#[derive(Debug, Clone)]
pub struct FileWrite {
    /// Its name (`x.ron`).
    pub name: String,
    /// What to write.
    pub bytes: Vec<u8>,
    /// The stamp of what it holds now; `None` for a new file.
    pub before: Option<String>,
}

/// A file to remove from `records/`, if it still holds what it held.
#[derive(Debug, Clone)]
pub struct FileRemoval {
    /// Its name.
    pub name: String,
    /// The stamp of what it holds.
    pub before: String,
}

/// What one save changes on disk.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Files written.
    pub writes: Vec<FileWrite>,
    /// Files removed.
    pub removals: Vec<FileRemoval>,
    /// Attachment folders moved with their renamed record (`from` to `to`).
    pub moves: Vec<(RecordId, RecordId)>,
}

impl Batch {
    /// How many files and folders it changes.
    pub fn len(&self) -> usize {
        self.writes.len() + self.removals.len() + self.moves.len()
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The intent as written on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Intent {
    #[serde(default)]
    writes: Vec<IntendedWrite>,
    #[serde(default)]
    removals: Vec<IntendedRemoval>,
    #[serde(default)]
    moves: Vec<IntendedMove>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct IntendedWrite {
    /// The record file.
    file: String,
    /// The temporary file holding its new bytes.
    temp: String,
    /// The stamp of what the record file held (`None`: it did not exist).
    before: Option<String>,
    /// The stamp of the new bytes.
    after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct IntendedRemoval {
    file: String,
    before: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct IntendedMove {
    from: RecordId,
    to: RecordId,
}

/// Writes `batch` under `root` (the catalog folder) all or nothing, as the module
/// says. An error before the intent is written leaves every file as it was; an
/// error after it is reported, and the next open completes the save.
pub fn apply(root: &Path, batch: &Batch) -> Result<(), StoreError> {
    let records_dir = root.join(super::folder::RECORDS_DIR);
    let mut intent = Intent::default();
    let mut temps: Vec<tempfile::TempPath> = Vec::with_capacity(batch.writes.len());
    let whole_filesystem = batch.writes.len() >= SYNC_FILESYSTEM_FROM;
    for write in &batch.writes {
        let target = records_dir.join(&write.name);
        let mut temp = temp_file_for(&target)?;
        let not_written = |source| StoreError::NotWritten {
            path: target.clone(),
            source,
        };
        std::io::Write::write_all(&mut temp, &write.bytes).map_err(not_written)?;
        if !whole_filesystem {
            temp.as_file().sync_all().map_err(not_written)?;
        }
        let temp = temp.into_temp_path();
        intent.writes.push(IntendedWrite {
            file: write.name.clone(),
            temp: file_name(&temp),
            before: write.before.clone(),
            after: stamp(&write.bytes),
        });
        temps.push(temp);
    }
    intent.removals = batch
        .removals
        .iter()
        .map(|r| IntendedRemoval {
            file: r.name.clone(),
            before: r.before.clone(),
        })
        .collect();
    intent.moves = batch
        .moves
        .iter()
        .map(|(from, to)| IntendedMove {
            from: from.clone(),
            to: to.clone(),
        })
        .collect();
    // The temporary files (their bytes and names) must be on disk before an intent
    // names them.
    if whole_filesystem {
        sync_filesystem(&records_dir)?;
    } else {
        sync_dir(&records_dir)?;
    }
    let text =
        ron::ser::to_string_pretty(&intent, ron::ser::PrettyConfig::default()).map_err(|e| {
            StoreError::NotWritten {
                path: records_dir.join(INTENT_FILE),
                source: std::io::Error::other(e),
            }
        })?;
    write_atomically(&records_dir.join(INTENT_FILE), text.as_bytes(), true)?;
    // From here the intent owns the temporary files: they are renamed, not deleted.
    for temp in temps {
        let _ = temp.keep();
    }
    let completion = complete(root);
    match completion.problems.into_iter().next() {
        None => Ok(()),
        Some(problem) => Err(StoreError::NotWritten {
            path: records_dir.join(INTENT_FILE),
            source: std::io::Error::other(format!(
                "{problem}; the save is completed the next time the catalog is opened"
            )),
        }),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// From how many files a save makes them durable with one sync of the whole
/// filesystem rather than one per file: a sync costs about as much as a few file
/// syncs, but a thousand file syncs are a thousand waits on the disk (an import of
/// 10,000 records took 3.9 s, 1.0 s so). Only where the system has `syncfs`.
const SYNC_FILESYSTEM_FROM: usize = if cfg!(target_os = "linux") {
    16
} else {
    usize::MAX
};

/// Makes everything written on the filesystem of `dir` durable: file contents, and
/// the directory entries of new files. Linux's `syncfs`, which reports a failed
/// write-back of any file since it was opened (kernels from 5.8).
#[cfg(target_os = "linux")]
fn sync_filesystem(dir: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: dir.to_owned(),
        source,
    };
    let folder = fs::File::open(dir).map_err(io)?;
    rustix::fs::syncfs(&folder).map_err(|e| io(e.into()))
}

/// Elsewhere never used ([`SYNC_FILESYSTEM_FROM`]): each file is synced.
#[cfg(not(target_os = "linux"))]
fn sync_filesystem(dir: &Path) -> Result<(), StoreError> {
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|source| StoreError::Io {
            path: dir.to_owned(),
            source,
        })
}

/// What completing an interrupted save did.
#[derive(Debug, Default)]
pub struct Completion {
    /// Whether an intent was found.
    pub found: bool,
    /// What could not be done, and why (the intent is then kept, or the save's
    /// version of a file kept beside it).
    pub problems: Vec<String>,
}

/// Completes the save whose intent is in `root`'s `records/`, if any: renames
/// each temporary file over its record file (unless that file changed since),
/// removes the files to remove (if unchanged), moves the attachment folders, then
/// removes the intent. Run only by the program holding the catalog's lock.
pub fn complete(root: &Path) -> Completion {
    let records_dir = root.join(super::folder::RECORDS_DIR);
    let mut done = Completion::default();
    let intent = match read_intent(&records_dir) {
        Ok(None) => return done,
        Ok(Some(intent)) => intent,
        Err(problem) => {
            done.found = true;
            done.problems.push(problem);
            return done;
        }
    };
    done.found = true;
    let mut finished = true;
    for write in &intent.writes {
        let target = records_dir.join(&write.file);
        let temp = records_dir.join(&write.temp);
        if !temp.exists() {
            // Renamed already.
            continue;
        }
        let now = current_stamp(&target);
        if now == write.before || now.as_ref() == Some(&write.after) {
            if let Err(e) = fs::rename(&temp, &target) {
                finished = false;
                done.problems
                    .push(format!("{}: cannot be written ({e})", target.display()));
            }
        } else {
            // Changed by another program since: theirs stays, ours is kept beside.
            let kept = records_dir.join(format!("{}{KEPT_SUFFIX}", write.temp));
            match fs::rename(&temp, &kept) {
                Ok(()) => done.problems.push(format!(
                    "{}: changed since an interrupted save began, so that save did not overwrite it; the version it saved is in {}",
                    target.display(),
                    kept.display()
                )),
                Err(e) => {
                    finished = false;
                    done.problems
                        .push(format!("{}: cannot be set aside ({e})", temp.display()));
                }
            }
        }
    }
    for removal in &intent.removals {
        let target = records_dir.join(&removal.file);
        match current_stamp(&target) {
            None => {}
            Some(now) if now == removal.before => {
                if let Err(e) = fs::remove_file(&target) {
                    finished = false;
                    done.problems
                        .push(format!("{}: cannot be removed ({e})", target.display()));
                }
            }
            Some(_) => done.problems.push(format!(
                "{}: changed since an interrupted save that removes it began, so it was kept",
                target.display()
            )),
        }
    }
    for m in &intent.moves {
        if let Err(problem) = move_folder(root, &m.from, &m.to) {
            finished = false;
            done.problems.push(problem);
        }
    }
    if let Err(e) = sync_dir(&records_dir) {
        finished = false;
        done.problems.push(e.to_string());
    }
    if finished {
        if let Err(e) = fs::remove_file(records_dir.join(INTENT_FILE)) {
            done.problems.push(format!(
                "{}: cannot be removed ({e})",
                records_dir.join(INTENT_FILE).display()
            ));
        } else if let Err(e) = sync_dir(&records_dir) {
            done.problems.push(e.to_string());
        }
    }
    done
}

/// Moves `attachments/<from>/` to `attachments/<to>/` for an interrupted save:
/// done when `from` is gone; refused when both hold files (never mixed).
fn move_folder(root: &Path, from: &RecordId, to: &RecordId) -> Result<(), String> {
    let base = root.join(ATTACHMENTS_DIR);
    let (old, new) = (base.join(from.as_str()), base.join(to.as_str()));
    if !old.is_dir() {
        return Ok(());
    }
    super::attachments::move_record_folder(root, from, to).map_err(|e| {
        format!(
            "{}: cannot be moved to {} ({e})",
            old.display(),
            new.display()
        )
    })
}

fn current_stamp(path: &Path) -> Option<String> {
    fs::read(path).ok().map(|bytes| stamp(&bytes))
}

fn read_intent(records_dir: &Path) -> Result<Option<Intent>, String> {
    let path = records_dir.join(INTENT_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => ron::from_str(&text).map(Some).map_err(|e| {
            format!(
                "{}: an interrupted save's intent cannot be read ({e}); it is left as it is",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: cannot be read ({e})", path.display())),
    }
}

/// A record file as an interrupted save left it, for a reader that may not
/// complete the save (it does not hold the lock): what the file will hold once the
/// save is completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// The file's new bytes are in this temporary file.
    Written(PathBuf),
    /// The file is to be removed.
    Removed,
}

/// The record files an interrupted save would change, by name, as readers see them
/// (only those whose current bytes are what the save expected); `None` when there
/// is no intent, or it cannot be read.
pub fn pending(records_dir: &Path) -> Option<Vec<(String, Pending)>> {
    let intent = read_intent(records_dir).ok()??;
    let mut pending = Vec::new();
    for write in intent.writes {
        let temp = records_dir.join(&write.temp);
        if temp.exists() && current_stamp(&records_dir.join(&write.file)) == write.before {
            pending.push((write.file, Pending::Written(temp)));
        }
    }
    for removal in intent.removals {
        if current_stamp(&records_dir.join(&removal.file)).as_ref() == Some(&removal.before) {
            pending.push((removal.file, Pending::Removed));
        }
    }
    Some(pending)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_owned();
        fs::create_dir_all(root.join("records")).unwrap();
        (tmp, root)
    }

    fn write(name: &str, bytes: &str, before: Option<&str>) -> FileWrite {
        FileWrite {
            name: name.to_owned(),
            bytes: bytes.as_bytes().to_vec(),
            before: before.map(|b| stamp(b.as_bytes())),
        }
    }

    #[test]
    fn a_batch_writes_and_removes_every_file_and_leaves_no_intent() {
        let (_tmp, root) = catalog();
        let records = root.join("records");
        fs::write(records.join("a.ron"), "old a").unwrap();
        fs::write(records.join("gone.ron"), "gone").unwrap();
        let batch = Batch {
            writes: vec![
                write("a.ron", "new a", Some("old a")),
                write("b.ron", "b", None),
            ],
            removals: vec![FileRemoval {
                name: "gone.ron".into(),
                before: stamp(b"gone"),
            }],
            moves: Vec::new(),
        };
        apply(&root, &batch).unwrap();
        assert_eq!(fs::read_to_string(records.join("a.ron")).unwrap(), "new a");
        assert_eq!(fs::read_to_string(records.join("b.ron")).unwrap(), "b");
        assert!(!records.join("gone.ron").exists());
        let left: Vec<_> = fs::read_dir(&records).unwrap().collect();
        assert_eq!(left.len(), 2, "no intent, no temporary file");
    }

    #[test]
    fn an_intent_left_by_a_kill_is_completed_without_overwriting_a_later_change() {
        let (_tmp, root) = catalog();
        let records = root.join("records");
        for name in ["a.ron", "b.ron", "c.ron"] {
            fs::write(records.join(name), format!("old {name}")).unwrap();
        }
        fs::write(records.join(".folio-1.tmp"), "new a.ron").unwrap();
        fs::write(records.join(".folio-2.tmp"), "new b.ron").unwrap();
        let intent = Intent {
            writes: vec![
                IntendedWrite {
                    file: "a.ron".into(),
                    temp: ".folio-1.tmp".into(),
                    before: Some(stamp(b"old a.ron")),
                    after: stamp(b"new a.ron"),
                },
                IntendedWrite {
                    file: "b.ron".into(),
                    temp: ".folio-2.tmp".into(),
                    before: Some(stamp(b"old b.ron")),
                    after: stamp(b"new b.ron"),
                },
            ],
            removals: vec![IntendedRemoval {
                file: "c.ron".into(),
                before: stamp(b"old c.ron"),
            }],
            moves: Vec::new(),
        };
        fs::write(
            records.join(INTENT_FILE),
            ron::ser::to_string(&intent).unwrap(),
        )
        .unwrap();
        // Readers see the save whole before anyone completes it.
        let seen = pending(&records).unwrap();
        assert_eq!(seen.len(), 3);
        // Someone changed b.ron between the kill and this open.
        fs::write(records.join("b.ron"), "edited elsewhere").unwrap();
        let done = complete(&root);
        assert!(done.found);
        assert_eq!(
            fs::read_to_string(records.join("a.ron")).unwrap(),
            "new a.ron"
        );
        assert_eq!(
            fs::read_to_string(records.join("b.ron")).unwrap(),
            "edited elsewhere",
            "never overwritten"
        );
        assert_eq!(
            fs::read_to_string(records.join(".folio-2.tmp.unsaved")).unwrap(),
            "new b.ron",
            "the save's version kept beside it"
        );
        assert_eq!(done.problems.len(), 1, "{:?}", done.problems);
        assert!(!records.join("c.ron").exists());
        assert!(!records.join(INTENT_FILE).exists());
        // Completing again does nothing.
        assert!(!complete(&root).found);
    }
}
