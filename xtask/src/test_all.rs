//! Every check the project has, in one command: what passes here passes in CI.

use anyhow::Result;

use crate::run::{command, step};

/// fmt, clippy for both targets, native tests, the release build, component tests
/// and end-to-end tests.
pub fn run() -> Result<()> {
    crate::setup::run()?;
    step(
        "cargo fmt --check",
        command("cargo", &["fmt", "--all", "--", "--check"]),
    )?;
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
    step(
        "native tests (core, bundler, server, app logic)",
        command("cargo", &["test", "--workspace", "--exclude", "duet-e2e"]),
    )?;
    crate::dist::build(Some("/"))?;
    // The end-to-end tests open the one-file edition from disk too.
    crate::one_file::pack(
        &crate::run::root().join("dist"),
        &crate::one_file::default_output(),
    )?;
    let mut component_tests = command(
        "cargo",
        &["test", "-p", "duet", "--target", "wasm32-unknown-unknown"],
    );
    component_tests.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    step("component tests in headless Chromium", component_tests)?;
    step(
        "end-to-end tests against dist/ in headless Chromium",
        command(
            "cargo",
            &["test", "-p", "duet-e2e", "--", "--test-threads=1"],
        ),
    )?;
    eprintln!("\nAll checks passed.");
    Ok(())
}
