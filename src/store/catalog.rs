//! The catalog in memory: settings, records, a generation counter and dirty tracking.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{MAX_ID_LEN, Record, RecordId};

use super::edit::{Edit, EditError};

/// The newest `format_version` this build reads and writes. Version 3 is written only
/// by a catalog that uses what version 2 lacks (`base_url`, `oai_repository`,
/// `names`), so that the Folio before it opens that catalog read-only, keeping them,
/// rather than refusing it; every other catalog stays at [`RECORDS_FORMAT_VERSION`].
pub const FORMAT_VERSION: u32 = 3;

/// The format of the record files (version 2: no `modified` stamp), and of a
/// `catalog.ron` that uses none of version 3's settings.
pub const RECORDS_FORMAT_VERSION: u32 = 2;

/// The contents of `catalog.ron`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogSettings {
    /// The version of the folder format; a newer one opens read-only.
    pub format_version: u32,
    /// The catalog's name (window title, exports).
    pub name: String,
    /// What the collection is and where it comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The holding archive's name, as used in citations
    /// (`History and Public Policy Program Digital Archive`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub archive_name: String,
    /// The catalog's address on the web (`https://archive.example.org/`): attachment
    /// links in exports are absolute under it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub base_url: String,
    /// The repository identifier of the OAI-PMH `oai:` identifiers
    /// (`archive.example.org`); when empty, the host of [`Self::base_url`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub oai_repository: String,
    /// People whose name order the archivist settled (see [`NameEntry`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<NameEntry>,
    /// Searches saved by name, listed in the sidebar (kept here so that they are
    /// versioned with the catalog).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub saved_searches: Vec<SavedSearch>,
}

/// How a name is ordered, settled once for the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameOrder {
    /// Family name first, written without a comma (`Zhou Enlai`, `Kim Il Sung`).
    FamilyFirst,
    /// Given names first (`Kim Christiaens`, `Lee H. Hamilton`).
    GivenFirst,
    /// An institution's name, or one never split (`Wang` alone, a pen name).
    Whole,
}

/// A person's name as the archivist settled it: its order and its other spellings,
/// used by every export and citation instead of guessing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameEntry {
    /// The name as the catalog writes it (`Zhou Enlai`).
    pub name: String,
    /// Its order.
    pub order: NameOrder,
    /// The family name, where it is not one word (`Ouyang`, `van der Berg`): by
    /// default the first word of a family-first name, the last of a given-first one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub family: String,
    /// Other spellings of the same name (`Chou En-lai`), ordered the same way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
}

/// A search saved by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedSearch {
    /// The name shown in the sidebar.
    pub name: String,
    /// The query, in the query language.
    pub query: String,
}

impl CatalogSettings {
    /// Settings for a new catalog.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            format_version: RECORDS_FORMAT_VERSION,
            name: name.into(),
            description: String::new(),
            archive_name: String::new(),
            base_url: String::new(),
            oai_repository: String::new(),
            names: Vec::new(),
            saved_searches: Vec::new(),
        }
    }
}

/// What is wrong with a catalog's web address, if anything: it must be one
/// (`https://…` or `http://…`), or empty.
pub fn base_url_problem(url: &str) -> Option<&'static str> {
    let url = url.trim();
    (!(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")))
        .then_some("a web address starts with https:// or http://")
}

impl CatalogSettings {
    /// The oldest `format_version` that holds these settings: 3 when they use the
    /// catalog's web address, OAI-PMH repository or names list, else 2.
    pub fn needed_format(&self) -> u32 {
        if self.base_url.is_empty() && self.oai_repository.is_empty() && self.names.is_empty() {
            RECORDS_FORMAT_VERSION
        } else {
            FORMAT_VERSION
        }
    }
}

/// All records of a catalog, in memory.
///
/// Every change goes through [`Catalog::apply`], which returns the inverse edit (for
/// undo), bumps [`Catalog::generation`] (so views can cache against it), marks the
/// records it touched dirty.
#[derive(Debug, Clone)]
pub struct Catalog {
    settings: CatalogSettings,
    // Shared and copy-on-write: a background task (the search index) can hold a
    // snapshot of every record without copying them.
    records: BTreeMap<RecordId, Arc<Record>>,
    generation: u64,
    dirty: BTreeSet<RecordId>,
    read_only: Option<String>,
    /// Which records each generation changed, so that caches can update only those.
    change_log: Vec<(u64, RecordId)>,
    /// The oldest generation the log still covers.
    log_start: u64,
    /// Renames applied since the last save, in order (undoing one adds the reverse),
    /// for the save to make them safely (see `store::rename`).
    renames: Vec<(RecordId, RecordId)>,
}

/// How many changed ids the log keeps before forgetting the oldest half.
const CHANGE_LOG_LIMIT: usize = 100_000;

impl Catalog {
    /// A catalog holding `records` as loaded from disk (nothing dirty).
    pub fn new(settings: CatalogSettings, records: impl IntoIterator<Item = Record>) -> Self {
        Self::of_shared(settings, records.into_iter().map(Arc::new))
    }

    /// As [`Catalog::new`], with records already shared (an open puts each in its
    /// place on the thread that read it, rather than moving a million records again).
    pub fn of_shared(
        settings: CatalogSettings,
        records: impl IntoIterator<Item = Arc<Record>>,
    ) -> Self {
        Self {
            settings,
            records: records.into_iter().map(|r| (r.id.clone(), r)).collect(),
            generation: 0,
            dirty: BTreeSet::new(),
            read_only: None,
            change_log: Vec::new(),
            log_start: 0,
            renames: Vec::new(),
        }
    }

    /// The catalog's settings.
    pub fn settings(&self) -> &CatalogSettings {
        &self.settings
    }

    /// Replaces the settings (the caller writes `catalog.ron`).
    pub fn set_settings(&mut self, settings: CatalogSettings) {
        self.settings = settings;
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when the catalog holds no record.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// A record by id.
    pub fn get(&self, id: &RecordId) -> Option<&Record> {
        self.records.get(id).map(|r| &**r)
    }

    /// True when a record with this id exists.
    pub fn contains(&self, id: &RecordId) -> bool {
        self.records.contains_key(id)
    }

    /// An id no record has: `base` itself when free, else `base-2`, `base-3`…,
    /// `base` shortened so that the suffix fits the id's length limit. `None` when
    /// `base` cannot make an id.
    pub fn free_id(&self, base: &str) -> Option<RecordId> {
        self.free_id_avoiding(base, |_| false)
    }

    /// Like [`Catalog::free_id`], the id also not one of those `taken` says are
    /// (ids an import plans to give before it gives them; up to 100,000 of them
    /// share a base before none is found).
    pub fn free_id_avoiding(
        &self,
        base: &str,
        taken: impl Fn(&RecordId) -> bool,
    ) -> Option<RecordId> {
        (1usize..).take(self.records.len() + 100_001).find_map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            let keep = base.len().min(MAX_ID_LEN.saturating_sub(suffix.len()));
            let stem = base.get(..keep)?;
            RecordId::new(format!("{stem}{suffix}"))
                .ok()
                .filter(|id| !self.contains(id) && !taken(id))
        })
    }

    /// All records, in id order.
    pub fn records(&self) -> impl ExactSizeIterator<Item = &Record> + Clone {
        self.records.values().map(|r| &**r)
    }

    /// Every record, shared (cheap: no record is copied), in id order.
    pub fn snapshot(&self) -> Vec<Arc<Record>> {
        self.records.values().cloned().collect()
    }

    /// A record, shared.
    pub fn get_shared(&self, id: &RecordId) -> Option<Arc<Record>> {
        self.records.get(id).cloned()
    }

    /// Changes on every applied edit; caches of derived data compare against it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Ids of records changed (added, edited, deleted, renamed) since the last save.
    pub fn dirty(&self) -> &BTreeSet<RecordId> {
        &self.dirty
    }

    /// True when there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// The records changed since `generation` (added, edited, deleted, renamed or
    /// reloaded); `None` when the log no longer reaches back that far, in which case a
    /// cache must be rebuilt.
    pub fn changed_since(&self, generation: u64) -> Option<BTreeSet<RecordId>> {
        if generation < self.log_start {
            return None;
        }
        Some(
            self.change_log
                .iter()
                .filter(|(g, _)| *g > generation)
                .map(|(_, id)| id.clone())
                .collect(),
        )
    }

    fn log_change(&mut self, id: &RecordId) {
        if self.change_log.len() >= CHANGE_LOG_LIMIT {
            let keep = self.change_log.split_off(CHANGE_LOG_LIMIT / 2);
            self.log_start = self.change_log.last().map_or(self.log_start, |(g, _)| *g);
            self.change_log = keep;
        }
        self.change_log.push((self.generation + 1, id.clone()));
    }

    /// Marks a record changed, so that the next save writes its file (a file with
    /// conflict markers resolved to one side).
    pub(crate) fn mark_changed(&mut self, id: &RecordId) {
        self.touch(id);
        self.generation += 1;
    }

    fn touch(&mut self, id: &RecordId) {
        self.dirty.insert(id.clone());
        self.log_change(id);
    }

    /// The renames applied since they were last saved, in order.
    pub(crate) fn renames(&self) -> &[(RecordId, RecordId)] {
        &self.renames
    }

    /// Forgets the renames (the store saved them all).
    pub(crate) fn clear_renames(&mut self) {
        self.renames.clear();
    }

    /// Marks a record as saved (called by the store after writing it).
    pub(crate) fn mark_saved(&mut self, id: &RecordId) {
        self.dirty.remove(id);
    }

    /// Why the catalog cannot be changed, when it cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Forbids every edit, with the reason shown to the user.
    pub fn set_read_only(&mut self, reason: impl Into<String>) {
        self.read_only = Some(reason.into());
    }

    /// Replaces a record with the version found on disk, without making it dirty
    /// (used when the user chooses the disk's version in a conflict).
    pub(crate) fn reload_record(&mut self, record: Record) {
        self.dirty.remove(&record.id);
        self.log_change(&record.id);
        self.records.insert(record.id.clone(), Arc::new(record));
        self.generation += 1;
    }

    /// Forgets a record deleted on disk, without making it dirty.
    pub(crate) fn forget_record(&mut self, id: &RecordId) {
        self.dirty.remove(id);
        self.log_change(id);
        self.records.remove(id);
        self.generation += 1;
    }

    /// Applies an edit and returns its inverse. Nothing changes when it fails.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        if let Some(reason) = &self.read_only {
            return Err(EditError::ReadOnly(reason.clone()));
        }
        let inverse = self.apply_inner(edit)?;
        self.generation += 1;
        Ok(inverse)
    }

    fn apply_inner(&mut self, edit: Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::Add(record) => {
                if self.records.contains_key(&record.id) {
                    return Err(EditError::IdTaken(record.id.clone()));
                }
                let id = record.id.clone();
                self.records.insert(id.clone(), Arc::new(*record));
                self.touch(&id);
                Ok(Edit::Delete(id))
            }
            Edit::Delete(id) => {
                let record = self
                    .records
                    .remove(&id)
                    .ok_or_else(|| EditError::NoSuchRecord(id.clone()))?;
                self.touch(&id);
                Ok(Edit::Add(Box::new(Arc::unwrap_or_clone(record))))
            }
            Edit::Replace(record) => {
                let slot = self
                    .records
                    .get_mut(&record.id)
                    .ok_or_else(|| EditError::NoSuchRecord(record.id.clone()))?;
                let old = std::mem::replace(slot, Arc::new(*record));
                self.touch(&old.id);
                Ok(Edit::Replace(Box::new(Arc::unwrap_or_clone(old))))
            }
            Edit::Set { id, changes } => {
                let record = Arc::make_mut(
                    self.records
                        .get_mut(&id)
                        .ok_or_else(|| EditError::NoSuchRecord(id.clone()))?,
                );
                let mut old_values = Vec::with_capacity(changes.len());
                for (field, value) in changes {
                    match field.set(record, value) {
                        Ok(old) => old_values.push((field, old)),
                        Err(e) => {
                            // Put back what was already changed: an edit is all or nothing.
                            for (field, old) in old_values.into_iter().rev() {
                                let _ = field.set(record, old);
                            }
                            return Err(EditError::Field(e));
                        }
                    }
                }
                old_values.reverse();
                self.touch(&id);
                Ok(Edit::Set {
                    id,
                    changes: old_values,
                })
            }
            Edit::Rename { from, to } => {
                if self.records.contains_key(&to) {
                    return Err(EditError::IdTaken(to));
                }
                let mut record = self
                    .records
                    .remove(&from)
                    .ok_or_else(|| EditError::NoSuchRecord(from.clone()))?;
                Arc::make_mut(&mut record).id = to.clone();
                self.records.insert(to.clone(), record);
                self.touch(&from);
                self.touch(&to);
                self.renames.push((from.clone(), to.clone()));
                Ok(Edit::Rename { from: to, to: from })
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match self.apply_inner(edit) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            for inverse in inverses.into_iter().rev() {
                                let _ = self.apply_inner(inverse);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ids_count_up_and_fit_the_length_limit() {
        let id = |s: &str| RecordId::new(s).unwrap();
        let catalog = Catalog::new(
            CatalogSettings::new("x"),
            ["new", "new-2", &"a".repeat(80)].map(|s| Record::new(id(s), "T")),
        );
        assert_eq!(catalog.free_id("other"), Some(id("other")));
        assert_eq!(catalog.free_id("new"), Some(id("new-3")));
        let long = catalog.free_id(&"a".repeat(80)).unwrap();
        assert_eq!(long.as_str(), format!("{}-2", "a".repeat(78)));
        assert_eq!(catalog.free_id("Not An Id"), None);
    }
}
