//! What the test modules share: the project's folders, catalogs to work on (a copy of
//! the sample catalog, a synthetic one), the `folio` binary, and reading files back.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use folio::model::RecordId;
use folio::store::format;

/// The project's folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

/// The sample catalog (read it; copy it with [`sample_copy`] to change it).
pub fn sample_dir() -> PathBuf {
    root().join("sample_catalog")
}

/// The digital-archive pages the importer is tested on.
pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures/wilson")
}

/// A copy of the sample catalog in a temp folder (`<tmp>/catalog`): its
/// `catalog.ron`, records and attachments.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    let src = sample_dir();
    fs::create_dir_all(&dir).unwrap();
    fs::copy(src.join("catalog.ron"), dir.join("catalog.ron")).unwrap();
    copy_tree(&src.join("records"), &dir.join("records"));
    copy_tree(&src.join("attachments"), &dir.join("attachments"));
    (tmp, dir)
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A synthetic catalog of `count` records (`syn-0000000`…) in a temp folder
/// (`<tmp>/c`).
pub fn synthetic(count: usize, seed: u64) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    folio::synth::write_catalog(&dir, count, seed).unwrap();
    (tmp, dir)
}

/// Sets every record file's times back an hour, out of the caches' window of
/// distrust (files written in the same moments as a cache are never trusted).
pub fn age_record_files(dir: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in fs::read_dir(dir.join("records")).unwrap() {
        let file = fs::File::options()
            .write(true)
            .open(entry.unwrap().path())
            .unwrap();
        file.set_modified(hour_ago).unwrap();
    }
}

/// A record id known to be valid.
pub fn id(s: &str) -> RecordId {
    RecordId::new(s).unwrap()
}

/// The text of a record's file.
pub fn record_file(dir: &Path, id: &str) -> String {
    fs::read_to_string(dir.join("records").join(format!("{id}.ron"))).unwrap()
}

/// Rewrites a record file with another title, as `git pull` or another editor would.
pub fn retitle_on_disk(dir: &Path, record: &str, title: &str) -> PathBuf {
    let path = dir.join("records").join(format!("{record}.ron"));
    let mut r = format::record_from_ron(&fs::read_to_string(&path).unwrap()).unwrap();
    r.title = title.to_owned();
    fs::write(&path, format::record_to_ron(&r).unwrap()).unwrap();
    path
}

/// Runs the real `folio` binary.
pub fn folio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .output()
        .unwrap()
}

/// What a run printed on standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a run printed on standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A run's exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

/// One field of a record, as `folio get DIR ID --field FIELD` prints it.
pub fn get(dir: &str, id: &str, field: &str) -> String {
    let out = folio(&["get", dir, id, "--field", field]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out).trim_end_matches('\n').to_owned()
}
