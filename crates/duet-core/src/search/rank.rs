//! Ranking: BM25F with impacts computed at build time, a proximity boost for query
//! parts found in the same passage, and the passages (hits) that matched.
//!
//! Each posting carries the document's BM25F weight for the term, saturated and
//! quantised ([`impact`]), so a query only adds `idf × impact` per part. Documents
//! holding every part of the query come first (a part missing from the whole index,
//! such as a typo, lets the others still find something); among them, the score is
//! multiplied by up to 1 + [`PROXIMITY`] by the largest share of the query found in
//! one passage. For a Chinese phrase this is the share of its bigrams in one block,
//! which stands in for adjacency: positions inside passages are not stored, to keep
//! the index small.

use std::borrow::Borrow;

use super::format::{
    Posting, SearchManifest, Shard, TermPostings, ABSTRACT_PASSAGE, FIRST_PAIR_PASSAGE,
    IMPACT_LEVELS, TITLE_PASSAGE,
};
use super::query::{Query, Slot};
use super::Field;
use crate::lang::Lang;

/// BM25 term-frequency saturation.
pub const K1: f32 = 1.2;
/// Largest extra factor for all query parts in one passage.
pub const PROXIMITY: f32 = 1.0;
/// How much an indexed jieba word found inside the query adds, relative to a part.
const WORD_WEIGHT: f32 = 0.5;
/// How much the article's other language adds to its best one.
const OTHER_LANGUAGE: f32 = 0.3;
/// Hits returned per article.
const HITS_PER_ARTICLE: usize = 4;

/// One article found, with its best passages.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleResult {
    /// Index into `Catalog.articles`.
    pub article: usize,
    pub score: f32,
    /// Best first, at most a few, each passage once.
    pub hits: Vec<Hit>,
}

/// A passage that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub lang: Lang,
    /// `BlockPair.id`, or `title`, `abstract`, `faq-N`.
    pub pair_id: String,
    pub field: Field,
    pub score: f32,
}

/// The quantised BM25F impact of a term in a document: term counts and lengths per
/// field (in [`Field::ALL`] order) against the corpus's average lengths.
pub fn impact(counts: &[u32; 5], lengths: &[u32; 5], average: &[f32]) -> u8 {
    let mut pseudo_count = 0.0;
    for field in Field::ALL {
        let at = field.index();
        if counts[at] == 0 {
            continue;
        }
        let b = if field == Field::Body { 0.75 } else { 0.5 };
        let average = average.get(at).copied().unwrap_or(1.0).max(1.0);
        let norm = 1.0 - b + b * lengths[at] as f32 / average;
        pseudo_count += field.weight() * counts[at] as f32 / norm;
    }
    let saturated = pseudo_count / (K1 + pseudo_count);
    (saturated * f32::from(IMPACT_LEVELS))
        .ceil()
        .clamp(1.0, f32::from(IMPACT_LEVELS)) as u8
}

/// What one document gathered.
struct Candidate {
    doc: u32,
    /// Best `idf × impact × weight` per query slot (0 when absent).
    slot_scores: Vec<f32>,
    bonus: f32,
    passages: Vec<PassageMatch>,
}

struct PassageMatch {
    passage: u16,
    /// Bit `i` set when slot `i` occurs here.
    slots: u64,
    score: f32,
}

impl Candidate {
    fn add_passages(&mut self, posting: &Posting, slot: Option<usize>, score: f32) {
        for passage in posting.passages() {
            let bit = slot.map_or(0, |slot| 1u64 << slot);
            match self
                .passages
                .iter_mut()
                .find(|found| found.passage == *passage)
            {
                Some(found) if found.slots & bit != 0 => {}
                Some(found) => {
                    found.slots |= bit;
                    found.score += score;
                }
                None => self.passages.push(PassageMatch {
                    passage: *passage,
                    slots: bit,
                    score,
                }),
            }
        }
    }
}

/// Ranks the articles matching `query`, best first, at most `limit`. `shards` are
/// the ones named by [`Query::shard_files`] (as `Shard`s or `Arc<Shard>`s); missing
/// ones only mean fewer matches.
pub fn search<S: Borrow<Shard>>(
    query: &Query,
    manifest: &SearchManifest,
    shards: &[S],
    limit: usize,
) -> Vec<ArticleResult> {
    if query.is_empty() || limit == 0 {
        return Vec::new();
    }
    let shards: Vec<&Shard> = shards.iter().map(Borrow::borrow).collect();
    let documents = manifest.docs.max(1) as f32;
    let idf = |postings: &TermPostings| {
        let found = postings.postings.len() as f32;
        ((documents - found + 0.5) / (found + 0.5) + 1.0).ln()
    };
    let slot_count = query.slots.len();
    let mut index_of = vec![u32::MAX; manifest.articles as usize * 2];
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut candidate = |doc: u32, create: bool| -> Option<usize> {
        let at = index_of.get_mut(doc as usize)?;
        if *at == u32::MAX {
            if !create {
                return None;
            }
            *at = candidates.len() as u32;
            candidates.push(Candidate {
                doc,
                slot_scores: vec![0.0; slot_count],
                bonus: 0.0,
                passages: Vec::new(),
            });
        }
        Some(*at as usize)
    };
    let mut gathered: Vec<(usize, Option<usize>, f32, &Posting)> = Vec::new();
    for (slot_index, slot) in query.slots.iter().enumerate() {
        for entry in slot_terms(slot, &shards) {
            let term_idf = idf(entry);
            for posting in &entry.postings {
                if let Some(at) = candidate(posting.doc, true) {
                    gathered.push((at, Some(slot_index), term_idf * slot.weight, posting));
                }
            }
        }
    }
    for entry in query_words(query, &shards) {
        let term_idf = idf(entry) * WORD_WEIGHT;
        for posting in &entry.postings {
            if let Some(at) = candidate(posting.doc, false) {
                gathered.push((at, None, term_idf, posting));
            }
        }
    }
    for (at, slot, weighted_idf, posting) in gathered {
        let found = &mut candidates[at];
        let score = weighted_idf * f32::from(posting.impact) / f32::from(IMPACT_LEVELS);
        match slot {
            Some(slot) => found.slot_scores[slot] = found.slot_scores[slot].max(score),
            None => found.bonus += score,
        }
        found.add_passages(posting, slot, weighted_idf);
    }
    rank_articles(query, manifest, &shards, candidates, limit)
}

/// The indexed terms a slot matches, each once.
fn slot_terms<'a>(slot: &Slot, shards: &[&'a Shard]) -> Vec<&'a TermPostings> {
    let mut found: Vec<&TermPostings> = Vec::new();
    for shard in shards {
        if slot.prefix {
            found.extend(shard.with_prefix(&slot.term));
        } else {
            found.extend(shard.postings(&slot.term));
        }
        found.extend(slot.also.iter().filter_map(|term| shard.postings(term)));
    }
    crate::sort::sort_by(&mut found, |left, right| left.term.cmp(&right.term));
    found.dedup_by(|left, right| left.term == right.term);
    found
}

/// Indexed words of three or more ideographs that occur inside the query's runs.
fn query_words<'a>(query: &Query, shards: &[&'a Shard]) -> Vec<&'a TermPostings> {
    let mut found: Vec<&TermPostings> = Vec::new();
    for run in &query.ideograph_runs {
        for start in 0..run.len().saturating_sub(1) {
            let bigram: String = run[start..start + 2].iter().collect();
            for shard in shards {
                found.extend(shard.with_prefix(&bigram).iter().filter(|entry| {
                    let chars: Vec<char> = entry.term.chars().collect();
                    chars.len() >= 3 && run[start..].starts_with(&chars)
                }));
            }
        }
    }
    crate::sort::sort_by(&mut found, |left, right| left.term.cmp(&right.term));
    found.dedup_by(|left, right| left.term == right.term);
    found
}

/// A document's standing: which query slots it holds, and its score.
struct Standing {
    present: u64,
    score: f32,
}

fn standing(query: &Query, candidate: &Candidate) -> Standing {
    let total: f32 = query.slots.iter().map(|slot| slot.weight).sum();
    let share = |slots: u64| -> f32 {
        query
            .slots
            .iter()
            .enumerate()
            .filter(|(at, _)| slots & (1 << at) != 0)
            .map(|(_, slot)| slot.weight)
            .sum::<f32>()
            / total
    };
    let present = candidate
        .slot_scores
        .iter()
        .enumerate()
        .filter(|(_, score)| **score > 0.0)
        .fold(0u64, |mask, (at, _)| mask | 1 << at);
    let together = candidate
        .passages
        .iter()
        .filter(|found| found.slots.count_ones() >= 2)
        .map(|found| share(found.slots))
        .fold(0.0, f32::max);
    let base: f32 = candidate.slot_scores.iter().sum::<f32>() + candidate.bonus;
    Standing {
        present,
        score: base * (1.0 + PROXIMITY * together),
    }
}

/// The share of the query held by the slots in `present`, in thousandths.
fn coverage(query: &Query, present: u64) -> u32 {
    let total: f32 = query.slots.iter().map(|slot| slot.weight).sum();
    let held: f32 = query
        .slots
        .iter()
        .enumerate()
        .filter(|(at, _)| present & (1 << at) != 0)
        .map(|(_, slot)| slot.weight)
        .sum();
    (held / total * 1000.0).round() as u32
}

fn rank_articles(
    query: &Query,
    manifest: &SearchManifest,
    shards: &[&Shard],
    candidates: Vec<Candidate>,
    limit: usize,
) -> Vec<ArticleResult> {
    // Per article: slots held in either language, best and other score, documents.
    // A query may mix the languages of a bilingual article (`chips 芯片`).
    let mut articles: Vec<(usize, u64, f32, f32, Vec<usize>)> = Vec::new();
    let mut slot_of = vec![u32::MAX; manifest.articles as usize];
    for (at, candidate) in candidates.iter().enumerate() {
        let (article, _) = manifest.doc_article(candidate.doc);
        let Some(index) = slot_of.get_mut(article) else {
            continue;
        };
        let Standing { present, score } = standing(query, candidate);
        if *index == u32::MAX {
            *index = articles.len() as u32;
            articles.push((article, present, score, 0.0, vec![at]));
            continue;
        }
        let entry = &mut articles[*index as usize];
        entry.1 |= present;
        entry.4.push(at);
        if score > entry.2 {
            entry.3 = entry.2;
            entry.2 = score;
        } else {
            entry.3 = entry.3.max(score);
        }
    }
    let mut ranked: Vec<(usize, u32, f32, Vec<usize>)> = articles
        .into_iter()
        .map(|(article, present, best, other, docs)| {
            (
                article,
                coverage(query, present),
                best + OTHER_LANGUAGE * other,
                docs,
            )
        })
        .collect();
    crate::sort::sort_by(&mut ranked, |left, right| {
        right
            .1
            .cmp(&left.1)
            .then(right.2.total_cmp(&left.2))
            .then(left.0.cmp(&right.0))
    });
    ranked.truncate(limit);
    ranked
        .into_iter()
        .map(|(article, _, score, docs)| ArticleResult {
            article,
            score,
            hits: hits(
                query,
                manifest,
                shards,
                docs.iter().map(|at| &candidates[*at]),
            ),
        })
        .collect()
}

/// An article's best passages over its documents, each passage once.
fn hits<'a>(
    query: &Query,
    manifest: &SearchManifest,
    shards: &[&Shard],
    documents: impl Iterator<Item = &'a Candidate>,
) -> Vec<Hit> {
    let total: f32 = query.slots.iter().map(|slot| slot.weight).sum();
    let mut found: Vec<Hit> = Vec::new();
    for candidate in documents {
        let (_, lang) = manifest.doc_article(candidate.doc);
        for passage in &candidate.passages {
            let (field, pair_id) = passage_id(manifest, shards, candidate.doc, passage.passage);
            let share: f32 = query
                .slots
                .iter()
                .enumerate()
                .filter(|(at, _)| passage.slots & (1 << at) != 0)
                .map(|(_, slot)| slot.weight)
                .sum::<f32>()
                / total;
            found.push(Hit {
                lang,
                pair_id,
                field,
                score: passage.score * field.weight() * (1.0 + PROXIMITY * share),
            });
        }
    }
    crate::sort::sort_by(&mut found, |left, right| {
        right
            .score
            .total_cmp(&left.score)
            .then_with(|| left.pair_id.cmp(&right.pair_id))
            .then(left.lang.cmp(&right.lang))
    });
    let mut seen: Vec<String> = Vec::new();
    found.retain(|hit| {
        let fresh = !seen.contains(&hit.pair_id);
        if fresh {
            seen.push(hit.pair_id.clone());
        }
        fresh
    });
    found.truncate(HITS_PER_ARTICLE);
    found
}

/// The field and id of passage `passage` of document `doc`.
fn passage_id(
    manifest: &SearchManifest,
    shards: &[&Shard],
    doc: u32,
    passage: u16,
) -> (Field, String) {
    match passage {
        TITLE_PASSAGE => (Field::Title, "title".to_string()),
        ABSTRACT_PASSAGE => (Field::Abstract, "abstract".to_string()),
        _ if passage >= manifest.faq_base => (
            Field::Faq,
            format!("faq-{}", passage - manifest.faq_base + 1),
        ),
        _ => {
            let named = shards.iter().find_map(|shard| shard.name_of(doc, passage));
            match named {
                Some((name, true)) => (Field::Heading, name.to_string()),
                Some((name, false)) => (Field::Body, name.to_string()),
                None => (
                    Field::Body,
                    format!("p{}", passage - FIRST_PAIR_PASSAGE + 1),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::search::format::{TermPostings, MAX_PASSAGES};
    use crate::search::tokenize::terms;

    /// One language of an article: `(field, passage number, text)` parts.
    struct Doc {
        article: usize,
        lang: Lang,
        parts: Vec<(Field, u16, &'static str)>,
    }

    fn doc(article: usize, lang: Lang, parts: &[(Field, u16, &'static str)]) -> Doc {
        Doc {
            article,
            lang,
            parts: parts.to_vec(),
        }
    }

    /// A term's counts per field and the passages it occurs in.
    type Counts = ([u32; 5], Vec<(Field, u16)>);

    /// A one-shard index of `docs`, built as the bundler builds it (without jieba).
    fn index(articles: u32, docs: &[Doc]) -> (SearchManifest, Shard) {
        let mut manifest = SearchManifest {
            schema_version: crate::SCHEMA_VERSION,
            articles,
            docs: docs.len() as u32,
            faq_base: 20,
            avg_len: vec![0.0; 5],
            shard_starts: Vec::new(),
        };
        let lengths: Vec<[u32; 5]> = docs
            .iter()
            .map(|doc| {
                let mut length = [0; 5];
                for (field, _, text) in &doc.parts {
                    length[field.index()] += terms(text).len() as u32;
                }
                length
            })
            .collect();
        for field in 0..5 {
            manifest.avg_len[field] = lengths
                .iter()
                .map(|length| length[field] as f32)
                .sum::<f32>()
                / docs.len() as f32;
        }
        let mut postings: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|at| manifest.doc_of(docs[*at].article, docs[*at].lang));
        for at in order {
            let doc = &docs[at];
            let mut found: BTreeMap<String, Counts> = BTreeMap::new();
            for (field, passage, text) in &doc.parts {
                for term in terms(text) {
                    let entry = found.entry(term).or_default();
                    entry.0[field.index()] += 1;
                    if !entry.1.contains(&(*field, *passage)) {
                        entry.1.push((*field, *passage));
                    }
                }
            }
            for (term, (counts, mut passages)) in found {
                passages.sort();
                let mut kept: Vec<u16> = passages
                    .iter()
                    .take(MAX_PASSAGES)
                    .map(|(_, at)| *at)
                    .collect();
                kept.sort();
                let number = manifest.doc_of(doc.article, doc.lang);
                let posting = Posting::new(
                    number,
                    impact(&counts, &lengths[at], &manifest.avg_len),
                    &kept,
                );
                postings.entry(term).or_default().push(posting);
            }
        }
        let shard = Shard {
            terms: postings
                .into_iter()
                .map(|(term, postings)| TermPostings { term, postings })
                .collect(),
            ..Shard::default()
        };
        (manifest, shard)
    }

    fn ranked(manifest: &SearchManifest, shard: &Shard, text: &str) -> Vec<usize> {
        search(
            &Query::parse(text),
            manifest,
            std::slice::from_ref(shard),
            10,
        )
        .iter()
        .map(|result| result.article)
        .collect()
    }

    const FILLER: &str = "Plain words about something else entirely, to give the body some length.";

    #[test]
    fn a_title_match_beats_a_body_match() {
        let (manifest, shard) = index(
            2,
            &[
                doc(
                    0,
                    Lang::En,
                    &[
                        (Field::Title, 0, "Notes"),
                        (Field::Body, 2, "Agents at work. "),
                    ],
                ),
                doc(
                    1,
                    Lang::En,
                    &[(Field::Title, 0, "Agents"), (Field::Body, 2, FILLER)],
                ),
            ],
        );
        assert_eq!(ranked(&manifest, &shard, "agent "), [1, 0]);
        let results = search(&Query::parse("agents"), &manifest, &[shard], 10);
        assert_eq!(results[0].hits[0].field, Field::Title);
        assert_eq!(results[1].hits[0].pair_id, "p1");
    }

    #[test]
    fn words_in_one_passage_beat_words_apart() {
        let (manifest, shard) = index(
            2,
            &[
                doc(
                    0,
                    Lang::En,
                    &[
                        (Field::Body, 2, "Open data helps."),
                        (Field::Body, 3, "Weights were shared."),
                    ],
                ),
                doc(
                    1,
                    Lang::En,
                    &[
                        (Field::Body, 2, "Open weights help."),
                        (Field::Body, 3, "Data was shared."),
                    ],
                ),
                doc(
                    0,
                    Lang::Zh,
                    &[
                        (Field::Body, 2, "推理很贵。"),
                        (Field::Body, 3, "成本下降了。"),
                    ],
                ),
                doc(
                    1,
                    Lang::Zh,
                    &[
                        (Field::Body, 2, "推理成本下降。"),
                        (Field::Body, 3, "很贵了。"),
                    ],
                ),
            ],
        );
        assert_eq!(ranked(&manifest, &shard, "open weights"), [1, 0]);
        assert_eq!(ranked(&manifest, &shard, "推理成本"), [1, 0]);
    }

    #[test]
    fn documents_with_every_word_come_first_in_either_language() {
        let (manifest, shard) = index(
            3,
            &[
                doc(
                    0,
                    Lang::En,
                    &[
                        (Field::Title, 0, "Chips, chips, chips"),
                        (Field::Body, 2, "Chips everywhere."),
                    ],
                ),
                doc(1, Lang::Zh, &[(Field::Body, 2, "国产芯片")]),
                doc(1, Lang::En, &[(Field::Body, 2, "Domestic chips")]),
                doc(
                    2,
                    Lang::Zh,
                    &[(Field::Title, 0, "芯片"), (Field::Body, 2, "芯片很多。")],
                ),
            ],
        );
        // Only article 1 has both words (in its two languages).
        let results = search(&Query::parse("chips 芯片"), &manifest, &[&shard], 10);
        assert_eq!(
            results
                .iter()
                .map(|result| result.article)
                .collect::<Vec<_>>()[0],
            1
        );
        // The pair matched in both languages is one hit (the app shows both sides).
        let ids: Vec<&str> = results[0]
            .hits
            .iter()
            .map(|hit| hit.pair_id.as_str())
            .collect();
        assert_eq!(ids, ["p1"]);
        // A typo in one word still finds the other.
        assert_eq!(ranked(&manifest, &shard, "chipz 芯片")[..2], [2, 1]);
        assert!(ranked(&manifest, &shard, "nothing").is_empty());
    }

    #[test]
    fn the_last_word_matches_as_a_prefix_and_one_character_too() {
        let (manifest, shard) = index(
            2,
            &[
                doc(0, Lang::En, &[(Field::Body, 2, "Chipmakers are coming.")]),
                doc(1, Lang::Zh, &[(Field::Body, 2, "模型和模式。")]),
            ],
        );
        assert_eq!(ranked(&manifest, &shard, "chipm"), [0]);
        assert!(ranked(&manifest, &shard, "chipm ").is_empty());
        assert_eq!(ranked(&manifest, &shard, "模"), [1]);
    }

    #[test]
    fn impacts_grow_with_field_weight_and_count() {
        let average = [4.0, 10.0, 5.0, 10.0, 100.0];
        let lengths = [4, 10, 5, 10, 100];
        let title = impact(&[1, 0, 0, 0, 0], &lengths, &average);
        let body_once = impact(&[0, 0, 0, 0, 1], &lengths, &average);
        let body_often = impact(&[0, 0, 0, 0, 6], &lengths, &average);
        assert!(title > body_once && body_often > body_once);
        assert!((1..=IMPACT_LEVELS).contains(&impact(&[0; 5], &lengths, &average)));
    }
}
