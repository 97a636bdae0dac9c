//! The bundle in memory: site settings, discovered articles parsed and assembled,
//! Chinese words glossed, related reads computed, catalog sorted newest first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use duet_core::{Article, ArticleMeta, Bilingual, Catalog, Glossary, Lang, SCHEMA_VERSION};
use rayon::prelude::*;

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

/// Where a run reads from: settings, the articles found and the image roots.
pub struct Prepared {
    pub settings: Option<Settings>,
    pub sources: Vec<ArticleFiles>,
    /// The content folder and the one other folder images may come from.
    pub roots: (PathBuf, Option<PathBuf>),
    pub summary: Summary,
}

/// Reads the settings of `input` and discovers its articles.
pub fn prepare(input: &Input, diagnostics: &mut Diagnostics) -> anyhow::Result<Prepared> {
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
    let summary = Summary {
        sections_skipped: discovery.sections_skipped,
        other_languages_skipped: discovery.other_languages_skipped,
        unsuffixed: discovery.unsuffixed,
        default_lang,
        ..Summary::default()
    };
    Ok(Prepared {
        settings,
        sources: discovery.articles,
        roots,
        summary,
    })
}

/// Adds up, in discovery order, what each article's processing found: counts for
/// the summary, tag spellings and diagnostics.
pub struct Tally<'d> {
    pub summary: Summary,
    pub spellings: Spellings,
    pub diagnostics: &'d mut Diagnostics,
}

impl Tally<'_> {
    /// Counts one article of `source`.
    pub fn add(&mut self, source: &ArticleFiles, outcome: Outcome, built: bool) {
        *self.summary.found.entry(source.layout).or_default() += 1;
        self.summary.drafts += outcome.drafts;
        for (lang, path) in outcome.sources {
            self.summary.sources.push((source.slug.clone(), lang, path));
        }
        for (lang, tags) in &outcome.tags {
            self.spellings.add(*lang, tags);
        }
        self.diagnostics.extend(outcome.diagnostics);
        if outcome.refused {
            self.summary.refused += 1;
        }
        if built {
            *self.summary.layouts.entry(source.layout).or_default() += 1;
        }
    }
}

/// What processing one article found besides the article itself.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    pub drafts: usize,
    /// Language files read (drafts aside).
    pub sources: Vec<(Lang, PathBuf)>,
    /// Tags as each language file wrote them.
    pub tags: Vec<(Lang, Vec<String>)>,
    /// A file had errors, so the article is left out.
    pub refused: bool,
}

/// One article processed: what was found and, unless refused or all drafts, the
/// article with its Chinese words, its glossary and its images.
pub struct Processed {
    pub outcome: Outcome,
    pub article: Option<(Article, Option<Glossary>, Vec<MediaCopy>)>,
    /// Files looked at besides the article's own (see `Media::probe`).
    pub probes: Vec<(PathBuf, Option<u128>)>,
}

/// Reads `input` into memory whole (`check`, the report, tests; `build` streams
/// through the cache instead: [`crate::incremental`]). Articles are processed on
/// every core; results are added up in discovery order, so nothing depends on the
/// thread count. Problems go to `diagnostics`; the bundle is `None` only when the
/// site settings could not be read (callers check for errors either way).
pub fn load_input(
    input: &Input,
    options: RunOptions,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<Bundle>> {
    let prepared = prepare(input, diagnostics)?;
    let progress = Progress::new("parsed", prepared.sources.len());
    let processed: Vec<Processed> = prepared
        .sources
        .par_iter()
        .map(|source| {
            let done = process_article(&prepared.roots, source, options);
            progress.step();
            done
        })
        .collect::<anyhow::Result<_>>()?;
    progress.finish();
    let mut tally = Tally {
        summary: prepared.summary,
        spellings: Spellings::default(),
        diagnostics,
    };
    let mut articles = Vec::with_capacity(processed.len());
    let mut glossaries = BTreeMap::new();
    let mut media = Vec::new();
    for (source, processed) in prepared.sources.iter().zip(processed) {
        tally.add(source, processed.outcome, processed.article.is_some());
        if let Some((article, glossary, copies)) = processed.article {
            if let Some(glossary) = glossary {
                glossaries.insert(article.meta.slug.clone(), glossary);
            }
            articles.push(article);
            media.extend(copies);
        }
    }
    let Some(Settings { mut site, .. }) = prepared.settings else {
        return Ok(None);
    };
    site.tags = tally.spellings.labels(std::mem::take(&mut site.tags));
    sort_newest_first(&mut articles, |article| &article.meta);
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
        summary: tally.summary,
    }))
}

/// Newest first; the slug orders articles of the same day so output is stable.
pub fn sort_newest_first<T>(items: &mut [T], meta: impl Fn(&T) -> &ArticleMeta) {
    items.sort_by(|left, right| {
        let (left, right) = (meta(left), meta(right));
        (&right.date, &left.slug).cmp(&(&left.date, &right.slug))
    });
}

/// Processes one article: both language files parsed (so errors in both are
/// reported), assembled when neither had errors, Chinese words and glossary added.
pub fn process_article(
    roots: &(PathBuf, Option<PathBuf>),
    source: &ArticleFiles,
    options: RunOptions,
) -> anyhow::Result<Processed> {
    let mut outcome = Outcome::default();
    let loaded = load_article(roots, source, options, &mut outcome)?;
    let (article, probes) = match loaded {
        Some((mut article, media)) => {
            let glossary = LEXICON.with_borrow_mut(|lexicon| {
                if article.body.zh.is_some() {
                    // Once per process: says on stderr how long the dictionary took.
                    lexicon.load();
                }
                glossary::annotate_article(&mut article, glossary::jieba(), lexicon)
            });
            let (copies, probes) = media.into_parts();
            (Some((article, glossary, copies)), probes)
        }
        None => (None, Vec::new()),
    };
    Ok(Processed {
        outcome,
        article,
        probes,
    })
}

thread_local! {
    /// Each thread's dictionary look-ups (the dictionaries themselves are shared).
    static LEXICON: std::cell::RefCell<glossary::Lexicon> =
        std::cell::RefCell::new(glossary::Lexicon::default());
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
    outcome: &mut Outcome,
) -> anyhow::Result<Option<(Article, Media)>> {
    let diagnostics = &mut outcome.diagnostics;
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
            Some(document) if document.front.draft => outcome.drafts += 1,
            Some(mut document) => {
                document.dateless |= source.layout == Layout::Section;
                outcome.sources.push((lang, path.clone()));
                if let Some(tags) = &document.front.tags {
                    outcome.tags.push((lang, tags.value.clone()));
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
                outcome.sources.push((lang, path.clone()));
                failed = true;
            }
        }
    }
    if failed {
        outcome.refused = true;
        return Ok(None);
    }
    if documents.zh.is_none() && documents.en.is_none() {
        return Ok(None);
    }
    let article = assemble(&source.slug, &documents, diagnostics);
    Ok(Some((article, media)))
}
