//! `cargo run -p duet-bench --release [-- --runs N | --dist F | --size-only | --throttled |
//! --growth | --offline | --archive [SIZES…] [--dir D]]`: measures the built `dist/` and
//! prints a markdown table. A benchmark, not a test: it reports figures, it does
//! not pass or fail on them.

mod archive;
mod browser;
mod growth;
mod offline;
mod shell_size;

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args
        .iter()
        .position(|arg| arg == "--runs")
        .and_then(|index| args.get(index + 1))
        .map(|value| value.parse().context("--runs takes a whole number"))
        .transpose()?
        .unwrap_or(7);
    // `--dist F` measures another build (an older one, to compare).
    let dist = args
        .iter()
        .position(|arg| arg == "--dist")
        .and_then(|index| args.get(index + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    if !dist.join("index.html").exists() {
        bail!(
            "{} has no index.html: run `cargo xtask dist` first",
            dist.display()
        );
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Archive growth builds generated archives of each size: minutes to an hour.
    if let Some(at) = args.iter().position(|arg| arg == "--archive") {
        let sizes: Vec<usize> = args[at + 1..]
            .iter()
            .map_while(|arg| arg.parse().ok())
            .collect();
        let sizes = if sizes.is_empty() {
            vec![10, 1000, 10_000, 100_000]
        } else {
            sizes
        };
        let dir = args
            .iter()
            .position(|arg| arg == "--dir")
            .and_then(|index| args.get(index + 1))
            .map_or_else(|| PathBuf::from("/tmp/duet-archive-bench"), PathBuf::from);
        let runs = if args.iter().any(|arg| arg == "--runs") {
            runs
        } else {
            3
        };
        println!(
            "{}",
            runtime.block_on(archive::measure(&dist, &sizes, runs, &dir))?
        );
        return Ok(());
    }
    // Rendering growth bundles its own articles and takes several minutes.
    if args.iter().any(|arg| arg == "--growth") {
        println!("{}", runtime.block_on(growth::measure(&dist))?);
        return Ok(());
    }

    // Save-all and a second deploy on whatever `dist/` holds (a large corpus:
    // `cargo xtask dist --content <corpus>`).
    if args.iter().any(|arg| arg == "--offline") {
        println!("{}", runtime.block_on(offline::measure(&dist))?);
        return Ok(());
    }

    let sizes = shell_size::measure(&dist)?;
    let chunks = shell_size::chunks(&dist)?;
    println!("{}", shell_size::table(&sizes, &chunks));
    // The size table alone takes a second; first paint drives Chromium for a minute.
    if args.iter().any(|arg| arg == "--size-only") {
        return Ok(());
    }

    let paint = runtime.block_on(browser::first_paint(&dist, runs, false))?;
    println!("{}", paint.table());
    if args.iter().any(|arg| arg == "--throttled") {
        let paint = runtime.block_on(browser::first_paint(&dist, runs, true))?;
        println!("{}", paint.table());
    }
    Ok(())
}
