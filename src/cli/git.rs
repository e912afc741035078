//! `folio git-setup`, `folio merge-driver` and `folio history`: the catalog and git.

use std::path::Path;

use anyhow::{Context, Result};

use folio::model::Field;
use folio::vcs::history::{
    FieldChange, FileEvent, HistoryEntry, WordChange, around_changes, field_history, record_history,
};
use folio::vcs::merge::{DriverOutcome, merge_files};
use folio::words::count;

use super::{Exit, out};

/// `folio git-setup DIR [--lfs]`.
pub fn setup(dir: &Path, lfs: bool) -> Result<Exit> {
    if !dir.join(folio::store::folder::SETTINGS_FILE).exists() {
        anyhow::bail!("{}: not a Folio catalog (no catalog.ron)", dir.display());
    }
    let program = std::env::current_exe().context("cannot tell where this folio program is")?;
    let report = folio::vcs::git_setup(dir, &program)
        .with_context(|| format!("cannot set {} up for git", dir.display()))?;
    for file in &report.files {
        out!("wrote {}", file.display());
    }
    if let Some(driver) = &report.driver {
        out!("registered the merge driver in the repository's configuration: {driver}");
    }
    if lfs {
        let written = folio::vcs::lfs_setup(dir).with_context(|| {
            format!(
                "cannot keep the attachments of {} in Git LFS",
                dir.display()
            )
        })?;
        if written {
            out!(
                "attachments now go to Git LFS (commit .gitattributes; sync sends them to the server's LFS store)"
            );
        } else {
            out!("attachments already go to Git LFS");
        }
    }
    if report.files.is_empty() && report.driver.is_none() {
        out!("already set up: record files merge field by field");
    } else {
        out!("record files now merge field by field (commit .gitignore and .gitattributes)");
    }
    Ok(Exit::Clean)
}

/// `folio merge-driver BASE OURS THEIRS PATH`, as git runs it: the result in OURS;
/// exit 1 when fields conflict (their markers are in the file), as git expects.
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: &str) -> Result<Exit> {
    let outcome =
        merge_files(base, ours, theirs).with_context(|| format!("cannot merge {path}"))?;
    Ok(match outcome {
        DriverOutcome::Clean => Exit::Clean,
        DriverOutcome::Conflicts(fields) => {
            let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
            eprintln!(
                "folio: {path}: {} changed both ways ({}): both versions are kept between conflict markers",
                count(fields.len(), "field"),
                names.join(", ")
            );
            Exit::Problems
        }
        DriverOutcome::LineMerge(0) => {
            eprintln!("folio: {path}: not readable as a record; merged line by line");
            Exit::Clean
        }
        DriverOutcome::LineMerge(n) => {
            eprintln!(
                "folio: {path}: not readable as a record; merged line by line with {}",
                count(n, "conflict")
            );
            Exit::Problems
        }
    })
}

/// `folio history DIR ID [--field F] [--json]`.
pub fn history(dir: &Path, id: &str, field: Option<&str>, json: bool) -> Result<Exit> {
    // Only the record's file is read (and git): not the whole catalog.
    if !dir.join(folio::store::folder::SETTINGS_FILE).exists() {
        anyhow::bail!("{}: not a Folio catalog (no catalog.ron)", dir.display());
    }
    let id = super::open::record_id(id)?;
    let file = dir
        .join(folio::store::folder::RECORDS_DIR)
        .join(id.file_name());
    let field = field.map(Field::from_name).transpose()?;
    let entries =
        record_history(dir, &file).with_context(|| format!("cannot read the history of {id}"))?;
    if entries.is_empty() && !file.exists() {
        anyhow::bail!(
            "{}: no record {id} now or in the catalog's history",
            dir.display()
        );
    }
    let entries = match field {
        Some(field) => field_history(&entries, field),
        None => entries,
    };
    if json {
        out!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(Exit::Clean);
    }
    if entries.is_empty() {
        match field {
            Some(field) => out!("no commit changed the {} of {id}", field.label()),
            None => out!("{id} has no commit yet"),
        }
    }
    // The whole history shows long values cut; one field's history shows them whole.
    let cut = field.is_none().then_some(CUT);
    for entry in &entries {
        out!("{}", headline(entry));
        for change in &entry.changes {
            out!("    {}: {}", change.field.name(), change_text(change, cut));
        }
    }
    Ok(Exit::Clean)
}

/// The first line of an entry: commit, date, author, subject, and what befell the file.
fn headline(entry: &HistoryEntry) -> String {
    let event = match &entry.event {
        FileEvent::Created => " (created)".to_owned(),
        FileEvent::Changed => String::new(),
        FileEvent::Renamed(from) => format!(" (renamed from {from})"),
        FileEvent::Deleted => " (deleted)".to_owned(),
        FileEvent::Unreadable(why) => format!(" (this version cannot be read: {why})"),
    };
    match &entry.commit {
        Some(c) => format!(
            "{}  {}  {}  {}{event}",
            c.short,
            c.when.format("%Y-%m-%d %H:%M"),
            c.author,
            c.subject
        ),
        None => format!("(not committed)  changes on disk since the last commit{event}"),
    }
}

/// Where the whole history cuts a long value (in characters).
const CUT: usize = 160;

/// A change on one line: `before → after`, or a word diff for long texts; values
/// longer than `cut` characters end in `…`.
fn change_text(change: &FieldChange, cut: Option<usize>) -> String {
    const CONTEXT: usize = 40;
    // A field's own history shows a string's old and new values whole; a
    // document's texts are too long for that.
    let whole = cut.is_none() && matches!(change.before, folio::model::FieldValue::Text(_));
    let created = change.before.to_text("").is_empty();
    if let Some(diff) = change.word_diff().filter(|_| !created && !whole) {
        return around_changes(&diff, CONTEXT)
            .iter()
            .map(|piece| match piece {
                WordChange::Same(t) => t.replace('\n', " "),
                WordChange::Removed(t) => format!("[-{}-]", t.replace('\n', " ")),
                WordChange::Added(t) => format!("{{+{}+}}", t.replace('\n', " ")),
            })
            .collect();
    }
    let show = |value: &folio::model::FieldValue| {
        let text = value.to_text("; ").replace('\n', " ");
        match cut {
            _ if text.is_empty() => "(empty)".to_owned(),
            Some(cut) if text.chars().count() > cut => {
                format!("{}…", text.chars().take(cut).collect::<String>())
            }
            _ => text,
        }
    };
    format!("{} → {}", show(&change.before), show(&change.after))
}
