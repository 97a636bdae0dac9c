//! The inverted index in memory: every term's postings with their BM25F impacts,
//! put together from each document's [`DocTerms`] in document-number order (so
//! posting lists come out sorted), once the whole archive's average field lengths
//! and FAQ base are known. Only the postings are held, never an article's text.

use std::collections::{BTreeMap, HashMap};

use duet_core::search::format::{Posting, FIRST_PAIR_PASSAGE};
use duet_core::search::rank::impact;
use duet_core::Article;

use super::doc_terms::DocTerms;

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

/// The passage number of `faq-1` for an archive whose longest article has
/// `most_pairs` pairs: past every article's pairs.
pub fn faq_base_for(most_pairs: usize) -> u16 {
    FIRST_PAIR_PASSAGE.saturating_add(u16::try_from(most_pairs).unwrap_or(u16::MAX))
}

/// The passage number of `faq-1` for `articles`.
pub fn faq_base(articles: &[Article]) -> u16 {
    faq_base_for(
        articles
            .iter()
            .map(|article| article.pairs.len())
            .max()
            .unwrap_or(0),
    )
}

/// Average length of each field over the documents that exist.
pub fn average_lengths<'l>(lengths: impl Iterator<Item = &'l [u32; 5]>) -> (u32, Vec<f32>) {
    let mut totals = [0u64; 5];
    let mut docs = 0u32;
    for length in lengths {
        docs += 1;
        for (total, field) in totals.iter_mut().zip(length) {
            *total += u64::from(*field);
        }
    }
    let avg_len = totals
        .iter()
        .map(|total| *total as f32 / docs.max(1) as f32)
        .collect();
    (docs, avg_len)
}

/// Collects postings document by document.
pub struct Builder {
    index: Index,
    /// Postings by term while building: hashing is much cheaper than a tree's string
    /// comparisons for millions of postings; sorted once at the end.
    terms: HashMap<String, Vec<Posting>>,
}

impl Builder {
    pub fn new(articles: u32, docs: u32, faq_base: u16, avg_len: Vec<f32>) -> Self {
        Builder {
            index: Index {
                articles,
                docs,
                faq_base,
                avg_len,
                terms: BTreeMap::new(),
                named: HashMap::new(),
            },
            terms: HashMap::new(),
        }
    }

    /// Adds document `doc` (called in ascending `doc` order).
    pub fn add(&mut self, doc: u32, terms: DocTerms) {
        let index = &mut self.index;
        for (number, id, heading) in terms.named {
            index.named.insert((doc, number), (id, heading));
        }
        for entry in terms.terms {
            let kept = entry.passage_numbers(index.faq_base);
            let posting = Posting::new(
                doc,
                impact(&entry.counts, &terms.length, &index.avg_len),
                &kept,
            );
            match self.terms.get_mut(&entry.term) {
                Some(postings) => postings.push(posting),
                None => {
                    self.terms.insert(entry.term, vec![posting]);
                }
            }
        }
    }

    pub fn finish(mut self) -> Index {
        self.index.terms = self
            .terms
            .into_iter()
            .map(|(term, mut postings)| {
                postings.shrink_to_fit();
                (term, postings)
            })
            .collect();
        self.index
    }
}
