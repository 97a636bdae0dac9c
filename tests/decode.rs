//! Bundle decoding as the app compiles it: in the wasm, a file is parsed into one
//! JSON value and the types are read from it (`duet_core`'s `decode/document.rs`),
//! so its errors are checked here, where that code runs, and not only natively.
#![cfg(target_arch = "wasm32")]

use duet_core::decode::{decode_article, decode_catalog_head, DecodeError};
use duet_core::SCHEMA_VERSION;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The golden bundle's article: valid, so each test breaks one thing.
const ARTICLE: &str =
    include_str!("../crates/duet-bundle/tests/golden/articles/agents-at-work.json");
const FILE: &str = "data/articles/agents-at-work.json.gz";

#[wasm_bindgen_test]
fn the_golden_article_and_catalog_decode() {
    let article = decode_article(FILE, ARTICLE).expect("the golden article decodes");
    assert_eq!(article.meta.slug, "agents-at-work");
    let catalog = include_str!("../crates/duet-bundle/tests/golden/catalog.json");
    decode_catalog_head("data/catalog.json", catalog).expect("the golden catalog decodes");
}

#[wasm_bindgen_test]
fn text_cut_short_names_the_file_line_and_column() {
    let cut = &ARTICLE[..ARTICLE.len() / 2];
    let error = decode_article(FILE, cut).unwrap_err();
    let DecodeError::Malformed {
        file,
        line,
        column,
        message,
    } = &error
    else {
        panic!("expected Malformed, got {error:?}");
    };
    assert_eq!(file, FILE);
    // The golden file is one line; the text ends half-way along it.
    assert_eq!(*line, 1);
    assert!(*column > 1_000, "{error}");
    assert!(message.starts_with("EOF while parsing"), "{error}");
    assert!(
        error.to_string().starts_with(&format!(
            "{FILE} is not valid bundle JSON (line 1, column {column}): EOF"
        )),
        "{error}"
    );
}

#[wasm_bindgen_test]
fn a_wrong_shape_names_the_file_and_where_in_it() {
    let mut value: serde_json::Value = serde_json::from_str(ARTICLE).unwrap();
    value["meta"].as_object_mut().unwrap().remove("slug");
    let error = decode_article(FILE, &value.to_string()).unwrap_err();
    assert_eq!(
        error,
        DecodeError::Unreadable {
            file: FILE.into(),
            message: "meta.slug: missing".into()
        }
    );
    assert_eq!(
        error.to_string(),
        format!("{FILE} is not valid bundle JSON: meta.slug: missing")
    );

    value["meta"]["slug"] = serde_json::json!(7);
    value["body"]["en"]["blocks"][0]["sentences"][1][0]["strong"] = serde_json::json!("yes");
    let error = decode_article(FILE, &value.to_string()).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("{FILE} is not valid bundle JSON: meta.slug: expected a string, found a number")
    );
    value["meta"]["slug"] = serde_json::json!("agents-at-work");
    let error = decode_article(FILE, &value.to_string()).unwrap_err();
    assert!(
        error.to_string().ends_with(
            "body.en.blocks[0].sentences[1][0].strong: expected true or false, found a string"
        ),
        "{error}"
    );
}

/// The app reads every kind of bundle file with its own reader (`FromValue`), not
/// serde's derive: each of the golden bundle's kinds reads in the wasm.
#[wasm_bindgen_test]
fn every_kind_of_bundle_file_reads() {
    use duet_core::decode::{decode_facets, decode_glossary, decode_list_page};
    use duet_core::search::{decode_manifest, decode_shard};
    let glossary = include_str!("../crates/duet-bundle/tests/golden/glossary/agents-at-work.json");
    assert!(!decode_glossary("g.json", glossary)
        .unwrap()
        .entries
        .is_empty());
    let page = include_str!("../crates/duet-bundle/tests/golden/lists/all/1.json");
    assert_eq!(decode_list_page("l.json", page).unwrap().page, 1);
    let facets = include_str!("../crates/duet-bundle/tests/golden/lists/facets.json");
    assert!(!decode_facets("f.json", facets).unwrap().tags.is_empty());
    let manifest = include_str!("../crates/duet-bundle/tests/golden/search/manifest.json");
    assert!(decode_manifest("m.json", manifest).unwrap().docs > 0);
    let shard = include_str!("../crates/duet-bundle/tests/golden/search/terms/0.json");
    assert!(!decode_shard("s.json", shard).unwrap().terms.is_empty());
}

#[wasm_bindgen_test]
fn another_schema_version_is_refused_before_the_fields() {
    let error = decode_article(FILE, r#"{"schema_version": 99}"#).unwrap_err();
    assert_eq!(
        error,
        DecodeError::WrongVersion {
            file: FILE.into(),
            found: 99,
            expected: SCHEMA_VERSION
        }
    );
}
