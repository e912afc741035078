//! Folio: a cataloguing application for archivists.
//!
//! The library holds everything but the window: the record model ([`model`]), the
//! catalog in memory and on disk ([`store`]), search ([`search`]), importers
//! ([`import`]) and exporters ([`export`]), and the open catalog as a person works on
//! it ([`session`]), which the app and the command line both drive. The `folio` binary is a thin command line over it, and opens the
//! desktop app (module `ui`, feature `gui`) when run without a subcommand.
//!
//! ```
//! use folio::model::ArchivalDate;
//!
//! let date = ArchivalDate::parse("1966-12-19/1966-12-24").unwrap();
//! assert_eq!(date.words(), "19–24 December 1966");
//! assert!(ArchivalDate::parse("1963-02-30").is_err());
//! ```

pub mod background;
pub mod bulk;
pub mod export;
pub mod import;
pub mod model;
pub mod scan;
pub mod search;
pub mod session;
pub mod store;
pub mod synth;
#[cfg(feature = "gui")]
pub mod ui;
pub mod vcs;
pub mod words;
