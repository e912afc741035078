//! Running git: in a work tree, with a timeout, its output read whole and its
//! failures typed.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use thiserror::Error;
use wait_timeout::ChildExt;

/// How long a git command may run before it is stopped (a hook waiting for input, a
/// network remote that does not answer).
const TIMEOUT: Duration = Duration::from_secs(60);

/// How long a command that must write the index waits for another git to let go
/// of it (a `git status` in a terminal or an editor holds it for milliseconds).
const INDEX_LOCK_PATIENCE: Duration = Duration::from_secs(5);

/// Why git could not answer.
#[derive(Debug, Error)]
pub enum GitError {
    /// No `git` program on the machine.
    #[error("git is not installed (no `git` command was found)")]
    Missing,
    /// The folder is not in a git work tree.
    #[error("{} is not inside a git work tree", .0.display())]
    NotAWorkTree(PathBuf),
    /// The folder is in a work tree that ignores it (a build folder, say).
    #[error("{} is ignored by the git repository around it (its .gitignore)", .0.display())]
    Ignored(PathBuf),
    /// A command ran too long and was stopped.
    #[error("`git {command}` took longer than {} s and was stopped", .seconds)]
    TimedOut {
        /// The command, without `git`.
        command: String,
        /// The time allowed.
        seconds: u64,
    },
    /// A command failed; git's own message.
    #[error("`git {command}` failed: {message}")]
    Failed {
        /// The command, without `git`.
        command: String,
        /// What git printed on its error output (or its exit status).
        message: String,
    },
    /// The folder git was to run in does not exist (or is not a folder).
    #[error("could not run git in {}: no such folder", .0.display())]
    NoFolder(PathBuf),
    /// The command was stopped on request.
    #[error("`git {command}` was cancelled")]
    Cancelled {
        /// The command, without `git`.
        command: String,
    },
    /// Git could not be started or read.
    #[error("could not run git: {0}")]
    Io(#[from] std::io::Error),
}

/// A git work tree.
#[derive(Debug, Clone)]
pub struct Git {
    top: PathBuf,
}

impl Git {
    /// The work tree holding `dir`; `Ignored` when that work tree ignores `dir`.
    pub fn open(dir: &Path) -> Result<Git, GitError> {
        let out = run(dir, ["rev-parse", "--show-toplevel"], TIMEOUT).map_err(|e| match e {
            GitError::Failed { .. } => GitError::NotAWorkTree(dir.to_owned()),
            other => other,
        })?;
        let top = String::from_utf8_lossy(&out)
            .trim_end_matches('\n')
            .to_owned();
        if top.is_empty() {
            return Err(GitError::NotAWorkTree(dir.to_owned()));
        }
        let git = Git {
            top: PathBuf::from(top),
        };
        // A catalog the repository ignores is not versioned by it: nothing to show
        // or commit, and nothing to set up.
        if run(
            dir,
            ["check-ignore".as_ref(), "-q".as_ref(), dir.as_os_str()],
            TIMEOUT,
        )
        .is_ok()
        {
            return Err(GitError::Ignored(dir.to_owned()));
        }
        Ok(git)
    }

    /// The top folder of the work tree.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// Runs `git ARGS` at the top of the work tree; its output.
    pub fn run<I, S>(&self, args: I) -> Result<Vec<u8>, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run(&self.top, args, TIMEOUT)
    }

    /// Runs `git ARGS` at the top of the work tree with `input` on its standard
    /// input (`cat-file --batch`, `--pathspec-from-file=-`); its output.
    pub fn run_with_input<I, S>(&self, args: I, input: Vec<u8>) -> Result<Vec<u8>, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run_fed(&self.top, args, Some(input), TIMEOUT)
    }

    /// Runs `git ARGS` at the top of the work tree; its output as text (git's
    /// formats are UTF-8; anything else is shown with replacement characters).
    pub fn text<I, S>(&self, args: I) -> Result<String, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.run(args)
            .map(|out| String::from_utf8_lossy(&out).into_owned())
    }
}

/// Runs `git ARGS` in `dir`, stopping it after `timeout`.
pub(crate) fn run<I, S>(dir: &Path, args: I, timeout: Duration) -> Result<Vec<u8>, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_fed(dir, args, None, timeout)
}

/// Where git's progress lines go, each as it comes.
pub type ProgressSink = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

/// What a command that talks to a server needs beyond a local one: where git may
/// ask for credentials, what it reports as it goes, and a way to stop it.
#[derive(Clone, Default)]
pub struct Network {
    /// Variables set for git (`GIT_ASKPASS`, `SSH_ASKPASS`… pointing at Folio's
    /// own dialog: see [`super::askpass`]).
    pub env: Vec<(std::ffi::OsString, std::ffi::OsString)>,
    /// Git may ask on the terminal (the command line run by a person); otherwise
    /// it never waits on one.
    pub terminal: bool,
    /// Told each line git reports on its progress (`Receiving objects:  45% …`).
    pub progress: Option<ProgressSink>,
    /// Set to stop the command.
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Network")
            .field("env", &self.env)
            .field("terminal", &self.terminal)
            .finish_non_exhaustive()
    }
}

/// How long a command that talks to a server may run: a clone of a large catalog
/// over a slow line, or a person typing a password in the dialog git waits on.
pub(crate) const NETWORK_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// Runs `git ARGS` in `dir` as a network command (see [`Network`]).
pub(crate) fn run_network<I, S>(dir: &Path, args: I, network: &Network) -> Result<Vec<u8>, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    run_once(dir, &args, None, NETWORK_TIMEOUT, Some(network))
}

/// Runs `git ARGS` in `dir` with `input` (if any) on its standard input, stopping
/// it after `timeout`; a command refused because another git holds the index is
/// run again until that git lets go, for a few seconds.
fn run_fed<I, S>(
    dir: &Path,
    args: I,
    input: Option<Vec<u8>>,
    timeout: Duration,
) -> Result<Vec<u8>, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let input = input.map(std::sync::Arc::new);
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(20);
    loop {
        match run_once(dir, &args, input.clone(), timeout, None) {
            // Git takes the index lock before it changes anything, so a refused
            // command did nothing and may simply be run again. A lock left by a
            // crashed git stays: its message, which says what to do, is shown.
            Err(GitError::Failed { message, .. })
                if is_index_lock_held(&message) && started.elapsed() < INDEX_LOCK_PATIENCE =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(250));
            }
            answer => return answer,
        }
    }
}

/// Whether git's message says another git process holds the index. Only the file's
/// name is matched: the rest of the message is in the user's language. Any other
/// trouble with that file (a folder not writable) is then waited on in vain, for a
/// few seconds, and reported as git said it.
fn is_index_lock_held(message: &str) -> bool {
    message.contains("index.lock")
}

fn run_once(
    dir: &Path,
    args: &[std::ffi::OsString],
    input: Option<std::sync::Arc<Vec<u8>>>,
    timeout: Duration,
    network: Option<&Network>,
) -> Result<Vec<u8>, GitError> {
    let command = args
        .iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    // Spawning in a folder that does not exist fails as a missing program does:
    // tell the two apart, so that a wrong path is never reported as git missing.
    if !dir.is_dir() {
        return Err(GitError::NoFolder(dir.to_owned()));
    }
    let mut command_line = Command::new("git");
    let terminal = network.is_some_and(|n| n.terminal);
    if let Some(network) = network {
        command_line.envs(network.env.iter().map(|(k, v)| (k, v)));
    }
    let mut child = command_line
        .args(args)
        .current_dir(dir)
        // Never wait for a password or an editor nobody will see (a person at the
        // terminal sees git's own question).
        .env("GIT_TERMINAL_PROMPT", if terminal { "1" } else { "0" })
        .env("GIT_EDITOR", "true")
        // Folio reads the status in the background every few seconds; by default
        // `git status` takes the index lock to refresh it, and a `git commit`
        // typed in a terminal at that moment, or Folio's own, would fail with
        // "index.lock: File exists". Commands that must write the index still
        // lock it.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GLIBC_TUNABLES", tunables())
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::Missing,
            _ => GitError::Io(e),
        })?;
    // Feed the input and read both outputs while git runs: a full pipe would stop it.
    let feeder = match (child.stdin.take(), input) {
        (Some(mut stdin), Some(input)) => Some(std::thread::spawn(move || {
            use std::io::Write;
            // Git may stop reading early (an error it reports itself).
            let _ = stdin.write_all(&input);
        })),
        _ => None,
    };
    let stdout = child.stdout.take().map(drain);
    let progress = network.and_then(|n| n.progress.clone());
    let stderr = child.stderr.take().map(|pipe| match progress {
        Some(progress) => drain_reporting(pipe, progress),
        None => drain(pipe),
    });
    let cancel = network.and_then(|n| n.cancel.clone());
    let started = std::time::Instant::now();
    let status = loop {
        // Short waits, so that a cancel is seen at once.
        let slice = if cancel.is_some() {
            Duration::from_millis(100)
        } else {
            timeout
        };
        if let Some(status) = child.wait_timeout(slice)? {
            break status;
        }
        let cancelled = cancel
            .as_ref()
            .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
        if cancelled || started.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(if cancelled {
                GitError::Cancelled { command }
            } else {
                GitError::TimedOut {
                    command,
                    seconds: timeout.as_secs(),
                }
            });
        }
    };
    let collect = |reader: Option<std::thread::JoinHandle<Vec<u8>>>| {
        reader.and_then(|r| r.join().ok()).unwrap_or_default()
    };
    let (out, err) = (collect(stdout), collect(stderr));
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    if status.success() {
        return Ok(out);
    }
    let message = String::from_utf8_lossy(&err).trim().to_owned();
    Err(GitError::Failed {
        command,
        message: if message.is_empty() {
            status.to_string()
        } else {
            message
        },
    })
}

/// glibc's allocator settings for git: a catalog's `records` tree holds thousands
/// of entries, and a path-limited `git log` inflates it once per commit; with
/// glibc's defaults each of those buffers is mapped, trimmed and faulted in again,
/// which made `git log` of one record 2.4 times slower (0.40 s against 0.17 s over
/// 1,000 commits of 10,000 records). Other C libraries ignore the variable; the
/// user's own settings are kept, and come last so they win.
fn tunables() -> std::ffi::OsString {
    let mut value = std::ffi::OsString::from(
        "glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=67108864",
    );
    if let Some(own) = std::env::var_os("GLIBC_TUNABLES").filter(|v| !v.is_empty()) {
        value.push(":");
        value.push(own);
    }
    value
}

/// Reads git's error output whole, telling `progress` each line as it comes
/// (progress lines end in a carriage return, each redrawing the last).
fn drain_reporting(
    mut pipe: impl Read + Send + 'static,
    progress: ProgressSink,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut line_start = 0;
        let mut buffer = [0u8; 4096];
        loop {
            let n = match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            bytes.extend_from_slice(buffer.get(..n).unwrap_or_default());
            while let Some(end) = bytes
                .get(line_start..)
                .and_then(|rest| rest.iter().position(|b| *b == b'\r' || *b == b'\n'))
            {
                let line = bytes.get(line_start..line_start + end).unwrap_or_default();
                let line = String::from_utf8_lossy(line);
                if !line.trim().is_empty() {
                    progress(line.trim());
                }
                line_start += end + 1;
            }
        }
        // What is kept for the error message: lines, not every redrawn percentage.
        let text = String::from_utf8_lossy(&bytes);
        text.split(['\r', '\n'])
            .filter(|line| !line.trim().is_empty() && !is_progress_line(line))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    })
}

/// Whether a line of git's error output is a progress report
/// (`Receiving objects:  45% (450/1000)`), not a message.
pub(crate) fn is_progress_line(line: &str) -> bool {
    let line = line.trim_start_matches("remote: ").trim();
    line.contains('%')
        && line
            .split_once(':')
            .is_some_and(|(what, _)| what.chars().all(|c| c.is_alphabetic() || c == ' '))
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}
