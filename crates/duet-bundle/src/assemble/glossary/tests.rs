//! Tests of the glossary step on known words, small hand-made articles and the
//! sample content.

use std::path::Path;

use duet_core::words::{is_chinese_word, split_words};
use duet_core::{
    spans_text, Article, ArticleMeta, Bilingual, Block, Body, Difficulty, Glossary, Span,
};

use super::*;
use crate::diagnostics::Diagnostics;
use crate::sentences::split_sentences;

fn paragraph(text: &str) -> Block {
    Block::Paragraph {
        sentences: split_sentences(vec![Span::plain(text)]),
        words: Vec::new(),
    }
}

/// An article with these Chinese paragraphs and one English one.
fn article(zh: &[&str]) -> Article {
    let body = |blocks| Body {
        blocks,
        faq: Vec::new(),
        comments: Vec::new(),
    };
    Article {
        schema_version: duet_core::SCHEMA_VERSION,
        meta: ArticleMeta {
            slug: "test".into(),
            date: "2026-11-24".into(),
            updated: None,
            tags: Vec::new(),
            views: 0,
            related: Vec::new(),
            head: Bilingual::default(),
            difficulty: None,
        },
        body: Bilingual {
            zh: Some(body(zh.iter().map(|text| paragraph(text)).collect())),
            en: Some(body(vec![paragraph("We study recursion.")])),
        },
        pairs: Vec::new(),
        related_cards: Vec::new(),
        tag_labels: Vec::new(),
    }
}

fn annotated(zh: &[&str]) -> Article {
    glossed(zh).0
}

/// The annotated article and its glossary, if it got one.
fn glossed(zh: &[&str]) -> (Article, Option<Glossary>) {
    let mut article = article(zh);
    let mut glossaries = annotate(std::slice::from_mut(&mut article));
    let glossary = glossaries.remove("test");
    assert!(glossaries.is_empty(), "only this article's: {glossaries:?}");
    (article, glossary)
}

/// The words of every sentence of a paragraph, as text.
fn paragraph_words(block: &Block) -> Vec<Vec<String>> {
    let Block::Paragraph { sentences, words } = block else {
        panic!("not a paragraph: {block:?}");
    };
    sentences
        .iter()
        .zip(words)
        .map(|(sentence, lengths)| {
            split_words(&spans_text(sentence), lengths)
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn recursion_has_its_reading_a_recursive_gloss_and_no_hsk_level() {
    let mut lexicon = Lexicon::default();
    let entry = lexicon.gloss("递归").expect("递归 is in CC-CEDICT").clone();
    assert_eq!(entry.word, "递归");
    assert_eq!(entry.pinyin, "dì guī");
    assert!(
        entry.glosses.iter().any(|gloss| gloss.contains("recursi")),
        "{:?}",
        entry.glosses
    );
    // The hsk crate lists 递归 at no level (of any of its three word lists).
    assert_eq!(entry.hsk, None);
    assert!(entry.glosses.len() <= MAX_GLOSSES);
}

#[test]
fn common_words_have_their_hsk_level() {
    let mut lexicon = Lexicon::default();
    let study = lexicon.gloss("学习").unwrap().clone();
    assert_eq!(
        (study.pinyin.as_str(), study.hsk),
        ("xué xí", Some(1)),
        "{study:?}"
    );
    assert_eq!(lexicon.gloss("模型").unwrap().hsk, Some(4));
    assert_eq!(lexicon.gloss("发布").unwrap().hsk, Some(5));
    // Listed at 1, 2 and 4 (different senses): the lowest.
    assert_eq!(lexicon.gloss("好").unwrap().hsk, Some(1));
}

#[test]
fn polyphones_take_the_reading_taught_first() {
    let mut lexicon = Lexicon::default();
    let mut reading = |word: &str| lexicon.gloss(word).unwrap().pinyin.clone();
    assert_eq!(reading("了"), "le");
    assert_eq!(reading("长"), "cháng");
    assert_eq!(reading("得"), "de");
    assert_eq!(reading("都"), "dōu", "not the surname Dū");
    assert_eq!(reading("和"), "hé");
}

#[test]
fn words_missing_from_the_dictionary_are_split_into_dictionary_words() {
    let mut lexicon = Lexicon::default();
    assert!(lexicon.gloss("大模型").is_none());
    assert_eq!(lexicon.split("大模型"), [(0, 3), (3, 9)]);
    assert_eq!(lexicon.split("学习"), [(0, 6)]);
    assert_eq!(lexicon.split("GPT"), [(0, 3)]);
}

#[test]
fn sentences_are_cut_into_chinese_words_and_runs_of_the_rest() {
    let article = annotated(&["OpenAI 发布了 GPT-5。大模型正在改变软件。"]);
    let zh = &article.body.zh.as_ref().unwrap().blocks[0];
    assert_eq!(
        paragraph_words(zh),
        [
            vec!["OpenAI ", "发布", "了", " GPT-5。"],
            vec!["大", "模型", "正在", "改变", "软件", "。"],
        ]
    );
    let Block::Paragraph { words, .. } = &article.body.en.as_ref().unwrap().blocks[0] else {
        unreachable!()
    };
    assert!(words.is_empty(), "English paragraphs are not segmented");
}

#[test]
fn very_long_runs_are_split_to_fit_u16() {
    let text = format!("中{}", "a".repeat(70_000));
    let pieces = [
        Piece {
            start: 0,
            end: 3,
            chinese: true,
        },
        Piece {
            start: 3,
            end: text.len(),
            chinese: false,
        },
    ];
    assert_eq!(word_lengths(&text, &pieces), [1, 65_535, 4_465]);
}

#[test]
fn the_glossary_holds_exactly_the_words_used() {
    let (_, glossary) = glossed(&["我们学习递归，模型很重要。"]);
    let glossary = glossary.expect("an article with Chinese words has a glossary");
    assert_eq!(glossary.schema_version, duet_core::SCHEMA_VERSION);
    let words: Vec<&str> = glossary
        .entries
        .iter()
        .map(|entry| entry.word.as_str())
        .collect();
    // Sorted by code point: 学 U+5B66, 很 U+5F88, 我 U+6211, 模 U+6A21, 递 U+9012, 重 U+91CD.
    assert_eq!(words, ["学习", "很", "我们", "模型", "递归", "重要"]);
    // In the dictionary, but not in this article.
    let mut lexicon = Lexicon::default();
    assert!(lexicon.gloss("汉语").is_some());
    assert!(glossary.gloss("汉语").is_none());
    assert_eq!(glossary.gloss("递归").unwrap().pinyin, "dì guī");
}

#[test]
fn difficulty_of_a_small_article_by_hand() {
    // 我 喜欢 学习 汉语 老师 很 好 | 我们 学习 很 重要: HSK 1 (11 tokens); 模型:
    // HSK 4; 递归: no level. 13 tokens: 11/13 = 846.15‰ (remainder 2/13), 1/13 =
    // 76.92‰ twice (remainders 12/13, so both round up): 846 + 77 + 77 = 1000.
    // The level counts the 12 listed tokens only: HSK 1 covers 11/12 = 91.7 %
    // ≥ 90 %, level 1 (over all 13 tokens it would have taken HSK 4, 12/13).
    let article = annotated(&["我喜欢学习汉语，老师很好。", "我们学习递归，模型很重要。"]);
    assert_eq!(
        article.meta.difficulty,
        Some(Difficulty {
            per_mille: [846, 0, 0, 77, 0, 0, 77],
            level: 1,
        })
    );
    // Twice the jargon: 递归 ×3 and 模型 ×2 against the same 11 HSK 1 tokens.
    // 16 tokens: 11/16 = 687.5‰, 2/16 = 125‰, 3/16 = 187.5‰; the one per mille
    // missing goes to the lower of the two tied halves: 688 + 125 + 187 = 1000.
    // Listed: 13; HSK 1 covers 11/13 = 84.6 %, HSK 1–4 13/13: level 4.
    let harder = annotated(&[
        "我喜欢学习汉语，老师很好。",
        "我们学习递归，模型很重要。",
        "递归，递归，模型。",
    ]);
    assert_eq!(
        harder.meta.difficulty,
        Some(Difficulty {
            per_mille: [688, 0, 0, 125, 0, 0, 187],
            level: 4,
        })
    );
    let easy = annotated(&["我喜欢学习汉语，老师很好。"]);
    assert_eq!(
        easy.meta.difficulty,
        Some(Difficulty {
            per_mille: [1000, 0, 0, 0, 0, 0, 0],
            level: 1,
        })
    );
}

#[test]
fn english_only_articles_get_nothing() {
    let mut article = article(&[]);
    article.body.zh = None;
    assert!(annotate(std::slice::from_mut(&mut article)).is_empty());
    assert_eq!(article.meta.difficulty, None);
    // A Chinese side without a Chinese word: no glossary file, no difficulty.
    let (latin, glossary) = glossed(&["GPT-5, 2026."]);
    assert_eq!(glossary, None);
    assert_eq!(latin.meta.difficulty, None);
}

/// Every block of `blocks`, nested ones included.
fn all_blocks(blocks: &[Block]) -> Vec<&Block> {
    let mut found = Vec::new();
    for block in blocks {
        found.push(block);
        match block {
            Block::Quote { blocks } => found.extend(all_blocks(blocks)),
            Block::List { items, .. } => {
                for item in items {
                    found.extend(all_blocks(item));
                }
            }
            _ => {}
        }
    }
    found
}

#[test]
fn word_lengths_add_up_in_every_paragraph_of_the_sample_content() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let mut diagnostics = Diagnostics::default();
    let bundle = crate::pipeline::load(&content, &mut diagnostics)
        .unwrap()
        .expect("content/ loads");
    assert!(!diagnostics.has_errors());
    let mut paragraphs = 0;
    for article in &bundle.articles {
        let slug = &article.meta.slug;
        let mut used = Vec::new();
        if let Some(zh) = &article.body.zh {
            for block in all_blocks(&zh.blocks) {
                let Block::Paragraph { sentences, words } = block else {
                    continue;
                };
                assert_eq!(
                    words.len(),
                    sentences.len(),
                    "{slug}: one list per sentence"
                );
                for (sentence, lengths) in sentences.iter().zip(words) {
                    let text = spans_text(sentence);
                    let sum: usize = lengths.iter().map(|length| usize::from(*length)).sum();
                    assert_eq!(sum, text.chars().count(), "{slug}: {text}");
                    assert!(lengths.iter().all(|length| *length > 0), "{slug}: {text}");
                    used.extend(
                        split_words(&text, lengths)
                            .into_iter()
                            .filter(|word| is_chinese_word(word))
                            .map(str::to_string),
                    );
                }
                paragraphs += 1;
            }
            assert!(article.meta.difficulty.is_some(), "{slug}");
        } else {
            assert_eq!(article.meta.difficulty, None, "{slug}");
        }
        if let Some(en) = &article.body.en {
            for block in all_blocks(&en.blocks) {
                if let Block::Paragraph { words, .. } = block {
                    assert!(words.is_empty(), "{slug}: English paragraph segmented");
                }
            }
        }
        let glossary = bundle.glossaries.get(slug);
        assert_eq!(
            glossary.is_some(),
            article.meta.difficulty.is_some(),
            "{slug}: a glossary exactly when there are Chinese words"
        );
        let glossary: Vec<&str> = glossary
            .iter()
            .flat_map(|glossary| &glossary.entries)
            .map(|entry| entry.word.as_str())
            .collect();
        assert!(
            glossary.windows(2).all(|pair| pair[0] < pair[1]),
            "{slug}: sorted, once each"
        );
        assert!(
            glossary
                .iter()
                .all(|word| used.iter().any(|seen| seen == word)),
            "{slug}: only words used"
        );
        let meta = bundle
            .catalog
            .articles
            .iter()
            .find(|meta| &meta.slug == slug)
            .unwrap();
        assert_eq!(
            meta.difficulty, article.meta.difficulty,
            "{slug}: the catalog carries it"
        );
    }
    assert!(
        paragraphs > 50,
        "the sample content has Chinese paragraphs: {paragraphs}"
    );
}
