//! The `folio` command: the catalog's command line, and the desktop app when run
//! without a subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system's allocator: a search over a million records makes
/// and frees tens of megabytes of lists each time, which glibc hands back to the
/// system and takes again page by page (half the time of an answer); mimalloc keeps
/// them for the next search, and is faster with the millions of small strings a
/// catalog is read into.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(cli::Exit::Clean) => ExitCode::SUCCESS,
        Ok(cli::Exit::Problems) => ExitCode::from(1),
        // The reader went away (`folio validate DIR | head -1`): nothing more to say,
        // and no one to say it to.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
