//! Real git servers on 127.0.0.1 for the sharing tests: git's smart HTTP
//! (`git http-backend`) behind lighttpd with a password, and sshd with a key on a
//! high port. Each test starts its own and stops it when done.
//!
//! Without lighttpd or sshd the tests that need them say they are skipped, unless
//! `FOLIO_SERVERS=required` (CI), where a missing server fails the test.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The user name and password the HTTP server accepts.
pub const USER: &str = "ana";
/// Its password.
pub const PASSWORD: &str = "s3cret words";

/// Finds a program in the PATH or in the system folders (sshd and lighttpd are
/// in /usr/sbin, often outside a user's PATH).
fn program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into(), "/sbin".into()])
        .map(|dir: PathBuf| dir.join(name))
        .find(|p| p.is_file())
}

/// The server's program, or why the test is skipped (a failure in CI).
fn required(name: &str, package: &str) -> Option<PathBuf> {
    let found = program(name);
    if found.is_none() {
        assert!(
            std::env::var("FOLIO_SERVERS").as_deref() != Ok("required"),
            "{name} is required here (FOLIO_SERVERS=required): apt-get install {package}"
        );
        eprintln!("skipped: {name} is not installed (apt-get install {package})");
    }
    found
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until the server accepts connections (it started in the background).
fn wait_for(port: u16, child: &mut Child, log: &Path) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "the server stopped ({status}): {}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A bare repository made from the committed catalog at `catalog`, under `repos`.
fn bare_copy(catalog: &Path, repos: &Path, name: &str) -> PathBuf {
    let bare = repos.join(name);
    let out = Command::new("git")
        .args(["clone", "-q", "--bare"])
        .arg(catalog)
        .arg(&bare)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    bare
}

/// Git's smart HTTP behind lighttpd, every address asking for [`USER`] and
/// [`PASSWORD`].
pub struct HttpServer {
    dir: tempfile::TempDir,
    child: Child,
    port: u16,
}

impl HttpServer {
    /// Starts the server; `None` (the test skipped) without lighttpd.
    pub fn start() -> Option<HttpServer> {
        let lighttpd = required("lighttpd", "lighttpd")?;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("repos")).unwrap();
        std::fs::write(root.join("users"), format!("{USER}:{PASSWORD}\n")).unwrap();
        let exec_path = Command::new("git").arg("--exec-path").output().unwrap();
        let backend = PathBuf::from(String::from_utf8_lossy(&exec_path.stdout).trim())
            .join("git-http-backend");
        let port = free_port();
        let config = format!(
            r#"server.document-root = "{root}"
server.port = {port}
server.bind = "127.0.0.1"
server.modules = ("mod_auth", "mod_authn_file", "mod_alias", "mod_setenv", "mod_cgi")
server.errorlog = "{root}/error.log"
alias.url = ("/git" => "{backend}")
$HTTP["url"] =~ "^/git" {{
  cgi.assign = ("" => "")
  setenv.set-environment = ("GIT_PROJECT_ROOT" => "{root}/repos", "GIT_HTTP_EXPORT_ALL" => "")
}}
auth.backend = "plain"
auth.backend.plain.userfile = "{root}/users"
auth.require = ("/git" => ("method" => "basic", "realm" => "Folio test", "require" => "valid-user"))
"#,
            root = root.display(),
            backend = backend.display(),
        );
        std::fs::write(root.join("lighttpd.conf"), config).unwrap();
        let mut child = Command::new(lighttpd)
            .arg("-D")
            .arg("-f")
            .arg(root.join("lighttpd.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for(port, &mut child, &root.join("error.log"));
        Some(HttpServer { dir, child, port })
    }

    /// Publishes the committed catalog at `catalog` as `name` (`catalog.git`); its
    /// address (with no user name: git asks for it).
    pub fn publish(&self, catalog: &Path, name: &str) -> String {
        bare_copy(catalog, &self.dir.path().join("repos"), name);
        self.url(name)
    }

    /// The address of the repository `name`.
    pub fn url(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/git/{name}", self.port)
    }

    /// The bare repository `name` on the server's disk.
    pub fn repo(&self, name: &str) -> PathBuf {
        self.dir.path().join("repos").join(name)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// sshd on a high port, taking one key (made here) for the user running the tests.
pub struct SshServer {
    dir: tempfile::TempDir,
    child: Child,
    port: u16,
}

impl SshServer {
    /// Starts the server; `None` (the test skipped) without sshd.
    pub fn start() -> Option<SshServer> {
        let sshd = required("sshd", "openssh-server")?;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("repos")).unwrap();
        for key in ["host_key", "client_key"] {
            let out = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(root.join(key))
                .output()
                .unwrap();
            assert!(out.status.success());
        }
        std::fs::copy(root.join("client_key.pub"), root.join("authorized_keys")).unwrap();
        // Run as root, sshd wants its privilege separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {root}/host_key\nAuthorizedKeysFile {root}/authorized_keys\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nPidFile {root}/sshd.pid\nPermitRootLogin prohibit-password\n",
            root = root.display()
        );
        std::fs::write(root.join("sshd_config"), config).unwrap();
        let mut child = Command::new(sshd)
            .args(["-D", "-e", "-f"])
            .arg(root.join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(root.join("sshd.log")).unwrap())
            .spawn()
            .unwrap();
        wait_for(port, &mut child, &root.join("sshd.log"));
        Some(SshServer { dir, child, port })
    }

    /// Publishes the committed catalog at `catalog` as `name`; its ssh address.
    pub fn publish(&self, catalog: &Path, name: &str) -> String {
        let bare = bare_copy(catalog, &self.dir.path().join("repos"), name);
        self.url_for(&bare)
    }

    /// The ssh address of a repository anywhere on this machine (the one the HTTP
    /// server serves, say).
    pub fn url_for(&self, repo: &Path) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            whoami(),
            self.port,
            repo.display()
        )
    }

    /// The ssh command git runs: the test's key, and `known_hosts` as the file of
    /// known host keys (empty at first: the server is unknown).
    pub fn ssh_command(&self, known_hosts: &Path) -> String {
        format!(
            "ssh -o IdentitiesOnly=yes -i {} -o UserKnownHostsFile={} -o GlobalKnownHostsFile=/dev/null",
            self.dir.path().join("client_key").display(),
            known_hosts.display()
        )
    }

    /// The server's host key fingerprint, as ssh shows it (`SHA256:…`).
    pub fn fingerprint(&self) -> String {
        let out = Command::new("ssh-keygen")
            .arg("-lf")
            .arg(self.dir.path().join("host_key.pub"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_owned()
    }
}

impl Drop for SshServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The user running the tests (the one the ssh server lets in).
fn whoami() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
