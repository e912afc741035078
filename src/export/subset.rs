//! A RON subset: a new catalog folder holding just the selected records and their
//! attachments, openable by Folio.

use std::path::{Path, PathBuf};

use super::{ExportError, Progress};
use crate::model::Record;
use crate::model::validate::attachment_path_problem;
use crate::store::folder::{ATTACHMENTS_DIR, RECORDS_DIR, write_atomically};
use crate::store::{self, CatalogSettings, StoreError, format};

/// What writing a subset did.
#[derive(Debug, Default)]
pub struct SubsetReport {
    /// Records written.
    pub records: usize,
    /// Attachment files copied.
    pub attachments: usize,
    /// Attachments that could not be copied, with the reason.
    pub missing: Vec<String>,
}

/// Creates the catalog `dest` (a new or empty folder) with `records`, copying their
/// attachments from `source_root`'s `attachments/`.
///
/// The catalog is built in a hidden folder beside `dest` and renamed into place when
/// complete, so a failed or cancelled export leaves nothing half-written behind.
pub fn write_subset(
    dest: &Path,
    records: &[&Record],
    settings: &CatalogSettings,
    source_root: &Path,
    progress: &Progress,
) -> Result<SubsetReport, ExportError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Io { path, source }
    };
    if dest.exists() && std::fs::read_dir(dest).map_err(io(dest))?.next().is_some() {
        return Err(StoreError::NotEmpty(dest.to_owned()).into());
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".folio-export-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let root = staging.path().join("catalog");
    let report = fill(&root, records, settings, source_root, progress)?;
    if progress.is_cancelled() {
        return Err(ExportError::Cancelled);
    }
    if dest.exists() {
        // Checked empty above; `remove_dir` refuses anything else.
        std::fs::remove_dir(dest).map_err(io(dest))?;
    }
    std::fs::rename(&root, dest).map_err(io(dest))?;
    Ok(report)
}

fn fill(
    root: &Path,
    records: &[&Record],
    settings: &CatalogSettings,
    source_root: &Path,
    progress: &Progress,
) -> Result<SubsetReport, StoreError> {
    let name = format!("{} (subset)", settings.name);
    let (folder, _) = store::create(root, &name)?;
    let mut subset_settings = settings.clone();
    subset_settings.name = name;
    folder.save_settings(&subset_settings)?;
    let mut report = SubsetReport::default();
    for record in progress.iter(records) {
        let path = root.join(RECORDS_DIR).join(record.id.file_name());
        let text = format::record_to_ron(record).map_err(|e| StoreError::NotWritten {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        write_atomically(&path, text.as_bytes(), false)?;
        report.records += 1;
        for attachment in &record.attachments {
            // Never follow a path out of the attachments folder.
            if let Some(problem) = attachment_path_problem(&attachment.path) {
                report.missing.push(format!("{}: {problem}", record.id));
                continue;
            }
            // Nor a link: its target may be anything, anywhere.
            if let Some(link) =
                crate::store::attachments::link_on_the_way(source_root, &attachment.path)
            {
                report.missing.push(format!(
                    "{}: {}: {} is a symbolic link, not copied (Folio copies only files that are in the catalog)",
                    record.id,
                    attachment.path,
                    link.display()
                ));
                continue;
            }
            let from = source_root.join(ATTACHMENTS_DIR).join(&attachment.path);
            let to = root.join(ATTACHMENTS_DIR).join(&attachment.path);
            let copied = to
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::copy(&from, &to));
            match copied {
                Ok(_) => report.attachments += 1,
                Err(e) => report
                    .missing
                    .push(format!("{}: {}: {e}", record.id, attachment.path)),
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attachment, RecordId};

    #[test]
    fn a_subset_opens_as_a_catalog_with_its_attachments() {
        let tmp = tempfile::tempdir().unwrap();
        let source = tmp.path().join("source");
        std::fs::create_dir_all(source.join("attachments/scans")).unwrap();
        std::fs::write(source.join("attachments/scans/p1.png"), b"png").unwrap();
        let mut a = Record::new(RecordId::new("a").unwrap(), "A");
        a.attachments = vec![
            Attachment {
                path: "scans/p1.png".into(),
                label: "Page 1".into(),
            },
            Attachment {
                path: "../escape.png".into(),
                label: String::new(),
            },
        ];
        let b = Record::new(RecordId::new("b").unwrap(), "B");
        let dest = tmp.path().join("subset");
        let report = write_subset(
            &dest,
            &[&a, &b],
            &CatalogSettings::new("Main"),
            &source,
            &Progress::default(),
        )
        .unwrap();
        assert_eq!(
            (report.records, report.attachments, report.missing.len()),
            (2, 1, 1)
        );
        let (folder, catalog) = store::open(&dest).unwrap();
        assert!(folder.load_errors().is_empty());
        assert_eq!(catalog.len(), 2);
        assert_eq!(catalog.settings().name, "Main (subset)");
        assert_eq!(
            std::fs::read(dest.join("attachments/scans/p1.png")).unwrap(),
            b"png"
        );
        assert!(!tmp.path().join("escape.png").exists());
    }

    #[test]
    fn a_cancelled_subset_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let a = Record::new(RecordId::new("a").unwrap(), "A");
        let dest = tmp.path().join("subset");
        let progress = Progress::default();
        progress.cancel();
        let err = write_subset(
            &dest,
            &[&a],
            &CatalogSettings::new("Main"),
            tmp.path(),
            &progress,
        )
        .unwrap_err();
        assert!(matches!(err, ExportError::Cancelled), "{err}");
        assert!(!dest.exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }
}
