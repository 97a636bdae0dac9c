//! One language file of an article read end to end: bytes → text → front matter →
//! blocks. Every problem is recorded; a file with errors yields `None`.

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
    /// A book chapter or a section page: undated by nature, so not warned about.
    pub dateless: bool,
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
    Ok(read(path, diagnostics)?.and_then(|file| parse(&file, media, diagnostics)))
}

/// Reads and parses the book chapter at `path`, titled `title` by the book's summary.
pub fn load_chapter(
    path: &Path,
    title: &str,
    media: &mut Media,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<Document>> {
    Ok(read(path, diagnostics)?.and_then(|file| parse_chapter(&file, title, media, diagnostics)))
}

/// Reads and decodes the file at `path`, refusing one over the size limit.
fn read(path: &Path, diagnostics: &mut Diagnostics) -> anyhow::Result<Option<SourceFile>> {
    // A FIFO or a device would block or never end (discovery refuses them too; a
    // book's SUMMARY.md can still name one).
    if !std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file()) {
        diagnostics
            .error(
                path,
                None,
                "not a regular file: only regular files are read",
            )
            .hint("point at the Markdown file itself");
        return Ok(None);
    }
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
    Ok(SourceFile::decode(path, bytes, diagnostics))
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
        // Hugo builds pages without front matter too: the text is all there is.
        Err(SplitError::Missing) => {
            diagnostics
                .warning(
                    &file.path,
                    Some(1),
                    "no front matter: titled by its first heading (else its file name), undated",
                )
                .hint(format!(
                    "to set them, start the file with front matter, for example:\n{EXAMPLE}"
                ));
            return whole_file_body(file, FrontMatter::default(), media, diagnostics);
        }
        Err(error) => {
            let hint = match error {
                SplitError::Unterminated(format) => {
                    format!(
                        "add a line with only `{}` after the last front matter key",
                        format.fence()
                    )
                }
                // Handled above, as a file of Markdown only.
                SplitError::Missing => String::new(),
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
            dateless: false,
        });
    }
    let fence = parts.format.fence();
    finish(
        file,
        front,
        parts.body,
        parts.body_offset,
        fence,
        errors_before,
        media,
        diagnostics,
    )
}

/// Parses a book chapter: Markdown without front matter, titled by the summary.
pub fn parse_chapter(
    file: &SourceFile,
    title: &str,
    media: &mut Media,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    let front = FrontMatter {
        title: (!title.trim().is_empty()).then(|| Located {
            value: title.trim().to_string(),
            line: 1,
        }),
        ..FrontMatter::default()
    };
    whole_file_body(file, front, media, diagnostics)
}

/// A file that is all body (no front matter: a Hugo page without it, a book
/// chapter), with `front` standing in for the missing front matter. Undated.
fn whole_file_body(
    file: &SourceFile,
    front: FrontMatter,
    media: &mut Media,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    let errors_before = diagnostics.error_count();
    let mut document = finish(
        file,
        Some(front),
        &file.text,
        0,
        "",
        errors_before,
        media,
        diagnostics,
    )?;
    document.dateless = true;
    Some(document)
}

/// Converts the Markdown `body` at byte `body_offset` of `file` and finishes the
/// document; `fence` is the front matter's closing line, for hints.
#[allow(clippy::too_many_arguments)]
fn finish(
    file: &SourceFile,
    front: Option<FrontMatter>,
    markdown: &str,
    body_offset: usize,
    fence: &str,
    errors_before: usize,
    media: &mut Media,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    // The body is converted even when the front matter failed, so that one run
    // reports its problems (missing images, say) too.
    let mut context = Context::new(file, body_offset, media, diagnostics);
    let errors_before_body = context.diagnostics.error_count();
    let blocks = to_blocks(markdown, &mut context);
    let body_line = file.line_of(body_offset);
    if markdown.trim().is_empty() {
        diagnostics
            .error(&file.path, Some(body_line), "article body is empty")
            .hint(if fence.is_empty() {
                "write the chapter in Markdown".to_string()
            } else {
                format!("write the article in Markdown below the closing `{fence}` line")
            });
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
    let mut front = front?;
    if front.date.is_none() {
        front.date = name_date(&file.path).map(|value| Located { value, line: 1 });
    }
    let title = match &front.title {
        Some(title) => title.value.clone(),
        None => first_heading(&blocks).unwrap_or_else(|| file_title(&file.path)),
    };
    // A page that repeats its title as its first heading (every mdBook chapter, many
    // blog posts) would show it twice: in the article's head and atop its body.
    let mut blocks = blocks;
    if first_heading(&blocks[..blocks.len().min(1)]).is_some_and(|heading| heading == title)
        && matches!(blocks[0].value, Block::Heading { level: 1, .. })
    {
        blocks.remove(0);
    }
    let description = front
        .description
        .clone()
        .or_else(|| summary::more_summary(markdown))
        .or_else(|| summary::first_paragraph(&blocks))
        .unwrap_or_default();
    Some(Document {
        path: file.path.clone(),
        front,
        title,
        description,
        blocks,
        dateless: false,
    })
}

/// The date a file or its page bundle's folder name starts with (Zola's
/// `2025-10-20-title.md`, `2025-10-20-title/index.md`).
fn name_date(path: &Path) -> Option<duet_core::format::Date> {
    let name = path.file_name()?.to_string_lossy();
    let from_folder = name.starts_with("index.") || name.starts_with("_index.");
    let name = if from_folder {
        path.parent()?.file_name()?.to_string_lossy()
    } else {
        name
    };
    crate::dates::date_prefix(&name).map(|(date, _)| date)
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

    /// Guards a doubled title: mdBook chapters and many blog posts open with their
    /// title as a heading, which the reader showed under the same title again.
    #[test]
    fn a_first_heading_repeating_the_title_is_dropped() {
        let (document, _) = run("+++\ntitle = \"Soil\"\n+++\n\n# Soil\n\nText.\n");
        assert_eq!(document.unwrap().blocks.len(), 1);
        let (document, _) = run("+++\ntitle = \"Soil\"\n+++\n\n# Clay\n\nText.\n");
        assert_eq!(document.unwrap().blocks.len(), 2, "another heading stays");
        let (document, _) = run("+++\n+++\n\n# Found\n\nText.\n");
        let document = document.unwrap();
        assert_eq!(
            (document.title.as_str(), document.blocks.len()),
            ("Found", 1)
        );
    }

    #[test]
    fn an_undated_file_takes_the_date_its_name_starts_with() {
        let file = SourceFile::new(
            Path::new("/none/2025-10-20-walk/index.en.md"),
            "+++\ntitle = \"Walk\"\n+++\n\nText.\n".to_string(),
        );
        let mut media = Media::new("walk", Path::new("/none"));
        let mut diagnostics = Diagnostics::default();
        let document = parse(&file, &mut media, &mut diagnostics).unwrap();
        let date = document.front.date.unwrap().value;
        assert_eq!(crate::dates::format_date(date), "2025-10-20");
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
    fn missing_front_matter_warns_and_unterminated_is_an_error() {
        let (document, diagnostics) = run("# Just markdown\n\nText.\n");
        let document = document.unwrap();
        assert_eq!(
            (document.title.as_str(), document.blocks.len()),
            ("Just markdown", 1)
        );
        assert!(diagnostics.sorted()[0]
            .message
            .starts_with("no front matter"));
        assert_eq!(diagnostics.error_count(), 0);
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
