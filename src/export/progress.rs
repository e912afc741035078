//! Progress and cancellation of a long export, shared between the thread that exports
//! and the window that shows a progress bar.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How far an export got, and whether the user asked it to stop.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    cancelled: AtomicBool,
}

impl Progress {
    /// Records exported so far.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    /// Asks the export to stop; it ends with [`super::ExportError::Cancelled`].
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Iterates over `items`, counting each one, and stops early once cancelled (the
    /// caller then throws the partial output away).
    pub fn iter<'a, T>(&'a self, items: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
        items.iter().take_while(move |_| {
            self.done.fetch_add(1, Ordering::Relaxed);
            !self.is_cancelled()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_stops_when_cancelled() {
        let progress = Progress::default();
        let items = [1, 2, 3, 4];
        let mut seen = Vec::new();
        for &i in progress.iter(&items) {
            seen.push(i);
            if i == 2 {
                progress.cancel();
            }
        }
        assert_eq!(seen, [1, 2]);
        assert!(progress.is_cancelled());
        let fresh = Progress::default();
        assert_eq!(fresh.iter(&items).count(), 4);
        assert_eq!(fresh.done(), 4);
    }
}
