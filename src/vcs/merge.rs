//! The three-way merge of a record file, field by field: what `folio merge-driver`
//! does when git merges two branches that both changed a record.
//!
//! A field changed on one side only takes that side's value. A list field (people,
//! subjects, credits…) merges item by item: what one side removed goes, what one
//! side added comes. A text merges paragraph by paragraph (git's own line merge, a
//! paragraph being a line of the file). The same field changed both ways to
//! different values is a conflict: the file keeps both versions of just that field
//! between the usual markers, and git stops the merge as it does for any conflict.
//! Two branches that added the same record (git's add/add) merge from an empty
//! record; a side that does not read as a record goes through git's own line merge,
//! and the file never holds one side alone.

use std::path::Path;

use crate::model::{Field, FieldValue, Record, Text, TextsError};
use crate::store::format::{self, field_lines};

use super::git;

/// The marker lines of a conflict, as git writes them.
pub const OURS_MARKER: &str = "<<<<<<< ours";
/// Between the two sides.
pub const SEPARATOR: &str = "=======";
/// After their side.
pub const THEIRS_MARKER: &str = ">>>>>>> theirs";

/// A record merged from two sides and their common ancestor.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordMerge {
    /// The merged record; a conflicted field holds our value.
    pub merged: Record,
    /// Their version, for the fields in conflict.
    pub theirs: Record,
    /// The fields both sides changed to different values.
    pub conflicts: Vec<Field>,
}

impl RecordMerge {
    /// The merged record's file: canonical, with each conflicted field's lines
    /// between conflict markers (ours, then theirs). Fails only for texts left in a
    /// records cache that cannot be read.
    pub fn text(&self) -> Result<String, TextsError> {
        let ours = format::record_to_ron(&self.merged)?;
        if self.conflicts.is_empty() {
            return Ok(ours);
        }
        let theirs = format::record_to_ron(&self.theirs)?;
        let ours_lines: Vec<&str> = ours.lines().collect();
        let theirs_lines: Vec<&str> = theirs.lines().collect();
        // From the last field to the first, so that earlier line numbers hold.
        let mut spans: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = self
            .conflicts
            .iter()
            .map(|f| (field_lines(&self.merged, *f), field_lines(&self.theirs, *f)))
            .collect();
        spans.sort_by_key(|(ours, _)| std::cmp::Reverse(ours.start));
        let mut out: Vec<String> = ours_lines.iter().map(|l| (*l).to_owned()).collect();
        for (mine, other) in spans {
            let mut block = vec![OURS_MARKER.to_owned()];
            block.extend(
                ours_lines
                    .get(mine.clone())
                    .unwrap_or(&[])
                    .iter()
                    .map(|l| (*l).to_owned()),
            );
            block.push(SEPARATOR.to_owned());
            block.extend(
                theirs_lines
                    .get(other)
                    .unwrap_or(&[])
                    .iter()
                    .map(|l| (*l).to_owned()),
            );
            block.push(THEIRS_MARKER.to_owned());
            out.splice(mine, block);
        }
        let mut text = out.join("\n");
        text.push('\n');
        Ok(text)
    }
}

/// Merges `ours` and `theirs`, both made from `base`, field by field.
pub fn merge_records(base: &Record, ours: &Record, theirs: &Record) -> RecordMerge {
    let mut merged = ours.clone();
    let mut conflicts = Vec::new();
    // The id (a rename) and the creation time: one side's change wins; both changed
    // is ours (a rename both ways would have been two files for git).
    if ours.id == base.id {
        merged.id = theirs.id.clone();
    }
    if ours.created == base.created {
        merged.created = theirs.created;
    }
    for field in Field::ALL {
        let (b, o, t) = (field.get(base), field.get(ours), field.get(theirs));
        let value = if o == t || t == b {
            continue;
        } else if o == b {
            Some(t)
        } else {
            merge_values(b, o, t)
        };
        match value {
            // A value of the field's own kind: setting it cannot fail.
            Some(value) => {
                let _ = field.set(&mut merged, value);
            }
            None => conflicts.push(field),
        }
    }
    RecordMerge {
        merged,
        theirs: theirs.clone(),
        conflicts,
    }
}

/// Both sides changed a value: lists merge by item, texts by paragraph; anything
/// else is a conflict (`None`).
fn merge_values(base: FieldValue, ours: FieldValue, theirs: FieldValue) -> Option<FieldValue> {
    use FieldValue as V;
    Some(match (base, ours, theirs) {
        (V::List(b), V::List(o), V::List(t)) => V::List(merge_items(&b, o, &t)),
        (V::Related(b), V::Related(o), V::Related(t)) => V::Related(merge_items(&b, o, &t)),
        (V::Credits(b), V::Credits(o), V::Credits(t)) => V::Credits(merge_items(&b, o, &t)),
        (V::Attachments(b), V::Attachments(o), V::Attachments(t)) => {
            V::Attachments(merge_items(&b, o, &t))
        }
        (V::Texts(b), V::Texts(o), V::Texts(t)) => {
            // Texts that cannot be read are not merged: the merge reports a conflict.
            V::Texts(merge_texts(&b, o.to_vec().ok()?, &t)?.into())
        }
        _ => return None,
    })
}

/// Our items, less those they removed, and then the items they added (in their order).
fn merge_items<T: PartialEq + Clone>(base: &[T], ours: Vec<T>, theirs: &[T]) -> Vec<T> {
    let mut merged: Vec<T> = ours
        .into_iter()
        .filter(|item| !base.contains(item) || theirs.contains(item))
        .collect();
    for item in theirs {
        if !base.contains(item) && !merged.contains(item) {
            merged.push(item.clone());
        }
    }
    merged
}

/// Texts in the same places on all three sides (same kind and language) merge
/// paragraph by paragraph; otherwise the texts merge as items.
fn merge_texts(base: &[Text], ours: Vec<Text>, theirs: &[Text]) -> Option<Vec<Text>> {
    let same_texts = |a: &[Text], b: &[Text]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.kind == y.kind && x.language == y.language)
    };
    if !(same_texts(base, &ours) && same_texts(base, theirs)) {
        return Some(merge_items(base, ours, theirs));
    }
    let mut merged = ours;
    for ((text, b), t) in merged.iter_mut().zip(base).zip(theirs) {
        if text.body == t.body || t.body == b.body {
            continue;
        }
        if text.body == b.body {
            text.body = t.body.clone();
        } else {
            text.body = merge_paragraphs(&b.body, &text.body, &t.body)?;
        }
    }
    Some(merged)
}

/// Merges three versions of a text with git's line merge, a paragraph per line;
/// `None` when the same paragraph changed both ways.
fn merge_paragraphs(base: &str, ours: &str, theirs: &str) -> Option<String> {
    // A paragraph may hold single line breaks: keep them inside its line.
    const BREAK: char = '\u{2028}';
    let as_lines = |text: &str| {
        let mut lines: String = text
            .split("\n\n")
            .map(|p| p.replace('\n', &BREAK.to_string()))
            .collect::<Vec<_>>()
            .join("\n");
        lines.push('\n');
        lines
    };
    let dir = tempfile::tempdir().ok()?;
    let write = |name: &str, text: &str| -> Option<std::path::PathBuf> {
        let path = dir.path().join(name);
        std::fs::write(&path, as_lines(text)).ok()?;
        Some(path)
    };
    let (b, o, t) = (
        write("base", base)?,
        write("ours", ours)?,
        write("theirs", theirs)?,
    );
    let merged = git::run(
        dir.path(),
        [
            "merge-file".as_ref(),
            "-p".as_ref(),
            o.as_os_str(),
            b.as_os_str(),
            t.as_os_str(),
        ],
        std::time::Duration::from_secs(30),
    )
    .ok()?;
    let merged = String::from_utf8(merged).ok()?;
    Some(
        merged
            .trim_end_matches('\n')
            .split('\n')
            .map(|p| p.replace(BREAK, "\n"))
            .collect::<Vec<_>>()
            .join("\n\n"),
    )
}

/// What `folio merge-driver` did to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriverOutcome {
    /// Merged field by field, cleanly.
    Clean,
    /// Merged field by field; these fields conflict (their markers are in the file).
    Conflicts(Vec<Field>),
    /// A side did not read as a record: git's own line merge was used, with this
    /// many conflicts.
    LineMerge(usize),
}

/// Why the merge driver could not work.
#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Git's line merge failed.
    #[error(transparent)]
    Git(#[from] super::GitError),
}

/// Merges the record file `ours` (where the result goes, as git asks) with
/// `theirs`, from `base`: field by field when all three read as records (from an
/// empty base when both branches added the file: git's add/add), else with git's
/// line merge. Relative paths are taken from the working folder, where git runs
/// the driver and leaves its temporary files.
pub fn merge_files(base: &Path, ours: &Path, theirs: &Path) -> Result<DriverOutcome, DriverError> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| DriverError::Io {
            path: path.to_owned(),
            source,
        })
    };
    let (base_bytes, ours_bytes, theirs_bytes) = (read(base)?, read(ours)?, read(theirs)?);
    let parse = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .ok()
            .and_then(|text| format::record_from_ron(text).ok())
    };
    let (o, t) = (parse(&ours_bytes), parse(&theirs_bytes));
    // Both branches added the file (two colleagues imported the same page): git
    // gives an empty base.
    let added = base_bytes.iter().all(u8::is_ascii_whitespace);
    let merge = match (o, t) {
        (Some(o), Some(t)) if added => merge_added(&o, &t),
        (Some(o), Some(t)) => match parse(&base_bytes) {
            Some(b) => merge_records(&b, &o, &t),
            None => return line_merge(base, ours, theirs, &ours_bytes, &theirs_bytes),
        },
        _ => return line_merge(base, ours, theirs, &ours_bytes, &theirs_bytes),
    };
    let text = merge.text().map_err(|e| DriverError::Io {
        path: ours.to_owned(),
        source: std::io::Error::other(e),
    })?;
    write_result(ours, text.as_bytes())?;
    Ok(if merge.conflicts.is_empty() {
        DriverOutcome::Clean
    } else {
        DriverOutcome::Conflicts(merge.conflicts)
    })
}

/// Merges two records that both branches added under one id, field by field from
/// an empty record: a field set on one side only takes that value, a field both
/// sides set alike is kept once, and a field set differently is a conflict (lists
/// and texts too: with no common ancestor, nothing tells an addition from a
/// correction). The record was created when the first of the two was.
pub fn merge_added(ours: &Record, theirs: &Record) -> RecordMerge {
    let mut base = Record::new(ours.id.clone(), "");
    base.created = ours.created;
    let mut merged = ours.clone();
    merged.created = ours.created.min(theirs.created);
    let mut conflicts = Vec::new();
    for field in Field::ALL {
        let (b, o, t) = (field.get(&base), field.get(ours), field.get(theirs));
        if o == t || t == b {
            continue;
        }
        if o == b {
            // A value of the field's own kind: setting it cannot fail.
            let _ = field.set(&mut merged, t);
        } else {
            conflicts.push(field);
        }
    }
    let mut theirs = theirs.clone();
    theirs.created = merged.created;
    RecordMerge {
        merged,
        theirs,
        conflicts,
    }
}

fn write_result(ours: &Path, bytes: &[u8]) -> Result<(), DriverError> {
    crate::store::folder::write_atomically(ours, bytes, true).map_err(|e| DriverError::Io {
        path: ours.to_owned(),
        source: std::io::Error::other(e.to_string()),
    })
}

/// Git's own line merge of the three files, into `ours`. Should git's line merge
/// itself fail, both versions are kept whole between conflict markers: the file
/// never holds one side alone while git takes the merge for done.
fn line_merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    ours_bytes: &[u8],
    theirs_bytes: &[u8],
) -> Result<DriverOutcome, DriverError> {
    let absolute = |path: &Path| {
        std::path::absolute(path).map_err(|source| DriverError::Io {
            path: path.to_owned(),
            source,
        })
    };
    let (base, ours_abs, theirs) = (absolute(base)?, absolute(ours)?, absolute(theirs)?);
    let dir = ours_abs.parent().unwrap_or(Path::new("/")).to_owned();
    let args = [
        "merge-file".as_ref(),
        "-L".as_ref(),
        "ours".as_ref(),
        "-L".as_ref(),
        "base".as_ref(),
        "-L".as_ref(),
        "theirs".as_ref(),
        ours_abs.as_os_str(),
        base.as_os_str(),
        theirs.as_os_str(),
    ];
    // git merge-file exits with the number of conflicts (a failure when > 0).
    match git::run(&dir, args, std::time::Duration::from_secs(60)) {
        Ok(_) => Ok(DriverOutcome::LineMerge(0)),
        // git merge-file reports conflicts as a failure once it wrote them; any other
        // failure leaves the file as it was.
        Err(super::GitError::Failed { message, .. })
            if crate::store::conflicted::file_holds_markers(ours) =>
        {
            let conflicts = message
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            Ok(DriverOutcome::LineMerge(conflicts))
        }
        Err(_) => {
            write_result(ours, &whole_file_conflict(ours_bytes, theirs_bytes))?;
            Ok(DriverOutcome::LineMerge(1))
        }
    }
}

/// Both versions of a file, whole, between conflict markers.
pub fn whole_file_conflict(ours: &[u8], theirs: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ours.len() + theirs.len() + 64);
    let mut side = |marker: &str, bytes: &[u8]| {
        out.extend_from_slice(marker.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(bytes);
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            out.push(b'\n');
        }
    };
    side(OURS_MARKER, ours);
    side(SEPARATOR, theirs);
    out.extend_from_slice(THEIRS_MARKER.as_bytes());
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RecordId, TextKind};

    fn base() -> Record {
        let mut r = Record::new(RecordId::new("wcda-1").unwrap(), "Telegram");
        r.people = vec!["Kim Il Sung".into(), "Mao Zedong".into()];
        r.summary = "A telegram.".into();
        r.texts = vec![Text {
            kind: TextKind::Translation,
            language: "English".into(),
            body: "First.\n\nSecond.\n\nThird.".into(),
        }]
        .into();
        r.created = "2026-11-27T20:00:00Z".parse().unwrap();
        r
    }

    #[test]
    fn different_fields_merge_cleanly() {
        let b = base();
        let mut o = b.clone();
        o.title = "Telegram, corrected".into();
        let mut t = b.clone();
        t.summary = "A short telegram.".into();
        let m = merge_records(&b, &o, &t);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.merged.title, "Telegram, corrected");
        assert_eq!(m.merged.summary, "A short telegram.");
        assert!(!m.text().unwrap().contains("<<<<<<<"));
    }

    #[test]
    fn list_items_merge_one_by_one() {
        let b = base();
        let mut o = b.clone();
        o.people.push("Zhou Enlai".into());
        let mut t = b.clone();
        t.people.retain(|p| p != "Mao Zedong");
        t.people.push("Peng Dehuai".into());
        let m = merge_records(&b, &o, &t);
        assert!(m.conflicts.is_empty());
        assert_eq!(
            m.merged.people,
            ["Kim Il Sung", "Zhou Enlai", "Peng Dehuai"]
        );
    }

    #[test]
    fn texts_merge_paragraph_by_paragraph() {
        let b = base();
        let mut o = b.clone();
        o.texts.make_mut().unwrap()[0].body = "First, ours.\n\nSecond.\n\nThird.".into();
        let mut t = b.clone();
        t.texts.make_mut().unwrap()[0].body = "First.\n\nSecond.\n\nThird, theirs.".into();
        let m = merge_records(&b, &o, &t);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(
            m.merged.texts[0].body,
            "First, ours.\n\nSecond.\n\nThird, theirs."
        );
        // The same paragraph both ways is a conflict.
        t.texts.make_mut().unwrap()[0].body = "First, theirs.\n\nSecond.\n\nThird.".into();
        let m = merge_records(&b, &o, &t);
        assert_eq!(m.conflicts, [Field::Texts]);
    }

    #[test]
    fn the_same_field_both_ways_is_marked_around_that_field_only() {
        let b = base();
        let mut o = b.clone();
        o.title = "Ours".into();
        o.summary = "Our summary.".into();
        let mut t = b.clone();
        t.title = "Theirs".into();
        let m = merge_records(&b, &o, &t);
        assert_eq!(m.conflicts, [Field::Title]);
        let text = m.text().unwrap();
        assert!(
            text.contains("<<<<<<< ours\n    title: \"Ours\",\n=======\n    title: \"Theirs\",\n>>>>>>> theirs\n"),
            "{text}"
        );
        assert!(text.contains("    summary: \"Our summary.\",\n"));
        // Each side of the file reads as a whole record again.
        let (ours, theirs) = crate::store::conflicted::split(&text).unwrap();
        assert_eq!(format::record_from_ron(&ours).unwrap(), m.merged);
        let theirs = format::record_from_ron(&theirs).unwrap();
        assert_eq!(theirs.title, "Theirs");
        assert_eq!(theirs.summary, "Our summary.", "the rest merged");
    }

    #[test]
    fn a_field_emptied_on_one_side_and_changed_on_the_other_conflicts() {
        let b = base();
        let mut o = b.clone();
        o.summary.clear();
        let mut t = b.clone();
        t.summary = "Changed.".into();
        let m = merge_records(&b, &o, &t);
        assert_eq!(m.conflicts, [Field::Summary]);
        let (ours, theirs) = crate::store::conflicted::split(&m.text().unwrap()).unwrap();
        assert_eq!(format::record_from_ron(&ours).unwrap().summary, "");
        assert_eq!(
            format::record_from_ron(&theirs).unwrap().summary,
            "Changed."
        );
    }

    #[test]
    fn records_added_on_both_sides_merge_from_an_empty_record() {
        let ours = base();
        let mut theirs = base();
        theirs.created = "2026-11-20T08:00:00Z".parse().unwrap();
        theirs.notes = "Their note.".into();
        // Lists set differently on each side: with no ancestor, a conflict, not a union.
        theirs.people = vec!["Kim Il-sung".into()];
        let m = merge_added(&ours, &theirs);
        assert_eq!(m.conflicts, [Field::People]);
        assert_eq!(m.merged.notes, "Their note.", "set on one side only");
        assert_eq!(m.merged.title, "Telegram", "alike on both sides");
        assert_eq!(m.merged.created, theirs.created, "the first of the two");
        let (o, t) = crate::store::conflicted::split(&m.text().unwrap()).unwrap();
        assert_eq!(format::record_from_ron(&o).unwrap().people, ours.people);
        assert_eq!(format::record_from_ron(&t).unwrap().people, theirs.people);
    }

    #[test]
    fn whole_files_in_conflict_keep_both_sides() {
        let text = whole_file_conflict(b"ours\n", b"theirs");
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n"
        );
    }

    #[test]
    fn a_rename_on_one_side_and_an_edit_on_the_other_merge() {
        let b = base();
        let mut o = b.clone();
        o.id = RecordId::new("1950-telegram").unwrap();
        let mut t = b.clone();
        t.summary = "Edited.".into();
        let m = merge_records(&b, &o, &t);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.merged.id.as_str(), "1950-telegram");
        assert_eq!(m.merged.summary, "Edited.");
    }
}
