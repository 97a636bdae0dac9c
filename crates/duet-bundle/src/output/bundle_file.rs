//! The bytes of one bundle file on disk: plain, or gzip-compressed when its path
//! (defined in `duet-core`: [`duet_core::article_path`], …) ends in `.gz`.
//!
//! Compressed files are what a host without compression sends as is, so they are
//! written once, as small as flate2 makes them, and byte-for-byte reproducible: no
//! file name and a zero modification time in the gzip header.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;
use flate2::{Compression, GzBuilder};

/// The two bytes every gzip member starts with (RFC 1952).
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// True when `path` names a file stored gzip-compressed.
pub fn is_compressed(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension == "gz")
}

/// `text` gzip-compressed at the best level, with a fixed header (no name, mtime 0).
pub fn gzip(text: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzBuilder::new()
        .mtime(0)
        .write(Vec::with_capacity(text.len() / 3), Compression::best());
    encoder.write_all(text)?;
    encoder.finish()
}

/// Writes `text` to `path`, compressed when the path ends in `.gz`.
pub fn write(path: &Path, text: &[u8]) -> anyhow::Result<()> {
    let bytes = if is_compressed(path) {
        gzip(text).with_context(|| format!("compressing {}", path.display()))?
    } else {
        text.to_vec()
    };
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// Reads a bundle file as text the way the app does: inflated when it starts with
/// the gzip magic bytes, as is otherwise. For tests and benchmarks.
pub fn read_to_string(path: impl AsRef<Path>) -> anyhow::Result<String> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    decode(&bytes).with_context(|| format!("reading {}", path.display()))
}

/// `bytes` as text, inflated first when they start with the gzip magic bytes.
pub fn decode(bytes: &[u8]) -> anyhow::Result<String> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return String::from_utf8(bytes.to_vec()).context("not UTF-8");
    }
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .context("not a complete gzip file of UTF-8 text")?;
    Ok(text)
}

/// The whole catalog of the bundle in `out`, read back from its head and list pages
/// (tests and tools; the app never needs it whole).
pub fn read_catalog(out: &Path) -> anyhow::Result<duet_core::Catalog> {
    duet_core::listing::read_catalog(|path: &str| read_to_string(out.join(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_files_round_trip_with_a_fixed_header() {
        let folder = tempfile::tempdir().unwrap();
        let text = br#"{"schema_version":2,"text":"\u4e2d\u6587 and English, again and again"}"#;
        let path = folder.path().join("a.json.gz");
        write(&path, text).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(&GZIP_MAGIC));
        // Flags 0 (no name, comment or extra field), mtime 0: nothing of the build
        // machine or the clock reaches the file.
        assert_eq!(bytes[3], 0, "flags");
        assert_eq!(&bytes[4..8], &[0, 0, 0, 0], "mtime");
        assert_eq!(bytes[8], 2, "best compression");
        assert_eq!(read_to_string(&path).unwrap().as_bytes(), text);
        assert_eq!(gzip(text).unwrap(), bytes, "the same bytes every time");

        let plain = folder.path().join("b.json");
        write(&plain, text).unwrap();
        assert_eq!(std::fs::read(&plain).unwrap(), text);
        assert_eq!(read_to_string(&plain).unwrap().as_bytes(), text);
    }

    #[test]
    fn truncated_gzip_is_an_error_not_a_short_text() {
        let bytes = gzip("{\"a\": 1} and a little more text".as_bytes()).unwrap();
        assert!(decode(&bytes[..bytes.len() - 4]).is_err());
        assert!(decode(&bytes[..12]).is_err());
    }
}
