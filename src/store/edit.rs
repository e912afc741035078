//! Invertible edits of the catalog, and the undo/redo history.

use thiserror::Error;

use crate::model::{Field, FieldError, FieldValue, Record, RecordId};

use super::Catalog;

/// One change of the catalog. Applying an edit returns its inverse.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add a new record.
    Add(Box<Record>),
    /// Delete a record.
    Delete(RecordId),
    /// Replace a whole record (re-import), keeping its id.
    Replace(Box<Record>),
    /// Set one or more fields of a record.
    Set {
        /// The record.
        id: RecordId,
        /// The fields and their new values, applied in order.
        changes: Vec<(Field, FieldValue)>,
    },
    /// Change a record's id (its file is renamed on save).
    Rename {
        /// The current id.
        from: RecordId,
        /// The new id.
        to: RecordId,
    },
    /// Several edits applied as one, all or nothing: one undo step.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Takes `fields` from `theirs` into the record of the same id: a field-by-field
    /// merge of two versions. `None` when there is nothing to take.
    pub fn take_fields(theirs: &Record, fields: &[Field]) -> Option<Edit> {
        if fields.is_empty() {
            return None;
        }
        Some(Edit::Set {
            id: theirs.id.clone(),
            changes: fields.iter().map(|f| (*f, f.get(theirs))).collect(),
        })
    }

    /// Sets one field of one record.
    pub fn set(id: RecordId, field: Field, value: FieldValue) -> Edit {
        Edit::Set {
            id,
            changes: vec![(field, value)],
        }
    }

    /// Sets the same field to the same value on many records (a bulk correction).
    pub fn bulk_set(
        ids: impl IntoIterator<Item = RecordId>,
        field: Field,
        value: FieldValue,
    ) -> Edit {
        Edit::Batch(
            ids.into_iter()
                .map(|id| Edit::set(id, field, value.clone()))
                .collect(),
        )
    }

    /// Renames a record and updates every `related` reference to it, as one edit.
    pub fn rename(catalog: &Catalog, from: RecordId, to: RecordId) -> Edit {
        let mut edits = vec![Edit::Rename {
            from: from.clone(),
            to: to.clone(),
        }];
        // Its attachments move with it (`attachments/<from>/` becomes
        // `attachments/<to>/` when the rename is saved).
        if let Some(record) = catalog.get(&from) {
            let prefix = format!("{}/", from.as_str());
            if record
                .attachments
                .iter()
                .any(|a| a.path.starts_with(&prefix))
            {
                let moved = record
                    .attachments
                    .iter()
                    .map(|a| crate::model::Attachment {
                        path: match a.path.strip_prefix(&prefix) {
                            Some(rest) => format!("{}/{rest}", to.as_str()),
                            None => a.path.clone(),
                        },
                        label: a.label.clone(),
                    })
                    .collect();
                edits.push(Edit::set(
                    to.clone(),
                    Field::Attachments,
                    FieldValue::Attachments(moved),
                ));
            }
        }
        for record in catalog.records().filter(|r| r.related.contains(&from)) {
            let related = record
                .related
                .iter()
                .map(|id| if id == &from { to.clone() } else { id.clone() })
                .collect();
            // The renamed record itself is found under its new id once the rename applied.
            let id = if record.id == from {
                to.clone()
            } else {
                record.id.clone()
            };
            edits.push(Edit::set(id, Field::Related, FieldValue::Related(related)));
        }
        if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        }
    }
}

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    /// The record does not exist.
    #[error("no record with id \"{0}\"")]
    NoSuchRecord(RecordId),
    /// Another record already has this id.
    #[error("a record with id \"{0}\" already exists")]
    IdTaken(RecordId),
    /// A field was given a value it cannot take.
    #[error(transparent)]
    Field(#[from] FieldError),
    /// The catalog is read-only.
    #[error("the catalog is read-only: {0}")]
    ReadOnly(String),
    /// A rename to an id whose attachments folder holds another record's files.
    #[error(
        "attachments/{to}/ already holds files that are not {from}'s: renaming {from} to {to} would mix two records' scans; move those files away first, or choose another id"
    )]
    AttachmentsTaken {
        /// The record's id.
        from: RecordId,
        /// The id asked for.
        to: RecordId,
    },
}

/// Undo and redo stacks of inverse edits.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    /// The most undo steps kept; older ones are forgotten.
    pub const LIMIT: usize = 1000;

    /// Applies `edit` to the catalog as one undoable step.
    pub fn apply(&mut self, catalog: &mut Catalog, edit: Edit) -> Result<(), EditError> {
        let inverse = catalog.apply(edit)?;
        self.undo.push(inverse);
        if self.undo.len() > Self::LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Records changes already applied to the catalog one by one (each planned against
    /// the catalog as the previous ones left it, as an import does) as one undo step;
    /// `inverses` are their inverses, in the order the edits were applied.
    pub(crate) fn record_applied(&mut self, mut inverses: Vec<Edit>) {
        if inverses.is_empty() {
            return;
        }
        inverses.reverse();
        self.undo.push(Edit::Batch(inverses));
        if self.undo.len() > Self::LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Undoes the last step; `false` when there is nothing to undo.
    pub fn undo(&mut self, catalog: &mut Catalog) -> Result<bool, EditError> {
        Self::step(&mut self.undo, &mut self.redo, catalog)
    }

    /// Redoes the last undone step; `false` when there is nothing to redo.
    pub fn redo(&mut self, catalog: &mut Catalog) -> Result<bool, EditError> {
        Self::step(&mut self.redo, &mut self.undo, catalog)
    }

    fn step(
        from: &mut Vec<Edit>,
        to: &mut Vec<Edit>,
        catalog: &mut Catalog,
    ) -> Result<bool, EditError> {
        let Some(edit) = from.pop() else {
            return Ok(false);
        };
        match catalog.apply(edit.clone()) {
            Ok(inverse) => {
                to.push(inverse);
                Ok(true)
            }
            Err(e) => {
                // Keep the step so that nothing is lost; the error is reported.
                from.push(edit);
                Err(e)
            }
        }
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::CatalogSettings;

    fn id(s: &str) -> RecordId {
        RecordId::new(s).unwrap()
    }

    fn catalog() -> Catalog {
        let mut a = Record::new(id("a"), "Alpha");
        a.related = vec![id("b")];
        let b = Record::new(id("b"), "Beta");
        Catalog::new(CatalogSettings::new("Test"), [a, b])
    }

    #[test]
    fn set_undo_redo_restores_the_record_exactly() {
        let mut c = catalog();
        let mut h = History::default();
        let before = c.get(&id("a")).unwrap().clone();
        h.apply(
            &mut c,
            Edit::set(
                id("a"),
                Field::Title,
                FieldValue::Text("Alpha (corrected)".into()),
            ),
        )
        .unwrap();
        assert_eq!(c.get(&id("a")).unwrap().title, "Alpha (corrected)");
        assert_eq!(c.generation(), 1);
        assert!(c.dirty().contains(&id("a")));
        assert!(h.undo(&mut c).unwrap());
        assert_eq!(
            c.get(&id("a")).unwrap(),
            &before,
            "undo restores the whole record"
        );
        assert!(h.redo(&mut c).unwrap());
        assert_eq!(c.get(&id("a")).unwrap().title, "Alpha (corrected)");
        assert!(!h.redo(&mut c).unwrap());
        assert_eq!(c.generation(), 3);
    }

    #[test]
    fn add_delete_and_their_undo() {
        let mut c = catalog();
        let mut h = History::default();
        h.apply(&mut c, Edit::Add(Box::new(Record::new(id("c"), "Gamma"))))
            .unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(
            h.apply(&mut c, Edit::Add(Box::new(Record::new(id("c"), "Again")))),
            Err(EditError::IdTaken(id("c")))
        );
        h.apply(&mut c, Edit::Delete(id("b"))).unwrap();
        assert!(!c.contains(&id("b")));
        h.undo(&mut c).unwrap();
        assert_eq!(c.get(&id("b")).unwrap().title, "Beta");
        h.undo(&mut c).unwrap();
        assert!(!c.contains(&id("c")));
    }

    #[test]
    fn bulk_set_is_one_step_and_all_or_nothing() {
        let mut c = catalog();
        let mut h = History::default();
        let subjects = FieldValue::List(vec!["Korea".into()]);
        h.apply(
            &mut c,
            Edit::bulk_set([id("a"), id("b")], Field::Subjects, subjects.clone()),
        )
        .unwrap();
        assert!(c.records().all(|r| r.subjects == ["Korea"]));
        h.undo(&mut c).unwrap();
        assert!(c.records().all(|r| r.subjects.is_empty()));
        let gen_before = c.generation();
        let err = h.apply(
            &mut c,
            Edit::bulk_set([id("a"), id("missing")], Field::Subjects, subjects),
        );
        assert_eq!(err, Err(EditError::NoSuchRecord(id("missing"))));
        assert!(
            c.records().all(|r| r.subjects.is_empty()),
            "first edit rolled back"
        );
        assert_eq!(c.generation(), gen_before);
    }

    #[test]
    fn rename_updates_references_and_undoes() {
        let mut c = catalog();
        let mut h = History::default();
        let edit = Edit::rename(&c, id("b"), id("beta"));
        h.apply(&mut c, edit).unwrap();
        assert!(c.contains(&id("beta")) && !c.contains(&id("b")));
        assert_eq!(c.get(&id("beta")).unwrap().id, id("beta"));
        assert_eq!(c.get(&id("a")).unwrap().related, vec![id("beta")]);
        assert!(c.dirty().contains(&id("b")) && c.dirty().contains(&id("beta")));
        h.undo(&mut c).unwrap();
        assert_eq!(c.get(&id("a")).unwrap().related, vec![id("b")]);
        assert!(c.contains(&id("b")));
    }

    #[test]
    fn the_change_log_names_what_each_generation_changed() {
        let mut c = catalog();
        let start = c.generation();
        c.apply(Edit::set(
            id("a"),
            Field::Title,
            FieldValue::Text("x".into()),
        ))
        .unwrap();
        let after_first = c.generation();
        c.apply(Edit::rename(&c, id("b"), id("beta"))).unwrap();
        let all: Vec<_> = c.changed_since(start).unwrap().into_iter().collect();
        assert_eq!(all, vec![id("a"), id("b"), id("beta")]);
        let second: Vec<_> = c.changed_since(after_first).unwrap().into_iter().collect();
        assert_eq!(
            second,
            vec![id("a"), id("b"), id("beta")],
            "the rename also updated a's related"
        );
        assert!(c.changed_since(c.generation()).unwrap().is_empty());
    }

    #[test]
    fn read_only_catalogs_refuse_edits() {
        let mut c = catalog();
        c.set_read_only("written by a newer Folio");
        let e = c.apply(Edit::Delete(id("a"))).unwrap_err();
        assert!(e.to_string().contains("newer Folio"));
        assert!(c.contains(&id("a")));
    }

    #[test]
    fn a_wrong_kind_of_value_changes_nothing() {
        let mut c = catalog();
        let edit = Edit::Set {
            id: id("a"),
            changes: vec![
                (Field::Title, FieldValue::Text("Changed".into())),
                (Field::People, FieldValue::Text("not a list".into())),
            ],
        };
        assert!(matches!(c.apply(edit), Err(EditError::Field(_))));
        assert_eq!(c.get(&id("a")).unwrap().title, "Alpha");
    }
}
