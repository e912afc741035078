//! One writer per catalog: a lock file (`.folio.lock` in the catalog folder) holding
//! the process id, the host and the time it was taken. A second Folio is told who
//! holds the catalog and may open it read-only. A lock left by a process that died on
//! this host is stale and taken over; a lock from another host (a shared folder) is
//! respected, since that process cannot be checked from here.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The lock file's name in the catalog folder.
pub const LOCK_FILE: &str = ".folio.lock";

/// Who holds a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Process id.
    pub pid: u32,
    /// Host name.
    pub host: String,
    /// When the lock was taken (RFC 3339), as written by the holder.
    pub since: String,
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "process {} on {}, since {}",
            self.pid, self.host, self.since
        )
    }
}

impl Holder {
    fn me() -> Holder {
        Holder {
            pid: std::process::id(),
            host: host_name(),
            since: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "pid = {}\nhost = {}\nsince = {}\n",
            self.pid, self.host, self.since
        )
    }

    fn parse(text: &str) -> Option<Holder> {
        let field = |name: &str| {
            text.lines().find_map(|l| {
                let (key, value) = l.split_once('=')?;
                (key.trim() == name).then(|| value.trim().to_owned())
            })
        };
        Some(Holder {
            pid: field("pid")?.parse().ok()?,
            host: field("host")?,
            since: field("since").unwrap_or_default(),
        })
    }

    /// Whether the holder is certainly gone: a process of this host that no longer
    /// runs. Elsewhere (or where processes cannot be listed) it is taken as alive.
    fn is_dead(&self) -> bool {
        self.host == host_name() && !process_runs(self.pid)
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "this computer".to_owned())
}

/// Whether a process runs, where that can be known without unsafe code (Linux's
/// `/proc`); elsewhere every process is taken as running.
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

/// Why the lock was not taken.
#[derive(Debug, Error)]
pub enum LockError {
    /// Another Folio holds the catalog.
    #[error("this catalog is open in another Folio ({0})")]
    Held(Holder),
    /// The lock file could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct CatalogLock {
    path: PathBuf,
    text: String,
}

impl CatalogLock {
    /// Takes the lock of the catalog at `root`, taking over a stale one.
    pub fn acquire(root: &Path) -> Result<CatalogLock, LockError> {
        let path = root.join(LOCK_FILE);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        // Twice at most: once more after removing a stale lock.
        for _ in 0..2 {
            let me = Holder::me();
            let text = me.to_text();
            match std::fs::File::options()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    file.write_all(text.as_bytes()).map_err(io)?;
                    file.sync_all().map_err(io)?;
                    return Ok(CatalogLock { path, text });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let existing = std::fs::read_to_string(&path).unwrap_or_default();
                    match Holder::parse(&existing) {
                        Some(holder) if !holder.is_dead() => return Err(LockError::Held(holder)),
                        // Dead, or not a lock Folio wrote (empty after a crash while
                        // it was being written): stale.
                        _ => match std::fs::remove_file(&path) {
                            Ok(()) => {}
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => return Err(io(e)),
                        },
                    }
                }
                Err(e) => return Err(io(e)),
            }
        }
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        match Holder::parse(&existing) {
            Some(holder) => Err(LockError::Held(holder)),
            None => Err(io(std::io::Error::other("the lock file keeps changing"))),
        }
    }
}

impl Drop for CatalogLock {
    fn drop(&mut self) {
        // Only remove the file if it is still ours.
        if std::fs::read_to_string(&self.path).is_ok_and(|t| t == self.text) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let first = CatalogLock::acquire(tmp.path()).unwrap();
        match CatalogLock::acquire(tmp.path()) {
            Err(LockError::Held(holder)) => {
                assert_eq!(holder.pid, std::process::id());
                assert_eq!(holder.host, host_name());
                assert!(holder.to_string().starts_with("process "));
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(!tmp.path().join(LOCK_FILE).exists(), "released on drop");
        let _again = CatalogLock::acquire(tmp.path()).unwrap();
    }

    #[test]
    fn a_stale_lock_is_taken_over_and_a_foreign_host_respected() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(LOCK_FILE);
        // A process id far above any Linux pid_max: certainly not running.
        let dead = Holder {
            pid: 4_000_000_000,
            host: host_name(),
            since: "2026-01-01T00:00:00Z".into(),
        };
        std::fs::write(&path, dead.to_text()).unwrap();
        let lock = CatalogLock::acquire(tmp.path()).unwrap();
        drop(lock);
        std::fs::write(&path, "").unwrap();
        let lock = CatalogLock::acquire(tmp.path()).expect("an empty lock file is stale");
        drop(lock);
        let elsewhere = Holder {
            host: "another-computer".into(),
            ..dead
        };
        std::fs::write(&path, elsewhere.to_text()).unwrap();
        assert!(matches!(
            CatalogLock::acquire(tmp.path()),
            Err(LockError::Held(h)) if h.host == "another-computer"
        ));
    }
}
