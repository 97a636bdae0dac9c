//! Size of the app shell (everything but the bundle data): raw, gzip and brotli, for
//! what a first visit downloads (the files at the top of `dist/` and the split app's
//! main module, its JavaScript and chunk loader) and, apart, each chunk loaded on
//! first use.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

/// Sizes of one file kind, or of one file.
pub struct Sizes {
    pub label: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl Sizes {
    fn of(label: String, bytes: &[u8]) -> Result<Sizes> {
        Ok(Sizes {
            label,
            raw: bytes.len(),
            gzip: gzip(bytes)?,
            brotli: brotli(bytes)?,
        })
    }
}

/// The split app's folder in `dist` (`app-<hash>/`), if the build is split.
pub fn app_folder(dist: &Path) -> Result<Option<PathBuf>> {
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() && name.starts_with("app-") {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

/// True for a file of the split app that the page loads before the app runs: the
/// main module, its JavaScript and the chunk loader it imports.
fn is_first_download(name: &str) -> bool {
    name.ends_with("_bg.wasm") || !name.ends_with(".wasm")
}

/// The files a first visit downloads: the wasm, js and css at the top of `dist`
/// (but the service worker, fetched once the app runs) and the split app's
/// first-download files. Sums per kind.
pub fn measure(dist: &Path) -> Result<Vec<Sizes>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if path.is_file() && path.file_name().is_some_and(|name| name != "sw.js") {
            files.push(path);
        }
    }
    if let Some(app) = app_folder(dist)? {
        for entry in std::fs::read_dir(app)? {
            let path = entry?.path();
            if is_first_download(&path.file_name().unwrap_or_default().to_string_lossy()) {
                files.push(path);
            }
        }
    }
    let mut rows = Vec::new();
    for extension in ["wasm", "js", "css"] {
        let mut sizes = Sizes {
            label: extension.to_string(),
            raw: 0,
            gzip: 0,
            brotli: 0,
        };
        for path in &files {
            if path.extension().and_then(|ext| ext.to_str()) == Some(extension) {
                let file = Sizes::of(String::new(), &std::fs::read(path)?)?;
                sizes.raw += file.raw;
                sizes.gzip += file.gzip;
                sizes.brotli += file.brotli;
            }
        }
        rows.push(sizes);
    }
    Ok(rows)
}

/// Each chunk of the split app (none for a build in one module), largest first.
pub fn chunks(dist: &Path) -> Result<Vec<Sizes>> {
    let Some(app) = app_folder(dist)? else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(app)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !is_first_download(&name) {
            rows.push(Sizes::of(name, &std::fs::read(&path)?)?);
        }
    }
    rows.sort_by(|one, other| {
        other
            .brotli
            .cmp(&one.brotli)
            .then(one.label.cmp(&other.label))
    });
    Ok(rows)
}

fn gzip(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

/// `bytes` compressed as a host would send them (brotli quality 11).
pub fn brotli(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}

pub fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// The markdown tables: the first download by kind, then every chunk.
pub fn table(rows: &[Sizes], chunks: &[Sizes]) -> String {
    let mut out = String::from(
        "| first download (app shell) | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n",
    );
    for row in rows {
        out += &format!(
            "| {} | {} | {} | {} |\n",
            row.label,
            kb(row.raw),
            kb(row.gzip),
            kb(row.brotli)
        );
    }
    let total = |pick: fn(&Sizes) -> usize| rows.iter().map(pick).sum::<usize>();
    out += &format!(
        "| **total** | {} | {} | **{}** (goal ≤ 150 KB) |\n",
        kb(total(|row| row.raw)),
        kb(total(|row| row.gzip)),
        kb(total(|row| row.brotli))
    );
    if !chunks.is_empty() {
        out += "\n| chunk loaded on first use | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n";
        for row in chunks {
            out += &format!(
                "| {} | {} | {} | {} |\n",
                row.label,
                kb(row.raw),
                kb(row.gzip),
                kb(row.brotli)
            );
        }
        let sum = |pick: fn(&Sizes) -> usize| chunks.iter().map(pick).sum::<usize>();
        out += &format!(
            "| all {} chunks | {} | {} | {} |\n",
            chunks.len(),
            kb(sum(|row| row.raw)),
            kb(sum(|row| row.gzip)),
            kb(sum(|row| row.brotli))
        );
    }
    out
}
