//! `folio clone`, `folio sync`, `folio commit`, `folio resolve` and `folio
//! askpass`: a catalog shared through a git server.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

use folio::model::Field;
use folio::vcs::Network;
use folio::vcs::sync::{self, Side, SyncError, SyncOutcome};
use folio::words::count;

use super::{Exit, out};

/// Git may ask on the terminal when a person runs the command; its progress is
/// drawn there too.
fn network() -> Network {
    let terminal = std::io::stdin().is_terminal();
    let progress: Option<folio::vcs::ProgressSink> = std::io::stderr().is_terminal().then(|| {
        Arc::new(|line: &str| {
            use std::io::Write;
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K{line}");
            let _ = err.flush();
        }) as folio::vcs::ProgressSink
    });
    Network {
        terminal,
        progress,
        ..Network::default()
    }
}

fn program() -> Result<PathBuf> {
    std::env::current_exe().context("cannot tell where this folio program is")
}

/// `folio clone URL [DIR]`.
pub fn clone(url: &str, dir: Option<PathBuf>) -> Result<Exit> {
    let dir = match dir {
        Some(dir) => dir,
        None => PathBuf::from(sync::folder_for(url).with_context(|| {
            format!("cannot name a folder after {url}: give one (`folio clone URL DIR`)")
        })?),
    };
    let report = sync::clone_catalog(url, &dir, &program()?, &network())
        .with_context(|| format!("cannot clone {url}"))?;
    end_progress_line();
    out!("cloned {url} into {}", report.catalog.display());
    out!(
        "set up for Folio's merges; open it with `folio open {}`",
        report.catalog.display()
    );
    Ok(Exit::Clean)
}

/// `folio sync DIR [--message M]`.
pub fn sync(dir: &Path, message: Option<&str>) -> Result<Exit> {
    if !dir.join(folio::store::folder::SETTINGS_FILE).exists() {
        anyhow::bail!("{}: not a Folio catalog (no catalog.ron)", dir.display());
    }
    if let Some(message) = message {
        // A sync killed before may have left git's locks: the commit needs them gone.
        // …and a merge it stopped midway: undone first, or its half-written files
        // would be committed as the archivist's.
        if let Some(recovered) = sync::clear_stopped_locks(dir)
            .with_context(|| format!("{}: not synced", dir.display()))?
        {
            said_recovered(&recovered);
        }
        match folio::vcs::commit_catalog(dir, message) {
            Ok(report) => out!(
                "committed {}: {} ({} in all)",
                report.id,
                count(report.records, "record"),
                count(report.files, "file")
            ),
            Err(folio::vcs::CommitError::NothingToCommit) => {}
            // A merge stopped on conflicts: the sync lists them.
            Err(folio::vcs::CommitError::UnfinishedMerge(_)) => {}
            Err(e) => return Err(e).context("cannot commit before syncing"),
        }
    }
    let outcome = sync::sync(dir, &program()?, &network(), &|step| {
        end_progress_line();
        eprintln!("{}…", step.describe());
    });
    end_progress_line();
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(SyncError::Uncommitted(what)) => anyhow::bail!(
            "{}: {what} changed since the last commit: commit first (`folio sync {} --message \"what changed\"`, or Sync in the app)",
            dir.display(),
            dir.display()
        ),
        Err(e) => return Err(e).with_context(|| format!("{}: not synced", dir.display())),
    };
    let (SyncOutcome::Synced(report) | SyncOutcome::Conflicts { report, .. }) = &outcome;
    if let Some(recovered) = &report.recovered {
        said_recovered(recovered);
    }
    match outcome {
        SyncOutcome::Synced(report) => {
            match report.describe() {
                Some(what) => out!("synced: {what}"),
                None => out!("already in sync with the server"),
            }
            Ok(Exit::Clean)
        }
        SyncOutcome::Conflicts { report, conflicts } => {
            if let Some(what) = report.describe() {
                out!("{what}");
            }
            out!(
                "the merge stopped: {} changed both here and on the server:",
                count(conflicts.len(), "file")
            );
            for conflict in &conflicts {
                out!("  {}", conflict.describe());
            }
            out!(
                "settle each with `folio resolve {} ID --ours` (this catalog's version) or `--theirs` (the server's), `--field F` for one field; or open the catalog in the app (its Conflicts dialog); then run `folio sync {}` again to finish",
                dir.display(),
                dir.display()
            );
            Ok(Exit::Problems)
        }
    }
}

fn said_recovered(recovered: &sync::Recovered) {
    eprintln!(
        "folio: a sync stopped while merging left {} half written: put back as committed, and merged again (their state then is kept in {})",
        count(recovered.files, "file"),
        recovered.kept_in.display()
    );
}

/// Progress lines are redrawn in place: end the last before writing more.
fn end_progress_line() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
}

/// `folio commit DIR --message M`.
pub fn commit(dir: &Path, message: &str) -> Result<Exit> {
    let report = folio::vcs::commit_catalog(dir, message)
        .with_context(|| format!("{}: not committed", dir.display()))?;
    out!(
        "committed {}: {} ({} in all)",
        report.id,
        count(report.records, "record"),
        count(report.files, "file")
    );
    Ok(Exit::Clean)
}

/// `folio resolve DIR [ID...] --ours|--theirs [--field F...]`.
pub fn resolve(dir: &Path, ids: &[String], theirs: bool, fields: &[String]) -> Result<Exit> {
    let side = if theirs { Side::Theirs } else { Side::Ours };
    let fields: Vec<Field> = fields
        .iter()
        .map(|f| Field::from_name(f))
        .collect::<Result<_, _>>()?;
    let conflicts = sync::conflicts(dir)
        .with_context(|| format!("{}: cannot read the merge", dir.display()))?;
    if conflicts.is_empty() {
        out!("nothing to resolve: no conflict is waiting");
        return Ok(Exit::Clean);
    }
    let chosen: Vec<&sync::Conflict> = if ids.is_empty() {
        conflicts.iter().collect()
    } else {
        let mut chosen = Vec::new();
        for id in ids {
            let found = conflicts
                .iter()
                .find(|c| {
                    c.record.as_ref().is_some_and(|r| r.as_str() == id) || c.path == Path::new(id)
                })
                .with_context(|| format!("{id}: no conflict waits on this record"))?;
            chosen.push(found);
        }
        chosen
    };
    let which = if theirs {
        "the server's"
    } else {
        "this catalog's"
    };
    let mut left_over = false;
    for conflict in chosen {
        let left = sync::resolve(dir, &conflict.path, side, &fields)
            .with_context(|| format!("cannot resolve {}", conflict.path.display()))?;
        let name = conflict
            .record
            .as_ref()
            .map_or_else(|| conflict.path.display().to_string(), |r| r.to_string());
        if left.is_empty() {
            out!("{name}: kept {which} version");
        } else {
            left_over = true;
            let names: Vec<&str> = left.iter().map(|f| f.name()).collect();
            out!(
                "{name}: kept {which} version of the fields given; still to choose: {}",
                names.join(", ")
            );
        }
    }
    let waiting = sync::conflicts(dir)?.len();
    if waiting == 0 {
        out!(
            "every conflict is settled: `folio sync {}` commits the merge and sends it",
            dir.display()
        );
    } else {
        out!("{} still to settle", count(waiting, "conflict"));
    }
    Ok(Exit::problems_if(left_over))
}

/// `folio askpass PROMPT`, run by git for the app.
pub fn askpass(prompt: &str) -> Result<Exit> {
    match folio::vcs::askpass::ask_window(prompt)? {
        Some(answer) => {
            out!("{answer}");
            Ok(Exit::Clean)
        }
        // Git reads a failure as "no answer" and stops asking.
        None => Ok(Exit::Problems),
    }
}
