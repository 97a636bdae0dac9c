//! The `build` command's pipeline: the same stages as [`crate::pipeline`], streamed
//! through the build cache ([`crate::cache`]) so that memory stays bounded and an
//! unchanged article is not processed again.
//!
//! Each article is processed on some core (or read back from its cache entry) into
//! what the rest of the build needs: its catalog entry, counts, warnings, search
//! field lengths. Its body, glossary and search terms go to the cache folder at
//! once, so no body of the archive stays in memory. Results are added up in
//! discovery order and sorted as before, so the bundle is the same whatever the
//! thread count and whether the cache was there.

use duet_core::{ArticleMeta, Catalog, Lang, SCHEMA_VERSION};
use rayon::prelude::*;

use crate::cache::codec::{Reader, Writer};
use crate::cache::entry::{terms_file, ARTICLE, GLOSSARY};
use crate::cache::{Built, Cache, Entry, KeyContext};
use crate::diagnostics::Diagnostics;
use crate::discover::ArticleFiles;
use crate::glossary;
use crate::input::Input;
use crate::media::MediaCopy;
use crate::pipeline::{
    prepare, process_article, sort_newest_first, Outcome, Prepared, Processed, RunOptions, Summary,
    Tally,
};
use crate::progress::Progress;
use crate::related::{self, related};
use crate::search::doc_terms::extract;
use crate::search::index::faq_base_for;
use crate::site::Settings;
use crate::tags::Spellings;

/// The bundle to write: the catalog in memory, every article's files in the cache.
pub struct Streamed {
    pub catalog: Catalog,
    /// Each article of the catalog, in the same order: where its files are.
    pub placed: Vec<Placed>,
    pub media: Vec<MediaCopy>,
    pub summary: Summary,
    /// The search index's first FAQ passage number.
    pub faq_base: u16,
    /// Articles read back from the cache rather than processed.
    pub reused: usize,
}

/// One article's files in the cache.
pub struct Placed {
    pub key: u128,
    /// Hash of the article's stored JSON (see [`Built::article_hash`]).
    pub article_hash: u128,
    pub has_glossary: bool,
    /// Search field lengths per language ([`Lang::ALL`] order).
    pub lengths: [Option<[u32; 5]>; 2],
}

/// One article after processing or reading back.
struct Done {
    outcome: Outcome,
    built: Option<Built>,
    key: u128,
    reused: bool,
}

/// Reads `input` through `cache`. The bundle is `None` only when the site settings
/// could not be read (callers check `diagnostics` for errors either way).
pub fn load(
    input: &Input,
    options: RunOptions,
    diagnostics: &mut Diagnostics,
    cache: &Cache,
) -> anyhow::Result<Option<Streamed>> {
    let prepared = prepare(input, diagnostics)?;
    let progress = Progress::new("parsed", prepared.sources.len());
    let done: Vec<Done> = prepared
        .sources
        .par_iter()
        .map(|source| {
            let done = process_or_reuse(&prepared, source, options, cache);
            progress.step();
            done
        })
        .collect::<anyhow::Result<_>>()?;
    let reused = done.iter().filter(|done| done.reused).count();
    progress.finish_with(&format!(", {reused} unchanged (from the cache)"));
    let mut tally = Tally {
        summary: prepared.summary,
        spellings: Spellings::default(),
        diagnostics,
    };
    let mut built = Vec::with_capacity(done.len());
    for (source, done) in prepared.sources.iter().zip(done) {
        tally.add(source, done.outcome, done.built.is_some());
        if let Some(article) = done.built {
            built.push((article, done.key));
        }
    }
    let Some(Settings { mut site, .. }) = prepared.settings else {
        return Ok(None);
    };
    site.tags = tally.spellings.labels(std::mem::take(&mut site.tags));
    sort_newest_first(&mut built, |(article, _)| &article.meta);
    let most_pairs = built
        .iter()
        .map(|(article, _)| article.pairs)
        .max()
        .unwrap_or(0);
    let mut media = Vec::new();
    let mut metas = Vec::with_capacity(built.len());
    let mut placed = Vec::with_capacity(built.len());
    for (article, key) in built {
        media.extend(article.media);
        metas.push(article.meta);
        placed.push(Placed {
            key,
            article_hash: article.article_hash,
            has_glossary: article.has_glossary,
            lengths: article.lengths,
        });
    }
    let related = choose_related(cache, &metas)?;
    for (meta, related) in metas.iter_mut().zip(related) {
        meta.related = related;
    }
    Ok(Some(Streamed {
        catalog: Catalog {
            schema_version: SCHEMA_VERSION,
            site,
            articles: metas,
        },
        placed,
        media,
        summary: tally.summary,
        faq_base: faq_base_for(most_pairs),
        reused,
    }))
}

/// The cache's entry for `source` when it is there and current, else the article
/// processed and, when it has no error, stored.
fn process_or_reuse(
    prepared: &Prepared,
    source: &ArticleFiles,
    options: RunOptions,
    cache: &Cache,
) -> anyhow::Result<Done> {
    let context = KeyContext {
        roots: &prepared.roots,
        strict: options.strict,
    };
    let key = cache.key(source, &context);
    if let Some(entry) = key.and_then(|key| cache.lookup(key)) {
        return Ok(Done {
            outcome: Outcome {
                diagnostics: Diagnostics::from_items(entry.diagnostics),
                drafts: entry.drafts,
                sources: entry.sources,
                tags: entry.tags,
                refused: false,
            },
            built: entry.built,
            key: key.unwrap_or_default(),
            reused: true,
        });
    }
    let Processed {
        outcome,
        article,
        probes,
    } = process_article(&prepared.roots, source, options)?;
    // A file that could not be read has an error, so the build writes nothing; the
    // key is only a name for its (unused) files then.
    let key = key.unwrap_or_else(|| crate::cache::hash(source.slug.as_bytes()));
    let Some((article, glossary, media)) = article else {
        let entry = Entry {
            probes,
            drafts: outcome.drafts,
            sources: outcome.sources.clone(),
            tags: outcome.tags.clone(),
            diagnostics: outcome.diagnostics.items().to_vec(),
            built: None,
        };
        if !outcome.refused && !outcome.diagnostics.has_errors() {
            cache.store(key, &entry, &[])?;
        }
        return Ok(Done {
            outcome,
            built: None,
            key,
            reused: false,
        });
    };
    let jieba = glossary::jieba();
    let mut lengths = [None, None];
    let mut terms: Vec<(&str, Vec<u8>)> = Vec::new();
    for (slot, lang) in lengths.iter_mut().zip(Lang::ALL) {
        if let Some(found) = extract(&article, lang, jieba) {
            *slot = Some(found.length);
            let mut writer = Writer::default();
            found.encode(&mut writer);
            terms.push((terms_file(lang), writer.into_bytes()));
        }
    }
    let json = serde_json::to_vec(&article)?;
    let built = Built {
        article_hash: crate::cache::hash(&json),
        meta: article.meta.clone(),
        pairs: article.pairs.len(),
        lengths,
        has_glossary: glossary.is_some(),
        media,
    };
    let entry = Entry {
        probes,
        drafts: outcome.drafts,
        sources: outcome.sources.clone(),
        tags: outcome.tags.clone(),
        diagnostics: outcome.diagnostics.items().to_vec(),
        built: Some(built),
    };
    if !outcome.diagnostics.has_errors() {
        let glossary = match &glossary {
            Some(glossary) => Some(crate::bundle_file::gzip(&serde_json::to_vec(glossary)?)?),
            None => None,
        };
        let mut files: Vec<(&str, &[u8])> = vec![(ARTICLE, &json)];
        if let Some(glossary) = &glossary {
            files.push((GLOSSARY, glossary));
        }
        for (what, bytes) in &terms {
            files.push((what, bytes));
        }
        cache.store(key, &entry, &files)?;
    }
    Ok(Done {
        outcome,
        built: entry.built,
        key,
        reused: false,
    })
}

/// Related reads of `metas`, read back from the cache when no slug, date, tag or
/// source changed since they were chosen (choosing compares every article with
/// every group of alike articles: the largest step of a rebuild after a text edit).
fn choose_related(cache: &Cache, metas: &[ArticleMeta]) -> anyhow::Result<Vec<Vec<String>>> {
    let decode = |bytes: &[u8]| -> Option<Vec<Vec<String>>> {
        let mut reader = Reader::new(bytes);
        let lists = (0..reader.count()?)
            .map(|_| (0..reader.count()?).map(|_| reader.string()).collect())
            .collect::<Option<Vec<Vec<String>>>>()?;
        (reader.is_done() && lists.len() == metas.len()).then_some(lists)
    };
    cache.derived("related", &related::inputs(metas), decode, || {
        let lists = related(metas);
        let mut writer = Writer::default();
        writer.uint(lists.len() as u64);
        for list in &lists {
            writer.uint(list.len() as u64);
            for slug in list {
                writer.str(slug);
            }
        }
        (lists, writer.into_bytes())
    })
}
