//! One language file of an article read end to end: bytes → text → front matter →
//! blocks. Every problem is recorded; a file with errors yields `None`.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use duet_core::Block;

use crate::diagnostics::Diagnostics;
use crate::front_matter::{self, FrontMatter};
use crate::markdown::{to_blocks, Context};
use crate::media::Media;
use crate::source::{split_front_matter, Located, SourceFile, SplitError};
use crate::summary;

/// A parsed language file.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    pub front: FrontMatter,
    /// The front matter's title, else the first heading, else the file's name.
    pub title: String,
    /// The front matter's description, else the `<!--more-->` summary, else the
    /// start of the first paragraph (empty only when the body has no paragraph).
    pub description: String,
    /// Empty for a draft, which is not converted.
    pub blocks: Vec<Located<Block>>,
}

const EXAMPLE: &str = "+++\ntitle = \"…\"\ndate = 2026-11-24\n+++\n\nThe article in Markdown.";

/// The largest language file read, in bytes: about 170,000 English words or
/// 350,000 Chinese characters, many hours of reading, and a download the reader
/// waits for. Larger files are refused before they are read, so memory stays bounded.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads and parses the file at `path`; images go into `media`.
pub fn load(
    path: &Path,
    media: &mut Media,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<Document>> {
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    // Reading one byte past the limit tells a file over it even if it grew meanwhile.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |metadata| metadata.len());
        diagnostics
            .error(
                path,
                None,
                format!(
                    "file is {:.1} MiB ({size} bytes); an article file may be at most 1 MiB ({MAX_FILE_BYTES} bytes)",
                    size as f64 / (1024.0 * 1024.0)
                ),
            )
            .hint("split it into several articles, or move long data (tables, code, logs) out of it");
        return Ok(None);
    }
    let Some(file) = SourceFile::decode(path, bytes, diagnostics) else {
        return Ok(None);
    };
    Ok(parse(&file, media, diagnostics))
}

/// Parses a decoded file. A draft (`draft = true`) comes back with its front matter
/// only; the caller skips it.
pub fn parse(
    file: &SourceFile,
    media: &mut Media,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    let parts = match split_front_matter(&file.text) {
        Ok(parts) => parts,
        Err(error) => {
            let hint = match error {
                SplitError::Unterminated(format) => {
                    format!(
                        "add a line with only `{}` after the last front matter key",
                        format.fence()
                    )
                }
                SplitError::Missing => {
                    format!("start the file with front matter, TOML between `+++` lines (or YAML between `---` lines), for example:\n{EXAMPLE}")
                }
            };
            diagnostics
                .error(&file.path, Some(1), error.to_string())
                .hint(hint);
            return None;
        }
    };
    let errors_before = diagnostics.error_count();
    let front = front_matter::parse(file, &parts, diagnostics);
    if let Some(front) = front.as_ref().filter(|front| front.draft) {
        return Some(Document {
            path: file.path.clone(),
            front: front.clone(),
            title: String::new(),
            description: String::new(),
            blocks: Vec::new(),
        });
    }
    // The body is converted even when the front matter failed, so that one run
    // reports its problems (missing images, say) too.
    let mut context = Context {
        file,
        offset: parts.body_offset,
        media,
        diagnostics,
        html_lines: BTreeSet::new(),
    };
    let errors_before_body = context.diagnostics.error_count();
    let blocks = to_blocks(parts.body, &mut context);
    let body_line = file.line_of(parts.body_offset);
    if parts.body.trim().is_empty() {
        diagnostics
            .error(&file.path, Some(body_line), "article body is empty")
            .hint(format!(
                "write the article in Markdown below the closing `{}` line",
                parts.format.fence()
            ));
    } else if blocks.is_empty() && diagnostics.error_count() == errors_before_body {
        diagnostics
            .error(
                &file.path,
                Some(body_line),
                "article body has nothing the reader can show",
            )
            .hint("raw HTML and comments are dropped; write the article in Markdown");
    }
    if diagnostics.error_count() > errors_before {
        return None;
    }
    let front = front?;
    let title = match &front.title {
        Some(title) => title.value.clone(),
        None => first_heading(&blocks).unwrap_or_else(|| file_title(&file.path)),
    };
    let description = front
        .description
        .clone()
        .or_else(|| summary::more_summary(parts.body))
        .or_else(|| summary::first_paragraph(&blocks))
        .unwrap_or_default();
    Some(Document {
        path: file.path.clone(),
        front,
        title,
        description,
        blocks,
    })
}

/// The text of the first heading of `blocks`.
fn first_heading(blocks: &[Located<Block>]) -> Option<String> {
    blocks.iter().find_map(|block| match &block.value {
        Block::Heading { spans, .. } => {
            Some(duet_core::spans_text(spans).trim().to_string()).filter(|text| !text.is_empty())
        }
        _ => None,
    })
}

/// `my-first_post` from `…/my-first_post/index.en.md` or `…/my-first_post.en.md`.
fn file_title(path: &Path) -> String {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = if matches!(stem, "index" | "_index" | "README") {
        path.parent()
            .and_then(Path::file_name)
            .map(|folder| folder.to_string_lossy().into_owned())
            .unwrap_or_else(|| stem.to_string())
    } else {
        stem.to_string()
    };
    stem.replace(['-', '_'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<Document>, Diagnostics) {
        let file = SourceFile::new(Path::new("/none/a/index.en.md"), text.to_string());
        let mut media = Media::new("a", Path::new("/none"));
        let mut diagnostics = Diagnostics::default();
        (parse(&file, &mut media, &mut diagnostics), diagnostics)
    }

    fn first_error(text: &str) -> (usize, String) {
        let (document, diagnostics) = run(text);
        assert!(document.is_none());
        let found = diagnostics.sorted()[0];
        (found.line.unwrap(), found.message.clone())
    }

    #[test]
    fn parses_a_whole_file() {
        let (document, diagnostics) =
            run("+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2026-01-01\n+++\n\nHello.\n");
        assert_eq!(diagnostics.error_count(), 0);
        let document = document.unwrap();
        assert_eq!(document.blocks[0].line, 7);
    }

    #[test]
    fn missing_and_unterminated_front_matter() {
        let (line, message) = first_error("# Just markdown\n");
        assert_eq!(line, 1);
        assert!(message.contains("missing front matter"));
        let (line, message) = first_error("+++\ntitle = \"T\"\n\nBody\n");
        assert_eq!(line, 1);
        assert!(message.contains("unterminated"));
    }

    #[test]
    fn empty_body_is_an_error_after_the_front_matter() {
        let (line, message) =
            first_error("+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2026-01-01\n+++\n\n  \n");
        assert_eq!(line, 6);
        assert!(message.contains("empty"));
    }

    #[test]
    fn front_matter_and_body_errors_are_reported_together() {
        let (document, diagnostics) = run("+++\ntitle = \"T\"\ndate = \"soon\"\n+++\n  \n");
        assert!(document.is_none());
        assert_eq!(diagnostics.error_count(), 2, "bad date and empty body");
    }
}
