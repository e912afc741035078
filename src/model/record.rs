//! The archival record and its parts.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use super::{ArchivalDate, RecordId, Texts};

/// Workflow state of a record.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being entered or corrected.
    #[default]
    Draft,
    /// Checked by a second cataloguer.
    Reviewed,
    /// Ready to be shown to researchers.
    Published,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 3] = [Status::Draft, Status::Reviewed, Status::Published];

    /// The canonical name (`draft`, `reviewed`, `published`).
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Reviewed => "reviewed",
            Status::Published => "published",
        }
    }

    /// Parses a canonical name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What a person did for the record (from the source's credit sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CreditRole {
    /// Obtained the document from the archive.
    Obtained,
    /// Contributed the document to the collection.
    Contributed,
    /// Transcribed the original.
    Transcribed,
    /// Translated it.
    Translated,
    /// Edited the translation or transcription.
    Edited,
}

impl CreditRole {
    /// Every role.
    pub const ALL: [CreditRole; 5] = [
        CreditRole::Obtained,
        CreditRole::Contributed,
        CreditRole::Transcribed,
        CreditRole::Translated,
        CreditRole::Edited,
    ];

    /// The canonical name (`obtained`, `translated`, ...).
    pub fn name(self) -> &'static str {
        match self {
            CreditRole::Obtained => "obtained",
            CreditRole::Contributed => "contributed",
            CreditRole::Transcribed => "transcribed",
            CreditRole::Translated => "translated",
            CreditRole::Edited => "edited",
        }
    }

    /// The role as the word a credit sentence starts with (`Obtained by …`).
    pub fn sentence_word(self) -> &'static str {
        match self {
            CreditRole::Obtained => "Obtained",
            CreditRole::Contributed => "Contributed",
            CreditRole::Transcribed => "Transcribed",
            CreditRole::Translated => "Translated",
            CreditRole::Edited => "Edited",
        }
    }
}

/// One credited person and what they did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// What they did.
    pub role: CreditRole,
    /// Their name as printed.
    pub name: String,
}

/// The kind of a document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextKind {
    /// A translation of the original.
    Translation,
    /// A transcription in the original language.
    Transcription,
    /// The original text (born-digital or typed in).
    Original,
}

impl TextKind {
    /// Every kind.
    pub const ALL: [TextKind; 3] = [
        TextKind::Translation,
        TextKind::Transcription,
        TextKind::Original,
    ];

    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            TextKind::Translation => "translation",
            TextKind::Transcription => "transcription",
            TextKind::Original => "original",
        }
    }
}

/// One text of a document: its translation, transcription or original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Translation, transcription or original.
    pub kind: TextKind,
    /// The language the text is written in (`English`).
    pub language: String,
    /// The text; paragraphs are separated by a blank line, so one paragraph is one
    /// line of the record file.
    pub body: String,
}

/// A file under the catalog's `attachments/` folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Path relative to `attachments/`, with `/` separators.
    pub path: String,
    /// What the file is (`Scan, page 1`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// An archival record: one document of the collection.
///
/// Field order here is the order in the record file; empty optional fields are
/// omitted from the file, so the file only shows what the record says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(
    clippy::manual_non_exhaustive,
    reason = "the private field reads format 1's stamp; records are made with Record::new"
)]
pub struct Record {
    /// Catalog-local id; also the file name.
    pub id: RecordId,
    /// Title (required).
    pub title: String,
    /// Normalized date (EDTF).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub date: Option<ArchivalDate>,
    /// The date as printed by the source, verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date_display: String,
    /// Report, Telegram, Letter, Memorandum of Conversation, ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc_type: String,
    /// Short description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// People and organizations it concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// Places it concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// Subject headings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// Collections or themes of the catalog.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Language(s) of the original document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// The archival citation verbatim, credit sentence included.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Who obtained, contributed, transcribed, translated or edited it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Credit>,
    /// Holding archives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub original_archives: Vec<String>,
    /// Original security classification.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub classification: String,
    /// Who supported the digitization or translation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funders: Vec<String>,
    /// Rights statement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rights: String,
    /// The source archive's own record number.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub external_id: String,
    /// When the source published it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub uploaded: Option<NaiveDate>,
    /// Where the record lives online.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// Related records of this catalog.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RecordId>,
    /// The document's texts; the first is shown by default.
    #[serde(default, skip_serializing_if = "Texts::is_empty")]
    pub texts: Texts,
    /// Scans and other files under `attachments/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// The cataloguer's internal notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Workflow state.
    #[serde(default)]
    pub status: Status,
    /// When the record was created (kept by the app).
    #[serde(deserialize_with = "time_field::created")]
    pub created: DateTime<Utc>,
    /// Format 1's `modified` stamp, read and dropped. Format 2 keeps no "last
    /// changed" time in the file (it made every one-word fix a two-line diff, and any
    /// two edits of a record conflict in git): git says when a record changed, or the
    /// file's modification time outside git.
    #[serde(
        default,
        rename = "modified",
        skip_serializing,
        deserialize_with = "time_field::format_1_stamp"
    )]
    format_1_modified: (),
}

impl Record {
    /// An empty draft record with the given id and title, created now.
    pub fn new(id: RecordId, title: impl Into<String>) -> Self {
        let now = now();
        Self {
            id,
            title: title.into(),
            date: None,
            date_display: String::new(),
            doc_type: String::new(),
            summary: String::new(),
            authors: Vec::new(),
            people: Vec::new(),
            places: Vec::new(),
            subjects: Vec::new(),
            topics: Vec::new(),
            languages: Vec::new(),
            source: String::new(),
            credits: Vec::new(),
            original_archives: Vec::new(),
            classification: String::new(),
            funders: Vec::new(),
            rights: String::new(),
            external_id: String::new(),
            uploaded: None,
            urls: Vec::new(),
            related: Vec::new(),
            texts: Texts::default(),
            attachments: Vec::new(),
            notes: String::new(),
            status: Status::Draft,
            created: now,
            format_1_modified: (),
        }
    }

    /// A stamp of everything the record holds (16 hexadecimal digits): the same
    /// content always gives the same stamp, and a change gives another. Exports meant
    /// to be imported again carry it, so that an import can tell a record changed in
    /// the catalog since (see `import::plan_json`).
    pub fn content_stamp(&self) -> String {
        // Records hold only strings, lists and plain structs: serializing cannot fail.
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        format!("{:016x}", fnv1a(&bytes))
    }

    /// The record with its texts in memory: itself when they are, else a copy with
    /// them read from their store (nothing is kept in the record itself). For work
    /// that reads every text and must not take unreadable texts for none (exports).
    pub fn with_texts_read(&self) -> Result<std::borrow::Cow<'_, Record>, super::TextsError> {
        if self.texts.in_memory() {
            return Ok(std::borrow::Cow::Borrowed(self));
        }
        let mut copy = self.clone();
        copy.texts = self.texts.to_vec()?.into();
        Ok(std::borrow::Cow::Owned(copy))
    }

    /// The date in words, or an empty string when the record has none.
    pub fn date_words(&self) -> String {
        self.date
            .as_ref()
            .map(ArchivalDate::words)
            .unwrap_or_default()
    }
}

/// FNV-1a: a hash whose value never changes between Rust versions (unlike std's),
/// for stamps kept in files.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The current time, to the second: record files carry no sub-second noise.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

/// Reads the record's times, naming the field and the value a bad one holds (the
/// time parser alone says only "input contains invalid characters").
mod time_field {
    use chrono::{DateTime, FixedOffset, Utc};
    use serde::de::Error;
    use serde::{Deserialize, Deserializer};

    pub fn created<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        named(d, "created")
    }

    /// Format 1's `modified`: checked as a time (a damaged stamp is named, as it was
    /// then), and dropped.
    pub fn format_1_stamp<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        named(d, "modified").map(|_| ())
    }

    fn named<'de, D: Deserializer<'de>>(d: D, field: &str) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<DateTime<FixedOffset>>()
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                D::Error::custom(format!(
                    "{field}: \"{text}\" is not a time such as 2026-11-27T20:25:57Z ({e})"
                ))
            })
    }
}

/// Serializes `Some(v)` as plain `v` (not RON's `Some(v)`); `None` is skipped by the
/// field's `skip_serializing_if`, and a missing field reads as `None`.
mod plain_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => v.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }
}
