//! The command-line interface, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Builds the Duet bundle from a folder of bilingual Markdown articles.
#[derive(Debug, Parser)]
#[command(name = "duet-bundle", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and validate CONTENT_DIR and write the bundle to OUT_DIR.
    Build {
        /// Folder with site.toml and the articles, or a Zola/Hugo site root (a
        /// config file beside content/).
        #[arg(value_name = "CONTENT_DIR")]
        content_dir: PathBuf,
        /// Bundle folder to (re)place; it is swapped in only when the build succeeds.
        #[arg(long, value_name = "OUT_DIR")]
        out: PathBuf,
    },
    /// Parse and validate CONTENT_DIR, print diagnostics, write nothing.
    Check {
        /// Folder with site.toml and the articles, or a Zola/Hugo site root.
        #[arg(value_name = "CONTENT_DIR")]
        content_dir: PathBuf,
        /// Also list every front matter key Duet ignores, as warnings.
        #[arg(long)]
        strict: bool,
        /// Print a compatibility report: layouts, refusals, warnings by kind, text
        /// kept and sentence alignment.
        #[arg(long)]
        report: bool,
    },
    /// Generate a large synthetic bilingual corpus for scale tests and benchmarks.
    GenCorpus {
        /// Number of articles.
        #[arg(value_name = "N")]
        count: usize,
        /// Content folder to create (must be missing, empty, or an earlier generated corpus).
        #[arg(long, value_name = "CONTENT_DIR")]
        out: PathBuf,
        /// Seed of the generator: the same seed gives byte-identical files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}
