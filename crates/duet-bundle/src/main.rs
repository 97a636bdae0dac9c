//! Command-line entry point: parse flags, call [`duet_bundle::run`], map the result to
//! an exit status (0 success, 1 content errors, 2 usage errors).

use std::process::ExitCode;

use clap::Parser;
use duet_bundle::{cli::Cli, Outcome, UsageError};

fn main() -> ExitCode {
    // Clap itself exits with status 2 on bad flags, matching our usage-error status.
    let cli = Cli::parse();
    match duet_bundle::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::ContentErrors) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error:#}");
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
