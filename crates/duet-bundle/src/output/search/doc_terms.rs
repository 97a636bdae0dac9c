//! What the index needs of one document (one article in one language): its field
//! lengths, its named passages and every term with its counts and best passages.
//!
//! Worked out per article, in parallel, as soon as the article is assembled, and
//! kept in the build cache: the index itself needs statistics of the whole archive
//! (average field lengths, the FAQ passage base), so it is put together afterwards
//! from these, one document at a time, without any article body in memory.
//!
//! FAQ passages are numbered from 0 here (`passages(…, 0)`): their absolute number
//! (past every article's pairs) is only known once all articles are, and is added
//! when the postings are made ([`DocTerms::passage_numbers`]).

use std::collections::HashMap;

use duet_core::search::format::MAX_PASSAGES;
use duet_core::search::passages::passages;
use duet_core::search::tokenize::{ideograph_terms, runs, terms, word_term, Script};
use duet_core::search::Field;
use duet_core::{Article, Lang};
use jieba_rs::Jieba;

use crate::cache::codec::{Reader, Writer};

/// Jieba words at least this long are indexed on top of the bigrams.
const MIN_WORD_CHARS: usize = 3;

/// One document's share of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct DocTerms {
    /// Terms per field (BM25's length normalisation), by [`Field::index`].
    pub length: [u32; 5],
    /// Passages whose id cannot be derived from their number: (number, id, is heading).
    pub named: Vec<(u16, String, bool)>,
    /// Every term, sorted.
    pub terms: Vec<TermEntry>,
}

/// What one document holds of one term.
#[derive(Debug, Clone, PartialEq)]
pub struct TermEntry {
    pub term: String,
    /// Occurrences per field.
    pub counts: [u32; 5],
    /// The most telling passages (title first, then abstract, headings, FAQ, body),
    /// at most [`MAX_PASSAGES`]; FAQ numbers relative (see the module's comment).
    pub passages: Vec<(Field, u16)>,
}

impl TermEntry {
    /// The kept passages' absolute numbers, ascending, given the FAQ base.
    pub fn passage_numbers(&self, faq_base: u16) -> Vec<u16> {
        let mut numbers: Vec<u16> = self
            .passages
            .iter()
            .map(|(field, number)| match field {
                Field::Faq => faq_base.saturating_add(*number),
                _ => *number,
            })
            .collect();
        numbers.sort_unstable();
        numbers
    }
}

/// One term's occurrences in a document while it is read: counts per field and the
/// passages (field, number) it was seen in, each once.
type Occurrences = ([u32; 5], Vec<(Field, u16)>);

/// The terms of `article` in `lang`; `None` when it has no `lang` side.
pub fn extract(article: &Article, lang: Lang, jieba: &Jieba) -> Option<DocTerms> {
    let found = passages(article, lang, 0);
    if found.is_empty() {
        return None;
    }
    let mut length = [0u32; 5];
    let mut named = Vec::new();
    let mut entries: HashMap<String, Occurrences> = HashMap::new();
    for passage in &found {
        length[passage.field.index()] += terms(&passage.text).len() as u32;
        if passage.named {
            named.push((
                passage.number,
                passage.id.clone(),
                passage.field == Field::Heading,
            ));
        }
        let place = (passage.field, passage.number);
        let mut add = |term: String| {
            let (counts, places) = entries.entry(term).or_default();
            counts[passage.field.index()] += 1;
            if places.last() != Some(&place) {
                places.push(place);
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
    let mut terms: Vec<TermEntry> = entries
        .into_iter()
        .map(|(term, (counts, mut places))| {
            // Field order is the order of preference (title, abstract, heading, FAQ, body).
            places.sort_unstable();
            places.truncate(MAX_PASSAGES);
            TermEntry {
                term,
                counts,
                passages: places,
            }
        })
        .collect();
    terms.sort_unstable_by(|left, right| left.term.cmp(&right.term));
    Some(DocTerms {
        length,
        named,
        terms,
    })
}

impl DocTerms {
    /// The bytes the build cache keeps.
    pub fn encode(&self, writer: &mut Writer) {
        for length in self.length {
            writer.uint(u64::from(length));
        }
        writer.uint(self.named.len() as u64);
        for (number, id, heading) in &self.named {
            writer.uint(u64::from(*number));
            writer.str(id);
            writer.bool(*heading);
        }
        writer.uint(self.terms.len() as u64);
        for entry in &self.terms {
            writer.str(&entry.term);
            for count in entry.counts {
                writer.uint(u64::from(count));
            }
            writer.uint(entry.passages.len() as u64);
            for (field, number) in &entry.passages {
                writer.uint(field.index() as u64);
                writer.uint(u64::from(*number));
            }
        }
    }

    /// Reads back what [`DocTerms::encode`] wrote; `None` when malformed.
    pub fn decode(reader: &mut Reader) -> Option<DocTerms> {
        let mut length = [0u32; 5];
        for slot in &mut length {
            *slot = reader.u32()?;
        }
        let named_count = reader.count()?;
        let mut named = Vec::with_capacity(named_count);
        for _ in 0..named_count {
            named.push((reader.u16()?, reader.string()?, reader.bool()?));
        }
        let term_count = reader.count()?;
        let mut terms = Vec::with_capacity(term_count);
        for _ in 0..term_count {
            let term = reader.string()?;
            let mut counts = [0u32; 5];
            for slot in &mut counts {
                *slot = reader.u32()?;
            }
            let passage_count = reader.count()?;
            if passage_count > MAX_PASSAGES {
                return None;
            }
            let mut passages = Vec::with_capacity(passage_count);
            for _ in 0..passage_count {
                let field = *Field::ALL.get(usize::try_from(reader.uint()?).ok()?)?;
                passages.push((field, reader.u16()?));
            }
            terms.push(TermEntry {
                term,
                counts,
                passages,
            });
        }
        Some(DocTerms {
            length,
            named,
            terms,
        })
    }
}
