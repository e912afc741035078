//! The `folio` command: the catalog's command line, and the desktop app when run
//! without a subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

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
