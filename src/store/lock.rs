//! One writer per catalog: an advisory lock of the operating system on
//! `.folio.lock` in the catalog folder, held as long as the writer runs and released
//! by the system when it ends, however it ends (a crash, a kill, a power cut). So two
//! programs can never both hold it, and a lock is never "stale": there is nothing to
//! take over. The file also says who holds it (program, process, host, time), for
//! the message the next writer gets.

use std::fmt;
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use thiserror::Error;

/// The lock file's name in the catalog folder.
pub const LOCK_FILE: &str = ".folio.lock";

/// Who holds a catalog, as the holder wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// What holds it: `Folio` (the app) or the command (`folio set`).
    pub program: String,
    /// Process id.
    pub pid: u32,
    /// Host name.
    pub host: String,
    /// When the lock was taken (RFC 3339), as written by the holder.
    pub since: String,
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pid == 0 {
            return f.write_str("another program, which has not yet said which");
        }
        write!(
            f,
            "{}, process {} on {}, since {}",
            self.program, self.pid, self.host, self.since
        )
    }
}

impl Holder {
    fn me(program: &str) -> Holder {
        Holder {
            program: program.to_owned(),
            pid: std::process::id(),
            host: host_name(),
            since: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    /// Someone holds the lock but has not written who (it has just taken it).
    fn unknown() -> Holder {
        Holder {
            program: String::new(),
            pid: 0,
            host: String::new(),
            since: String::new(),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "program = {}\npid = {}\nhost = {}\nsince = {}\n",
            self.program, self.pid, self.host, self.since
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
            program: field("program").unwrap_or_else(|| "Folio".to_owned()),
            pid: field("pid")?.parse().ok()?,
            host: field("host")?,
            since: field("since").unwrap_or_default(),
        })
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

/// Why the lock was not taken.
#[derive(Debug, Error)]
pub enum LockError {
    /// Another program holds the catalog.
    #[error("this catalog is held by {0}")]
    Held(Holder),
    /// The lock file could not be opened, locked or written.
    #[error("{path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// A held lock; dropping it releases the lock and removes the file.
#[derive(Debug)]
pub struct CatalogLock {
    path: PathBuf,
    file: File,
}

impl CatalogLock {
    /// Takes the lock of the catalog at `root` for `program` (`Folio`, `folio set`),
    /// or says who holds it.
    pub fn acquire(root: &Path, program: &str) -> Result<CatalogLock, LockError> {
        let path = root.join(LOCK_FILE);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        // A holder removes the file when it lets go: a file opened just before that
        // is locked in vain. Open again until the file locked is the one at the path.
        for _ in 0..100 {
            let mut file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(LockError::Held(read_holder(&path))),
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
            if !same_file(&file, &path) {
                continue;
            }
            let text = Holder::me(program).to_text();
            file.set_len(0).map_err(io)?;
            file.rewind().map_err(io)?;
            file.write_all(text.as_bytes()).map_err(io)?;
            file.sync_all().map_err(io)?;
            return Ok(CatalogLock { path, file });
        }
        Err(io(std::io::Error::other(
            "the lock file keeps being replaced",
        )))
    }

    /// As [`CatalogLock::acquire`], trying again until `wait` has passed while
    /// another program holds the catalog (a command waits for the app's save, or for
    /// another command, to finish).
    pub fn acquire_waiting(
        root: &Path,
        program: &str,
        wait: Duration,
    ) -> Result<CatalogLock, LockError> {
        let start = Instant::now();
        loop {
            match Self::acquire(root, program) {
                Err(LockError::Held(_)) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }
}

/// Who holds the lock, as its file says; a holder that has only just taken it may
/// not have written yet: it gets a moment.
fn read_holder(path: &Path) -> Holder {
    for _ in 0..10 {
        let mut text = String::new();
        let read = File::open(path).and_then(|mut f| f.read_to_string(&mut text));
        if let Some(holder) = read.ok().and_then(|_| Holder::parse(&text)) {
            return holder;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Holder::unknown()
}

/// Whether `file` is the file now at `path` (not one removed or replaced since it
/// was opened).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so it is always the one at the path.
#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

impl Drop for CatalogLock {
    fn drop(&mut self) {
        // Removed while still locked, so that no one locks the old file meanwhile
        // (see `acquire`); a failure leaves an unlocked file, which is harmless.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let first = CatalogLock::acquire(tmp.path(), "folio set").unwrap();
        match CatalogLock::acquire(tmp.path(), "Folio") {
            Err(LockError::Held(holder)) => {
                assert_eq!(holder.pid, std::process::id());
                assert_eq!(holder.host, host_name());
                assert_eq!(holder.program, "folio set");
                assert!(holder.to_string().starts_with("folio set, process "));
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(!tmp.path().join(LOCK_FILE).exists(), "released on drop");
        let _again = CatalogLock::acquire(tmp.path(), "Folio").unwrap();
    }

    #[test]
    fn a_file_left_behind_is_no_lock_but_a_held_one_is_whatever_it_says() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(LOCK_FILE);
        // What a process killed while holding the lock leaves: its words, no lock.
        std::fs::write(&path, Holder::me("folio fmt").to_text()).unwrap();
        let lock = CatalogLock::acquire(tmp.path(), "Folio").expect("no one holds it");
        drop(lock);
        // Held, though its file is empty (the holder has not written yet): refused.
        let held = CatalogLock::acquire(tmp.path(), "Folio").unwrap();
        std::fs::write(&path, "").unwrap();
        match CatalogLock::acquire(tmp.path(), "folio set") {
            Err(LockError::Held(holder)) => assert_eq!(holder, Holder::unknown()),
            other => panic!("{other:?}"),
        }
        drop(held);
    }

    #[test]
    fn waiting_takes_the_lock_once_it_is_let_go() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_owned();
        let first = CatalogLock::acquire(&root, "folio set").unwrap();
        let waiter = std::thread::spawn(move || {
            CatalogLock::acquire_waiting(&root, "folio set", Duration::from_secs(10)).is_ok()
        });
        std::thread::sleep(Duration::from_millis(200));
        drop(first);
        assert!(waiter.join().unwrap());
        let second = CatalogLock::acquire(tmp.path(), "Folio").unwrap();
        let refused =
            CatalogLock::acquire_waiting(tmp.path(), "folio set", Duration::from_millis(100));
        assert!(matches!(refused, Err(LockError::Held(_))));
        drop(second);
    }
}
