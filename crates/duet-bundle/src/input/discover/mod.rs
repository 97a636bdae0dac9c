//! Finding articles in a content folder, in every layout Zola and Hugo sites use:
//! page bundles (`slug/index.zh.md`), a default-language file without suffix
//! (`slug/index.md` + `slug/index.zh.md`, or `slug.md` + `slug.zh.md`), file pairs
//! (`slug.en.md` + `slug.zh.md`) and separate language trees (`en/…` + `zh-cn/…`,
//! paired by relative path or Hugo's `translationKey`), at any folder depth.
//! Section files (`_index.md`) become articles only when they hold real text.

use std::path::{Path, PathBuf};

use anyhow::Context;
use duet_core::{Bilingual, Lang};

use crate::diagnostics::Diagnostics;
use crate::lang_code::{read_code, Code};

mod pairing;
mod slugs;

use pairing::{group, settle};
use slugs::assign_slugs;

/// How deep folders are followed; sites nest three or four levels.
const MAX_DEPTH: usize = 24;

/// A section file (`_index.md`) is an article when its body has at least this many
/// characters of text: a real introduction, not a title and a line of welcome.
pub const SECTION_MIN_TEXT: usize = 280;

/// How an article's files were laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layout {
    PageBundle,
    DefaultLanguageFile,
    FilePair,
    LanguageTrees,
    Section,
    BookChapter,
}

impl Layout {
    /// The name used in the build summary and the report.
    pub fn name(self) -> &'static str {
        match self {
            Layout::PageBundle => "page bundle (slug/index.<lang>.md)",
            Layout::DefaultLanguageFile => "default-language file without suffix",
            Layout::FilePair => "file pair (slug.<lang>.md)",
            Layout::LanguageTrees => "language trees (<lang>/…)",
            Layout::Section => "section page (_index.md)",
            Layout::BookChapter => "book chapter (SUMMARY.md)",
        }
    }
}

/// The files of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFiles {
    pub slug: String,
    pub files: Bilingual<PathBuf>,
    pub layout: Layout,
    /// A book chapter's title in each language, from `SUMMARY.md` (chapters have
    /// no front matter).
    pub titles: Option<Bilingual<String>>,
}

/// What discovery needs to know from the site's settings.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// The language of files without a language suffix, when the site says.
    pub default_lang: Option<Lang>,
    /// Language trees a site config names (folder relative to the content folder),
    /// besides top-level folders named by a language code, which are found anyway.
    pub trees: Vec<(String, Lang)>,
}

/// How unsuffixed files outside language trees got their language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unsuffixed {
    pub from_config: usize,
    pub from_sibling: usize,
    pub guessed_zh: usize,
    pub guessed_en: usize,
}

/// Everything discovery found.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// Sorted by slug.
    pub articles: Vec<ArticleFiles>,
    /// Section files without text worth an article.
    pub sections_skipped: usize,
    /// Files in languages other than Chinese and English.
    pub other_languages_skipped: usize,
    pub unsuffixed: Unsuffixed,
}

/// One Markdown file that may belong to an article.
#[derive(Debug, Clone)]
struct Candidate {
    /// Folder names (and the file's base name for a plain page), as written.
    key: Vec<String>,
    kind: Kind,
    lang: Option<Lang>,
    path: PathBuf,
    in_tree: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Index,
    Section,
    Page,
}

/// Every article under `content_dir`.
pub fn discover(
    content_dir: &Path,
    options: &DiscoverOptions,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Discovery> {
    let mut walker = Walker {
        candidates: Vec::new(),
        discovery: Discovery::default(),
        root: std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.to_path_buf()),
        diagnostics,
    };
    let entries = sorted_entries(content_dir, walker.diagnostics)?;
    let tree_of = |name: &str| -> Option<Lang> {
        options
            .trees
            .iter()
            .find(|(folder, _)| folder.trim_matches('/') == name)
            .map(|(_, lang)| *lang)
            .or(match read_code(name) {
                Code::Duet(lang) => Some(lang),
                _ => None,
            })
    };
    let has_trees = entries
        .iter()
        .any(|(name, path)| path.is_dir() && tree_of(name).is_some());
    for (name, path) in &entries {
        if !path.is_dir() {
            continue;
        }
        match tree_of(name) {
            Some(lang) => walker.walk(path, &mut Vec::new(), Some(lang), 1)?,
            // Beside zh/en trees, a folder named `fr` is another language's tree.
            None if has_trees && read_code(name) == Code::Other => {
                walker.discovery.other_languages_skipped += count_markdown(path, 1);
            }
            None => {}
        }
    }
    // The root itself, without the tree folders.
    walker.walk_folder(&entries, &mut Vec::new(), None, 0, &|name| {
        tree_of(name).is_some() || (has_trees && read_code(name) == Code::Other)
    })?;
    let Walker {
        candidates,
        mut discovery,
        diagnostics,
        ..
    } = walker;
    let groups = group(candidates, diagnostics);
    let mut articles = Vec::new();
    for group in groups {
        if let Some(article) = settle(group, options, &mut discovery, diagnostics) {
            articles.push(article);
        }
    }
    discovery.articles = assign_slugs(articles, diagnostics);
    Ok(discovery)
}

struct Walker<'a> {
    candidates: Vec<Candidate>,
    discovery: Discovery,
    /// The content folder, symlinks resolved: no file outside it is read.
    root: PathBuf,
    diagnostics: &'a mut Diagnostics,
}

impl Walker<'_> {
    fn walk(
        &mut self,
        folder: &Path,
        key: &mut Vec<String>,
        tree: Option<Lang>,
        depth: usize,
    ) -> anyhow::Result<()> {
        let entries = sorted_entries(folder, self.diagnostics)?;
        self.walk_folder(&entries, key, tree, depth, &|_| false)
    }

    fn walk_folder(
        &mut self,
        entries: &[(String, PathBuf)],
        key: &mut Vec<String>,
        tree: Option<Lang>,
        depth: usize,
        skip_folder: &dyn Fn(&str) -> bool,
    ) -> anyhow::Result<()> {
        let readable: Vec<&(String, PathBuf)> = entries
            .iter()
            .filter(|(name, path)| is_markdown(name) && self.is_readable_file(path))
            .collect();
        let files: Vec<(&str, Option<Lang>, &Path)> = readable
            .into_iter()
            .filter_map(|(name, path)| {
                let (base, code) = split_name(name);
                match code {
                    Code::Other => {
                        self.discovery.other_languages_skipped += 1;
                        None
                    }
                    Code::Duet(lang) => Some((base, Some(lang), path.as_path())),
                    Code::NotACode => Some((base, None, path.as_path())),
                }
            })
            .collect();
        let is_bundle = files.iter().any(|(base, _, _)| *base == "index");
        for (base, lang, path) in files {
            let (kind, candidate_key) = match base {
                "index" => (Kind::Index, key.clone()),
                "_index" => (Kind::Section, key.clone()),
                _ if is_bundle => {
                    self.diagnostics
                        .warning(path, Some(1), "not an article file; ignored")
                        .hint("a page bundle's folder holds one article: index.md, index.zh.md and/or index.en.md");
                    continue;
                }
                _ => {
                    let mut page_key = key.clone();
                    page_key.push(base.to_string());
                    (Kind::Page, page_key)
                }
            };
            self.candidates.push(Candidate {
                key: candidate_key,
                kind,
                lang: tree.or(lang),
                path: path.to_path_buf(),
                in_tree: tree.is_some(),
            });
        }
        for (name, path) in entries {
            if !path.is_dir() || skip_folder(name) || is_symlink(path) {
                continue;
            }
            if depth >= MAX_DEPTH {
                self.diagnostics
                    .warning(
                        path,
                        None,
                        format!("folder nested deeper than {MAX_DEPTH} levels; ignored"),
                    )
                    .hint("move its articles nearer the content folder");
                continue;
            }
            key.push(name.clone());
            self.walk(path, key, tree, depth + 1)?;
            key.pop();
        }
        Ok(())
    }
}

impl Walker<'_> {
    /// Whether `path` is a regular file inside the content folder (a symlink to one
    /// counts). Anything else named like an article is reported and skipped: a FIFO
    /// or a device (`/dev/stdin`, `/dev/zero`) would block or never end, and a link
    /// to a file outside the folder would publish what was never meant to be.
    fn is_readable_file(&mut self, path: &Path) -> bool {
        let Ok(resolved) = std::fs::canonicalize(path) else {
            self.diagnostics
                .error(
                    path,
                    None,
                    "cannot be read: a broken symbolic link or no permission",
                )
                .hint("fix or remove the link");
            return false;
        };
        if resolved.is_dir() {
            return false;
        }
        let regular = std::fs::metadata(&resolved).is_ok_and(|metadata| metadata.is_file());
        if !regular {
            self.diagnostics
                .error(
                    path,
                    None,
                    format!(
                        "not a regular file ({} is a FIFO or a device): only regular files are read",
                        resolved.display()
                    ),
                )
                .hint("replace it with the Markdown file itself");
            return false;
        }
        if !resolved.starts_with(&self.root) {
            self.diagnostics
                .error(
                    path,
                    None,
                    format!(
                        "is a link to {}, outside the content folder; it is not read",
                        resolved.display()
                    ),
                )
                .hint("copy the file into the content folder instead of linking to it");
            return false;
        }
        true
    }
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink())
}

fn is_markdown(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".md")
}

/// `agents.zh-cn.md` → `("agents", Duet(Zh))`; `Rust-1.85.0.md` → `("Rust-1.85.0", NotACode)`.
fn split_name(name: &str) -> (&str, Code) {
    let stem = &name[..name.len() - 3];
    match stem.rsplit_once('.') {
        Some((base, code)) if !base.is_empty() => match read_code(code) {
            Code::NotACode => (stem, Code::NotACode),
            found => (base, found),
        },
        _ => (stem, Code::NotACode),
    }
}

/// Markdown files under `folder`, counted for the summary.
fn count_markdown(folder: &Path, depth: usize) -> usize {
    let Ok(listing) = std::fs::read_dir(folder) else {
        return 0;
    };
    listing
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() && depth < MAX_DEPTH && !is_symlink(&path) {
                count_markdown(&path, depth + 1)
            } else {
                usize::from(is_markdown(&entry.file_name().to_string_lossy()))
            }
        })
        .sum()
}

/// Entries of `folder` by name, hidden ones skipped.
fn sorted_entries(
    folder: &Path,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut entries = Vec::new();
    let listing =
        std::fs::read_dir(folder).with_context(|| format!("listing {}", folder.display()))?;
    for entry in listing {
        let entry = entry.with_context(|| format!("listing {}", folder.display()))?;
        let path = entry.path();
        match entry.file_name().into_string() {
            Ok(name) if name.starts_with('.') => {}
            Ok(name) => entries.push((name, path)),
            Err(_) => {
                diagnostics
                    .warning(&path, None, "file name is not valid UTF-8; ignored")
                    .hint("rename it using lowercase ASCII letters, digits and hyphens");
            }
        }
    }
    entries.sort();
    Ok(entries)
}

#[cfg(test)]
mod tests;
