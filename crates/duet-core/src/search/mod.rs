//! Offline full-text search: the index format, query parsing and ranking, shared by
//! the bundler (which writes the index) and the app (which queries it). Pure: no I/O.
//!
//! Files, all under `search/` in the bundle and stored gzip-compressed:
//! `manifest.json.gz` ([`SearchManifest`], fetched first), `terms/<n>.json.gz` (the
//! [`Shard`]s, fetched as a query needs them,
//! see [`Query::shard_files`]) and `tails/<n>.json.gz` (the tiers of a common word's
//! postings after the head its shard holds, each fetched only when [`search`] asks
//! for it in [`Ranking::tails`]). Excerpts are cut from the article files themselves
//! ([`excerpt()`]), from the same [`passages`] the index was built from, so the index
//! holds no second copy of the text. The layout is described in [`format`]; how text
//! becomes terms in [`tokenize`]; scoring in [`rank`].

pub mod bits;
pub mod excerpt;
pub mod format;
pub mod normalize;
pub mod passages;
pub mod query;
pub mod rank;
pub mod tokenize;

pub use excerpt::{counterpart_start, excerpt, excerpt_start, highlight};
pub use format::{
    decode_manifest, decode_shard, encode_shard, shard_file, tail_file, NamedPassage, Posting,
    SearchManifest, Shard, Tail, TermPostings, HEAD_POSTINGS, SEARCH_MANIFEST,
};
pub use passages::{passage, Passage};
pub use query::Query;
pub use rank::{search, ArticleResult, Hit, Ranking};

use serde::{Deserialize, Serialize};

/// Where in an article a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Abstract,
    Heading,
    Faq,
    Body,
}

impl Field {
    /// Every field, in the order of [`SearchManifest::avg_len`].
    pub const ALL: [Field; 5] = [
        Field::Title,
        Field::Abstract,
        Field::Heading,
        Field::Faq,
        Field::Body,
    ];

    /// How much an occurrence here counts, relative to the body (BM25F field weight,
    /// also used to order an article's hits).
    pub fn weight(self) -> f32 {
        match self {
            Field::Title => 5.0,
            Field::Abstract => 2.5,
            Field::Heading => 2.5,
            Field::Faq => 1.5,
            Field::Body => 1.0,
        }
    }

    /// Position in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}
