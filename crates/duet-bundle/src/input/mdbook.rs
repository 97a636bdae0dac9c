//! mdBook sources: a folder with `book.toml` and `src/SUMMARY.md`. A translated book
//! usually lives in a repository of its own, so a bilingual reader is built from two
//! books (`duet-bundle build --en <book> --zh <book>`); each chapter listed in
//! `SUMMARY.md` is an article, paired with the other book's chapter at the same path
//! (`ch01-01-installation.md` in both), titled as its summary entry says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use duet_core::{Bilingual, Lang, Site};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostics;
use crate::discover::{ArticleFiles, Discovery, Layout};
use crate::site::Settings;
use crate::slug::normalise_slug;

/// One book as its files describe it.
#[derive(Debug, Clone)]
pub struct Book {
    pub root: PathBuf,
    /// `[book] title`.
    pub title: Option<String>,
    /// `[book] language`, when it names Chinese or English.
    pub lang: Option<Lang>,
    /// The source folder (`[book] src`, `src` by default).
    pub src: PathBuf,
    /// `(title, path inside src)` of every chapter with a file, in reading order.
    pub chapters: Vec<(String, String)>,
}

/// True when `dir` holds an mdBook.
pub fn is_book(dir: &Path) -> bool {
    dir.join("book.toml").is_file()
}

/// Reads `book.toml` and `SUMMARY.md` of the book at `root`.
pub fn read_book(root: &Path, diagnostics: &mut Diagnostics) -> anyhow::Result<Option<Book>> {
    let config_path = root.join("book.toml");
    let config_text = std::fs::read_to_string(&config_path)
        .with_context(|| format!("reading {}", config_path.display()))?;
    let config: toml::Table = match toml::from_str(&config_text) {
        Ok(config) => config,
        Err(error) => {
            let file = crate::source::SourceFile::new(&config_path, config_text.clone());
            let line = error.span().map_or(1, |span| file.line_of(span.start));
            diagnostics
                .error(
                    &config_path,
                    Some(line),
                    format!(
                        "invalid TOML: {}",
                        error.message().trim().replace('\n', " ")
                    ),
                )
                .hint("fix the TOML syntax of book.toml");
            return Ok(None);
        }
    };
    let book = config.get("book").and_then(toml::Value::as_table);
    let text = |key: &str| {
        book.and_then(|book| book.get(key))
            .and_then(toml::Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_string)
    };
    let src = root.join(text("src").unwrap_or_else(|| "src".to_string()));
    let summary_path = src.join("SUMMARY.md");
    let Ok(summary) = std::fs::read_to_string(&summary_path) else {
        diagnostics
            .error(&summary_path, None, "the book has no readable SUMMARY.md")
            .hint("an mdBook lists its chapters in src/SUMMARY.md");
        return Ok(None);
    };
    Ok(Some(Book {
        root: root.to_path_buf(),
        title: text("title"),
        lang: text("language").and_then(|code| Lang::from_code(&code)),
        chapters: chapters(&summary),
        src,
    }))
}

/// `(title, path)` of every linked chapter of a `SUMMARY.md`, in order; draft
/// chapters (an empty link) have no file and are left out.
pub fn chapters(summary: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(summary) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                current = Some((String::new(), dest_url.to_string()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((title, _)) = current.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((title, path)) = current.take() {
                    let path = path
                        .split('#')
                        .next()
                        .unwrap_or_default()
                        .trim_start_matches("./");
                    if path.ends_with(".md") && !found.iter().any(|(_, known)| known == path) {
                        found.push((title.trim().to_string(), path.to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The books given for each language, the settings they imply, and their chapters
/// paired by path.
pub fn discover(books: &Bilingual<Book>, diagnostics: &mut Diagnostics) -> (Settings, Discovery) {
    let mut title: Bilingual<String> = Bilingual::default();
    let mut by_path: BTreeMap<String, ArticleFiles> = BTreeMap::new();
    for lang in Lang::ALL {
        let Some(book) = books.get(lang) else {
            continue;
        };
        if let Some(book_title) = &book.title {
            set(&mut title, lang, book_title.clone());
        }
        for (chapter_title, path) in &book.chapters {
            let file = book.src.join(path);
            if !file.is_file() {
                diagnostics
                    .warning(
                        &book.src.join("SUMMARY.md"),
                        None,
                        format!("chapter file `{path}` not found; left out"),
                    )
                    .hint("fix the link in SUMMARY.md or add the file");
                continue;
            }
            let article = by_path.entry(path.clone()).or_insert_with(|| ArticleFiles {
                slug: String::new(),
                files: Bilingual::default(),
                layout: Layout::BookChapter,
                titles: Some(Bilingual::default()),
            });
            match lang {
                Lang::Zh => article.files.zh = Some(file),
                Lang::En => article.files.en = Some(file),
            }
            if let Some(titles) = article.titles.as_mut() {
                set(titles, lang, chapter_title.clone());
            }
        }
    }
    let mut by_slug: BTreeMap<String, ArticleFiles> = BTreeMap::new();
    for (path, mut article) in by_path {
        let stem = path.trim_end_matches(".md");
        article.slug = stem
            .split('/')
            .map(normalise_slug)
            .collect::<Vec<_>>()
            .join("-");
        if let Some(existing) = by_slug.get(&article.slug) {
            let first = existing
                .files
                .en
                .clone()
                .or(existing.files.zh.clone())
                .unwrap_or_default();
            let second = article
                .files
                .en
                .clone()
                .or(article.files.zh.clone())
                .unwrap_or_default();
            diagnostics
                .error(
                    &second,
                    Some(1),
                    format!(
                        "{} and {} both become the slug `{}`",
                        first.display(),
                        second.display(),
                        article.slug
                    ),
                )
                .hint("rename one of the chapter files");
            continue;
        }
        by_slug.insert(article.slug.clone(), article);
    }
    if title.zh.is_none() && title.en.is_none() {
        title.en = Some("Book".to_string());
    }
    let settings = Settings {
        site: Site {
            title,
            base_path: "/".to_string(),
            nav: Vec::new(),
            tags: Vec::new(),
        },
        default_lang: None,
        trees: Vec::new(),
    };
    let discovery = Discovery {
        articles: by_slug.into_values().collect(),
        ..Discovery::default()
    };
    (settings, discovery)
}

fn set(text: &mut Bilingual<String>, lang: Lang, value: String) {
    match lang {
        Lang::Zh => text.zh = Some(value),
        Lang::En => text.en = Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_chapters_in_order_without_drafts() {
        let summary = "# Summary\n\n[Intro](intro.md)\n\n# Part one\n\n- [First `one`](ch01.md)\n  - [Nested](sub/ch01-01.md#top)\n- [Draft]()\n---\n- [Again](ch01.md)\n";
        assert_eq!(
            chapters(summary),
            [
                ("Intro".to_string(), "intro.md".to_string()),
                ("First one".to_string(), "ch01.md".to_string()),
                ("Nested".to_string(), "sub/ch01-01.md".to_string()),
            ]
        );
    }
}
