//! Every check the project has, in one command: what passes here passes in CI.

use std::process::ExitCode;

use anyhow::Result;

use crate::run::{command, step, test_step, Tally};

/// fmt, tidy, clippy for both targets, native tests, the release build, component
/// tests and end-to-end tests. Ends with one line summing every test suite run, also
/// when a step failed.
pub fn run() -> ExitCode {
    let mut tally = Tally::default();
    let result = checks(&mut tally);
    match &result {
        Ok(()) => eprintln!("\nAll checks passed."),
        Err(error) => eprintln!("\nxtask: error: {error:#}"),
    }
    eprintln!("{tally}");
    if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn checks(tally: &mut Tally) -> Result<()> {
    crate::setup::run()?;
    step(
        "cargo fmt --check",
        command("cargo", &["fmt", "--all", "--", "--check"]),
    )?;
    eprintln!("\n==> cargo xtask tidy");
    crate::tidy::run()?;
    step(
        "cargo clippy (native)",
        command(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    )?;
    step(
        "cargo clippy (wasm32)",
        command(
            "cargo",
            &[
                "clippy",
                "-p",
                "duet",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    )?;
    test_step(
        "native tests (core, bundler, server, app logic)",
        command("cargo", &["test", "--workspace", "--exclude", "duet-e2e"]),
        tally,
    )?;
    crate::dist::build(
        Some("/"),
        crate::dist::App::Split,
        &crate::run::root().join("dist"),
    )?;
    // The end-to-end tests open the one-file edition from disk too.
    crate::one_file::build_and_pack(&crate::one_file::default_output())?;
    let mut component_tests = command(
        "cargo",
        &["test", "-p", "duet", "--target", "wasm32-unknown-unknown"],
    );
    component_tests.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    test_step(
        "component tests in headless Chromium",
        component_tests,
        tally,
    )?;
    test_step(
        "end-to-end tests against dist/ in headless Chromium",
        command(
            "cargo",
            &["test", "-p", "duet-e2e", "--", "--test-threads=1"],
        ),
        tally,
    )
}
