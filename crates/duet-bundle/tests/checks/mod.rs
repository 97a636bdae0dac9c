//! What every article the bundler lets through must satisfy, whatever its content:
//! only safe link targets and image sources, nesting within the limit, ASCII ids,
//! word boundaries that tile their sentences, and JSON the app's own decoder reads
//! back; and a glossary file exactly when there are Chinese words, sorted, holding
//! only words of the article. Shared by the fuzz and hostile tests.

use duet_bundle::markdown::MAX_NESTING;
use duet_core::decode::{decode_article, decode_glossary};
use duet_core::links::is_safe_href;
use duet_core::words::{is_chinese_word, split_words};
use duet_core::{glossary_path, spans_text, Article, Block, Sentence, Span};

/// Panics, naming the article, when `article` breaks an invariant of the bundle.
pub fn check_article(article: &Article) {
    let slug = &article.meta.slug;
    assert!(is_id(slug), "slug {slug:?}");
    for tag in &article.meta.tags {
        assert!(is_id(tag), "{slug}: tag {tag:?}");
    }
    for pair in &article.pairs {
        assert!(is_id(&pair.id), "{slug}: pair id {:?}", pair.id);
    }
    for body in [&article.body.zh, &article.body.en].into_iter().flatten() {
        for faq in &body.faq {
            assert!(is_id(&faq.id), "{slug}: faq id {:?}", faq.id);
        }
        for block in &body.blocks {
            check_block(slug, block, 1);
        }
    }
    let json = serde_json::to_string(article).expect("an article serializes");
    let back = decode_article(slug, &json).expect("the app's decoder reads the article back");
    assert_eq!(&back, article, "{slug}: JSON round trip");
}

/// Panics, naming the article, when the glossary file written for `article`
/// (`glossary`: its text, `None` when there is no file) breaks the bundle's rules.
pub fn check_glossary(article: &Article, glossary: Option<&str>) {
    let slug = &article.meta.slug;
    let mut used = Vec::new();
    if let Some(zh) = &article.body.zh {
        chinese_words(&zh.blocks, &mut used);
    }
    assert_eq!(
        glossary.is_some(),
        !used.is_empty(),
        "{slug}: a glossary file exactly when there are Chinese words"
    );
    assert_eq!(
        article.meta.difficulty.is_some(),
        !used.is_empty(),
        "{slug}: a difficulty exactly when there are Chinese words"
    );
    let Some(text) = glossary else {
        return;
    };
    let glossary = decode_glossary(&glossary_path(slug), text)
        .expect("the app's decoder reads the glossary back");
    let words: Vec<&str> = glossary
        .entries
        .iter()
        .map(|entry| entry.word.as_str())
        .collect();
    assert!(
        words.windows(2).all(|pair| pair[0] < pair[1]),
        "{slug}: glossary sorted by word, each once: {words:?}"
    );
    for word in words {
        assert!(used.contains(&word.to_string()), "{slug}: {word:?} unused");
        assert_eq!(
            glossary.gloss(word).map(|entry| entry.word.as_str()),
            Some(word)
        );
    }
}

/// The Chinese words of every paragraph of `blocks`, nested ones included.
fn chinese_words(blocks: &[Block], found: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph { sentences, words } => {
                for (sentence, lengths) in sentences.iter().zip(words) {
                    let text = spans_text(sentence);
                    found.extend(
                        split_words(&text, lengths)
                            .into_iter()
                            .filter(|word| is_chinese_word(word))
                            .map(str::to_string),
                    );
                }
            }
            // Every container (quotes, lists, callouts, details, figures, definitions,
            // footnotes): the glossary covers the words inside them too. Guards a
            // fuzz find, a Chinese footnote whose words this check did not see.
            container => {
                for inner in container.inner() {
                    chinese_words(std::slice::from_ref(inner), found);
                }
            }
        }
    }
}

/// Ids end up in URLs and anchors: lowercase ASCII letters, digits and hyphens only,
/// so no bidi control or zero-width character can hide in one.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

/// Checks `block`, which sits at nesting `depth` (1 for a top-level list or quote).
fn check_block(slug: &str, block: &Block, depth: usize) {
    match block {
        Block::Heading { spans, .. } => check_spans(slug, spans),
        Block::Paragraph { sentences, words } => {
            for sentence in sentences {
                check_spans(slug, sentence);
            }
            check_words(slug, sentences, words);
        }
        Block::Quote { blocks } => {
            assert!(depth <= MAX_NESTING, "{slug}: quote nested {depth} deep");
            for inner in blocks {
                check_block(slug, inner, depth + 1);
            }
        }
        Block::List { items, .. } => {
            assert!(depth <= MAX_NESTING, "{slug}: list nested {depth} deep");
            for inner in items.iter().flatten() {
                check_block(slug, inner, depth + 1);
            }
        }
        Block::Table { head, rows, .. } => {
            for cell in head.iter().chain(rows.iter().flatten()) {
                check_spans(slug, cell);
            }
        }
        Block::Image { src, .. } => {
            let local = src.starts_with(&format!("media/{slug}/"));
            let web = src.starts_with("https://") || src.starts_with("http://");
            assert!(local || web, "{slug}: image src {src:?}");
            assert!(is_safe_href(src), "{slug}: image src {src:?}");
        }
        Block::Code { .. } | Block::Rule | Block::Math { .. } => {}
        Block::Callout { .. }
        | Block::Details { .. }
        | Block::Figure { .. }
        | Block::Definitions { .. }
        | Block::Notes { .. } => {
            if let Block::Details { summary: spans, .. } | Block::Figure { caption: spans, .. } =
                block
            {
                check_spans(slug, spans);
            }
            assert!(
                depth <= MAX_NESTING,
                "{slug}: container nested {depth} deep"
            );
            for inner in block.inner() {
                check_block(slug, inner, depth + 1);
            }
        }
    }
}

/// Word boundaries, when present, tile each sentence exactly (see `Block::Paragraph`).
fn check_words(slug: &str, sentences: &[Sentence], words: &[Vec<u16>]) {
    if words.is_empty() {
        return;
    }
    assert_eq!(
        words.len(),
        sentences.len(),
        "{slug}: one word list per sentence"
    );
    for (sentence, lengths) in sentences.iter().zip(words) {
        let chars = sentence
            .iter()
            .map(|span| span.text.chars().count())
            .sum::<usize>();
        let total = lengths
            .iter()
            .map(|length| usize::from(*length))
            .sum::<usize>();
        assert_eq!(
            total, chars,
            "{slug}: word lengths {lengths:?} vs {sentence:?}"
        );
        assert!(!lengths.contains(&0), "{slug}: empty word in {lengths:?}");
    }
}

fn check_spans(slug: &str, spans: &[Span]) {
    for span in spans {
        if let Some(href) = &span.href {
            assert!(is_safe_href(href), "{slug}: unsafe href {href:?}");
            let lower: String = href
                .chars()
                .filter(|character| {
                    !character.is_ascii_whitespace() && !character.is_ascii_control()
                })
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(!lower.starts_with(scheme), "{slug}: href {href:?}");
            }
        }
    }
}
