//! A record changed on disk while it had unsaved edits: keep mine, take theirs, or
//! compare the two versions field by field and merge them.

use crate::model::{Field, RecordId};
use crate::store::{Catalog, CatalogFolder, ConflictKind, DiskVersion, Edit, SaveReport};

use super::{Session, SessionError};

/// How to resolve a conflict as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Overwrite the file on disk with the version in Folio (saved at once).
    KeepMine,
    /// Take the file on disk and drop the version in Folio.
    TakeTheirs,
}

/// What a field-by-field merge did.
#[derive(Debug)]
pub struct MergeReport {
    /// The record merged.
    pub id: RecordId,
    /// How many fields came from the file on disk.
    pub from_theirs: usize,
    /// The save of the merged record.
    pub save: SaveReport,
}

/// The most characters of a value shown in the comparison.
const SHOWN_CHARS: usize = 400;
/// How much of the text the two values share is shown before their first difference.
const CONTEXT_CHARS: usize = 80;

/// Two versions of a record in conflict, read once when the comparison opens (never
/// per frame), with the user's choice for each field that differs.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The record.
    pub id: RecordId,
    /// The file as it was read; a merge replaces exactly this version.
    pub disk: Option<DiskVersion>,
    /// The fields that differ, in record order.
    pub rows: Vec<FieldChoice>,
    /// Why the versions cannot be merged field by field, if they cannot.
    pub unmergeable: Option<String>,
}

/// One field that differs, and which version the user wants.
#[derive(Debug, Clone)]
pub struct FieldChoice {
    /// The field.
    pub field: Field,
    /// My value, as shown.
    pub mine: String,
    /// Their value, as shown.
    pub theirs: String,
    /// Whether the merged record takes their value.
    pub take_theirs: bool,
}

impl Comparison {
    /// Reads the file of `id` and lists the fields that differ from the record in
    /// memory; every choice starts as mine.
    pub fn read(folder: &CatalogFolder, catalog: &Catalog, id: &RecordId) -> Comparison {
        let mut comparison = Comparison {
            id: id.clone(),
            disk: None,
            rows: Vec::new(),
            unmergeable: None,
        };
        let disk = match folder.disk_version(id) {
            Ok(disk) => disk,
            Err(e) => {
                comparison.unmergeable = Some(format!(
                    "The file on disk cannot be read ({e}). Keep mine replaces it; Take theirs is not possible until it can be read."
                ));
                return comparison;
            }
        };
        match (catalog.get(id), disk.record.as_ref()) {
            (Some(mine), Some(theirs)) => {
                comparison.rows = Field::differing(mine, theirs)
                    .into_iter()
                    .map(|field| {
                        let (mine, theirs) = shown_pair(
                            &field.get(mine).to_text("\n"),
                            &field.get(theirs).to_text("\n"),
                        );
                        FieldChoice {
                            field,
                            mine,
                            theirs,
                            take_theirs: false,
                        }
                    })
                    .collect();
                if comparison.rows.is_empty() {
                    comparison.unmergeable = Some(
                        "The two versions hold the same values (only dates of change or the layout differ): either choice keeps them.".to_owned(),
                    );
                }
            }
            (None, _) => {
                comparison.unmergeable = Some(
                    "You deleted this record in Folio. Keep mine deletes the file; Take theirs brings the record back.".to_owned(),
                );
            }
            (Some(_), None) => {
                comparison.unmergeable = Some(
                    "The file was deleted on disk. Keep mine writes it again; Take theirs removes the record from Folio.".to_owned(),
                );
            }
        }
        comparison.disk = Some(disk);
        comparison
    }

    /// The fields the merged record takes from the file.
    pub fn fields_from_theirs(&self) -> Vec<Field> {
        self.rows
            .iter()
            .filter(|r| r.take_theirs)
            .map(|r| r.field)
            .collect()
    }

    /// Takes this field from theirs (`true`) or from mine in the merged record.
    pub fn choose(&mut self, field: Field, take_theirs: bool) {
        for row in self.rows.iter_mut().filter(|r| r.field == field) {
            row.take_theirs = take_theirs;
        }
    }

    /// Whether a field-by-field merge is possible.
    pub fn can_merge(&self) -> bool {
        self.unmergeable.is_none() && !self.rows.is_empty()
    }
}

/// The two values as shown: a long value starts shortly before its first difference
/// from the other, so that the change is in view.
fn shown_pair(mine: &str, theirs: &str) -> (String, String) {
    let same = mine
        .chars()
        .zip(theirs.chars())
        .take_while(|(a, b)| a == b)
        .count();
    // Skip only when the difference would be out of view, and start at a word.
    let skip = if same + CONTEXT_CHARS < SHOWN_CHARS {
        0
    } else {
        let from = same - CONTEXT_CHARS;
        from + mine
            .chars()
            .skip(from)
            .take(CONTEXT_CHARS)
            .position(char::is_whitespace)
            .map_or(0, |i| i + 1)
    };
    (excerpt(mine, skip), excerpt(theirs, skip))
}

fn excerpt(text: &str, skip: usize) -> String {
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let mut shown = String::new();
    if skip > 0 {
        shown.push('…');
    }
    let mut rest = text.chars().skip(skip);
    shown.extend(rest.by_ref().take(SHOWN_CHARS));
    if rest.next().is_some() {
        shown.push('…');
    }
    shown
}

impl Session {
    /// Reads the file of a record in conflict and compares it with the version in
    /// Folio, field by field (read once, when asked; never per frame).
    pub fn compare(&self, id: &RecordId) -> Comparison {
        Comparison::read(&self.folder, &self.catalog, id)
    }

    /// Resolves a conflict as a whole. Keeping mine saves at once (the save's report
    /// is returned); taking theirs reloads the record from its file.
    pub fn resolve(
        &mut self,
        id: &RecordId,
        resolution: Resolution,
    ) -> Result<Option<SaveReport>, SessionError> {
        // A file with conflict markers is rewritten clean whichever side is kept.
        let merge = self.is_merge_conflict(id);
        match resolution {
            Resolution::KeepMine => {
                self.folder.keep_mine(id)?;
                if merge {
                    self.catalog.mark_changed(id);
                }
            }
            Resolution::TakeTheirs => self
                .folder
                .take_theirs(&mut self.catalog, id)
                .map_err(SessionError::Unreadable)?,
        }
        self.conflicts.retain(|c| &c.id != id);
        self.forget_missing();
        match resolution {
            Resolution::TakeTheirs if !merge => Ok(None),
            _ => Ok(Some(self.save()?)),
        }
    }

    fn is_merge_conflict(&self, id: &RecordId) -> bool {
        self.conflicts
            .iter()
            .any(|c| &c.id == id && c.kind == ConflictKind::MergeConflict)
    }

    /// Saves the compared record with each field taken from mine or theirs as chosen:
    /// one undoable edit, saved over exactly the version of the file that was
    /// compared (a file changed again since is a new conflict, not an overwrite).
    pub fn merge(&mut self, comparison: &Comparison) -> Result<MergeReport, SessionError> {
        let (Some(disk), true) = (&comparison.disk, comparison.can_merge()) else {
            return Err(SessionError::Gone(format!(
                "{} cannot be merged field by field",
                comparison.id
            )));
        };
        let taken = comparison.fields_from_theirs();
        let merge = self.is_merge_conflict(&comparison.id);
        if let Some(edit) = disk
            .record
            .as_ref()
            .and_then(|theirs| Edit::take_fields(theirs, &taken))
        {
            self.apply_admitted(edit)?;
        }
        self.folder.accept_disk_version(&comparison.id, disk);
        if merge {
            self.catalog.mark_changed(&comparison.id);
        }
        self.conflicts.retain(|c| c.id != comparison.id);
        Ok(MergeReport {
            id: comparison.id.clone(),
            from_theirs: taken.len(),
            save: self.save()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_shown_from_shortly_before_its_change() {
        let before = "word ".repeat(200);
        let (mine, theirs) = shown_pair(&format!("{before}old end"), &format!("{before}new end"));
        assert!(mine.starts_with('…') && mine.ends_with("old end"), "{mine}");
        assert!(
            theirs.starts_with('…') && theirs.ends_with("new end"),
            "{theirs}"
        );
        assert!(mine.starts_with("…word word") && mine.chars().count() <= 1 + CONTEXT_CHARS + 7);
        // A difference already in view is shown from the start.
        let (short, _) = shown_pair("Nakajima Kenzo denounces", "Nakajima Kenzo condemns");
        assert_eq!(short, "Nakajima Kenzo denounces");
        assert_eq!(shown_pair("", "x"), ("(empty)".to_owned(), "x".to_owned()));
        let long = "y".repeat(SHOWN_CHARS + 10);
        assert!(shown_pair(&long, "z").0.ends_with('…'));
    }
}
