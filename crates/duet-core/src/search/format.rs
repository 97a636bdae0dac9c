//! The search files: the manifest and term shards, and the shard encoding.
//!
//! Documents are article-language pairs numbered `article` (Chinese) and
//! `articles + article` (English), so a Chinese term's documents sit close together.
//! Each shard holds a contiguous range of terms in byte order; the manifest lists
//! where each shard starts. Terms are grouped by their first character (ideographs)
//! or first two letters (words) and consecutive small groups share a shard, while a
//! group too big for one is cut between terms. So a word, or a prefix of at least
//! that key's length, lives in one shard, rarely two.
//!
//! A shard file is JSON `{schema_version, terms, names, bits}`: `terms` front-coded
//! (`<shared prefix length digit><rest>` separated by spaces), `names` the passage ids
//! that cannot be derived (`h-…` headings), `bits` base64 of a bit stream. Per term:
//! γ(document count), 5-bit Rice parameter, γ(first document + 1), then per document
//! the Rice-coded gap from the previous one (not for the first), a
//! 4-bit impact (the document's BM25F weight for the term, quantised) and up to
//! [`MAX_PASSAGES`] passages where it occurs (count less one in fixed width, Rice first,
//! γ gaps). After the
//! terms, the named passages: (document, passage) → name index and a heading flag.
//!
//! A common word's list is tiered by impact: the shard keeps the postings of its best
//! articles (about [`HEAD_POSTINGS`]; see [`TermPostings::tier`]), and the rest go to
//! tiers of growing size, each a file of its own (`search/tails/<n>.json.gz`, a shard
//! holding that one term, whose entry says what follows it), fetched one at a time
//! only while what is fetched cannot settle the top results (see `rank`). A tiered
//! term's entry starts with a 1 bit, then γ(all its documents), 5 bits each for the
//! tail's highest impact per language and its best article's two impacts, γ(that
//! article + 1) and γ(tail number + 1). An untiered term starts with a 0 bit.

use serde::{Deserialize, Serialize};

use super::bits::{rice_parameter, BitReader, BitWriter, Truncated};
use crate::decode::from_value::{field, object, FromValue, ReadError, Value};
use crate::decode::{decode, DecodeError};
use crate::lang::Lang;

/// Bundle-relative path of the manifest (gzip-compressed JSON, as every file of the
/// index: stored compressed, a shard is about a quarter smaller, the manifest 40 %).
pub const SEARCH_MANIFEST: &str = "search/manifest.json.gz";

/// Bundle-relative path of shard `index` (gzip-compressed JSON).
pub fn shard_file(index: usize) -> String {
    format!("search/terms/{index}.json.gz")
}

/// Bundle-relative path of tier `number` of some common word (gzip-compressed JSON, a
/// shard of that one term).
pub fn tail_file(number: u32) -> String {
    format!("search/tails/{number}.json.gz")
}

/// A term's postings in its shard at most; the rest are its tiers. Large enough that
/// a rare word is never tiered, small enough that a word in every article costs a
/// query a few kilobytes.
pub const HEAD_POSTINGS: usize = 1024;

/// Each tier of a tail holds this many times the postings of the part before it, so
/// a query that needs more of a common word fetches a little more at a time, and a
/// list of n postings has about log₄ n parts.
pub const TIER_GROWTH: usize = 4;

/// Passage numbers within a document.
pub const TITLE_PASSAGE: u16 = 0;
pub const ABSTRACT_PASSAGE: u16 = 1;
/// Pair `i` of the article is passage `FIRST_PAIR_PASSAGE + i`.
pub const FIRST_PAIR_PASSAGE: u16 = 2;
/// At most this many passages are kept per term and document (the most telling).
pub const MAX_PASSAGES: usize = 2;
/// Bits of a posting's passage count (less one; every posting has a passage).
const COUNT_BITS: u32 = usize::BITS - (MAX_PASSAGES - 1).leading_zeros();
/// Impacts are stored as 1..=IMPACT_LEVELS, meaning `level / IMPACT_LEVELS`.
pub const IMPACT_LEVELS: u8 = 16;

/// What every query needs first: corpus statistics and where the shards split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchManifest {
    pub schema_version: u32,
    /// Articles in the catalog; document `d` is article `d % articles`.
    pub articles: u32,
    /// Documents (article-language pairs) that exist.
    pub docs: u32,
    /// Passage number of `faq-1`; larger than any pair's.
    pub faq_base: u16,
    /// Average length in terms of each field, in [`super::Field::ALL`] order.
    pub avg_len: Vec<f32>,
    /// Where every shard but the first starts: the shortest string that sorts after
    /// the previous shard's last term and not after the shard's first term.
    #[serde(with = "spaced")]
    pub shard_starts: Vec<String>,
}

impl SearchManifest {
    /// The article and language of document `doc`.
    pub fn doc_article(&self, doc: u32) -> (usize, Lang) {
        let articles = self.articles.max(1);
        let lang = if doc < articles { Lang::Zh } else { Lang::En };
        ((doc % articles) as usize, lang)
    }

    /// Document number of `article` in `lang`.
    pub fn doc_of(&self, article: usize, lang: Lang) -> u32 {
        let offset = if lang == Lang::Zh { 0 } else { self.articles };
        offset + article as u32
    }

    /// Number of shards.
    pub fn shard_count(&self) -> usize {
        self.shard_starts.len() + 1
    }

    /// The shard that holds `term`, were it indexed.
    pub fn shard_of(&self, term: &str) -> usize {
        self.shard_starts
            .partition_point(|start| start.as_str() <= term)
    }
}

impl FromValue for SearchManifest {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let object = object(value)?;
        let shard_starts: String = field(object, "shard_starts")?;
        Ok(SearchManifest {
            schema_version: field(object, "schema_version")?,
            articles: field(object, "articles")?,
            docs: field(object, "docs")?,
            faq_base: field(object, "faq_base")?,
            avg_len: field(object, "avg_len")?,
            shard_starts: spaced::split(&shard_starts),
        })
    }
}

/// Serialises a list of space-free strings as one space-separated string.
mod spaced {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(items: &[String], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&items.join(" "))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<String>, D::Error> {
        Ok(split(&String::deserialize(deserializer)?))
    }

    /// The strings of `text`, between its spaces.
    pub fn split(text: &str) -> Vec<String> {
        text.split(' ')
            .filter(|item| !item.is_empty())
            .map(String::from)
            .collect()
    }
}

/// One document's entry in a term's posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// 1..=[`IMPACT_LEVELS`].
    pub impact: u8,
    passages: [u16; MAX_PASSAGES],
    passage_count: u8,
}

impl Posting {
    /// A posting; `passages` sorted ascending, at most [`MAX_PASSAGES`] (extra ones dropped).
    pub fn new(doc: u32, impact: u8, passages: &[u16]) -> Posting {
        let mut kept = [0; MAX_PASSAGES];
        let count = passages.len().min(MAX_PASSAGES);
        kept[..count].copy_from_slice(&passages[..count]);
        Posting {
            doc,
            impact: impact.clamp(1, IMPACT_LEVELS),
            passages: kept,
            passage_count: count as u8,
        }
    }

    /// Passages where the term occurs (the most telling few), ascending.
    pub fn passages(&self) -> &[u16] {
        &self.passages[..usize::from(self.passage_count)]
    }
}

/// A term and the documents that contain it, by document number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermPostings {
    pub term: String,
    /// All of them, or one part of a tiered term (the head in its shard, or a tier).
    pub postings: Vec<Posting>,
    /// What follows this part of a tiered term (none after the last part).
    pub tail: Option<Tail>,
}

/// The postings of a tiered term after one of its parts: where the next tier is, and
/// what the ranking needs to know about all of them before (or instead of) fetching
/// it. An article's postings of the term are all in one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    /// Documents holding the term, head and tail together (what its idf counts).
    pub documents: u32,
    /// Per language ([`Lang::ALL`] order): the highest impact that follows (0: no
    /// document of that language).
    pub best: [u8; 2],
    /// The best article that follows, for this term alone: its higher and lower
    /// impact over its two languages (0 when it has one), and the lowest article
    /// number among those as good (see [`article_value`]).
    pub top: (u8, u8),
    pub top_article: u32,
    /// The next tier's file is [`tail_file`]`(number)`.
    pub number: u32,
}

/// How good an article is for one term, from its higher and lower impact over its two
/// languages: the ranking's `best + OTHER_LANGUAGE × other`, times 10, in integers.
pub fn article_value(high: u8, low: u8) -> u32 {
    10 * u32::from(high) + 3 * u32::from(low)
}

impl TermPostings {
    /// Cuts a term with more than `head_size` postings into the head its shard keeps
    /// and its tiers, files `first_number`, `first_number + 1`, …: the head holds whole
    /// articles, best first by [`article_value`] and among equals the lowest numbers
    /// (the order ties are ranked in), until it has `head_size` postings; each tier
    /// after it holds [`TIER_GROWTH`] times as many as the one before, the last the
    /// rest. Each part's `tail` describes everything after it; all parts stay by
    /// document. `articles` is the manifest's article count.
    pub fn tier(
        mut self,
        head_size: usize,
        articles: u32,
        first_number: u32,
    ) -> (TermPostings, Vec<TermPostings>) {
        if self.postings.len() <= head_size {
            return (self, Vec::new());
        }
        let documents = self.postings.len() as u32;
        let articles = articles.max(1);
        // Each article once: its value, number and the impacts of its documents.
        let mut impacts = vec![(0u8, 0u8); articles as usize];
        for posting in &self.postings {
            let article = (posting.doc % articles) as usize;
            let (high, low) = &mut impacts[article];
            if posting.impact > *high {
                *low = *high;
                *high = posting.impact;
            } else {
                *low = posting.impact.max(*low);
            }
        }
        let mut order: Vec<(u32, u32)> = impacts
            .iter()
            .enumerate()
            .filter(|(_, (high, _))| *high > 0)
            .map(|(article, (high, low))| (article_value(*high, *low), article as u32))
            .collect();
        crate::sort::sort_by(&mut order, |left, right| {
            right.0.cmp(&left.0).then(left.1.cmp(&right.1))
        });
        // The part each article goes to, and the first (best) article of each part.
        let mut part_of = vec![0u8; articles as usize];
        let mut firsts = vec![order[0].1];
        let (mut part, mut kept, mut size) = (0u8, 0usize, head_size);
        for (_, article) in &order {
            if kept >= size {
                part += 1;
                kept = 0;
                size = size.saturating_mul(TIER_GROWTH);
                firsts.push(*article);
            }
            part_of[*article as usize] = part;
            let (high, low) = impacts[*article as usize];
            kept += usize::from(high > 0) + usize::from(low > 0);
        }
        let parts = usize::from(part) + 1;
        let mut postings: Vec<Vec<Posting>> = vec![Vec::new(); parts];
        let mut best_after = vec![[0u8; 2]; parts];
        for posting in std::mem::take(&mut self.postings) {
            let part = usize::from(part_of[(posting.doc % articles) as usize]);
            let side = usize::from(posting.doc >= articles);
            // What every part before this one does not hold.
            for best in &mut best_after[..part] {
                best[side] = best[side].max(posting.impact);
            }
            postings[part].push(posting);
        }
        let term = std::mem::take(&mut self.term);
        let mut entries = postings.into_iter().enumerate().map(|(part, postings)| {
            let tail = firsts.get(part + 1).map(|first| Tail {
                documents,
                best: best_after[part],
                top: impacts[*first as usize],
                top_article: *first,
                number: first_number + part as u32,
            });
            TermPostings {
                term: term.clone(),
                postings,
                tail,
            }
        });
        // `parts` is at least one: the head.
        let head = entries.next().unwrap_or_default();
        (head, entries.collect())
    }

    /// Documents holding the term, fetched or not.
    pub fn documents(&self) -> u32 {
        self.tail
            .map_or(self.postings.len() as u32, |tail| tail.documents)
    }
}

/// A passage whose id cannot be derived from its number: a heading's `h-…` id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NamedPassage {
    pub doc: u32,
    pub passage: u16,
    /// Index into [`Shard::names`].
    pub name: u32,
    /// The block on this document's side is a heading (else a paragraph or other).
    pub heading: bool,
}

/// One part of the index: a range of terms with their postings, or a tiered term's
/// tail.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shard {
    /// The tail number when this is a tail file (its one term's other postings).
    pub tail: Option<u32>,
    /// Sorted by term.
    pub terms: Vec<TermPostings>,
    pub names: Vec<String>,
    /// Sorted by (doc, passage).
    pub named: Vec<NamedPassage>,
}

impl Shard {
    /// The postings of `term`, if this shard has it.
    pub fn postings(&self, term: &str) -> Option<&TermPostings> {
        self.terms
            .binary_search_by(|entry| entry.term.as_str().cmp(term))
            .ok()
            .map(|index| &self.terms[index])
    }

    /// Terms starting with `prefix`.
    pub fn with_prefix(&self, prefix: &str) -> &[TermPostings] {
        let start = self
            .terms
            .partition_point(|entry| entry.term.as_str() < prefix);
        let count = self.terms[start..].partition_point(|entry| entry.term.starts_with(prefix));
        &self.terms[start..start + count]
    }

    /// This shard with every term of more than `head_size` postings tiered
    /// ([`TermPostings::tier`]): the shard of heads, and the tier shards, numbered
    /// from `first_number` in term order, each with this shard's passage names. For
    /// tests, which tier a small index as the bundler tiers a large one.
    pub fn tiered(
        mut self,
        head_size: usize,
        articles: u32,
        first_number: u32,
    ) -> (Shard, Vec<Shard>) {
        let mut tiers = Vec::new();
        for entry in std::mem::take(&mut self.terms) {
            let first = first_number + tiers.len() as u32;
            let (head, parts) = entry.tier(head_size, articles, first);
            self.terms.push(head);
            for (at, part) in parts.into_iter().enumerate() {
                tiers.push(Shard {
                    tail: Some(first + at as u32),
                    terms: vec![part],
                    names: self.names.clone(),
                    named: self.named.clone(),
                });
            }
        }
        (self, tiers)
    }

    /// The id and heading flag of a named passage.
    pub fn name_of(&self, doc: u32, passage: u16) -> Option<(&str, bool)> {
        let index = self
            .named
            .binary_search_by(|named| (named.doc, named.passage).cmp(&(doc, passage)))
            .ok()?;
        let named = self.named[index];
        Some((self.names.get(named.name as usize)?.as_str(), named.heading))
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ShardFile {
    schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tail: Option<u32>,
    terms: String,
    names: String,
    bits: String,
}

crate::from_value_struct!(ShardFile {
    schema_version,
    tail,
    terms,
    names,
    bits,
});

/// The shard as file text.
pub fn encode_shard(shard: &Shard) -> String {
    let mut terms = String::new();
    let mut previous: Vec<char> = Vec::new();
    for entry in &shard.terms {
        let chars: Vec<char> = entry.term.chars().collect();
        let shared = previous
            .iter()
            .zip(&chars)
            .take_while(|(left, right)| left == right)
            .count()
            .min(9);
        if !terms.is_empty() {
            terms.push(' ');
        }
        terms.push(char::from(b'0' + shared as u8));
        terms.extend(&chars[shared..]);
        previous = chars;
    }
    let mut bits = BitWriter::default();
    for entry in &shard.terms {
        encode_tail(&mut bits, entry.tail.as_ref());
        encode_postings(&mut bits, &entry.postings);
    }
    bits.gamma(shard.named.len() as u64 + 1);
    let name_width = width_of(shard.names.len());
    let mut previous_doc = 0;
    for named in &shard.named {
        bits.gamma(u64::from(named.doc - previous_doc) + 1);
        bits.rice(u64::from(named.passage), 3);
        bits.bits(u64::from(named.name), name_width);
        bits.bits(u64::from(named.heading), 1);
        previous_doc = named.doc;
    }
    let file = ShardFile {
        schema_version: crate::SCHEMA_VERSION,
        tail: shard.tail,
        terms,
        names: shard.names.join(" "),
        bits: bits.to_base64(),
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// Bits needed to write a number below `count`.
fn width_of(count: usize) -> u32 {
    usize::BITS - count.saturating_sub(1).leading_zeros()
}

/// Writes whether a term is tiered and, if so, what the ranking knows of its tail.
pub fn encode_tail(bits: &mut BitWriter, tail: Option<&Tail>) {
    let Some(tail) = tail else {
        bits.bits(0, 1);
        return;
    };
    bits.bits(1, 1);
    bits.gamma(u64::from(tail.documents));
    for impact in [tail.best[0], tail.best[1], tail.top.0, tail.top.1] {
        bits.bits(u64::from(impact), 5);
    }
    bits.gamma(u64::from(tail.top_article) + 1);
    bits.gamma(u64::from(tail.number) + 1);
}

fn decode_tail(bits: &mut BitReader) -> Result<Option<Tail>, Truncated> {
    if bits.bits(1)? == 0 {
        return Ok(None);
    }
    let documents = bits.gamma()? as u32;
    let mut impacts = [0u8; 4];
    for impact in &mut impacts {
        *impact = (bits.bits(5)? as u8).min(IMPACT_LEVELS);
    }
    let top_article = (bits.gamma()? - 1) as u32;
    let number = (bits.gamma()? - 1) as u32;
    Ok(Some(Tail {
        documents,
        best: [impacts[0], impacts[1]],
        top: (impacts[2], impacts[3]),
        top_article,
        number,
    }))
}

/// Writes one term's posting list (documents ascending).
pub fn encode_postings(bits: &mut BitWriter, postings: &[Posting]) {
    bits.gamma(postings.len() as u64);
    let span = match (postings.first(), postings.last()) {
        (Some(first), Some(last)) => last.doc - first.doc,
        _ => 0,
    };
    let k = rice_parameter(f64::from(span) / postings.len().max(1) as f64 - 1.0);
    bits.bits(u64::from(k), 5);
    let mut next = None;
    for posting in postings {
        // The first document number in full (English ones start past all Chinese
        // ones), the others as gaps.
        match next {
            None => bits.gamma(u64::from(posting.doc) + 1),
            Some(next) => bits.rice(u64::from(posting.doc - next), k),
        }
        next = Some(posting.doc + 1);
        bits.bits(u64::from(posting.impact - 1), 4);
        let passages = posting.passages();
        bits.bits(passages.len().saturating_sub(1) as u64, COUNT_BITS);
        if let Some((first, rest)) = passages.split_first() {
            bits.rice(u64::from(*first), 2);
            let mut previous = *first;
            for passage in rest {
                bits.gamma(u64::from(passage - previous));
                previous = *passage;
            }
        }
    }
}

/// Parses and checks one shard file.
pub fn decode_shard(file: &str, text: &str) -> Result<Shard, DecodeError> {
    let wire: ShardFile = decode(file, text)?;
    let broken = |what: &str| DecodeError::Malformed {
        file: file.to_string(),
        line: 1,
        column: 1,
        message: format!("search shard: {what}"),
    };
    let mut terms = Vec::new();
    let mut previous: Vec<char> = Vec::new();
    for coded in wire.terms.split(' ').filter(|coded| !coded.is_empty()) {
        let mut chars = coded.chars();
        let shared = chars
            .next()
            .and_then(|digit| digit.to_digit(10))
            .ok_or_else(|| broken("bad term list"))? as usize;
        let mut term: Vec<char> = previous
            .get(..shared)
            .ok_or_else(|| broken("bad term list"))?
            .to_vec();
        term.extend(chars);
        terms.push(term.iter().collect::<String>());
        previous = term;
    }
    let mut bits = BitReader::from_base64(&wire.bits).ok_or_else(|| broken("bad base64"))?;
    let truncated = |_: Truncated| broken("bit stream ends early");
    let mut shard = Shard {
        tail: wire.tail,
        terms: Vec::with_capacity(terms.len()),
        names: wire
            .names
            .split(' ')
            .filter(|name| !name.is_empty())
            .map(String::from)
            .collect(),
        named: Vec::new(),
    };
    for term in terms {
        let tail = decode_tail(&mut bits).map_err(truncated)?;
        let postings = decode_postings(&mut bits).map_err(truncated)?;
        shard.terms.push(TermPostings {
            term,
            postings,
            tail,
        });
    }
    let named_count = bits.gamma().map_err(truncated)? - 1;
    let name_width = width_of(shard.names.len());
    let mut doc = 0u32;
    for _ in 0..named_count {
        doc = doc.saturating_add((bits.gamma().map_err(truncated)? - 1) as u32);
        let passage = bits.rice(3).map_err(truncated)? as u16;
        let name = bits.bits(name_width).map_err(truncated)? as u32;
        let heading = bits.bits(1).map_err(truncated)? == 1;
        shard.named.push(NamedPassage {
            doc,
            passage,
            name,
            heading,
        });
    }
    Ok(shard)
}

fn decode_postings(bits: &mut BitReader) -> Result<Vec<Posting>, Truncated> {
    let count = bits.gamma()? as usize;
    let k = bits.bits(5)? as u32;
    let mut postings = Vec::with_capacity(count.min(1 << 20));
    let mut next: Option<u32> = None;
    for _ in 0..count {
        let doc = match next {
            None => (bits.gamma()? - 1) as u32,
            Some(next) => next.saturating_add(bits.rice(k)? as u32),
        };
        next = Some(doc + 1);
        let impact = bits.bits(4)? as u8 + 1;
        let passage_count = (bits.bits(COUNT_BITS)? as usize + 1).min(MAX_PASSAGES);
        let mut passages = [0u16; MAX_PASSAGES];
        for at in 0..passage_count {
            passages[at] = if at == 0 {
                bits.rice(2)? as u16
            } else {
                passages[at - 1].saturating_add(bits.gamma()? as u16)
            };
        }
        postings.push(Posting::new(doc, impact, &passages[..passage_count]));
    }
    Ok(postings)
}

/// Parses and checks the manifest.
pub fn decode_manifest(file: &str, text: &str) -> Result<SearchManifest, DecodeError> {
    decode(file, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_round_trip_through_their_text() {
        let postings = |docs: &[u32]| {
            docs.iter()
                .map(|doc| Posting::new(*doc, (*doc % 16 + 1) as u8, &[0, 2 + *doc as u16]))
                .collect()
        };
        let shard = Shard {
            terms: ["model", "modern", "模型", "模型训练"]
                .iter()
                .zip([&[0, 1, 5][..], &[1000], &[3, 900, 901], &[7]])
                .map(|(term, docs)| TermPostings {
                    term: term.to_string(),
                    postings: postings(docs),
                    // The head of a common word: what the ranking needs of the rest.
                    tail: (*term == "模型").then_some(Tail {
                        documents: 5000,
                        best: [12, 0],
                        top: (12, 0),
                        top_article: 40,
                        number: 7,
                    }),
                })
                .collect(),
            tail: None,
            names: vec!["h-costs".into(), "h-intro".into()],
            named: vec![
                NamedPassage {
                    doc: 3,
                    passage: 5,
                    name: 1,
                    heading: true,
                },
                NamedPassage {
                    doc: 900,
                    passage: 2,
                    name: 0,
                    heading: false,
                },
            ],
        };
        let text = encode_shard(&shard);
        assert!(
            text.contains(r#""terms":"0model 4rn 0模型 2训练""#),
            "{text}"
        );
        assert_eq!(decode_shard("s.json", &text).unwrap(), shard);
        assert_eq!(shard.name_of(3, 5), Some(("h-intro", true)));
        assert_eq!(shard.name_of(3, 6), None);
        let prefixed: Vec<&str> = shard
            .with_prefix("模型")
            .iter()
            .map(|entry| entry.term.as_str())
            .collect();
        assert_eq!(prefixed, ["模型", "模型训练"]);
    }

    #[test]
    fn a_tail_file_says_which_tail_it_is() {
        let tail = Shard {
            tail: Some(7),
            terms: vec![TermPostings {
                term: "模型".into(),
                postings: vec![Posting::new(40, 12, &[3]), Posting::new(41, 2, &[2])],
                tail: None,
            }],
            ..Shard::default()
        };
        let text = encode_shard(&tail);
        assert!(text.contains(r#""tail":7"#), "{text}");
        assert_eq!(decode_shard(&tail_file(7), &text).unwrap(), tail);
        // An ordinary shard's file says nothing of tails.
        assert!(!encode_shard(&Shard::default()).contains("tail"));
    }

    #[test]
    fn a_damaged_shard_is_an_error_naming_the_file() {
        let text = encode_shard(&Shard {
            terms: vec![TermPostings {
                term: "x".into(),
                postings: vec![Posting::new(4, 3, &[2])],
                tail: None,
            }],
            ..Shard::default()
        });
        // The bit stream cut off: the term list promises postings that are not there.
        let damaged = text.split(r#""bits":""#).next().unwrap().to_string() + r#""bits":""}"#;
        let error = decode_shard("search/terms/3.json.gz", &damaged).unwrap_err();
        assert!(
            error.to_string().contains("search/terms/3.json.gz"),
            "{error}"
        );
    }

    #[test]
    fn manifest_lists_shard_starts_in_one_string() {
        let manifest = SearchManifest {
            schema_version: crate::SCHEMA_VERSION,
            articles: 2,
            docs: 3,
            faq_base: 9,
            avg_len: vec![1.0; 5],
            shard_starts: vec!["b".into(), "模".into()],
        };
        let text = serde_json::to_string(&manifest).unwrap();
        assert!(text.contains(r#""shard_starts":"b 模""#), "{text}");
        assert_eq!(decode_manifest("m", &text).unwrap(), manifest);
        assert_eq!(manifest.doc_article(3), (1, Lang::En));
        assert_eq!(manifest.doc_of(1, Lang::En), 3);
    }
}
