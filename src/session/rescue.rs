//! The last-resort copy of unsaved edits. The journal is written at most once a
//! second; this copy is kept in memory after every change, and the panic hook writes
//! it, so that an internal error loses no edit at all.

use std::cell::RefCell;
use std::path::PathBuf;

use crate::store::journal::Journal;

thread_local! {
    // The UI thread's copy: a panic there runs the hook on that same thread.
    static RESCUE: RefCell<Option<(PathBuf, Journal)>> = const { RefCell::new(None) };
}

/// Keeps `journal`, to be written to `path` if Folio stops on an internal error.
pub fn keep(path: PathBuf, journal: Journal) {
    RESCUE.with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = Some((path, journal));
        }
    });
}

/// Forgets the copy (nothing is unsaved).
pub fn clear() {
    RESCUE.with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = None;
        }
    });
}

/// Writes the copy kept on this thread, if any, and returns where. Never panics: it
/// runs inside the panic hook.
pub fn write() -> Option<PathBuf> {
    RESCUE
        .try_with(|slot| {
            let slot = slot.try_borrow().ok()?;
            let (path, journal) = slot.as_ref()?;
            journal.write(path).ok()?;
            Some(path.clone())
        })
        .ok()
        .flatten()
}
