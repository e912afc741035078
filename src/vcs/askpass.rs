//! Git asking for a password, a user name or a host key, answered in Folio's own
//! dialog rather than on a terminal nobody sees.
//!
//! Git (`GIT_ASKPASS`) and ssh (`SSH_ASKPASS`) run a program with the question as
//! its one argument and read the answer from its output. Folio points both at a
//! small script in a private folder that runs `folio askpass QUESTION`; that
//! command hands the question to the window over a Unix socket in the same folder
//! and prints the answer typed there. Nothing is stored: git's credential helpers
//! may keep what the archivist chose to keep, as they do for every git.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The variable naming the socket `folio askpass` asks through.
pub const SOCKET_VARIABLE: &str = "FOLIO_ASKPASS_SOCKET";

/// What git asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// A secret: a password, a token, a key's passphrase (typed unseen).
    Secret(String),
    /// Something to type in the open: a user name.
    Text(String),
    /// A yes or no: ssh meeting a server whose host key it has never seen.
    Confirm(String),
}

impl Question {
    /// Reads git's or ssh's prompt.
    pub fn from_prompt(prompt: &str) -> Question {
        let prompt = prompt.trim().to_owned();
        let lower = prompt.to_lowercase();
        if lower.contains("(yes/no") {
            Question::Confirm(prompt)
        } else if ["password", "passphrase", "pin for", "token"]
            .iter()
            .any(|w| lower.contains(w))
        {
            Question::Secret(prompt)
        } else {
            Question::Text(prompt)
        }
    }

    /// The prompt as git or ssh wrote it.
    pub fn prompt(&self) -> &str {
        match self {
            Question::Secret(p) | Question::Text(p) | Question::Confirm(p) => p,
        }
    }
}

/// Answers a question (`None`: the archivist cancelled); called on the socket's
/// thread, it may wait for the archivist as long as they take.
pub type Answerer = Arc<dyn Fn(Question) -> Option<String> + Send + Sync>;

/// Folio's side of the socket: questions from git are answered by an [`Answerer`]
/// for as long as this lives; the folder and socket go with it.
pub struct AskpassServer {
    folder: tempfile::TempDir,
    script: PathBuf,
    socket: PathBuf,
}

impl std::fmt::Debug for AskpassServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AskpassServer")
            .field("folder", &self.folder.path())
            .finish()
    }
}

impl AskpassServer {
    /// Starts answering with `answer`, `program` being this `folio` (whose
    /// `askpass` command git runs).
    #[cfg(unix)]
    pub fn start(program: &Path, answer: Answerer) -> std::io::Result<AskpassServer> {
        use std::os::unix::fs::PermissionsExt;
        // A folder only this user can enter holds the socket and the script.
        let folder = tempfile::Builder::new()
            .prefix("folio-askpass-")
            .tempdir()?;
        std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o700))?;
        let socket = folder.path().join("socket");
        let script = folder.path().join("askpass");
        let listener = std::os::unix::net::UnixListener::bind(&socket)?;
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nexec {} askpass \"$@\"\n",
                super::setup::shell_quoted(program)
            ),
        )?;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700))?;
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else {
                    // The folder was removed with the server: nobody left to ask.
                    break;
                };
                let answer = answer.clone();
                // One question at a time is how git asks; a thread each keeps a
                // stuck client from holding up the next.
                std::thread::spawn(move || {
                    let mut prompt = String::new();
                    if stream.read_to_string(&mut prompt).is_err() {
                        return;
                    }
                    let reply = match answer(Question::from_prompt(&prompt)) {
                        Some(text) => format!("1{text}"),
                        None => "0".to_owned(),
                    };
                    let _ = stream.write_all(reply.as_bytes());
                });
            }
        });
        Ok(AskpassServer {
            folder,
            script,
            socket,
        })
    }

    /// Without Unix sockets there is no dialog: git says it cannot ask.
    #[cfg(not(unix))]
    pub fn start(_program: &Path, _answer: Answerer) -> std::io::Result<AskpassServer> {
        Err(std::io::Error::other(
            "asking for passwords in Folio's dialog needs a Unix system",
        ))
    }

    /// The variables that make git and ssh ask through this server.
    pub fn env(&self) -> Vec<(OsString, OsString)> {
        vec![
            ("GIT_ASKPASS".into(), self.script.clone().into()),
            ("SSH_ASKPASS".into(), self.script.clone().into()),
            // ssh asks the program even without a display, and never the terminal.
            ("SSH_ASKPASS_REQUIRE".into(), "force".into()),
            (SOCKET_VARIABLE.into(), self.socket.clone().into()),
        ]
    }
}

/// Why `folio askpass` could not ask.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// Not run by git for Folio.
    #[error(
        "`folio askpass` is run by git for the Folio window (it asks there); it was run without a window to ask"
    )]
    NoWindow,
    /// The window could not be reached.
    #[error("cannot ask the Folio window: {0}")]
    Io(#[from] std::io::Error),
}

/// `folio askpass PROMPT`: asks the window that started git; the answer, or `None`
/// when the archivist cancelled.
#[cfg(unix)]
pub fn ask_window(prompt: &str) -> Result<Option<String>, AskError> {
    let socket = std::env::var_os(SOCKET_VARIABLE).ok_or(AskError::NoWindow)?;
    let mut stream = std::os::unix::net::UnixStream::connect(socket)?;
    stream.write_all(prompt.as_bytes())?;
    stream.shutdown(std::net::Shutdown::Write)?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    Ok(reply.strip_prefix('1').map(str::to_owned))
}

/// Without Unix sockets there is no window to ask.
#[cfg(not(unix))]
pub fn ask_window(_prompt: &str) -> Result<Option<String>, AskError> {
    Err(AskError::NoWindow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_are_read_as_what_they_ask() {
        assert_eq!(
            Question::from_prompt("Username for 'http://127.0.0.1:8080': "),
            Question::Text("Username for 'http://127.0.0.1:8080':".into())
        );
        assert!(matches!(
            Question::from_prompt("Password for 'http://ana@127.0.0.1:8080': "),
            Question::Secret(_)
        ));
        assert!(matches!(
            Question::from_prompt("Enter passphrase for key '/home/ana/.ssh/id_ed25519': "),
            Question::Secret(_)
        ));
        let host = "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be established.\nED25519 key fingerprint is SHA256:abc.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? ";
        assert!(matches!(Question::from_prompt(host), Question::Confirm(_)));
    }
}
