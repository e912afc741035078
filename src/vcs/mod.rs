//! Versioning with git: the catalog's history, its merges and its commits.
//!
//! Folio runs the `git` found on the machine (the archivist's own, with their
//! configuration, identity and hooks) through a small typed wrapper with timeouts
//! ([`Git`]), rather than a library: what it writes is what the archivist's git
//! would. Without git, or outside a work tree, everything else works and these
//! features say why they are absent.

pub mod askpass;
mod change;
mod commit;
mod git;
pub mod history;
pub mod merge;
mod setup;
mod status;
pub mod sync;

pub use change::{Change, ChangeSource, last_change, last_changes};
pub use commit::{CommitError, CommitReport, commit_catalog, has_identity};
pub use git::{Git, GitError, Network, ProgressSink};
pub use setup::{
    GITATTRIBUTES, SetupError, SetupReport, SetupState, git_setup, lfs_setup, setup_state,
};
pub use status::{
    ChangedFile, FileState, RepoStatus, Unmerged, is_catalog_file, record_of, status,
};
