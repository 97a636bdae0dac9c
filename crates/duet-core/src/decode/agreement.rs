//! The app's reader (`FromValue`) against serde's derive (what native code reads
//! with): on every file of the golden bundle, on a document with every block kind
//! and mark, and on every small change to those that a hand-edited or damaged file
//! could carry (a field removed, `null`, a value of another kind, a number out of
//! range, an unknown field), both must read the same value or both must fail.
//! The bundler's tests check the same on generated and real-Markdown bundles.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::from_value::FromValue;
use crate::listing::CatalogHead;
use crate::schema::*;
use crate::test_support::{
    agree_on_changes, bundle_file_reads_alike, bundle_readers_agree, pointers, readers_agree,
    replacements,
};

/// The golden bundle's folder (the sample `content/` as built).
fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../duet-bundle/tests/golden")
}

/// Every JSON file under `folder`, by its path inside it.
fn json_files(folder: &Path, inside: &str, found: &mut Vec<(String, Value)>) {
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = format!("{inside}{}", path.file_name().unwrap().to_string_lossy());
        if path.is_dir() {
            json_files(&path, &format!("{name}/"), found);
        } else if name.ends_with(".json") {
            let text = std::fs::read_to_string(&path).unwrap();
            found.push((name, serde_json::from_str(&text).unwrap()));
        }
    }
}

fn golden_files() -> Vec<(String, Value)> {
    let mut files = Vec::new();
    json_files(&golden(), "", &mut files);
    files
}

#[test]
fn both_readers_read_every_golden_file_alike() {
    let files = golden_files();
    assert!(files.len() >= 18, "golden bundle files: {}", files.len());
    for (name, value) in &files {
        bundle_file_reads_alike(name, value).unwrap();
    }
    let head: CatalogHead = FromValue::from_value(&files_named(&files, "catalog.json")).unwrap();
    assert_eq!(head.schema_version, SCHEMA_VERSION);
    let article = files_named(&files, "articles/agents-at-work.json");
    assert!(!Article::from_value(&article).unwrap().pairs.is_empty());
}

fn files_named(files: &[(String, Value)], name: &str) -> Value {
    files
        .iter()
        .find(|(file, _)| file == name)
        .map(|(_, value)| value.clone())
        .unwrap()
}

#[test]
fn both_readers_agree_on_every_change_to_every_golden_file() {
    for (name, value) in golden_files() {
        agree_on_changes(&name, &value, |copy| bundle_readers_agree(&name, copy));
    }
}

/// A span with every mark, and a formula.
fn marked() -> Vec<Span> {
    vec![
        Span {
            text: "all".into(),
            strong: true,
            em: true,
            strike: true,
            code: true,
            br: true,
            href: Some("#a".into()),
            kbd: true,
            sup: true,
            sub: true,
            mark: true,
            small: true,
            abbr: Some("a b".into()),
            note: Some(1),
            math: None,
        },
        Span {
            math: Some(vec![MathNode {
                name: "mfrac".into(),
                attrs: vec![("linethickness".into(), "0".into())],
                text: String::new(),
                children: vec![MathNode {
                    text: "x".into(),
                    ..MathNode::default()
                }],
            }]),
            ..Span::plain("x")
        },
    ]
}

/// One block of every kind, each with its optional fields set.
pub(crate) fn every_block() -> Vec<Block> {
    let paragraph = Block::Paragraph {
        sentences: vec![marked()],
        words: vec![vec![1, 2]],
    };
    vec![
        Block::Heading {
            level: 2,
            spans: marked(),
            id: Some("start".into()),
        },
        paragraph.clone(),
        Block::Quote {
            blocks: vec![paragraph.clone()],
        },
        Block::List {
            ordered: true,
            start: Some(3),
            items: vec![vec![paragraph.clone()], vec![]],
            checked: vec![Some(true), None],
        },
        Block::Code {
            lang: Some("rust".into()),
            text: "fn".into(),
        },
        Block::Table {
            align: vec![Align::None, Align::Left, Align::Center, Align::Right],
            head: vec![marked()],
            rows: vec![vec![marked(), vec![]]],
        },
        Block::Image {
            src: "a.png".into(),
            alt: "a".into(),
            title: "t".into(),
        },
        Block::Rule,
        Block::Callout {
            kind: "note".into(),
            blocks: vec![Block::Rule],
        },
        Block::Details {
            summary: marked(),
            blocks: vec![Block::Rule],
        },
        Block::Figure {
            blocks: vec![Block::Rule],
            caption: marked(),
        },
        Block::Definitions {
            terms: vec![Definition {
                term: marked(),
                details: vec![vec![paragraph.clone()]],
            }],
        },
        Block::Notes {
            notes: vec![Note {
                number: 1,
                blocks: vec![paragraph],
            }],
        },
        Block::Math {
            tex: "x".into(),
            math: marked().remove(1).math.unwrap(),
        },
    ]
}

/// An article of every block kind, mark and optional field.
fn every_feature() -> Article {
    let mut article = crate::test_support::article(
        "all",
        Bilingual {
            zh: Some(crate::test_support::head("题", "述")),
            en: Some(ArticleHead {
                source: Some("https://example.org".into()),
                authors: vec!["A".into()],
                ..crate::test_support::head("T", "D")
            }),
        },
        Bilingual {
            zh: Some(crate::test_support::body(every_block())),
            en: Some(Body {
                blocks: vec![Block::Rule],
                faq: vec![Faq {
                    id: "faq-1".into(),
                    q: "q".into(),
                    a: "a".into(),
                }],
                comments: vec![Comment {
                    author: "c".into(),
                    date: "2026-11-21".into(),
                    text: "t".into(),
                }],
            }),
        },
        vec![crate::test_support::pair("p1", Some(0), Some(0), true)],
    );
    article.meta.updated = Some("2026-11-22".into());
    article.meta.tags = vec!["llm".into()];
    article.meta.views = 7;
    article.meta.related = vec!["b".into()];
    article.meta.difficulty = Some(Difficulty {
        per_mille: [1000, 0, 0, 0, 0, 0, 0],
        level: 1,
    });
    article.related_cards = vec![crate::test_support::meta("b")];
    article.tag_labels = vec![TagLabel {
        tag: "llm".into(),
        label: Bilingual {
            zh: Some("模型".into()),
            en: None,
        },
    }];
    article
}

#[test]
fn both_readers_agree_on_every_block_kind_and_mark_and_every_change_to_them() {
    let article = every_feature();
    let value = serde_json::to_value(&article).unwrap();
    assert_eq!(Article::from_value(&value).unwrap(), article);
    // Each kind alone, so that the changes stay few enough to try them all.
    for block in every_block() {
        let value = serde_json::to_value(&block).unwrap();
        assert_eq!(Block::from_value(&value).unwrap(), block);
        agree_on_changes(&value.to_string(), &value, readers_agree::<Block>);
    }
    let mut outline = article;
    outline.body.zh = Some(Body::default());
    let value = serde_json::to_value(&outline).unwrap();
    agree_on_changes(
        "the article around its blocks",
        &value,
        readers_agree::<Article>,
    );
}

/// A tiny random number generator (xorshift), so the test needs no crate.
struct Random(u64);

impl Random {
    fn below(&mut self, limit: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % limit as u64) as usize
    }
}

#[test]
fn both_readers_agree_on_several_random_changes_at_once() {
    let article = serde_json::to_value(every_feature()).unwrap();
    let mut nodes = Vec::new();
    pointers(&article, String::new(), &mut nodes);
    let replacements = replacements();
    let mut random = Random(0x5eed_1234_abcd);
    for _ in 0..400 {
        let mut copy = article.clone();
        for _ in 0..1 + random.below(3) {
            let pointer = &nodes[random.below(nodes.len())];
            // An earlier change may have removed the node.
            let Some(node) = copy.pointer_mut(pointer) else {
                continue;
            };
            *node = replacements[random.below(replacements.len())].clone();
        }
        readers_agree::<Article>(&copy).unwrap();
    }
}

#[test]
fn errors_say_where_and_what() {
    let mut article = serde_json::to_value(every_feature()).unwrap();
    article["body"]["zh"]["blocks"][1]["sentences"][0][0]["text"] = json!(3);
    assert_eq!(
        Article::from_value(&article).unwrap_err().to_string(),
        "body.zh.blocks[1].sentences[0][0].text: expected a string, found a number"
    );
    let mut article = serde_json::to_value(every_feature()).unwrap();
    article["meta"].as_object_mut().unwrap().remove("slug");
    assert_eq!(
        Article::from_value(&article).unwrap_err().to_string(),
        "meta.slug: missing"
    );
    article = serde_json::to_value(every_feature()).unwrap();
    article["pairs"][0]["zh"] = json!(-1);
    assert_eq!(
        Article::from_value(&article).unwrap_err().to_string(),
        "pairs[0].zh: expected a whole number from 0 to 4294967295"
    );
    article["pairs"][0]["zh"] = json!(1);
    article["body"]["zh"]["blocks"][5]["align"][1] = json!("middle");
    assert_eq!(
        Article::from_value(&article).unwrap_err().to_string(),
        "body.zh.blocks[5].align[1]: unknown value `middle`, expected one of none, left, center, right"
    );
    article["body"]["zh"]["blocks"][5]["align"][1] = json!("left");
    article["body"]["zh"]["blocks"][0]
        .as_object_mut()
        .unwrap()
        .remove("level");
    assert_eq!(
        Article::from_value(&article).unwrap_err().to_string(),
        "body.zh.blocks[0].level: missing"
    );
    assert_eq!(
        Article::from_value(&json!([])).unwrap_err().to_string(),
        "expected an object, found a list"
    );
    assert_eq!(
        Difficulty::from_value(&json!({"per_mille": [1, 2], "level": 1}))
            .unwrap_err()
            .to_string(),
        "per_mille: expected a list of 7 items, found 2"
    );
}

#[test]
fn defaults_nulls_and_numbers_follow_serde() {
    // A `#[serde(default)]` field may be missing but not null; an `Option` may be
    // either.
    let pair = json!({"id": "p1"});
    assert_eq!(
        BlockPair::from_value(&pair).unwrap(),
        crate::test_support::pair("p1", None, None, false)
    );
    for value in [
        json!({"id": "p1", "zh": null}),
        json!({"id": "p1", "sentences_aligned": null}),
        json!({"id": "p1", "zh": 1.0}),
        json!({"id": "p1", "zh": 4_294_967_295u32}),
        json!({"id": "p1", "zh": 4_294_967_296u64}),
    ] {
        readers_agree::<BlockPair>(&value).unwrap();
    }
    assert!(BlockPair::from_value(&json!({"id": "p1", "sentences_aligned": null})).is_err());
    for number in [json!(255), json!(256), json!(-0.0), json!(-1), json!(7.0)] {
        readers_agree::<u8>(&number).unwrap();
        readers_agree::<u64>(&number).unwrap();
        readers_agree::<f64>(&number).unwrap();
        readers_agree::<f32>(&number).unwrap();
    }
    // Converted straight to `f32`, as serde does, not through `f64`.
    readers_agree::<f32>(&json!(16_777_217u64)).unwrap();
    readers_agree::<f32>(&json!(-16_777_217i64)).unwrap();
    readers_agree::<f32>(&json!(0.1)).unwrap();
    for pair in [
        json!(["a", "b"]),
        json!(["a"]),
        json!(["a", "b", "c"]),
        json!("ab"),
    ] {
        readers_agree::<(String, String)>(&pair).unwrap();
    }
}

/// Forms serde's derive also accepts and the bundler never writes: refused by the
/// app's reader on purpose (reading them would cost code in every struct).
#[test]
fn structs_as_lists_and_variants_as_objects_are_refused() {
    let pair_as_list = json!(["p1", 0, 1, true]);
    assert!(serde_json::from_value::<BlockPair>(pair_as_list.clone()).is_ok());
    assert!(BlockPair::from_value(&pair_as_list).is_err());
    let variant_as_object = json!({"left": null});
    assert!(serde_json::from_value::<Align>(variant_as_object.clone()).is_ok());
    assert!(Align::from_value(&variant_as_object).is_err());
}
