//! What git says of the catalog now: its branch, how far that is from its
//! upstream, and which of the catalog's own files changed since the last commit.

use std::path::{Path, PathBuf};

use crate::model::RecordId;
use crate::store::folder::{RECORDS_DIR, SETTINGS_FILE};

use super::{Git, GitError};

/// The state of the catalog's work tree.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepoStatus {
    /// The branch checked out (`None`: a detached head).
    pub branch: Option<String>,
    /// Its upstream, if it has one.
    pub upstream: Option<String>,
    /// Commits on the branch and not on its upstream.
    pub ahead: u32,
    /// Commits on the upstream and not on the branch.
    pub behind: u32,
    /// The catalog's own files changed since the last commit (paths from the
    /// catalog's folder), in git's order.
    pub changed: Vec<ChangedFile>,
    /// The catalog's files a merge left unresolved, with how (also among `changed`).
    pub unmerged: Vec<Unmerged>,
}

/// A file git lists as unmerged: a merge stopped on it and nobody has told git it
/// is resolved (`git add` or `git rm`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmerged {
    /// Its path from the catalog's folder.
    pub path: PathBuf,
    /// What each side did to it: git's two letters (`UD`: changed on our side,
    /// deleted on theirs).
    pub sides: String,
}

impl Unmerged {
    /// What happened to the file and how to settle it, in a few words (for a line
    /// of a panel; [`Self::describe`] says it whole).
    pub fn summary(&self) -> &'static str {
        match self.sides.as_str() {
            "UD" => {
                "changed on this branch, deleted on the one merged in: keep it (git add) or delete it (git rm)"
            }
            "DU" => {
                "deleted on this branch, changed on the one merged in: keep it (git add) or delete it (git rm)"
            }
            "DD" => "deleted on both branches: git rm it",
            "AU" | "UA" => {
                "added on one branch where the other renamed a file: check it, then git add it"
            }
            _ => "the merge that stopped on it is not finished: once the file is right, git add it",
        }
    }

    /// What happened to the file, and how to settle it, in words.
    pub fn describe(&self) -> String {
        let file = self.path.display();
        match self.sides.as_str() {
            "UD" => format!(
                "git lists this file as unmerged: it was changed on this branch and deleted on the branch merged in; keep it (`git add {file}`) or delete it (`git rm {file}`), then commit the merge"
            ),
            "DU" => format!(
                "git lists this file as unmerged: it was deleted on this branch and changed on the branch merged in (their version is here); keep it (`git add {file}`) or delete it (`git rm {file}`), then commit the merge"
            ),
            "DD" => format!(
                "git lists this file as unmerged: both branches deleted it (renamed it differently?); `git rm {file}`, then commit the merge"
            ),
            "AU" | "UA" => format!(
                "git lists this file as unmerged: one branch added it where the other renamed a file; check it, then `git add {file}` and commit the merge"
            ),
            _ => format!(
                "git lists this file as unmerged: the merge that stopped on it is not finished; once the file holds what it should, `git add {file}` and commit the merge"
            ),
        }
    }
}

/// A catalog file that differs from the last commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    /// Its path from the catalog's folder.
    pub path: PathBuf,
    /// How it differs.
    pub state: FileState,
}

/// How a file differs from the last commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileState {
    /// Changed.
    Modified,
    /// New (never committed, or added).
    Added,
    /// Deleted.
    Deleted,
    /// Renamed (and perhaps changed).
    Renamed,
    /// Holding an unresolved merge.
    Conflicted,
}

impl FileState {
    /// A word for it.
    pub fn word(self) -> &'static str {
        match self {
            FileState::Modified => "changed",
            FileState::Added => "new",
            FileState::Deleted => "deleted",
            FileState::Renamed => "renamed",
            FileState::Conflicted => "conflicted",
        }
    }
}

impl RepoStatus {
    /// The records whose files changed (the new id of a renamed one), deleted
    /// ones included.
    pub fn changed_records(&self) -> Vec<(RecordId, FileState)> {
        self.changed
            .iter()
            .filter_map(|file| Some((record_of(&file.path)?, file.state)))
            .collect()
    }

    /// One line for the status bar: the branch and where it stands.
    pub fn describe_branch(&self) -> String {
        let branch = self.branch.as_deref().unwrap_or("(no branch)");
        match &self.upstream {
            None => format!("{branch} (no upstream)"),
            Some(up) => match (self.ahead, self.behind) {
                (0, 0) => format!("{branch}, up to date with {up}"),
                (a, 0) => format!("{branch}, {a} ahead of {up}"),
                (0, b) => format!("{branch}, {b} behind {up}"),
                (a, b) => format!("{branch}, {a} ahead and {b} behind {up}"),
            },
        }
    }
}

/// The record a catalog path is the file of.
pub fn record_of(path: &Path) -> Option<RecordId> {
    let mut parts = path.components();
    if parts.next()?.as_os_str() != RECORDS_DIR {
        return None;
    }
    let name = parts.next()?.as_os_str().to_str()?;
    if parts.next().is_some() || name.starts_with('.') {
        return None;
    }
    RecordId::new(name.strip_suffix(".ron")?).ok()
}

/// Whether a path (from the catalog's folder) is one of the catalog's own files:
/// its settings, its records, its attachments and its git files; never Folio's
/// lock or temporary files, nor anything else kept beside the catalog.
pub fn is_catalog_file(path: &Path) -> bool {
    let Some(first) = path.components().next() else {
        return false;
    };
    let first = first.as_os_str();
    if path.components().count() == 1 {
        return first == SETTINGS_FILE || first == ".gitignore" || first == ".gitattributes";
    }
    record_of(path).is_some()
        || (first == "attachments"
            && !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".folio")))
}

/// The status of the catalog at `root`.
pub fn status(root: &Path) -> Result<RepoStatus, GitError> {
    status_in(&Git::open(root)?, root)
}

/// The status of the catalog at `root` in the work tree `git` (opened already).
pub(crate) fn status_in(git: &Git, root: &Path) -> Result<RepoStatus, GitError> {
    let prefix = catalog_prefix(git, root)?;
    let out = git.run([
        "status",
        "--porcelain=v2",
        "--branch",
        "-z",
        "--untracked-files=all",
        "--",
        if prefix.is_empty() { "." } else { &prefix },
    ])?;
    Ok(parse_status(&String::from_utf8_lossy(&out), &prefix))
}

/// The catalog's folder from the top of the work tree (`""` at the top), ending
/// in `/` otherwise.
pub(crate) fn catalog_prefix(git: &Git, root: &Path) -> Result<String, GitError> {
    let root = std::fs::canonicalize(root)?;
    let top = std::fs::canonicalize(git.top())?;
    let inside = root
        .strip_prefix(&top)
        .map_err(|_| GitError::NotAWorkTree(root.clone()))?;
    let mut prefix: String = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    if !prefix.is_empty() {
        prefix.push('/');
    }
    Ok(prefix)
}

/// Reads `git status --porcelain=v2 --branch -z`, keeping the catalog's files
/// (under `prefix`).
fn parse_status(out: &str, prefix: &str) -> RepoStatus {
    let mut status = RepoStatus::default();
    let mut fields = out.split('\0');
    while let Some(entry) = fields.next() {
        let words: Vec<&str> = entry.split(' ').collect();
        let (state, path) = match words.as_slice() {
            ["#", "branch.head", head] => {
                status.branch = (*head != "(detached)").then(|| (*head).to_owned());
                continue;
            }
            ["#", "branch.upstream", up] => {
                status.upstream = Some((*up).to_owned());
                continue;
            }
            ["#", "branch.ab", ahead, behind] => {
                status.ahead = ahead.trim_start_matches('+').parse().unwrap_or(0);
                status.behind = behind.trim_start_matches('-').parse().unwrap_or(0);
                continue;
            }
            // Ordinary: "1 XY sub mH mI mW hH hI path" (the path may hold spaces).
            ["1", xy, ..] => (ordinary_state(xy), entry.splitn(9, ' ').nth(8)),
            // Renamed or copied: "2 XY sub mH mI mW hH hI Xscore path", then the
            // original path as the next field.
            ["2", ..] => {
                let _original = fields.next();
                (FileState::Renamed, entry.splitn(10, ' ').nth(9))
            }
            // Unmerged: "u XY sub m1 m2 m3 mW h1 h2 h3 path".
            ["u", xy, ..] => {
                let path = entry.splitn(11, ' ').nth(10);
                if let Some(path) = path.and_then(|p| p.strip_prefix(prefix)) {
                    let path = PathBuf::from(path);
                    if is_catalog_file(&path) {
                        status.unmerged.push(Unmerged {
                            path,
                            sides: (*xy).to_owned(),
                        });
                    }
                }
                (FileState::Conflicted, path)
            }
            ["?", ..] => (FileState::Added, entry.get(2..)),
            _ => continue,
        };
        let Some(path) = path.and_then(|p| p.strip_prefix(prefix)) else {
            continue;
        };
        let path = PathBuf::from(path);
        if is_catalog_file(&path) {
            status.changed.push(ChangedFile { path, state });
        }
    }
    status
}

/// The state of an ordinary entry from its two letters (staged, unstaged).
fn ordinary_state(xy: &str) -> FileState {
    if xy.contains('D') {
        FileState::Deleted
    } else if xy.contains('A') {
        FileState::Added
    } else {
        FileState::Modified
    }
}
