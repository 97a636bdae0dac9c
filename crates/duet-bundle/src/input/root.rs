//! What `duet-bundle build <dir>` was pointed at: a Duet content folder (with
//! `site.toml`), the root of a Zola or Hugo site (a config file beside `content/`,
//! images under `static/`), or mdBooks (one, or one per language).

use std::path::{Path, PathBuf};

use duet_core::{Bilingual, Lang};

use crate::diagnostics::Diagnostics;
use crate::mdbook;
use crate::site::{self, Settings, SITE_FILE};
use crate::site_config;

/// Where a build reads from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The folder whose Markdown files are articles.
    pub content_dir: PathBuf,
    /// Where `/…` image paths point first (a site root's `static/`).
    pub static_dir: Option<PathBuf>,
    /// The Zola or Hugo config read for the settings; `None` for `site.toml`.
    pub config: Option<PathBuf>,
    /// mdBook roots by language (`build --en <book> --zh <book>`, or one book).
    pub books: Option<Bilingual<PathBuf>>,
}

impl Input {
    /// Reads `dir` as a Duet content folder when it holds `site.toml` (or nothing
    /// else fits), else as a site root when it holds `content/` and a config file.
    pub fn locate(dir: &Path) -> Input {
        if mdbook::is_book(dir) && !dir.join(SITE_FILE).is_file() {
            return Input::books(Bilingual {
                zh: None,
                en: Some(dir.to_path_buf()),
            });
        }
        let content = dir.join("content");
        if !dir.join(SITE_FILE).is_file() && content.is_dir() {
            if let Some(config) = site_config::find(dir) {
                let static_dir = dir.join("static");
                // A site.toml inside content/ still says what Duet should show.
                let config = (!content.join(SITE_FILE).is_file()).then_some(config);
                return Input {
                    content_dir: content,
                    static_dir: static_dir.is_dir().then_some(static_dir),
                    config,
                    books: None,
                };
            }
        }
        Input {
            content_dir: dir.to_path_buf(),
            static_dir: None,
            config: None,
            books: None,
        }
    }

    /// mdBooks, one per language. A single book given without a language is read in
    /// the language its `book.toml` names (English when it names none).
    pub fn books(books: Bilingual<PathBuf>) -> Input {
        let first = books.en.clone().or(books.zh.clone()).unwrap_or_default();
        Input {
            content_dir: first.clone(),
            static_dir: None,
            config: None,
            books: Some(books),
        }
    }

    /// The site settings, from the config file or `site.toml`.
    pub fn settings(&self, diagnostics: &mut Diagnostics) -> anyhow::Result<Option<Settings>> {
        match &self.config {
            Some(config) => site_config::load(config, &self.content_dir, diagnostics),
            None => site::load(&self.content_dir, diagnostics),
        }
    }

    /// `Zola/Hugo site (config.toml)` or `content folder` for the summary.
    pub fn describe(&self) -> String {
        match &self.config {
            Some(config) => format!(
                "site root, settings from {}",
                config.file_name().unwrap_or_default().to_string_lossy()
            ),
            None if self.books.is_some() => "mdBook".to_string(),
            None => "content folder with site.toml".to_string(),
        }
    }
}

/// The language name for messages.
pub fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "Chinese",
        Lang::En => "English",
    }
}
