//! A record's history from git: each commit that touched its file (renames
//! followed), with the fields it changed, before and after.
//!
//! One `git log --follow` lists the commits and the file's path in each; one
//! `git cat-file --batch` reads every version, so the cost is two processes
//! whatever the length of the history.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::model::{Field, FieldValue, Record};
use crate::store::format::record_from_ron;

use super::{Git, GitError};

/// A commit, as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commit {
    /// The full commit id.
    pub id: String,
    /// The abbreviated id git shows.
    pub short: String,
    /// The author's name.
    pub author: String,
    /// The author's email.
    pub email: String,
    /// When the author made it.
    pub when: DateTime<FixedOffset>,
    /// The first line of its message.
    pub subject: String,
}

/// What a commit did to the record's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "detail")]
pub enum FileEvent {
    /// The file was added: the record was created (or imported).
    Created,
    /// The file changed.
    Changed,
    /// The file was renamed from this path (and perhaps changed).
    Renamed(String),
    /// The file was deleted: the record was deleted.
    Deleted,
    /// A version could not be read as a record (a conflicted or broken file): its
    /// message.
    Unreadable(String),
}

/// One field changed by a commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field.
    pub field: Field,
    /// Its value before the commit.
    pub before: FieldValue,
    /// Its value after.
    pub after: FieldValue,
}

impl FieldChange {
    /// For prose (a summary, source, rights, notes, a document's texts), the words
    /// removed and added; `None` for other fields, whose values read better whole,
    /// before → after (a long title too).
    pub fn word_diff(&self) -> Option<Vec<WordChange>> {
        let prose = matches!(
            self.field,
            Field::Summary | Field::Source | Field::Rights | Field::Notes
        );
        match (&self.before, &self.after) {
            (FieldValue::Text(b), FieldValue::Text(a)) if prose => Some(word_diff(b, a)),
            (FieldValue::Texts(_), FieldValue::Texts(_)) => Some(word_diff(
                &self.before.to_text("\n"),
                &self.after.to_text("\n"),
            )),
            _ => None,
        }
    }
}

/// A piece of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change", content = "text")]
pub enum WordChange {
    /// Words in both versions.
    Same(String),
    /// Words only before.
    Removed(String),
    /// Words only after.
    Added(String),
}

/// The words of `before` and `after`, each marked kept, removed or added; runs of
/// the same kind are joined.
pub fn word_diff(before: &str, after: &str) -> Vec<WordChange> {
    let diff = similar::TextDiff::from_words(before, after);
    let mut pieces: Vec<WordChange> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        let extended = match (pieces.last_mut(), change.tag()) {
            (Some(WordChange::Same(s)), similar::ChangeTag::Equal)
            | (Some(WordChange::Removed(s)), similar::ChangeTag::Delete)
            | (Some(WordChange::Added(s)), similar::ChangeTag::Insert) => {
                s.push_str(text);
                true
            }
            _ => false,
        };
        if !extended {
            pieces.push(match change.tag() {
                similar::ChangeTag::Equal => WordChange::Same(text.to_owned()),
                similar::ChangeTag::Delete => WordChange::Removed(text.to_owned()),
                similar::ChangeTag::Insert => WordChange::Added(text.to_owned()),
            });
        }
    }
    pieces
}

/// One step of a record's history, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// The commit; `None` for the changes on disk not committed yet.
    pub commit: Option<Commit>,
    /// The file's path in that commit, from the top of the work tree.
    pub path: String,
    /// What happened to the file.
    pub event: FileEvent,
    /// The fields it changed, in the form's order.
    pub changes: Vec<FieldChange>,
}

impl HistoryEntry {
    /// The change of `field` in this step, if any.
    pub fn change_of(&self, field: Field) -> Option<&FieldChange> {
        self.changes.iter().find(|c| c.field == field)
    }
}

/// A record's history: what `git log` says of its file, newest first, with the
/// changes on disk not committed yet on top (if any).
pub fn record_history(root: &Path, file: &Path) -> Result<Vec<HistoryEntry>, GitError> {
    let git = Git::open(root)?;
    let path = relative_to_top(&git, file)?;
    let steps = follow(&git, &path)?;
    // Every version read at once: for each step, after then before.
    let mut names = String::new();
    for step in &steps {
        for version in [&step.after, &step.before] {
            // A name cat-file answers "missing" to keeps the answers in step.
            names.push_str(version.as_deref().unwrap_or("0000000:missing"));
            names.push('\n');
        }
    }
    let blobs = split_batch(&git.run_with_input(["cat-file", "--batch"], names.into_bytes())?);
    let mut entries = Vec::with_capacity(steps.len() + 1);
    let mut newest: Option<Record> = None;
    for (index, step) in steps.into_iter().enumerate() {
        let after = read_version(blobs.get(2 * index).cloned().flatten());
        let before = read_version(blobs.get(2 * index + 1).cloned().flatten());
        if index == 0 {
            newest = after.clone().and_then(Result::ok);
        }
        entries.push(entry(step.commit, step.path, step.event, before, after));
    }
    if let Some(working) = uncommitted(file, &path, newest.as_ref()) {
        entries.insert(0, working);
    }
    Ok(entries)
}

/// The commits that touched the file at `path`, newest first, following it back
/// through its renames.
///
/// `git log --follow` would do this, but it looks for renames in every commit and
/// cannot use the commit graph's path filters: three to eight times slower on a
/// catalog of 10,000 records. Here each stretch of the file's life under one name
/// is one path-limited log, and only the commit that added it is asked whether it
/// was a rename.
fn follow(git: &Git, path: &str) -> Result<Vec<Step>, GitError> {
    let mut steps: Vec<Step> = Vec::new();
    let mut path = path.to_owned();
    let mut until: Option<String> = None;
    // A rename cycle (a→b→a) ends once each name was followed once.
    let mut followed = std::collections::HashSet::new();
    while followed.insert((path.clone(), until.clone())) {
        let mut args = vec![
            "log".to_owned(),
            // Stop where the file was added: nothing older concerns it.
            "--remove-empty".to_owned(),
            "--raw".to_owned(),
            "--format=%x1e%H%x1f%h%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s".to_owned(),
        ];
        args.extend(until.clone());
        args.extend(["--".to_owned(), path.clone()]);
        let mut stretch = parse_log(&git.text(&args)?, &path);
        let Some(added) = stretch.last_mut() else {
            break;
        };
        let first_parent = added.parents.first().cloned();
        let renamed_from = match (&added.event, first_parent) {
            (FileEvent::Created, Some(parent)) => {
                renamed_from(git, &parent, &added.commit.id, &path)?
                    .map(|(from, blob)| (from, blob, parent))
            }
            _ => None,
        };
        let Some((from, blob, parent)) = renamed_from else {
            steps.append(&mut stretch);
            break;
        };
        added.before = Some(blob);
        added.event = FileEvent::Renamed(from.clone());
        steps.append(&mut stretch);
        path = from;
        until = Some(parent);
    }
    Ok(steps)
}

/// The path the file at `path` in `commit` was renamed from, and the id of its
/// version there, if the commit renamed it.
fn renamed_from(
    git: &Git,
    parent: &str,
    commit: &str,
    path: &str,
) -> Result<Option<(String, String)>, GitError> {
    let diff = git.text([
        "diff-tree",
        "-r",
        "-M",
        "--no-abbrev",
        "--diff-filter=R",
        parent,
        commit,
    ])?;
    // ":mode mode old new R100\tfrom\tto"
    Ok(diff.lines().find_map(|line| {
        let mut parts = line.split('\t');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(head), Some(from), Some(to)) if to == path => {
                let old = head.split(' ').nth(2)?;
                Some((from.to_owned(), old.to_owned()))
            }
            _ => None,
        }
    }))
}

/// The entries of `history` that changed `field`, each with that change alone.
pub fn field_history(history: &[HistoryEntry], field: Field) -> Vec<HistoryEntry> {
    history
        .iter()
        .filter_map(|entry| {
            let change = entry.change_of(field)?.clone();
            Some(HistoryEntry {
                changes: vec![change],
                ..entry.clone()
            })
        })
        .collect()
}

/// `file`'s path from the top of the work tree, with `/` between its parts.
fn relative_to_top(git: &Git, file: &Path) -> Result<String, GitError> {
    // The file may be gone (a deleted record): resolve its folder instead.
    let folder = file.parent().unwrap_or(file);
    let folder = std::fs::canonicalize(folder)?;
    let top = std::fs::canonicalize(git.top())?;
    let inside = folder
        .strip_prefix(&top)
        .map_err(|_| GitError::NotAWorkTree(file.to_owned()))?;
    let mut parts: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.push(
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    Ok(parts.join("/"))
}

/// A commit of the log, with the object names of the file's versions.
struct Step {
    commit: Commit,
    /// The ids of its parents.
    parents: Vec<String>,
    path: String,
    event: FileEvent,
    /// `commit:path`, unless the commit deleted the file.
    after: Option<String>,
    /// `commit^:old path`, unless the commit created the file.
    before: Option<String>,
}

/// Reads `git log --name-status` in the format of [`record_history`], following
/// the file's path back from `path` through its renames.
fn parse_log(log: &str, path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for block in log.split('\u{1e}').filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        let Some((commit, parents)) = lines.next().and_then(parse_commit) else {
            continue;
        };
        // One raw line ":mode mode old new STATUS\tpath": the log is limited to the
        // one path. A merge has none: its versions are named by commit and path.
        let raw = lines.find_map(|l| l.strip_prefix(':'));
        let words: Vec<&str> = raw
            .and_then(|r| r.split('\t').next())
            .map(|head| head.split(' ').collect())
            .unwrap_or_default();
        let blob = |id: &str| (!id.bytes().all(|b| b == b'0')).then(|| id.to_owned());
        let step = match words.as_slice() {
            [_, _, old, new, status, ..] => Step {
                event: match status.chars().next() {
                    Some('A') => FileEvent::Created,
                    Some('D') => FileEvent::Deleted,
                    _ => FileEvent::Changed,
                },
                after: blob(new),
                before: blob(old),
                commit,
                parents,
                path: path.to_owned(),
            },
            _ => Step {
                event: FileEvent::Changed,
                after: Some(format!("{}:{path}", commit.id)),
                before: parents.first().map(|p| format!("{p}:{path}")),
                commit,
                parents,
                path: path.to_owned(),
            },
        };
        steps.push(step);
    }
    steps
}

/// The commit line of the log: id, short id, parents, author, email, date, subject.
fn parse_commit(line: &str) -> Option<(Commit, Vec<String>)> {
    let mut parts = line.trim_start_matches('\n').splitn(7, '\u{1f}');
    let (id, short, parents, author, email, when, subject) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next().unwrap_or(""),
    );
    let parents = parents.split_whitespace().map(str::to_owned).collect();
    let commit = Commit {
        id: id.to_owned(),
        short: short.to_owned(),
        author: author.to_owned(),
        email: email.to_owned(),
        when: DateTime::parse_from_rfc3339(when).ok()?,
        subject: subject.to_owned(),
    };
    Some((commit, parents))
}

/// Splits the answer of `git cat-file --batch` into the objects asked for, in
/// order; `None` for one that does not exist.
fn split_batch(mut out: &[u8]) -> Vec<Option<Vec<u8>>> {
    let mut objects = Vec::new();
    while let Some(end) = out.iter().position(|&b| b == b'\n') {
        let header = String::from_utf8_lossy(out.get(..end).unwrap_or_default()).into_owned();
        out = out.get(end + 1..).unwrap_or_default();
        // "<oid> <type> <size>", or "<name> missing" (or "ambiguous").
        let size = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|_| header.split(' ').count() == 3);
        match size {
            Some(size) => {
                objects.push(out.get(..size).map(<[u8]>::to_vec));
                // The object, then a line feed.
                out = out.get(size + 1..).unwrap_or_default();
            }
            None => objects.push(None),
        }
    }
    objects
}

/// A history entry from the two versions of the file around a commit.
fn entry(
    commit: Commit,
    path: String,
    event: FileEvent,
    before: Option<Result<Record, String>>,
    after: Option<Result<Record, String>>,
) -> HistoryEntry {
    let (event, changes) = match (before, after) {
        (_, Some(Err(why))) | (Some(Err(why)), _) => (FileEvent::Unreadable(why), Vec::new()),
        (Some(Ok(b)), Some(Ok(a))) => (event, changes(Some(&b), &a)),
        (None, Some(Ok(a))) => (event, changes(None, &a)),
        (Some(Ok(b)), None) => (
            event,
            Field::ALL
                .iter()
                .filter(|f| !is_empty(&f.get(&b)))
                .map(|&field| FieldChange {
                    field,
                    before: field.get(&b),
                    after: empty_like(&field.get(&b)),
                })
                .collect(),
        ),
        (None, None) => (event, Vec::new()),
    };
    HistoryEntry {
        commit: Some(commit),
        path,
        event,
        changes,
    }
}

/// A version of the file read as a record (`None`: there is none).
fn read_version(bytes: Option<Vec<u8>>) -> Option<Result<Record, String>> {
    let bytes = bytes?;
    Some(record_from_ron(&String::from_utf8_lossy(&bytes)).map_err(|e| e.to_string()))
}

/// The fields that differ from `before` (from nothing: every field set) to `after`.
fn changes(before: Option<&Record>, after: &Record) -> Vec<FieldChange> {
    Field::ALL
        .iter()
        .filter_map(|&field| {
            let new = field.get(after);
            let old = match before {
                Some(b) => field.get(b),
                None => empty_like(&new),
            };
            (old != new).then_some(FieldChange {
                field,
                before: old,
                after: new,
            })
        })
        .collect()
}

/// The changes on disk since the last commit, if the file differs from `committed`
/// (its version in the newest commit).
fn uncommitted(file: &Path, path: &str, committed: Option<&Record>) -> Option<HistoryEntry> {
    let text = std::fs::read_to_string(file).ok()?;
    let now = record_from_ron(&text).ok()?;
    let changes = changes(committed, &now);
    (!changes.is_empty()).then(|| HistoryEntry {
        commit: None,
        path: path.to_owned(),
        event: if committed.is_some() {
            FileEvent::Changed
        } else {
            FileEvent::Created
        },
        changes,
    })
}

/// Whether a value is that of a field never set.
fn is_empty(value: &FieldValue) -> bool {
    *value == empty_like(value)
}

/// The empty value of the kind of `value`.
fn empty_like(value: &FieldValue) -> FieldValue {
    match value {
        FieldValue::Text(_) => FieldValue::Text(String::new()),
        FieldValue::List(_) => FieldValue::List(Vec::new()),
        FieldValue::Date(_) => FieldValue::Date(None),
        FieldValue::Day(_) => FieldValue::Day(None),
        FieldValue::Related(_) => FieldValue::Related(Vec::new()),
        FieldValue::Credits(_) => FieldValue::Credits(Vec::new()),
        FieldValue::Texts(_) => FieldValue::Texts(Default::default()),
        FieldValue::Attachments(_) => FieldValue::Attachments(Vec::new()),
        FieldValue::Status(s) => FieldValue::Status(*s),
    }
}

/// `diff` with long runs of unchanged words cut to `context` characters on each
/// side of a change (a `…` marks the cut), to show a change in a long text.
pub fn around_changes(diff: &[WordChange], context: usize) -> Vec<WordChange> {
    let last = diff.len().saturating_sub(1);
    diff.iter()
        .enumerate()
        .map(|(i, piece)| match piece {
            WordChange::Same(text) => {
                let chars: Vec<char> = text.chars().collect();
                let keep_start = if i == 0 { 0 } else { context };
                let keep_end = if i == last { 0 } else { context };
                if chars.len() <= keep_start + keep_end + 1 {
                    return piece.clone();
                }
                let head: String = chars.iter().take(keep_start).collect();
                let tail: String = chars.iter().skip(chars.len() - keep_end).collect();
                WordChange::Same(format!("{head}…{tail}"))
            }
            other => other.clone(),
        })
        .collect()
}
