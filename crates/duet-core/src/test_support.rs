//! Builders of the bundle model for tests, shared by every crate's tests (enable the
//! `test-support` feature in a dev-dependency), so a change to the model is made
//! in one place rather than in each test file's own copy.

use crate::{Article, ArticleHead, ArticleMeta, Bilingual, Block, BlockPair, Body, Site, Span};

/// A paragraph of plain sentences, without word boundaries.
pub fn paragraph(sentences: &[&str]) -> Block {
    Block::Paragraph {
        sentences: sentences
            .iter()
            .map(|text| vec![Span::plain(*text)])
            .collect(),
        words: Vec::new(),
    }
}

/// A level 2 heading of plain text, without an id.
pub fn heading(text: &str) -> Block {
    Block::Heading {
        level: 2,
        spans: vec![Span::plain(text)],
        id: None,
    }
}

/// A body of these blocks, without FAQ or comments.
pub fn body(blocks: Vec<Block>) -> Body {
    Body {
        blocks,
        ..Body::default()
    }
}

/// A head with this title and abstract, a one-minute read with no source or authors.
pub fn head(title: &str, description: &str) -> ArticleHead {
    ArticleHead {
        title: title.into(),
        description: description.into(),
        source: None,
        authors: Vec::new(),
        reading_minutes: 1,
    }
}

/// The pair `id` of block `zh` and block `en`.
pub fn pair(id: &str, zh: Option<u32>, en: Option<u32>, sentences_aligned: bool) -> BlockPair {
    BlockPair {
        id: id.into(),
        zh,
        en,
        sentences_aligned,
    }
}

/// Article `slug` of 2026-11-20 with these heads, bodies and pairs, and no tags,
/// views, related reads or difficulty.
pub fn article(
    slug: &str,
    head: Bilingual<ArticleHead>,
    body: Bilingual<Body>,
    pairs: Vec<BlockPair>,
) -> Article {
    Article {
        schema_version: crate::SCHEMA_VERSION,
        meta: ArticleMeta {
            slug: slug.into(),
            date: "2026-11-20".into(),
            updated: None,
            tags: Vec::new(),
            views: 0,
            related: Vec::new(),
            head,
            difficulty: None,
        },
        body,
        pairs,
        related_cards: Vec::new(),
        tag_labels: Vec::new(),
    }
}

/// The metadata of article `slug` (as [`article`] makes it) with an English title.
pub fn meta(slug: &str) -> ArticleMeta {
    article(
        slug,
        Bilingual {
            zh: None,
            en: Some(head("T", "D")),
        },
        Bilingual::default(),
        Vec::new(),
    )
    .meta
}

/// A site titled "Duet" in both languages at `/`, with no nav links or tag labels.
pub fn site() -> Site {
    Site {
        title: Bilingual {
            zh: Some("Duet".into()),
            en: Some("Duet".into()),
        },
        base_path: "/".into(),
        nav: Vec::new(),
        tags: Vec::new(),
    }
}
