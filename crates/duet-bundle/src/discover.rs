//! Finding articles in the content folder, Zola style: `<slug>/index.<lang>.md` or
//! `<slug>.<lang>.md`. Other files are ignored, but stray `.md` files get a warning.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use duet_core::{Bilingual, Lang};

use crate::diagnostics::Diagnostics;
use crate::slug::{ascii_slug, is_valid_slug};

/// The files of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFiles {
    pub slug: String,
    pub files: Bilingual<PathBuf>,
}

/// Every article under `content_dir`, sorted by slug. Slugs that are invalid or
/// defined by both conventions are reported and left out.
pub fn discover(
    content_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Vec<ArticleFiles>> {
    let mut found = Found::default();
    for (name, path) in sorted_entries(content_dir, diagnostics)? {
        if path.is_dir() {
            for (file_name, file_path) in sorted_entries(&path, diagnostics)? {
                if !file_path.is_file() || !is_markdown(&file_name) {
                    continue;
                }
                match file_name.as_str() {
                    "index.zh.md" => found.add(&name, Lang::Zh, file_path, true, diagnostics),
                    "index.en.md" => found.add(&name, Lang::En, file_path, true, diagnostics),
                    _ => {
                        diagnostics
                            .warning(&file_path, Some(1), "not an article file; ignored")
                            .hint("an article folder holds index.zh.md and/or index.en.md");
                    }
                }
            }
        } else if is_markdown(&name) {
            match flat_name(&name) {
                Ok((slug, lang)) => found.add(slug, lang, path, false, diagnostics),
                Err(problem) => {
                    diagnostics
                        .warning(&path, Some(1), format!("{problem}; ignored"))
                        .hint("name articles <slug>.zh.md / <slug>.en.md or <slug>/index.zh.md / <slug>/index.en.md");
                }
            }
        }
    }
    Ok(found.finish())
}

fn is_markdown(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".md")
}

/// `agents.zh.md` → `("agents", Zh)`.
fn flat_name(name: &str) -> Result<(&str, Lang), String> {
    let stem = &name[..name.len() - 3];
    let Some((slug, code)) = stem.rsplit_once('.') else {
        return Err("Markdown file without a language suffix".to_string());
    };
    match code {
        "zh" => Ok((slug, Lang::Zh)),
        "en" => Ok((slug, Lang::En)),
        other => Err(format!(
            "language `{other}` is not supported (only zh and en)"
        )),
    }
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

/// Articles seen so far, with the convention each slug used.
#[derive(Default)]
struct Found {
    articles: BTreeMap<String, (ArticleFiles, bool)>,
    rejected: BTreeSet<String>,
}

impl Found {
    fn add(
        &mut self,
        slug: &str,
        lang: Lang,
        path: PathBuf,
        folder: bool,
        diagnostics: &mut Diagnostics,
    ) {
        if !is_valid_slug(slug) {
            let suggestion = ascii_slug(slug);
            let suggestion = if suggestion.is_empty() {
                "my-article".to_string()
            } else {
                suggestion
            };
            diagnostics
                .error(
                    &path,
                    Some(1),
                    format!(
                        "slug `{slug}` may only use lowercase ASCII letters, digits and hyphens"
                    ),
                )
                .hint(format!("rename it to `{suggestion}`"));
            self.rejected.insert(slug.to_string());
            return;
        }
        if self.rejected.contains(slug) {
            return;
        }
        let entry = self.articles.entry(slug.to_string()).or_insert_with(|| {
            (
                ArticleFiles {
                    slug: slug.to_string(),
                    files: Bilingual::default(),
                },
                folder,
            )
        });
        if entry.1 != folder {
            let other = entry
                .0
                .files
                .zh
                .as_ref()
                .or(entry.0.files.en.as_ref())
                .cloned();
            let other = other.expect("an article entry has a file");
            diagnostics
                .error(
                    &path,
                    Some(1),
                    format!("slug `{slug}` is defined twice: {} and {}", other.display(), path.display()),
                )
                .hint(format!("keep one convention: either the folder {slug}/ with index.<lang>.md, or {slug}.<lang>.md files"));
            self.articles.remove(slug);
            self.rejected.insert(slug.to_string());
            return;
        }
        match lang {
            Lang::Zh => entry.0.files.zh = Some(path),
            Lang::En => entry.0.files.en = Some(path),
        }
    }

    fn finish(self) -> Vec<ArticleFiles> {
        self.articles
            .into_values()
            .map(|(article, _)| article)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, relative: &str) {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }

    #[test]
    fn finds_both_conventions_and_warns_about_strays() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        for file in [
            "site.toml",
            "a/index.zh.md",
            "a/index.en.md",
            "a/pic.png",
            "a/index.fr.md",
            "b.en.md",
            "notes.md",
            ".hidden.md",
            "static/logo.svg",
        ] {
            touch(root, file);
        }
        let mut diagnostics = Diagnostics::default();
        let articles = discover(root, &mut diagnostics).unwrap();
        let slugs: Vec<&str> = articles
            .iter()
            .map(|article| article.slug.as_str())
            .collect();
        assert_eq!(slugs, ["a", "b"]);
        assert!(articles[0].files.zh.is_some() && articles[0].files.en.is_some());
        assert!(articles[1].files.zh.is_none());
        assert_eq!(diagnostics.warning_count(), 2);
        assert_eq!(diagnostics.error_count(), 0);
    }

    #[test]
    fn slug_defined_by_both_conventions_names_both_files() {
        let folder = tempfile::tempdir().unwrap();
        touch(folder.path(), "dup.en.md");
        touch(folder.path(), "dup/index.zh.md");
        let mut diagnostics = Diagnostics::default();
        assert!(discover(folder.path(), &mut diagnostics)
            .unwrap()
            .is_empty());
        let message = &diagnostics.sorted()[0].message;
        assert!(
            message.contains("dup.en.md") && message.contains("index.zh.md"),
            "{message}"
        );
    }

    #[test]
    fn uppercase_slugs_are_errors_with_a_suggestion() {
        let folder = tempfile::tempdir().unwrap();
        touch(folder.path(), "My_Post.en.md");
        let mut diagnostics = Diagnostics::default();
        assert!(discover(folder.path(), &mut diagnostics)
            .unwrap()
            .is_empty());
        let found = diagnostics.sorted()[0];
        assert!(found.hint.as_deref().unwrap().contains("my-post"));
    }

    #[test]
    fn flat_names() {
        assert_eq!(flat_name("x.zh.md"), Ok(("x", Lang::Zh)));
        assert!(flat_name("x.md").is_err());
        assert!(flat_name("x.fr.md").unwrap_err().contains("fr"));
    }
}
