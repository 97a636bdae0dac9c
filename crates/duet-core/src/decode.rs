//! Turning bundle JSON text into checked values, with errors a reader can act on.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::schema::{Article, Catalog, Glossary, SCHEMA_VERSION};

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
}

/// Only the version field, read before the rest so a newer layout gets a version
/// error rather than a confusing field error.
#[derive(Deserialize)]
struct VersionProbe {
    schema_version: u32,
}

pub(crate) fn decode<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, DecodeError> {
    let malformed = |error: serde_json::Error| DecodeError::Malformed {
        file: file.to_string(),
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    };
    let probe: VersionProbe = serde_json::from_str(text).map_err(malformed)?;
    if probe.schema_version != SCHEMA_VERSION {
        return Err(DecodeError::WrongVersion {
            file: file.to_string(),
            found: probe.schema_version,
            expected: SCHEMA_VERSION,
        });
    }
    serde_json::from_str(text).map_err(malformed)
}

/// Parses and checks `catalog.json`.
pub fn decode_catalog(file: &str, text: &str) -> Result<Catalog, DecodeError> {
    decode(file, text)
}

/// Parses and checks one article file.
pub fn decode_article(file: &str, text: &str) -> Result<Article, DecodeError> {
    decode(file, text)
}

/// Parses and checks one article's glossary file (`glossary/<slug>.json`).
pub fn decode_glossary(file: &str, text: &str) -> Result<Glossary, DecodeError> {
    decode(file, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_json_names_file_and_position() {
        let error = decode_catalog("catalog.json", "{\"schema_version\": 1, \"site\"").unwrap_err();
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
        let error =
            decode_catalog("catalog.json", r#"{"schema_version": 1, "site": {}}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "catalog.json has bundle schema version 1, but this app reads version 3; \
             rebuild the bundle with the matching duet-bundle"
        );
    }
}
