//! Related reads: for each article, up to four others, best first.
//!
//! Score = 3 × shared tags + 1 if they share a source (in either language) + a
//! recency bonus below 1 that decays with the days between their dates. Ties go to
//! the smaller slug. Scores are integers (thousandths) so results never depend on
//! floating-point rounding.

use std::collections::{BTreeMap, HashMap};

use duet_core::format::Date;
use duet_core::ArticleMeta;
use rayon::prelude::*;

use crate::cache::codec::Writer;

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
    let profiles = profiles(metas);
    let groups = groups(&profiles);
    // Spread over every core (results stay in order). Comparing every pair is
    // quadratic in the archive; when articles share few distinct tag and source sets
    // (a newsroom's sections), comparing against each set once is much cheaper.
    if groups.len() * 4 <= metas.len() {
        (0..metas.len())
            .into_par_iter()
            .map(|index| best_by_group(index, metas, &profiles, &groups))
            .collect()
    } else {
        (0..metas.len())
            .into_par_iter()
            .map(|index| best_for(index, metas, &profiles))
            .collect()
    }
}

/// Everything [`related`] reads of `metas`, in order, as bytes: the build cache
/// keeps the related reads of an archive under a hash of these, so an edit that
/// leaves every slug, date, tag and source alone (a typo fixed in a body) does not
/// choose them again. Whatever scoring comes to read must be added here.
pub fn inputs(metas: &[ArticleMeta]) -> Vec<u8> {
    let mut writer = Writer::default();
    writer.uint(metas.len() as u64);
    for meta in metas {
        writer.str(&meta.slug);
        writer.str(&meta.date);
        writer.uint(meta.tags.len() as u64);
        for tag in &meta.tags {
            writer.str(tag);
        }
        for head in [&meta.head.zh, &meta.head.en] {
            writer.opt_str(head.as_ref().and_then(|head| head.source.as_deref()));
        }
    }
    writer.into_bytes()
}

/// Each article's tags, sources and day.
fn profiles(metas: &[ArticleMeta]) -> Vec<Profile> {
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
    metas
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
        .collect()
}

/// Articles with the same tags and sources, by day.
struct Group<'p> {
    profile: &'p Profile,
    /// (day, article index), ascending.
    members: Vec<(i64, usize)>,
}

fn groups(profiles: &[Profile]) -> Vec<Group<'_>> {
    let mut by_profile: HashMap<(&[u64], &[u64]), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for (index, profile) in profiles.iter().enumerate() {
        let next = groups.len();
        let group = *by_profile
            .entry((&profile.tags, &profile.sources))
            .or_insert(next);
        if group == next {
            groups.push(Group {
                profile,
                members: Vec::new(),
            });
        }
        groups[group].members.push((profile.day, index));
    }
    for group in &mut groups {
        group.members.sort_unstable();
    }
    groups
}

/// The same choice as [`best_for`]: groups in descending base score, and within a
/// group its members nearest in date first (recency only falls with distance), each
/// walk stopped once nothing further can beat the fourth best.
fn best_by_group(
    index: usize,
    metas: &[ArticleMeta],
    profiles: &[Profile],
    groups: &[Group],
) -> Vec<String> {
    let own = &profiles[index];
    let mut bases: Vec<(i64, usize)> = groups
        .iter()
        .enumerate()
        .map(|(at, group)| (base_score(own, group.profile), at))
        .collect();
    bases.sort_unstable_by(|left, right| right.0.cmp(&left.0).then(left.1.cmp(&right.1)));
    let mut best: Vec<(i64, &str)> = Vec::with_capacity(RELATED_COUNT + 1);
    let cannot_enter = |best: &Vec<(i64, &str)>, score: i64| {
        best.len() == RELATED_COUNT && score < best[RELATED_COUNT - 1].0
    };
    for (base, at) in bases {
        if cannot_enter(&best, base + MAX_RECENCY) {
            break;
        }
        let members = &groups[at].members;
        let middle = members.partition_point(|(day, _)| *day < own.day);
        let (mut below, mut above) = (middle, middle);
        loop {
            let nearer_below = match (below.checked_sub(1), members.get(above)) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(lower), Some((day, _))) => own.day - members[lower].0 <= day - own.day,
            };
            let (day, other) = if nearer_below {
                below -= 1;
                members[below]
            } else {
                above += 1;
                members[above - 1]
            };
            let score = base + recency((own.day - day).abs());
            if cannot_enter(&best, score) {
                break;
            }
            if other != index {
                consider(&mut best, (score, metas[other].slug.as_str()));
            }
        }
    }
    best.into_iter().map(|(_, slug)| slug.to_string()).collect()
}

fn base_score(own: &Profile, other: &Profile) -> i64 {
    let shared_tags = count_shared(&own.tags, &other.tags);
    let same_source = count_shared(&own.sources, &other.sources) > 0;
    TAG_POINTS * shared_tags + SOURCE_POINTS * i64::from(same_source)
}

/// Keeps `candidate` among the best few, in order.
fn consider<'s>(best: &mut Vec<(i64, &'s str)>, candidate: (i64, &'s str)) {
    if best.len() == RELATED_COUNT && !better(candidate, best[RELATED_COUNT - 1]) {
        return;
    }
    let position = best.partition_point(|kept| better(*kept, candidate));
    best.insert(position, candidate);
    best.truncate(RELATED_COUNT);
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

    /// The grouped search must choose exactly what comparing every pair chooses,
    /// ties included (many articles on the same days with the same tags).
    #[test]
    fn grouped_choice_equals_the_pairwise_one() {
        let tag_sets: [&[&str]; 4] = [&["llm"], &["llm", "agents"], &[], &["chips"]];
        let metas: Vec<ArticleMeta> = (0..300)
            .map(|at| {
                let date = format!("2026-{:02}-{:02}", 1 + at % 3, 1 + (at * 7) % 5);
                let source = ["Wire", "Daily"].get(at % 3);
                meta(
                    &format!("s{at:03}"),
                    &date,
                    tag_sets[at % 4],
                    source.copied(),
                )
            })
            .collect();
        let grouped = related(&metas);
        let profiles = profiles(&metas);
        assert!(
            groups(&profiles).len() * 4 <= metas.len(),
            "the grouped path ran"
        );
        assert_eq!(grouped.len(), metas.len());
        for (index, chosen) in grouped.iter().enumerate() {
            assert_eq!(
                *chosen,
                best_for(index, &metas, &profiles),
                "article {index}"
            );
        }
    }

    #[test]
    fn small_catalogs_give_fewer_reads() {
        assert_eq!(
            related(&[meta("only", "2026-01-01", &[], None)]),
            [Vec::<String>::new()]
        );
    }
}
