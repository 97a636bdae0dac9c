//! `duet-bundle`: turns a folder of bilingual Markdown articles into the Duet bundle
//! (`catalog.json` + `articles/<slug>.json.gz` + `glossary/<slug>.json.gz` + `media/`
//! + the search index), the contract of `duet-core`.
//!
//! The pipeline: discover files → split front matter → Markdown to blocks → align
//! the languages → Chinese words, glossary and difficulty → related reads → search
//! index → write atomically. Content problems are collected as diagnostics across
//! the whole run, never stopping at the first.

use std::path::PathBuf;

// The four stages, in the order a build runs them; `pipeline` is the spine that
// calls them. See ARCHITECTURE.md.
pub mod assemble;
pub mod input;
pub mod markdown;
pub mod output;

pub mod cache;
pub mod cli;
pub mod commands;
pub mod corpus;
pub mod diagnostics;
pub mod incremental;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod watch;

// Every module keeps its short path (`crate::front_matter`, `duet_bundle::document`)
// so that code inside and outside the crate does not depend on the stage layout.
pub use assemble::{align, article, glossary, reading_time, related};
pub use input::{
    dates, discover, front_matter, front_value, key_lines, lang_code, mdbook, site, site_config,
    slug, source, tags, toml_input,
};
pub use markdown::{
    document, html, image_type, includes, inline, links, math, media, plain_text, script,
    sentences, shortcodes, summary,
};
pub use output::{bundle_file, search, write};

use cli::{Cli, Command};
use pipeline::RunOptions;

/// How a run that did not fail outright ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; there may have been warnings.
    Success,
    /// The content has errors; they were printed and nothing was written.
    ContentErrors,
}

/// The command line asked for something that cannot be done (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("content folder {0} does not exist or is not a folder")]
    NoContentDir(PathBuf),
    #[error("refusing to write the bundle to {0}: it is, or contains, the content folder")]
    OutContainsContent(PathBuf),
    #[error("refusing to replace {0}: it is not empty and has no catalog.json, so it is not a Duet bundle; choose another --out")]
    NotABundle(PathBuf),
    #[error("refusing to generate into {0}: it is not empty and not a corpus made by gen-corpus; choose another --out")]
    NotACorpus(PathBuf),
}

/// Runs one command. `Err` is a usage error ([`UsageError`]) or an I/O failure.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build {
            source,
            out,
            watch: false,
        } => commands::run(&source, Some(&out), RunOptions::default(), false),
        Command::Build {
            source,
            out,
            watch: true,
        } => watch_and_print(&source, &out),
        Command::Check {
            source,
            strict,
            report,
        } => commands::run(&source, None, RunOptions { strict }, report),
        Command::GenCorpus { count, out, seed } => {
            corpus::generate(&out, count, seed)?;
            Ok(Outcome::Success)
        }
    }
}

/// `build --watch`: builds until stopped (Ctrl-C), saying after each build on stdout
/// whether the bundle was replaced ([`watch::BUILT_LINE`], [`watch::FAILED_LINE`]).
fn watch_and_print(source: &cli::Source, out: &std::path::Path) -> anyhow::Result<Outcome> {
    use std::io::Write;
    let stop = std::sync::atomic::AtomicBool::new(false);
    let settings = watch::Settings {
        debounce: watch::DEBOUNCE,
        stop: &stop,
    };
    watch::watch(source, out, RunOptions::default(), settings, |round| {
        if let watch::Round::Failed(Some(error)) = round {
            eprintln!("error: {error:#}");
        }
        let line = match round {
            watch::Round::Built => watch::BUILT_LINE,
            watch::Round::Failed(_) => watch::FAILED_LINE,
        };
        // Flushed at once: a program reading the pipe acts on each line.
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{line}");
        let _ = stdout.flush();
        std::ops::ControlFlow::Continue(())
    })?;
    Ok(Outcome::Success)
}
