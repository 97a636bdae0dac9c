//! The inverted index in memory: every term's postings with their BM25F impacts.
//!
//! Two passes over the articles keep memory small: the first only counts field
//! lengths (for BM25's length normalisation), so the second can store each posting
//! in its final 12-byte form instead of raw counts. Documents are visited in
//! document-number order, so posting lists come out sorted.

use std::collections::{BTreeMap, HashMap};

use duet_core::search::format::{Posting, FIRST_PAIR_PASSAGE, MAX_PASSAGES};
use duet_core::search::rank::impact;
use duet_core::search::tokenize::{ideograph_terms, runs, terms, word_term, Script};
use duet_core::search::Field;
use duet_core::{Article, Lang};
use jieba_rs::Jieba;

use crate::progress::Progress;
use duet_core::search::passages::passages;

/// Jieba words at least this long are indexed on top of the bigrams.
const MIN_WORD_CHARS: usize = 3;

/// The whole index, ready to be cut into shards.
pub struct Index {
    pub articles: u32,
    pub docs: u32,
    pub faq_base: u16,
    pub avg_len: Vec<f32>,
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// Passages with an id that cannot be derived: (doc, passage) → (id, is heading).
    pub named: HashMap<(u32, u16), (String, bool)>,
}

/// The passage number of `faq-1`: past every article's pairs.
pub fn faq_base(articles: &[Article]) -> u16 {
    let most_pairs = articles
        .iter()
        .map(|article| article.pairs.len())
        .max()
        .unwrap_or(0);
    FIRST_PAIR_PASSAGE.saturating_add(u16::try_from(most_pairs).unwrap_or(u16::MAX))
}

/// Indexes `articles` (in catalog order).
pub fn build(articles: &[Article], jieba: &Jieba) -> Index {
    let faq_base = faq_base(articles);
    let count = articles.len() as u32;
    let doc_of = |article: usize, lang: Lang| match lang {
        Lang::Zh => article as u32,
        Lang::En => count + article as u32,
    };
    let mut lengths: Vec<Option<[u32; 5]>> = vec![None; articles.len() * 2];
    for lang in Lang::ALL {
        for (at, article) in articles.iter().enumerate() {
            let found = passages(article, lang, faq_base);
            if found.is_empty() {
                continue;
            }
            let mut length = [0u32; 5];
            for passage in &found {
                length[passage.field.index()] += terms(&passage.text).len() as u32;
            }
            lengths[doc_of(at, lang) as usize] = Some(length);
        }
    }
    let present: Vec<&[u32; 5]> = lengths.iter().flatten().collect();
    let avg_len: Vec<f32> = (0..5)
        .map(|field| {
            let total: u64 = present.iter().map(|length| u64::from(length[field])).sum();
            total as f32 / present.len().max(1) as f32
        })
        .collect();
    let mut index = Index {
        articles: count,
        docs: present.len() as u32,
        faq_base,
        avg_len,
        terms: BTreeMap::new(),
        named: HashMap::new(),
    };
    let mut progress = Progress::new("indexed", index.docs as usize);
    for lang in Lang::ALL {
        for (at, article) in articles.iter().enumerate() {
            let doc = doc_of(at, lang);
            let Some(length) = lengths[doc as usize] else {
                continue;
            };
            index_document(&mut index, jieba, article, lang, doc, &length);
            progress.step();
        }
    }
    for postings in index.terms.values_mut() {
        postings.shrink_to_fit();
    }
    index
}

/// What one document holds of one term.
#[derive(Default)]
struct DocTerm {
    counts: [u32; 5],
    /// (field, passage number), each passage once.
    passages: Vec<(Field, u16)>,
}

fn index_document(
    index: &mut Index,
    jieba: &Jieba,
    article: &Article,
    lang: Lang,
    doc: u32,
    length: &[u32; 5],
) {
    let mut found: HashMap<String, DocTerm> = HashMap::new();
    for passage in passages(article, lang, index.faq_base) {
        if passage.named {
            index.named.insert(
                (doc, passage.number),
                (passage.id.clone(), passage.field == Field::Heading),
            );
        }
        let mut add = |term: String| {
            let entry = found.entry(term).or_default();
            entry.counts[passage.field.index()] += 1;
            if entry.passages.last().map(|(_, number)| *number) != Some(passage.number) {
                entry.passages.push((passage.field, passage.number));
            }
        };
        for run in runs(&passage.text) {
            match run.script {
                Script::Word => {
                    if let Some(term) = word_term(&run.text()) {
                        add(term);
                    }
                }
                Script::Ideographic => {
                    ideograph_terms(&run.chars).into_iter().for_each(&mut add);
                    if run.chars.len() >= MIN_WORD_CHARS {
                        let text = run.text();
                        for token in jieba.cut(&text, false) {
                            if token.end - token.start >= MIN_WORD_CHARS {
                                add(token.word.to_string());
                            }
                        }
                    }
                }
            }
        }
    }
    let mut found: Vec<(String, DocTerm)> = found.into_iter().collect();
    found.sort_unstable_by(|left, right| left.0.cmp(&right.0));
    for (term, mut entry) in found {
        // Keep the most telling passages: title first, then abstract, headings, FAQ, body.
        entry.passages.sort_unstable();
        let mut kept: Vec<u16> = entry
            .passages
            .iter()
            .take(MAX_PASSAGES)
            .map(|(_, number)| *number)
            .collect();
        kept.sort_unstable();
        let posting = Posting::new(doc, impact(&entry.counts, length, &index.avg_len), &kept);
        match index.terms.get_mut(&term) {
            Some(postings) => postings.push(posting),
            None => {
                index.terms.insert(term, vec![posting]);
            }
        }
    }
}
