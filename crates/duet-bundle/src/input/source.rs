//! One Markdown source file in memory: decoding, line endings, line numbers, and
//! splitting off the front matter block (TOML between `+++` lines or YAML between
//! `---` lines).

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;

/// A value with the 1-based source line it came from (lines never reach the JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

/// Maps byte offsets of a text to 1-based line numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`'s line starts.
    pub fn new(text: &[u8]) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.iter()
                .enumerate()
                .filter(|(_, byte)| **byte == b'\n')
                .map(|(offset, _)| offset + 1),
        );
        LineIndex { line_starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|start| *start <= offset)
            .max(1)
    }
}

/// A decoded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown in diagnostics (the content folder joined with the file).
    pub path: PathBuf,
    pub text: String,
    lines: LineIndex,
}

impl SourceFile {
    /// Decodes `bytes` read from `path`; invalid UTF-8 is reported with the line of
    /// the first bad byte and yields `None`.
    pub fn decode(path: &Path, bytes: Vec<u8>, diagnostics: &mut Diagnostics) -> Option<Self> {
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                // A byte order mark from some Windows editors would hide the `+++` line.
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                Some(SourceFile::new(path, normalise_line_ends(text)))
            }
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.as_bytes();
                let line = LineIndex::new(bytes).line_of(valid);
                diagnostics
                    .error(
                        path,
                        Some(line),
                        format!(
                            "file is not valid UTF-8 (first bad byte 0x{:02x} at byte {valid})",
                            bytes[valid]
                        ),
                    )
                    .hint("re-save the file as UTF-8 in your editor");
                None
            }
        }
    }

    /// A source file from text already known to be valid.
    pub fn new(path: &Path, text: String) -> Self {
        let lines = LineIndex::new(text.as_bytes());
        SourceFile {
            path: path.to_path_buf(),
            text,
            lines,
        }
    }

    /// The 1-based line of byte `offset` in the file.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }
}

/// Old Mac files end lines with a lone `\r`, which neither the line index nor the
/// front matter parsers count. Each becomes `\n`, one byte for one, so every offset
/// stays where it was; `\r\n` is left alone (all readers accept it).
pub fn normalise_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for index in 0..bytes.len() {
        if bytes[index] == b'\r' && bytes.get(index + 1) != Some(&b'\n') {
            bytes[index] = b'\n';
        }
    }
    // Only ASCII bytes were swapped for ASCII bytes.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Which language the front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontFormat {
    /// Between `+++` lines (Zola, Hugo).
    Toml,
    /// Between `---` lines (Hugo, Jekyll, many others).
    Yaml,
}

impl FrontFormat {
    /// The fence line: `+++` or `---`.
    pub fn fence(self) -> &'static str {
        match self {
            FrontFormat::Toml => "+++",
            FrontFormat::Yaml => "---",
        }
    }
}

/// The two parts of an article file, with their byte offsets in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts<'a> {
    pub format: FrontFormat,
    pub front_matter: &'a str,
    pub front_matter_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Why the front matter block could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("missing front matter: the file must start with a `+++` or `---` line")]
    Missing,
    #[error("unterminated front matter: the `{}` on line 1 is never closed", .0.fence())]
    Unterminated(FrontFormat),
}

/// Splits `text` into the front matter between the first line (`+++` or `---`) and
/// the next line like it, and the Markdown body after it.
pub fn split_front_matter(text: &str) -> Result<Parts<'_>, SplitError> {
    let mut lines = line_spans(text);
    let Some((first_start, first_end)) = lines.next() else {
        return Err(SplitError::Missing);
    };
    let format = match text[first_start..first_end].trim_end() {
        "+++" => FrontFormat::Toml,
        "---" => FrontFormat::Yaml,
        _ => return Err(SplitError::Missing),
    };
    let front_matter_offset = first_end;
    for (start, end) in lines {
        let line = text[start..end].trim_end();
        // YAML may also close its document with `...`.
        if line == format.fence() || (format == FrontFormat::Yaml && line == "...") {
            return Ok(Parts {
                format,
                front_matter: &text[front_matter_offset..start],
                front_matter_offset,
                body: &text[end..],
                body_offset: end,
            });
        }
    }
    Err(SplitError::Unterminated(format))
}

/// `(start, end)` byte ranges of each line, the end just past its `\n`.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |newline| start + newline + 1);
        let span = (start, end);
        start = end;
        Some(span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_from_one() {
        let index = LineIndex::new(b"ab\ncd\n\nef");
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(2), 1);
        assert_eq!(index.line_of(3), 2);
        assert_eq!(index.line_of(6), 3);
        assert_eq!(index.line_of(7), 4);
    }

    #[test]
    fn splits_front_matter_and_body_with_offsets() {
        let text = "+++\ntitle = \"x\"\n+++\n\nBody.\n";
        let parts = split_front_matter(text).unwrap();
        assert_eq!(parts.front_matter, "title = \"x\"\n");
        assert_eq!(parts.front_matter_offset, 4);
        assert_eq!(parts.body, "\nBody.\n");
        assert_eq!(&text[parts.body_offset..], parts.body);
    }

    #[test]
    fn accepts_crlf_and_trailing_spaces() {
        let parts = split_front_matter("+++ \r\na = 1\r\n+++\r\nBody").unwrap();
        assert_eq!(parts.front_matter, "a = 1\r\n");
        assert_eq!(parts.body, "Body");
    }

    #[test]
    fn reports_missing_and_unterminated_blocks() {
        assert_eq!(split_front_matter("# Hi\n"), Err(SplitError::Missing));
        assert_eq!(split_front_matter(""), Err(SplitError::Missing));
        assert_eq!(
            split_front_matter("+++\ntitle = \"x\"\nBody\n"),
            Err(SplitError::Unterminated(FrontFormat::Toml))
        );
        assert_eq!(
            split_front_matter("---\ntitle: x\nBody\n"),
            Err(SplitError::Unterminated(FrontFormat::Yaml))
        );
    }

    #[test]
    fn yaml_front_matter_between_dashes() {
        let parts = split_front_matter("---\r\ntitle: x\r\n---\r\nBody").unwrap();
        assert_eq!(parts.format, FrontFormat::Yaml);
        assert_eq!(parts.front_matter, "title: x\r\n");
        assert_eq!(parts.body, "Body");
    }

    /// Guards line numbers in old Mac files: lone `\r` line ends were not counted, so
    /// every problem was reported on line 1, and the `+++` line was never found.
    #[test]
    fn lone_carriage_returns_become_line_feeds_in_place() {
        let mut diagnostics = Diagnostics::default();
        let bytes = b"+++\rtitle = 1\r+++\r\nBody\rMore".to_vec();
        let file = SourceFile::decode(Path::new("x.en.md"), bytes, &mut diagnostics).unwrap();
        assert_eq!(file.text, "+++\ntitle = 1\n+++\r\nBody\nMore");
        assert_eq!(file.line_of(file.text.find("More").unwrap()), 5);
        assert!(split_front_matter(&file.text).is_ok());
    }

    #[test]
    fn invalid_utf8_names_the_line_of_the_first_bad_byte() {
        let mut diagnostics = Diagnostics::default();
        let bytes = b"+++\ntitle = \"ok\"\n+++\nfine\nbad \xff here\n".to_vec();
        assert!(SourceFile::decode(Path::new("x.en.md"), bytes, &mut diagnostics).is_none());
        let found = diagnostics.sorted()[0];
        assert_eq!(found.line, Some(5));
        assert!(found.message.contains("UTF-8"));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let mut diagnostics = Diagnostics::default();
        let bytes = "\u{feff}+++\n+++\n".as_bytes().to_vec();
        let file = SourceFile::decode(Path::new("x.en.md"), bytes, &mut diagnostics).unwrap();
        assert!(split_front_matter(&file.text).is_ok());
    }
}
