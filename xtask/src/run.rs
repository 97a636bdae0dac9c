//! Running commands with the project's tool path, and reporting each step.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// Tests passed and failed, summed over every `cargo test` step of a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl Tally {
    /// Adds the counts of a libtest summary line (`test result: ok. 12 passed; 0
    /// failed; …`); any other line changes nothing.
    pub fn add_line(&mut self, line: &str) {
        let Some(counts) = line.trim_start().strip_prefix("test result:") else {
            return;
        };
        let count = |label: &str| {
            counts.split([';', '.']).find_map(|part| {
                let (number, name) = part.trim().split_once(' ')?;
                (name == label)
                    .then(|| number.parse::<u64>().ok())
                    .flatten()
            })
        };
        self.passed += count("passed").unwrap_or(0);
        self.failed += count("failed").unwrap_or(0);
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)
    }
}

/// [`step`] for a test command: its standard output still streams to ours, line by
/// line, and every summary line in it is counted into `tally`.
pub fn test_step(title: &str, command: Command, tally: &mut Tally) -> Result<()> {
    test_step_into(title, command, tally, &mut std::io::stdout())
}

/// [`test_step`] streaming into `out`.
fn test_step_into(
    title: &str,
    mut command: Command,
    tally: &mut Tally,
    out: &mut impl Write,
) -> Result<()> {
    eprintln!("\n==> {title}");
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start: {title}"))?;
    if let Some(output) = child.stdout.take() {
        let mut reader = BufReader::new(output);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line)? > 0 {
            out.write_all(&line)?;
            out.flush()?;
            tally.add_line(&String::from_utf8_lossy(&line));
            line.clear();
        }
    }
    let status = child.wait()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_of_every_suite_are_summed() {
        let mut tally = Tally::default();
        for line in [
            "running 3 tests",
            "test a ... ok",
            "test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s",
            "test result: FAILED. 10 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 1.5s",
            "   Doc-tests duet_core",
            "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "a line that says 5 passed; 5 failed but is no summary",
        ] {
            tally.add_line(line);
        }
        assert_eq!(
            tally,
            Tally {
                passed: 13,
                failed: 2
            }
        );
        assert_eq!(tally.to_string(), "13 passed, 2 failed");
    }

    #[test]
    fn a_test_step_streams_and_counts_its_output() {
        let mut tally = Tally::default();
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "echo 'test result: ok. 4 passed; 0 failed; 0 ignored'; echo 'test result: ok. 1 passed; 0 failed'",
        ]);
        // Streamed into a buffer, not this test's own output, where an outer
        // `cargo xtask test-all` would count these lines too.
        let mut out = Vec::new();
        test_step_into("two suites", command, &mut tally, &mut out).unwrap();
        assert_eq!(
            tally,
            Tally {
                passed: 5,
                failed: 0
            }
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "test result: ok. 4 passed; 0 failed; 0 ignored\ntest result: ok. 1 passed; 0 failed\n"
        );
        let mut failing = Command::new("sh");
        failing.args([
            "-c",
            "echo 'test result: FAILED. 0 passed; 1 failed'; exit 101",
        ]);
        assert!(test_step_into("failing", failing, &mut tally, &mut Vec::new()).is_err());
        assert_eq!(
            tally,
            Tally {
                passed: 5,
                failed: 1
            }
        );
    }
}
