//! When a record last changed, and by whom: the last commit touching its file, or
//! the file's modification time where git cannot say (no git, no work tree, a file
//! changed since its last commit or never committed).

use std::path::Path;

use chrono::{DateTime, Utc};

use super::Git;

/// When a record's file last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// When.
    pub when: DateTime<Utc>,
    /// Where that comes from.
    pub source: ChangeSource,
}

/// Where a [`Change`] comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeSource {
    /// The last commit touching the file.
    Commit {
        /// The commit's id, abbreviated.
        id: String,
        /// Its author's name.
        author: String,
    },
    /// The file's modification time: changed since its last commit, never
    /// committed, or not in git.
    File,
    /// Nothing could be read (the file is gone).
    Unknown,
}

impl Change {
    /// One line: the time, and who or what says so.
    pub fn describe(&self) -> String {
        let when = self.when.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        match &self.source {
            ChangeSource::Commit { id, author } => format!("{when} by {author} (commit {id})"),
            ChangeSource::File => format!("{when} (the file's modification time, not committed)"),
            ChangeSource::Unknown => "unknown".to_owned(),
        }
    }
}

/// When the file `path` of the catalog at `root` last changed.
pub fn last_change(root: &Path, path: &Path) -> Change {
    let from_file = || match std::fs::metadata(path).and_then(|m| m.modified()) {
        Ok(time) => Change {
            when: DateTime::<Utc>::from(time),
            source: ChangeSource::File,
        },
        Err(_) => Change {
            when: DateTime::<Utc>::default(),
            source: ChangeSource::Unknown,
        },
    };
    let Ok(git) = Git::open(root) else {
        return from_file();
    };
    let changed_since = git
        .text([
            "status".as_ref(),
            "--porcelain".as_ref(),
            "--".as_ref(),
            path.as_os_str(),
        ])
        .map(|s| !s.trim().is_empty());
    if changed_since.unwrap_or(true) {
        return from_file();
    }
    let log = git.text([
        "log".as_ref(),
        "-1".as_ref(),
        "--format=%h%x1f%an%x1f%aI".as_ref(),
        "--".as_ref(),
        path.as_os_str(),
    ]);
    let Ok(log) = log else {
        return from_file();
    };
    let mut parts = log.trim_end().split('\u{1f}');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(id), Some(author), Some(when)) if !id.is_empty() => {
            match DateTime::parse_from_rfc3339(when) {
                Ok(when) => Change {
                    when: when.with_timezone(&Utc),
                    source: ChangeSource::Commit {
                        id: id.to_owned(),
                        author: author.to_owned(),
                    },
                },
                Err(_) => from_file(),
            }
        }
        _ => from_file(),
    }
}
