//! Images referenced by articles: checked to exist, given a path inside the bundle
//! (`media/<slug>/<file>`), and listed for copying.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::links::{encode_hidden, scheme};

/// One file to copy into the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaCopy {
    pub from: PathBuf,
    /// Path inside the bundle folder, `/`-separated.
    pub to: String,
}

/// The images of one article (both languages share it, so a shared image is copied once).
#[derive(Debug)]
pub struct Media {
    slug: String,
    content_dir: PathBuf,
    by_source: BTreeMap<PathBuf, String>,
    used_names: BTreeSet<String>,
    copies: Vec<MediaCopy>,
}

impl Media {
    /// No images yet for article `slug` of `content_dir`.
    pub fn new(slug: &str, content_dir: &Path) -> Self {
        Media {
            slug: slug.to_string(),
            content_dir: content_dir.to_path_buf(),
            by_source: BTreeMap::new(),
            used_names: BTreeSet::new(),
            copies: Vec::new(),
        }
    }

    /// The content folder: includes, like images, must lie inside it.
    pub fn content_dir(&self) -> &Path {
        &self.content_dir
    }

    /// The `src` to write for an image written as `src` in `markdown_file` at `line`;
    /// `None` (with a diagnostic) when the image cannot be shown.
    pub fn resolve(
        &mut self,
        src: &str,
        markdown_file: &Path,
        line: usize,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        let src = src.trim();
        if let Some(rest) = src.strip_prefix("//") {
            return Some(encode_hidden(&format!("https://{rest}")));
        }
        match scheme(src).as_deref() {
            Some("http" | "https") => return Some(encode_hidden(src)),
            Some(other) => {
                diagnostics
                    .warning(
                        markdown_file,
                        Some(line),
                        format!("image with a `{other}:` source dropped"),
                    )
                    .hint("use an https:// URL or an image file next to the .md file");
                return None;
            }
            None => {}
        }
        let relative = percent_decode(src.split(['?', '#']).next().unwrap_or_default());
        let file = match relative.strip_prefix('/') {
            Some(from_root) => self.content_dir.join(from_root),
            None => markdown_file
                .parent()
                .unwrap_or(Path::new(""))
                .join(&relative),
        };
        if relative.is_empty() || !file.is_file() {
            diagnostics
                .error(
                    markdown_file,
                    Some(line),
                    format!(
                        "image file not found: `{src}` (looked for {})",
                        file.display()
                    ),
                )
                .hint(
                    "put the image next to the .md file (paths are relative to it) or fix the path",
                );
            return None;
        }
        // `../` or a link could reach any file the build can read, and the bundle is
        // published: only files inside the content folder may be copied into it.
        let key = std::fs::canonicalize(&file).unwrap_or(file.clone());
        let inside = std::fs::canonicalize(&self.content_dir)
            .is_ok_and(|content_dir| key.starts_with(content_dir));
        if !inside {
            diagnostics
                .error(
                    markdown_file,
                    Some(line),
                    format!(
                        "image `{src}` points outside the content folder `{}`",
                        self.content_dir.display()
                    ),
                )
                .hint("copy the image next to the .md file and link it by its file name");
            return None;
        }
        if let Some(existing) = self.by_source.get(&key) {
            return Some(existing.clone());
        }
        let name = self.unique_name(&file);
        let to = format!("media/{}/{name}", self.slug);
        self.by_source.insert(key, to.clone());
        self.copies.push(MediaCopy {
            from: file,
            to: to.clone(),
        });
        Some(to)
    }

    /// A URL-safe file name not yet used by this article.
    fn unique_name(&mut self, file: &Path) -> String {
        let safe = |text: &str| -> String {
            text.chars()
                .map(|character| match character {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => character,
                    _ => '-',
                })
                .collect()
        };
        let stem = safe(&file.file_stem().unwrap_or_default().to_string_lossy());
        let extension = file
            .extension()
            .map(|extension| format!(".{}", safe(&extension.to_string_lossy())))
            .unwrap_or_default();
        let mut name = format!("{stem}{extension}");
        let mut counter = 2;
        while self.used_names.contains(&name) {
            name = format!("{stem}-{counter}{extension}");
            counter += 1;
        }
        self.used_names.insert(name.clone());
        name
    }

    /// The files to copy, in the order first referenced.
    pub fn into_copies(self) -> Vec<MediaCopy> {
        self.copies
    }
}

/// Decodes `%20`-style escapes, which Markdown authors use for spaces in paths.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escape = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_images_get_unique_bundle_paths() {
        let folder = tempfile::tempdir().unwrap();
        let article = folder.path().join("a");
        std::fs::create_dir_all(article.join("img")).unwrap();
        std::fs::write(article.join("chart 1.png"), b"x").unwrap();
        std::fs::write(article.join("img/chart 1.png"), b"y").unwrap();
        let markdown = article.join("index.en.md");
        let mut diagnostics = Diagnostics::default();
        let mut media = Media::new("a", folder.path());
        let first = media.resolve("chart%201.png", &markdown, 3, &mut diagnostics);
        let again = media.resolve("./chart 1.png", &markdown, 4, &mut diagnostics);
        let other = media.resolve("img/chart 1.png", &markdown, 5, &mut diagnostics);
        assert_eq!(first.as_deref(), Some("media/a/chart-1.png"));
        assert_eq!(again, first);
        assert_eq!(other.as_deref(), Some("media/a/chart-1-2.png"));
        assert_eq!(media.into_copies().len(), 2);
        assert_eq!(diagnostics.error_count(), 0);
    }

    /// Guards a leak: `../` reached files outside the content folder, which were
    /// then copied into the published bundle.
    #[test]
    fn images_outside_the_content_folder_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        let content = folder.path().join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::write(folder.path().join("secret.txt"), b"x").unwrap();
        let markdown = content.join("a/index.en.md");
        let mut diagnostics = Diagnostics::default();
        let mut media = Media::new("a", &content);
        for src in [
            "../../secret.txt",
            "/../secret.txt",
            "%2e%2e/%2e%2e/secret.txt",
        ] {
            assert_eq!(media.resolve(src, &markdown, 3, &mut diagnostics), None);
        }
        assert_eq!(diagnostics.error_count(), 3);
        assert!(diagnostics.sorted()[0]
            .message
            .contains("points outside the content folder"));
        assert!(media.into_copies().is_empty());
    }

    #[test]
    fn web_images_pass_and_others_are_reported() {
        let mut diagnostics = Diagnostics::default();
        let mut media = Media::new("a", Path::new("content"));
        let markdown = Path::new("content/a/index.en.md");
        assert_eq!(
            media
                .resolve("https://x.org/a.png", markdown, 1, &mut diagnostics)
                .as_deref(),
            Some("https://x.org/a.png")
        );
        assert!(media
            .resolve("data:image/png;base64,AAAA", markdown, 2, &mut diagnostics)
            .is_none());
        assert!(media
            .resolve("missing.png", markdown, 7, &mut diagnostics)
            .is_none());
        assert_eq!(diagnostics.warning_count(), 1);
        let missing = diagnostics.sorted()[1];
        assert_eq!(missing.line, Some(7));
        assert!(missing.message.contains("missing.png"));
    }
}
