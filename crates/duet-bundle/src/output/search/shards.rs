//! Cutting the index into shards by term prefix and encoding them.
//!
//! Terms are grouped by key: the first character of an ideograph term, the first
//! two characters of a word. Consecutive groups share a shard while it stays under
//! the target size; a group bigger than that is cut between terms. The target grows
//! with the square root of the index, which balances the manifest (one entry per
//! shard, fetched by every query) against the shards a query fetches.

use std::collections::BTreeSet;

use rayon::prelude::*;

use duet_core::search::bits::BitWriter;
use duet_core::search::format::{
    encode_postings, encode_shard, NamedPassage, Posting, Shard, TermPostings,
};
use duet_core::search::normalize::is_ideograph;

use super::index::{Index, Named};

/// Smallest and largest shard target in bytes.
const MIN_TARGET: usize = 2 * 1024;
const MAX_TARGET: usize = 32 * 1024;

/// The shards' first terms (all but the first shard's) and file texts.
pub struct Encoded {
    pub shard_starts: Vec<String>,
    pub files: Vec<String>,
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
    let terms: Vec<(&String, &Vec<Posting>)> = index.terms.iter().collect();
    let costs: Vec<(&str, usize)> = terms
        .par_iter()
        .map(|(term, postings)| (term.as_str(), cost(term, postings)))
        .collect();
    drop(terms);
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
    let mut terms = index.terms.into_iter();
    let mut groups = Vec::with_capacity(ends.len());
    let mut taken = 0;
    for end in ends {
        let entries: Vec<TermPostings> = terms
            .by_ref()
            .take(end - taken)
            .map(|(term, postings)| TermPostings { term, postings })
            .collect();
        taken = end;
        groups.push(entries);
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
    }
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
        terms,
        names,
        named,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
