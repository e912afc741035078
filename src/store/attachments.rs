//! Files attached to records, kept under the catalog's `attachments/<id>/`: copied in
//! (a name already taken by other bytes gets a suffix; the same bytes twice are
//! copied once), moved with their record when it is renamed, and checked: a record
//! pointing at a missing file, a file no record points at.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{Attachment, Record, RecordId};

use super::Catalog;
use super::folder::ATTACHMENTS_DIR;

/// Why a file could not be attached.
#[derive(Debug, Error)]
pub enum AttachError {
    /// The path is not a file (a folder, or nothing).
    #[error("{0}: not a file")]
    NotAFile(PathBuf),
    /// Where the file would go is, or passes through, a symbolic link.
    #[error(
        "{0}: is a symbolic link; Folio keeps attachments as files in the catalog, never through links (the file would land outside the catalog); replace the link with a folder"
    )]
    Link(PathBuf),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// A file attached: where it is (relative to `attachments/`), and whether it was
/// copied (`false`: the same bytes were there already).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    /// The attachment to record, its label empty.
    pub attachment: Attachment,
    /// The bytes were copied now.
    pub copied: bool,
}

/// Copies `file` into `root/attachments/<id>/`, under its own name, or, when that
/// name holds other bytes, `name-2.ext`, `name-3.ext`…; a file there with the same
/// bytes is reused. The copy is atomic (a temporary file, synced, then renamed
/// without replacing anything).
pub fn attach_file(root: &Path, id: &RecordId, file: &Path) -> Result<Attached, AttachError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| AttachError::Io { path, source }
    };
    let metadata = fs::metadata(file).map_err(io_error(file))?;
    if !metadata.is_file() {
        return Err(AttachError::NotAFile(file.to_owned()));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().replace(['/', '\\'], "_"))
        .filter(|n| !n.is_empty() && !n.starts_with('.'))
        .unwrap_or_else(|| "attachment".to_owned());
    if let Some(link) = link_on_the_way(root, id.as_str()) {
        return Err(AttachError::Link(link));
    }
    let folder = root.join(ATTACHMENTS_DIR).join(id.as_str());
    fs::create_dir_all(&folder).map_err(io_error(&folder))?;
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_owned(), format!(".{ext}")),
        _ => (name.clone(), String::new()),
    };
    for n in 1.. {
        let candidate = if n == 1 {
            name.clone()
        } else {
            format!("{stem}-{n}{extension}")
        };
        let target = folder.join(&candidate);
        let relative = format!("{}/{candidate}", id.as_str());
        // A link (even a broken one) holds the name; it is never reused.
        if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            continue;
        }
        if target.exists() {
            if same_bytes(file, &target).map_err(io_error(&target))? {
                return Ok(Attached {
                    attachment: Attachment {
                        path: relative,
                        label: String::new(),
                    },
                    copied: false,
                });
            }
            continue;
        }
        // The same bytes may already be there under another name.
        if let Some(existing) = same_file_in(&folder, file, metadata.len()) {
            return Ok(Attached {
                attachment: Attachment {
                    path: format!("{}/{existing}", id.as_str()),
                    label: String::new(),
                },
                copied: false,
            });
        }
        copy_new(file, &target).map_err(io_error(&target))?;
        return Ok(Attached {
            attachment: Attachment {
                path: relative,
                label: String::new(),
            },
            copied: true,
        });
    }
    Err(AttachError::NotAFile(file.to_owned()))
}

/// The name of a file of `folder` holding exactly the bytes of `file` (`len` long).
fn same_file_in(folder: &Path, file: &Path, len: u64) -> Option<String> {
    fs::read_dir(folder)
        .ok()?
        .flatten()
        .filter(|e| e.metadata().is_ok_and(|m| m.is_file() && m.len() == len))
        .find(|e| same_bytes(file, &e.path()).unwrap_or(false))
        .map(|e| e.file_name().to_string_lossy().into_owned())
}

/// Whether two files hold the same bytes (read in blocks, not whole).
fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    if fs::metadata(a)?.len() != fs::metadata(b)?.len() {
        return Ok(false);
    }
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        let m = read_full(&mut b, &mut y)?;
        if n != m || x.get(..n) != y.get(..m) {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn read_full(file: &mut fs::File, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(buffer.get_mut(filled..).unwrap_or_default())? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Copies `from` to the new file `to`: a temporary file beside it, synced, then
/// renamed into place only if `to` still does not exist.
fn copy_new(from: &Path, to: &Path) -> io::Result<()> {
    let folder = to.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".folio-attach-")
        .tempfile_in(folder)?;
    io::copy(&mut fs::File::open(from)?, temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    temp.persist_noclobber(to).map_err(|e| e.error)?;
    fs::File::open(folder)?.sync_all()
}

/// Whether renaming `from` to `to` would move `from`'s attachments into a folder
/// that already holds other files (a colleague's leftovers, a deleted record's
/// scans): both `attachments/<from>/` and `attachments/<to>/` hold files.
pub fn folder_taken(root: &Path, from: &RecordId, to: &RecordId) -> bool {
    let base = root.join(ATTACHMENTS_DIR);
    holds_files(&base.join(from.as_str())) && holds_files(&base.join(to.as_str()))
}

fn holds_files(folder: &Path) -> bool {
    fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some())
}

/// Moves the attachments folder of a renamed record (`attachments/<from>/` to
/// `attachments/<to>/`, an empty folder there replaced). A `to` folder that holds
/// files is never merged into: the move is refused (see [`folder_taken`]).
pub fn move_record_folder(root: &Path, from: &RecordId, to: &RecordId) -> io::Result<()> {
    let base = root.join(ATTACHMENTS_DIR);
    let (old, new) = (base.join(from.as_str()), base.join(to.as_str()));
    if !old.is_dir() {
        return Ok(());
    }
    if holds_files(&new) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} already holds other files; they are never mixed with {}'s",
                new.display(),
                from
            ),
        ));
    }
    if new.is_dir() {
        fs::remove_dir(&new)?;
    }
    fs::rename(&old, &new)?;
    fs::File::open(&base)?.sync_all()
}

/// The first part of `attachments/<path>` under `root` that is a symbolic link
/// (the attachments folder itself, a record's folder, the file), if any: such a
/// path leads out of the catalog, or may, and is never followed by a copy.
pub fn link_on_the_way(root: &Path, path: &str) -> Option<PathBuf> {
    let mut at = root.join(ATTACHMENTS_DIR);
    let parts = std::iter::once("").chain(path.split('/').filter(|p| !p.is_empty()));
    for part in parts {
        if !part.is_empty() {
            at.push(part);
        }
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// The symbolic links under `root`'s `attachments/` (the folder itself included),
/// with where each points, sorted.
pub fn links(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut found = Vec::new();
    let base = root.join(ATTACHMENTS_DIR);
    let mut folders = vec![base];
    while let Some(folder) = folders.pop() {
        match fs::symlink_metadata(&folder) {
            Ok(m) if m.file_type().is_symlink() => {
                found.push((folder.clone(), fs::read_link(&folder).unwrap_or_default()));
                continue;
            }
            Ok(m) if m.is_dir() => {}
            _ => continue,
        }
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.file_type() {
                Ok(t) if t.is_symlink() => {
                    let path = entry.path();
                    let target = fs::read_link(&path).unwrap_or_default();
                    found.push((path, target));
                }
                Ok(t) if t.is_dir() => folders.push(entry.path()),
                _ => {}
            }
        }
    }
    found.sort();
    found
}

/// The attachments of `catalog`'s records whose file is not under `root`'s
/// `attachments/`, as (record, path).
pub fn missing(root: &Path, catalog: &Catalog) -> Vec<(RecordId, String)> {
    catalog
        .records()
        .flat_map(|r| {
            missing_of(root, r)
                .into_iter()
                .map(|path| (r.id.clone(), path))
        })
        .collect()
}

/// The attachments `record` lists that are not files under `root`'s `attachments/`.
pub fn missing_of(root: &Path, record: &Record) -> Vec<String> {
    let base = root.join(ATTACHMENTS_DIR);
    record
        .attachments
        .iter()
        .filter(|a| !base.join(&a.path).is_file())
        .map(|a| a.path.clone())
        .collect()
}

/// The files under `root`'s `attachments/` that no record of `catalog` refers to,
/// relative to `attachments/` with `/` separators, sorted. Hidden files (Folio's
/// temporary files, `.DS_Store`) are not counted.
pub fn orphans(root: &Path, catalog: &Catalog) -> Vec<String> {
    let referenced: BTreeSet<&str> = catalog
        .records()
        .flat_map(|r| r.attachments.iter().map(|a| a.path.as_str()))
        .collect();
    unreferenced(root, &referenced)
}

/// The files under `root`'s `attachments/` not in `referenced` (paths relative to
/// `attachments/`), sorted, hidden files left out: [`orphans`] for a caller that
/// gathered the paths itself, reading records one batch at a time.
pub fn unreferenced(root: &Path, referenced: &BTreeSet<&str>) -> Vec<String> {
    let mut found = Vec::new();
    walk(&root.join(ATTACHMENTS_DIR), "", &mut found);
    found.retain(|path| !referenced.contains(path.as_str()));
    found.sort();
    found
}

fn walk(dir: &Path, prefix: &str, found: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let relative = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&entry.path(), &relative, found),
            Ok(t) if t.is_file() => found.push(relative),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clash_gets_a_suffix_and_the_same_bytes_are_copied_once() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("catalog");
        let id = RecordId::new("r1").unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("scan.png"), b"one").unwrap();
        fs::write(b.join("scan.png"), b"two").unwrap();
        let first = attach_file(&root, &id, &a.join("scan.png")).unwrap();
        assert_eq!(
            (first.attachment.path.as_str(), first.copied),
            ("r1/scan.png", true)
        );
        let clash = attach_file(&root, &id, &b.join("scan.png")).unwrap();
        assert_eq!(
            (clash.attachment.path.as_str(), clash.copied),
            ("r1/scan-2.png", true)
        );
        let again = attach_file(&root, &id, &b.join("scan.png")).unwrap();
        assert_eq!(
            (again.attachment.path.as_str(), again.copied),
            ("r1/scan-2.png", false)
        );
        fs::write(a.join("copy.png"), b"one").unwrap();
        let renamed = attach_file(&root, &id, &a.join("copy.png")).unwrap();
        assert_eq!(
            (renamed.attachment.path.as_str(), renamed.copied),
            ("r1/scan.png", false)
        );
        assert!(matches!(
            attach_file(&root, &id, &a),
            Err(AttachError::NotAFile(_))
        ));
        let from = RecordId::new("r1").unwrap();
        let to = RecordId::new("r2").unwrap();
        move_record_folder(&root, &from, &to).unwrap();
        assert_eq!(
            fs::read(root.join("attachments/r2/scan-2.png")).unwrap(),
            b"two"
        );
        assert!(!root.join("attachments/r1").exists());
    }
}
