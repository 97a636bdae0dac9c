//! [`FromValue`] for every type of a bundle file the app reads: the same wire rules
//! as the types' `#[serde(...)]` attributes (see `decode/from_value.rs`), written
//! once here. A field marked `#[default]` is a `#[serde(default)]` field; a new
//! field left out of a list does not compile, a default left out fails the tests of
//! `decode/agreement.rs`.

use super::from_value::{field, object, variant, FromValue, ReadError, Value};
use crate::from_value_struct;
use crate::listing::{CatalogHead, Facets, LevelCount, ListPage, MonthCount, TagCount};
use crate::schema::{
    Align, Article, ArticleHead, ArticleMeta, Bilingual, Block, BlockKind, BlockPair, BlockRecord,
    Body, Comment, Definition, Difficulty, Faq, GlossEntry, Glossary, MathNode, NavLink, Note,
    Site, Span, TagLabel,
};

impl<T: FromValue> FromValue for Bilingual<T> {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let object = object(value)?;
        Ok(Bilingual {
            zh: field(object, "zh")?,
            en: field(object, "en")?,
        })
    }
}

impl<M: FromValue> FromValue for ListPage<M> {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let object = object(value)?;
        Ok(ListPage {
            schema_version: field(object, "schema_version")?,
            total: field(object, "total")?,
            page: field(object, "page")?,
            articles: field(object, "articles")?,
            tag_labels: super::from_value::field_or_default(object, "tag_labels")?,
        })
    }
}

from_value_struct!(CatalogHead {
    schema_version,
    site,
    total,
    newest,
    popular,
    tags,
    tag_total,
    levels,
});
from_value_struct!(TagCount { tag, count });
from_value_struct!(LevelCount { level, count });
from_value_struct!(MonthCount { month, count });
from_value_struct!(Facets {
    schema_version,
    tags,
    months,
    #[default]
    tag_labels,
});

from_value_struct!(Site {
    title,
    base_path,
    nav,
    #[default]
    tags,
});
from_value_struct!(NavLink {
    label,
    href,
    external,
});
from_value_struct!(TagLabel { tag, label });
from_value_struct!(ArticleMeta {
    slug,
    date,
    updated,
    tags,
    views,
    related,
    head,
    difficulty,
});
from_value_struct!(Difficulty { per_mille, level });
from_value_struct!(ArticleHead {
    title,
    description,
    source,
    authors,
    reading_minutes,
});
from_value_struct!(Article {
    schema_version,
    meta,
    body,
    pairs,
    #[default]
    related_cards,
    #[default]
    tag_labels,
});
from_value_struct!(Glossary {
    schema_version,
    entries,
});
from_value_struct!(GlossEntry {
    word,
    pinyin,
    glosses,
    hsk,
});
from_value_struct!(Body {
    blocks,
    faq,
    comments,
});
from_value_struct!(Faq { id, q, a });
from_value_struct!(Comment { author, date, text });
from_value_struct!(BlockPair {
    id,
    zh,
    en,
    #[default]
    sentences_aligned,
});

/// A block is read as serde reads it: every field of the flat record (each must
/// have its type even when the kind does not use it), then checked against its kind.
impl FromValue for Block {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        Block::try_from(BlockRecord::from_value(value)?).map_err(ReadError::other)
    }
}

from_value_struct!(BlockRecord {
    t,
    level,
    spans,
    sentences,
    words,
    blocks,
    ordered,
    start,
    items,
    lang,
    text,
    align,
    head,
    rows,
    src,
    alt,
    title,
    id,
    checked,
    kind,
    summary,
    caption,
    notes,
    tex,
    math,
    terms,
});

impl FromValue for BlockKind {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        Ok(BlockKind::ALL[variant(value, &BlockKind::NAMES)?])
    }
}

impl FromValue for Align {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        const ALL: [Align; 4] = [Align::None, Align::Left, Align::Center, Align::Right];
        Ok(ALL[variant(value, &["none", "left", "center", "right"])?])
    }
}

from_value_struct!(Span {
    text,
    #[default]
    strong,
    #[default]
    em,
    #[default]
    strike,
    #[default]
    code,
    #[default]
    br,
    href,
    #[default]
    kbd,
    #[default]
    sup,
    #[default]
    sub,
    #[default]
    mark,
    #[default]
    small,
    abbr,
    note,
    math,
});
from_value_struct!(Definition { term, details });
from_value_struct!(Note { number, blocks });
from_value_struct!(MathNode {
    #[default]
    name,
    #[default]
    attrs,
    #[default]
    text,
    #[default]
    children,
});
