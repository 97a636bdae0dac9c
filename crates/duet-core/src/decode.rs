//! Turning bundle JSON text into checked values, with errors a reader can act on.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::listing::{CatalogHead, Facets, ListPage};
use crate::schema::{Article, Glossary, SCHEMA_VERSION};
use crate::validate::{self, Invalid};

#[cfg(test)]
pub(crate) mod agreement;
mod bundle_types;
mod document;
pub mod from_value;

use document::Document;
use from_value::FromValue;

/// Why a bundle file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("{file} is not valid bundle JSON (line {line}, column {column}): {message}")]
    Malformed {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file} has bundle schema version {found}, but this app reads version {expected}; rebuild the bundle with the matching duet-bundle")]
    WrongVersion {
        file: String,
        found: u32,
        expected: u32,
    },
    /// Well-formed JSON of the wrong shape, as the app reports it: the app reads
    /// the types from a parsed value (`decode/document.rs`), which has no line to
    /// name. Native code reports the same problem as `Malformed`, with its position.
    #[error("{file} is not valid bundle JSON: {message}")]
    Unreadable { file: String, message: String },
    /// Well-formed JSON that the app could not show (see [`crate::validate`]).
    #[error("{file} is not a usable bundle file: {problem}; rebuild the bundle with duet-bundle")]
    Invalid { file: String, problem: Invalid },
}

/// Only the version field, read before the rest so a newer layout gets a version
/// error rather than a confusing field error.
#[derive(Deserialize)]
struct VersionProbe {
    schema_version: u32,
}

crate::from_value_struct!(VersionProbe { schema_version });

/// `text` (of `file`) read as a `T`: by serde natively, by [`FromValue`] in the app
/// (`decode/document.rs`).
pub(crate) fn decode<T: DeserializeOwned + FromValue>(
    file: &str,
    text: &str,
) -> Result<T, DecodeError> {
    let document = Document::parse(file, text)?;
    let probe: VersionProbe = document.read()?;
    if probe.schema_version != SCHEMA_VERSION {
        return Err(DecodeError::WrongVersion {
            file: file.to_string(),
            found: probe.schema_version,
            expected: SCHEMA_VERSION,
        });
    }
    document.read()
}

/// `value` if `check` finds nothing wrong in it, else the problem naming `file`.
fn checked<T>(
    file: &str,
    value: T,
    check: fn(&T) -> Result<(), Invalid>,
) -> Result<T, DecodeError> {
    check(&value).map_err(|problem| DecodeError::Invalid {
        file: file.to_string(),
        problem,
    })?;
    Ok(value)
}

/// Parses and checks `catalog.json`, the catalog's head.
pub fn decode_catalog_head(file: &str, text: &str) -> Result<CatalogHead, DecodeError> {
    checked(file, decode(file, text)?, validate::head)
}

/// Parses and checks one page of a list (`lists/…/<page>.json.gz`).
pub fn decode_list_page(file: &str, text: &str) -> Result<ListPage, DecodeError> {
    checked(file, decode(file, text)?, validate::list_page)
}

/// Parses `lists/facets.json.gz`.
pub fn decode_facets(file: &str, text: &str) -> Result<Facets, DecodeError> {
    decode(file, text)
}

/// Parses and checks one article file.
pub fn decode_article(file: &str, text: &str) -> Result<Article, DecodeError> {
    checked(file, decode(file, text)?, validate::article)
}

/// Parses and checks one article's glossary file (`glossary/<slug>.json`).
pub fn decode_glossary(file: &str, text: &str) -> Result<Glossary, DecodeError> {
    checked(file, decode(file, text)?, validate::glossary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_json_names_file_and_position() {
        let error =
            decode_catalog_head("catalog.json", "{\"schema_version\": 1, \"site\"").unwrap_err();
        match error {
            DecodeError::Malformed { file, line, .. } => {
                assert_eq!(file, "catalog.json");
                assert_eq!(line, 1);
            }
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn other_schema_version_is_refused_before_fields_are_read() {
        let error = decode_article("a.json", r#"{"schema_version": 99}"#).unwrap_err();
        assert_eq!(
            error,
            DecodeError::WrongVersion {
                file: "a.json".into(),
                found: 99,
                expected: SCHEMA_VERSION
            }
        );
        assert!(error.to_string().contains("rebuild"));
    }

    #[test]
    fn glossary_files_have_the_same_version_check() {
        let error = decode_glossary("glossary/a.json", r#"{"schema_version": 1, "entries": []}"#)
            .unwrap_err();
        assert_eq!(
            error,
            DecodeError::WrongVersion {
                file: "glossary/a.json".into(),
                found: 1,
                expected: SCHEMA_VERSION
            }
        );
        let text = format!(
            r#"{{"schema_version":{SCHEMA_VERSION},"entries":[{{"word":"好","pinyin":"hǎo","glosses":["good"],"hsk":1}}]}}"#
        );
        let glossary = decode_glossary("glossary/a.json", &text).unwrap();
        assert_eq!(glossary.gloss("好").unwrap().hsk, Some(1));
        assert!(matches!(
            decode_glossary("glossary/a.json", "[]"),
            Err(DecodeError::Malformed { .. })
        ));
    }

    #[test]
    fn a_version_1_bundle_is_refused_by_name() {
        // Version 1 had no word boundaries, glossary or difficulty: an app reading it
        // would silently show no learner aids, so it asks for a rebuild instead.
        let error = decode_catalog_head("catalog.json", r#"{"schema_version": 1, "site": {}}"#)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "catalog.json has bundle schema version 1, but this app reads version 5; \
             rebuild the bundle with the matching duet-bundle"
        );
    }

    /// The golden bundle's files: valid, so each test breaks exactly one thing.
    const CATALOG: &str = include_str!("../../duet-bundle/tests/golden/catalog.json");
    const ARTICLE: &str =
        include_str!("../../duet-bundle/tests/golden/articles/agents-at-work.json");
    const GLOSSARY: &str =
        include_str!("../../duet-bundle/tests/golden/glossary/agents-at-work.json");

    /// `text` as JSON, changed by `change`, as text again.
    fn altered(text: &str, change: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
        change(&mut value);
        value.to_string()
    }

    /// The problem `error` reports, after checking it names `file`.
    fn problem(error: DecodeError, file: &str) -> Invalid {
        assert!(error.to_string().starts_with(file), "{error}");
        match error {
            DecodeError::Invalid { problem, .. } => problem,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn the_golden_bundle_is_valid() {
        decode_catalog_head("catalog.json", CATALOG).unwrap();
        decode_article("a.json", ARTICLE).unwrap();
        decode_glossary("g.json", GLOSSARY).unwrap();
    }

    // Regression: an article with no title in either language decoded fine and then
    // crashed the library (`cards.rs` indexed `head.langs()[0]`).
    #[test]
    fn a_catalog_article_without_any_head_is_refused() {
        let text = altered(CATALOG, |catalog| {
            catalog["newest"][1]["head"] = serde_json::json!({});
        });
        let error = decode_catalog_head("catalog.json", &text).unwrap_err();
        assert!(error
            .to_string()
            .contains("has a title in neither language"));
        let slug = serde_json::from_str::<serde_json::Value>(CATALOG).unwrap()["newest"][1]["slug"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(problem(error, "catalog.json"), Invalid::EmptyHead { slug });
    }

    #[test]
    fn an_article_without_head_or_body_is_refused() {
        let text = altered(ARTICLE, |article| {
            article["meta"]["head"] = serde_json::json!({})
        });
        assert!(matches!(
            problem(decode_article("a.json", &text).unwrap_err(), "a.json"),
            Invalid::EmptyHead { .. }
        ));
        let text = altered(ARTICLE, |article| article["body"] = serde_json::json!({}));
        assert_eq!(
            problem(decode_article("a.json", &text).unwrap_err(), "a.json"),
            Invalid::EmptyBody
        );
    }

    #[test]
    fn a_pair_past_the_last_block_is_refused() {
        let blocks = |text: &str, lang: &str| {
            serde_json::from_str::<serde_json::Value>(text).unwrap()["body"][lang]["blocks"]
                .as_array()
                .unwrap()
                .len()
        };
        let english = blocks(ARTICLE, "en");
        let text = altered(ARTICLE, |article| {
            article["pairs"][0]["en"] = serde_json::json!(english);
        });
        let error = decode_article("articles/x.json.gz", &text).unwrap_err();
        assert!(error.to_string().contains("names en block"), "{error}");
        assert!(matches!(
            problem(error, "articles/x.json.gz"),
            Invalid::PairOutOfRange { lang: crate::Lang::En, index, blocks, .. }
                if index as usize == english && blocks == english
        ));
        // A side whose whole body is missing has no blocks at all.
        let text = altered(ARTICLE, |article| {
            article["body"].as_object_mut().unwrap().remove("zh");
        });
        assert!(matches!(
            problem(decode_article("a.json", &text).unwrap_err(), "a.json"),
            Invalid::PairOutOfRange {
                lang: crate::Lang::Zh,
                blocks: 0,
                ..
            }
        ));
    }

    /// Guards issue 16 finding 3: a hand-made article of 100,000 blocks, or of more
    /// pairs than blocks, decoded and then trapped the app while drawing.
    #[test]
    fn more_blocks_or_pairs_than_a_bundle_can_hold_are_refused() {
        let text = altered(ARTICLE, |article| {
            let block = article["body"]["en"]["blocks"][0].clone();
            article["body"]["en"]["blocks"] =
                serde_json::Value::Array(vec![block; crate::validate::MAX_BODY_BLOCKS + 1]);
        });
        assert!(matches!(
            problem(decode_article("a.json", &text).unwrap_err(), "a.json"),
            Invalid::TooManyBlocks {
                lang: crate::Lang::En,
                ..
            }
        ));
        let text = altered(ARTICLE, |article| {
            let pair = article["pairs"][0].clone();
            article["pairs"] = serde_json::Value::Array(vec![pair; 70_000]);
        });
        assert!(matches!(
            problem(decode_article("a.json", &text).unwrap_err(), "a.json"),
            Invalid::TooManyPairs { pairs: 70_000, .. }
        ));
    }

    /// The index of the first Chinese paragraph with word lengths in `article`.
    fn first_worded_paragraph(article: &serde_json::Value) -> usize {
        article["body"]["zh"]["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .position(|block| block["t"] == "paragraph" && block.get("words").is_some())
            .unwrap()
    }

    #[test]
    fn word_lengths_that_do_not_match_their_sentences_are_refused() {
        let text = altered(ARTICLE, |article| {
            let at = first_worded_paragraph(article);
            article["body"]["zh"]["blocks"][at]["words"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!([1]));
        });
        assert!(matches!(
            problem(decode_article("a.json", &text).unwrap_err(), "a.json"),
            Invalid::WordListCount { .. }
        ));
        let text = altered(ARTICLE, |article| {
            let at = first_worded_paragraph(article);
            article["body"]["zh"]["blocks"][at]["words"][0]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!(5));
        });
        assert!(matches!(
            problem(decode_article("a.json", &text).unwrap_err(), "a.json"),
            Invalid::WordLengths { sentence: 0, .. }
        ));
    }

    #[test]
    fn an_unsorted_or_repeated_glossary_is_refused() {
        let text = altered(GLOSSARY, |glossary| {
            glossary["entries"].as_array_mut().unwrap().swap(0, 1);
        });
        assert!(matches!(
            problem(decode_glossary("g.json", &text).unwrap_err(), "g.json"),
            Invalid::GlossaryOrder { .. }
        ));
        let text = altered(GLOSSARY, |glossary| {
            let entries = glossary["entries"].as_array_mut().unwrap();
            entries.insert(1, entries[0].clone());
        });
        assert!(matches!(
            problem(decode_glossary("g.json", &text).unwrap_err(), "g.json"),
            Invalid::GlossaryOrder { .. }
        ));
    }

    // A list page longer than a page, or numbered 0, was not written by the bundler:
    // the library lays out at most one page of cards.
    #[test]
    fn a_list_page_of_the_wrong_shape_is_refused() {
        let head: serde_json::Value = serde_json::from_str(CATALOG).unwrap();
        let card = head["newest"][0].clone();
        let page = |number: u32, cards: usize| {
            serde_json::json!({
                "schema_version": SCHEMA_VERSION,
                "total": cards,
                "page": number,
                "articles": vec![card.clone(); cards],
            })
            .to_string()
        };
        let file = "lists/all/1.json.gz";
        decode_list_page(file, &page(1, crate::listing::PAGE_SIZE)).unwrap();
        for wrong in [page(1, crate::listing::PAGE_SIZE + 1), page(0, 1)] {
            assert!(matches!(
                problem(decode_list_page(file, &wrong).unwrap_err(), file),
                Invalid::ListPageShape { .. }
            ));
        }
    }
}
