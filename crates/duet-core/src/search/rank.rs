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
    article_value, tail_file, Posting, SearchManifest, Shard, Tail, TermPostings, ABSTRACT_PASSAGE,
    FIRST_PAIR_PASSAGE, IMPACT_LEVELS, TITLE_PASSAGE,
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

/// What a search found, and what it could not settle without more of the index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    /// Best first, at most `limit`.
    pub results: Vec<ArticleResult>,
    /// Tail files (bundle-relative: the next tier of each common word that could
    /// still change `results`). When not empty, fetch them, add them to the shards and
    /// search again, until it is empty (a word's tiers run out after a few rounds).
    /// Empty when what was fetched decides the results and their order.
    pub tails: Vec<String>,
}

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

/// The documents found so far, each at most once, found by number.
struct Candidates {
    /// Per document number: its index in `found`, or `u32::MAX`.
    index_of: Vec<u32>,
    found: Vec<Candidate>,
    slot_count: usize,
}

impl Candidates {
    fn new(docs: usize, slot_count: usize) -> Candidates {
        Candidates {
            index_of: vec![u32::MAX; docs],
            found: Vec::new(),
            slot_count,
        }
    }

    /// The index of `doc`'s candidate, made when `create` (else only if there is one).
    fn at(&mut self, doc: u32, create: bool) -> Option<usize> {
        let at = self.index_of.get_mut(doc as usize)?;
        if *at == u32::MAX {
            if !create {
                return None;
            }
            *at = self.found.len() as u32;
            self.found.push(Candidate {
                doc,
                slot_scores: vec![0.0; self.slot_count],
                bonus: 0.0,
                passages: Vec::new(),
            });
        }
        Some(*at as usize)
    }

    fn get(&self, doc: u32) -> Option<&Candidate> {
        let at = *self.index_of.get(doc as usize)?;
        self.found.get(at as usize)
    }
}

/// A term as far as it has been fetched: its head (or all of it), its tail when
/// fetched, and the tail not fetched yet.
struct TermView<'a> {
    documents: u32,
    /// The head and the tiers fetched after it, in order.
    parts: Vec<&'a [Posting]>,
    /// What follows the last part fetched.
    open: Option<&'a Tail>,
}

impl<'a> TermView<'a> {
    fn of(entry: &'a TermPostings, shards: &[&'a Shard]) -> TermView<'a> {
        let mut view = TermView {
            documents: entry.documents(),
            parts: vec![&entry.postings],
            open: entry.tail.as_ref(),
        };
        // Each tier's entry says what follows it.
        let mut followed = Vec::new();
        while let Some(tail) = view.open {
            let Some(shard) = shards.iter().find(|shard| shard.tail == Some(tail.number)) else {
                break;
            };
            match shard.postings(&entry.term) {
                Some(next) if !followed.contains(&tail.number) => {
                    followed.push(tail.number);
                    view.parts.push(&next.postings);
                    view.open = next.tail.as_ref();
                }
                // A damaged bundle (a tier without the term, or pointing back): what
                // it should hold is lost, and never asked for again.
                _ => view.open = None,
            }
        }
        view
    }

    fn postings(&self) -> impl Iterator<Item = &'a Posting> + '_ {
        self.parts.iter().flat_map(|part| part.iter())
    }
}

/// A term whose tail has not been fetched.
struct OpenTerm<'a> {
    /// The slot it counts for, or `None` for an indexed word.
    slot: Option<usize>,
    weighted_idf: f32,
    tail: &'a Tail,
    /// Its parts fetched (the head and any tiers), each by document.
    known: Vec<&'a [Posting]>,
}

impl OpenTerm<'_> {
    /// What a posting of this term at `impact` scores.
    fn score(&self, impact: u8) -> f32 {
        self.weighted_idf * f32::from(impact) / f32::from(IMPACT_LEVELS)
    }

    /// True when `article`'s postings of the term are all known: an article is wholly
    /// in one part.
    fn holds(&self, manifest: &SearchManifest, article: usize) -> bool {
        Lang::ALL.iter().any(|lang| {
            let doc = manifest.doc_of(article, *lang);
            self.known.iter().any(|part| {
                part.binary_search_by(|posting| posting.doc.cmp(&doc))
                    .is_ok()
            })
        })
    }
}

/// What the tails not fetched could still add to a document in each language
/// ([`Lang::ALL`] order): per slot, the most one of them gives; for the indexed words,
/// their sum.
struct Reach {
    slots: Vec<[f32; 2]>,
    words: [f32; 2],
}

impl Reach {
    fn adds_to(&self, side: usize) -> bool {
        self.words[side] > 0.0 || self.slots.iter().any(|slot| slot[side] > 0.0)
    }
}

/// The query's terms whose tails were not fetched.
struct Open<'a> {
    terms: Vec<OpenTerm<'a>>,
    slot_count: usize,
    /// The most the query's indexed words (fetched or not) could add to an article
    /// once its slots find it: each at the highest impact in both languages.
    words_cap: f32,
}

impl Open<'_> {
    /// The tail files, each once, sorted.
    fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = self
            .terms
            .iter()
            .map(|term| tail_file(term.tail.number))
            .collect();
        crate::sort::sort_by(&mut files, |left, right| left.cmp(right));
        files.dedup();
        files
    }

    /// What the tails could add to `article`, which was found.
    fn reach(&self, manifest: &SearchManifest, article: usize) -> Reach {
        let mut reach = Reach {
            slots: vec![[0.0; 2]; self.slot_count],
            words: [0.0; 2],
        };
        for term in &self.terms {
            if term.holds(manifest, article) {
                continue;
            }
            for side in 0..2 {
                let score = term.score(term.tail.best[side]);
                match term.slot {
                    Some(slot) => reach.slots[slot][side] = reach.slots[slot][side].max(score),
                    None => reach.words[side] += score,
                }
            }
        }
        reach
    }

    /// The best key an article nothing was found for could reach: it can only come
    /// from the tails. Exact (score and lowest article number) when one slot term is
    /// open and the query has no indexed words, else an upper bound that loses ties.
    fn unseen(&self, query: &Query) -> Key {
        if let ([term], true) = (&self.terms[..], self.words_cap == 0.0) {
            if let Some(slot) = term.slot {
                let side = |impact: u8| Standing {
                    present: if impact > 0 { 1 << slot } else { 0 },
                    score: term.score(impact),
                };
                let best = equal_values(term.tail.top)
                    .map(|(high, low)| Key::of(query, 0, [side(high), side(low)]))
                    .fold(None, |best: Option<Key>, key| match best {
                        Some(best) if !key.ranks_before(&best) => Some(best),
                        _ => Some(key),
                    });
                if let Some(best) = best {
                    return Key {
                        article: term.tail.top_article as usize,
                        ..best
                    };
                }
            }
        }
        // Per slot: the best article value one open term allows, or with several
        // terms, each language at its best over them. An article's `best + 0.3 ×
        // other` is at most the sum of these over the slots.
        let mut present = 0u64;
        let mut total = 0.0;
        let combine = |sides: [f32; 2]| {
            let (best, other) = (sides[0].max(sides[1]), sides[0].min(sides[1]));
            best + OTHER_LANGUAGE * other
        };
        for slot in 0..self.slot_count {
            let terms: Vec<&OpenTerm> = self
                .terms
                .iter()
                .filter(|term| term.slot == Some(slot))
                .collect();
            total += match terms[..] {
                [] => continue,
                [term] => equal_values(term.tail.top)
                    .map(|(high, low)| combine([term.score(high), term.score(low)]))
                    .fold(0.0, f32::max),
                _ => combine([0, 1].map(|side| {
                    terms
                        .iter()
                        .map(|term| term.score(term.tail.best[side]))
                        .fold(0.0, f32::max)
                })),
            };
            present |= 1 << slot;
        }
        total += self.words_cap;
        let together = if present.count_ones() >= 2 {
            share(query, present)
        } else {
            0.0
        };
        Key {
            coverage: coverage(query, present),
            score: total * (1.0 + PROXIMITY * together),
            article: 0,
        }
    }
}

/// The impact pairs (higher, lower) with the same [`article_value`] as `top`: the
/// tiers order articles by that integer, and two pairs can share it (13, 0 and 10,
/// 10) while their scores differ in the last bit, so a bound takes the larger.
fn equal_values(top: (u8, u8)) -> impl Iterator<Item = (u8, u8)> {
    let value = article_value(top.0, top.1);
    (0..=IMPACT_LEVELS).flat_map(move |high| {
        (0..=high)
            .filter(move |low| article_value(high, *low) == value)
            .map(move |low| (high, low))
    })
}

/// Ranks the articles matching `query`, best first, at most `limit`. `shards` are
/// the ones named by [`Query::shard_files`] (as `Shard`s or `Arc<Shard>`s), plus any
/// tails fetched because an earlier call listed them; missing shards only mean fewer
/// matches.
pub fn search<S: Borrow<Shard>>(
    query: &Query,
    manifest: &SearchManifest,
    shards: &[S],
    limit: usize,
) -> Ranking {
    if query.is_empty() || limit == 0 {
        return Ranking::default();
    }
    let shards: Vec<&Shard> = shards.iter().map(Borrow::borrow).collect();
    let documents = manifest.docs.max(1) as f32;
    let idf = |view: &TermView| {
        let found = view.documents as f32;
        ((documents - found + 0.5) / (found + 0.5) + 1.0).ln()
    };
    let slot_count = query.slots.len();
    let mut candidates = Candidates::new(manifest.articles as usize * 2, slot_count);
    let mut open = Open {
        terms: Vec::new(),
        slot_count,
        words_cap: 0.0,
    };
    let mut gathered: Vec<(usize, Option<usize>, f32, &Posting)> = Vec::new();
    for (slot_index, slot) in query.slots.iter().enumerate() {
        for view in slot_terms(slot, &shards) {
            let weighted_idf = idf(&view) * slot.weight;
            if let Some(tail) = view.open {
                open.terms.push(OpenTerm {
                    slot: Some(slot_index),
                    weighted_idf,
                    tail,
                    known: view.parts.clone(),
                });
            }
            for posting in view.postings() {
                if let Some(at) = candidates.at(posting.doc, true) {
                    gathered.push((at, Some(slot_index), weighted_idf, posting));
                }
            }
        }
    }
    for view in query_words(query, &shards) {
        let weighted_idf = idf(&view) * WORD_WEIGHT;
        open.words_cap += weighted_idf + OTHER_LANGUAGE * weighted_idf;
        if let Some(tail) = view.open {
            open.terms.push(OpenTerm {
                slot: None,
                weighted_idf,
                tail,
                known: view.parts.clone(),
            });
        }
        for posting in view.postings() {
            if let Some(at) = candidates.at(posting.doc, false) {
                gathered.push((at, None, weighted_idf, posting));
            }
        }
    }
    for (at, slot, weighted_idf, posting) in gathered {
        let found = &mut candidates.found[at];
        let score = weighted_idf * f32::from(posting.impact) / f32::from(IMPACT_LEVELS);
        match slot {
            Some(slot) => found.slot_scores[slot] = found.slot_scores[slot].max(score),
            None => found.bonus += score,
        }
        found.add_passages(posting, slot, weighted_idf);
    }
    rank_articles(query, manifest, &shards, &candidates, open, limit)
}

/// The shards of terms, not the tail files.
fn heads<'s, 'a>(shards: &'s [&'a Shard]) -> impl Iterator<Item = &'a Shard> + 's {
    shards.iter().copied().filter(|shard| shard.tail.is_none())
}

/// The indexed terms a slot matches, each once.
fn slot_terms<'a>(slot: &Slot, shards: &[&'a Shard]) -> Vec<TermView<'a>> {
    let mut found: Vec<&TermPostings> = Vec::new();
    for shard in heads(shards) {
        if slot.prefix {
            found.extend(shard.with_prefix(&slot.term));
        } else {
            found.extend(shard.postings(&slot.term));
        }
        found.extend(slot.also.iter().filter_map(|term| shard.postings(term)));
    }
    views(found, shards)
}

/// Each entry once, by term, as far as fetched.
fn views<'a>(mut found: Vec<&'a TermPostings>, shards: &[&'a Shard]) -> Vec<TermView<'a>> {
    crate::sort::sort_by(&mut found, |left, right| left.term.cmp(&right.term));
    found.dedup_by(|left, right| left.term == right.term);
    found
        .into_iter()
        .map(|entry| TermView::of(entry, shards))
        .collect()
}

/// Indexed words of three or more ideographs that occur inside the query's runs.
fn query_words<'a>(query: &Query, shards: &[&'a Shard]) -> Vec<TermView<'a>> {
    let mut found: Vec<&TermPostings> = Vec::new();
    for run in &query.ideograph_runs {
        for start in 0..run.len().saturating_sub(1) {
            let bigram: String = run[start..start + 2].iter().collect();
            for shard in heads(shards) {
                found.extend(shard.with_prefix(&bigram).iter().filter(|entry| {
                    let chars: Vec<char> = entry.term.chars().collect();
                    chars.len() >= 3 && run[start..].starts_with(&chars)
                }));
            }
        }
    }
    views(found, shards)
}

/// A document's standing: which query slots it holds, and its score.
#[derive(Clone, Copy)]
struct Standing {
    present: u64,
    score: f32,
}

impl Standing {
    const NONE: Standing = Standing {
        present: 0,
        score: 0.0,
    };
}

/// The share of the query held by the slots in `slots` (a bit per slot).
fn share(query: &Query, slots: u64) -> f32 {
    let total: f32 = query.slots.iter().map(|slot| slot.weight).sum();
    query
        .slots
        .iter()
        .enumerate()
        .filter(|(at, _)| slots & (1 << at) != 0)
        .map(|(_, slot)| slot.weight)
        .sum::<f32>()
        / total
}

fn standing(query: &Query, candidate: &Candidate) -> Standing {
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
        .map(|found| share(query, found.slots))
        .fold(0.0, f32::max);
    let base: f32 = candidate.slot_scores.iter().sum::<f32>() + candidate.bonus;
    Standing {
        present,
        score: base * (1.0 + PROXIMITY * together),
    }
}

/// The best standing a document in language `side` (found so far or not, of an
/// article found) could reach once every open tail is fetched: each slot at least
/// what a tail could give, every slot a tail could add present, and all of them in
/// one passage.
fn best_possible(query: &Query, reach: &Reach, found: Option<&Candidate>, side: usize) -> Standing {
    let known = found.map_or(Standing::NONE, |found| standing(query, found));
    if !reach.adds_to(side) {
        return known;
    }
    let mut present = known.present;
    let mut base = found.map_or(0.0, |found| found.bonus) + reach.words[side];
    for (at, slot) in reach.slots.iter().enumerate() {
        let known = found.map_or(0.0, |found| found.slot_scores[at]);
        base += known.max(slot[side]);
        if slot[side] > 0.0 {
            present |= 1 << at;
        }
    }
    let together = if present.count_ones() >= 2 {
        share(query, present)
    } else {
        0.0
    };
    Standing {
        present,
        score: base * (1.0 + PROXIMITY * together),
    }
}

/// The share of the query held by the slots in `present`, in thousandths.
fn coverage(query: &Query, present: u64) -> u32 {
    (share(query, present) * 1000.0).round() as u32
}

/// Where an article ranks: coverage first, then score, then the lower number (the
/// newer article).
#[derive(Clone, Copy)]
struct Key {
    coverage: u32,
    score: f32,
    article: usize,
}

impl Key {
    /// An article's key from its two languages' standings.
    fn of(query: &Query, article: usize, sides: [Standing; 2]) -> Key {
        let (best, other) = if sides[0].score >= sides[1].score {
            (sides[0].score, sides[1].score)
        } else {
            (sides[1].score, sides[0].score)
        };
        Key {
            coverage: coverage(query, sides[0].present | sides[1].present),
            score: best + OTHER_LANGUAGE * other,
            article,
        }
    }

    fn ranks_before(&self, other: &Key) -> bool {
        self.coverage
            .cmp(&other.coverage)
            .then(self.score.total_cmp(&other.score))
            .then(other.article.cmp(&self.article))
            .is_gt()
    }
}

fn rank_articles(
    query: &Query,
    manifest: &SearchManifest,
    shards: &[&Shard],
    candidates: &Candidates,
    open: Open,
    limit: usize,
) -> Ranking {
    // Each article found once (a query may mix the languages of a bilingual article:
    // `chips 芯片`), with its standing in each language.
    let mut seen = vec![false; manifest.articles as usize];
    let mut ranked: Vec<Key> = Vec::new();
    for candidate in &candidates.found {
        let (article, _) = manifest.doc_article(candidate.doc);
        match seen.get_mut(article) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        let sides = Lang::ALL.map(|lang| {
            candidates
                .get(manifest.doc_of(article, lang))
                .map_or(Standing::NONE, |found| standing(query, found))
        });
        ranked.push(Key::of(query, article, sides));
    }
    crate::sort::sort_by(&mut ranked, |left, right| {
        if left.ranks_before(right) {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Greater
        }
    });
    let tails =
        if open.terms.is_empty() || settled(query, manifest, candidates, &open, &ranked, limit) {
            Vec::new()
        } else {
            open.files()
        };
    ranked.truncate(limit);
    let results = ranked
        .into_iter()
        .map(|key| ArticleResult {
            article: key.article,
            score: key.score,
            hits: hits(
                query,
                manifest,
                shards,
                Lang::ALL
                    .iter()
                    .filter_map(|lang| candidates.get(manifest.doc_of(key.article, *lang))),
            ),
        })
        .collect();
    Ranking { results, tails }
}

/// True when no open tail can change which articles make the first `limit` of
/// `ranked` (sorted by what is known) or their order: every article's best possible
/// key stays behind the one it would have to pass.
fn settled(
    query: &Query,
    manifest: &SearchManifest,
    candidates: &Candidates,
    open: &Open,
    ranked: &[Key],
    limit: usize,
) -> bool {
    if ranked.len() < limit {
        return false;
    }
    let best_of = |article: usize| {
        let reach = open.reach(manifest, article);
        let sides = Lang::ALL.map(|lang| {
            let found = candidates.get(manifest.doc_of(article, lang));
            best_possible(query, &reach, found, lang as usize)
        });
        Key::of(query, article, sides)
    };
    let last = &ranked[limit - 1];
    let unseen = open.unseen(query);
    !unseen.ranks_before(last)
        && ranked[limit..]
            .iter()
            .all(|key| !best_of(key.article).ranks_before(last))
        && ranked[..limit]
            .windows(2)
            .all(|pair| !best_of(pair[1].article).ranks_before(&pair[0]))
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
                .map(|(term, postings)| TermPostings {
                    term,
                    postings,
                    tail: None,
                })
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
        .results
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
        let results = search(&Query::parse("agents"), &manifest, &[shard], 10).results;
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
        let results = search(&Query::parse("chips 芯片"), &manifest, &[&shard], 10).results;
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

    /// `shard` with every term of more than `head_size` postings tiered: the shard of
    /// heads, and the tier shards (tier `n` is `tails[n]`).
    fn tiered(manifest: &SearchManifest, shard: &Shard, head_size: usize) -> (Shard, Vec<Shard>) {
        shard.clone().tiered(head_size, manifest.articles, 0)
    }

    /// Searches as the app does: the heads first, then the tiers the ranking asks
    /// for, round after round. Returns the articles found and the tiers fetched.
    fn search_tiered(
        manifest: &SearchManifest,
        heads: &Shard,
        tails: &[Shard],
        text: &str,
    ) -> (Vec<usize>, usize) {
        let query = Query::parse(text);
        let mut shards = vec![heads];
        let mut fetched = 0;
        loop {
            let ranking = search(&query, manifest, &shards, 10);
            if ranking.tails.is_empty() {
                return (
                    ranking
                        .results
                        .iter()
                        .map(|result| result.article)
                        .collect(),
                    fetched,
                );
            }
            for file in &ranking.tails {
                let number: u32 = file
                    .trim_start_matches("search/tails/")
                    .trim_end_matches(".json.gz")
                    .parse()
                    .unwrap();
                assert!(
                    !shards.iter().any(|shard| shard.tail == Some(number)),
                    "{text}: {file} asked for twice"
                );
                shards.push(&tails[number as usize]);
                fetched += 1;
            }
        }
    }

    /// A pseudo-random archive: English and Chinese words drawn with skewed
    /// frequencies, so a few words are in most articles and the rest in few.
    fn random_archive(articles: usize, seed: u64) -> Vec<Doc> {
        const WORDS: [&str; 8] = [
            "model", "agent", "chip", "data", "open", "weights", "cost", "law",
        ];
        const CHARACTERS: [char; 8] = ['模', '型', '开', '源', '芯', '片', '数', '据'];
        let mut state = seed;
        let mut next = move |below: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % below
        };
        // Skewed: word i is drawn with weight 8 - i (the first in most articles).
        let mut skewed = |count: usize| -> usize {
            let weights: usize = (1..=count).sum();
            let mut pick = next(weights);
            for i in 0..count {
                if pick < count - i {
                    return i;
                }
                pick -= count - i;
            }
            0
        };
        let mut docs = Vec::new();
        for article in 0..articles {
            let mut english = Vec::new();
            let mut chinese = String::new();
            for _ in 0..6 {
                english.push(WORDS[skewed(8)]);
                chinese.push(CHARACTERS[skewed(8)]);
                chinese.push(CHARACTERS[skewed(8)]);
            }
            let title: &'static str = Box::leak(english[..2].join(" ").into_boxed_str());
            let body: &'static str = Box::leak(english[2..].join(" ").into_boxed_str());
            let zh_title: &'static str = Box::leak(chinese[..6].to_string().into_boxed_str());
            // Chinese text quotes an English word now and then, as real articles do:
            // a word then counts in both languages of an article.
            let mut zh_body = chinese[6..].to_string();
            if skewed(8) < 3 {
                zh_body = format!("{zh_body} {}", WORDS[skewed(8)]);
            }
            let zh_body: &'static str = Box::leak(zh_body.into_boxed_str());
            docs.push(doc(
                article,
                Lang::En,
                &[(Field::Title, 0, title), (Field::Body, 2, body)],
            ));
            docs.push(doc(
                article,
                Lang::Zh,
                &[(Field::Title, 0, zh_title), (Field::Body, 2, zh_body)],
            ));
        }
        docs
    }

    #[test]
    fn tiered_terms_rank_as_if_whole() {
        // Guards the stopping rule: a search that settles on the heads, or on the tails
        // it asked for, must find what the whole index finds, in the same order.
        let queries = [
            "model",
            "agent",
            "law",
            "mod",
            "open weights",
            "model law",
            "chip cost data",
            "模型",
            "开源",
            "模",
            "数据芯片",
            "model 模型",
            "weights 芯片",
        ];
        let (mut settled_on_heads, mut needed_tails) = (0, 0);
        for seed in 1..=6 {
            let (manifest, whole) = index(60, &random_archive(60, seed));
            for head_size in [4, 15] {
                let (heads, tails) = tiered(&manifest, &whole, head_size);
                assert!(!tails.is_empty());
                for text in queries {
                    let expected = ranked(&manifest, &whole, text);
                    let (found, fetched) = search_tiered(&manifest, &heads, &tails, text);
                    assert_eq!(
                        found, expected,
                        "{text:?}, seed {seed}, heads of {head_size}"
                    );
                    settled_on_heads += usize::from(fetched == 0);
                    needed_tails += usize::from(fetched > 0);
                }
            }
        }
        // The point of tiers: common single words settle without their tails.
        assert!(settled_on_heads > 0, "no query settled on the heads");
        assert!(needed_tails > 0, "no query needed its tails");
        eprintln!("{settled_on_heads} settled on heads, {needed_tails} needed tails");
    }

    /// The articles found for `text` in `whole` tiered with heads of `head_size`,
    /// from the heads alone: the ranking must ask for no tier.
    fn on_heads_alone(
        manifest: &SearchManifest,
        whole: &Shard,
        head_size: usize,
        text: &str,
    ) -> Vec<usize> {
        let (heads, _) = tiered(manifest, whole, head_size);
        let ranking = search(&Query::parse(text), manifest, &[&heads], 10);
        assert!(ranking.tails.is_empty(), "{text}: {:?}", ranking.tails);
        ranking
            .results
            .iter()
            .map(|result| result.article)
            .collect()
    }

    #[test]
    fn a_word_in_both_languages_settles_when_its_articles_are_whole_in_the_head() {
        // Every article has "model" in its English title; articles 20 to 25 quote it in
        // their Chinese text too, which puts them first. The head keeps whole articles
        // (20 to 25, then 0 to 3: 16 postings), so it holds the first ten and the
        // Chinese postings need no tail.
        let docs: Vec<Doc> = (0..40)
            .flat_map(|article| {
                let mut docs = vec![doc(
                    article,
                    Lang::En,
                    &[(Field::Title, 0, "Model"), (Field::Body, 2, FILLER)],
                )];
                if (20..26).contains(&article) {
                    docs.push(doc(
                        article,
                        Lang::Zh,
                        &[(Field::Body, 2, "这个 model 很好。")],
                    ));
                }
                docs
            })
            .collect();
        let (manifest, whole) = index(40, &docs);
        let found = on_heads_alone(&manifest, &whole, 16, "model ");
        assert_eq!(found, ranked(&manifest, &whole, "model "));
        assert_eq!(found, [20, 21, 22, 23, 24, 25, 0, 1, 2, 3]);
    }

    #[test]
    fn a_common_word_settles_on_its_head() {
        // 40 articles say "model" once in the title; the first 10 (newest) win the tie,
        // and the head of 12 holds them, so the tail is not needed.
        let docs: Vec<Doc> = (0..40)
            .map(|article| {
                doc(
                    article,
                    Lang::En,
                    &[(Field::Title, 0, "Model"), (Field::Body, 2, FILLER)],
                )
            })
            .collect();
        let (manifest, whole) = index(40, &docs);
        let found = on_heads_alone(&manifest, &whole, 12, "model ");
        assert_eq!(found, (0..10).collect::<Vec<_>>());
        // With a head of 5 the tenth place is in the tail: that tail is asked for.
        let (heads, tails) = tiered(&manifest, &whole, 5);
        let ranking = search(&Query::parse("model "), &manifest, &[&heads], 10);
        let model = tails
            .iter()
            .find(|tail| tail.terms[0].term == "model")
            .and_then(|tail| tail.tail)
            .unwrap();
        // The first tier of "model" is the first tail file of its term.
        assert_eq!(ranking.tails, [tail_file(model)]);
    }

    #[test]
    fn bounds_take_every_pair_of_impacts_an_article_value_stands_for() {
        // 10 × 13 + 3 × 0 = 10 × 10 + 3 × 10: one value, two pairs.
        assert_eq!(
            equal_values((13, 0)).collect::<Vec<_>>(),
            [(10, 10), (13, 0)]
        );
        assert_eq!(equal_values((16, 5)).collect::<Vec<_>>(), [(16, 5)]);
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
