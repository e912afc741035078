//! An open catalog: its folder on disk, the records in memory and the undo history.

use std::path::{Path, PathBuf};

use crate::model::{Problem, RecordId, Severity, validate_record};
use crate::store::{
    self, Catalog, CatalogFolder, Edit, EditError, History, SaveReport, StoreError,
};

/// An open catalog.
pub struct Session {
    /// The folder on disk.
    pub folder: CatalogFolder,
    /// The records in memory.
    pub catalog: Catalog,
    /// Undo and redo.
    pub history: History,
    problems: ProblemsCache,
}

/// Validation problems of the whole catalog, recomputed when the catalog changes.
#[derive(Default)]
struct ProblemsCache {
    generation: Option<u64>,
    problems: Vec<Problem>,
    errors: std::collections::BTreeSet<RecordId>,
}

impl Session {
    /// Opens a catalog folder.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let (folder, catalog) = store::open(path)?;
        Ok(Self {
            folder,
            catalog,
            history: History::default(),
            problems: ProblemsCache::default(),
        })
    }

    /// Creates a catalog folder and opens it.
    pub fn create(path: &Path, name: &str) -> Result<Self, StoreError> {
        let (folder, catalog) = store::create(path, name)?;
        Ok(Self {
            folder,
            catalog,
            history: History::default(),
            problems: ProblemsCache::default(),
        })
    }

    /// The folder's path.
    pub fn path(&self) -> PathBuf {
        self.folder.root().to_owned()
    }

    /// Applies an edit as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.catalog, edit)
    }

    /// Saves every changed record.
    pub fn save(&mut self) -> SaveReport {
        self.folder.save(&mut self.catalog)
    }

    /// Validation problems (record files that failed to load come separately, from
    /// the folder), cached against the catalog's generation.
    pub fn problems(&mut self) -> &[Problem] {
        if self.problems.generation != Some(self.catalog.generation()) {
            let catalog = &self.catalog;
            let problems: Vec<Problem> = catalog
                .records()
                .flat_map(|r| validate_record(r, |id| catalog.contains(id)))
                .collect();
            self.problems.errors = problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .map(|p| p.record_id.clone())
                .collect();
            self.problems.problems = problems;
            self.problems.generation = Some(catalog.generation());
        }
        &self.problems.problems
    }

    /// True when the record has a validation error (valid after [`Self::problems`]).
    pub fn has_error(&self, id: &RecordId) -> bool {
        self.problems.errors.contains(id)
    }
}
