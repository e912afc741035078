//! A team sharing one catalog through real git servers: clone, sync, conflicts,
//! credentials, faults, and archivists editing at random for rounds on end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use folio::model::{Field, Record, RecordId};
use folio::store::format;
use folio::vcs::askpass::{AskpassServer, Question};
use folio::vcs::sync::{self, Side, SyncError};

use crate::servers::{HttpServer, PASSWORD, SshServer, USER};
use crate::support::{code, sample_copy, stderr, stdout};
use crate::vcs::git;

const BIN: &str = env!("CARGO_BIN_EXE_folio");

/// The sample catalog, set up for git and committed: what the team starts from.
pub(crate) fn seed() -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = sample_copy();
    git(&dir, &["init", "-q", "-b", "main"]);
    let out = Command::new(BIN)
        .arg("git-setup")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "The sample catalog"]);
    (tmp, dir)
}

/// One archivist: a clone, and what their git knows (their name, and a
/// credential helper that gives the server's password, as a keyring would).
struct Archivist {
    name: String,
    dir: PathBuf,
    env: Vec<(String, String)>,
}

impl Archivist {
    fn new(name: &str, dir: PathBuf, ssh: Option<String>) -> Archivist {
        let mut env = vec![
            ("GIT_AUTHOR_NAME".into(), name.into()),
            ("GIT_AUTHOR_EMAIL".into(), format!("{name}@example.org")),
            ("GIT_COMMITTER_NAME".into(), name.into()),
            ("GIT_COMMITTER_EMAIL".into(), format!("{name}@example.org")),
            // The machine's own git configuration stays out of the test.
            ("GIT_CONFIG_GLOBAL".into(), "/dev/null".into()),
            ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
            ("GIT_CONFIG_COUNT".into(), "1".into()),
            ("GIT_CONFIG_KEY_0".into(), "credential.helper".into()),
            (
                "GIT_CONFIG_VALUE_0".into(),
                format!(
                    "!f() {{ test \"$1\" = get && printf 'username={USER}\\npassword={PASSWORD}\\n'; }}; f"
                ),
            ),
        ];
        if let Some(ssh) = ssh {
            env.push(("GIT_SSH_COMMAND".into(), ssh));
        }
        Archivist {
            name: name.to_owned(),
            dir,
            env,
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    fn folio(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn dir(&self) -> &str {
        self.dir.to_str().unwrap()
    }

    fn clone_from(&self, url: &str) {
        let out = self.folio(&["clone", url, self.dir()]);
        assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    }

    fn set(&self, id: &str, field: &str, value: &str) {
        let out = self.folio(&["set", self.dir(), id, field, value]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }

    fn sync(&self) -> Output {
        self.folio(&[
            "sync",
            self.dir(),
            "--message",
            &format!("{}'s edits", self.name),
        ])
    }

    fn record(&self, id: &str) -> Option<Record> {
        let text =
            std::fs::read_to_string(self.dir.join("records").join(format!("{id}.ron"))).ok()?;
        Some(format::record_from_ron(&text).unwrap())
    }

    fn head(&self) -> String {
        git(&self.dir, &["rev-parse", "HEAD"]).trim().to_owned()
    }
}

/// Two archivists who cloned the sample catalog from the HTTP server.
struct Pair {
    server: HttpServer,
    tmp: tempfile::TempDir,
    ana: Archivist,
    ben: Archivist,
}

/// A [`Pair`]; `None` (the test skipped) without a web server.
fn pair() -> Option<Pair> {
    let server = HttpServer::start()?;
    let (_seed, seed_dir) = seed();
    let url = server.publish(&seed_dir, "catalog.git");
    let tmp = tempfile::tempdir().unwrap();
    let ana = Archivist::new("ana", tmp.path().join("ana"), None);
    let ben = Archivist::new("ben", tmp.path().join("ben"), None);
    ana.clone_from(&url);
    ben.clone_from(&url);
    Some(Pair {
        server,
        tmp,
        ana,
        ben,
    })
}

const SEED_ID: &str = "wcda-300638";

#[test]
fn two_archivists_clone_and_sync_over_http_with_a_password() {
    let Some(Pair {
        server: _server,
        tmp: _tmp,
        ana,
        ben,
    }) = pair()
    else {
        return;
    };
    // The clone is set up for Folio's merges.
    assert!(git(&ben.dir, &["config", "merge.folio.driver"]).contains("merge-driver"));

    // Different fields of one record: both kept, whoever syncs first.
    ana.set(SEED_ID, "title", "Ana's title");
    ben.set(SEED_ID, "summary", "Ben's summary.");
    let unsynced = ana.folio(&["sync", ana.dir()]);
    assert_eq!(code(&unsynced), 2);
    assert!(
        stderr(&unsynced).contains("1 record changed since the last commit: commit first"),
        "{}",
        stderr(&unsynced)
    );
    let out = ana.sync();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("sent 1 commit"), "{}", stdout(&out));
    let out = ben.sync();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("took 1 commit from the server (1 record changed), merged them with yours, sent 2 commits"), "{}", stdout(&out));
    let out = ana.sync();
    assert!(stdout(&out).contains("took 2 commits"), "{}", stdout(&out));
    for who in [&ana, &ben] {
        let record = who.record(SEED_ID).unwrap();
        assert_eq!(record.title, "Ana's title");
        assert_eq!(record.summary, "Ben's summary.");
    }
    assert_eq!(ana.head(), ben.head());
    // The merge commit is signed by the archivist who made it.
    assert_eq!(
        git(&ben.dir, &["log", "-1", "--format=%an %s"]).trim(),
        "ben Merge the server's changes (origin/main)"
    );
    assert_eq!(
        stdout(&ana.sync()).trim(),
        "already in sync with the server"
    );
    // The last sync is noted for the status bar.
    assert!(sync::last_sync(&ana.dir).is_some());
}

#[test]
fn the_same_field_changed_both_ways_stops_the_sync_until_it_is_resolved() {
    let Some(Pair {
        server: _server,
        tmp: _tmp,
        ana,
        ben,
    }) = pair()
    else {
        return;
    };
    ana.set(SEED_ID, "title", "Ana's title");
    ben.set(SEED_ID, "title", "Ben's title");
    ben.set(SEED_ID, "notes", "Ben's note.");
    assert_eq!(code(&ana.sync()), 0);
    let out = ben.sync();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(&format!("  {SEED_ID}: title\n")), "{text}");
    assert!(
        text.contains(&format!("folio resolve {} ID --ours", ben.dir())),
        "{text}"
    );
    // Nothing was pushed meanwhile, and syncing again says what still waits.
    let again = ben.sync();
    assert_eq!(code(&again), 1);
    assert!(stdout(&again).contains(&format!("  {SEED_ID}: title")));
    // Resolved: the server's title, Ben's note; the next sync commits and sends.
    let out = ben.folio(&["resolve", ben.dir(), SEED_ID, "--theirs"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("every conflict is settled"));
    let out = ben.sync();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(code(&ana.sync()), 0);
    for who in [&ana, &ben] {
        let record = who.record(SEED_ID).unwrap();
        assert_eq!(record.title, "Ana's title");
        assert_eq!(record.notes, "Ben's note.");
        assert_eq!(code(&who.folio(&["validate", who.dir()])), 0);
    }
    assert_eq!(ana.head(), ben.head());
}

#[test]
fn a_record_deleted_on_one_side_and_changed_on_the_other_is_settled_either_way() {
    let Some(Pair {
        server: _server,
        tmp: _tmp,
        ana,
        ben,
    }) = pair()
    else {
        return;
    };
    std::fs::remove_file(ana.dir.join("records").join(format!("{SEED_ID}.ron"))).unwrap();
    assert_eq!(code(&ana.sync()), 0);
    ben.set(SEED_ID, "title", "Kept by Ben");
    let out = ben.sync();
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains(&format!("  {SEED_ID}: changed here, deleted on the server")),
        "{}",
        stdout(&out)
    );
    let out = ben.folio(&["resolve", ben.dir(), "--ours"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(code(&ben.sync()), 0);
    assert_eq!(code(&ana.sync()), 0);
    assert_eq!(ana.record(SEED_ID).unwrap().title, "Kept by Ben");
}

#[test]
fn a_push_refused_because_someone_pushed_meanwhile_merges_and_tries_again() {
    let Some(Pair {
        server: _server,
        tmp,
        ana,
        ben,
    }) = pair()
    else {
        return;
    };
    ana.set(SEED_ID, "title", "Ana's title");
    assert_eq!(
        code(&ana.folio(&["commit", ana.dir(), "-m", "Ana's title"])),
        0
    );
    // Ben's git runs this hook before each push: the first time, Ana pushes just
    // then, between Ben's fetch and his push (what a busy team does by chance).
    let hook = ben.dir.join(".git/hooks/pre-push");
    let pushed = tmp.path().join("ana-pushed");
    let env: String = ana
        .env
        .iter()
        .map(|(k, v)| format!("{k}='{}' ", v.replace('\'', r"'\''")))
        .collect();
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nif [ ! -e '{pushed}' ]; then touch '{pushed}'; env {env} git -C '{ana}' push -q origin main >/dev/null 2>&1; fi\nexit 0\n",
            pushed = pushed.display(),
            ana = ana.dir.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    ben.set(SEED_ID, "summary", "Ben's summary.");
    let out = ben.sync();
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(pushed.exists(), "the hook ran");
    assert!(
        stderr(&out).contains("Someone sent changes meanwhile: merging them (try 2 of 5)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&ana.sync()), 0);
    let record = ana.record(SEED_ID).unwrap();
    assert_eq!(
        (record.title.as_str(), record.summary.as_str()),
        ("Ana's title", "Ben's summary.")
    );
}

#[test]
fn credentials_the_server_refuses_and_a_server_out_of_reach_say_so_and_keep_the_commits() {
    let Some(server) = HttpServer::start() else {
        return;
    };
    let (_seed, seed_dir) = seed();
    let url = server.publish(&seed_dir, "catalog.git");
    let tmp = tempfile::tempdir().unwrap();
    // No credential helper and no terminal: git never waits on a prompt.
    let mut nobody = Archivist::new("nobody", tmp.path().join("nobody"), None);
    nobody.env.retain(|(k, _)| !k.starts_with("GIT_CONFIG_"));
    nobody
        .env
        .push(("GIT_CONFIG_GLOBAL".into(), "/dev/null".into()));
    let out = nobody.folio(&["clone", &url, nobody.dir()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("refused the user name or password"),
        "{}",
        stderr(&out)
    );
    assert!(!nobody.dir.exists(), "a failed clone leaves no folder");
    // A wrong password.
    let wrong = url.replace("http://", &format!("http://{USER}:wrong@"));
    let out = nobody.folio(&["clone", &wrong, nobody.dir()]);
    assert!(
        stderr(&out).contains("refused the user name or password"),
        "{}",
        stderr(&out)
    );

    let ana = Archivist::new("ana", tmp.path().join("ana"), None);
    ana.clone_from(&url);
    ana.set(SEED_ID, "title", "Written offline");
    drop(server);
    let out = ana.sync();
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot reach the server"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("Your commits are kept here and go with the next sync"));
    let log = git(&ana.dir, &["log", "-1", "--format=%s"]);
    assert_eq!(
        log.trim(),
        "ana's edits",
        "committed, waiting for the server"
    );
}

/// Answers git's questions as the app's dialog would, noting each.
fn answering(
    answers: Vec<(&'static str, Option<&'static str>)>,
) -> (
    AskpassServer,
    std::sync::Arc<std::sync::Mutex<Vec<Question>>>,
) {
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let noted = asked.clone();
    let server = AskpassServer::start(
        Path::new(BIN),
        std::sync::Arc::new(move |question: Question| {
            noted.lock().unwrap().push(question.clone());
            answers
                .iter()
                .find(|(start, _)| question.prompt().starts_with(start))
                .and_then(|(_, answer)| answer.map(str::to_owned))
        }),
    )
    .unwrap();
    (server, asked)
}

fn network(askpass: &AskpassServer, extra: &[(&str, String)]) -> folio::vcs::Network {
    let mut env = askpass.env();
    env.push(("GIT_CONFIG_GLOBAL".into(), "/dev/null".into()));
    env.push(("GIT_CONFIG_NOSYSTEM".into(), "1".into()));
    for (k, v) in extra {
        env.push(((*k).into(), v.into()));
    }
    folio::vcs::Network {
        env,
        ..Default::default()
    }
}

#[test]
fn the_app_asks_for_the_user_name_and_password_in_its_own_dialog() {
    let Some(server) = HttpServer::start() else {
        return;
    };
    let (_seed, seed_dir) = seed();
    let url = server.publish(&seed_dir, "catalog.git");
    let tmp = tempfile::tempdir().unwrap();
    let (askpass, asked) = answering(vec![("Username", Some(USER)), ("Password", Some(PASSWORD))]);
    let report = sync::clone_catalog(
        &url,
        &tmp.path().join("c"),
        Path::new(BIN),
        &network(&askpass, &[]),
    )
    .unwrap();
    assert!(report.catalog.join("catalog.ron").is_file());
    let asked = asked.lock().unwrap().clone();
    assert!(
        matches!(&asked[0], Question::Text(p) if p.starts_with("Username for 'http://127.0.0.1")),
        "{asked:?}"
    );
    assert!(
        matches!(&asked[1], Question::Secret(p) if p.starts_with("Password for")),
        "{asked:?}"
    );
    // A wrong password is said to be wrong; cancelling says the same, not a hang.
    let (askpass, _) = answering(vec![("Username", Some(USER)), ("Password", Some("wrong"))]);
    let error = sync::clone_catalog(
        &url,
        &tmp.path().join("d"),
        Path::new(BIN),
        &network(&askpass, &[]),
    )
    .unwrap_err();
    assert!(matches!(error, SyncError::AuthFailed { .. }), "{error}");
    let (askpass, _) = answering(vec![]);
    let error = sync::clone_catalog(
        &url,
        &tmp.path().join("e"),
        Path::new(BIN),
        &network(&askpass, &[]),
    )
    .unwrap_err();
    assert!(matches!(error, SyncError::AuthFailed { .. }), "{error}");
}

#[test]
fn a_host_key_never_seen_is_shown_for_acceptance_and_never_accepted_silently() {
    let Some(ssh) = SshServer::start() else {
        return;
    };
    let (_seed, seed_dir) = seed();
    let url = ssh.publish(&seed_dir, "catalog.git");
    let tmp = tempfile::tempdir().unwrap();
    let known_hosts = tmp.path().join("known_hosts");
    let extra = [("GIT_SSH_COMMAND", ssh.ssh_command(&known_hosts))];
    // Refused: nothing is cloned and the key is not remembered.
    let (askpass, asked) = answering(vec![("The authenticity", Some("no"))]);
    let error = sync::clone_catalog(
        &url,
        &tmp.path().join("a"),
        Path::new(BIN),
        &network(&askpass, &extra),
    )
    .unwrap_err();
    assert!(matches!(error, SyncError::HostKey { .. }), "{error}");
    let asked = asked.lock().unwrap().clone();
    let Some(Question::Confirm(prompt)) = asked.first() else {
        panic!("{asked:?}");
    };
    assert!(
        prompt.contains(&ssh.fingerprint()),
        "the key is shown: {prompt}"
    );
    assert!(!known_hosts.exists() || std::fs::read_to_string(&known_hosts).unwrap().is_empty());
    // Accepted: cloned, and known from now on (not asked again).
    let (askpass, _) = answering(vec![("The authenticity", Some("yes"))]);
    let report = sync::clone_catalog(
        &url,
        &tmp.path().join("b"),
        Path::new(BIN),
        &network(&askpass, &extra),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&known_hosts)
            .unwrap()
            .contains("ssh-ed25519")
    );
    let (askpass, asked) = answering(vec![]);
    let outcome = sync::sync(
        &report.catalog,
        Path::new(BIN),
        &network(&askpass, &extra),
        &|_| {},
    )
    .unwrap();
    assert!(matches!(outcome, sync::SyncOutcome::Synced(_)));
    assert!(asked.lock().unwrap().is_empty());
}

/// What happened to a value an archivist typed, to tell at the end whether it
/// is in the catalog or was settled away.
#[derive(Debug, Clone)]
struct Edit {
    seq: usize,
    id: String,
    field: Option<Field>,
    value: String,
}

/// `clones` archivists (the first two over ssh when a server is there, the rest
/// over HTTP) edit at random and sync in turn for `rounds` rounds; conflicts are
/// settled one side or the other at random.
fn team_edits_at_random(clones: usize, rounds: usize, seed_value: u64) {
    let Some(server) = HttpServer::start() else {
        return;
    };
    let ssh = if clones > 2 { SshServer::start() } else { None };
    let (_seed, seed_dir) = seed();
    let url = server.publish(&seed_dir, "catalog.git");
    let tmp = tempfile::tempdir().unwrap();
    let known_hosts = tmp.path().join("known_hosts");
    let team: Vec<Archivist> = (0..clones)
        .map(|i| {
            let name = format!("archivist{i}");
            let dir = tmp.path().join(&name);
            // The first two over ssh (when there is a server), the rest over HTTP.
            let (ssh_command, address) = match &ssh {
                Some(ssh) if i < 2 => (
                    Some(format!(
                        "{} -o StrictHostKeyChecking=accept-new",
                        ssh.ssh_command(&known_hosts)
                    )),
                    ssh.url_for(&server.repo("catalog.git")),
                ),
                _ => (None, url.clone()),
            };
            let archivist = Archivist::new(&name, dir, ssh_command);
            archivist.clone_from(&address);
            archivist
        })
        .collect();
    let mut rng = fastrand::Rng::with_seed(seed_value);
    let pool: Vec<String> = std::fs::read_dir(team[0].dir.join("records"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".ron")
                .to_owned()
        })
        .take(5)
        .collect();
    let mut edits: Vec<Edit> = Vec::new();
    // When each (record, field) was last in a conflict, or each record deleted.
    let mut contested: BTreeMap<(String, Option<Field>), usize> = BTreeMap::new();
    let mut seq = 0;
    for round in 0..rounds {
        for (who, archivist) in team.iter().enumerate() {
            for _ in 0..rng.usize(1..=3) {
                seq += 1;
                let value = format!("r{round} {} e{seq}", archivist.name);
                match rng.u8(0..20) {
                    // A new record, now and then under the same id as another's.
                    0..=1 => {
                        let id = format!("new-r{round}-{}", if rng.bool() { 0 } else { who });
                        let mut record = Record::new(RecordId::new(&id).unwrap(), &value);
                        record.created = chrono::Utc::now();
                        let path = archivist.dir.join("records").join(format!("{id}.ron"));
                        if !path.exists() {
                            std::fs::write(&path, format::record_to_ron(&record).unwrap()).unwrap();
                            edits.push(Edit {
                                seq,
                                id,
                                field: Some(Field::Title),
                                value,
                            });
                        }
                    }
                    // A deletion.
                    2 => {
                        let id = &pool[rng.usize(..pool.len())];
                        let path = archivist.dir.join("records").join(format!("{id}.ron"));
                        if std::fs::remove_file(&path).is_ok() {
                            contested.insert((id.clone(), None), seq);
                        }
                    }
                    _ => {
                        let id = pool[rng.usize(..pool.len())].clone();
                        if archivist.record(&id).is_none() {
                            continue;
                        }
                        let field = [Field::Title, Field::Summary, Field::Notes][rng.usize(..3)];
                        archivist.set(&id, field.name(), &value);
                        edits.push(Edit {
                            seq,
                            id,
                            field: Some(field),
                            value,
                        });
                    }
                }
            }
            let mut out = archivist.sync();
            let mut tries = 0;
            while code(&out) == 1 {
                tries += 1;
                assert!(tries < 5, "{}", stdout(&out));
                for conflict in sync::conflicts(&archivist.dir).unwrap() {
                    let id = conflict.record.clone().unwrap().to_string();
                    if conflict.fields.is_empty() {
                        contested.insert((id.clone(), None), seq);
                    }
                    for field in &conflict.fields {
                        contested.insert((id.clone(), Some(*field)), seq);
                    }
                    let side = if rng.bool() { Side::Ours } else { Side::Theirs };
                    sync::resolve(&archivist.dir, &conflict.path, side, &[]).unwrap();
                }
                out = archivist.sync();
            }
            assert_eq!(
                code(&out),
                0,
                "round {round}, {}: {}{}",
                archivist.name,
                stdout(&out),
                stderr(&out)
            );
        }
    }
    assert!(
        contested.len() >= 3,
        "the rounds met conflicts and deletions: {contested:?}"
    );
    // Two quiet rounds: everyone takes everything.
    for _ in 0..2 {
        for archivist in &team {
            let out = archivist.sync();
            assert_eq!(code(&out), 0, "{}", stderr(&out));
        }
    }
    let heads: Vec<String> = team.iter().map(Archivist::head).collect();
    assert!(heads.iter().all(|h| h == &heads[0]), "{heads:?}");
    let catalog = |a: &Archivist| -> BTreeMap<String, String> {
        std::fs::read_dir(a.dir.join("records"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect()
    };
    let first = catalog(&team[0]);
    for archivist in &team {
        assert_eq!(
            catalog(archivist),
            first,
            "{} holds the same catalog",
            archivist.name
        );
        let out = archivist.folio(&["validate", archivist.dir()]);
        assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
        assert_eq!(git(&archivist.dir, &["status", "--porcelain"]).trim(), "");
    }
    // Every edit is in the catalog, or a later edit of the same field replaced
    // it, or it was settled in a conflict, or its record was deleted later.
    for edit in &edits {
        let now = team[0].record(&edit.id);
        let held = now.as_ref().is_some_and(|r| {
            edit.field
                .is_some_and(|f| f.get(r).to_text("") == edit.value)
        });
        let replaced = edits
            .iter()
            .any(|e| e.seq > edit.seq && e.id == edit.id && e.field == edit.field);
        let settled = contested.iter().any(|((id, field), at)| {
            id == &edit.id && *at >= edit.seq && (field.is_none() || *field == edit.field)
        });
        assert!(
            held || replaced || settled,
            "lost silently: {edit:?} (now {:?})",
            now.map(|r| r.title)
        );
    }
}

#[test]
fn two_archivists_editing_at_random_for_twenty_rounds_end_with_one_catalog() {
    team_edits_at_random(2, 20, 7);
}

#[test]
fn five_archivists_over_http_and_ssh_editing_at_random_for_twenty_rounds_end_with_one_catalog() {
    team_edits_at_random(5, 20, 42);
}

/// Kills of `folio sync` at random points (the whole process group: git, ssh and
/// the HTTP helper with it), each followed by a sync that must complete what the
/// killed one began. `FOLIO_SYNC_KILLS` sets how many kills land mid-sync.
#[cfg(unix)]
#[test]
fn a_sync_killed_at_any_point_is_completed_by_the_next_one() {
    use std::os::unix::process::CommandExt;
    let wanted: usize = std::env::var("FOLIO_SYNC_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let Some(Pair {
        server,
        tmp: _tmp,
        ana,
        ben,
    }) = pair()
    else {
        return;
    };
    let ids: Vec<String> = std::fs::read_dir(ana.dir.join("records"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".ron")
                .to_owned()
        })
        .collect();
    let mut rng = fastrand::Rng::with_seed(9);
    // The longest wait before a kill: about one sync, learnt as they run (it
    // shrinks when a kill comes after the sync ended, grows when it never does).
    let mut reach_ms: u64 = 400;
    let (mut kills, mut rounds) = (0, 0);
    while kills < wanted {
        rounds += 1;
        assert!(
            rounds < wanted * 10,
            "only {kills} kills landed in {rounds} rounds"
        );
        let (a, b) = (&ids[rng.usize(..ids.len())], &ids[rng.usize(..ids.len())]);
        let (note, summary) = (format!("ana {rounds}"), format!("ben {rounds}"));
        ana.set(a, "notes", &note);
        assert_eq!(code(&ana.sync()), 0);
        ben.set(b, "summary", &summary);
        assert_eq!(code(&ben.folio(&["commit", ben.dir(), "-m", &summary])), 0);
        let mut child = ben
            .command(&["sync", ben.dir()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.u64(0..reach_ms)));
        if child.try_wait().unwrap().is_none() {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            kills += 1;
            reach_ms = reach_ms * 11 / 10;
        } else {
            reach_ms = (reach_ms * 9 / 10).max(20);
        }
        let _ = child.wait();
        // The next sync completes it, whatever the kill left.
        let out = ben.sync();
        assert_eq!(
            code(&out),
            0,
            "after kill {kills}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        let record = |who: &Archivist, id: &str| who.record(id).unwrap();
        assert_eq!(record(&ben, a).notes, note, "Ana's edit reached Ben");
        assert_eq!(record(&ben, b).summary, summary, "Ben's edit kept");
        if rounds % 10 == 0 {
            git(&ben.dir, &["fsck", "--no-progress"]);
        }
    }
    assert_eq!(code(&ana.sync()), 0);
    assert_eq!(ana.head(), ben.head());
    git(&ben.dir, &["fsck", "--no-progress"]);
    git(&server.repo("catalog.git"), &["fsck", "--no-progress"]);
    assert_eq!(git(&ben.dir, &["status", "--porcelain"]).trim(), "");
    eprintln!("{kills} kills in {rounds} syncs");
}

/// Whether Git LFS is installed (a failure in CI, where it is required).
fn lfs_installed() -> bool {
    let ok = Command::new("git")
        .args(["lfs", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("FOLIO_SERVERS").as_deref() != Ok("required"),
            "Git LFS is required here: apt-get install git-lfs"
        );
        eprintln!("skipped: Git LFS is not installed (apt-get install git-lfs)");
    }
    ok
}

#[test]
fn attachments_kept_in_git_lfs_travel_with_clone_and_sync() {
    if !lfs_installed() {
        return;
    }
    let (_seed, seed_dir) = seed();
    let out = Command::new(BIN)
        .args(["git-setup", seed_dir.to_str().unwrap(), "--lfs"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("attachments now go to Git LFS"));
    let attributes = std::fs::read_to_string(seed_dir.join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("attachments/** filter=lfs diff=lfs merge=lfs -text\n"),
        "{attributes}"
    );
    git(&seed_dir, &["add", ".gitattributes"]);
    git(&seed_dir, &["commit", "-qm", "Attachments in LFS"]);
    let tmp = tempfile::tempdir().unwrap();
    let server = tmp.path().join("server.git");
    git(
        tmp.path(),
        // The server's branch named, not left to git's configured default: a clone
        // of a server whose HEAD names another branch checks nothing out.
        &[
            "init",
            "-q",
            "--bare",
            "--initial-branch=main",
            server.to_str().unwrap(),
        ],
    );
    git(
        &seed_dir,
        &["remote", "add", "origin", server.to_str().unwrap()],
    );
    git(&seed_dir, &["push", "-q", "-u", "origin", "main"]);

    let ana = Archivist::new("ana", tmp.path().join("ana"), None);
    let ben = Archivist::new("ben", tmp.path().join("ben"), None);
    ana.clone_from(&format!("file://{}", server.display()));
    ben.clone_from(&format!("file://{}", server.display()));
    // A scan attached by Ana is a pointer in git, its bytes in the server's LFS store.
    let scan = tmp.path().join("scan.png");
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&scan, &bytes).unwrap();
    let out = ana.folio(&["attach", ana.dir(), SEED_ID, scan.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = ana.sync();
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let path = format!("attachments/{SEED_ID}/scan.png");
    let in_git = git(&ana.dir, &["cat-file", "-p", &format!("HEAD:{path}")]);
    assert!(
        in_git.starts_with("version https://git-lfs.github.com/spec/v1"),
        "{in_git}"
    );
    let out = ben.sync();
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        std::fs::read(ben.dir.join(&path)).unwrap(),
        bytes,
        "Ben has the scan itself"
    );
    assert_eq!(code(&ben.folio(&["validate", ben.dir()])), 0);
}
