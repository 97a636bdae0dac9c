//! The glossary step of the pipeline, after Markdown → blocks and assembly: every
//! Chinese paragraph's sentences are cut into words (`Block::Paragraph::words`),
//! and from those words come the article's glossary (pinyin, short English glosses
//! and HSK level of each dictionary word it uses, so the browser never downloads a
//! dictionary) and its HSK difficulty, which the catalog carries.
//!
//! Only paragraphs are segmented, nested ones in quotes and lists included; headings,
//! tables and the English side are left as they are. Dictionary data: CC-CEDICT
//! (`lexicon`), word boundaries: jieba (`segment`), levels: `difficulty`.

mod difficulty;
mod lexicon;
mod segment;

use std::collections::BTreeSet;

use duet_core::{spans_text, Article, Block};
use jieba_rs::Jieba;

pub use difficulty::{band, difficulty, BANDS};
pub use lexicon::{Lexicon, MAX_GLOSSES, MAX_GLOSS_CHARS};
pub use segment::{jieba, segment, word_lengths, Piece};

use crate::progress::Progress;

/// Adds words, glossary and difficulty to every article with a Chinese side.
pub fn annotate(articles: &mut [Article]) {
    let chinese = articles
        .iter()
        .filter(|article| article.body.zh.is_some())
        .count();
    if chinese == 0 {
        return;
    }
    let mut lexicon = Lexicon::default();
    lexicon.load();
    let jieba = jieba();
    let mut progress = Progress::new("glossed", chinese);
    for article in articles
        .iter_mut()
        .filter(|article| article.body.zh.is_some())
    {
        annotate_article(article, jieba, &mut lexicon);
        progress.step();
    }
}

/// Adds words, glossary and difficulty to one article (nothing without Chinese).
pub fn annotate_article(article: &mut Article, jieba: &Jieba, lexicon: &mut Lexicon) {
    let Some(body) = article.body.zh.as_mut() else {
        return;
    };
    let mut found = Found::default();
    for block in &mut body.blocks {
        segment_block(block, jieba, lexicon, &mut found);
    }
    article.glossary = found
        .words
        .iter()
        .filter_map(|word| lexicon.gloss(word).cloned())
        .collect();
    article.meta.difficulty = difficulty(&found.bands);
}

/// Chinese words seen so far in one article.
#[derive(Default)]
struct Found {
    /// Each distinct word, sorted.
    words: BTreeSet<String>,
    /// Tokens per HSK band.
    bands: [u32; BANDS],
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
                        found.bands[band(lexicon.hsk(word))] += 1;
                        if !found.words.contains(word) {
                            found.words.insert(word.to_string());
                        }
                    }
                    word_lengths(&text, &pieces)
                })
                .collect();
        }
        Block::Quote { blocks } => {
            for inner in blocks {
                segment_block(inner, jieba, lexicon, found);
            }
        }
        Block::List { items, .. } => {
            for inner in items.iter_mut().flatten() {
                segment_block(inner, jieba, lexicon, found);
            }
        }
        Block::Heading { .. }
        | Block::Code { .. }
        | Block::Table { .. }
        | Block::Image { .. }
        | Block::Rule => {}
    }
}

#[cfg(test)]
mod tests;
