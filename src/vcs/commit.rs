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
    let in_repo = |file: &super::ChangedFile| format!("{prefix}{}", file.path.to_string_lossy());
    let nul_joined = |paths: &mut dyn Iterator<Item = String>| {
        let mut joined = String::new();
        for path in paths {
            joined.push_str(&path);
            joined.push('\0');
        }
        joined.into_bytes()
    };
    let paths = nul_joined(&mut now.changed.iter().map(in_repo));
    // Added and deleted files must be known to the index before `commit --only`;
    // a deletion already staged (`git rm`, a conflict settled by deleting) is
    // neither on disk nor in the index, and `git add` would refuse its path.
    let gone: Vec<String> = now
        .changed
        .iter()
        .filter(|f| !root.join(&f.path).exists())
        .map(in_repo)
        .collect();
    let indexed: Vec<String> = if gone.is_empty() {
        Vec::new()
    } else {
        let mut args = vec!["ls-files".to_owned(), "-z".to_owned(), "--".to_owned()];
        args.extend(gone.iter().map(|p| format!(":(literal){p}")));
        String::from_utf8_lossy(&git.run(args)?)
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let to_add = nul_joined(
        &mut now
            .changed
            .iter()
            .map(in_repo)
            .filter(|p| !gone.contains(p) || indexed.contains(p)),
    );
    if !to_add.is_empty() {
        git.run_with_input(
            [
                "add",
                "--all",
                "--pathspec-from-file=-",
                "--pathspec-file-nul",
            ],
            to_add,
        )?;
    }
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
