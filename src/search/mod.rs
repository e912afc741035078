//! Search: the tokenizer, the query language, the in-memory inverted index with its
//! facets and sort orders, and the scan that answers the same queries while the
//! index is being built.

mod docs;
mod facet;
pub mod fields;
pub mod folder_index;
mod hits;
pub mod index;
pub mod live;
pub mod persist;
mod postings;
pub mod query;
pub mod scan;
pub mod snippet;
mod terms;
pub mod tokenize;

pub use docs::Listing;
pub use facet::{Facet, SortColumn, UNDATED};
pub use hits::{Hits, IdColumn};
pub use index::{Index, IndexBuilder, SearchOutcome, SearchRequest};
pub use live::{LiveIndex, Origin};
pub use query::{ParseError, Query, SearchField};
pub use scan::{ScanQuery, Scanner};
