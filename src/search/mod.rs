//! Search: the tokenizer, the query language, the in-memory inverted index with its
//! facets and sort orders, and the scan that answers the same queries while the
//! index is being built.

mod facet;
pub mod fields;
pub mod index;
pub mod live;
pub mod query;
pub mod scan;
pub mod snippet;
pub mod tokenize;

pub use facet::{Facet, SortColumn, UNDATED};
pub use index::{Index, SearchOutcome, SearchRequest};
pub use live::LiveIndex;
pub use query::{ParseError, Query, SearchField};
pub use scan::{ScanQuery, Scanner};
