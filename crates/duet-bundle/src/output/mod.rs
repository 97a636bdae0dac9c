//! Stage 4, output: the assembled site written as bundle files (catalog head and list pages, articles,
//! glossaries, media, search index), gzip-compressed where the reader expects it,
//! into a temporary folder that replaces the old bundle atomically.

pub mod bundle_file;
pub mod lists;
pub mod search;
pub mod write;
