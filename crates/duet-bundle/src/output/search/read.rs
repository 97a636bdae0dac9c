//! Querying a built bundle's index from disk, as the app does over the network:
//! the shards the query names, then any tails the ranking asks for. For the
//! bundler's tests, its search probe and the benchmarks.

use std::path::Path;

use anyhow::Context;
use duet_core::search::{decode_shard, search, Query, Ranking, SearchManifest, Shard};

use crate::output::bundle_file::read_to_string;

/// A query answered from a bundle folder: the ranking, the files read for it (in the
/// order read) and their decoded shards.
pub struct Answer {
    pub ranking: Ranking,
    pub files: Vec<String>,
    pub shards: Vec<Shard>,
}

/// Answers `query` from the index in `folder`, at most `limit` articles.
pub fn search_folder(
    folder: &Path,
    manifest: &SearchManifest,
    query: &Query,
    limit: usize,
) -> anyhow::Result<Answer> {
    let mut answer = Answer {
        ranking: Ranking::default(),
        files: Vec::new(),
        shards: Vec::new(),
    };
    let mut wanted = query.shard_files(manifest);
    // At most twice: the second answer, with the tails asked for, is final.
    for _ in 0..2 {
        for file in wanted {
            let text = read_to_string(folder.join(&file))?;
            let shard = decode_shard(&file, &text).with_context(|| format!("reading {file}"))?;
            answer.shards.push(shard);
            answer.files.push(file);
        }
        answer.ranking = search(query, manifest, &answer.shards, limit);
        wanted = std::mem::take(&mut answer.ranking.tails);
        if wanted.is_empty() {
            break;
        }
    }
    Ok(answer)
}
