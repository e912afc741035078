//! Search: the tokenizer, the query language, the in-memory inverted index with its
//! facets and sort orders.

mod facet;
pub mod index;
pub mod live;
pub mod query;
pub mod snippet;
pub mod tokenize;

pub use facet::{Facet, SortColumn};
pub use index::{Index, SearchOutcome, SearchRequest};
pub use live::LiveIndex;
pub use query::{ParseError, Query, SearchField};
