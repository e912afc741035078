//! The record model: records and their parts, ids, archival dates, fields, validation.

pub mod date;
mod field;
mod id;
pub mod reading;
mod record;
mod texts;
pub mod validate;

pub use date::{ArchivalDate, DateError, DayRange, season_name};
pub use field::{Field, FieldError, FieldValue, ListChange};
pub use id::{IdError, MAX_ID_LEN, RecordId};
pub(crate) use record::fnv1a;
pub use record::{Attachment, Credit, CreditRole, Record, Status, Text, TextKind, now};
pub use texts::{StoredTexts, Texts, TextsError};
pub use validate::{Problem, Severity, admit_record, validate_record};
