//! Searches saved by name in `catalog.ron` (versioned with the catalog).

use crate::store::{CatalogSettings, SavedSearch};

use super::{Session, SessionError, SortColumn};

impl Session {
    /// Saves the current search text under `name` (an existing search of that name
    /// is replaced).
    pub fn save_search(&mut self, name: &str) -> Result<(), SessionError> {
        let search = SavedSearch {
            name: name.to_owned(),
            query: self.query.text.trim().to_owned(),
        };
        self.change_settings(|settings| {
            match settings.saved_searches.iter_mut().find(|s| s.name == name) {
                Some(existing) => *existing = search,
                None => settings.saved_searches.push(search),
            }
        })
    }

    /// Deletes the saved search at `index`; returns its name.
    pub fn delete_saved_search(&mut self, index: usize) -> Result<String, SessionError> {
        let name = self
            .catalog
            .settings()
            .saved_searches
            .get(index)
            .map(|s| s.name.clone())
            .ok_or_else(|| SessionError::Gone("that saved search no longer exists".to_owned()))?;
        self.change_settings(|settings| {
            settings.saved_searches.remove(index);
        })?;
        Ok(name)
    }

    /// Runs the saved search at `index` (best matches first); false when there is
    /// none.
    pub fn run_saved_search(&mut self, index: usize) -> bool {
        let Some(query) = self
            .catalog
            .settings()
            .saved_searches
            .get(index)
            .map(|s| s.query.clone())
        else {
            return false;
        };
        self.query.text = query;
        self.query.sort = SortColumn::Relevance;
        self.query.ascending = true;
        true
    }

    /// Writes the catalog's settings with `change` applied; nothing changes in memory
    /// unless `catalog.ron` was written.
    pub fn change_settings(
        &mut self,
        change: impl FnOnce(&mut CatalogSettings),
    ) -> Result<(), SessionError> {
        if let Some(reason) = self.catalog.read_only() {
            return Err(SessionError::ReadOnly(reason.to_owned()));
        }
        let mut settings = self.catalog.settings().clone();
        change(&mut settings);
        self.folder.save_settings(&settings)?;
        self.catalog.set_settings(settings);
        Ok(())
    }
}
