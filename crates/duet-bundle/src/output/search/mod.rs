//! The search index step of the pipeline: terms of every article in both languages
//! (Chinese also cut into words by jieba, here only), BM25F impacts, shards by term
//! prefix, written under `search/` in the staged bundle. Result excerpts need no files
//! of their own: the app cuts them from the article files, with the same
//! `duet_core::search::passages` this step indexes. The format and the query side
//! live in `duet_core::search`.

pub mod doc_terms;
pub mod index;
pub mod read;
mod shards;

use std::path::Path;

use anyhow::Context;
use duet_core::search::{shard_file, tail_file, SearchManifest, SEARCH_MANIFEST};
use duet_core::{Lang, SCHEMA_VERSION};
use rayon::prelude::*;

use crate::cache::entry::terms_file;
use crate::cache::Cache;
use crate::incremental::Streamed;
use crate::progress::Progress;

pub use duet_core::search::passages::{block_text, passages, Passage};
pub use index::faq_base;

/// Parts of the archive per thread built separately and then merged: a few per
/// thread, so a core that finishes early takes another.
const PARTS_PER_THREAD: usize = 4;

/// Builds the index of the bundle from each article's terms in the cache and writes
/// its files into `folder`.
pub fn write_index(bundle: &Streamed, cache: &Cache, folder: &Path) -> anyhow::Result<()> {
    let count = bundle.placed.len() as u32;
    // Documents in number order: every Chinese side, then every English side.
    let documents: Vec<(u32, u128, Lang)> = Lang::ALL
        .into_iter()
        .enumerate()
        .flat_map(|(side, lang)| {
            bundle
                .placed
                .iter()
                .enumerate()
                .filter(move |(_, placed)| placed.lengths[side].is_some())
                .map(move |(at, placed)| (side as u32 * count + at as u32, placed.key, lang))
        })
        .collect();
    let (docs, avg_len) = index::average_lengths((0..2).flat_map(|side| {
        bundle
            .placed
            .iter()
            .filter_map(move |placed| placed.lengths[side].as_ref())
    }));
    let new_builder = || index::Builder::new(count, docs, bundle.faq_base, avg_len.clone());
    let progress = Progress::new("indexed", documents.len());
    let part = documents
        .len()
        .div_ceil(rayon::current_num_threads() * PARTS_PER_THREAD)
        .max(1);
    // Consecutive runs of documents, each into its own builder on some core; the
    // reduction joins neighbours only, earlier first, so postings stay in document
    // order and the index is the same on any number of threads.
    let builder = documents
        .par_chunks(part)
        .map(|run| -> anyhow::Result<index::Builder> {
            let mut builder = new_builder();
            for (doc, key, lang) in run {
                let bytes = cache.read(*key, terms_file(*lang))?;
                builder.add_encoded(*doc, &bytes).with_context(|| {
                    format!(
                        "the build cache's search terms of entry {key:032x} are damaged; delete {}",
                        cache.folder().display()
                    )
                })?;
                progress.step();
            }
            Ok(builder)
        })
        .try_reduce(new_builder, |earlier, later| Ok(earlier.merge(later)))?;
    let index = builder.finish();
    progress.finish();
    let mut manifest = SearchManifest {
        schema_version: SCHEMA_VERSION,
        articles: index.articles,
        docs: index.docs,
        faq_base: index.faq_base,
        avg_len: index.avg_len.iter().map(|length| round(*length)).collect(),
        shard_starts: Vec::new(),
    };
    let encoded = shards::encode(index);
    manifest.shard_starts = encoded.shard_starts;
    for part in ["search/terms", "search/tails"] {
        let part = folder.join(part);
        std::fs::create_dir_all(&part).with_context(|| format!("creating {}", part.display()))?;
    }
    let manifest = serde_json::to_string(&manifest)?;
    cache.place_gzipped(manifest.as_bytes(), &folder.join(SEARCH_MANIFEST))?;
    encoded
        .files
        .par_iter()
        .enumerate()
        .try_for_each(|(at, text)| {
            cache.place_gzipped(text.as_bytes(), &folder.join(shard_file(at)))
        })?;
    encoded
        .tails
        .par_iter()
        .enumerate()
        .try_for_each(|(number, text)| {
            cache.place_gzipped(text.as_bytes(), &folder.join(tail_file(number as u32)))
        })
}

/// Two decimals are plenty for statistics, and keep the manifest short.
fn round(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}
