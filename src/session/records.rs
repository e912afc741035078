//! New, duplicated and deleted records.

use crate::model::{Record, RecordId, now};
use crate::store::{Edit, EditError};

use super::{Session, SessionError};

impl Session {
    /// Adds an empty record (its title still to be typed) and selects it; returns
    /// its id, which is provisional: the first save names it after its date and title
    /// (see [`Session::name_new_records`]), unless the user gives it an id first. The
    /// list shows every record again: an empty record matches no search, filter or
    /// pinned set, and a new record out of sight is lost to the user.
    pub fn new_record(&mut self) -> Result<RecordId, SessionError> {
        let stamp = now().format("%Y%m%d-%H%M%S").to_string();
        let id = self
            .catalog
            .free_id(&format!("new-{stamp}"))
            .ok_or_else(|| SessionError::Gone("no free id for a new record".to_owned()))?;
        // Empty, so not admitted as an edit would be: it is the user's to fill.
        self.apply_admitted(Edit::Add(Box::new(Record::new(id.clone(), ""))))?;
        self.provisional.insert(id.clone());
        self.show_every_record();
        self.selection.select_only(id.clone());
        Ok(id)
    }

    /// Gives each new record still under its provisional id the id its date and title
    /// make (`1963-09-memorandum-of-conversation…`, as the importer does), once it has
    /// a title: one undoable rename each, before a save. A record the user renamed, or
    /// still without a title, is left as it is.
    pub fn name_new_records(&mut self) -> Result<(), SessionError> {
        let provisional: Vec<RecordId> = std::mem::take(&mut self.provisional)
            .into_iter()
            .filter(|id| self.catalog.contains(id))
            .collect();
        for id in provisional {
            let Some(record) = self.catalog.get(&id) else {
                continue;
            };
            if record.title.trim().is_empty() {
                self.provisional.insert(id);
                continue;
            }
            let wanted = RecordId::from_title(record.date.as_ref(), &record.title);
            let Some(to) = self.catalog.free_id(wanted.as_str()) else {
                continue;
            };
            let rename = Edit::rename(&self.catalog, id, to);
            self.apply_admitted(rename)?;
        }
        Ok(())
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
