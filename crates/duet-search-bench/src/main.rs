//! `cargo run -p duet-search-bench --release [-- --only duet|pagefind] [--rounds N]
//! [--work DIR]`: Duet's search against Pagefind on a generated bilingual corpus.
//! Prints one markdown table and writes it to `bench-out/search.md`. A benchmark,
//! not a test: it reports figures and never fails on one.

mod corpus;
mod duet_site;
mod figures;
mod labels;
mod measure;
mod pagefind_site;
mod queries;
mod report;
mod sizes;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::figures::Plan;
use crate::report::Report;

const USAGE: &str = "usage: cargo run -p duet-search-bench --release [-- OPTIONS]

options:
  --only duet|pagefind   measure one engine only
  --rounds N             timed rounds of the warm queries (default 10)
  --work DIR             keep the corpus, bundle and both sites in DIR (default: a temp folder)";

/// What the command line asks for.
struct Options {
    duet: bool,
    pagefind: bool,
    rounds: usize,
    work: Option<PathBuf>,
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1).collect()).and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("duet-search-bench: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse(args: Vec<String>) -> Result<Options> {
    let mut options = Options {
        duet: true,
        pagefind: true,
        rounds: 10,
        work: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .with_context(|| format!("{arg} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--only" => match value()?.as_str() {
                "duet" => options.pagefind = false,
                "pagefind" => options.duet = false,
                other => bail!("--only takes duet or pagefind, not {other:?}"),
            },
            "--rounds" => {
                options.rounds = value()?.parse().context("--rounds takes a whole number")?;
            }
            "--work" => options.work = Some(PathBuf::from(value()?)),
            _ => bail!("unknown argument {arg:?}\n\n{USAGE}"),
        }
    }
    Ok(options)
}

fn run(options: Options) -> Result<()> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()?;
    let scratch = tempfile::tempdir()?;
    let work = options
        .work
        .clone()
        .unwrap_or_else(|| scratch.path().to_path_buf());
    std::fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;

    let corpus = corpus::build(&workspace, &work)?;
    let probes = queries::probes(&corpus);
    let labels = labels::labelled(&corpus);
    for probe in &probes {
        eprintln!("query, {}: {}", probe.kind.label(), probe.text);
    }
    eprintln!("{} labelled queries", labels.len());
    let plan = Plan {
        probes: &probes,
        labels: &labels,
        rounds: options.rounds,
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let driver = runtime.block_on(duet_chromium::Driver::start())?;
    let pagefind = if options.pagefind {
        let root = work.join("pagefind-site");
        runtime
            .block_on(figures::pagefind(
                &driver, &workspace, &corpus, &root, &plan,
            ))
            .map_err(|error| format!("{error:#}"))
    } else {
        Err("left out (`--only duet`)".to_string())
    };
    let (duet, duet_shell) = if options.duet {
        let root = work.join("duet-site");
        match runtime.block_on(figures::duet(
            &driver,
            &workspace.join("dist"),
            &corpus,
            &root,
            &plan,
        )) {
            Ok((figures, shell)) => (Ok(figures), Some(shell)),
            Err(error) => (Err(format!("{error:#}")), None),
        }
    } else {
        (Err("left out (`--only pagefind`)".to_string()), None)
    };
    let failed = (options.pagefind && pagefind.is_err()) || (options.duet && duet.is_err());

    let report = Report {
        probes: &probes,
        labels: &labels,
        rounds: options.rounds,
        duet,
        pagefind,
        duet_shell,
    };
    let markdown = report.markdown();
    println!("{markdown}");
    let out = workspace.join("bench-out");
    std::fs::create_dir_all(&out)?;
    let file = out.join("search.md");
    std::fs::write(
        &file,
        format!(
            "# Search: Duet and Pagefind\n\n{markdown}{}",
            report.labelled_list()
        ),
    )
    .with_context(|| format!("writing {}", file.display()))?;
    eprintln!("wrote {}", file.display());
    if failed {
        bail!("an engine could not be measured (see the notes under the table)");
    }
    Ok(())
}
