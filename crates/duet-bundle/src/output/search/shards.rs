//! Cutting the index into shards by term prefix and encoding them.
//!
//! Terms are grouped by key: the first character of an ideograph term, the first
//! two characters of a word. Consecutive groups share a shard while it stays under
//! the target size; a group bigger than that is cut between terms. The target grows
//! with the square root of the index, which balances the manifest (one entry per
//! shard, fetched by every query) against the shards a query fetches. Before that, a
//! term in more than [`HEAD_POSTINGS`] documents is tiered (`TermPostings::tier`):
//! its head stays in its shard and its tail becomes a file of its own, so a word in
//! every article costs a query the same few kilobytes at any archive size.

use std::collections::BTreeSet;

use rayon::prelude::*;

use duet_core::search::bits::BitWriter;
use duet_core::search::format::{
    encode_postings, encode_shard, NamedPassage, Posting, Shard, TermPostings, HEAD_POSTINGS,
};
use duet_core::search::normalize::is_ideograph;

use super::index::{Index, Named};

/// Smallest and largest shard target in bytes.
const MIN_TARGET: usize = 2 * 1024;
const MAX_TARGET: usize = 32 * 1024;

/// The shards' first terms (all but the first shard's) and file texts, and the tail
/// files' texts (tail `n` is `tails[n]`).
pub struct Encoded {
    pub shard_starts: Vec<String>,
    pub files: Vec<String>,
    pub tails: Vec<String>,
}

/// The grouping key of a term.
fn key(term: &str) -> &str {
    let mut chars = term.char_indices();
    match chars.next() {
        Some((_, first)) if is_ideograph(first) => &term[..first.len_utf8()],
        Some(_) => chars.nth(1).map_or(term, |(end, _)| &term[..end]),
        None => term,
    }
}

/// The shortest prefix of `first` that sorts after `previous` (`first` > `previous`),
/// so the manifest lists short boundaries rather than whole terms.
fn boundary(previous: &str, first: &str) -> String {
    let mut end = 0;
    for (at, character) in first.char_indices() {
        end = at + character.len_utf8();
        if &first[..end] > previous {
            break;
        }
    }
    first[..end].to_string()
}

/// About how many bytes a term adds to its shard.
fn cost(term: &str, postings: &[Posting]) -> usize {
    let mut bits = BitWriter::default();
    encode_postings(&mut bits, postings);
    bits.len_bits().div_ceil(6) + term.len() + 2
}

/// Cuts `index` into shards and encodes each.
pub fn encode(index: Index) -> Encoded {
    encode_with_heads(index, HEAD_POSTINGS)
}

/// [`encode`], tiering terms of more than `head_size` postings.
fn encode_with_heads(index: Index, head_size: usize) -> Encoded {
    let (entries, tails) = tier(index.terms, index.articles, head_size);
    let tails: Vec<String> = tails
        .into_par_iter()
        .enumerate()
        .map(|(number, tail)| {
            let mut shard = shard(vec![tail], &index.named);
            shard.tail = Some(number as u32);
            encode_shard(&shard)
        })
        .collect();
    let costs: Vec<(&str, usize)> = entries
        .par_iter()
        .map(|entry| (entry.term.as_str(), cost(&entry.term, &entry.postings)))
        .collect();
    let total: usize = costs.iter().map(|(_, cost)| cost).sum();
    let target = ((8.0 * total as f64).sqrt() as usize).clamp(MIN_TARGET, MAX_TARGET);
    let starts = plan(&costs, target);
    let shard_starts: Vec<String> = starts
        .iter()
        .skip(1)
        .map(|at| boundary(costs[*at - 1].0, costs[*at].0))
        .collect();
    let mut ends: Vec<usize> = starts.iter().skip(1).copied().collect();
    ends.push(costs.len());
    drop(costs);
    let mut entries = entries.into_iter();
    let mut groups = Vec::with_capacity(ends.len());
    let mut taken = 0;
    for end in ends {
        groups.push(entries.by_ref().take(end - taken).collect::<Vec<_>>());
        taken = end;
    }
    // Each shard encoded on some core; `collect` keeps their order.
    let mut files: Vec<String> = groups
        .into_par_iter()
        .map(|entries| encode_shard(&shard(entries, &index.named)))
        .collect();
    if files.is_empty() {
        files.push(encode_shard(&Shard::default()));
    }
    Encoded {
        shard_starts,
        files,
        tails,
    }
}

/// Every term in order, a common one as its head; and the tails, numbered in term
/// order. Terms are moved, never copied: the index is most of the build's memory.
fn tier(
    terms: std::collections::BTreeMap<String, Vec<Posting>>,
    articles: u32,
    head_size: usize,
) -> (Vec<TermPostings>, Vec<TermPostings>) {
    let mut entries: Vec<TermPostings> = terms
        .into_iter()
        .map(|(term, postings)| TermPostings {
            term,
            postings,
            tail: None,
        })
        .collect();
    // Each common term tiered on some core, its tiers numbered from 0; then numbered
    // for good in term order.
    let mut tiered: Vec<(usize, Vec<TermPostings>)> = entries
        .par_iter_mut()
        .enumerate()
        .filter(|(_, entry)| entry.postings.len() > head_size)
        .map(|(at, entry)| {
            let (head, tiers) = std::mem::take(entry).tier(head_size, articles, 0);
            *entry = head;
            (at, tiers)
        })
        .collect();
    tiered.sort_unstable_by_key(|(at, _)| *at);
    let mut tails = Vec::new();
    for (at, tiers) in tiered {
        let offset = tails.len() as u32;
        let renumber = |part: &mut TermPostings| {
            if let Some(tail) = part.tail.as_mut() {
                tail.number += offset;
            }
        };
        renumber(&mut entries[at]);
        for mut tier in tiers {
            renumber(&mut tier);
            tails.push(tier);
        }
    }
    (entries, tails)
}

/// Indexes of the terms that start shards (the first is always 0).
fn plan(costs: &[(&str, usize)], target: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut size = 0;
    let mut at = 0;
    while at < costs.len() {
        let group_key = key(costs[at].0);
        let group_end = at
            + costs[at..]
                .iter()
                .take_while(|(term, _)| key(term) == group_key)
                .count();
        let group_size: usize = costs[at..group_end].iter().map(|(_, cost)| cost).sum();
        if size > 0 && size + group_size > target {
            starts.push(at);
            size = 0;
        }
        if group_size <= target {
            size += group_size;
        } else {
            for (offset, (_, cost)) in costs[at..group_end].iter().enumerate() {
                if size > 0 && size + cost > target {
                    starts.push(at + offset);
                    size = 0;
                }
                size += cost;
            }
        }
        at = group_end;
    }
    starts
}

/// A shard of `terms`, with the names of the named passages its postings point at.
fn shard(terms: Vec<TermPostings>, named: &Named) -> Shard {
    let mut used: BTreeSet<(u32, u16)> = BTreeSet::new();
    for entry in &terms {
        for posting in &entry.postings {
            for passage in posting.passages() {
                if named.contains_key(&(posting.doc, *passage)) {
                    used.insert((posting.doc, *passage));
                }
            }
        }
    }
    let names: Vec<String> = used
        .iter()
        .map(|key| named[key].0.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let named = used
        .iter()
        .map(|key| {
            let (name, heading) = &named[key];
            NamedPassage {
                doc: key.0,
                passage: key.1,
                name: names.binary_search(name).unwrap_or(0) as u32,
                heading: *heading,
            }
        })
        .collect();
    Shard {
        tail: None,
        terms,
        names,
        named,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_terms_keep_their_best_postings_and_the_rest_go_to_tiers() {
        use duet_core::search::decode_shard;
        // 10 articles; "open" in all 20 documents (impact rising with the article),
        // "rare" in two, "wide" in 12.
        let mut terms = std::collections::BTreeMap::new();
        let posting = |doc: u32| Posting::new(doc, (doc % 10 + 1) as u8, &[2]);
        terms.insert("open".to_string(), (0..20).map(posting).collect());
        terms.insert("rare".to_string(), vec![posting(3), posting(13)]);
        terms.insert("wide".to_string(), (4..16).map(posting).collect());
        let index = Index {
            articles: 10,
            docs: 20,
            faq_base: 20,
            avg_len: vec![1.0; 5],
            terms,
            named: Default::default(),
        };
        // Heads of 2 postings, then tiers of 8, 32, …
        let encoded = encode_with_heads(index, 2);
        let shard = decode_shard("s", &encoded.files.concat()).unwrap();
        assert_eq!(
            shard.postings("rare").unwrap().tail,
            None,
            "rare is not tiered"
        );
        let open = shard.postings("open").unwrap();
        // The head: the best article (9, in both languages), by document.
        let docs: Vec<u32> = open.postings.iter().map(|posting| posting.doc).collect();
        assert_eq!(docs, [9, 19]);
        let tail = open.tail.unwrap();
        assert_eq!((tail.documents, tail.number), (20, 0));
        // What follows: impact 9 at best in each language, article 8 first.
        assert_eq!(tail.best, [9, 9]);
        assert_eq!((tail.top, tail.top_article), ((9, 9), 8));
        // Tier 0: articles 8 to 5 (8 postings), and it says what follows it.
        let tier = decode_shard("t", &encoded.tails[0]).unwrap();
        assert_eq!(tier.tail, Some(0));
        assert_eq!(tier.terms[0].term, "open");
        let docs: Vec<u32> = tier.terms[0]
            .postings
            .iter()
            .map(|posting| posting.doc)
            .collect();
        assert_eq!(docs, [5, 6, 7, 8, 15, 16, 17, 18]);
        let next = tier.terms[0].tail.unwrap();
        assert_eq!((next.number, next.best, next.top_article), (1, [5, 5], 4));
        // Tier 1: the rest, and nothing after it.
        let last = decode_shard("t", &encoded.tails[1]).unwrap();
        assert_eq!(last.terms[0].postings.len(), 10);
        assert_eq!(last.terms[0].tail, None);
        // "wide" is numbered after every tier of "open".
        assert_eq!(shard.postings("wide").unwrap().tail.unwrap().number, 2);
        assert_eq!(encoded.tails.len(), 4, "open and wide have two tiers each");
    }

    #[test]
    fn keys_are_first_ideograph_or_first_two_letters() {
        assert_eq!(key("模型"), "模");
        assert_eq!(key("model"), "mo");
        assert_eq!(key("x"), "x");
        assert_eq!(key("4"), "4");
    }

    #[test]
    fn boundaries_are_the_shortest_separating_prefix() {
        assert_eq!(boundary("accord", "agent"), "ag");
        assert_eq!(boundary("model", "modern"), "moder");
        assert_eq!(boundary("模型", "母亲"), "母");
        assert_eq!(boundary("模型", "模式"), "模式");
        assert_eq!(boundary("ab", "abc"), "abc");
    }

    #[test]
    fn small_groups_share_a_shard_and_big_ones_are_cut() {
        let costs = [
            ("aa", 10),
            ("ab", 10),
            ("ba", 10),
            ("ca", 40),
            ("cb", 50),
            ("cc", 50),
            ("da", 10),
        ];
        // Groups: aa | ab | ba | ca | cb | cc | da (two-letter keys), target 60.
        assert_eq!(plan(&costs, 60), [0, 3, 4, 5]);
        let costs = [
            ("ma", 10),
            ("mod", 30),
            ("mode", 30),
            ("model", 30),
            ("na", 5),
        ];
        assert_eq!(plan(&costs, 60), [0, 1, 3]);
    }
}
