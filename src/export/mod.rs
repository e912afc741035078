//! Exporters: each a pure function from records (in the order given) to bytes.

pub mod json;

use std::path::Path;

use crate::store::StoreError;
use crate::store::folder::write_atomically;

/// Writes an export to `path` atomically; an existing file is replaced only when
/// `overwrite` is true (the user confirmed, or passed `--force`).
pub fn write_export(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), StoreError> {
    if !overwrite && path.exists() {
        return Err(StoreError::Exists(path.to_owned()));
    }
    write_atomically(path, bytes, overwrite)
}
