//! Attaching files to a record, and finding an attachment's file.

use std::path::{Path, PathBuf};

use crate::model::{Attachment, Field, FieldValue, RecordId};
use crate::store::attachments::{self, AttachError, Attached};
use crate::store::{Edit, folder::ATTACHMENTS_DIR};

use super::{Session, SessionError};

/// What attaching one file did.
#[derive(Debug)]
pub struct AttachLine {
    /// The file given.
    pub file: PathBuf,
    /// Where it is now, or why it could not be attached.
    pub outcome: Result<AttachOutcome, AttachError>,
}

/// Where an attached file is, and whether anything changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachOutcome {
    /// Copied in and added to the record.
    Copied(Attachment),
    /// The same bytes were in the record's folder: added to the record, not copied.
    Reused(Attachment),
    /// The record lists it already.
    AlreadyAttached(Attachment),
}

impl Session {
    /// Copies `files` into `attachments/<id>/` (see [`attachments::attach_file`]) and
    /// adds those the record does not list yet to its attachments, in order, as one
    /// edit (one undo step; the copied files stay, and `folio validate` reports a
    /// file no record lists). Nothing is saved.
    pub fn attach(
        &mut self,
        id: &RecordId,
        files: &[PathBuf],
    ) -> Result<Vec<AttachLine>, SessionError> {
        if let Some(reason) = self.catalog.read_only() {
            return Err(SessionError::ReadOnly(reason.to_owned()));
        }
        let record = self
            .catalog
            .get(id)
            .ok_or_else(|| SessionError::Gone(format!("no record with id \"{id}\"")))?;
        let mut list = record.attachments.clone();
        let root = self.folder.root().to_owned();
        let mut lines = Vec::new();
        for file in files {
            let outcome =
                attachments::attach_file(&root, id, file).map(|Attached { attachment, copied }| {
                    if list.iter().any(|a| a.path == attachment.path) {
                        AttachOutcome::AlreadyAttached(attachment)
                    } else {
                        list.push(attachment.clone());
                        if copied {
                            AttachOutcome::Copied(attachment)
                        } else {
                            AttachOutcome::Reused(attachment)
                        }
                    }
                });
            lines.push(AttachLine {
                file: file.clone(),
                outcome,
            });
        }
        if list != record.attachments {
            self.apply(Edit::set(
                id.clone(),
                Field::Attachments,
                FieldValue::Attachments(list),
            ))?;
        }
        Ok(lines)
    }

    /// The file of an attachment path. Before a rename is saved, the record's paths
    /// already name the new id while the files are still under the old one: the
    /// old place is given then.
    pub fn attachment_file(&self, path: &str) -> PathBuf {
        let base = self.folder.root().join(ATTACHMENTS_DIR);
        let file = base.join(path);
        if file.exists() {
            return file;
        }
        for (from, to) in crate::store::rename::net_renames(self.catalog.renames()) {
            if let Some(rest) = path.strip_prefix(&format!("{}/", to.as_str())) {
                let old = base.join(from.as_str()).join(rest);
                if old.exists() {
                    return old;
                }
            }
        }
        file
    }

    /// The catalog's attachments folder.
    pub fn attachments_dir(&self) -> PathBuf {
        self.folder.root().join(ATTACHMENTS_DIR)
    }
}

/// Whether `path` names a file Folio shows beside the text: an image or a PDF.
pub fn is_viewable(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_lowercase();
        matches!(
            e.as_str(),
            "png" | "jpg" | "jpeg" | "tif" | "tiff" | "webp" | "pdf"
        )
    })
}
