//! Corrections of many records at once: one change planned over a set of records,
//! every field it would change listed before → after, and applied as one edit (one
//! undo step). The app's bulk edit and `folio edit` both plan here.

mod find;

pub use find::{FindError, FindOptions, Finder};

use serde::Serialize;

use crate::model::{Field, FieldValue, Record, RecordId};
use crate::store::{Catalog, Edit};

/// A change to make to many records.
#[derive(Debug, Clone)]
pub enum BulkChange {
    /// Set a field to a value.
    Set(Field, FieldValue),
    /// Add an item to a list field (where it is not there yet).
    Add(Field, String),
    /// Remove an item from a list field (where it is).
    Remove(Field, String),
    /// Rename a value of a list field wherever it is (the first to the second); a
    /// record that has both keeps one: the two are merged.
    Rename(Field, String, String),
    /// Find and replace in one field, or (`None`) in every text and list field.
    Replace {
        /// The field, or all of them.
        field: Option<Field>,
        /// What to find.
        finder: Finder,
        /// What to put in its place.
        replacement: String,
    },
}

/// Why a change cannot be planned at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BulkError {
    /// Adding or removing items works on list fields only.
    #[error("{0} is not a list field: use a set or a replace")]
    NotAList(&'static str),
    /// Find and replace works on text and list fields only.
    #[error("{0} holds no text to replace in")]
    NoText(&'static str),
}

/// One field of one record that the change would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedChange {
    /// The record.
    pub id: RecordId,
    /// The field.
    pub field: Field,
    /// Its value now.
    pub before: FieldValue,
    /// Its value after the change.
    pub after: FieldValue,
}

/// A record the change would make invalid: left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// The record.
    pub id: RecordId,
    /// The field.
    pub field: Field,
    /// Why its new value is refused.
    pub reason: String,
}

/// What a change would do to a set of records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkPlan {
    /// The fields that would change, record by record.
    pub changes: Vec<PlannedChange>,
    /// Records left out because the change would make them invalid.
    pub refused: Vec<Refusal>,
    /// Records the change leaves as they are.
    pub unchanged: usize,
}

impl BulkPlan {
    /// How many records would change.
    pub fn records(&self) -> usize {
        let mut ids: Vec<&RecordId> = self.changes.iter().map(|c| &c.id).collect();
        ids.dedup();
        ids.len()
    }

    /// The edit that makes the changes (refused records left out), as one undo step;
    /// `None` when nothing would change.
    pub fn edit(&self) -> Option<Edit> {
        let mut edits: Vec<Edit> = Vec::new();
        for change in &self.changes {
            let value = (change.field, change.after.clone());
            match edits.last_mut() {
                Some(Edit::Set { id, changes }) if *id == change.id => changes.push(value),
                _ => edits.push(Edit::Set {
                    id: change.id.clone(),
                    changes: vec![value],
                }),
            }
        }
        match edits.len() {
            0 => None,
            1 => edits.pop(),
            _ => Some(Edit::Batch(edits)),
        }
    }
}

impl BulkChange {
    /// Checks that the change fits its field before it is planned.
    pub fn check(&self) -> Result<(), BulkError> {
        match self {
            BulkChange::Add(field, _)
            | BulkChange::Remove(field, _)
            | BulkChange::Rename(field, _, _) => {
                if !is_list(*field) {
                    return Err(BulkError::NotAList(field.label()));
                }
            }
            BulkChange::Replace {
                field: Some(field), ..
            } => {
                if !text_fields().any(|f| f == *field) {
                    return Err(BulkError::NoText(field.label()));
                }
            }
            BulkChange::Set(..) | BulkChange::Replace { field: None, .. } => {}
        }
        Ok(())
    }

    /// What the change would do to the records `ids` of `catalog` (ids not in it
    /// are skipped), in the order given.
    pub fn plan(&self, catalog: &Catalog, ids: &[RecordId]) -> Result<BulkPlan, BulkError> {
        self.plan_records(ids.iter().filter_map(|id| catalog.get(id)))
    }

    /// What the change would do to `records`, in their order (the app plans on
    /// its own thread, over records it shares with the catalog).
    pub fn plan_records<'r>(
        &self,
        records: impl IntoIterator<Item = &'r Record>,
    ) -> Result<BulkPlan, BulkError> {
        self.check()?;
        let mut plan = BulkPlan::default();
        for record in records {
            let changes = self.changes_to(record);
            if changes.is_empty() {
                plan.unchanged += 1;
                continue;
            }
            let refusals: Vec<Refusal> = changes
                .iter()
                .filter_map(|(field, value)| {
                    let reason = field.admit(value).err()?;
                    Some(Refusal {
                        id: record.id.clone(),
                        field: *field,
                        reason: reason.to_string(),
                    })
                })
                .collect();
            if !refusals.is_empty() {
                plan.refused.extend(refusals);
                continue;
            }
            plan.changes
                .extend(changes.into_iter().map(|(field, after)| PlannedChange {
                    id: record.id.clone(),
                    field,
                    before: field.get(record),
                    after,
                }));
        }
        Ok(plan)
    }

    /// The fields of `record` the change would change, with their new values.
    fn changes_to(&self, record: &Record) -> Vec<(Field, FieldValue)> {
        let fields: Vec<Field> = match self {
            BulkChange::Set(field, _)
            | BulkChange::Add(field, _)
            | BulkChange::Remove(field, _)
            | BulkChange::Rename(field, _, _) => vec![*field],
            BulkChange::Replace { field: Some(f), .. } => vec![*f],
            BulkChange::Replace { field: None, .. } => text_fields().collect(),
        };
        fields
            .into_iter()
            .filter(|field| match self {
                // Most fields hold no match: found without copying them.
                BulkChange::Replace { finder, .. } => field.any_str(record, |t| finder.is_match(t)),
                _ => true,
            })
            .filter_map(|field| {
                let before = field.get(record);
                let after = self.apply(before.clone())?;
                (after != before).then_some((field, after))
            })
            .collect()
    }

    /// The value `value` becomes (`None`: the change does not concern it).
    fn apply(&self, value: FieldValue) -> Option<FieldValue> {
        Some(match (self, value) {
            (BulkChange::Set(_, new), _) => new.clone(),
            (BulkChange::Add(_, item), FieldValue::List(mut items)) => {
                if !items.contains(item) {
                    items.push(item.clone());
                }
                FieldValue::List(items)
            }
            (BulkChange::Remove(_, item), FieldValue::List(mut items)) => {
                items.retain(|i| i != item);
                FieldValue::List(items)
            }
            (BulkChange::Rename(_, from, to), FieldValue::List(items)) => {
                let mut renamed: Vec<String> = Vec::with_capacity(items.len());
                for item in items {
                    let item = if item == *from { to.clone() } else { item };
                    if !renamed.contains(&item) {
                        renamed.push(item);
                    }
                }
                FieldValue::List(renamed)
            }
            (
                BulkChange::Replace {
                    finder,
                    replacement,
                    ..
                },
                value,
            ) => {
                let replace = |text: &str| {
                    finder
                        .replace_all(text, replacement)
                        .unwrap_or_else(|| text.to_owned())
                };
                match value {
                    FieldValue::Text(text) => FieldValue::Text(replace(&text)),
                    FieldValue::List(items) => {
                        let mut replaced: Vec<String> = Vec::with_capacity(items.len());
                        for item in items.iter().map(|i| replace(i)) {
                            // Two spellings made one: keep it once.
                            if !replaced.contains(&item) {
                                replaced.push(item);
                            }
                        }
                        FieldValue::List(replaced)
                    }
                    FieldValue::Texts(mut texts) => {
                        // Texts that cannot be read matched nothing, and stay as they are.
                        for text in texts.make_mut().ok()? {
                            text.body = replace(&text.body);
                        }
                        FieldValue::Texts(texts)
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }
}

/// The values of a list field across `catalog`, each with the number of records
/// holding it, most used first (then alphabetically).
pub fn value_counts(catalog: &Catalog, field: Field) -> Vec<(String, usize)> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for record in catalog.records() {
        if let FieldValue::List(items) = field.get(record) {
            for item in items {
                *counts.entry(item).or_default() += 1;
            }
        }
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// Whether a field holds a list of plain items (people, subjects, languages…).
pub fn is_list(field: Field) -> bool {
    matches!(field.get(&blank()), FieldValue::List(_))
}

/// The fields a find and replace can change: those holding text (strings, lists of
/// strings, the document's texts), in the form's order.
pub fn text_fields() -> impl Iterator<Item = Field> {
    let blank = blank();
    Field::ALL.into_iter().filter(move |f| {
        matches!(
            f.get(&blank),
            FieldValue::Text(_) | FieldValue::List(_) | FieldValue::Texts(_)
        )
    })
}

/// A record with every field empty: what kind of value each field holds.
fn blank() -> Record {
    Record::new(RecordId::from_title(None, "blank"), "")
}
