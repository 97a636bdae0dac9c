//! The inverted index in memory: every term's postings with their BM25F impacts,
//! put together from each document's [`DocTerms`] in document-number order (so
//! posting lists come out sorted), once the whole archive's average field lengths
//! and FAQ base are known. Only the postings are held, never an article's text.

use std::collections::{BTreeMap, HashMap};

use duet_core::search::format::{Posting, FIRST_PAIR_PASSAGE, MAX_PASSAGES};
use duet_core::search::Field;
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use crate::cache::codec::Reader;
use duet_core::search::rank::impact;
use duet_core::Article;

use super::doc_terms::DocTerms;

/// Named passages by (doc, passage). Looked up for every passage of every posting
/// when shards are cut, so with a fast hash rather than std's SipHash.
pub type Named = HashMap<(u32, u16), (String, bool), Xxh3DefaultBuilder>;

/// The whole index, ready to be cut into shards.
pub struct Index {
    pub articles: u32,
    pub docs: u32,
    pub faq_base: u16,
    pub avg_len: Vec<f32>,
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// Passages with an id that cannot be derived: (doc, passage) → (id, is heading).
    pub named: Named,
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
    terms: HashMap<String, Vec<Posting>, Xxh3DefaultBuilder>,
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
                named: HashMap::default(),
            },
            terms: HashMap::default(),
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

    /// Adds document `doc` from its terms as the build cache keeps them (see
    /// [`DocTerms::encode`]), read in place: a rebuild adds millions of terms, and
    /// only a term new to the index is copied. `None` when the bytes are malformed.
    pub fn add_encoded(&mut self, doc: u32, bytes: &[u8]) -> Option<()> {
        let mut reader = Reader::new(bytes);
        let mut length = [0u32; 5];
        for field in &mut length {
            *field = reader.u32()?;
        }
        for _ in 0..reader.count()? {
            let number = reader.u16()?;
            let id = reader.string()?;
            let heading = reader.bool()?;
            self.index.named.insert((doc, number), (id, heading));
        }
        for _ in 0..reader.count()? {
            let term = std::str::from_utf8(reader.bytes()?).ok()?;
            let mut counts = [0u32; 5];
            for count in &mut counts {
                *count = reader.u32()?;
            }
            let mut kept = [0u16; MAX_PASSAGES];
            let passages = reader.count()?;
            if passages > MAX_PASSAGES {
                return None;
            }
            for slot in kept.iter_mut().take(passages) {
                let field = *Field::ALL.get(usize::try_from(reader.uint()?).ok()?)?;
                let number = reader.u16()?;
                *slot = match field {
                    Field::Faq => self.index.faq_base.saturating_add(number),
                    _ => number,
                };
            }
            let kept = &mut kept[..passages];
            kept.sort_unstable();
            let posting = Posting::new(doc, impact(&counts, &length, &self.index.avg_len), kept);
            match self.terms.get_mut(term) {
                Some(postings) => postings.push(posting),
                None => {
                    self.terms.insert(term.to_string(), vec![posting]);
                }
            }
        }
        reader.is_done().then_some(())
    }

    /// This builder's postings followed by `later`'s, whose documents all come
    /// after this one's: parts of the archive are built on several cores and put
    /// together in document order. Walks the smaller of the two term tables.
    pub fn merge(mut self, mut later: Builder) -> Builder {
        self.index.named.extend(later.index.named.drain());
        if self.terms.len() >= later.terms.len() {
            for (term, mut postings) in later.terms {
                match self.terms.get_mut(&term) {
                    Some(earlier) => earlier.append(&mut postings),
                    None => {
                        self.terms.insert(term, postings);
                    }
                }
            }
            self
        } else {
            for (term, mut postings) in self.terms {
                match later.terms.get_mut(&term) {
                    Some(after) => {
                        postings.append(after);
                        *after = postings;
                    }
                    None => {
                        later.terms.insert(term, postings);
                    }
                }
            }
            later.index = self.index;
            later
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::doc_terms::TermEntry;

    /// Document `doc` holding `terms` once each in the body, with a named passage.
    fn doc(doc: u32, terms: &[&str]) -> DocTerms {
        DocTerms {
            length: [0, 0, 0, 0, terms.len() as u32],
            named: vec![(3, format!("h-{doc}"), true)],
            terms: terms
                .iter()
                .map(|term| TermEntry {
                    term: term.to_string(),
                    counts: [0, 0, 0, 0, 1],
                    passages: vec![(Field::Body, 3)],
                })
                .collect(),
        }
    }

    fn builder() -> Builder {
        Builder::new(6, 6, 100, vec![1.0, 1.0, 1.0, 1.0, 2.0])
    }

    /// Parts built apart and merged give the index one builder gives, postings in
    /// document order, whichever part has more terms (the merge walks the smaller).
    #[test]
    fn merged_parts_equal_one_builder() {
        let docs = [
            doc(0, &["agent", "model"]),
            doc(1, &["model"]),
            doc(2, &["agent", "chip", "data", "model", "train"]),
            doc(3, &["model", "zebra"]),
            doc(4, &["agent"]),
            doc(5, &["chip", "model", "one", "two", "three", "four"]),
        ];
        let mut whole = builder();
        for (at, terms) in docs.iter().enumerate() {
            whole.add(at as u32, terms.clone());
        }
        let whole = whole.finish();
        for split in 1..docs.len() {
            let (mut first, mut second) = (builder(), builder());
            for (at, terms) in docs.iter().enumerate() {
                let part = if at < split { &mut first } else { &mut second };
                part.add(at as u32, terms.clone());
            }
            let merged = first.merge(second).finish();
            assert_eq!(merged.terms, whole.terms, "split at {split}");
            assert_eq!(merged.named, whole.named, "split at {split}");
        }
    }
}
