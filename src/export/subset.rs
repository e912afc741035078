//! A RON subset: a new catalog folder holding just the selected records and their
//! attachments, openable by Folio.

use std::path::Path;

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
pub fn write_subset(
    dest: &Path,
    records: &[&Record],
    settings: &CatalogSettings,
    source_root: &Path,
) -> Result<SubsetReport, StoreError> {
    let name = format!("{} (subset)", settings.name);
    let (folder, _) = store::create(dest, &name)?;
    let mut subset_settings = settings.clone();
    subset_settings.name = name;
    folder.save_settings(&subset_settings)?;
    let mut report = SubsetReport::default();
    for record in records {
        let path = dest.join(RECORDS_DIR).join(record.id.file_name());
        write_atomically(&path, format::record_to_ron(record).as_bytes(), false)?;
        report.records += 1;
        for attachment in &record.attachments {
            // Never follow a path out of the attachments folder.
            if let Some(problem) = attachment_path_problem(&attachment.path) {
                report.missing.push(format!("{}: {problem}", record.id));
                continue;
            }
            let from = source_root.join(ATTACHMENTS_DIR).join(&attachment.path);
            let to = dest.join(ATTACHMENTS_DIR).join(&attachment.path);
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
        let report =
            write_subset(&dest, &[&a, &b], &CatalogSettings::new("Main"), &source).unwrap();
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
}
