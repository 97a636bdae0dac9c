//! Grouping the files discovery found into articles: by path outside language trees,
//! by `translationKey` or path inside them; then each file's language, the layout,
//! and whether a section page is worth an article.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use duet_core::{Bilingual, Lang};

use super::{
    ArticleFiles, Candidate, DiscoverOptions, Discovery, Kind, Layout, Unsuffixed, SECTION_MIN_TEXT,
};
use crate::diagnostics::Diagnostics;
use crate::input::lang_name;
use crate::lang_code::guess_from_script;

/// Candidates grouped into articles: outside trees by folder path and name; in
/// trees by `translationKey` when the file has one, else by path inside its tree.
pub(super) fn group(
    candidates: Vec<Candidate>,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<Candidate>> {
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
pub(super) fn settle(
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
    let text = read_prefix(&candidate.path, 256 * 1024);
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
    // The size limit is enforced when the article is read; here a prefix is enough.
    let text = read_prefix(path, crate::document::MAX_FILE_BYTES);
    let body = crate::source::split_front_matter(&text).map_or(text.as_ref(), |parts| parts.body);
    crate::plain_text::markdown_to_text(body)
        .chars()
        .filter(|character| !character.is_whitespace())
        .count()
}

/// The first `limit` bytes of the file at `path` as text (bad UTF-8 replaced, an
/// unreadable file empty): enough to guess a language or measure a section, without
/// reading a huge file whole.
fn read_prefix(path: &Path, limit: u64) -> String {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(limit).read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
