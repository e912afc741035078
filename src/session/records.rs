//! New, duplicated and deleted records.

use crate::model::{Record, RecordId, now};
use crate::store::{Edit, EditError};

use super::{Session, SessionError};

impl Session {
    /// Adds an untitled record and selects it; returns its id.
    pub fn new_record(&mut self) -> Result<RecordId, SessionError> {
        let stamp = now().format("%Y%m%d-%H%M%S").to_string();
        let id = self
            .catalog
            .free_id(&format!("new-{stamp}"))
            .ok_or_else(|| SessionError::Gone("no free id for a new record".to_owned()))?;
        self.apply(Edit::Add(Box::new(Record::new(
            id.clone(),
            "Untitled record",
        ))))?;
        self.selection.select_only(id.clone());
        Ok(id)
    }

    /// Copies the current record under a new id (`<id>-copy`), its title marked as a
    /// copy and its archive record number left out (it belongs to the original), and
    /// selects the copy. `None` when no record is current.
    pub fn duplicate_current(&mut self) -> Result<Option<RecordId>, SessionError> {
        let Some(original) = self.current() else {
            return Ok(None);
        };
        let id = self
            .catalog
            .free_id(&format!("{}-copy", original.id))
            .ok_or_else(|| SessionError::Gone("no free id for the copy".to_owned()))?;
        let mut copy = original.clone();
        copy.id = id.clone();
        copy.title = format!("{} (copy)", original.title);
        copy.external_id.clear();
        copy.created = now();
        copy.modified = copy.created;
        self.apply(Edit::Add(Box::new(copy)))?;
        self.selection.select_only(id.clone());
        Ok(Some(id))
    }

    /// Deletes records as one undo step (their files go at the next save); returns
    /// how many.
    pub fn delete(&mut self, ids: Vec<RecordId>) -> Result<usize, EditError> {
        let n = ids.len();
        if n > 0 {
            self.apply(Edit::Batch(ids.into_iter().map(Edit::Delete).collect()))?;
        }
        Ok(n)
    }
}
