//! Measures a built bundle's search index natively: bytes a cold query fetches
//! (manifest, shards, the tails the ranking asked for, the article files the app cuts
//! excerpts from) and the ranking time once they are loaded (both rankings when
//! tails were asked for). Not a test: run it on a bundle and read the table.
//!
//! `cargo run --release -p duet-bundle --example search_probe -- BUNDLE_DIR [QUERY…]`

use std::path::{Path, PathBuf};
use std::time::Instant;

use duet_bundle::output::search::read::search_folder;
use duet_core::article_path;
use duet_core::search::{decode_manifest, search, Query, SEARCH_MANIFEST};

/// Results the app shows, and how many of them it fetches the article of for
/// excerpts (the others show their abstract, from the catalog).
const SHOWN: usize = 10;
const EXCERPTED: usize = 5;
const ROUNDS: usize = 200;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let bundle = PathBuf::from(
        args.next()
            .expect("usage: search_probe BUNDLE_DIR [QUERY…]"),
    );
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = [
            "model",
            "regulators",
            "模型",
            "监管",
            "推理成本",
            "大型语言模型",
            "GPU 芯片",
            "AI 芯片 cost",
            "开源社区 open",
            "lang",
            "研究人员重新定义了训练数据的来源",
            "大型语言模型改变了人机协作的模式",
        ]
        .map(String::from)
        .to_vec();
    }
    let read = |relative: &str| duet_bundle::bundle_file::read_to_string(bundle.join(relative));
    let catalog = duet_bundle::bundle_file::read_catalog(&bundle)?;
    let manifest_text = read(SEARCH_MANIFEST)?;
    let manifest = decode_manifest(SEARCH_MANIFEST, &manifest_text)?;
    let (terms_bytes, term_files) = folder_bytes(&bundle.join("search/terms"));
    println!(
        "index: manifest {} B, {term_files} shards {} B; total {} B",
        manifest_text.len(),
        terms_bytes,
        manifest_text.len() as u64 + terms_bytes
    );
    println!("| query | shards + tails | index B | article B | cold B | p50 ms | p95 ms | top |");
    println!("|---|---|---|---|---|---|---|---|");
    for text in &queries {
        let query = Query::parse(text);
        let heads = query.shard_files(&manifest).len();
        let answer = search_folder(&bundle, &manifest, &query, SHOWN)?;
        let mut shard_bytes = 0;
        for file in &answer.files {
            shard_bytes += std::fs::metadata(bundle.join(file))?.len() as usize;
        }
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let first = search(&query, &manifest, &answer.shards[..heads], SHOWN);
            if !first.tails.is_empty() {
                search(&query, &manifest, &answer.shards, SHOWN);
            }
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let results = answer.ranking.results;
        let files = answer.files;
        times.sort_by(f64::total_cmp);
        let excerpts: usize = results
            .iter()
            .take(EXCERPTED)
            .map(|result| {
                let slug = &catalog.articles[result.article].slug;
                std::fs::metadata(bundle.join(article_path(slug)))
                    .map_or(0, |meta| meta.len() as usize)
            })
            .sum();
        let top = results
            .first()
            .map(|result| {
                let hit = result.hits.first();
                format!(
                    "{} {}",
                    catalog.articles[result.article].slug,
                    hit.map(|hit| format!("{}:{}", hit.lang.code(), hit.pair_id))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        println!(
            "| {text} | {heads} + {} | {shard_bytes} | {excerpts} | {} | {:.3} | {:.3} | {top} |",
            files.len() - heads,
            manifest_text.len() + shard_bytes + excerpts,
            times[ROUNDS / 2],
            times[ROUNDS * 95 / 100],
        );
    }
    Ok(())
}

/// Total bytes and count of the files in `folder`.
fn folder_bytes(folder: &Path) -> (u64, usize) {
    let entries: Vec<u64> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|entry| entry.metadata().ok())
                .map(|meta| meta.len())
                .collect()
        })
        .unwrap_or_default();
    (entries.iter().sum(), entries.len())
}
