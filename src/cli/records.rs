//! `new`, `get` and `set`: one catalog, one record, one field.

use std::path::Path;

use anyhow::{Context, Result, anyhow};

use folio::model::{Field, RecordId};
use folio::session::{AttachOutcome, Session, SessionOptions};
use folio::store::{self, Edit};

use super::open::{self, no_record, record_id, report_save};
use super::{Exit, Wait, out};

pub fn new(dir: &Path, name: Option<String>) -> Result<Exit> {
    let name = name.unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Catalog".to_owned())
    });
    store::create(dir, &name)
        .with_context(|| format!("cannot create a catalog in {}", dir.display()))?;
    out!("created catalog \"{name}\" in {}", dir.display());
    Ok(Exit::Clean)
}

pub fn get(dir: &Path, id: &str, field: Option<&str>) -> Result<Exit> {
    let (folder, catalog) = open::read(dir)?;
    let id = record_id(id)?;
    let Some(record) = catalog.get(&id) else {
        // A file that is there but could not be read (or holds an unfinished
        // merge) is a problem of the catalog, said as such; no such record at all
        // is a wrong argument.
        let error = no_record(&folder, &id);
        if open::not_loaded(&folder, &id).is_some() {
            eprintln!("error: {error}");
            return Ok(Exit::Problems);
        }
        return Err(error);
    };
    open::warn_unread(&folder);
    let text = match field {
        None => serde_json::to_string_pretty(record)?,
        Some("id") => record.id.to_string(),
        Some("created") => record
            .created
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        Some("changed") => {
            folio::vcs::last_change(folder.root(), &folder.record_path(&id)).describe()
        }
        Some(name) => Field::from_name(name)?.get(record).to_plain_or_json(),
    };
    out!("{text}");
    Ok(Exit::Clean)
}

/// Sets a field through the session, so the value is checked as the app checks it.
pub fn set(dir: &Path, id: &str, field: &str, value: &str, wait: Wait) -> Result<Exit> {
    let (folder, catalog) = open::write(dir, "folio set", "change a record", wait)?;
    open::warn_unread(&folder);
    let id = record_id(id)?;
    if !catalog.contains(&id) {
        return Err(no_record(&folder, &id));
    }
    let edit = if field == "id" {
        let to = RecordId::new(value).map_err(|e| anyhow!("refused: {e}"))?;
        Edit::rename(&catalog, id.clone(), to)
    } else {
        let field = Field::from_name(field)?;
        let value = field
            .parse_input(value)
            .map_err(|e| anyhow!("refused: {e}"))?;
        Edit::set(id.clone(), field, value)
    };
    let mut session = Session::from_opened(folder, catalog, &SessionOptions::command_line());
    session.apply(edit).map_err(|e| anyhow!("refused: {e}"))?;
    Ok(report_save(&session.save()?))
}

pub fn attach(dir: &Path, id: &str, files: &[std::path::PathBuf], wait: Wait) -> Result<Exit> {
    let (folder, catalog) = open::write(dir, "folio attach", "attach files", wait)?;
    open::warn_unread(&folder);
    let id = record_id(id)?;
    if !catalog.contains(&id) {
        return Err(no_record(&folder, &id));
    }
    let mut session = Session::from_opened(folder, catalog, &SessionOptions::command_line());
    let lines = session
        .attach(&id, files)
        .map_err(|e| anyhow!("refused: {e}"))?;
    let mut failed = false;
    for line in lines {
        match line.outcome {
            Ok(AttachOutcome::Copied(a)) => out!("copied    attachments/{}", a.path),
            Ok(AttachOutcome::Reused(a)) => {
                out!(
                    "attached  attachments/{} (the same bytes were there)",
                    a.path
                )
            }
            Ok(AttachOutcome::AlreadyAttached(a)) => {
                out!("unchanged attachments/{} (already attached)", a.path)
            }
            Err(e) => {
                failed = true;
                eprintln!("error: {e}");
            }
        }
    }
    let saved = report_save(&session.save()?);
    Ok(Exit::problems_if(failed || matches!(saved, Exit::Problems)))
}
