//! A record's texts, held in memory or left where they are stored.
//!
//! The texts are most of a record (about 4 KB of a 6 KB record file), and most of
//! what a catalog holds is needed only for the record shown and for indexing. A
//! record read from the records cache leaves its texts in the cache file and reads
//! them when they are wanted: a million records open in a fraction of the memory.
//!
//! Nothing can lose texts left away. Reading them is fallible, and a failure is
//! never taken for "no texts" where it would be written: saving such a record, or
//! changing its texts, fails with the reason (see [`Texts::make_mut`] and the
//! `Serialize` implementation), and the record file on disk is left as it is.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Text;

/// Why texts left in their store could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the texts of this record could not be read from {place}: {reason}")]
pub struct TextsError {
    /// Where they were to be read from (a file).
    pub place: String,
    /// What went wrong.
    pub reason: String,
}

/// Where texts left out of memory are read from.
pub trait StoredTexts: Send + Sync {
    /// Reads the texts.
    fn load(&self) -> Result<Vec<Text>, TextsError>;
    /// How many texts there are (known without reading them).
    fn count(&self) -> usize;
    /// Whether every text is blank (known without reading them).
    fn all_blank(&self) -> bool;
}

/// The texts of a record: a list of [`Text`], read as a slice (`&record.texts[0]`,
/// `record.texts.iter()`).
///
/// Reading them as a slice keeps texts read from their store for as long as the
/// record is kept (the record shown, say). Passes over every record read them with
/// [`Texts::peek`], which keeps nothing.
#[derive(Clone, Default)]
pub struct Texts(Repr);

#[derive(Clone)]
enum Repr {
    Here(Vec<Text>),
    // Shared, so that the copies of a record (the catalog's, the index's snapshot, an
    // editor's) read the store once between them.
    Away(Arc<Away>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Here(Vec::new())
    }
}

struct Away {
    store: Box<dyn StoredTexts>,
    read: OnceLock<Result<Vec<Text>, TextsError>>,
}

impl Away {
    fn read(&self) -> Result<&[Text], &TextsError> {
        self.read
            .get_or_init(|| self.store.load())
            .as_ref()
            .map(Vec::as_slice)
    }
}

static NO_TEXTS: [Text; 0] = [];

impl Texts {
    /// Texts left in `store`, read when first wanted.
    pub fn stored(store: impl StoredTexts + 'static) -> Texts {
        Texts(Repr::Away(Arc::new(Away {
            store: Box::new(store),
            read: OnceLock::new(),
        })))
    }

    /// How many texts there are, without reading texts left in their store.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Here(texts) => texts.len(),
            Repr::Away(away) => away.store.count(),
        }
    }

    /// Whether there is no text, without reading texts left in their store.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every text is blank (or there is none), without reading texts left
    /// in their store.
    pub fn all_blank(&self) -> bool {
        match &self.0 {
            Repr::Here(texts) => texts.iter().all(|t| t.body.trim().is_empty()),
            Repr::Away(away) => away.store.all_blank(),
        }
    }

    /// Whether the texts are in memory (kept since they were read, or never away).
    pub fn in_memory(&self) -> bool {
        match &self.0 {
            Repr::Here(_) => true,
            Repr::Away(away) => away.read.get().is_some_and(Result::is_ok),
        }
    }

    /// The texts, read from their store if need be and kept.
    pub fn read(&self) -> Result<&[Text], TextsError> {
        match &self.0 {
            Repr::Here(texts) => Ok(texts),
            Repr::Away(away) => away.read().map_err(Clone::clone),
        }
    }

    /// The texts without keeping them: read from their store for this call alone,
    /// unless they are already in memory. For passes over every record (indexing,
    /// scanning, exports), which would otherwise bring every text into memory.
    pub fn load(&self) -> Result<Cow<'_, [Text]>, TextsError> {
        match &self.0 {
            Repr::Here(texts) => Ok(Cow::Borrowed(texts)),
            Repr::Away(away) => match away.read.get() {
                Some(Ok(texts)) => Ok(Cow::Borrowed(texts)),
                Some(Err(e)) => Err(e.clone()),
                None => away.store.load().map(Cow::Owned),
            },
        }
    }

    /// Calls `f` with the texts as [`Texts::load`] reads them; texts that cannot be
    /// read are passed as none (for searching; never for writing).
    pub fn peek<R>(&self, f: impl FnOnce(&[Text]) -> R) -> R {
        match self.load() {
            Ok(texts) => f(&texts),
            Err(_) => f(&[]),
        }
    }

    /// The texts to change, read into memory first. Fails, changing nothing, when
    /// they cannot be read: the record's texts are then never replaced by none.
    pub fn make_mut(&mut self) -> Result<&mut Vec<Text>, TextsError> {
        if let Repr::Away(_) = &self.0 {
            // Read for this copy alone: the other copies of the record keep theirs
            // where they are.
            let texts = self.load()?.into_owned();
            self.0 = Repr::Here(texts);
        }
        match &mut self.0 {
            Repr::Here(texts) => Ok(texts),
            // Made `Here` just above.
            Repr::Away(_) => Err(TextsError {
                place: "memory".into(),
                reason: "the texts were not read".into(),
            }),
        }
    }

    /// The texts as a list of their own, read from their store if need be.
    pub fn to_vec(&self) -> Result<Vec<Text>, TextsError> {
        self.load().map(Cow::into_owned)
    }
}

/// The texts as a slice. Texts that cannot be read from their store read as none
/// here; [`Texts::get`] says why, and saving the record fails rather than write none.
impl std::ops::Deref for Texts {
    type Target = [Text];

    fn deref(&self) -> &[Text] {
        match &self.0 {
            Repr::Here(texts) => texts,
            Repr::Away(away) => away.read().unwrap_or(&NO_TEXTS),
        }
    }
}

impl From<Vec<Text>> for Texts {
    fn from(texts: Vec<Text>) -> Texts {
        Texts(Repr::Here(texts))
    }
}

impl<'a> IntoIterator for &'a Texts {
    type Item = &'a Text;
    type IntoIter = std::slice::Iter<'a, Text>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Equal when they hold the same texts. Texts that cannot be read are equal only to
/// themselves: a record whose texts are unreadable never passes for unchanged.
impl PartialEq for Texts {
    fn eq(&self, other: &Texts) -> bool {
        if let (Repr::Away(a), Repr::Away(b)) = (&self.0, &other.0)
            && Arc::ptr_eq(a, b)
        {
            return true;
        }
        match (self.load(), other.load()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Texts {}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.load() {
            Ok(texts) => f.debug_list().entries(texts.iter()).finish(),
            Err(e) => write!(f, "Texts({e})"),
        }
    }
}

/// Written as the list of texts. Texts that cannot be read fail the write, so that
/// a record file never loses its texts to a read error.
impl Serialize for Texts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.load() {
            Ok(texts) => texts.serialize(serializer),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Texts, D::Error> {
        Vec::<Text>::deserialize(deserializer).map(Texts::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TextKind;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn text(body: &str) -> Text {
        Text {
            kind: TextKind::Translation,
            language: "English".into(),
            body: body.into(),
        }
    }

    /// A store that counts its reads, and fails when told to.
    struct Counted {
        texts: Vec<Text>,
        reads: Arc<AtomicUsize>,
        fails: bool,
    }

    impl StoredTexts for Counted {
        fn load(&self) -> Result<Vec<Text>, TextsError> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            if self.fails {
                return Err(TextsError {
                    place: "a test store".into(),
                    reason: "damaged".into(),
                });
            }
            Ok(self.texts.clone())
        }
        fn count(&self) -> usize {
            self.texts.len()
        }
        fn all_blank(&self) -> bool {
            self.texts.iter().all(|t| t.body.trim().is_empty())
        }
    }

    fn stored(bodies: &[&str], fails: bool) -> (Texts, Arc<AtomicUsize>) {
        let reads = Arc::new(AtomicUsize::new(0));
        let texts = Texts::stored(Counted {
            texts: bodies.iter().map(|b| text(b)).collect(),
            reads: reads.clone(),
            fails,
        });
        (texts, reads)
    }

    #[test]
    fn stored_texts_are_counted_without_a_read_and_kept_once_read_as_a_slice() {
        let (texts, reads) = stored(&["One.", "Two."], false);
        assert_eq!((texts.len(), texts.all_blank()), (2, false));
        assert_eq!(reads.load(Ordering::Relaxed), 0);
        assert!(!texts.in_memory());
        assert_eq!(texts.peek(|t| t[1].body.clone()), "Two.");
        assert_eq!(texts.load().unwrap()[0].body, "One.");
        assert_eq!(
            reads.load(Ordering::Relaxed),
            2,
            "peek and load keep nothing"
        );
        let copy = texts.clone();
        assert_eq!(texts[0].body, "One.");
        assert_eq!(copy.iter().count(), 2);
        assert_eq!(
            reads.load(Ordering::Relaxed),
            3,
            "read once for both copies"
        );
        assert!(copy.in_memory());
    }

    #[test]
    fn texts_that_cannot_be_read_are_never_written_or_replaced_by_none() {
        let (mut texts, _) = stored(&["Kept."], true);
        assert!(!texts.is_empty(), "counted all the same");
        assert!(texts.iter().next().is_none(), "read as none for searching");
        let error = ron::to_string(&texts).unwrap_err().to_string();
        assert!(error.contains("a test store: damaged"), "{error}");
        assert!(texts.make_mut().is_err());
        assert_ne!(texts, Texts::from(Vec::new()), "never equal to no texts");
        assert_eq!(texts, texts.clone(), "equal to itself");
    }

    #[test]
    fn stored_texts_are_written_and_compared_as_the_texts_they_hold() {
        let (texts, _) = stored(&["One.", "Two."], false);
        let here = Texts::from(vec![text("One."), text("Two.")]);
        assert_eq!(texts, here);
        assert_eq!(
            ron::to_string(&texts).unwrap(),
            ron::to_string(&here).unwrap()
        );
        let mut changed = texts.clone();
        changed.make_mut().unwrap()[1].body = "2.".into();
        assert_ne!(changed, texts);
        assert_eq!(texts[1].body, "Two.", "the other copy is unchanged");
    }
}
