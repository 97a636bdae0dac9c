//! Deserializing TOML from a file with errors pointing at the file's own lines.

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostics;
use crate::source::SourceFile;

/// Parses `text`, which starts at byte `offset` of `file`, into `T`. A syntax or
/// shape error becomes one diagnostic at the line the TOML parser points to.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    offset: usize,
    hint: &str,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    match toml::from_str(text) {
        Ok(value) => Some(value),
        Err(error) => {
            let line = error.span().map_or_else(
                || file.line_of(offset),
                |span| file.line_of(offset + span.start),
            );
            let message = error.message().trim().replace('\n', " ");
            let hint = if message.contains("unknown field") {
                format!("check the spelling or remove the key; {hint}")
            } else if message.contains("invalid type") || message.contains("invalid value") {
                format!("give the value the expected type; {hint}")
            } else {
                "fix the TOML syntax: strings in double quotes, arrays in [ ], one key = value per line"
                    .to_string()
            };
            // Shape errors come from serde, which speaks of fields; TOML has keys.
            let message = if message.contains("unknown field") || message.contains("missing field")
            {
                message.replace("field", "key")
            } else {
                format!("invalid TOML: {message}")
            };
            diagnostics
                .error(&file.path, Some(line), message)
                .hint(hint);
            None
        }
    }
}

/// The line of a spanned value, `offset` being where the TOML starts in `file`.
pub fn line_of<T>(file: &SourceFile, offset: usize, value: &toml::Spanned<T>) -> usize {
    file.line_of(offset + value.span().start)
}
