//! Images referenced by articles: checked to exist, given a path inside the bundle
//! (`media/<slug>/<file>`), and listed for copying.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use std::io::Read;

use crate::diagnostics::Diagnostics;
use crate::image_type::{describe_refused, ImageType};
use crate::links::{encode_hidden, scheme};

/// One file to copy into the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaCopy {
    pub from: PathBuf,
    /// Path inside the bundle folder, `/`-separated, ending in the extension of
    /// `image_type`.
    pub to: String,
    /// The format the file's bytes showed when it was referenced; checked again when
    /// it is copied, so a file swapped in between is not published.
    pub image_type: ImageType,
}

/// The images of one article (both languages share it, so a shared image is copied once).
#[derive(Debug)]
pub struct Media {
    slug: String,
    content_dir: PathBuf,
    /// A Zola or Hugo site's `static/` folder, where `/…` paths point first.
    static_dir: Option<PathBuf>,
    /// Each source file seen, with its bundle path (`None`: refused, reported once).
    by_source: BTreeMap<PathBuf, Option<String>>,
    used_names: BTreeSet<String>,
    copies: Vec<MediaCopy>,
    /// Every file looked at besides the article's own (images, includes), with a
    /// hash of its bytes (`None`: missing): what the build cache checks again.
    probes: BTreeMap<PathBuf, Option<u128>>,
}

impl Media {
    /// No images yet for article `slug` of `content_dir`.
    pub fn new(slug: &str, content_dir: &Path) -> Self {
        Media {
            slug: slug.to_string(),
            content_dir: content_dir.to_path_buf(),
            static_dir: None,
            by_source: BTreeMap::new(),
            used_names: BTreeSet::new(),
            copies: Vec::new(),
            probes: BTreeMap::new(),
        }
    }

    /// Site-absolute paths (`/images/x.png`) are looked for in `static_dir` first.
    pub fn with_static_dir(mut self, static_dir: Option<&Path>) -> Self {
        self.static_dir = static_dir.map(Path::to_path_buf);
        self
    }

    /// The folders includes may read from: the content folder (and a site's
    /// `static/` or the other book's sources), each widened to its mdBook's root
    /// when it is a book's `src/`, since books include their code listings from
    /// beside `src/` (`{{#include ../listings/…}}`).
    pub fn include_roots(&self) -> Vec<PathBuf> {
        std::iter::once(&self.content_dir)
            .chain(&self.static_dir)
            .map(|folder| match folder.parent() {
                Some(book) if book.join("book.toml").is_file() => book.to_path_buf(),
                _ => folder.clone(),
            })
            .collect()
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
            // `https:x.org/a.png` is no web address the app can show as one: it
            // reached the bundle as a "web" source the reader would mangle.
            Some("http" | "https")
                if src
                    .split_once(':')
                    .is_some_and(|(_, rest)| rest.starts_with("//")) =>
            {
                return Some(encode_hidden(src))
            }
            Some(scheme @ ("http" | "https")) => {
                diagnostics
                    .warning(
                        markdown_file,
                        Some(line),
                        format!("image source `{}` is not a web address (`{scheme}://…`); its alt text is shown instead", crate::diagnostics::visible(src)),
                    )
                    .hint("write the address in full, e.g. https://example.org/picture.png");
                return None;
            }
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
            Some(from_root) => match self.static_dir.clone() {
                Some(static_dir) if self.probe(&static_dir.join(from_root)) => {
                    static_dir.join(from_root)
                }
                _ => self.content_dir.join(from_root),
            },
            None => markdown_file
                .parent()
                .unwrap_or(Path::new(""))
                .join(&relative),
        };
        if relative.is_empty() || !self.probe(&file) {
            // Missing images are common in sources built elsewhere (generated or
            // remote assets); the reader shows the alt text in their place.
            diagnostics
                .warning(
                    markdown_file,
                    Some(line),
                    format!(
                        "image file not found: `{src}` (looked for {}); its alt text is shown instead",
                        file.display()
                    ),
                )
                .hint(
                    "put the image next to the .md file (paths are relative to it; `/…` paths start at the content folder, or a site's static/ folder) or fix the path",
                );
            return None;
        }
        // `../` or a link could reach any file the build can read, and the bundle is
        // published: only files inside the content folder may be copied into it.
        let key = std::fs::canonicalize(&file).unwrap_or(file.clone());
        let inside = [Some(&self.content_dir), self.static_dir.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|root| std::fs::canonicalize(root).ok())
            .any(|root| key.starts_with(root));
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
            return existing.clone();
        }
        // Published files are served from the app's origin: only raster images whose
        // bytes say so, never anything a browser would run (see `image_type`).
        let head = read_head(&key);
        let Some(image_type) = ImageType::sniff(&head) else {
            diagnostics
                .warning(
                    markdown_file,
                    Some(line),
                    format!(
                        "image `{src}` not published: it is {}",
                        describe_refused(&head, &file.to_string_lossy())
                    ),
                )
                .hint("only PNG, JPEG, GIF, WebP and AVIF images are published; convert it to one of them");
            self.by_source.insert(key, None);
            return None;
        };
        let name = self.unique_name(&file, image_type);
        let to = format!("media/{}/{name}", self.slug);
        self.by_source.insert(key, Some(to.clone()));
        self.copies.push(MediaCopy {
            from: file,
            to: to.clone(),
            image_type,
        });
        Some(to)
    }

    /// A URL-safe file name not yet used by this article, with the extension of the
    /// format its bytes showed (a `.html` that is really a PNG is published as `.png`).
    fn unique_name(&mut self, file: &Path, image_type: ImageType) -> String {
        let safe = |text: &str| -> String {
            text.chars()
                .map(|character| match character {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => character,
                    _ => '-',
                })
                .collect()
        };
        let stem = safe(&file.file_stem().unwrap_or_default().to_string_lossy());
        let extension = format!(".{}", image_type.extension());
        let mut name = format!("{stem}{extension}");
        let mut counter = 2;
        while self.used_names.contains(&name) {
            name = format!("{stem}-{counter}{extension}");
            counter += 1;
        }
        self.used_names.insert(name.clone());
        name
    }

    /// Notes that this article's text depends on the file `path` (an image looked
    /// for, an included file) and says whether it is a regular file.
    pub fn probe(&mut self, path: &Path) -> bool {
        let hash = crate::cache::file_hash(path);
        let found = hash.is_some();
        self.probes.insert(path.to_path_buf(), hash);
        found
    }

    /// The files to copy, in the order first referenced.
    pub fn into_copies(self) -> Vec<MediaCopy> {
        self.copies
    }

    /// The files to copy and every file looked at (see [`Media::probe`]).
    pub fn into_parts(self) -> (Vec<MediaCopy>, Vec<(PathBuf, Option<u128>)>) {
        (self.copies, self.probes.into_iter().collect())
    }
}

/// The first bytes of `file`: enough to know its format and, when refused, to say
/// what it is. Fewer if it is shorter or cannot be read (then it is refused as a
/// file of unknown type).
fn read_head(file: &Path) -> Vec<u8> {
    let mut head = Vec::with_capacity(256);
    if let Ok(opened) = std::fs::File::open(file) {
        let _ = opened.take(256).read_to_end(&mut head);
    }
    head
}

/// Reads a file to publish and checks its bytes are still the image they were when
/// it was referenced.
pub fn read_checked(copy: &MediaCopy) -> anyhow::Result<Vec<u8>> {
    let bytes = std::fs::read(&copy.from)
        .map_err(|error| anyhow::anyhow!("reading image {}: {error}", copy.from.display()))?;
    if ImageType::sniff(&bytes) != Some(copy.image_type) {
        anyhow::bail!(
            "image {} changed during the build and is no longer a {} file; build again",
            copy.from.display(),
            copy.image_type.extension()
        );
    }
    Ok(bytes)
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

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn local_images_get_unique_bundle_paths() {
        let folder = tempfile::tempdir().unwrap();
        let article = folder.path().join("a");
        std::fs::create_dir_all(article.join("img")).unwrap();
        std::fs::write(article.join("chart 1.png"), PNG).unwrap();
        std::fs::write(article.join("img/chart 1.png"), PNG).unwrap();
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

    /// Guards issue 16's stored-script hole: any file referenced as an image was
    /// published under its own name and served from the app's origin, where an
    /// `.html` or `.svg` one ran script outside the app's policy.
    #[test]
    fn only_raster_images_are_published_under_the_extension_their_bytes_show() {
        let folder = tempfile::tempdir().unwrap();
        let article = folder.path().join("a");
        std::fs::create_dir_all(&article).unwrap();
        let files: [(&str, &[u8]); 6] = [
            ("evil.html", b"<!doctype html><script>alert(1)</script>"),
            (
                "evil.svg",
                b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
            ),
            (
                "evil.xhtml",
                b"<html xmlns='http://www.w3.org/1999/xhtml'><script/></html>",
            ),
            ("evil.js", b"alert(1)"),
            ("lying.png", b"<svg onload='alert(1)'/>"),
            ("real-photo.html", PNG),
        ];
        for (name, bytes) in files {
            std::fs::write(article.join(name), bytes).unwrap();
        }
        let markdown = article.join("index.en.md");
        let mut diagnostics = Diagnostics::default();
        let mut media = Media::new("a", folder.path());
        for (line, (name, _)) in files.iter().enumerate().take(5) {
            assert_eq!(media.resolve(name, &markdown, line, &mut diagnostics), None);
        }
        // Referenced twice, reported once.
        assert_eq!(
            media.resolve("evil.svg", &markdown, 9, &mut diagnostics),
            None
        );
        assert_eq!(
            media
                .resolve("real-photo.html", &markdown, 10, &mut diagnostics)
                .as_deref(),
            Some("media/a/real-photo.png")
        );
        assert_eq!(diagnostics.error_count(), 0);
        assert_eq!(diagnostics.warning_count(), 5);
        let messages: Vec<String> = diagnostics
            .sorted()
            .iter()
            .map(|diagnostic| diagnostic.message.clone())
            .collect();
        assert!(
            messages[1].contains("`evil.svg` not published: it is an SVG file"),
            "{messages:?}"
        );
        assert!(messages[0].contains("an HTML file"), "{messages:?}");
        let copies = media.into_copies();
        assert_eq!(copies.len(), 1);
        assert_eq!(read_checked(&copies[0]).unwrap(), PNG);
        // Swapped for script between the check and the copy: not published.
        std::fs::write(
            article.join("real-photo.html"),
            b"<script>alert(1)</script>",
        )
        .unwrap();
        assert!(read_checked(&copies[0]).is_err());
    }

    /// Guards real books refused whole: mdBook chapters include their listings from
    /// `../listings/…`, beside `src/`, which the content-folder rule refused.
    #[test]
    fn a_books_includes_may_come_from_its_root_but_no_higher() {
        let folder = tempfile::tempdir().unwrap();
        let book = folder.path().join("book");
        std::fs::create_dir_all(book.join("src")).unwrap();
        std::fs::write(book.join("book.toml"), "[book]\n").unwrap();
        let media = Media::new("a", &book.join("src"));
        assert_eq!(media.include_roots(), [book]);
        let plain = folder.path().join("content");
        std::fs::create_dir_all(&plain).unwrap();
        assert_eq!(
            Media::new("a", &plain).include_roots(),
            std::slice::from_ref(&plain)
        );
    }

    #[test]
    fn site_absolute_paths_look_in_the_static_folder_first() {
        let folder = tempfile::tempdir().unwrap();
        let content = folder.path().join("content");
        let static_dir = folder.path().join("static");
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::create_dir_all(static_dir.join("images")).unwrap();
        std::fs::write(static_dir.join("images/map.png"), PNG).unwrap();
        std::fs::write(content.join("logo.png"), PNG).unwrap();
        let markdown = content.join("a/index.en.md");
        let mut diagnostics = Diagnostics::default();
        let mut media = Media::new("a", &content).with_static_dir(Some(&static_dir));
        let map = media.resolve("/images/map.png", &markdown, 1, &mut diagnostics);
        let logo = media.resolve("/logo.png", &markdown, 2, &mut diagnostics);
        assert_eq!(map.as_deref(), Some("media/a/map.png"));
        assert_eq!(logo.as_deref(), Some("media/a/logo.png"));
        assert!(media
            .resolve("/../secret.png", &markdown, 3, &mut diagnostics)
            .is_none());
        let copies = media.into_copies();
        assert_eq!(copies[0].from, static_dir.join("images/map.png"));
        assert_eq!(diagnostics.error_count() + diagnostics.warning_count(), 1);
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
        // Found by fuzzing once files without front matter were read.
        assert!(media
            .resolve("https:!/x.org/a.png", markdown, 3, &mut diagnostics)
            .is_none());
        assert!(media
            .resolve("missing.png", markdown, 7, &mut diagnostics)
            .is_none());
        assert_eq!(
            diagnostics.warning_count(),
            3,
            "a missing image is a warning"
        );
        assert_eq!(diagnostics.error_count(), 0);
        assert!(diagnostics.sorted()[1]
            .message
            .contains("is not a web address"));
        let missing = diagnostics.sorted()[2];
        assert_eq!(missing.line, Some(7));
        assert!(missing.message.contains("missing.png"));
    }
}
