//! Committing the catalog from Folio: its own files only, with the archivist's git
//! identity, whatever else is staged in the repository.

use std::path::Path;

use thiserror::Error;

use super::status::{catalog_prefix, status_in};
use super::{Git, GitError};

/// A commit made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitReport {
    /// The new commit's abbreviated id.
    pub id: String,
    /// How many files it holds.
    pub files: usize,
    /// The records among them.
    pub records: usize,
}

/// Why the catalog was not committed.
#[derive(Debug, Error)]
pub enum CommitError {
    /// Git does not know who is committing.
    #[error(
        "git does not know who you are, so it cannot sign the commit: set your name and email once with `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`, then commit again"
    )]
    NoIdentity,
    /// No message was given.
    #[error("a commit needs a message: say in a line what changed")]
    NoMessage,
    /// Nothing of the catalog changed since the last commit.
    #[error("nothing to commit: no file of the catalog changed since the last commit")]
    NothingToCommit,
    /// A merge stopped on files of the catalog that are not settled yet.
    #[error("the merge is not finished: {}", .0.join("; "))]
    UnfinishedMerge(Vec<String>),
    /// Git refused or failed (not a work tree, a hook said no…).
    #[error(transparent)]
    Git(#[from] GitError),
}

/// Whether git knows who would author a commit in the work tree of `root`.
pub fn has_identity(root: &Path) -> Result<bool, GitError> {
    Ok(identity_known(&Git::open(root)?))
}

fn identity_known(git: &Git) -> bool {
    git.run(["var", "GIT_AUTHOR_IDENT"]).is_ok() && git.run(["var", "GIT_COMMITTER_IDENT"]).is_ok()
}

/// Commits every change of the catalog's own files at `root` (records, settings,
/// attachments, git files) with `message`, and nothing else: files outside the
/// catalog, or Folio's lock, stay as they are, staged or not.
pub fn commit_catalog(root: &Path, message: &str) -> Result<CommitReport, CommitError> {
    let message = message.trim();
    if message.is_empty() {
        return Err(CommitError::NoMessage);
    }
    let git = Git::open(root)?;
    if !identity_known(&git) {
        return Err(CommitError::NoIdentity);
    }
    let now = status_in(&git, root)?;
    if now.changed.is_empty() {
        return Err(CommitError::NothingToCommit);
    }
    let unsettled: Vec<String> = now
        .unmerged
        .iter()
        .filter_map(|file| {
            let path = root.join(&file.path);
            if !matches!(file.sides.as_str(), "UU" | "AA") {
                // Deleted on one side: only the archivist can say which side wins.
                Some(format!("{}: {}", path.display(), file.describe()))
            } else if crate::store::conflicted::file_holds_markers(&path) {
                Some(format!(
                    "{} still holds conflict markers: choose a version of each field first (Show both)",
                    path.display()
                ))
            } else {
                None
            }
        })
        .collect();
    if !unsettled.is_empty() {
        return Err(CommitError::UnfinishedMerge(unsettled));
    }
    let prefix = catalog_prefix(&git, root)?;
    let mut paths = String::new();
    for file in &now.changed {
        paths.push_str(&prefix);
        paths.push_str(&file.path.to_string_lossy());
        paths.push('\0');
    }
    let paths = paths.into_bytes();
    // Added and deleted files must be known to the index before `commit --only`.
    git.run_with_input(
        [
            "add",
            "--all",
            "--pathspec-from-file=-",
            "--pathspec-file-nul",
        ],
        paths.clone(),
    )?;
    if merging(&git) {
        // A merge is committed whole (git refuses a partial one): what the merge
        // brought, with the catalog's files as they are now, settled.
        git.run(["commit", "--quiet", "--message", message])?;
        return report(&git, &now);
    }
    git.run_with_input(
        [
            "commit",
            "--quiet",
            "--only",
            "--message",
            message,
            "--pathspec-from-file=-",
            "--pathspec-file-nul",
        ],
        paths,
    )?;
    report(&git, &now)
}

fn report(git: &Git, committed: &super::RepoStatus) -> Result<CommitReport, CommitError> {
    let id = git
        .text(["rev-parse", "--short", "HEAD"])?
        .trim()
        .to_owned();
    Ok(CommitReport {
        id,
        files: committed.changed.len(),
        records: committed.changed_records().len(),
    })
}

/// Whether a merge is under way in the work tree (stopped on conflicts, or
/// waiting for its commit).
fn merging(git: &Git) -> bool {
    git.run(["rev-parse", "-q", "--verify", "MERGE_HEAD"])
        .is_ok()
}
