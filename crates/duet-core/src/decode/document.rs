//! A bundle file's JSON, parsed once and then read as one type or another. Native
//! code (the bundler, tests) reads the text straight into each type with serde_json,
//! which places any error at its line and column. The app parses the text into a
//! `serde_json::Value` once and reads the types from that value with its own small
//! reader (`decode/from_value.rs`), not serde's derive: serde_json's parser is then
//! compiled once, not once per bundle type, and serde's per-type visitors not at all
//! (ARCHITECTURE.md, "The shell's size").

use serde::de::DeserializeOwned;

use super::from_value::FromValue;
use super::DecodeError;

/// A bundle file, ready to be read as a type.
pub(crate) struct Document<'a> {
    file: &'a str,
    #[cfg(not(target_arch = "wasm32"))]
    text: &'a str,
    #[cfg(target_arch = "wasm32")]
    value: serde_json::Value,
}

/// The error for text of `file` that is not JSON, or (native) not of the type.
fn malformed(file: &str, error: serde_json::Error) -> DecodeError {
    DecodeError::Malformed {
        file: file.to_string(),
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<'a> Document<'a> {
    /// `text` (of `file`), read when a type is asked for.
    pub(crate) fn parse(file: &'a str, text: &'a str) -> Result<Self, DecodeError> {
        Ok(Document { file, text })
    }

    /// The document read as a `T`.
    pub(crate) fn read<T: DeserializeOwned + FromValue>(&self) -> Result<T, DecodeError> {
        serde_json::from_str(self.text).map_err(|error| malformed(self.file, error))
    }
}

#[cfg(target_arch = "wasm32")]
impl<'a> Document<'a> {
    /// `text` (of `file`) parsed; text that is not JSON is placed at its line and
    /// column.
    pub(crate) fn parse(file: &'a str, text: &'a str) -> Result<Self, DecodeError> {
        let value = serde_json::from_str(text).map_err(|error| malformed(file, error))?;
        Ok(Document { file, value })
    }

    /// The document read as a `T`. A value has no line and column, so a wrong shape
    /// is placed by its path in the document ("meta.slug: missing",
    /// "pairs[3].zh: expected a whole number from 0 to 4294967295").
    pub(crate) fn read<T: DeserializeOwned + FromValue>(&self) -> Result<T, DecodeError> {
        T::from_value(&self.value).map_err(|error| DecodeError::Unreadable {
            file: self.file.to_string(),
            message: error.to_string(),
        })
    }
}
