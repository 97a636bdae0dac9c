//! Byte counts: as served here (no compression) and as a host that gzips would send
//! them. Pagefind's index files are gzip-compressed already, so a host gains little
//! on them, while Duet's JSON compresses well.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};

use crate::measure::Fetch;

/// A byte count, raw and with gzip applied where it makes the file smaller.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bytes {
    pub raw: u64,
    pub gzip: u64,
}

impl std::ops::AddAssign for Bytes {
    fn add_assign(&mut self, other: Bytes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
    }
}

/// Every file under `folder`, with the number of files.
pub fn folder(folder: &Path) -> Result<(Bytes, usize)> {
    let mut total = Bytes::default();
    let mut files = 0;
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in
            std::fs::read_dir(&current).with_context(|| format!("reading {}", current.display()))?
        {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                total += file(&std::fs::read(entry.path())?)?;
                files += 1;
            }
        }
    }
    Ok((total, files))
}

/// The responses a page received: raw as measured, gzip from the served file on disk
/// (under `root`) when there is one.
pub fn fetched(root: &Path, fetches: &[Fetch]) -> Result<Bytes> {
    let mut total = Bytes::default();
    for fetch in fetches {
        let on_disk = root.join(&fetch.path);
        let gzip = if on_disk.is_file() {
            file(&std::fs::read(&on_disk)?)?.gzip.min(fetch.bytes)
        } else {
            fetch.bytes
        };
        total += Bytes {
            raw: fetch.bytes,
            gzip,
        };
    }
    Ok(total)
}

/// A bundle file as text, inflated when it is stored gzip-compressed (starts 1f 8b),
/// as the app reads it.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return String::from_utf8(bytes)
            .with_context(|| format!("{} is not UTF-8", path.display()));
    }
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .read_to_string(&mut text)
        .with_context(|| format!("inflating {}", path.display()))?;
    Ok(text)
}

/// One file's size, raw and gzip (level 6, a common host default), whichever is smaller.
fn file(bytes: &[u8]) -> Result<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes)?;
    let gzip = encoder.finish()?.len() as u64;
    let raw = bytes.len() as u64;
    Ok(Bytes {
        raw,
        gzip: gzip.min(raw),
    })
}
