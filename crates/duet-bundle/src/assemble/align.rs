//! Pairing the Chinese and English top-level blocks of an article.
//!
//! A global sequence alignment (Needleman–Wunsch) over block kinds: only blocks of
//! the same kind pair, similar shape (sentence count, heading level, item count)
//! earns a bonus, and a skipped block costs a little. So a paragraph split in one
//! language or an extra block leaves that block unpaired while everything after it
//! still lines up.

use std::collections::{BTreeMap, BTreeSet};

use duet_core::{spans_text, Block, BlockPair};

use crate::slug::ascii_slug;

/// Score of pairing two blocks of the same kind, before the shape bonus.
const MATCH: i32 = 4;
/// Cost of leaving a block unpaired.
const GAP: i32 = -1;

/// The result of aligning two block lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    pub pairs: Vec<BlockPair>,
    /// Paired lists or tables whose item or row counts differ: `(zh, en)` indices.
    pub uneven: Vec<(usize, usize)>,
}

impl Alignment {
    /// Indices of blocks left without a partner: `(zh, en)`, one side `None`.
    pub fn unpaired(&self) -> impl Iterator<Item = &BlockPair> {
        self.pairs
            .iter()
            .filter(|pair| pair.zh.is_none() || pair.en.is_none())
    }
}

/// Aligns the two languages' blocks; a missing language gives one pair per block.
pub fn align(zh: Option<&[Block]>, en: Option<&[Block]>) -> Alignment {
    let steps = match (zh, en) {
        (Some(zh), Some(en)) => best_path(zh, en),
        (Some(zh), None) => (0..zh.len()).map(|index| (Some(index), None)).collect(),
        (None, Some(en)) => (0..en.len()).map(|index| (None, Some(index))).collect(),
        (None, None) => Vec::new(),
    };
    let mut used_ids = UsedIds::default();
    let mut uneven = Vec::new();
    let pairs = steps
        .iter()
        .enumerate()
        .map(|(position, (zh_index, en_index))| {
            let zh_block = block(zh, *zh_index);
            let en_block = block(en, *en_index);
            if let (Some(zh_block), Some(en_block), Some(zh_index), Some(en_index)) =
                (zh_block, en_block, zh_index, en_index)
            {
                if item_count(zh_block) != item_count(en_block) {
                    uneven.push((*zh_index, *en_index));
                }
            }
            BlockPair {
                id: pair_id(position + 1, zh_block, en_block, &mut used_ids),
                zh: zh_index.map(to_u32),
                en: en_index.map(to_u32),
                sentences_aligned: matches!(
                    (zh_block, en_block),
                    (Some(Block::Paragraph { sentences: zh, .. }), Some(Block::Paragraph { sentences: en, .. }))
                        if zh.len() == en.len()
                ),
            }
        })
        .collect();
    Alignment { pairs, uneven }
}

fn block(blocks: Option<&[Block]>, index: Option<usize>) -> Option<&Block> {
    blocks.zip(index).map(|(blocks, index)| &blocks[index])
}

fn to_u32(index: usize) -> u32 {
    u32::try_from(index).expect("an article has fewer than 4 billion blocks")
}

/// Which blocks may pair at all.
fn kind(block: &Block) -> u8 {
    match block {
        Block::Heading { .. } => 0,
        Block::Paragraph { .. } => 1,
        Block::Quote { .. } => 2,
        Block::List { .. } => 3,
        Block::Code { .. } => 4,
        Block::Table { .. } => 5,
        Block::Image { .. } => 6,
        Block::Rule => 7,
        Block::Callout { .. } => 8,
        Block::Details { .. } => 9,
        Block::Figure { .. } => 10,
        Block::Definitions { .. } => 11,
        Block::Notes { .. } => 12,
        Block::Math { .. } => 13,
    }
}

/// The number that should match between translations of a block, if any.
fn item_count(block: &Block) -> Option<usize> {
    match block {
        Block::List { items, .. } => Some(items.len()),
        Block::Table { rows, .. } => Some(rows.len()),
        _ => None,
    }
}

/// A number describing a block's shape: close numbers suggest a translation.
fn shape(block: &Block) -> usize {
    match block {
        Block::Heading { level, .. } => usize::from(*level),
        Block::Paragraph { sentences, .. } => sentences.len(),
        Block::Quote { blocks } => blocks.len(),
        Block::List { items, .. } => items.len(),
        Block::Table { rows, .. } => rows.len(),
        Block::Code { text, .. } => text.lines().count(),
        Block::Callout { blocks, .. }
        | Block::Details { blocks, .. }
        | Block::Figure { blocks, .. } => blocks.len(),
        Block::Definitions { terms } => terms.len(),
        Block::Notes { notes } => notes.len(),
        Block::Image { .. } | Block::Rule | Block::Math { .. } => 0,
    }
}

/// Score of pairing `zh` with `en`, `None` when they may not pair.
fn pair_score(zh: &Block, en: &Block) -> Option<i32> {
    if kind(zh) != kind(en) {
        return None;
    }
    let bonus = match shape(zh).abs_diff(shape(en)) {
        0 => 2,
        1 => 1,
        _ => 0,
    };
    Some(MATCH + bonus)
}

type Step = (Option<usize>, Option<usize>);

/// The highest-scoring alignment, as steps in reading order.
fn best_path(zh: &[Block], en: &[Block]) -> Vec<Step> {
    let columns = en.len() + 1;
    let mut score = vec![0i32; (zh.len() + 1) * columns];
    let at = |row: usize, column: usize| row * columns + column;
    for row in 0..=zh.len() {
        for column in 0..=en.len() {
            let value = match (row, column) {
                (0, 0) => 0,
                (0, _) => score[at(0, column - 1)] + GAP,
                (_, 0) => score[at(row - 1, 0)] + GAP,
                _ => {
                    let skip =
                        (score[at(row - 1, column)] + GAP).max(score[at(row, column - 1)] + GAP);
                    match pair_score(&zh[row - 1], &en[column - 1]) {
                        Some(pair) => skip.max(score[at(row - 1, column - 1)] + pair),
                        None => skip,
                    }
                }
            };
            score[at(row, column)] = value;
        }
    }
    // Walk back from the end. On ties a skip is preferred over a pair, which places
    // pairs as early as possible: the first half of a split paragraph gets the partner.
    let mut steps = Vec::with_capacity(zh.len().max(en.len()));
    let (mut row, mut column) = (zh.len(), en.len());
    while row > 0 || column > 0 {
        let here = score[at(row, column)];
        if column > 0 && here == score[at(row, column - 1)] + GAP {
            column -= 1;
            steps.push((None, Some(column)));
        } else if row > 0 && here == score[at(row - 1, column)] + GAP {
            row -= 1;
            steps.push((Some(row), None));
        } else {
            row -= 1;
            column -= 1;
            steps.push((Some(row), Some(column)));
        }
    }
    steps.reverse();
    steps
}

/// The author's id of a heading (`{#id}`) as written (English side first), else
/// `h-<slug>` for headings (English text preferred, as Chinese gives no ASCII slug),
/// `p<position>` otherwise; made unique within the article.
fn pair_id(position: usize, zh: Option<&Block>, en: Option<&Block>, used: &mut UsedIds) -> String {
    let own_id = |block: Option<&Block>| match block {
        Some(Block::Heading { id: Some(id), .. }) => Some(id.clone()),
        _ => None,
    };
    if let Some(id) = own_id(en).or_else(|| own_id(zh)) {
        return used.claim(id);
    }
    let heading_text = |block: Option<&Block>| match block {
        Some(Block::Heading { spans, .. }) => Some(spans_text(spans)),
        _ => None,
    };
    let base = match (heading_text(en), heading_text(zh)) {
        (None, None) => format!("p{position}"),
        (english, chinese) => {
            let slug = english
                .map(|text| ascii_slug(&text))
                .filter(|slug| !slug.is_empty())
                .or_else(|| {
                    chinese
                        .map(|text| ascii_slug(&text))
                        .filter(|slug| !slug.is_empty())
                })
                .unwrap_or_else(|| position.to_string());
            format!("h-{slug}")
        }
    };
    used.claim(base)
}

/// Ids given so far, and for each base the next counter to try, so that many
/// headings with the same text number themselves in linear time.
#[derive(Default)]
struct UsedIds {
    ids: BTreeSet<String>,
    next_counter: BTreeMap<String, usize>,
}

impl UsedIds {
    /// `base`, or `base-2`, `base-3`, … : the first not yet given.
    fn claim(&mut self, base: String) -> String {
        let mut id = base.clone();
        let counter = self.next_counter.entry(base.clone()).or_insert(2);
        while self.ids.contains(&id) {
            id = format!("{base}-{counter}");
            *counter += 1;
        }
        self.ids.insert(id.clone());
        id
    }
}

#[cfg(test)]
#[path = "align_tests.rs"]
mod tests;
