//! Finding articles in a content folder, in every layout Zola and Hugo sites use:
//! page bundles (`slug/index.zh.md`), a default-language file without suffix
//! (`slug/index.md` + `slug/index.zh.md`, or `slug.md` + `slug.zh.md`), file pairs
//! (`slug.en.md` + `slug.zh.md`) and separate language trees (`en/…` + `zh-cn/…`,
//! paired by relative path or Hugo's `translationKey`), at any folder depth.
//! Section files (`_index.md`) become articles only when they hold real text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use duet_core::{Bilingual, Lang};

use crate::diagnostics::Diagnostics;
use crate::lang_code::{guess_from_script, read_code, Code};
use crate::slug::normalise_slug;

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
        let files: Vec<(&str, Option<Lang>, &Path)> = entries
            .iter()
            .filter(|(name, path)| is_markdown(name) && path.is_file())
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

/// Candidates grouped into articles: outside trees by folder path and name; in
/// trees by `translationKey` when the file has one, else by path inside its tree.
fn group(candidates: Vec<Candidate>, diagnostics: &mut Diagnostics) -> Vec<Vec<Candidate>> {
    let mut groups: BTreeMap<(bool, String), Vec<Candidate>> = BTreeMap::new();
    for candidate in candidates {
        let key = match candidate
            .in_tree
            .then(|| translation_key(&candidate.path))
            .flatten()
        {
            Some(translation_key) => format!("translationKey:{translation_key}"),
            None => candidate.key.join("/"),
        };
        groups
            .entry((candidate.in_tree, key))
            .or_default()
            .push(candidate);
    }
    let mut result = Vec::new();
    for (_, group) in groups {
        let first = &group[0];
        if let Some(other) = group.iter().find(|other| other.kind != first.kind) {
            diagnostics
                .error(
                    &other.path,
                    Some(1),
                    format!(
                        "article `{}` is defined twice: {} and {}",
                        first.key.join("/"),
                        first.path.display(),
                        other.path.display()
                    ),
                )
                .hint("keep one layout: either a folder with index.<lang>.md, or <slug>.<lang>.md files");
            continue;
        }
        result.push(group);
    }
    result
}

/// Hugo's `translationKey` read from the front matter lines of the file at `path`
/// (a line scan: discovery must pair files before they are parsed).
fn translation_key(path: &Path) -> Option<String> {
    use std::io::Read as _;
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_string(&mut text)
        .ok()?;
    let mut lines = text.lines();
    let fence = lines.next()?.trim().to_string();
    if fence != "+++" && fence != "---" {
        return None;
    }
    for line in lines {
        let line = line.trim();
        if line == fence {
            break;
        }
        let Some(rest) = line.strip_prefix("translationKey") else {
            continue;
        };
        let value = rest.trim_start().strip_prefix(['=', ':'])?.trim();
        let value = value.trim_matches(['"', '\'']).trim();
        return (!value.is_empty()).then(|| value.to_string());
    }
    None
}

/// Gives every file of `group` its language, decides the layout, and drops section
/// files without text. `None` when the group is no article (or has an error).
fn settle(
    group: Vec<Candidate>,
    options: &DiscoverOptions,
    discovery: &mut Discovery,
    diagnostics: &mut Diagnostics,
) -> Option<(Vec<String>, ArticleFiles)> {
    let first = group[0].clone();
    let suffixed: Vec<Lang> = group
        .iter()
        .filter_map(|candidate| candidate.lang)
        .collect();
    let mut files: Bilingual<PathBuf> = Bilingual::default();
    let mut has_unsuffixed = false;
    for candidate in &group {
        let lang = match candidate.lang {
            Some(lang) => lang,
            None => {
                has_unsuffixed = true;
                unsuffixed_lang(candidate, options, &suffixed, &mut discovery.unsuffixed)
            }
        };
        let slot = match lang {
            Lang::Zh => &mut files.zh,
            Lang::En => &mut files.en,
        };
        if let Some(existing) = slot {
            diagnostics
                .error(
                    &candidate.path,
                    Some(1),
                    format!(
                        "two {} files for one article: {} and {}",
                        lang_name(lang),
                        existing.display(),
                        candidate.path.display()
                    ),
                )
                .hint("keep one file per language; a file without a language suffix is the site's default language");
            return None;
        }
        *slot = Some(candidate.path.clone());
    }
    let layout = if first.kind == Kind::Section {
        let worth_it = [&files.zh, &files.en]
            .into_iter()
            .flatten()
            .any(|path| body_text_length(path) >= SECTION_MIN_TEXT);
        if first.key.is_empty() || !worth_it {
            discovery.sections_skipped += 1;
            return None;
        }
        Layout::Section
    } else if first.in_tree {
        Layout::LanguageTrees
    } else if has_unsuffixed {
        Layout::DefaultLanguageFile
    } else if first.kind == Kind::Index {
        Layout::PageBundle
    } else {
        Layout::FilePair
    };
    // In trees the English file's path names the article (translations often carry
    // a translated file name), else the Chinese one's.
    let key = group
        .iter()
        .find(|candidate| candidate.lang == Some(Lang::En) || !candidate.in_tree)
        .unwrap_or(&first)
        .key
        .clone();
    if key.is_empty() {
        // `index.md` at the content root: the site's home page, not an article.
        discovery.sections_skipped += 1;
        return None;
    }
    Some((
        key,
        ArticleFiles {
            slug: String::new(),
            files,
            layout,
            titles: None,
        },
    ))
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "Chinese",
        Lang::En => "English",
    }
}

/// The language of a file without suffix: the site's default, else the language
/// its suffixed sibling lacks, else a guess from its script.
fn unsuffixed_lang(
    candidate: &Candidate,
    options: &DiscoverOptions,
    suffixed: &[Lang],
    counts: &mut Unsuffixed,
) -> Lang {
    if let Some(lang) = options.default_lang {
        counts.from_config += 1;
        return lang;
    }
    match suffixed {
        [Lang::Zh] => {
            counts.from_sibling += 1;
            return Lang::En;
        }
        [Lang::En] => {
            counts.from_sibling += 1;
            return Lang::Zh;
        }
        _ => {}
    }
    let text = std::fs::read(&candidate.path)
        .map(|bytes| String::from_utf8_lossy(&bytes[..bytes.len().min(256 * 1024)]).into_owned())
        .unwrap_or_default();
    let lang = guess_from_script(&text);
    match lang {
        Lang::Zh => counts.guessed_zh += 1,
        Lang::En => counts.guessed_en += 1,
    }
    lang
}

/// Characters of text in the body of the file at `path` (0 when unreadable: the
/// file is then skipped with the section rather than failing the build here).
fn body_text_length(path: &Path) -> usize {
    let Ok(bytes) = std::fs::read(path) else {
        return 0;
    };
    let text = String::from_utf8_lossy(&bytes);
    let body = crate::source::split_front_matter(&text).map_or(text.as_ref(), |parts| parts.body);
    crate::plain_text::markdown_to_text(body)
        .chars()
        .filter(|character| !character.is_whitespace())
        .count()
}

/// Slugs from the articles' keys: the last name normalised when no other article
/// shares it, else the whole path normalised and joined. Two articles that still
/// end up with one slug are an error naming both.
fn assign_slugs(
    articles: Vec<(Vec<String>, ArticleFiles)>,
    diagnostics: &mut Diagnostics,
) -> Vec<ArticleFiles> {
    let normalised: Vec<Vec<String>> = articles
        .iter()
        .map(|(key, _)| key.iter().map(|name| normalise_slug(name)).collect())
        .collect();
    let mut leaf_users: BTreeMap<&str, usize> = BTreeMap::new();
    for key in &normalised {
        *leaf_users
            .entry(key.last().map_or("", String::as_str))
            .or_default() += 1;
    }
    let mut by_slug: BTreeMap<String, Vec<ArticleFiles>> = BTreeMap::new();
    for ((_, mut article), key) in articles.into_iter().zip(&normalised) {
        let leaf = key.last().cloned().unwrap_or_default();
        article.slug = if leaf_users[leaf.as_str()] > 1 {
            key.join("-")
        } else {
            leaf
        };
        by_slug
            .entry(article.slug.clone())
            .or_default()
            .push(article);
    }
    let mut result = Vec::new();
    for (slug, mut same) in by_slug {
        if same.len() == 1 {
            result.append(&mut same);
            continue;
        }
        let path = |article: &ArticleFiles| {
            article
                .files
                .zh
                .clone()
                .or_else(|| article.files.en.clone())
                .unwrap_or_default()
        };
        let (first, second) = (path(&same[0]), path(&same[1]));
        diagnostics
            .error(
                &second,
                Some(1),
                format!(
                    "{} and {} both become the slug `{slug}`",
                    first.display(),
                    second.display()
                ),
            )
            .hint("slugs are folder and file names lowercased, with `.`, `_` and spaces as `-`: rename one of them");
    }
    result
}

#[cfg(test)]
#[path = "discover_tests.rs"]
mod tests;
