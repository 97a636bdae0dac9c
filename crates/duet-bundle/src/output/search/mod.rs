//! The search index step of the pipeline: terms of every article in both languages
//! (Chinese also cut into words by jieba, here only), BM25F impacts, shards by term
//! prefix, written under `search/` in the staged bundle. Result excerpts need no files
//! of their own: the app cuts them from the article files, with the same
//! `duet_core::search::passages` this step indexes. The format and the query side
//! live in `duet_core::search`.

mod index;
mod shards;

use std::path::Path;

use anyhow::Context;
use duet_core::search::{shard_file, SearchManifest, SEARCH_MANIFEST};
use duet_core::SCHEMA_VERSION;
use jieba_rs::Jieba;

use crate::pipeline::Bundle;

pub use duet_core::search::passages::{block_text, passages, Passage};
pub use index::faq_base;

/// Builds the index of `bundle` and writes its files into `folder`.
pub fn write_index(bundle: &Bundle, folder: &Path) -> anyhow::Result<()> {
    let jieba = Jieba::new();
    let index = index::build(&bundle.articles, &jieba);
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
    let terms = folder.join("search/terms");
    std::fs::create_dir_all(&terms).with_context(|| format!("creating {}", terms.display()))?;
    write(folder, SEARCH_MANIFEST, &serde_json::to_string(&manifest)?)?;
    for (at, text) in encoded.files.iter().enumerate() {
        write(folder, &shard_file(at), text)?;
    }
    Ok(())
}

/// Two decimals are plenty for statistics, and keep the manifest short.
fn round(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

fn write(folder: &Path, relative: &str, text: &str) -> anyhow::Result<()> {
    crate::bundle_file::write(&folder.join(relative), text.as_bytes())
}
