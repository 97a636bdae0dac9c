//! The build benchmark: `duet-bundle build` of generated corpora (`gen-corpus`,
//! seed 7) cold (no bundle, no cache), again with nothing changed, and after one
//! article was edited; peak memory of each run (from `/usr/bin/time -v`), bundle and
//! cache size. Prints a markdown table for the README.
//!
//! `cargo bench -p duet-bundle --bench build -- [SIZES…] [--dir DIR]`
//! (sizes default to 1000 10000; corpora are generated once into DIR, default
//! `/tmp/duet-build-bench`, and reused).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BINARY: &str = env!("CARGO_BIN_EXE_duet-bundle");

/// One timed run: wall seconds and peak resident memory in bytes (if known).
struct Run {
    seconds: f64,
    peak: Option<u64>,
}

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
        let corpus = dir.join(format!("corpus-{size}"));
        if !corpus.join("site.toml").is_file() {
            run(&[
                "gen-corpus",
                &size.to_string(),
                "--out",
                &corpus.to_string_lossy(),
                "--seed",
                "7",
            ]);
        }
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
        let restore = edit_one(&corpus);
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

/// Runs the bundler (under `/usr/bin/time -v` when it exists, for the peak memory),
/// failing the benchmark if it fails.
fn run(args: &[&str]) -> Run {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.is_file() {
        let mut command = Command::new(time);
        command.arg("-v").arg(BINARY);
        command
    } else {
        Command::new(BINARY)
    };
    let started = Instant::now();
    let output = command.args(args).output().expect("run duet-bundle");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "duet-bundle {args:?} failed:\n{stderr}"
    );
    let peak = stderr
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kilobytes| kilobytes.trim().parse::<u64>().ok())
        .map(|kilobytes| kilobytes * 1024);
    Run { seconds, peak }
}

/// Appends a sentence to the English file of the first article (by name); returns
/// the file and its text before the edit, to be put back.
fn edit_one(corpus: &Path) -> (PathBuf, String) {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("corpus folder")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("index.en.md").is_file())
        .collect();
    folders.sort();
    let file = folders
        .first()
        .expect("an English article")
        .join("index.en.md");
    let original = std::fs::read_to_string(&file).expect("read the article");
    let edited = format!("{original}\nOne more sentence, for the benchmark's edit.\n");
    std::fs::write(&file, edited).expect("edit the article");
    (file, original)
}

/// Bytes of every file under `folder` (hard links counted each time).
fn disk_size(folder: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => disk_size(&entry.path()),
            _ => entry.metadata().map_or(0, |metadata| metadata.len()),
        })
        .sum()
}

fn megabytes(bytes: Option<u64>) -> String {
    match bytes {
        Some(bytes) => format!("{:.0} MB", bytes as f64 / 1_000_000.0),
        None => "n/a".to_string(),
    }
}
