//! `new`, `get` and `set`: one catalog, one record, one field.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use folio::model::{Field, RecordId};
use folio::session::{AttachOutcome, Session, SessionOptions};
use folio::store::{self, Edit};

use super::open::{self, no_record, record_id, report_save};
use super::{Exit, SettingsArgs, Wait, out};

pub fn new(dir: &Path, name: Option<String>, args: SettingsArgs) -> Result<Exit> {
    let name = name.unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Catalog".to_owned())
    });
    check_settings(&args)?;
    let (folder, catalog) = store::create(dir, &name)
        .with_context(|| format!("cannot create a catalog in {}", dir.display()))?;
    let mut settings = catalog.settings().clone();
    apply_settings(&mut settings, args);
    if &settings != catalog.settings() {
        folder
            .save_settings(&settings)
            .with_context(|| format!("cannot write the settings of {}", dir.display()))?;
    }
    out!("created catalog \"{name}\" in {}", dir.display());
    Ok(Exit::Clean)
}

/// Refuses a base URL that is not one (a typo would make every link in every export
/// wrong).
fn check_settings(args: &SettingsArgs) -> Result<()> {
    if let Some(url) = args.base_url.as_deref()
        && let Some(problem) = store::base_url_problem(url)
    {
        bail!("--base-url {url}: {problem}");
    }
    Ok(())
}

fn apply_settings(settings: &mut store::CatalogSettings, args: SettingsArgs) {
    if let Some(archive) = args.archive {
        settings.archive_name = archive.trim().to_owned();
    }
    if let Some(url) = args.base_url {
        settings.base_url = url.trim().to_owned();
    }
    if let Some(repository) = args.oai_repository {
        settings.oai_repository = repository.trim().to_owned();
    }
}

/// `folio settings`: shows the settings, or writes those given.
pub fn settings(
    dir: &Path,
    name: Option<String>,
    description: Option<String>,
    args: SettingsArgs,
    wait: Wait,
) -> Result<Exit> {
    let unchanged = name.is_none()
        && description.is_none()
        && args.archive.is_none()
        && args.base_url.is_none()
        && args.oai_repository.is_none();
    if unchanged {
        let (_, catalog) = open::read(dir)?;
        let s = catalog.settings();
        out!("name: {}", s.name);
        out!("archive: {}", s.archive_name);
        out!("base URL: {}", s.base_url);
        out!(
            "OAI-PMH repository: {}",
            folio::export::web::repository_identifier(s).unwrap_or_default()
        );
        out!("settled names: {}", s.names.len());
        return Ok(Exit::Clean);
    }
    check_settings(&args)?;
    if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        bail!("--name: a catalog needs a name");
    }
    let (folder, catalog) = open::write(dir, "folio settings", "change the settings", wait)?;
    let mut session = Session::from_opened(folder, catalog, &SessionOptions::command_line());
    session
        .change_settings(|settings| {
            if let Some(name) = name {
                settings.name = name.trim().to_owned();
            }
            if let Some(description) = description {
                settings.description = description.trim().to_owned();
            }
            apply_settings(settings, args);
        })
        .map_err(|e| anyhow!("refused: {e}"))?;
    out!("settings saved in {}", dir.join("catalog.ron").display());
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
