//! Validation problems of the whole catalog, kept up to date edit by edit.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::model::{Problem, Record, RecordId, Severity, validate_record};
use crate::store::Catalog;

/// Validation problems of every record. After an edit only the records it changed
/// (and those that relate to them) are checked again.
#[derive(Debug, Default)]
pub(super) struct ProblemsCache {
    generation: Option<u64>,
    by_record: BTreeMap<RecordId, Vec<Problem>>,
    problems: Vec<Problem>,
    /// Indices into `problems` with errors first (ties stay in record order).
    by_severity: Vec<usize>,
    errors: BTreeSet<RecordId>,
    error_count: usize,
}

impl ProblemsCache {
    /// Checks the records changed since the last call (all of them the first time).
    pub(super) fn update(&mut self, catalog: &Catalog) {
        if self.generation == Some(catalog.generation()) {
            return;
        }
        let check = |id: &RecordId| {
            catalog
                .get(id)
                .map(|r| validate_record(r, |other| catalog.contains(other)))
                .unwrap_or_default()
        };
        match self.generation.and_then(|g| catalog.changed_since(g)) {
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
                        self.by_record.remove(id);
                    } else {
                        self.by_record.insert(id.clone(), problems);
                    }
                }
            }
            None => {
                // Every record: checked on both cores.
                let records: Vec<&Record> = catalog.records().collect();
                self.by_record = records
                    .into_par_iter()
                    .map(|r| (r.id.clone(), validate_record(r, |id| catalog.contains(id))))
                    .filter(|(_, p)| !p.is_empty())
                    .collect();
            }
        }
        // `by_record` is ordered by id, so `problems` is in record order.
        self.problems = self.by_record.values().flatten().cloned().collect();
        self.by_severity = (0..self.problems.len()).collect();
        let problems = &self.problems;
        self.by_severity
            .sort_by_key(|&i| problems.get(i).map(|p| p.severity));
        self.errors = self
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.record_id.clone())
            .collect();
        self.error_count = self
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        self.generation = Some(catalog.generation());
    }

    pub(super) fn all(&self) -> &[Problem] {
        &self.problems
    }

    pub(super) fn at(&self, row: usize, errors_first: bool) -> Option<&Problem> {
        let index = if errors_first {
            *self.by_severity.get(row)?
        } else {
            row
        };
        self.problems.get(index)
    }

    pub(super) fn of(&self, id: &RecordId) -> &[Problem] {
        self.by_record.get(id).map_or(&[], Vec::as_slice)
    }

    pub(super) fn has_error(&self, id: &RecordId) -> bool {
        self.errors.contains(id)
    }

    pub(super) fn error_count(&self) -> usize {
        self.error_count
    }
}
