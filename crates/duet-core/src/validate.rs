//! What a decoded bundle file must hold for the app to show it: checked once, when the
//! file is decoded, so a broken file is an error naming it, never an index out of
//! range in a view (which, with `panic = "abort"`, would take the whole app down).

use crate::listing::{CatalogHead, ListPage, PAGE_SIZE};
use crate::schema::{Article, ArticleMeta, Block, Body, Glossary, Sentence};
use crate::Lang;

/// What is wrong in a file that parsed as JSON of the right shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("article `{slug}` has a title in neither language")]
    EmptyHead { slug: String },
    #[error("the article has a body in neither language")]
    EmptyBody,
    #[error("pair `{pair}` names {} block {index}, but that body has {blocks} blocks", .lang.code())]
    PairOutOfRange {
        pair: String,
        lang: Lang,
        index: u32,
        blocks: usize,
    },
    #[error("a {} paragraph has word lengths for {lists} sentences but {sentences} sentences", .lang.code())]
    WordListCount {
        lang: Lang,
        lists: usize,
        sentences: usize,
    },
    #[error("sentence {sentence} of a {} paragraph has words of {words} characters in all but {chars} characters", .lang.code())]
    WordLengths {
        lang: Lang,
        sentence: usize,
        words: usize,
        chars: usize,
    },
    #[error("the {} body has {blocks} blocks; a bundle holds at most {MAX_BODY_BLOCKS}", .lang.code())]
    TooManyBlocks { lang: Lang, blocks: usize },
    #[error(
        "the article has {pairs} pairs for {blocks} blocks; each pair holds a block of its own"
    )]
    TooManyPairs { pairs: usize, blocks: usize },
    #[error("list page {page} has {entries} entries; a page is numbered from 1 and holds at most {PAGE_SIZE}")]
    ListPageShape { page: u32, entries: usize },
    #[error("glossary entry `{word}` comes after `{previous}`: entries must be sorted and unique")]
    GlossaryOrder { word: String, previous: String },
}

/// The most top-level blocks one language's body may have: the bundler refuses more
/// (`duet_bundle::markdown::MAX_BLOCKS`, the same number, checked by a bundler
/// test), so a larger body was written by hand, and drawing it would freeze or
/// exhaust the reader.
pub const MAX_BODY_BLOCKS: usize = 3_000;

/// Checks the catalog's head: every article it shows has a head.
pub fn head(head: &CatalogHead) -> Result<(), Invalid> {
    head.newest.iter().chain(&head.popular).try_for_each(meta)
}

/// Checks a list page: every article has a head, and the page is not longer than a
/// page (a view lays out at most that many cards).
pub fn list_page(page: &ListPage) -> Result<(), Invalid> {
    if page.articles.len() > PAGE_SIZE || page.page == 0 {
        return Err(Invalid::ListPageShape {
            page: page.page,
            entries: page.articles.len(),
        });
    }
    page.articles.iter().try_for_each(meta)
}

/// Checks an article: its head and body exist, every pair points at a block that
/// exists, and every Chinese paragraph's word lengths match its sentences.
pub fn article(article: &Article) -> Result<(), Invalid> {
    meta(&article.meta)?;
    article.related_cards.iter().try_for_each(meta)?;
    if article.body.langs().is_empty() {
        return Err(Invalid::EmptyBody);
    }
    let mut all_blocks = 0;
    for lang in Lang::ALL {
        let blocks = article.body.get(lang).map_or(0, |body| body.blocks.len());
        if blocks > MAX_BODY_BLOCKS {
            return Err(Invalid::TooManyBlocks { lang, blocks });
        }
        all_blocks += blocks;
    }
    if article.pairs.len() > all_blocks {
        return Err(Invalid::TooManyPairs {
            pairs: article.pairs.len(),
            blocks: all_blocks,
        });
    }
    for pair in &article.pairs {
        for lang in Lang::ALL {
            let Some(index) = pair.side(lang) else {
                continue;
            };
            let blocks = article.body.get(lang).map_or(0, |body| body.blocks.len());
            if usize::try_from(index).map_or(true, |index| index >= blocks) {
                return Err(Invalid::PairOutOfRange {
                    pair: pair.id.clone(),
                    lang,
                    index,
                    blocks,
                });
            }
        }
    }
    for lang in Lang::ALL {
        if let Some(body) = article.body.get(lang) {
            body_words(body, lang)?;
        }
    }
    Ok(())
}

/// Checks a glossary: entries strictly sorted by word, as its binary search needs.
pub fn glossary(glossary: &Glossary) -> Result<(), Invalid> {
    match glossary
        .entries
        .windows(2)
        .find(|pair| pair[0].word >= pair[1].word)
    {
        Some(pair) => Err(Invalid::GlossaryOrder {
            word: pair[1].word.clone(),
            previous: pair[0].word.clone(),
        }),
        None => Ok(()),
    }
}

fn meta(meta: &ArticleMeta) -> Result<(), Invalid> {
    if meta.head.langs().is_empty() {
        return Err(Invalid::EmptyHead {
            slug: meta.slug.clone(),
        });
    }
    Ok(())
}

fn body_words(body: &Body, lang: Lang) -> Result<(), Invalid> {
    body.blocks
        .iter()
        .try_for_each(|block| block_words(block, lang))
}

/// The paragraphs of `block` and of the blocks inside it.
fn block_words(block: &Block, lang: Lang) -> Result<(), Invalid> {
    match block {
        Block::Paragraph { sentences, words } => paragraph_words(sentences, words, lang),
        // Quotes, lists, callouts, details, figures, definitions, footnotes.
        container => container
            .inner()
            .into_iter()
            .try_for_each(|block| block_words(block, lang)),
    }
}

/// A paragraph's `words`: none, or one list per sentence summing to its length.
fn paragraph_words(sentences: &[Sentence], words: &[Vec<u16>], lang: Lang) -> Result<(), Invalid> {
    if words.is_empty() {
        return Ok(());
    }
    if words.len() != sentences.len() {
        return Err(Invalid::WordListCount {
            lang,
            lists: words.len(),
            sentences: sentences.len(),
        });
    }
    for (index, (sentence, lengths)) in sentences.iter().zip(words).enumerate() {
        let chars: usize = sentence.iter().map(|span| span.text.chars().count()).sum();
        let total: usize = lengths.iter().copied().map(usize::from).sum();
        if total != chars {
            return Err(Invalid::WordLengths {
                lang,
                sentence: index,
                words: total,
                chars,
            });
        }
    }
    Ok(())
}
