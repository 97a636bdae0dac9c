//! Size of the app shell (everything but the bundle data): raw, gzip and brotli.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

/// Sizes of one file kind.
pub struct Sizes {
    pub label: &'static str,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Sums the wasm, js and css files at the top of `dist`.
pub fn measure(dist: &Path) -> Result<Vec<Sizes>> {
    let mut rows = Vec::new();
    for (label, extension) in [("wasm", "wasm"), ("js", "js"), ("css", "css")] {
        let mut sizes = Sizes {
            label,
            raw: 0,
            gzip: 0,
            brotli: 0,
        };
        for entry in std::fs::read_dir(dist)? {
            let path = entry?.path();
            if path.extension().and_then(|ext| ext.to_str()) == Some(extension) {
                let bytes = std::fs::read(&path)?;
                sizes.raw += bytes.len();
                sizes.gzip += gzip(&bytes)?;
                sizes.brotli += brotli(&bytes)?;
            }
        }
        rows.push(sizes);
    }
    Ok(rows)
}

fn gzip(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

fn brotli(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// The markdown table.
pub fn table(rows: &[Sizes]) -> String {
    let mut out =
        String::from("| app shell | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n");
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
        "| **total** | {} | {} | **{}** (goal ≤ 100 KB) |\n",
        kb(total(|row| row.raw)),
        kb(total(|row| row.gzip)),
        kb(total(|row| row.brotli))
    );
    out
}
