//! What the app tells the archivist: each result, warning or error a notice with a
//! level, the newest in the status bar, the last few in a history, so that a later
//! message never hides an earlier warning for good.

use std::collections::VecDeque;

use chrono::{DateTime, Local};

/// How much a notice matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// A result ("Saved 2 records").
    Info,
    /// Something to know ("3 files could not be read").
    Warning,
    /// Something that failed ("Could not save…").
    Error,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// How much it matters.
    pub level: Level,
    /// What happened.
    pub text: String,
    /// When.
    pub at: DateTime<Local>,
}

/// The notices of this session, newest last.
#[derive(Debug, Default)]
pub struct Notices {
    history: VecDeque<Notice>,
}

impl Notices {
    /// How many notices the history keeps.
    pub const KEPT: usize = 50;

    /// Adds a notice.
    pub fn push(&mut self, level: Level, text: impl Into<String>) {
        if self.history.len() == Self::KEPT {
            self.history.pop_front();
        }
        self.history.push_back(Notice {
            level,
            text: text.into(),
            at: Local::now(),
        });
    }

    /// Adds a result.
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(Level::Info, text);
    }

    /// Adds a warning.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.push(Level::Warning, text);
    }

    /// Adds an error.
    pub fn error(&mut self, text: impl Into<String>) {
        self.push(Level::Error, text);
    }

    /// The newest notice.
    pub fn latest(&self) -> Option<&Notice> {
        self.history.back()
    }

    /// Every notice kept, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Notice> {
        self.history.iter().rev()
    }

    /// How many notices are kept.
    pub fn len(&self) -> usize {
        self.history.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_keeps_the_newest_and_their_levels() {
        let mut notices = Notices::default();
        notices.warn("3 files could not be read");
        notices.info("Saved 1 record");
        assert_eq!(notices.latest().unwrap().text, "Saved 1 record");
        let levels: Vec<Level> = notices.newest_first().map(|n| n.level).collect();
        assert_eq!(levels, [Level::Info, Level::Warning], "the warning is kept");
        for i in 0..Notices::KEPT + 5 {
            notices.error(format!("n{i}"));
        }
        assert_eq!(notices.len(), Notices::KEPT);
        assert_eq!(
            notices.latest().unwrap().text,
            format!("n{}", Notices::KEPT + 4)
        );
    }
}
