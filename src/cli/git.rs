//! `folio git-setup` and `folio merge-driver`: the catalog and git.

use std::path::Path;

use anyhow::{Context, Result};

use folio::vcs::merge::{DriverOutcome, merge_files};
use folio::words::count;

use super::{Exit, out};

/// `folio git-setup DIR`.
pub fn setup(dir: &Path) -> Result<Exit> {
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
