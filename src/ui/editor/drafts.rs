//! Drafts not yet committed: the value typed in a field that still has the keyboard.
//! Every path that reads or writes the catalog (save, close, selecting another record,
//! export, import, undo…) commits them first, as one undo step, so that a value
//! being typed is never lost; a value the field refuses is kept as a draft and named.

use std::time::{Duration, Instant};

use crate::model::{Field, FieldError, FieldValue, Record, RecordId};
use crate::store::{Catalog, Edit};

use super::EditorState;

/// What committing the editor's drafts does.
#[derive(Debug, Default)]
pub struct Pending {
    /// The edit committing every valid draft (one undo step), if there is one.
    pub edit: Option<Edit>,
    /// Drafts holding a value their field refuses: the field's label and why.
    pub invalid: Vec<(String, String)>,
}

/// How long typing must pause before the journal's timer commits a draft.
pub const TYPING_PAUSE: Duration = Duration::from_secs(1);
/// The longest a draft waits, typing or not, before the journal's timer commits it.
pub const LONGEST_WAIT: Duration = Duration::from_secs(10);

impl EditorState {
    /// Whether something was typed since the drafts were last committed (checked
    /// every frame: no draft, however long, is compared here).
    pub fn has_pending(&self) -> bool {
        self.first_pending.is_some()
    }

    /// Whether the journal's timer should commit the drafts now: typing paused, or
    /// went on for long (so a crash loses at most that much).
    pub fn due_for_journal(&self) -> bool {
        let paused = self.last_typed.is_none_or(|t| t.elapsed() >= TYPING_PAUSE);
        let waited = self
            .first_pending
            .is_some_and(|t| t.elapsed() >= LONGEST_WAIT);
        self.has_pending() && (paused || waited)
    }

    /// Notes that the user typed in a field (for the journal's timer).
    pub(super) fn typed(&mut self) {
        let now = Instant::now();
        self.last_typed = Some(now);
        self.first_pending.get_or_insert(now);
    }

    /// Takes the edit that commits every draft of the record shown (one undo step),
    /// marking the drafts its fields refuse; the typed list values it takes are
    /// cleared.
    pub fn take_pending(&mut self, catalog: &Catalog) -> Pending {
        let Some(record) = self.record.as_ref().and_then(|id| catalog.get(id)) else {
            return Pending::default();
        };
        let mut pending = Pending::default();
        let mut edited = record.clone();
        // A draft back to the record's value is no longer refused.
        let loaded = &self.loaded;
        let drafts = &self.drafts;
        self.errors
            .retain(|key, _| drafts.get(key) != loaded.get(key));
        let changed: Vec<(String, String)> = self
            .drafts
            .iter()
            .filter(|(key, draft)| self.loaded.get(*key) != Some(*draft) && *key != "id")
            .map(|(k, d)| (k.clone(), d.clone()))
            .collect();
        for (key, draft) in changed {
            match apply_draft(&mut edited, &key, &draft) {
                Ok(()) => {
                    self.errors.remove(&key);
                    // Committed: no longer a draft of the user's (an undo that
                    // follows shows the record's value again).
                    self.loaded.insert(key, draft);
                }
                Err(reason) => {
                    pending.invalid.push((label_of(&key), reason.clone()));
                    self.errors.insert(key, reason);
                }
            }
        }
        for (name, typed) in std::mem::take(&mut self.adding) {
            let typed = typed.trim();
            if typed.is_empty() {
                continue;
            }
            if let Err(reason) = add_to_list(&mut edited, name, typed) {
                pending.invalid.push((label_of(name), reason));
            }
        }
        let changes: Vec<(Field, FieldValue)> = Field::differing(record, &edited)
            .into_iter()
            .map(|f| (f, f.get(&edited)))
            .collect();
        let mut edits = Vec::new();
        if !changes.is_empty() {
            edits.push(Edit::Set {
                id: record.id.clone(),
                changes,
            });
        }
        if let Some(draft) = self
            .drafts
            .get("id")
            .filter(|d| self.loaded.get("id") != Some(*d))
        {
            match rename_to(catalog, draft) {
                // Last: the other changes name the record by its old id.
                Ok(to) => edits.push(Edit::rename(catalog, record.id.clone(), to)),
                Err(reason) => {
                    pending.invalid.push(("Id".to_owned(), reason.clone()));
                    self.errors.insert("id".to_owned(), reason);
                }
            }
        }
        pending.edit = match edits.len() {
            0 => None,
            1 => edits.pop(),
            _ => Some(Edit::Batch(edits)),
        };
        self.last_typed = None;
        self.first_pending = None;
        pending
    }
}

/// The new id a draft of the id field asks for, if it is a free, valid id.
pub(super) fn rename_to(catalog: &Catalog, draft: &str) -> Result<RecordId, String> {
    let to = RecordId::new(draft).map_err(|e| e.to_string())?;
    if catalog.contains(&to) {
        return Err(format!("another record already has the id \"{to}\""));
    }
    Ok(to)
}

/// Puts the value of the draft `key` into `record`, as its field reads and checks
/// it; `Err` says why the field refuses it.
pub(super) fn apply_draft(record: &mut Record, key: &str, draft: &str) -> Result<(), String> {
    let mut parts = key.split('.');
    let (name, index, part) = (parts.next(), parts.next(), parts.next());
    let index: Option<usize> = index.and_then(|i| i.parse().ok());
    let field = match (name, index, part) {
        (Some("credits"), Some(i), Some("name")) => {
            set_part(record.credits.get_mut(i), |c| c.name = draft.to_owned())?;
            Field::Credits
        }
        (Some("texts"), Some(i), Some(part)) => {
            set_part(
                record
                    .texts
                    .make_mut()
                    .map_err(|e| e.to_string())?
                    .get_mut(i),
                |t| match part {
                    "language" => t.language = draft.to_owned(),
                    _ => t.body = draft.to_owned(),
                },
            )?;
            Field::Texts
        }
        (Some("attachments"), Some(i), Some(part)) => {
            set_part(record.attachments.get_mut(i), |a| match part {
                "path" => a.path = draft.to_owned(),
                _ => a.label = draft.to_owned(),
            })?;
            Field::Attachments
        }
        (Some(name), None, None) => {
            let field = Field::from_name(name).map_err(reason)?;
            let value = field.parse_input(draft).map_err(reason)?;
            field.set(record, value).map_err(reason)?;
            return Ok(());
        }
        _ => return Err(format!("no field is edited as \"{key}\"")),
    };
    field.admit(&field.get(record)).map_err(reason)
}

/// Why a field refuses a value, without the field's name (the editor shows it).
fn reason(error: FieldError) -> String {
    match error {
        FieldError::Invalid { reason, .. } => reason,
        other => other.to_string(),
    }
}

fn set_part<T>(part: Option<&mut T>, change: impl FnOnce(&mut T)) -> Result<(), String> {
    let part = part.ok_or_else(|| "this entry was removed meanwhile".to_owned())?;
    change(part);
    Ok(())
}

/// Adds a value typed in a list field's input to the list (once).
pub(super) fn add_to_list(record: &mut Record, name: &str, typed: &str) -> Result<(), String> {
    let field = Field::from_name(name).map_err(reason)?;
    let value = match field.get(record) {
        FieldValue::List(mut values) => {
            if !values.iter().any(|v| v == typed) {
                values.push(typed.to_owned());
            }
            FieldValue::List(values)
        }
        FieldValue::Related(mut ids) => {
            let id = RecordId::new(typed).map_err(|e| e.to_string())?;
            if !ids.contains(&id) {
                ids.push(id);
            }
            FieldValue::Related(ids)
        }
        _ => return Err(format!("{} is not a list", field.label())),
    };
    field.admit(&value).map_err(reason)?;
    field.set(record, value).map_err(reason)?;
    Ok(())
}

/// The label of the field a draft belongs to, as the editor shows it.
pub(super) fn label_of(key: &str) -> String {
    let mut parts = key.split('.');
    let name = parts.next().unwrap_or(key);
    let entry = parts.next().and_then(|i| i.parse::<usize>().ok());
    let label = Field::from_name(name).map_or("Id", Field::label);
    match entry {
        Some(i) => format!("{label} {}", i + 1),
        None => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Credit, CreditRole};
    use crate::store::CatalogSettings;

    fn catalog() -> Catalog {
        let mut r = Record::new(RecordId::new("a").unwrap(), "Alpha");
        r.credits = vec![Credit {
            role: CreditRole::Translated,
            name: "X".into(),
        }];
        Catalog::new(CatalogSettings::new("t"), [r])
    }

    fn editor(catalog: &Catalog) -> EditorState {
        let mut state = EditorState::default();
        state.sync(Some(catalog), Some(&RecordId::new("a").unwrap()));
        state
    }

    #[test]
    fn every_draft_commits_as_one_step_and_invalid_ones_are_named() {
        let mut catalog = catalog();
        let mut state = editor(&catalog);
        state.drafts.insert("title".into(), "Alpha (typed)".into());
        state.drafts.insert("credits.0.name".into(), "Y".into());
        state.drafts.insert("date".into(), "1963-02-30".into());
        state.adding.insert("people", "Kim Il Sung".into());
        state.typed();
        assert!(state.has_pending());
        let pending = state.take_pending(&catalog);
        assert_eq!(pending.invalid.len(), 1);
        assert_eq!(pending.invalid[0].0, "Date");
        assert!(
            pending.invalid[0].1.contains("28 days"),
            "{:?}",
            pending.invalid
        );
        catalog.apply(pending.edit.unwrap()).unwrap();
        let r = catalog.get(&RecordId::new("a").unwrap()).unwrap();
        assert_eq!(r.title, "Alpha (typed)");
        assert_eq!(r.credits[0].name, "Y");
        assert_eq!(r.people, ["Kim Il Sung"]);
        assert!(r.date.is_none(), "the invalid date is not committed");
        assert!(state.has_invalid_drafts());
    }

    #[test]
    fn a_renaming_draft_comes_last_and_a_taken_id_is_refused() {
        let mut catalog = catalog();
        catalog
            .apply(Edit::Add(Box::new(Record::new(
                RecordId::new("b").unwrap(),
                "B",
            ))))
            .unwrap();
        let mut state = editor(&catalog);
        state.drafts.insert("id".into(), "b".into());
        let pending = state.take_pending(&catalog);
        assert!(pending.edit.is_none());
        assert_eq!(pending.invalid[0].0, "Id");
        state.drafts.insert("id".into(), "alpha".into());
        state.drafts.insert("summary".into(), "Summed up".into());
        let edit = state.take_pending(&catalog).edit.unwrap();
        catalog.apply(edit).unwrap();
        assert_eq!(
            catalog
                .get(&RecordId::new("alpha").unwrap())
                .unwrap()
                .summary,
            "Summed up"
        );
    }
}
