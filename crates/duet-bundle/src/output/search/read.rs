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
    // Until the ranking asks for nothing more: each round, the next tier of the
    // common words it could not settle (a file is never asked for twice).
    while !wanted.is_empty() {
        for file in wanted {
            if answer.files.contains(&file) {
                anyhow::bail!("the ranking asked for {file} again");
            }
            let text = read_to_string(folder.join(&file))?;
            let shard = decode_shard(&file, &text).with_context(|| format!("reading {file}"))?;
            answer.shards.push(shard);
            answer.files.push(file);
        }
        answer.ranking = search(query, manifest, &answer.shards, limit);
        wanted = std::mem::take(&mut answer.ranking.tails);
    }
    Ok(answer)
}
