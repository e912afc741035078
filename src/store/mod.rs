//! The catalog in memory (records, edits, undo history) and on disk (the folder of
//! RON files).

pub mod attachments;
pub mod cache;
mod catalog;
pub mod conflicted;
mod edit;
pub mod folder;
pub mod format;
pub mod intent;
pub mod journal;
pub mod lock;
pub mod rename;
pub mod stream;
pub mod watch;

pub use catalog::{
    Catalog, CatalogSettings, FORMAT_VERSION, NameEntry, NameOrder, RECORDS_FORMAT_VERSION,
    SavedSearch, base_url_problem,
};
pub use edit::{Edit, EditError, History};
pub use folder::{
    CatalogFolder, Conflict, ConflictKind, DiskVersion, LoadError, OpenProgress, Refresh,
    SaveReport, StoreError, UnfinishedMerge, create, open, open_cached, open_locked,
    open_locked_with_progress, read_whole_record, record_file_keys,
};

/// Sets every record file's times back a minute, out of the caches' racy window (for
/// tests of what trusts a file by its key).
#[cfg(test)]
pub(crate) fn age_record_files(root: &std::path::Path) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in std::fs::read_dir(root.join(folder::RECORDS_DIR)).unwrap() {
        let file = std::fs::File::options()
            .write(true)
            .open(entry.unwrap().path())
            .unwrap();
        file.set_modified(old).unwrap();
    }
}
