//! The journal of unsaved edits: a copy of every changed record, kept outside the
//! catalog (under the user's data directory) while edits are unsaved, so that a crash
//! or a power cut loses at most the last second of work. Opening the catalog again
//! offers to restore it; saving, or discarding the changes, removes it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Field, Record, RecordId};

use super::{Catalog, Edit};

/// Where journals are kept.
#[derive(Debug, Clone)]
pub struct JournalOptions {
    /// The journal folder.
    pub dir: PathBuf,
}

impl JournalOptions {
    /// `$FOLIO_DATA_DIR/journal`, or the user's data directory + `folio/journal`.
    pub fn default_location() -> Option<JournalOptions> {
        let base = std::env::var_os("FOLIO_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::data_dir().map(|d| d.join("folio")))?;
        Some(JournalOptions {
            dir: base.join("journal"),
        })
    }

    /// The journal file of the catalog at `root`.
    pub fn file_for(&self, root: &Path) -> PathBuf {
        self.dir
            .join(format!("{}.json", super::cache::catalog_key(root)))
    }
}

/// One unsaved record: its state in Folio (`None`: deleted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The record's id.
    pub id: RecordId,
    /// The record as edited, or `None` when it was deleted.
    pub record: Option<Arc<Record>>,
}

/// The unsaved edits of one catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// The catalog folder.
    pub catalog: PathBuf,
    /// When the journal was written.
    pub written: DateTime<Utc>,
    /// Every record changed since the last save.
    pub entries: Vec<JournalEntry>,
}

/// What restoring a journal would change in one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalChange {
    /// A record the catalog does not have.
    Added,
    /// A record the journal deleted.
    Deleted,
    /// These fields differ.
    Fields(Vec<Field>),
}

impl Journal {
    /// The unsaved records of `catalog` (at `root`).
    pub fn of(root: &Path, catalog: &Catalog) -> Journal {
        Journal {
            catalog: root.to_owned(),
            written: Utc::now(),
            entries: catalog
                .dirty()
                .iter()
                .map(|id| JournalEntry {
                    id: id.clone(),
                    record: catalog.get_shared(id),
                })
                .collect(),
        }
    }

    /// Reads a journal; `None` when there is none, or it cannot be read (it is then
    /// left where it is, for a person to look at).
    pub fn read(path: &Path) -> Option<Journal> {
        let bytes = std::fs::read(path).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the journal (temporary file, then rename).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let mut temp = tempfile::Builder::new()
            .prefix(".folio-journal-")
            .tempfile_in(dir)?;
        std::io::Write::write_all(temp.as_file_mut(), &bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// What restoring would change, record by record (records already as in the
    /// journal are left out).
    pub fn changes(&self, catalog: &Catalog) -> Vec<(RecordId, JournalChange)> {
        self.entries
            .iter()
            .filter_map(|entry| {
                let current = catalog.get(&entry.id);
                let change = match (&entry.record, current) {
                    (Some(_), None) => JournalChange::Added,
                    (None, Some(_)) => JournalChange::Deleted,
                    (None, None) => return None,
                    (Some(mine), Some(disk)) => {
                        let fields = Field::differing(mine, disk);
                        if fields.is_empty() {
                            return None;
                        }
                        JournalChange::Fields(fields)
                    }
                };
                Some((entry.id.clone(), change))
            })
            .collect()
    }

    /// The edit that brings `catalog` to the journal's state (one undo step), if
    /// anything differs.
    pub fn restore_edit(&self, catalog: &Catalog) -> Option<Edit> {
        let edits: Vec<Edit> = self
            .changes(catalog)
            .into_iter()
            .filter_map(|(id, change)| {
                let entry = self.entries.iter().find(|e| e.id == id)?;
                Some(match change {
                    JournalChange::Added => {
                        Edit::Add(Box::new(Record::clone(entry.record.as_deref()?)))
                    }
                    JournalChange::Deleted => Edit::Delete(id),
                    JournalChange::Fields(_) => {
                        Edit::Replace(Box::new(Record::clone(entry.record.as_deref()?)))
                    }
                })
            })
            .collect();
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldValue;
    use crate::store::CatalogSettings;

    fn catalog() -> Catalog {
        Catalog::new(
            CatalogSettings::new("x"),
            (0..3).map(|i| crate::synth::synthetic_record(6, i).unwrap()),
        )
    }

    #[test]
    fn unsaved_edits_come_back_after_a_crash() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("journal/j.json");
        let mut edited = catalog();
        let a = RecordId::new("syn-0000000").unwrap();
        let b = RecordId::new("syn-0000001").unwrap();
        edited
            .apply(Edit::set(
                a.clone(),
                Field::Title,
                FieldValue::Text("Edited title".into()),
            ))
            .unwrap();
        edited.apply(Edit::Delete(b.clone())).unwrap();
        let new = Record::new(RecordId::new("new").unwrap(), "New");
        edited.apply(Edit::Add(Box::new(new.clone()))).unwrap();
        Journal::of(tmp.path(), &edited).write(&path).unwrap();

        // The app died; the catalog is opened again as it is on disk.
        let mut reopened = catalog();
        let journal = Journal::read(&path).unwrap();
        let mut changes = journal.changes(&reopened);
        changes.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(
            changes,
            vec![
                (RecordId::new("new").unwrap(), JournalChange::Added),
                (a.clone(), JournalChange::Fields(vec![Field::Title])),
                (b.clone(), JournalChange::Deleted),
            ]
        );
        let edit = journal.restore_edit(&reopened).unwrap();
        reopened.apply(edit).unwrap();
        assert_eq!(reopened.get(&a), edited.get(&a));
        assert!(reopened.get(&b).is_none());
        assert_eq!(reopened.get(&new.id), Some(&new));
        assert!(
            journal.restore_edit(&reopened).is_none(),
            "nothing left to restore"
        );
    }
}
