//! Setting a catalog up for git: its `.gitignore` (Folio's lock and temporary
//! files), its `.gitattributes` (record files merge with Folio's merge driver) and
//! the driver registered in the repository's own configuration.

use std::path::{Path, PathBuf};

use crate::store::folder::{GITIGNORE, write_atomically};

use super::{Git, GitError};

/// What a catalog's `.gitattributes` holds: record files merge field by field.
pub const GITATTRIBUTES: &str = "# Record files merge field by field with Folio's merge driver (`folio git-setup`\n# registers it in the repository's configuration).\nrecords/*.ron merge=folio\n";

/// The configuration key of the driver's command.
const DRIVER_KEY: &str = "merge.folio.driver";

/// How far a catalog is set up for git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupState {
    /// `.gitignore` names Folio's lock and temporary files.
    pub ignore: bool,
    /// `.gitattributes` sends record files to the merge driver.
    pub attributes: bool,
    /// The repository's configuration has the merge driver.
    pub driver: bool,
}

impl SetupState {
    /// Everything is in place.
    pub fn is_complete(&self) -> bool {
        self.ignore && self.attributes && self.driver
    }
}

/// What [`git_setup`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetupReport {
    /// Files written or completed.
    pub files: Vec<PathBuf>,
    /// The merge driver's command, when it was registered (or changed).
    pub driver: Option<String>,
}

/// Why a catalog could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Git could not answer (not installed, not a work tree…).
    #[error(transparent)]
    Git(#[from] GitError),
    /// A file could not be written.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// A file to complete could not be read: it is left as it is.
    #[error("{}: cannot be read ({source}); it was left as it is, and nothing was set up", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// How far the catalog at `root` is set up; `Err` when it is not in a git work tree.
pub fn setup_state(root: &Path) -> Result<SetupState, GitError> {
    let git = Git::open(root)?;
    // A driver whose program has moved (a rebuilt or reinstalled Folio elsewhere)
    // would make every merge of a record fail: set up again.
    let driver = git
        .text(["config", "--local", "--get", DRIVER_KEY])
        .ok()
        .and_then(|command| driver_program(command.trim_end()))
        .is_some_and(|program| program.is_file());
    Ok(SetupState {
        ignore: holds_lines(&root.join(".gitignore"), GITIGNORE),
        attributes: holds_lines(&root.join(".gitattributes"), GITATTRIBUTES),
        driver,
    })
}

/// Sets the catalog at `root` up for git: adds the lines `.gitignore` and
/// `.gitattributes` lack (keeping theirs), and registers `folio merge-driver` (the
/// program at `program`) in the repository's local configuration. Running it again
/// changes nothing.
pub fn git_setup(root: &Path, program: &Path) -> Result<SetupReport, SetupError> {
    let git = Git::open(root)?;
    let mut report = SetupReport::default();
    // Both files are read before either is written: one that cannot be read
    // leaves both as they are.
    let mut completions = Vec::new();
    for (name, wanted) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
        let path = root.join(name);
        let current = read_if_any(&path).map_err(|source| SetupError::Unreadable {
            path: path.clone(),
            source,
        })?;
        if let Some(bytes) = completed(&current, wanted) {
            completions.push((path, bytes));
        }
    }
    for (path, bytes) in completions {
        write_atomically(&path, &bytes, true)?;
        report.files.push(path);
    }
    report.driver = register_driver(&git, program)?;
    Ok(report)
}

/// Registers `folio merge-driver` (the program at `program`) in the repository's
/// local configuration; the command, when it was registered or changed.
pub(crate) fn register_driver(git: &Git, program: &Path) -> Result<Option<String>, GitError> {
    let command = format!("{} merge-driver %O %A %B %P", shell_quoted(program));
    let current = git.text(["config", "--local", "--get", DRIVER_KEY]).ok();
    if current.as_deref().map(str::trim_end) == Some(command.as_str()) {
        return Ok(None);
    }
    git.run([
        "config",
        "--local",
        "merge.folio.name",
        "Folio: records merged field by field",
    ])?;
    git.run(["config", "--local", DRIVER_KEY, &command])?;
    Ok(Some(command))
}

/// The `.gitattributes` line that keeps attachments in Git LFS.
pub const LFS_ATTRIBUTES: &str = "# Attachments (scans, PDFs) are kept in Git LFS (`folio git-setup --lfs`).\nattachments/** filter=lfs diff=lfs merge=lfs -text\n";

/// Keeps the catalog's attachments in Git LFS: installs LFS's hooks and filters
/// in the repository (`git lfs install --local`) and adds the attachments' line to
/// `.gitattributes`. Attachments committed before stay as they are in git's
/// history (rewriting it would change every colleague's). Returns whether
/// `.gitattributes` was written.
pub fn lfs_setup(root: &Path) -> Result<bool, SetupError> {
    let git = Git::open(root)?;
    require_lfs(&git)?;
    git.run(["lfs", "install", "--local"])?;
    let path = root.join(".gitattributes");
    let current = read_if_any(&path).map_err(|source| SetupError::Unreadable {
        path: path.clone(),
        source,
    })?;
    match completed(&current, LFS_ATTRIBUTES) {
        Some(bytes) => {
            write_atomically(&path, &bytes, true)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Whether the catalog at `root` keeps attachments in Git LFS.
pub(crate) fn uses_lfs(root: &Path) -> bool {
    read_if_any(&root.join(".gitattributes")).is_ok_and(|bytes| {
        bytes.split(|b| *b == b'\n').any(|line| {
            line.starts_with(b"attachments") && line.windows(10).any(|w| w == b"filter=lfs")
        })
    })
}

/// Makes sure a clone of a catalog using Git LFS has LFS's hooks and filters (a
/// clone made by plain git may lack them): without them a push would leave the
/// attachments behind.
pub(crate) fn ensure_lfs(git: &Git, root: &Path) -> Result<(), GitError> {
    if uses_lfs(root) {
        require_lfs(git)?;
        git.run(["lfs", "install", "--local"])?;
    }
    Ok(())
}

fn require_lfs(git: &Git) -> Result<(), GitError> {
    git.run(["lfs", "version"]).map(|_| ()).map_err(|_| GitError::Failed {
        command: "lfs version".to_owned(),
        message: "Git LFS is not installed, and this catalog keeps its attachments in it: install it (Debian: apt-get install git-lfs)".to_owned(),
    })
}

/// Whether the file holds every non-comment line of `wanted` (false when it
/// cannot be read).
fn holds_lines(path: &Path, wanted: &str) -> bool {
    read_if_any(path).is_ok_and(|current| completed(&current, wanted).is_none())
}

/// A file's bytes; none when it does not exist.
fn read_if_any(path: &Path) -> std::io::Result<Vec<u8>> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        other => other,
    }
}

/// The file's bytes (`current`) with the lines of `wanted` it lacks added after
/// them (a new file is `wanted`); `None` when nothing is missing. Every byte the
/// file holds is kept as it is, whatever its encoding: the archivist's rules are
/// theirs (a Latin-1 comment, CRLF line ends).
fn completed(current: &[u8], wanted: &str) -> Option<Vec<u8>> {
    let has = |line: &str| {
        current
            .split(|b| *b == b'\n')
            .any(|l| l.trim_ascii() == line.as_bytes())
    };
    let missing: Vec<&str> = wanted
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !has(l))
        .collect();
    if missing.is_empty() {
        return None;
    }
    if current.is_empty() {
        return Some(wanted.as_bytes().to_vec());
    }
    // The file's own line end (CRLF from a Windows editor stays CRLF).
    let end: &[u8] = if current.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    let mut bytes = current.to_vec();
    if !bytes.ends_with(b"\n") {
        bytes.extend_from_slice(end);
    }
    // The comment explaining them, then the lines.
    let comments = wanted.lines().filter(|l| l.starts_with('#'));
    for line in comments.chain(missing) {
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(end);
    }
    Some(bytes)
}

/// The program a driver command written by [`git_setup`] runs (`None` for any
/// other command).
fn driver_program(command: &str) -> Option<PathBuf> {
    let word = command.strip_suffix(" merge-driver %O %A %B %P")?;
    let path = match word.strip_prefix('\'') {
        Some(quoted) => quoted.strip_suffix('\'')?.replace(r"'\''", "'"),
        None => word.to_owned(),
    };
    Some(PathBuf::from(path))
}

/// A path as one word for the shell git runs the driver with.
pub(crate) fn shell_quoted(path: &Path) -> String {
    let text = path.to_string_lossy();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text.into_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_lines_are_added_after_the_users_own() {
        let wanted = GITATTRIBUTES.as_bytes();
        assert_eq!(completed(b"", GITATTRIBUTES).as_deref(), Some(wanted));
        let text = completed(b"*.pdf binary", GITATTRIBUTES).unwrap();
        assert!(text.starts_with(b"*.pdf binary\n# Record files"));
        assert!(text.ends_with(b"records/*.ron merge=folio\n"));
        assert_eq!(completed(&text, GITATTRIBUTES), None);
    }

    #[test]
    fn every_byte_of_the_users_file_is_kept_whatever_its_encoding() {
        // A Latin-1 comment (not UTF-8) and CRLF line ends, as a Windows editor saves.
        let own = b"# Fichiers \xe9crits par l'\xe9diteur\r\n*.bak\r\n".to_vec();
        let text = completed(&own, GITIGNORE).unwrap();
        assert!(text.starts_with(&own), "kept whole");
        assert!(
            text.ends_with(b".folio.lock\r\n.folio-*\r\n"),
            "in its line ends"
        );
        assert_eq!(completed(&text, GITIGNORE), None, "complete now");
    }

    #[test]
    fn paths_are_quoted_for_the_shell() {
        assert_eq!(shell_quoted(Path::new("/usr/bin/folio")), "/usr/bin/folio");
        assert_eq!(
            shell_quoted(Path::new("/home/ana/My Apps/folio")),
            "'/home/ana/My Apps/folio'"
        );
        assert_eq!(shell_quoted(Path::new("/it's/folio")), r"'/it'\''s/folio'");
    }

    #[test]
    fn the_driver_program_is_read_back_from_its_command() {
        for path in ["/usr/bin/folio", "/home/ana/My Apps/folio", "/it's/folio"] {
            let command = format!("{} merge-driver %O %A %B %P", shell_quoted(Path::new(path)));
            assert_eq!(driver_program(&command), Some(PathBuf::from(path)));
        }
        assert_eq!(driver_program("git merge-file %A %O %B"), None);
    }
}
