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
        #[command(flatten)]
        source: Source,
        /// Bundle folder to (re)place; it is swapped in only when the build succeeds.
        #[arg(long, value_name = "OUT_DIR")]
        out: PathBuf,
        /// After building, keep watching the content folder(s) (articles, images,
        /// included files, site settings) and build again after each change, until
        /// stopped with Ctrl-C. A failed build leaves the last good bundle in place.
        #[arg(long)]
        watch: bool,
    },
    /// Parse and validate CONTENT_DIR, print diagnostics, write nothing.
    Check {
        #[command(flatten)]
        source: Source,
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

/// What to read: a folder, or an mdBook per language.
#[derive(Debug, clap::Args)]
pub struct Source {
    /// Folder with site.toml and the articles, a Zola/Hugo site root (a config file
    /// beside content/), or an mdBook (book.toml beside src/).
    #[arg(value_name = "CONTENT_DIR", required_unless_present_any = ["en", "zh"], conflicts_with_all = ["en", "zh"])]
    pub content_dir: Option<PathBuf>,
    /// The English mdBook of a translated book (with --zh).
    #[arg(long, value_name = "BOOK_DIR")]
    pub en: Option<PathBuf>,
    /// The Chinese mdBook of a translated book (with --en).
    #[arg(long, value_name = "BOOK_DIR")]
    pub zh: Option<PathBuf>,
}
