//! [`FromValue`] for every type of a bundle file the app reads: the same wire rules
//! as the types' `#[serde(...)]` attributes (see `decode/from_value.rs`), written
//! once here. A field marked `#[default]` is a `#[serde(default)]` field; a new
//! field left out of a list does not compile, a default left out fails the tests of
//! `decode/agreement.rs`.

use super::from_value::{field, object, variant, FromValue, Map, ReadError, Value};
use crate::from_value_struct;
use crate::listing::{CatalogHead, Facets, LevelCount, ListPage, MonthCount, TagCount};
use crate::schema::{
    Align, Article, ArticleHead, ArticleMeta, Bilingual, Block, BlockKind, BlockPair, Body,
    Comment, Definition, Difficulty, Faq, GlossEntry, Glossary, MathNode, NavLink, Note, Site,
    Span, TagLabel,
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

/// A block is read as serde reads its flat record (`BlockRecord`): `t`, then the
/// fields of that kind (absent or `null` is "missing" for a required one, the
/// default for an optional one), and every other field of the record that is
/// present still checked against its type, as serde reads them all. Written out
/// rather than through the record: the record's 26 fields, moved into 14 kinds,
/// compiled to 16 KB of drops and moves in the wasm.
impl FromValue for Block {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let object = object(value)?;
        let kind: BlockKind = field(object, "t")?;
        let uses = BLOCK_FIELDS[kind as usize];
        for (name, check) in OTHER_FIELDS {
            if !uses.contains(&name) {
                if let Some(value) = object.get(name) {
                    check(value).map_err(|error| error.in_field(name))?;
                }
            }
        }
        Ok(match kind {
            BlockKind::Heading => Block::Heading {
                level: required(object, "level")?,
                spans: required(object, "spans")?,
                id: field(object, "id")?,
            },
            BlockKind::Paragraph => Block::Paragraph {
                sentences: required(object, "sentences")?,
                words: or_default(object, "words")?,
            },
            BlockKind::Quote => Block::Quote {
                blocks: required(object, "blocks")?,
            },
            BlockKind::List => Block::List {
                ordered: required(object, "ordered")?,
                start: field(object, "start")?,
                items: required(object, "items")?,
                checked: or_default(object, "checked")?,
            },
            BlockKind::Code => Block::Code {
                lang: field(object, "lang")?,
                text: required(object, "text")?,
            },
            BlockKind::Table => Block::Table {
                align: required(object, "align")?,
                head: required(object, "head")?,
                rows: required(object, "rows")?,
            },
            BlockKind::Image => Block::Image {
                src: required(object, "src")?,
                alt: required(object, "alt")?,
                title: or_default(object, "title")?,
            },
            BlockKind::Rule => Block::Rule,
            BlockKind::Callout => Block::Callout {
                kind: required(object, "kind")?,
                blocks: required(object, "blocks")?,
            },
            BlockKind::Details => Block::Details {
                summary: required(object, "summary")?,
                blocks: required(object, "blocks")?,
            },
            BlockKind::Figure => Block::Figure {
                blocks: required(object, "blocks")?,
                caption: required(object, "caption")?,
            },
            BlockKind::Definitions => Block::Definitions {
                terms: required(object, "terms")?,
            },
            BlockKind::Notes => Block::Notes {
                notes: required(object, "notes")?,
            },
            BlockKind::Math => Block::Math {
                tex: required(object, "tex")?,
                math: required(object, "math")?,
            },
        })
    }
}

/// Field `name`, which must be there and not `null` (a required field of a block:
/// the record holds every field as an `Option`).
fn required<T: FromValue>(object: &Map<String, Value>, name: &str) -> Result<T, ReadError> {
    field::<Option<T>>(object, name)?.ok_or_else(|| ReadError::missing(name))
}

/// Field `name`, its type's default when absent or `null`.
fn or_default<T: FromValue + Default>(
    object: &Map<String, Value>,
    name: &str,
) -> Result<T, ReadError> {
    Ok(field::<Option<T>>(object, name)?.unwrap_or_default())
}

/// Whether `value` reads as a `T` (a field a block's kind does not use).
fn check<T: FromValue>(value: &Value) -> Result<(), ReadError> {
    T::from_value(value).map(drop)
}

type Check = fn(&Value) -> Result<(), ReadError>;

/// Every field of `BlockRecord` but `t`, with its type (as an `Option`: `null` is
/// accepted).
const OTHER_FIELDS: [(&str, Check); 25] = [
    ("level", check::<Option<u8>>),
    ("spans", check::<Option<Vec<Span>>>),
    ("sentences", check::<Option<Vec<Vec<Span>>>>),
    ("words", check::<Option<Vec<Vec<u16>>>>),
    ("blocks", check::<Option<Vec<Block>>>),
    ("ordered", check::<Option<bool>>),
    ("start", check::<Option<u64>>),
    ("items", check::<Option<Vec<Vec<Block>>>>),
    ("lang", check::<Option<String>>),
    ("text", check::<Option<String>>),
    ("align", check::<Option<Vec<Align>>>),
    ("head", check::<Option<Vec<Vec<Span>>>>),
    ("rows", check::<Option<Vec<Vec<Vec<Span>>>>>),
    ("src", check::<Option<String>>),
    ("alt", check::<Option<String>>),
    ("title", check::<Option<String>>),
    ("id", check::<Option<String>>),
    ("checked", check::<Option<Vec<Option<bool>>>>),
    ("kind", check::<Option<String>>),
    ("summary", check::<Option<Vec<Span>>>),
    ("caption", check::<Option<Vec<Span>>>),
    ("notes", check::<Option<Vec<Note>>>),
    ("tex", check::<Option<String>>),
    ("math", check::<Option<Vec<MathNode>>>),
    ("terms", check::<Option<Vec<Definition>>>),
];

/// The fields each kind reads, in [`BlockKind::ALL`] order.
const BLOCK_FIELDS: [&[&str]; 14] = [
    &["level", "spans", "id"],
    &["sentences", "words"],
    &["blocks"],
    &["ordered", "start", "items", "checked"],
    &["lang", "text"],
    &["align", "head", "rows"],
    &["src", "alt", "title"],
    &[],
    &["kind", "blocks"],
    &["summary", "blocks"],
    &["blocks", "caption"],
    &["terms"],
    &["notes"],
    &["tex", "math"],
];

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
