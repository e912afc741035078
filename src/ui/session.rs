//! An open catalog: its folder on disk, the records in memory and the undo history.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::model::{Problem, RecordId, Severity, validate_record};
use crate::search::LiveIndex;
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
    /// The search index, built in the background and kept in step with the catalog.
    pub index: LiveIndex,
    problems: ProblemsCache,
}

/// Validation problems of the whole catalog. After an edit only the records it changed
/// (and those that relate to them) are checked again.
#[derive(Default)]
struct ProblemsCache {
    generation: Option<u64>,
    by_record: BTreeMap<RecordId, Vec<Problem>>,
    problems: Vec<Problem>,
    /// Indices into `problems` with errors first (ties stay in record order).
    by_severity: Vec<usize>,
    errors: BTreeSet<RecordId>,
}

impl Session {
    /// Opens a catalog folder.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let cache = store::cache::CacheOptions::default_location();
        let (folder, catalog) = store::open_locked(path, cache.as_ref())?;
        Ok(Self::from_opened(folder, catalog))
    }

    /// Opens a catalog that another Folio holds, read-only: nothing can be changed or
    /// saved from here.
    pub fn open_read_only(path: &Path, holder: &str) -> Result<Self, StoreError> {
        let cache = store::cache::CacheOptions::default_location();
        let (folder, mut catalog) = store::open_cached(path, cache.as_ref())?;
        catalog.set_read_only(format!(
            "open read-only: another Folio has this catalog open ({holder})"
        ));
        Ok(Self::from_opened(folder, catalog))
    }

    fn from_opened(folder: CatalogFolder, catalog: Catalog) -> Self {
        if let Some(writer) = folder.cache_writer(&catalog) {
            // A copy for next time; losing it costs only a slower open.
            std::thread::spawn(move || writer.write());
        }
        Self {
            folder,
            index: LiveIndex::start(&catalog),
            catalog,
            history: History::default(),
            problems: ProblemsCache::default(),
        }
    }

    /// Creates a catalog folder and opens it.
    pub fn create(path: &Path, name: &str) -> Result<Self, StoreError> {
        store::create(path, name)?;
        Self::open(path)
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
        let catalog = &self.catalog;
        let cache = &mut self.problems;
        if cache.generation == Some(catalog.generation()) {
            return &cache.problems;
        }
        let check = |id: &RecordId| {
            catalog
                .get(id)
                .map(|r| validate_record(r, |other| catalog.contains(other)))
                .unwrap_or_default()
        };
        match cache.generation.and_then(|g| catalog.changed_since(g)) {
            Some(changed) => {
                // Records relating to a changed id may have gained or lost a broken link.
                let relating: Vec<RecordId> = catalog
                    .records()
                    .filter(|r| r.related.iter().any(|id| changed.contains(id)))
                    .map(|r| r.id.clone())
                    .collect();
                for id in changed.iter().chain(relating.iter()) {
                    let problems = check(id);
                    if problems.is_empty() {
                        cache.by_record.remove(id);
                    } else {
                        cache.by_record.insert(id.clone(), problems);
                    }
                }
            }
            None => {
                cache.by_record = catalog
                    .records()
                    .map(|r| (r.id.clone(), validate_record(r, |id| catalog.contains(id))))
                    .filter(|(_, p)| !p.is_empty())
                    .collect();
            }
        }
        // `by_record` is ordered by id, so `problems` is in record order.
        cache.problems = cache.by_record.values().flatten().cloned().collect();
        cache.by_severity = (0..cache.problems.len()).collect();
        let problems = &cache.problems;
        cache
            .by_severity
            .sort_by_key(|&i| problems.get(i).map(|p| p.severity));
        cache.errors = cache
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.record_id.clone())
            .collect();
        cache.generation = Some(catalog.generation());
        &cache.problems
    }

    /// The `row`-th problem, in record order or with errors first (valid after
    /// [`Self::problems`]); the problems panel draws only the rows on screen.
    pub fn problem_at(&self, row: usize, errors_first: bool) -> Option<&Problem> {
        let cache = &self.problems;
        let index = if errors_first {
            *cache.by_severity.get(row)?
        } else {
            row
        };
        cache.problems.get(index)
    }

    /// True when the record has a validation error (valid after [`Self::problems`]).
    pub fn has_error(&self, id: &RecordId) -> bool {
        self.problems.errors.contains(id)
    }
}
