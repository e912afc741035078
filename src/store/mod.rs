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
