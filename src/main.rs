//! The `folio` command: the catalog's command line (and, later, the desktop app).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(cli::Exit::Clean) => ExitCode::SUCCESS,
        Ok(cli::Exit::Problems) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
