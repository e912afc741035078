//! When a record last changed, and by whom: the last commit touching its file, or
//! the file's modification time where git cannot say (no git, no work tree, a file
//! changed since its last commit or never committed).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// When each file of `paths` (in the catalog at `root`) last changed here: the later
/// of the last commit touching it (its committer date) and the file's modification
/// time. A record pulled from a colleague changed here when it arrived, whatever the
/// date of the commit that brought it, so a harvester asking for what changed since
/// its last visit finds it. One `git log` for all the files; a file git cannot date
/// has its modification time; one that cannot be read, `None`.
pub fn last_changes(root: &Path, paths: &[PathBuf]) -> Vec<Option<DateTime<Utc>>> {
    let committed = commit_times(root);
    // git names files under its top folder as the file system resolves it: each
    // folder is resolved once, not each file.
    let mut folders: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    paths
        .iter()
        .map(|path| {
            let file = std::fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .map(DateTime::<Utc>::from);
            let commit = if committed.is_empty() {
                None
            } else {
                let folder = path.parent().unwrap_or(Path::new(""));
                let resolved = folders
                    .entry(folder.to_owned())
                    .or_insert_with(|| std::fs::canonicalize(folder).ok());
                resolved
                    .as_ref()
                    .zip(path.file_name())
                    .and_then(|(folder, name)| committed.get(&folder.join(name)).copied())
            };
            match (file, commit) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            }
        })
        .collect()
}

/// The committer date of the last commit touching each file under `records/`, by
/// the file's absolute path; empty without git.
fn commit_times(root: &Path) -> HashMap<PathBuf, DateTime<Utc>> {
    let mut times = HashMap::new();
    let Ok(git) = Git::open(root) else {
        return times;
    };
    let top = git.top().to_owned();
    // git runs at the top of the work tree: the folder is named absolutely (the
    // catalog may be a folder below the top, opened as `.`), and literally (a
    // folder named `Korea [1950s]` is no pattern).
    let Ok(root) = std::fs::canonicalize(root) else {
        return times;
    };
    let records = root.join(crate::store::folder::RECORDS_DIR);
    let log = git.run([
        "--literal-pathspecs".as_ref(),
        "log".as_ref(),
        "--format=%x1e%cI".as_ref(),
        "--name-only".as_ref(),
        "-z".as_ref(),
        "--no-renames".as_ref(),
        "--".as_ref(),
        records.as_os_str(),
    ]);
    let Ok(log) = log else {
        return times;
    };
    let log = String::from_utf8_lossy(&log);
    for commit in log.split('\u{1e}').filter(|c| !c.is_empty()) {
        let mut fields = commit.split(['\n', '\0']).filter(|f| !f.is_empty());
        let Some(when) = fields
            .next()
            .and_then(|w| DateTime::parse_from_rfc3339(w.trim()).ok())
        else {
            continue;
        };
        for file in fields {
            // The newest commit comes first: the first time a file is seen is its last change.
            times
                .entry(top.join(file))
                .or_insert(when.with_timezone(&Utc));
        }
    }
    times
}
