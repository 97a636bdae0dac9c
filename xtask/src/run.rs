//! Running commands with the project's tool path, and reporting each step.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The workspace root (the parent of this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// `PATH` with the npm tools (`node_modules/.bin`) and cargo's bin folder first, so
/// Trunk finds the wasm-opt and wasm-bindgen that setup installed.
pub fn tool_path() -> String {
    let mut parts = vec![root().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("HOME") {
        parts.push(PathBuf::from(home).join(".cargo/bin"));
    }
    let existing = std::env::var_os("PATH").unwrap_or_default();
    parts.extend(std::env::split_paths(&existing));
    std::env::join_paths(parts)
        .expect("PATH entries contain no separator")
        .to_string_lossy()
        .into_owned()
}

/// A command run from the workspace root with [`tool_path`].
pub fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(root())
        .env("PATH", tool_path());
    command
}

/// Prints a step header, runs the command and fails with its name if it fails.
pub fn step(title: &str, mut command: Command) -> Result<()> {
    eprintln!("\n==> {title}");
    let status = command
        .status()
        .with_context(|| format!("could not start: {title}"))?;
    if !status.success() {
        bail!("step failed ({status}): {title}");
    }
    Ok(())
}

/// Runs a command quietly and returns its standard output, or `None` if it could
/// not run or failed (used to ask tools for their version).
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let output = command(program, args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
