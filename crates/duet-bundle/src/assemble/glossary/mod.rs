//! The glossary step of the pipeline, after Markdown → blocks and assembly: every
//! Chinese paragraph's sentences are cut into words (`Block::Paragraph::words`),
//! and from those words come the article's glossary (pinyin, short English glosses
//! and HSK level of each dictionary word it uses, so the browser never downloads a
//! dictionary; written to its own file, `glossary/<slug>.json`) and its HSK
//! difficulty, which the catalog carries.
//!
//! Only paragraphs are segmented, nested ones in quotes and lists included; headings,
//! tables and the English side are left as they are. Dictionary data: CC-CEDICT
//! (`lexicon`), word boundaries: jieba (`segment`), levels: `difficulty`.

mod difficulty;
mod lexicon;
mod segment;

use std::collections::{BTreeMap, BTreeSet};

use duet_core::{spans_text, Article, Block, Glossary, SCHEMA_VERSION};
use jieba_rs::Jieba;

pub use difficulty::{difficulty, slot, BANDS, SLOTS};
pub use lexicon::{Lexicon, MAX_GLOSSES, MAX_GLOSS_CHARS};
pub use segment::{jieba, segment, word_lengths, Piece};

use crate::progress::Progress;

/// Adds words and difficulty to every article with a Chinese side, and returns the
/// glossary of each article that has Chinese words, by slug.
pub fn annotate(articles: &mut [Article]) -> BTreeMap<String, Glossary> {
    let mut glossaries = BTreeMap::new();
    let chinese = articles
        .iter()
        .filter(|article| article.body.zh.is_some())
        .count();
    if chinese == 0 {
        return glossaries;
    }
    let mut lexicon = Lexicon::default();
    lexicon.load();
    let jieba = jieba();
    let progress = Progress::new("glossed", chinese);
    for article in articles
        .iter_mut()
        .filter(|article| article.body.zh.is_some())
    {
        if let Some(glossary) = annotate_article(article, jieba, &mut lexicon) {
            glossaries.insert(article.meta.slug.clone(), glossary);
        }
        progress.step();
    }
    glossaries
}

/// Adds words and difficulty to one article and returns its glossary: `None` exactly
/// when the article has no Chinese word (then its difficulty is `None` too). The
/// glossary may be empty when no word is in the dictionary.
pub fn annotate_article(
    article: &mut Article,
    jieba: &Jieba,
    lexicon: &mut Lexicon,
) -> Option<Glossary> {
    let body = article.body.zh.as_mut()?;
    let mut found = Found::default();
    for block in &mut body.blocks {
        segment_block(block, jieba, lexicon, &mut found);
    }
    article.meta.difficulty = difficulty(&found.tokens);
    // No difficulty means no Chinese word: then no glossary either.
    article.meta.difficulty.as_ref()?;
    Some(Glossary {
        schema_version: SCHEMA_VERSION,
        // A `BTreeSet<String>` iterates in `str` order, the code point order the
        // app's binary search expects.
        entries: found
            .words
            .iter()
            .filter_map(|word| lexicon.gloss(word).cloned())
            .collect(),
    })
}

/// Chinese words seen so far in one article.
#[derive(Default)]
struct Found {
    /// Each distinct word, sorted.
    words: BTreeSet<String>,
    /// Tokens per HSK slot (see [`slot`]).
    tokens: [u32; SLOTS],
}

fn segment_block(block: &mut Block, jieba: &Jieba, lexicon: &mut Lexicon, found: &mut Found) {
    match block {
        Block::Paragraph { sentences, words } => {
            *words = sentences
                .iter()
                .map(|sentence| {
                    let text = spans_text(sentence);
                    let pieces = segment(&text, jieba, lexicon);
                    for piece in pieces.iter().filter(|piece| piece.chinese) {
                        let word = &text[piece.start..piece.end];
                        found.tokens[slot(lexicon.hsk(word))] += 1;
                        if !found.words.contains(word) {
                            found.words.insert(word.to_string());
                        }
                    }
                    word_lengths(&text, &pieces)
                })
                .collect();
        }
        // Paragraphs inside quotes, lists, callouts, details, figures, definitions
        // and notes get their words too.
        other => {
            for inner in other.inner_mut() {
                segment_block(inner, jieba, lexicon, found);
            }
        }
    }
}

#[cfg(test)]
mod tests;
