//! The search index step of the pipeline: terms of every article in both languages
//! (Chinese also cut into words by jieba, here only), BM25F impacts, shards by term
//! prefix, and per-article excerpts, written under `search/` in the staged bundle.
//! The format and the query side live in `duet_core::search`.

mod excerpts;
mod index;
mod passages;
mod shards;

use std::path::Path;

use anyhow::Context;
use duet_core::search::{excerpt_file, shard_file, SearchManifest, SEARCH_MANIFEST};
use duet_core::SCHEMA_VERSION;
use jieba_rs::Jieba;

use crate::pipeline::Bundle;
use crate::progress::Progress;

pub use index::faq_base;
pub use passages::{block_text, passages, Passage};

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
    let faq_base = index.faq_base;
    let encoded = shards::encode(index);
    manifest.shard_starts = encoded.shard_starts;
    for folder in [folder.join("search/terms"), folder.join("search/excerpts")] {
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("creating {}", folder.display()))?;
    }
    write(folder, SEARCH_MANIFEST, &serde_json::to_string(&manifest)?)?;
    for (at, text) in encoded.files.iter().enumerate() {
        write(folder, &shard_file(at), text)?;
    }
    let mut progress = Progress::new("excerpted", bundle.articles.len());
    for article in &bundle.articles {
        let excerpts = excerpts::excerpts(article, faq_base);
        write(
            folder,
            &excerpt_file(&article.meta.slug),
            &serde_json::to_string(&excerpts)?,
        )?;
        progress.step();
    }
    Ok(())
}

/// Two decimals are plenty for statistics, and keep the manifest short.
fn round(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

fn write(folder: &Path, relative: &str, text: &str) -> anyhow::Result<()> {
    let path = folder.join(relative);
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}
