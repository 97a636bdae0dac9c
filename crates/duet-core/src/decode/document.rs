//! A bundle file's JSON, parsed once and then read as one type or another. Native
//! code (the bundler, tests) reads the text straight into each type with serde_json,
//! which places any error at its line and column. The app parses the text into a
//! `serde_json::Value` once and reads the types from that value: serde_json's
//! parser is then compiled once, not once per bundle type, which made it the
//! largest part of the wasm's serde code (ARCHITECTURE.md, "The shell's size").

use serde::de::DeserializeOwned;

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
    pub(crate) fn read<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
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

    /// The document read as a `T`. A value has no position, so a wrong shape is
    /// reported by what is wrong only ("missing field `slug`", "invalid type: …,
    /// expected …").
    pub(crate) fn read<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        T::deserialize(&self.value).map_err(|error| DecodeError::Unreadable {
            file: self.file.to_string(),
            message: error.to_string(),
        })
    }
}
