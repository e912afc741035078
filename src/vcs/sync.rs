//! Sharing a catalog through a git server: cloning it, and syncing (fetch, merge
//! field by field, push) as one act that can be stopped anywhere and run again.
//!
//! Each step leaves the repository as git itself would: a fetch only moves the
//! server's branch as known here; a merge either finishes, stops on conflicts
//! (which the next sync finds and waits on), or is done again; a push is refused
//! whole or taken whole. A sync killed at any point is completed by the next one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::model::{Field, RecordId};
use crate::store::conflicted::Conflicted;

use super::git::{Network, run_network};
use super::status::{record_of, status_in};
use super::{Git, GitError};

/// How many times a push refused because someone pushed meanwhile is tried
/// again (each time after fetching and merging what they pushed).
const PUSH_TRIES: usize = 5;

/// Where, in the repository's git folder, the time of the last sync is kept.
const LAST_SYNC_FILE: &str = "folio-last-sync";

/// The branch of the server a catalog syncs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    /// The remote's name (`origin`).
    pub remote: String,
    /// The branch on the server (`main`).
    pub branch: String,
    /// The server's address, as configured.
    pub url: String,
    /// The local branch does not track it yet: the first push sets it.
    pub tracking: bool,
}

impl Upstream {
    /// The server's branch as known here (`refs/remotes/origin/main`).
    fn tracking_ref(&self) -> String {
        format!("refs/remotes/{}/{}", self.remote, self.branch)
    }
}

/// A step of a sync, for a progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncStep {
    /// Committing a merge whose conflicts were resolved.
    FinishingMerge,
    /// Asking the server what is new.
    Fetching,
    /// Merging this many of the server's commits.
    Merging(u32),
    /// Sending this many commits to the server.
    Pushing(u32),
    /// The push was refused (someone pushed meanwhile): fetching again, this try.
    Retrying(usize),
}

impl SyncStep {
    /// The step in a few words.
    pub fn describe(&self) -> String {
        use crate::words::count;
        match self {
            SyncStep::FinishingMerge => "Committing the resolved merge".to_owned(),
            SyncStep::Fetching => "Asking the server for changes".to_owned(),
            SyncStep::Merging(n) => {
                format!("Merging {} from the server", count(*n as usize, "commit"))
            }
            SyncStep::Pushing(n) => {
                format!("Sending {} to the server", count(*n as usize, "commit"))
            }
            SyncStep::Retrying(n) => {
                format!("Someone sent changes meanwhile: merging them (try {n} of {PUSH_TRIES})")
            }
        }
    }
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// Commits taken from the server.
    pub pulled: u32,
    /// Commits sent to the server.
    pub pushed: u32,
    /// Whether a merge commit was made (the server and this catalog both moved).
    pub merge_commit: bool,
    /// Files of the catalog the pull changed (paths from the catalog's folder).
    pub changed_files: Vec<PathBuf>,
    /// The records among them.
    pub changed_records: Vec<RecordId>,
    /// A merge stopped midway by an earlier sync was undone first.
    pub recovered: Option<Recovered>,
}

impl SyncReport {
    /// What the sync did, in a phrase ("took 2 commits from the server (3 records
    /// changed), merged them with yours, sent 1 commit"); `None` when nothing.
    pub fn describe(&self) -> Option<String> {
        use crate::words::count;
        let mut parts = Vec::new();
        if self.pulled > 0 {
            parts.push(format!(
                "took {} from the server ({} changed)",
                count(self.pulled as usize, "commit"),
                count(self.changed_records.len(), "record")
            ));
        }
        if self.merge_commit {
            parts.push("merged them with yours".to_owned());
        }
        if self.pushed > 0 {
            parts.push(format!("sent {}", count(self.pushed as usize, "commit")));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// A file a merge stopped on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Its path from the catalog's folder.
    pub path: PathBuf,
    /// Its record, for a record file.
    pub record: Option<RecordId>,
    /// The fields changed both ways (a record holding conflict markers).
    pub fields: Vec<Field>,
    /// What each side did, when it is not a change of fields: deleted on one
    /// side and changed on the other (git's two letters, `UD` or `DU`), or a file
    /// that does not read as a record.
    pub sides: Option<String>,
}

impl Conflict {
    /// The conflict in a line: the record and its fields, or what befell the file.
    pub fn describe(&self) -> String {
        let what = match &self.record {
            Some(id) => id.to_string(),
            None => self.path.display().to_string(),
        };
        match self.sides.as_deref() {
            Some("UD") => format!("{what}: changed here, deleted on the server"),
            Some("DU") => format!("{what}: deleted here, changed on the server"),
            Some("DD") => format!("{what}: deleted on both sides"),
            Some(_) => format!("{what}: both versions kept whole between conflict markers"),
            None => {
                let names: Vec<&str> = self.fields.iter().map(|f| f.name()).collect();
                format!("{what}: {}", names.join(", "))
            }
        }
    }
}

/// How a sync ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Everything is on both sides.
    Synced(SyncReport),
    /// The merge stopped: these need the archivist; the next sync finishes.
    Conflicts {
        /// What was done before the merge stopped.
        report: SyncReport,
        /// What to resolve.
        conflicts: Vec<Conflict>,
    },
}

/// Why a sync (or a clone) did not happen.
#[derive(Debug, Error)]
pub enum SyncError {
    /// The catalog's repository has no server to sync with.
    #[error(
        "this catalog has no server to sync with: open it from one (File → Open from a server…, `folio clone URL`), or name one with `git remote add origin URL`"
    )]
    NoServer,
    /// A detached head: no branch to sync.
    #[error(
        "no branch is checked out (git's detached HEAD): check one out (`git switch main`), then sync"
    )]
    NoBranch,
    /// Changes are not committed yet.
    #[error(
        "{0} changed since the last commit: commit them first (Sync offers it; `folio sync --message`)"
    )]
    Uncommitted(String),
    /// A merge commit needs the archivist's name.
    #[error(
        "git does not know who you are, so it cannot sign the merge of the server's changes: set your name and email once with `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`, then sync again"
    )]
    NoIdentity,
    /// The server could not be reached: nothing was lost, the local commits wait.
    #[error(
        "cannot reach the server {url}: {detail}. Your commits are kept here and go with the next sync"
    )]
    Unreachable {
        /// The server's address.
        url: String,
        /// What git said.
        detail: String,
    },
    /// The server refused the credentials given.
    #[error("the server {url} refused the user name or password (or key): {detail}")]
    AuthFailed {
        /// The server's address.
        url: String,
        /// What git said.
        detail: String,
    },
    /// Ssh does not trust the server's host key.
    #[error(
        "the server {url} was not trusted: its host key was not accepted, or it changed since it was accepted ({detail})"
    )]
    HostKey {
        /// The server's address.
        url: String,
        /// What ssh said.
        detail: String,
    },
    /// Pushes kept being refused.
    #[error(
        "the server kept refusing the push: others sent changes each time ({PUSH_TRIES} tries); sync again in a moment"
    )]
    PushRefused,
    /// The server refused the push for its own reasons (a protected branch, a hook).
    #[error("the server refused the push: {0}")]
    PushRejected(String),
    /// The folder to clone into is taken.
    #[error("{}: already exists and is not empty; choose another folder", .0.display())]
    FolderTaken(PathBuf),
    /// What was cloned is not a Folio catalog.
    #[error("{}: cloned, but it holds no Folio catalog (no catalog.ron)", .0.display())]
    NotACatalog(PathBuf),
    /// A git lock was left by a git that was stopped, and Folio cannot tell.
    #[error("{}: a git command holds this lock (or was stopped while holding it); if no git is running, delete the file and sync again", .0.display())]
    Locked(PathBuf),
    /// The sync was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// Setting the clone up for merges failed.
    #[error(transparent)]
    Setup(#[from] super::SetupError),
    /// Committing a resolved merge failed.
    #[error(transparent)]
    Commit(#[from] super::CommitError),
    /// Git failed otherwise.
    #[error(transparent)]
    Git(GitError),
}

impl From<GitError> for SyncError {
    fn from(e: GitError) -> SyncError {
        match e {
            GitError::Cancelled { .. } => SyncError::Cancelled,
            other => SyncError::Git(other),
        }
    }
}

impl SyncError {
    /// Whether the server was not reached at all (offline): worth saying quietly.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, SyncError::Unreachable { .. })
    }
}

/// Reads a network command's failure as what it means for the archivist.
fn network_error(error: GitError, url: &str) -> SyncError {
    let GitError::Failed { message, .. } = &error else {
        return error.into();
    };
    let detail = message
        .lines()
        .filter(|l| !l.starts_with("hint:") && !l.starts_with("Cloning into"))
        .map(|l| {
            l.trim_start_matches("fatal: ")
                .trim_start_matches("error: ")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let url = url.to_owned();
    let has = |needles: &[&str]| needles.iter().any(|n| message.contains(n));
    // A server that never answered is checked first: its address (a port such as
    // 40177) may hold the digits of an HTTP status, and it refused nothing.
    let never_answered = [
        "Could not resolve host",
        "Failed to connect",
        "Connection refused",
        "Could not connect",
        "Connection timed out",
        "Network is unreachable",
        "No route to host",
    ];
    if has(&[
        "Host key verification failed",
        "REMOTE HOST IDENTIFICATION HAS CHANGED",
    ]) {
        SyncError::HostKey { url, detail }
    } else if has(&never_answered) {
        SyncError::Unreachable { url, detail }
    } else if has(&[
        "Authentication failed",
        "Permission denied",
        "could not read Username",
        "could not read Password",
        "returned error: 401",
        "returned error: 403",
        "terminal prompts disabled",
    ]) {
        SyncError::AuthFailed { url, detail }
    } else if has(&[
        "Could not read from remote repository",
        "Connection reset",
        "Connection closed",
        "early EOF",
        "the remote end hung up",
        "unable to access",
        "Empty reply from server",
        "does not appear to be a git repository",
    ]) {
        SyncError::Unreachable { url, detail }
    } else {
        error.into()
    }
}

/// The server branch the catalog at `root` syncs with.
pub fn upstream(root: &Path) -> Result<Upstream, SyncError> {
    upstream_of(&Git::open(root)?)
}

fn upstream_of(git: &Git) -> Result<Upstream, SyncError> {
    let branch = git
        .text(["symbolic-ref", "--quiet", "--short", "HEAD"])
        .map_err(|_| SyncError::NoBranch)?
        .trim()
        .to_owned();
    let config = |key: String| {
        git.text(["config", "--get", &key])
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let tracked = config(format!("branch.{branch}.remote")).zip(
        config(format!("branch.{branch}.merge"))
            .and_then(|m| m.strip_prefix("refs/heads/").map(str::to_owned)),
    );
    let (remote, server_branch, tracking) = match tracked {
        Some((remote, merge)) if remote != "." => (remote, merge, true),
        _ => {
            // Not tracking yet: the only remote (or `origin`), same branch name.
            let remotes = git.text(["remote"])?;
            let remotes: Vec<&str> = remotes
                .lines()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .collect();
            let remote = match remotes.as_slice() {
                [] => return Err(SyncError::NoServer),
                [one] => (*one).to_owned(),
                many if many.contains(&"origin") => "origin".to_owned(),
                _ => return Err(SyncError::NoServer),
            };
            (remote, branch, false)
        }
    };
    let url = config(format!("remote.{remote}.url")).unwrap_or_else(|| remote.clone());
    Ok(Upstream {
        remote,
        branch: server_branch,
        url,
        tracking,
    })
}

/// What `folio clone` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloneReport {
    /// The catalog's folder (the clone, or the one folder in it holding a catalog).
    pub catalog: PathBuf,
}

/// The folder name git would give a clone of `url` (`…/archive.git` → `archive`).
pub fn folder_for(url: &str) -> Option<String> {
    let trimmed = url.trim().trim_end_matches('/');
    let last = trimmed.rsplit(['/', ':']).next()?;
    let name = last.strip_suffix(".git").unwrap_or(last);
    (!name.is_empty() && name != "." && name != "..").then(|| name.to_owned())
}

/// Clones the catalog at `url` into `dir` (which must not exist, or be empty) and
/// sets it up for Folio's merges, `program` being this `folio`. A clone stopped
/// or failed midway leaves no folder behind.
pub fn clone_catalog(
    url: &str,
    dir: &Path,
    program: &Path,
    network: &Network,
) -> Result<CloneReport, SyncError> {
    let existed = dir.exists();
    if existed && std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(SyncError::FolderTaken(dir.to_owned()));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(GitError::Io)?;
    let cloned = run_network(
        &parent,
        [
            "clone".as_ref(),
            "--progress".as_ref(),
            "--".as_ref(),
            url.as_ref(),
            dir.as_os_str(),
        ],
        network,
    );
    if let Err(e) = cloned {
        // Git removes what it made when it fails; a killed git cannot.
        if !existed {
            let _ = std::fs::remove_dir_all(dir);
        }
        return Err(network_error(e, url));
    }
    let catalog = find_catalog(dir).ok_or_else(|| SyncError::NotACatalog(dir.to_owned()))?;
    super::git_setup(&catalog, program)?;
    if super::setup::uses_lfs(&catalog) {
        // Without LFS's filters installed for the user, the clone holds pointers
        // where the attachments should be: fetch them.
        let git = Git::open(&catalog)?;
        super::setup::ensure_lfs(&git, &catalog)?;
        run_network(git.top(), ["lfs", "pull"], network).map_err(|e| network_error(e, url))?;
    }
    // A clone is in step with its server.
    record_sync(&Git::open(&catalog)?);
    Ok(CloneReport { catalog })
}

/// The catalog in a clone: at its top, or in its one folder holding one.
fn find_catalog(dir: &Path) -> Option<PathBuf> {
    let settings = crate::store::folder::SETTINGS_FILE;
    if dir.join(settings).is_file() {
        return Some(dir.to_owned());
    }
    let mut found = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join(settings).is_file());
    let one = found.next()?;
    found.next().is_none().then_some(one)
}

/// Asks the server what is new without merging anything (the count of commits to
/// pull shows in the status). `Ok(false)` when the catalog has no server.
pub fn fetch(root: &Path, network: &Network) -> Result<bool, SyncError> {
    let git = Git::open(root)?;
    let upstream = match upstream_of(&git) {
        Ok(u) => u,
        Err(SyncError::NoServer | SyncError::NoBranch) => return Ok(false),
        Err(e) => return Err(e),
    };
    fetch_upstream(&git, &upstream, network)?;
    Ok(true)
}

fn fetch_upstream(git: &Git, upstream: &Upstream, network: &Network) -> Result<(), SyncError> {
    let refspec = format!(
        "+refs/heads/{}:{}",
        upstream.branch,
        upstream.tracking_ref()
    );
    match run_network(
        git.top(),
        [
            "fetch",
            "--progress",
            "--no-tags",
            &upstream.remote,
            &refspec,
        ],
        network,
    ) {
        Ok(_) => Ok(()),
        // A new, empty server (or a branch not pushed yet): nothing to fetch.
        Err(GitError::Failed { message, .. }) if message.contains("couldn't find remote ref") => {
            Ok(())
        }
        Err(e) => Err(network_error(e, &upstream.url)),
    }
}

/// Syncs the catalog at `root` with its server: finishes a merge whose conflicts
/// were resolved, fetches, merges the server's branch (fast-forward when it can,
/// else a merge commit, with Folio's driver for records), and pushes; a push
/// refused because someone pushed meanwhile fetches and merges again. Changes not
/// committed yet are refused ([`SyncError::Uncommitted`]): commit them first.
/// `program` (this `folio`) is registered as the merge driver if the clone lacks it.
pub fn sync(
    root: &Path,
    program: &Path,
    network: &Network,
    step: &dyn Fn(SyncStep),
) -> Result<SyncOutcome, SyncError> {
    let git = Git::open(root)?;
    clear_stale_locks(&git)?;
    let recovered = recover_stopped_merge(&git, root)?;
    if !super::setup_state(root).is_ok_and(|s| s.driver) {
        super::setup::register_driver(&git, program)?;
    }
    super::setup::ensure_lfs(&git, root)?;
    let upstream = upstream_of(&git)?;
    let mut report = SyncReport {
        recovered,
        ..SyncReport::default()
    };
    if merging(&git) {
        let conflicts = conflicts_in(&git, root)?;
        if !conflicts.is_empty() {
            return Ok(SyncOutcome::Conflicts { report, conflicts });
        }
        step(SyncStep::FinishingMerge);
        let message = merge_message(&git);
        match super::commit_catalog(root, &message) {
            Ok(_) => {}
            // The catalog's files were settled but nothing else: commit what git holds.
            Err(super::CommitError::NothingToCommit) => {
                git.run(["commit", "--quiet", "--no-edit"])?;
            }
            Err(e) => return Err(e.into()),
        }
        report.merge_commit = true;
    }
    let now = status_in(&git, root)?;
    if !now.changed.is_empty() {
        let records = now.changed_records().len();
        let others = now.changed.len() - records;
        let what = match (records, others) {
            (0, n) => crate::words::count(n, "file"),
            (r, 0) => crate::words::count(r, "record"),
            (r, n) => format!(
                "{} and {}",
                crate::words::count(r, "record"),
                crate::words::count(n, "other file")
            ),
        };
        return Err(SyncError::Uncommitted(what));
    }
    for attempt in 1..=PUSH_TRIES {
        step(if attempt == 1 {
            SyncStep::Fetching
        } else {
            SyncStep::Retrying(attempt)
        });
        fetch_upstream(&git, &upstream, network)?;
        let theirs = upstream.tracking_ref();
        let server_has_branch = git
            .run([
                "rev-parse",
                "--quiet",
                "--verify",
                &format!("{theirs}^{{commit}}"),
            ])
            .is_ok();
        if server_has_branch {
            let behind = count_commits(&git, &format!("HEAD..{theirs}"))?;
            if behind > 0 {
                step(SyncStep::Merging(behind));
                if let Some(conflicts) = merge(&git, root, &theirs, &upstream, &mut report)? {
                    report.pulled += behind;
                    return Ok(SyncOutcome::Conflicts { report, conflicts });
                }
                report.pulled += behind;
            }
        }
        let ahead = if server_has_branch {
            count_commits(&git, &format!("{theirs}..HEAD"))?
        } else {
            count_commits(&git, "HEAD")?
        };
        if ahead == 0 && upstream.tracking {
            break;
        }
        step(SyncStep::Pushing(ahead));
        let target = format!("HEAD:refs/heads/{}", upstream.branch);
        let mut args = vec!["push", "--progress"];
        if !upstream.tracking {
            args.push("--set-upstream");
        }
        args.extend([upstream.remote.as_str(), target.as_str()]);
        match run_network(git.top(), &args, network) {
            Ok(_) => {
                report.pushed += ahead;
                // Git moves the tracking branch on a push; an older git or a
                // push by URL may not: the next fetch would show it anyway.
                break;
            }
            Err(GitError::Failed { message, .. }) if is_refused_as_behind(&message) => {
                if attempt == PUSH_TRIES {
                    return Err(SyncError::PushRefused);
                }
            }
            Err(GitError::Failed { message, .. }) if message.contains("[remote rejected]") => {
                return Err(SyncError::PushRejected(
                    message
                        .lines()
                        .find(|l| l.contains("[remote rejected]"))
                        .unwrap_or(&message)
                        .trim()
                        .to_owned(),
                ));
            }
            Err(e) => return Err(network_error(e, &upstream.url)),
        }
    }
    record_sync(&git);
    Ok(SyncOutcome::Synced(report))
}

/// Whether git refused a push because the server has commits this side lacks.
fn is_refused_as_behind(message: &str) -> bool {
    let refused = message.contains("[rejected]")
        && ["fetch first", "non-fast-forward", "stale info"]
            .iter()
            .any(|w| message.contains(w));
    // Another push landed while this one was being sent: the server's branch
    // moved under it.
    let raced = message.contains("[remote rejected]")
        && [
            "failed to update ref",
            "cannot lock ref",
            "incorrect old value",
        ]
        .iter()
        .any(|w| message.contains(w));
    refused || raced
}

/// Merges `theirs` into the branch; the conflicts when the merge stopped.
fn merge(
    git: &Git,
    root: &Path,
    theirs: &str,
    upstream: &Upstream,
    report: &mut SyncReport,
) -> Result<Option<Vec<Conflict>>, SyncError> {
    let before = git.text(["rev-parse", "HEAD"])?.trim().to_owned();
    let fast_forward = git
        .run(["merge-base", "--is-ancestor", "HEAD", theirs])
        .is_ok();
    if !fast_forward && !super::has_identity(root).unwrap_or(false) {
        return Err(SyncError::NoIdentity);
    }
    let message = format!(
        "Merge the server's changes ({}/{})",
        upstream.remote, upstream.branch
    );
    let note = git_dir(git).map(|dir| dir.join(MERGE_NOTE));
    if let Some(note) = &note {
        crate::store::folder::write_atomically(
            note,
            format!("{before}\n{theirs}\n").as_bytes(),
            true,
        )
        .map_err(|e| GitError::Io(std::io::Error::other(e.to_string())))?;
    }
    let merged = git.run([
        "merge",
        "--no-edit",
        "--no-stat",
        "--no-verify",
        "-m",
        &message,
        theirs,
    ]);
    let stopped = merging(git);
    if let Some(note) = &note {
        // Finished, or stopped where git itself knows it (MERGE_HEAD).
        let _ = std::fs::remove_file(note);
    }
    match merged {
        Ok(_) => {}
        Err(_) if stopped => {}
        Err(e) => return Err(e.into()),
    }
    // A merge that stopped is committed by the sync that finishes it.
    report.merge_commit |= !fast_forward && !stopped;
    let files = changed_between(
        git,
        root,
        &before,
        if stopped { "MERGE_HEAD" } else { "HEAD" },
    )?;
    report.changed_records = files.iter().filter_map(|p| record_of(p)).collect();
    report.changed_files = files;
    if stopped {
        return Ok(Some(conflicts_in(git, root)?));
    }
    Ok(None)
}

/// The catalog's files that differ between two commits (paths from the catalog).
fn changed_between(
    git: &Git,
    root: &Path,
    from: &str,
    to: &str,
) -> Result<Vec<PathBuf>, SyncError> {
    let prefix = super::status::catalog_prefix(git, root)?;
    let out = git.run([
        "diff",
        "--name-only",
        "-z",
        "--no-renames",
        from,
        to,
        "--",
        if prefix.is_empty() { "." } else { &prefix },
    ])?;
    Ok(String::from_utf8_lossy(&out)
        .split('\0')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.strip_prefix(prefix.as_str()))
        .map(PathBuf::from)
        .collect())
}

fn count_commits(git: &Git, range: &str) -> Result<u32, SyncError> {
    Ok(git
        .text(["rev-list", "--count", range])?
        .trim()
        .parse()
        .unwrap_or(0))
}

/// Whether a merge is under way (stopped on conflicts, or waiting for its commit).
fn merging(git: &Git) -> bool {
    git.run(["rev-parse", "-q", "--verify", "MERGE_HEAD"])
        .is_ok()
}

/// The message git prepared for the merge under way (its comments left out).
fn merge_message(git: &Git) -> String {
    let text = git_dir(git)
        .and_then(|dir| std::fs::read_to_string(dir.join("MERGE_MSG")).ok())
        .unwrap_or_default();
    let message: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let message = message.join("\n").trim().to_owned();
    if message.is_empty() {
        "Merge the server's changes".to_owned()
    } else {
        message
    }
}

/// The files the merge under way stopped on and that are not settled yet: a
/// record still holding conflict markers, or a file deleted on one side.
pub fn conflicts(root: &Path) -> Result<Vec<Conflict>, SyncError> {
    conflicts_in(&Git::open(root)?, root)
}

fn conflicts_in(git: &Git, root: &Path) -> Result<Vec<Conflict>, SyncError> {
    let status = status_in(git, root)?;
    let mut conflicts = Vec::new();
    for file in status.unmerged {
        let record = record_of(&file.path);
        let path = root.join(&file.path);
        let both_changed = matches!(file.sides.as_str(), "UU" | "AA");
        if both_changed {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if !text.lines().any(|l| l.starts_with("<<<<<<<")) {
                // Resolved: the commit settles it.
                continue;
            }
            match Conflicted::read(&text) {
                Some(c) if record.is_some() => conflicts.push(Conflict {
                    path: file.path,
                    record,
                    fields: c.fields(),
                    sides: None,
                }),
                _ => conflicts.push(Conflict {
                    path: file.path,
                    record,
                    fields: Vec::new(),
                    sides: Some(file.sides),
                }),
            }
        } else {
            conflicts.push(Conflict {
                path: file.path,
                record,
                fields: Vec::new(),
                sides: Some(file.sides),
            });
        }
    }
    Ok(conflicts)
}

/// Which side a resolution takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// This catalog's version.
    Ours,
    /// The server's version.
    Theirs,
}

/// Settles a file the merge stopped on: for a record whose fields conflict, the
/// `fields` given (every conflicting field when empty) take `side`'s value; a
/// file deleted on one side is kept or deleted as `side` did. The file is then
/// marked resolved for git; the next sync commits the merge. Returns the fields
/// still in conflict.
pub fn resolve(
    root: &Path,
    path: &Path,
    side: Side,
    fields: &[Field],
) -> Result<Vec<Field>, SyncError> {
    let git = Git::open(root)?;
    let conflict = conflicts_in(&git, root)?
        .into_iter()
        .find(|c| c.path == path)
        .ok_or_else(|| {
            SyncError::Git(GitError::Failed {
                command: "resolve".to_owned(),
                message: format!("{}: no conflict to resolve in this file", path.display()),
            })
        })?;
    let full = root.join(path);
    let prefix = super::status::catalog_prefix(&git, root)?;
    let in_repo = format!("{prefix}{}", path.to_string_lossy());
    let keep_file = match conflict.sides.as_deref() {
        None => {
            let text = std::fs::read_to_string(&full).map_err(GitError::Io)?;
            let both = Conflicted::read(&text).ok_or_else(|| {
                SyncError::Git(GitError::Failed {
                    command: "resolve".to_owned(),
                    message: format!(
                        "{}: its two versions do not read as records",
                        full.display()
                    ),
                })
            })?;
            let chosen: Vec<Field> = if fields.is_empty() {
                conflict.fields.clone()
            } else {
                fields.to_vec()
            };
            let mut ours = both.ours;
            let mut theirs = both.theirs;
            for field in &chosen {
                match side {
                    Side::Ours => {
                        let _ = field.set(&mut theirs, field.get(&ours));
                    }
                    Side::Theirs => {
                        let _ = field.set(&mut ours, field.get(&theirs));
                    }
                }
            }
            let left = Field::differing(&ours, &theirs);
            if !left.is_empty() {
                // Some fields still to choose: the file keeps their markers.
                let merge = super::merge::RecordMerge {
                    merged: ours,
                    theirs,
                    conflicts: left.clone(),
                };
                crate::store::folder::write_atomically(
                    &full,
                    merge
                        .text()
                        .map_err(|e| SyncError::Git(GitError::Io(std::io::Error::other(e))))?
                        .as_bytes(),
                    true,
                )
                .map_err(|e| SyncError::Git(GitError::Io(std::io::Error::other(e.to_string()))))?;
                return Ok(left);
            }
            let text = crate::store::format::record_to_ron(&ours)
                .map_err(|e| SyncError::Git(GitError::Io(std::io::Error::other(e))))?;
            crate::store::folder::write_atomically(&full, text.as_bytes(), true)
                .map_err(|e| SyncError::Git(GitError::Io(std::io::Error::other(e.to_string()))))?;
            true
        }
        // Deleted on their side: ours keeps it; deleted on ours: theirs keeps it.
        Some("UD") => side == Side::Ours,
        Some("DU") => side == Side::Theirs,
        Some("DD") => false,
        // A file merged line by line: ours or theirs whole.
        Some(_) => {
            let stage = if side == Side::Ours {
                "--ours"
            } else {
                "--theirs"
            };
            git.run(["checkout", stage, "--", &in_repo])?;
            true
        }
    };
    if keep_file {
        if !full.exists() {
            // Their version (or ours) of a file the other side deleted.
            let stage = if side == Side::Ours {
                "--ours"
            } else {
                "--theirs"
            };
            git.run(["checkout", stage, "--", &in_repo])?;
        }
        git.run(["add", "--", &in_repo])?;
    } else {
        git.run([
            "rm",
            "--quiet",
            "--force",
            "--ignore-unmatch",
            "--",
            &in_repo,
        ])?;
    }
    Ok(Vec::new())
}

/// The repository's git folder.
fn git_dir(git: &Git) -> Option<PathBuf> {
    git.text(["rev-parse", "--absolute-git-dir"])
        .ok()
        .map(|d| PathBuf::from(d.trim()))
}

/// Notes the time of a sync that completed.
fn record_sync(git: &Git) {
    if let Some(dir) = git_dir(git) {
        // Only a display: a failure to note it loses nothing.
        let _ = crate::store::folder::write_atomically(
            &dir.join(LAST_SYNC_FILE),
            Utc::now().to_rfc3339().as_bytes(),
            true,
        );
    }
}

/// When the catalog at `root` last synced completely (by Folio, app or command).
pub fn last_sync(root: &Path) -> Option<DateTime<Utc>> {
    let dir = git_dir(&Git::open(root).ok()?)?;
    let text = std::fs::read_to_string(dir.join(LAST_SYNC_FILE)).ok()?;
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Removes the locks a git stopped midway left in the repository of the catalog
/// at `root` (a sync killed while git wrote its index), when no git is running in
/// it: git would refuse every later command until they go. Sync does this first;
/// a commit made just before a sync should too.
pub fn clear_stopped_locks(root: &Path) -> Result<Option<Recovered>, SyncError> {
    let git = Git::open(root)?;
    clear_stale_locks(&git)?;
    recover_stopped_merge(&git, root)
}

/// Where, in the git folder, a sync notes the merge it is making, until it ends:
/// the commit before it and the one merged.
const MERGE_NOTE: &str = "folio-sync-merge";

/// What the recovery of a merge stopped midway did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The catalog's files the stopped merge had begun to write, put back as
    /// they were before it (the merge is then done again).
    pub files: usize,
    /// Where their state at the time was copied, should anything in them be
    /// someone's work.
    pub kept_in: PathBuf,
}

/// A sync killed while git wrote the files of its merge leaves them half
/// written (some new, some old, one cut short or missing) with nothing in git to
/// say so. The sync's note of the merge does: before the merge nothing of the
/// catalog was uncommitted, so each file that differs from the last commit was
/// written by the stopped merge. Each is copied aside (nothing is lost, whoever
/// wrote it) and put back as committed; the next merge writes them whole.
fn recover_stopped_merge(git: &Git, root: &Path) -> Result<Option<Recovered>, SyncError> {
    let Some(dir) = git_dir(git) else {
        return Ok(None);
    };
    let note = dir.join(MERGE_NOTE);
    let Ok(text) = std::fs::read_to_string(&note) else {
        return Ok(None);
    };
    let before = text.lines().next().unwrap_or_default().trim().to_owned();
    let head = git.text(["rev-parse", "HEAD"])?.trim().to_owned();
    // The merge finished (HEAD moved), or stopped on conflicts git knows of.
    if head != before || merging(git) {
        let _ = std::fs::remove_file(&note);
        return Ok(None);
    }
    // Killed while writing git's own note of the merge: a MERGE_HEAD that does
    // not name a commit (cut short) would stop every later merge.
    for name in ["MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "AUTO_MERGE"] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let status = status_in(git, root)?;
    let kept_in = dir
        .join("folio-rescued")
        .join(Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string());
    let prefix = super::status::catalog_prefix(git, root)?;
    let mut files = 0;
    for file in &status.changed {
        let path = root.join(&file.path);
        if path.is_file() {
            let copy = kept_in.join(&file.path);
            if let Some(parent) = copy.parent() {
                std::fs::create_dir_all(parent).map_err(GitError::Io)?;
            }
            std::fs::copy(&path, &copy).map_err(GitError::Io)?;
        }
        let in_repo = format!("{prefix}{}", file.path.to_string_lossy());
        let committed = git
            .run(["cat-file", "-e", &format!("HEAD:{in_repo}")])
            .is_ok();
        if committed {
            git.run(["checkout", "HEAD", "--", &in_repo])?;
        } else {
            git.run([
                "rm",
                "--quiet",
                "--cached",
                "--ignore-unmatch",
                "--",
                &in_repo,
            ])?;
            let _ = std::fs::remove_file(&path);
        }
        files += 1;
    }
    let _ = std::fs::remove_file(&note);
    Ok((files > 0).then_some(Recovered { files, kept_in }))
}

/// See [`clear_stopped_locks`]. Where running programs cannot be listed (no
/// `/proc`), a lock is left for git to report.
fn clear_stale_locks(git: &Git) -> Result<(), SyncError> {
    let Some(dir) = git_dir(git) else {
        return Ok(());
    };
    // Git's locks are files named after what they lock with `.lock` added
    // (`index.lock`, `HEAD.lock`, `AUTO_MERGE.lock`, `packed-refs.lock`…) at the
    // top of its folder, and a ref's under `refs/`.
    let mut locks: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "lock"))
                .collect()
        })
        .unwrap_or_default();
    collect_locks(&dir.join("refs"), &mut locks);
    // The merge driver's copies of a record's versions, which git removes once
    // the driver returns.
    let leftovers: Vec<PathBuf> = std::fs::read_dir(git.top())
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(".merge_file_"))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    if locks.is_empty() && leftovers.is_empty() {
        return Ok(());
    }
    if git_running_in(git.top()).unwrap_or(true) {
        // A live git holds them (or nobody can tell): the usual wait, then its message.
        return Ok(());
    }
    for lock in locks {
        std::fs::remove_file(&lock).or_else(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Ok(()),
            _ => Err(SyncError::Locked(lock.clone())),
        })?;
    }
    for file in leftovers {
        // Untracked copies: one left behind harms nothing but the view.
        let _ = std::fs::remove_file(file);
    }
    Ok(())
}

fn collect_locks(dir: &Path, locks: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_locks(&path, locks);
        } else if path.extension().is_some_and(|e| e == "lock") {
            locks.push(path);
        }
    }
}

/// Whether a git program runs with its working folder in the work tree `top`
/// (`None` where running programs cannot be listed).
fn git_running_in(top: &Path) -> Option<bool> {
    let top = std::fs::canonicalize(top).ok()?;
    let processes = std::fs::read_dir("/proc").ok()?;
    let me = std::process::id().to_string();
    Some(processes.flatten().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.bytes().all(|b| b.is_ascii_digit()) || name == me {
            return false;
        }
        let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if !comm.trim().starts_with("git") {
            return false;
        }
        std::fs::read_link(entry.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(&top))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(message: &str) -> GitError {
        GitError::Failed {
            command: "fetch".into(),
            message: message.into(),
        }
    }

    #[test]
    fn a_server_that_never_answered_is_out_of_reach_whatever_digits_its_port_holds() {
        let url = "http://127.0.0.1:40177/git/catalog.git";
        let error = network_error(
            failed(
                "fatal: unable to access 'http://127.0.0.1:40177/git/catalog.git/': Failed to connect to 127.0.0.1 port 40177 after 0 ms: Couldn't connect to server",
            ),
            url,
        );
        assert!(matches!(error, SyncError::Unreachable { .. }), "{error:?}");
        let error = network_error(
            failed(
                "fatal: unable to access 'http://127.0.0.1:40377/git/c.git/': The requested URL returned error: 502",
            ),
            url,
        );
        assert!(matches!(error, SyncError::Unreachable { .. }), "{error:?}");
    }

    #[test]
    fn a_refused_password_or_key_is_said_as_such() {
        let url = "http://127.0.0.1:8080/git/catalog.git";
        for message in [
            "fatal: Authentication failed for 'http://127.0.0.1:8080/git/catalog.git/'",
            "fatal: unable to access 'http://127.0.0.1:8080/git/catalog.git/': The requested URL returned error: 403",
            "git@127.0.0.1: Permission denied (publickey).\nfatal: Could not read from remote repository.",
            "fatal: could not read Username for 'http://127.0.0.1:8080': terminal prompts disabled",
        ] {
            let error = network_error(failed(message), url);
            assert!(
                matches!(error, SyncError::AuthFailed { .. }),
                "{message}: {error:?}"
            );
        }
        let error = network_error(
            failed("Host key verification failed.\nfatal: Could not read from remote repository."),
            url,
        );
        assert!(matches!(error, SyncError::HostKey { .. }), "{error:?}");
    }
}
