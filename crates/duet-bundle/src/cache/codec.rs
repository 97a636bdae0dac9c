//! The build cache's byte format: varints, length-prefixed strings and paths.
//!
//! Small and fast to read back (a rebuild at 10,000 articles reads every entry), and
//! private to one bundler binary, so it needs no versioning of its own: entries are
//! keyed by a hash of that binary. A malformed entry (a build killed mid-write that
//! still got renamed, a disk error) reads as `None` and is rebuilt, never trusted.

use std::path::{Path, PathBuf};

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// LEB128: small numbers (most counts) take one byte.
    pub fn uint(&mut self, mut value: u64) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    pub fn bool(&mut self, value: bool) {
        self.bytes.push(u8::from(value));
    }

    pub fn u128(&mut self, value: u128) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub fn bytes(&mut self, value: &[u8]) {
        self.uint(value.len() as u64);
        self.bytes.extend_from_slice(value);
    }

    pub fn str(&mut self, value: &str) {
        self.bytes(value.as_bytes());
    }

    /// A path as the platform's bytes (not necessarily UTF-8).
    pub fn path(&mut self, value: &Path) {
        self.bytes(value.as_os_str().as_encoded_bytes());
    }

    pub fn opt_uint(&mut self, value: Option<u64>) {
        match value {
            Some(value) => {
                self.bool(true);
                self.uint(value);
            }
            None => self.bool(false),
        }
    }

    pub fn opt_str(&mut self, value: Option<&str>) {
        match value {
            Some(value) => {
                self.bool(true);
                self.str(value);
            }
            None => self.bool(false),
        }
    }
}

/// Reads values back in the order written; every read is `None` past the end.
pub struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    pub fn new(bytes: &'b [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// True when everything was read (a longer entry is malformed too).
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub fn uint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count of items that follow, refused when the entry could not hold that many
    /// (each item takes at least a byte), so a corrupt length allocates nothing big.
    pub fn count(&mut self) -> Option<usize> {
        let count = usize::try_from(self.uint()?).ok()?;
        (count <= self.bytes.len() - self.at).then_some(count)
    }

    pub fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    pub fn u16(&mut self) -> Option<u16> {
        u16::try_from(self.uint()?).ok()
    }

    pub fn bool(&mut self) -> Option<bool> {
        match self.bytes.get(self.at)? {
            0 => {
                self.at += 1;
                Some(false)
            }
            1 => {
                self.at += 1;
                Some(true)
            }
            _ => None,
        }
    }

    pub fn u128(&mut self) -> Option<u128> {
        let end = self.at.checked_add(16)?;
        let bytes: [u8; 16] = self.bytes.get(self.at..end)?.try_into().ok()?;
        self.at = end;
        Some(u128::from_le_bytes(bytes))
    }

    pub fn bytes(&mut self) -> Option<&'b [u8]> {
        let length = self.count()?;
        let bytes = self.bytes.get(self.at..self.at + length)?;
        self.at += length;
        Some(bytes)
    }

    pub fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }

    pub fn path(&mut self) -> Option<PathBuf> {
        // Safe round trip: these bytes came from `as_encoded_bytes` of this same
        // binary on this same platform; anything else is refused by the checks below.
        let bytes = self.bytes()?;
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
        }
        #[cfg(not(unix))]
        {
            std::str::from_utf8(bytes).ok().map(PathBuf::from)
        }
    }

    pub fn opt_uint(&mut self) -> Option<Option<u64>> {
        Some(if self.bool()? {
            Some(self.uint()?)
        } else {
            None
        })
    }

    pub fn opt_string(&mut self) -> Option<Option<String>> {
        Some(if self.bool()? {
            Some(self.string()?)
        } else {
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let mut writer = Writer::default();
        writer.uint(0);
        writer.uint(300);
        writer.uint(u64::MAX);
        writer.bool(true);
        writer.u128(u128::MAX - 5);
        writer.str("中文 and English");
        writer.path(Path::new("/a/b c.md"));
        writer.opt_uint(None);
        writer.opt_str(Some("x"));
        let bytes = writer.into_bytes();
        let mut reader = Reader::new(&bytes);
        assert_eq!(reader.uint(), Some(0));
        assert_eq!(reader.uint(), Some(300));
        assert_eq!(reader.uint(), Some(u64::MAX));
        assert_eq!(reader.bool(), Some(true));
        assert_eq!(reader.u128(), Some(u128::MAX - 5));
        assert_eq!(reader.string().as_deref(), Some("中文 and English"));
        assert_eq!(reader.path(), Some(PathBuf::from("/a/b c.md")));
        assert_eq!(reader.opt_uint(), Some(None));
        assert_eq!(reader.opt_string(), Some(Some("x".to_string())));
        assert!(reader.is_done());
    }

    /// Guards against a corrupt entry (a huge length) allocating or panicking.
    #[test]
    fn truncated_or_corrupt_input_reads_as_none() {
        let mut writer = Writer::default();
        writer.str("hello");
        let bytes = writer.into_bytes();
        assert_eq!(Reader::new(&bytes[..3]).string(), None);
        let mut huge = Writer::default();
        huge.uint(u64::MAX);
        assert_eq!(Reader::new(&huge.into_bytes()).bytes(), None);
        assert_eq!(Reader::new(&[0xff; 20]).uint(), None);
        assert_eq!(Reader::new(&[2]).bool(), None);
    }
}
