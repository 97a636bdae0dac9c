//! The bundle in memory: site settings, discovered articles parsed and assembled,
//! Chinese words glossed, related reads computed, catalog sorted newest first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use duet_core::{Article, Bilingual, Catalog, Glossary, Lang, SCHEMA_VERSION};

use crate::article::assemble;
use crate::diagnostics::Diagnostics;
use crate::discover::{discover, ArticleFiles};
use crate::document::{self, Document};
use crate::glossary;
use crate::media::{Media, MediaCopy};
use crate::progress::Progress;
use crate::related::related;
use crate::site;

/// Everything a bundle folder holds, ready to be written.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub catalog: Catalog,
    /// In catalog order.
    pub articles: Vec<Article>,
    /// Each article's glossary, by slug; only articles with Chinese words have one.
    pub glossaries: BTreeMap<String, Glossary>,
    pub media: Vec<MediaCopy>,
}

/// Reads `content_dir`. Problems go to `diagnostics`; the bundle is `None` only when
/// the site settings could not be read (callers check for errors either way).
pub fn load(content_dir: &Path, diagnostics: &mut Diagnostics) -> anyhow::Result<Option<Bundle>> {
    let site = site::load(content_dir, diagnostics)?;
    let sources = discover(content_dir, diagnostics)?;
    let mut progress = Progress::new("parsed", sources.len());
    let mut articles = Vec::with_capacity(sources.len());
    let mut media = Vec::new();
    let mut first_use_of_tag: BTreeMap<String, (PathBuf, usize)> = BTreeMap::new();
    for source in &sources {
        if let Some((article, copies)) =
            load_article(content_dir, source, &mut first_use_of_tag, diagnostics)?
        {
            articles.push(article);
            media.extend(copies);
        }
        progress.step();
    }
    let Some(site) = site else {
        return Ok(None);
    };
    let glossaries = glossary::annotate(&mut articles);
    for (tag, (path, line)) in first_use_of_tag {
        if !site.tags.iter().any(|label| label.tag == tag) {
            diagnostics
                .warning(
                    &path,
                    Some(line),
                    format!("tag `{tag}` has no label in site.toml"),
                )
                .hint(format!(
                    "add to site.toml:\n[tags.{tag}]\nzh = \"…\"\nen = \"…\""
                ));
        }
    }
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
    }))
}

/// Parses both language files of one article (so errors in both are reported) and
/// assembles it when neither had errors.
fn load_article(
    content_dir: &Path,
    source: &ArticleFiles,
    first_use_of_tag: &mut BTreeMap<String, (PathBuf, usize)>,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<(Article, Vec<MediaCopy>)>> {
    let mut media = Media::new(&source.slug, content_dir);
    let mut documents: Bilingual<Document> = Bilingual::default();
    let mut failed = false;
    for lang in Lang::ALL {
        let Some(path) = source.files.get(lang) else {
            continue;
        };
        match document::load(path, &mut media, diagnostics)? {
            Some(document) => {
                if let Some(tags) = &document.front.tags {
                    for tag in &tags.value {
                        first_use_of_tag
                            .entry(tag.clone())
                            .or_insert_with(|| (document.path.clone(), tags.line));
                    }
                }
                match lang {
                    Lang::Zh => documents.zh = Some(document),
                    Lang::En => documents.en = Some(document),
                }
            }
            None => failed = true,
        }
    }
    if failed {
        return Ok(None);
    }
    let article = assemble(&source.slug, &documents, diagnostics);
    Ok(Some((article, media.into_copies())))
}
