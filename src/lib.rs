//! Folio: a cataloguing application for archivists.
//!
//! The library holds everything but the window: the record model ([`model`]), the
//! catalog in memory and on disk ([`store`]), importers ([`import`]) and exporters
//! ([`export`]). The `folio` binary is a thin command line over it.

pub mod export;
pub mod import;
pub mod model;
pub mod store;
pub mod synth;
