//! Folio's integration tests, one binary (the ripgrep and cargo layout): each module
//! one area, `support` what they share. The app's flows need the `gui` feature.
//!
//! `cargo test --test it crash::` runs one area; `FOLIO_KILLS`, `FOLIO_FUZZ_SECONDS`
//! and `UPDATE_GOLDEN` are described in their modules.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod assets;
mod attachments;
mod bulk;
mod cli;
mod consumers;
#[cfg(unix)]
mod crash;
mod csv_import;
mod exits;
mod export;
mod external;
mod fuzz;
mod history;
mod hostile;
mod import_fixtures;
mod imports;
mod properties;
mod saved_index;
mod servers;
mod session;
mod sharing;
mod store;
mod support;
#[cfg(feature = "gui")]
mod ui_bulk;
#[cfg(feature = "gui")]
mod ui_chooser;
#[cfg(feature = "gui")]
mod ui_drafts;
#[cfg(feature = "gui")]
mod ui_flows;
#[cfg(feature = "gui")]
mod ui_keyboard;
#[cfg(feature = "gui")]
mod ui_list;
#[cfg(feature = "gui")]
mod ui_reading;
#[cfg(feature = "gui")]
mod ui_scans;
#[cfg(feature = "gui")]
mod ui_sync;
#[cfg(feature = "gui")]
mod ui_vcs;
mod vcs;
mod writers;
