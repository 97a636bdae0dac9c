//! The bundle in memory: site settings, discovered articles parsed and assembled,
//! Chinese words glossed, related reads computed, catalog sorted newest first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use duet_core::{Article, Bilingual, Catalog, Glossary, Lang, SCHEMA_VERSION};

use crate::article::assemble;
use crate::diagnostics::Diagnostics;
use crate::discover::{discover, ArticleFiles, DiscoverOptions, Layout, Unsuffixed};
use crate::document::{self, Document};
use crate::glossary;
use crate::input::Input;
use crate::mdbook;
use crate::media::{Media, MediaCopy};
use crate::progress::Progress;
use crate::related::related;
use crate::site::Settings;
use crate::tags::Spellings;

/// Everything a bundle folder holds, ready to be written.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub catalog: Catalog,
    /// In catalog order.
    pub articles: Vec<Article>,
    /// Each article's glossary, by slug; only articles with Chinese words have one.
    pub glossaries: BTreeMap<String, Glossary>,
    pub media: Vec<MediaCopy>,
    /// What was found and skipped, for the build summary.
    pub summary: Summary,
}

/// What a run found, beyond the articles themselves.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Articles built, by layout.
    pub layouts: BTreeMap<Layout, usize>,
    /// Language files with `draft = true`, skipped.
    pub drafts: usize,
    pub sections_skipped: usize,
    pub other_languages_skipped: usize,
    pub unsuffixed: Unsuffixed,
    /// The default language the site's settings gave, if any.
    pub default_lang: Option<Lang>,
    /// Articles left out because a file had errors.
    pub refused: usize,
    /// Every language file read (drafts aside), with its article's slug: what the
    /// compatibility report compares the bundle against.
    pub sources: Vec<(String, Lang, PathBuf)>,
    /// Articles found (built or refused), by layout.
    pub found: BTreeMap<Layout, usize>,
}

/// How a run reads its input.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// List every front matter key Duet ignores, as warnings.
    pub strict: bool,
}

/// Reads the Duet content folder `content_dir` (see [`load_input`]).
pub fn load(content_dir: &Path, diagnostics: &mut Diagnostics) -> anyhow::Result<Option<Bundle>> {
    let input = Input {
        content_dir: content_dir.to_path_buf(),
        static_dir: None,
        config: None,
        books: None,
    };
    load_input(&input, RunOptions::default(), diagnostics)
}

/// Reads `input`. Problems go to `diagnostics`; the bundle is `None` only when the
/// site settings could not be read (callers check for errors either way).
pub fn load_input(
    input: &Input,
    options: RunOptions,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<Bundle>> {
    let (settings, discovery, roots) = match &input.books {
        Some(books) => read_books(books, diagnostics)?,
        None => {
            let settings = input.settings(diagnostics)?;
            let discover_options = DiscoverOptions {
                default_lang: settings.as_ref().and_then(|settings| settings.default_lang),
                trees: settings
                    .as_ref()
                    .map(|settings| settings.trees.clone())
                    .unwrap_or_default(),
            };
            let discovery = discover(&input.content_dir, &discover_options, diagnostics)?;
            let roots = (input.content_dir.clone(), input.static_dir.clone());
            (settings, discovery, roots)
        }
    };
    let default_lang = settings.as_ref().and_then(|settings| settings.default_lang);
    let mut summary = Summary {
        sections_skipped: discovery.sections_skipped,
        other_languages_skipped: discovery.other_languages_skipped,
        unsuffixed: discovery.unsuffixed,
        default_lang,
        ..Summary::default()
    };
    let sources = discovery.articles;
    let mut progress = Progress::new("parsed", sources.len());
    let mut articles = Vec::with_capacity(sources.len());
    let mut media = Vec::new();
    let mut spellings = Spellings::default();
    for source in &sources {
        *summary.found.entry(source.layout).or_default() += 1;
        let loaded = load_article(
            &roots,
            source,
            options,
            &mut spellings,
            &mut summary,
            diagnostics,
        )?;
        if let Some((article, copies)) = loaded {
            *summary.layouts.entry(source.layout).or_default() += 1;
            articles.push(article);
            media.extend(copies);
        }
        progress.step();
    }
    let Some(Settings { mut site, .. }) = settings else {
        return Ok(None);
    };
    site.tags = spellings.labels(std::mem::take(&mut site.tags));
    let glossaries = glossary::annotate(&mut articles);
    // Newest first; the slug orders articles of the same day so output is stable.
    articles.sort_by(|left, right| {
        (&right.meta.date, &left.meta.slug).cmp(&(&left.meta.date, &right.meta.slug))
    });
    let metas: Vec<_> = articles
        .iter()
        .map(|article| article.meta.clone())
        .collect();
    for (article, related) in articles.iter_mut().zip(related(&metas)) {
        article.meta.related = related;
    }
    Ok(Some(Bundle {
        catalog: Catalog {
            schema_version: SCHEMA_VERSION,
            site,
            articles: articles
                .iter()
                .map(|article| article.meta.clone())
                .collect(),
        },
        articles,
        glossaries,
        media,
        summary,
    }))
}

/// The settings, chapters and image roots of mdBooks. Images may come from either
/// book's source folder: the second is given to `Media` as its `static_dir`, the one
/// other folder it lets images come from.
#[allow(clippy::type_complexity)]
fn read_books(
    roots: &Bilingual<PathBuf>,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<(
    Option<Settings>,
    crate::discover::Discovery,
    (PathBuf, Option<PathBuf>),
)> {
    let mut books = Bilingual::default();
    let single = roots.zh.is_none() || roots.en.is_none();
    for lang in Lang::ALL {
        let Some(root) = roots.get(lang) else {
            continue;
        };
        if let Some(book) = mdbook::read_book(root, diagnostics)? {
            // One book alone is in the language its book.toml names.
            let lang = if single {
                book.lang.unwrap_or(lang)
            } else {
                lang
            };
            match lang {
                Lang::Zh => books.zh = Some(book),
                Lang::En => books.en = Some(book),
            }
        }
    }
    let sources: Vec<PathBuf> = Lang::ALL
        .into_iter()
        .filter_map(|lang| books.get(lang).map(|book: &mdbook::Book| book.src.clone()))
        .collect();
    if sources.is_empty() {
        return Ok((
            None,
            crate::discover::Discovery::default(),
            (PathBuf::new(), None),
        ));
    }
    let (settings, discovery) = mdbook::discover(&books, diagnostics);
    Ok((
        Some(settings),
        discovery,
        (sources[0].clone(), sources.get(1).cloned()),
    ))
}

/// Parses both language files of one article (so errors in both are reported) and
/// assembles it when neither had errors. Drafts are skipped; an article whose every
/// file is a draft is none.
fn load_article(
    roots: &(PathBuf, Option<PathBuf>),
    source: &ArticleFiles,
    options: RunOptions,
    spellings: &mut Spellings,
    summary: &mut Summary,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<(Article, Vec<MediaCopy>)>> {
    let mut media = Media::new(&source.slug, &roots.0).with_static_dir(roots.1.as_deref());
    let mut documents: Bilingual<Document> = Bilingual::default();
    let mut failed = false;
    for lang in Lang::ALL {
        let Some(path) = source.files.get(lang) else {
            continue;
        };
        let title = source
            .titles
            .as_ref()
            .map(|titles| titles.get(lang).cloned().unwrap_or_default());
        let document = match title {
            Some(title) => document::load_chapter(path, &title, &mut media, diagnostics)?,
            None => document::load(path, &mut media, diagnostics)?,
        };
        match document {
            Some(document) if document.front.draft => summary.drafts += 1,
            Some(mut document) => {
                document.dateless |= source.layout == Layout::Section;
                summary
                    .sources
                    .push((source.slug.clone(), lang, path.clone()));
                if let Some(tags) = &document.front.tags {
                    spellings.add(lang, &tags.value);
                }
                if options.strict {
                    for key in &document.front.ignored {
                        diagnostics
                            .warning(&document.path, Some(key.line), format!("front matter key `{}` ignored", key.value))
                            .hint("Duet reads title, description, date, updated, authors, tags, draft and [extra] source/views/faq/comments");
                    }
                }
                match lang {
                    Lang::Zh => documents.zh = Some(document),
                    Lang::En => documents.en = Some(document),
                }
            }
            None => {
                summary
                    .sources
                    .push((source.slug.clone(), lang, path.clone()));
                failed = true;
            }
        }
    }
    if failed {
        summary.refused += 1;
        return Ok(None);
    }
    if documents.zh.is_none() && documents.en.is_none() {
        return Ok(None);
    }
    let article = assemble(&source.slug, &documents, diagnostics);
    Ok(Some((article, media.into_copies())))
}
