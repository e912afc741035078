//! `folio edit`: one correction over many records, printed field by field before
//! anything is written, written as one save.

use std::path::Path;

use anyhow::{Result, anyhow, bail};

use folio::bulk::{BulkChange, BulkPlan, FindOptions, Finder};
use folio::model::{Field, FieldValue, RecordId};
use folio::session::{Session, SessionOptions};
use folio::words::count;

use super::exchange::{Scope, scope_records};
use super::open::{self, report_save};
use super::{Exit, Wait, out};

/// What `folio edit` was asked to do.
pub struct EditArgs {
    pub set: Option<String>,
    pub add: Option<String>,
    pub remove: Option<String>,
    pub replace: Option<String>,
    pub find: FindOptions,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub json: bool,
    pub wait: Wait,
}

pub fn edit(dir: &Path, records: Scope, args: EditArgs) -> Result<Exit> {
    let change = change(&args)?;
    let (mut folder, mut catalog) = if args.dry_run {
        open::read(dir)?
    } else {
        open::write(dir, "folio edit", "change records", args.wait)?
    };
    // A record a merge left unfinished is not one version to change: it is left
    // out (and named), as an unreadable file is.
    folder.leave_out_unfinished_merges(&mut catalog);
    let unread = open::warn_unread(&folder);
    let mut ids: Vec<RecordId> = scope_records(&catalog, &folder, records)?
        .into_iter()
        .map(|r| r.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    let plan = change
        .plan(&catalog, &ids)
        .map_err(|e| anyhow!("refused: {e}"))?;
    print_plan(&plan, args.json)?;
    let refused = !plan.refused.is_empty();
    let left_out = matches!(open::unread_left_out(unread, "this change"), Exit::Problems);
    if args.dry_run {
        return Ok(Exit::problems_if(refused || left_out));
    }
    if refused && !args.skip_invalid {
        eprintln!(
            "nothing changed: {} would become invalid (see above); fix them, or add --skip-invalid to change the others",
            count(plan.refused.len(), "record")
        );
        return Ok(Exit::Problems);
    }
    let Some(edit) = plan.edit() else {
        return Ok(Exit::problems_if(refused || left_out));
    };
    let mut session = Session::from_opened(folder, catalog, &SessionOptions::command_line());
    session.apply(edit).map_err(|e| anyhow!("refused: {e}"))?;
    let saved = report_save(&session.save()?);
    Ok(Exit::problems_if(
        refused || left_out || matches!(saved, Exit::Problems),
    ))
}

/// The change the one option given asks for.
fn change(args: &EditArgs) -> Result<BulkChange> {
    let field_value = |text: &str| -> Result<(Field, String)> {
        let (name, value) = text
            .split_once('=')
            .ok_or_else(|| anyhow!("expected FIELD=VALUE, as in subjects=Espionage: {text}"))?;
        Ok((Field::from_name(name.trim())?, value.to_owned()))
    };
    if let Some(text) = &args.set {
        let (field, value) = field_value(text)?;
        let value = field
            .parse_input(&value)
            .map_err(|e| anyhow!("refused: {e}"))?;
        return Ok(BulkChange::Set(field, value));
    }
    if let Some(text) = &args.add {
        let (field, item) = field_value(text)?;
        return Ok(BulkChange::Add(field, item));
    }
    if let Some(text) = &args.remove {
        let (field, item) = field_value(text)?;
        return Ok(BulkChange::Remove(field, item));
    }
    let Some(text) = &args.replace else {
        bail!("say what to change: --set, --add, --remove or --replace");
    };
    let (pattern, replacement) = text
        .split_once("=>")
        .ok_or_else(|| anyhow!("expected [FIELD:]PATTERN=>REPLACEMENT: {text}"))?;
    // A field name before the first colon narrows it to that field; otherwise the
    // whole is the pattern, searched in every text field.
    let (field, pattern) = match pattern.split_once(':') {
        Some((name, rest)) if Field::from_name(name).is_ok() => (Field::from_name(name).ok(), rest),
        _ => (None, pattern),
    };
    let finder = Finder::new(pattern, args.find).map_err(|e| anyhow!("refused: {e}"))?;
    Ok(BulkChange::Replace {
        field,
        finder,
        replacement: replacement.to_owned(),
    })
}

/// Each change `id field: before → after`, each refusal, then a count.
fn print_plan(plan: &BulkPlan, json: bool) -> Result<()> {
    if json {
        out!("{}", serde_json::to_string_pretty(plan)?);
        return Ok(());
    }
    for change in &plan.changes {
        out!(
            "{} {}: {} → {}",
            change.id,
            change.field.name(),
            shown(&change.before),
            shown(&change.after)
        );
    }
    for refusal in &plan.refused {
        eprintln!(
            "refused: {} {}: {}",
            refusal.id,
            refusal.field.name(),
            refusal.reason
        );
    }
    out!(
        "{} to change ({}), {} unchanged, {} refused",
        count(plan.records(), "record"),
        count(plan.changes.len(), "field"),
        plan.unchanged,
        plan.refused.len()
    );
    Ok(())
}

/// A value on one line, as a change prints it (`(empty)` when empty).
pub(super) fn shown(value: &FieldValue) -> String {
    let text = value.to_text("; ").replace('\n', " ");
    if text.is_empty() {
        "(empty)".to_owned()
    } else {
        text
    }
}
