//! Builders of the bundle model for tests, and the check that the app's reader
//! (`FromValue`) reads JSON as serde's derive does, shared by every crate's tests
//! (enable the `test-support` feature in a dev-dependency), so a change to the model
//! is made in one place rather than in each test file's own copy.

use serde_json::{json, Value};

use crate::decode::from_value::FromValue;
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

/// Whether the app's reader ([`FromValue`]) reads `value` as serde's derive does
/// (`serde_json::from_value`, what native code and the bundler use): the same `T`,
/// or an error from both. `Err` shows both results.
///
/// The one difference allowed is the two forms the app's reader refuses on purpose
/// (`decode/from_value.rs`): a struct written as a list of its fields, and a unit
/// variant as an object. Only those make it say "expected an object, found a list"
/// or "expected a string, found an object" where serde reads a value.
pub fn readers_agree<T>(value: &Value) -> Result<(), String>
where
    T: FromValue + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    compare::<T>(value, false)
}

/// Whether both readers read `value` as the same `T`, without error: what a file
/// the bundler wrote must do.
pub fn readers_read_alike<T>(value: &Value) -> Result<(), String>
where
    T: FromValue + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    compare::<T>(value, true)
}

/// [`readers_agree`], or with `must_read` [`readers_read_alike`].
fn compare<T>(value: &Value, must_read: bool) -> Result<(), String>
where
    T: FromValue + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let by_serde = serde_json::from_value::<T>(value.clone());
    let by_hand = T::from_value(value);
    let refused_form = |error: &crate::decode::from_value::ReadError| {
        let message = error.to_string();
        message.ends_with("expected an object, found a list")
            || message.ends_with("expected a string, found an object")
    };
    match (&by_serde, &by_hand) {
        (Ok(serde), Ok(hand)) if serde == hand => Ok(()),
        (Err(_), Err(_)) if !must_read => Ok(()),
        (Ok(_), Err(error)) if !must_read && refused_form(error) => Ok(()),
        _ => Err(format!(
            "serde_json::from_value: {by_serde:?}\nFromValue: {by_hand:?}"
        )),
    }
}

/// [`readers_agree`] for the file at `path` inside a bundle (`catalog.json`,
/// `articles/<slug>.json.gz`, …), read as the type the app reads it as.
pub fn bundle_readers_agree(path: &str, value: &Value) -> Result<(), String> {
    compare_bundle_file(path, value, false)
}

/// [`readers_read_alike`] for the file at `path` inside a bundle.
pub fn bundle_file_reads_alike(path: &str, value: &Value) -> Result<(), String> {
    compare_bundle_file(path, value, true)
}

fn compare_bundle_file(path: &str, value: &Value, must_read: bool) -> Result<(), String> {
    use crate::listing::{CatalogHead, Facets, ListPage, FACETS_FILE};
    let path = path.strip_suffix(".gz").unwrap_or(path);
    let compare: fn(&Value, bool) -> Result<(), String> = if path == crate::CATALOG_FILE {
        compare::<CatalogHead>
    } else if Some(path) == FACETS_FILE.strip_suffix(".gz") {
        compare::<Facets>
    } else if path.starts_with("lists/") {
        compare::<ListPage>
    } else if path.starts_with("articles/") {
        compare::<Article>
    } else if path.starts_with("glossary/") {
        compare::<crate::Glossary>
    } else if Some(path) == crate::search::SEARCH_MANIFEST.strip_suffix(".gz") {
        compare::<crate::search::SearchManifest>
    } else if path.starts_with("search/") {
        compare::<crate::search::format::ShardFile>
    } else {
        return Err(format!("{path} is no bundle file the app reads"));
    };
    compare(value, must_read).map_err(|difference| format!("{path}:\n{difference}"))
}

/// Values of every kind, and numbers at the edges of the integer types read.
pub fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(1),
        json!(-1),
        json!(1.5),
        json!(2.0),
        json!(255),
        json!(256),
        json!(65_536),
        json!(4_294_967_296u64),
        json!(u64::MAX),
        json!(""),
        json!("paragraph"),
        json!("left"),
        json!([]),
        json!([1, 2]),
        json!(["a", "b"]),
        json!({}),
    ]
}

/// Every field name `value` uses anywhere.
fn field_names(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (name, inner) in object {
                if !names.contains(name) {
                    names.push(name.clone());
                }
                field_names(inner, names);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| field_names(item, names)),
        _ => {}
    }
}

/// Every node of `value` by its JSON pointer.
pub fn pointers(value: &Value, at: String, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (name, inner) in object {
                pointers(inner, format!("{at}/{name}"), found);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                pointers(inner, format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
    found.push(at);
}

/// `check` on every changed copy of `value`: each node replaced by each of
/// [`replacements`], each field of each object removed, and each object given an
/// unknown field and each known one it lacks, with a string and with a list.
/// Panics listing the first disagreements.
pub fn agree_on_changes(name: &str, value: &Value, check: impl Fn(&Value) -> Result<(), String>) {
    let mut nodes = Vec::new();
    pointers(value, String::new(), &mut nodes);
    let mut names = Vec::new();
    field_names(value, &mut names);
    names.push("unknown_field".into());
    let (mut tried, mut failures) = (0, Vec::new());
    let mut try_change = |change: &dyn Fn(&mut Value)| {
        let mut copy = value.clone();
        change(&mut copy);
        tried += 1;
        if let Err(difference) = check(&copy) {
            failures.push(difference);
        }
    };
    for pointer in &nodes {
        for replacement in replacements() {
            try_change(&|copy| *copy.pointer_mut(pointer).unwrap() = replacement.clone());
        }
        let Some(object) = value.pointer(pointer).and_then(Value::as_object) else {
            continue;
        };
        for name in object.keys() {
            try_change(&|copy| {
                copy.pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                    .unwrap()
                    .remove(name);
            });
        }
        for name in names.iter().filter(|name| !object.contains_key(*name)) {
            for added in [json!("x"), json!([])] {
                try_change(&|copy| {
                    copy.pointer_mut(pointer)
                        .and_then(Value::as_object_mut)
                        .unwrap()
                        .insert(name.clone(), added.clone());
                });
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: the readers disagree on {} of {tried} changes, e.g.\n{}",
        failures.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
}
