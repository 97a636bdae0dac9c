//! Related reads: for each article, up to four others, best first.
//!
//! Score = 3 × shared tags + 1 if they share a source (in either language) + a
//! recency bonus below 1 that decays with the days between their dates. Ties go to
//! the smaller slug. Scores are integers (thousandths) so results never depend on
//! floating-point rounding.

use std::collections::BTreeMap;

use duet_core::format::Date;
use duet_core::ArticleMeta;
use rayon::prelude::*;

/// How many related reads an article lists.
pub const RELATED_COUNT: usize = 4;

const TAG_POINTS: i64 = 3_000;
const SOURCE_POINTS: i64 = 1_000;
/// Days after which the recency bonus has halved.
const HALF_LIFE_DAYS: i64 = 30;

/// What scoring needs of one article: tags and sources as bit sets over interned
/// names, so comparing two articles is a few AND and popcount instructions.
struct Profile {
    tags: Vec<u64>,
    sources: Vec<u64>,
    day: i64,
}

/// The largest recency bonus (two articles of the same day).
const MAX_RECENCY: i64 = recency(0);

/// Related slugs for each article of `metas`, in the same order.
pub fn related(metas: &[ArticleMeta]) -> Vec<Vec<String>> {
    let mut tag_ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut source_ids: BTreeMap<&str, usize> = BTreeMap::new();
    for meta in metas {
        for tag in &meta.tags {
            let next = tag_ids.len();
            tag_ids.entry(tag).or_insert(next);
        }
        for source in sources(meta) {
            let next = source_ids.len();
            source_ids.entry(source).or_insert(next);
        }
    }
    let profiles: Vec<Profile> = metas
        .iter()
        .map(|meta| Profile {
            tags: bit_set(
                meta.tags.iter().map(|tag| tag_ids[tag.as_str()]),
                tag_ids.len(),
            ),
            sources: bit_set(
                sources(meta).map(|source| source_ids[source]),
                source_ids.len(),
            ),
            day: Date::parse(&meta.date).map_or(0, Date::days_since_epoch),
        })
        .collect();
    // Quadratic in the archive: spread over every core (results stay in order).
    (0..metas.len())
        .into_par_iter()
        .map(|index| best_for(index, metas, &profiles))
        .collect()
}

/// The article's sources in either language.
fn sources(meta: &ArticleMeta) -> impl Iterator<Item = &str> {
    [&meta.head.zh, &meta.head.en]
        .into_iter()
        .flatten()
        .filter_map(|head| head.source.as_deref())
}

fn bit_set(ids: impl Iterator<Item = usize>, size: usize) -> Vec<u64> {
    let mut words = vec![0u64; size.div_ceil(64)];
    for id in ids {
        words[id / 64] |= 1 << (id % 64);
    }
    words
}

fn count_shared(left: &[u64], right: &[u64]) -> i64 {
    left.iter()
        .zip(right)
        .map(|(left, right)| i64::from((left & right).count_ones()))
        .sum()
}

fn best_for(index: usize, metas: &[ArticleMeta], profiles: &[Profile]) -> Vec<String> {
    let own = &profiles[index];
    // Keep only the best few while scanning: the corpus may hold tens of thousands.
    let mut best: Vec<(i64, &str)> = Vec::with_capacity(RELATED_COUNT + 1);
    for (other_index, other) in profiles.iter().enumerate() {
        if other_index == index {
            continue;
        }
        let shared_tags = count_shared(&own.tags, &other.tags);
        let same_source = count_shared(&own.sources, &other.sources) > 0;
        let base = TAG_POINTS * shared_tags + SOURCE_POINTS * i64::from(same_source);
        // Skip the division when even the best recency bonus could not get in.
        if best.len() == RELATED_COUNT && base + MAX_RECENCY < best[RELATED_COUNT - 1].0 {
            continue;
        }
        let candidate = (
            base + recency((own.day - other.day).abs()),
            metas[other_index].slug.as_str(),
        );
        if best.len() == RELATED_COUNT && !better(candidate, best[RELATED_COUNT - 1]) {
            continue;
        }
        let position = best.partition_point(|kept| better(*kept, candidate));
        best.insert(position, candidate);
        best.truncate(RELATED_COUNT);
    }
    best.into_iter().map(|(_, slug)| slug.to_string()).collect()
}

/// Higher score first, then smaller slug.
fn better(left: (i64, &str), right: (i64, &str)) -> bool {
    left.0 > right.0 || (left.0 == right.0 && left.1 < right.1)
}

/// The recency bonus in thousandths: just under 1 for the same day, halved after
/// [`HALF_LIFE_DAYS`].
const fn recency(days_apart: i64) -> i64 {
    1_000 * HALF_LIFE_DAYS / (HALF_LIFE_DAYS + days_apart + 1)
}

#[cfg(test)]
mod tests {
    use duet_core::{ArticleHead, Bilingual};

    use super::*;

    fn meta(slug: &str, date: &str, tags: &[&str], source: Option<&str>) -> ArticleMeta {
        ArticleMeta {
            slug: slug.into(),
            date: date.into(),
            updated: None,
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
            views: 0,
            related: Vec::new(),
            head: Bilingual {
                zh: None,
                en: Some(ArticleHead {
                    title: slug.into(),
                    description: String::new(),
                    source: source.map(str::to_string),
                    authors: Vec::new(),
                    reading_minutes: 1,
                }),
            },
            difficulty: None,
        }
    }

    #[test]
    fn shared_tags_outweigh_source_and_recency() {
        let metas = [
            meta("a", "2026-01-01", &["llm", "agents"], Some("Wire")),
            meta("b", "2026-01-02", &[], Some("Wire")),
            meta("c", "2020-01-01", &["llm", "agents"], None),
            meta("d", "2026-01-01", &["llm"], None),
            meta("e", "2026-01-01", &[], None),
            meta("f", "2026-01-01", &[], None),
        ];
        let related = related(&metas);
        assert_eq!(related[0], ["c", "d", "b", "e"]);
        assert!(related
            .iter()
            .enumerate()
            .all(|(index, slugs)| !slugs.contains(&metas[index].slug)));
    }

    #[test]
    fn recency_breaks_equal_tags_and_slug_breaks_exact_ties() {
        let metas = [
            meta("x", "2026-06-01", &["t"], None),
            meta("far", "2025-06-01", &["t"], None),
            meta("near", "2026-05-30", &["t"], None),
            meta("bb", "2026-06-03", &[], None),
            meta("aa", "2026-06-03", &[], None),
        ];
        assert_eq!(related(&metas)[0], ["near", "far", "aa", "bb"]);
    }

    #[test]
    fn source_in_either_language_counts() {
        let mut first = meta("a", "2026-01-01", &[], None);
        first.head.zh = Some(ArticleHead {
            source: Some("新闻".into()),
            ..first.head.en.clone().unwrap()
        });
        let second = meta("b", "2024-01-01", &[], Some("新闻"));
        let third = meta("c", "2026-01-01", &[], None);
        assert_eq!(related(&[first, second, third])[0], ["b", "c"]);
    }

    #[test]
    fn small_catalogs_give_fewer_reads() {
        assert_eq!(
            related(&[meta("only", "2026-01-01", &[], None)]),
            [Vec::<String>::new()]
        );
    }
}
