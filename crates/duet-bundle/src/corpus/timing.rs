//! What the build benchmarks share (`benches/build.rs` and `duet-bench --archive`):
//! a generated corpus made once, a timed run of the bundler binary with its peak
//! memory, a one-article edit of the corpus, and bytes on disk.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};

/// One timed run: wall seconds and peak resident memory in bytes (if known).
pub struct TimedRun {
    pub seconds: f64,
    pub peak: Option<u64>,
}

/// Runs `binary` with `args` (under `/usr/bin/time -v` when it exists, for the peak
/// memory); an error carrying its stderr when it fails.
pub fn run_timed(binary: &Path, args: &[&str]) -> anyhow::Result<TimedRun> {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.is_file() {
        let mut command = Command::new(time);
        command.arg("-v").arg(binary);
        command
    } else {
        Command::new(binary)
    };
    let started = Instant::now();
    let output = command
        .args(args)
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("{} {args:?} failed:\n{stderr}", binary.display());
    }
    let peak = stderr
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kilobytes| kilobytes.trim().parse::<u64>().ok())
        .map(|kilobytes| kilobytes * 1024);
    Ok(TimedRun { seconds, peak })
}

/// `dir/corpus-<size>`: `gen-corpus <size> --seed 7` made by `binary` the first time,
/// reused by later runs (generating 100,000 articles takes a minute).
pub fn generated_corpus(binary: &Path, dir: &Path, size: usize) -> anyhow::Result<PathBuf> {
    let corpus = dir.join(format!("corpus-{size}"));
    if !corpus.join("site.toml").is_file() {
        run_timed(
            binary,
            &[
                "gen-corpus",
                &size.to_string(),
                "--out",
                &corpus.to_string_lossy(),
                "--seed",
                "7",
            ],
        )?;
    }
    Ok(corpus)
}

/// Appends a sentence to the English file of the first article (by folder name) of
/// a corpus; returns the file and its text before the edit, to be put back.
pub fn edit_one(corpus: &Path) -> anyhow::Result<(PathBuf, String)> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(corpus)
        .with_context(|| format!("reading {}", corpus.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("index.en.md").is_file())
        .collect();
    folders.sort();
    let file = folders
        .first()
        .context("the corpus has no English article")?
        .join("index.en.md");
    let original = std::fs::read_to_string(&file)?;
    std::fs::write(
        &file,
        format!("{original}\nOne more sentence, for the benchmark's edit.\n"),
    )?;
    Ok((file, original))
}

/// Bytes of every file under `folder` (hard links counted each time).
pub fn disk_size(folder: &Path) -> u64 {
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
