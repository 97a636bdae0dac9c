//! `cargo xtask <task>`: the project's multi-step jobs, as mdBook and rust-analyzer
//! keep them. Every task installs what it needs first (see `setup`).

mod dist;
mod harden;
mod minify;
mod one_file;
mod run;
mod setup;
mod split;
mod test_all;
mod tidy;

use std::process::ExitCode;

// Shared with the end-to-end tests through the library (`src/lib.rs`).
use xtask::offline;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  setup              install what is missing (wasm target, Chromium, Trunk, wasm-bindgen,
                     wasm-split-cli, wasm-opt)
  dist [--base P] [--content DIR]
                     build the bundle from DIR (default content/) and the release app (split
                     into chunks loaded on first use) into dist/, served under P (default:
                     base_path from the site's settings)
  one-file [--out F] dist for the root path, then pack the whole site (app and bundle) into
                     one .html that opens from disk (default dist-one-file/duet.html)
  serve [--port N] [--content DIR]
                     dist, then serve dist/ on http://127.0.0.1:N/ (default 8080) and watch
                     DIR: each change rebuilds the bundle and reloads open pages
  tidy               the house rules: `//!` headers, no inner_html or style attributes in
                     the app, unwrap/expect denied there, folder sizes, no import cycles
  test-all           every check: fmt, clippy (native + wasm), native tests, release build,
                     component tests and end-to-end tests in headless Chromium";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("dist") => dist::run(option(&args, "--base").as_deref(), &content(&args)),
        Some("one-file") => one_file::run(
            &option(&args, "--out")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(one_file::default_output),
        ),
        Some("serve") => dist::serve(
            &option(&args, "--port").unwrap_or_else(|| "8080".into()),
            &content(&args),
        ),
        Some("tidy") => tidy::run(),
        // Reports its own error, so that its last line is the test summary.
        Some("test-all") => return test_all::run(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The value after `name` in the arguments, if any.
fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|index| args.get(index + 1).cloned())
}

/// The content folder to build: `--content DIR`, else `content/`.
fn content(args: &[String]) -> String {
    option(args, "--content").unwrap_or_else(|| "content".into())
}
