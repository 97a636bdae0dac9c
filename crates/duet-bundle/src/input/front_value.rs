//! Front matter text (TOML or YAML) parsed into one value tree (`serde_json::Value`),
//! so both formats are read by the same code. YAML is parsed with a budget: alias
//! bombs, deep nesting and huge documents are refused, never expanded.

use serde_json::{Map, Value};

use crate::diagnostics::{visible, Diagnostics};
use crate::source::SourceFile;

/// How deep YAML collections may nest; front matter needs three or four levels.
const MAX_YAML_DEPTH: usize = 24;
/// Alias uses in one front matter block; real files use a handful, if any.
const MAX_YAML_ALIASES: usize = 64;
/// Events replayed from aliases in total: a "billion laughs" document hits this
/// after a few thousand, long before it could fill memory.
const MAX_YAML_REPLAYED_EVENTS: usize = 10_000;
/// Nodes (scalars, lists, maps) in one front matter block.
const MAX_YAML_NODES: usize = 20_000;

/// A value as front matter readers see it.
pub enum Shape {
    /// A string, or a number or boolean read as its text (YAML `title: 2024`).
    Text(String),
    /// Null (YAML `key:` with nothing after it).
    Missing,
    /// A list or table where text was expected.
    Other,
}

/// What `value` looks like to someone reading front matter.
pub fn shape(value: &Value) -> Shape {
    match value {
        Value::String(text) => Shape::Text(text.clone()),
        Value::Number(number) => Shape::Text(number.to_string()),
        Value::Bool(flag) => Shape::Text(flag.to_string()),
        Value::Null => Shape::Missing,
        Value::Array(_) | Value::Object(_) => Shape::Other,
    }
}

/// `a list`, `a table`, `the text "x"`… for messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => format!("the text \"{}\"", crate::diagnostics::visible(text)),
        Value::Number(number) => format!("the number {number}"),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Null => "empty".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a table".to_string(),
    }
}

/// Parses TOML `text` found at byte `offset` of `file`.
pub fn from_toml(
    file: &SourceFile,
    text: &str,
    offset: usize,
    diagnostics: &mut Diagnostics,
) -> Option<Map<String, Value>> {
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => Some(toml_table(table)),
        Err(error) => {
            let line = error.span().map_or_else(
                || file.line_of(offset),
                |span| file.line_of(offset + span.start),
            );
            let message = error.message().trim().replace('\n', " ");
            // The parser's "duplicate key" does not say which key; its span does.
            let duplicate = (message == "duplicate key")
                .then(|| error.span().and_then(|span| text.get(span)))
                .flatten()
                .map(|key| key.trim().to_string());
            match duplicate {
                Some(key) => {
                    diagnostics
                        .error(
                            &file.path,
                            Some(line),
                            format!("`{}` is set twice in the front matter", visible(&key)),
                        )
                        .hint(format!(
                            "keep one `{}` line and delete the other",
                            visible(&key)
                        ));
                }
                None => {
                    diagnostics
                        .error(&file.path, Some(line), format!("invalid TOML: {message}"))
                        .hint("fix the TOML syntax: strings in double quotes, arrays in [ ], one key = value per line");
                }
            }
            None
        }
    }
}

fn toml_table(table: toml::Table) -> Map<String, Value> {
    table
        .into_iter()
        .map(|(key, value)| (key, toml_value(value)))
        .collect()
}

/// TOML dates and times become their RFC 3339 text, which `dates` reads.
fn toml_value(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::from(number),
        toml::Value::Float(number) => serde_json::Number::from_f64(number)
            .map_or_else(|| Value::String(number.to_string()), Value::Number),
        toml::Value::Boolean(flag) => Value::Bool(flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_value).collect()),
        toml::Value::Table(table) => Value::Object(toml_table(table)),
    }
}

/// Parses YAML `text` whose first line is file line `first_line`.
pub fn from_yaml(
    file: &SourceFile,
    text: &str,
    first_line: usize,
    diagnostics: &mut Diagnostics,
) -> Option<Map<String, Value>> {
    if text.trim().is_empty() {
        return Some(Map::new());
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_YAML_DEPTH,
            max_aliases: MAX_YAML_ALIASES,
            max_nodes: MAX_YAML_NODES,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_YAML_REPLAYED_EVENTS,
            max_replay_stack_depth: 8,
            max_alias_expansions_per_anchor: MAX_YAML_ALIASES,
        },
    };
    match serde_saphyr::from_str_with_options::<Value>(text, options) {
        Ok(Value::Object(table)) => Some(table),
        Ok(Value::Null) => Some(Map::new()),
        Ok(other) => {
            diagnostics
                .error(
                    &file.path,
                    Some(first_line),
                    format!(
                        "YAML front matter is {}, not a set of `key: value` lines",
                        describe(&other)
                    ),
                )
                .hint("write one `key: value` per line between the `---` lines");
            None
        }
        Err(error) => {
            let line = error.location().map_or(first_line, |location| {
                first_line + (location.line() as usize).saturating_sub(1)
            });
            let message = error.without_snippet().to_string();
            // The parser's own positions follow; the line is reported as the file's.
            let message = message.lines().next().unwrap_or_default();
            let message = message
                .split(" at line")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            diagnostics
                .error(&file.path, Some(line), format!("invalid YAML: {}", crate::diagnostics::visible(&message)))
                .hint(format!(
                    "fix the YAML: one `key: value` per line, lists as `- item`; anchors and aliases are limited to {MAX_YAML_ALIASES} uses and nesting to {MAX_YAML_DEPTH} levels"
                ));
            None
        }
    }
}
