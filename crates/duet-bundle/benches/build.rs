//! The build benchmark: `duet-bundle build` of generated corpora (`gen-corpus`,
//! seed 7) cold (no bundle, no cache), again with nothing changed, and after one
//! article was edited; peak memory of each run (from `/usr/bin/time -v`), bundle and
//! cache size. Prints a markdown table for the README.
//!
//! `cargo bench -p duet-bundle --bench build -- [SIZES…] [--dir DIR]`
//! (sizes default to 1000 10000; corpora are generated once into DIR, default
//! `/tmp/duet-build-bench`, and reused).

use std::path::{Path, PathBuf};

use duet_bundle::corpus::timing::{disk_size, edit_one, generated_corpus, run_timed, TimedRun};

const BINARY: &str = env!("CARGO_BIN_EXE_duet-bundle");

fn main() {
    let mut sizes: Vec<usize> = Vec::new();
    let mut dir = PathBuf::from("/tmp/duet-build-bench");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => dir = PathBuf::from(args.next().expect("--dir needs a folder")),
            // cargo bench passes --bench to every bench binary.
            "--bench" => {}
            size => sizes.push(size.parse().expect("sizes are article counts")),
        }
    }
    if sizes.is_empty() {
        sizes = vec![1000, 10_000];
    }
    std::fs::create_dir_all(&dir).expect("benchmark folder");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("`duet-bundle build` of `gen-corpus N --seed 7`, {cores} cores:\n");
    println!("| articles | cold | peak memory | unchanged | one article edited | peak memory | bundle | cache |");
    println!("|---|---|---|---|---|---|---|---|");
    for size in sizes {
        let corpus = generated_corpus(Path::new(BINARY), &dir, size)
            .unwrap_or_else(|error| panic!("{error:#}"));
        let out = dir.join(format!("bundle-{size}"));
        let cache = dir.join(".duet-cache").join(format!("bundle-{size}"));
        for folder in [&out, &cache] {
            if folder.exists() {
                std::fs::remove_dir_all(folder).expect("remove an earlier run");
            }
        }
        let build = [
            "build",
            &corpus.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ]
        .map(String::from);
        let build: Vec<&str> = build.iter().map(String::as_str).collect();
        let cold = run(&build);
        let unchanged = run(&build);
        let restore = edit_one(&corpus).expect("edit one article");
        let edited = run(&build);
        // The corpus is reused by the next run of the benchmark: leave it as generated.
        std::fs::write(&restore.0, &restore.1).expect("restore the edited article");
        println!(
            "| {size} | {:.1} s | {} | {:.2} s | {:.2} s | {} | {} | {} |",
            cold.seconds,
            megabytes(cold.peak),
            unchanged.seconds,
            edited.seconds,
            megabytes(edited.peak),
            megabytes(Some(disk_size(&out))),
            megabytes(Some(disk_size(&cache))),
        );
    }
}

fn megabytes(bytes: Option<u64>) -> String {
    match bytes {
        Some(bytes) => format!("{:.0} MB", bytes as f64 / 1_000_000.0),
        None => "n/a".to_string(),
    }
}

/// Runs the bundler, failing the benchmark if it fails.
fn run(args: &[&str]) -> TimedRun {
    run_timed(Path::new(BINARY), args).unwrap_or_else(|error| panic!("{error:#}"))
}
