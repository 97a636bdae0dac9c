//! Article front matter: the TOML between `+++` lines or the YAML between `---` lines,
//! read the way Zola and Hugo read it. Duet takes the keys it knows and ignores the
//! rest (sites keep their own keys, in `[extra]` and at the top); a near miss of one
//! of Duet's keys is a warning, and `check --strict` lists every ignored key. Every
//! problem is reported at its line.

use duet_core::format::Date;
use duet_core::Comment;
use serde_json::{Map, Value};

use crate::dates::{format_date, parse_date};
use crate::diagnostics::Diagnostics;
use crate::front_value::{self, Shape};
use crate::key_lines::KeyLines;
use crate::source::{FrontFormat, Located, Parts, SourceFile};

/// Top-level keys Duet reads.
const OWN_KEYS: &[&str] = &[
    "title",
    "description",
    "summary",
    "date",
    "updated",
    "lastmod",
    "authors",
    "author",
    "draft",
    "taxonomies",
    "tags",
    "categories",
    "extra",
    "translationKey",
];

/// `[extra]` keys Duet reads.
const OWN_EXTRA_KEYS: &[&str] = &["source", "views", "faq", "comments"];

/// Checked front matter of one language file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// `None` when not given; the document then takes its first heading.
    pub title: Option<Located<String>>,
    /// `description`, else Hugo's `summary`; `None` when neither is given, and the
    /// document then derives one from its body.
    pub description: Option<String>,
    pub date: Option<Located<Date>>,
    pub updated: Option<Located<Date>>,
    pub authors: Vec<String>,
    /// Tags as written (Zola's `[taxonomies] tags`/`categories`, Hugo's top-level
    /// `tags`/`categories`), trimmed, deduplicated.
    pub tags: Option<Located<Vec<String>>>,
    pub source: Option<String>,
    pub views: Option<Located<u64>>,
    /// Questions and answers in order; ids are given when the article is assembled.
    pub faq: Vec<(String, String)>,
    pub comments: Vec<Comment>,
    /// `draft = true`: the file is skipped.
    pub draft: bool,
    /// Hugo's `translationKey`, which pairs files of separate language trees.
    pub translation_key: Option<String>,
    /// Keys Duet does not read, dotted (`extra.math`), at their lines.
    pub ignored: Vec<Located<String>>,
}

/// Reads the front matter of `parts` in `file`. Every problem is recorded; `None`
/// when any was an error.
pub fn parse(
    file: &SourceFile,
    parts: &Parts<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<FrontMatter> {
    let first_line = file.line_of(parts.front_matter_offset);
    let lines = KeyLines::new(parts.front_matter, first_line, parts.format);
    let table = match parts.format {
        FrontFormat::Toml => front_value::from_toml(
            file,
            parts.front_matter,
            parts.front_matter_offset,
            diagnostics,
        )?,
        FrontFormat::Yaml => {
            front_value::from_yaml(file, parts.front_matter, first_line, diagnostics)?
        }
    };
    let errors_before = diagnostics.error_count();
    let mut reader = Reader {
        file,
        lines: &lines,
        diagnostics,
    };
    let front = reader.read(&table);
    if reader.diagnostics.error_count() > errors_before {
        return None;
    }
    Some(front)
}

/// Reads values out of the parsed table, recording problems at their lines.
struct Reader<'a> {
    file: &'a SourceFile,
    lines: &'a KeyLines,
    diagnostics: &'a mut Diagnostics,
}

impl Reader<'_> {
    fn read(&mut self, table: &Map<String, Value>) -> FrontMatter {
        let title = self
            .text(table, "title")
            .map(|(value, line)| Located { value, line });
        let description = self
            .text(table, "description")
            .or_else(|| self.text(table, "summary"))
            .map(|(value, _)| value);
        let date = self.date(table, "date");
        let updated = self
            .date(table, "updated")
            .or_else(|| self.date(table, "lastmod"));
        if let (Some(date), Some(updated)) = (&date, &updated) {
            if updated.value < date.value {
                self.diagnostics
                    .warning(
                        &self.file.path,
                        Some(updated.line),
                        format!(
                            "`updated` ({}) is before `date` ({}, line {}); ignored",
                            format_date(updated.value),
                            format_date(date.value),
                            date.line
                        ),
                    )
                    .hint("`updated` is the last change, so it must be on or after `date`; fix or remove it");
            }
        }
        let updated =
            updated.filter(|updated| date.as_ref().is_none_or(|date| updated.value >= date.value));
        let mut authors = self.list(table, "authors", "authors");
        authors.extend(self.list(table, "author", "author"));
        let empty = Map::new();
        let taxonomies = self.table(table, "taxonomies").unwrap_or(&empty);
        let extra = self.table(table, "extra").unwrap_or(&empty);
        let tags = self.tags(table, taxonomies);
        let draft = match table.get("draft") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(draft)) => *draft,
            // Hugo reads `draft = "false"` as false; sites write it so.
            Some(Value::String(text)) if text.trim().eq_ignore_ascii_case("true") => true,
            Some(Value::String(text)) if text.trim().eq_ignore_ascii_case("false") => false,
            Some(other) => {
                self.wrong_type("draft", "true or false", other, 0);
                false
            }
        };
        let views = self.views(extra);
        let faq = self.faq(extra);
        let comments = self.comments(extra);
        let mut ignored = Vec::new();
        self.ignored(table, "", OWN_KEYS, &mut ignored);
        self.ignored(extra, "extra.", OWN_EXTRA_KEYS, &mut ignored);
        self.ignored(
            taxonomies,
            "taxonomies.",
            &["tags", "categories"],
            &mut ignored,
        );
        FrontMatter {
            title,
            description,
            date,
            updated,
            authors,
            tags,
            source: self
                .text(extra, "source")
                .map(|(source, _)| source)
                .filter(|source| !source.is_empty()),
            views,
            faq,
            comments,
            draft,
            translation_key: self.text(table, "translationKey").map(|(key, _)| key),
            ignored,
        }
    }

    fn line(&self, path: &str, occurrence: usize) -> usize {
        self.lines.line(path, occurrence)
    }

    fn wrong_type(&mut self, path: &str, expected: &str, found: &Value, occurrence: usize) {
        let line = self.line(path, occurrence);
        self.diagnostics
            .error(
                &self.file.path,
                Some(line),
                format!(
                    "`{path}` should be {expected}, but is {}",
                    front_value::describe(found)
                ),
            )
            .hint(format!("give `{path}` {expected}, or remove it"));
    }

    /// A text value (numbers are read as their text), trimmed; `None` when missing or
    /// blank.
    fn text(&mut self, table: &Map<String, Value>, key: &str) -> Option<(String, usize)> {
        let value = table.get(key)?;
        match front_value::shape(value) {
            Shape::Text(text) => {
                let text = text.trim().to_string();
                // Zero-width characters alone look like nothing: a title of them is
                // no title (and gets the fallback), not an invisible link.
                let blank = text.chars().all(|character| {
                    character.is_whitespace() || crate::diagnostics::is_invisible(character)
                });
                (!blank).then(|| (text, self.line(key, 0)))
            }
            Shape::Missing => None,
            Shape::Other => {
                self.wrong_type(key, "a text", value, 0);
                None
            }
        }
    }

    /// A list of texts, or one text as a list of one.
    fn list(&mut self, table: &Map<String, Value>, key: &str, path: &str) -> Vec<String> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let items: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let mut texts = Vec::new();
        for item in items {
            match front_value::shape(item) {
                Shape::Text(text) if !text.trim().is_empty() => texts.push(text.trim().to_string()),
                Shape::Text(_) | Shape::Missing => {}
                Shape::Other => {
                    self.wrong_type(path, "a list of texts", value, 0);
                    return Vec::new();
                }
            }
        }
        texts
    }

    fn table<'t>(
        &mut self,
        table: &'t Map<String, Value>,
        key: &str,
    ) -> Option<&'t Map<String, Value>> {
        match table.get(key)? {
            Value::Object(inner) => Some(inner),
            Value::Null => None,
            other => {
                self.wrong_type(key, "a table", other, 0);
                None
            }
        }
    }

    fn date(&mut self, table: &Map<String, Value>, key: &str) -> Option<Located<Date>> {
        self.date_at(table.get(key)?, key, 0)
    }

    fn date_at(&mut self, value: &Value, path: &str, occurrence: usize) -> Option<Located<Date>> {
        let line = self.line(path, occurrence);
        match parse_date(value) {
            Ok(Some(date)) => Some(Located { value: date, line }),
            Ok(None) => None,
            Err(problem) => {
                let key = path.rsplit('.').next().unwrap_or(path);
                self.diagnostics
                    .error(&self.file.path, Some(line), format!("bad `{path}`: {problem}"))
                    .hint(format!(
                        "write a real date, e.g. `{key} = 2026-11-24` or `{key} = \"2026-11-24T08:00:00+08:00\"`"
                    ));
                None
            }
        }
    }

    /// Tags from `[taxonomies]` (Zola) and the top level (Hugo); categories count too.
    fn tags(
        &mut self,
        table: &Map<String, Value>,
        taxonomies: &Map<String, Value>,
    ) -> Option<Located<Vec<String>>> {
        let mut line = None;
        let mut tags = Vec::new();
        for (source, prefix) in [(taxonomies, "taxonomies."), (table, "")] {
            for key in ["tags", "categories"] {
                if source.contains_key(key) {
                    let path = format!("{prefix}{key}");
                    line.get_or_insert_with(|| self.line(&path, 0));
                    tags.extend(self.list(source, key, &path));
                }
            }
        }
        let line = line?;
        let mut seen = std::collections::BTreeSet::new();
        tags.retain(|tag| seen.insert(tag.clone()));
        for tag in &tags {
            if tag.chars().any(|character| {
                character.is_control() || crate::diagnostics::is_invisible(character)
            }) {
                self.diagnostics
                    .error(
                        &self.file.path,
                        Some(line),
                        format!("tag `{}` holds invisible or control characters", crate::diagnostics::visible(tag)),
                    )
                    .hint("retype the tag: bidi controls and zero-width characters would make two tags look alike");
            }
        }
        tags.sort();
        Some(Located { value: tags, line })
    }

    fn views(&mut self, extra: &Map<String, Value>) -> Option<Located<u64>> {
        let value = extra.get("views")?;
        let line = self.line("extra.views", 0);
        match value {
            Value::Number(number) if number.as_u64().is_some() => Some(Located {
                value: number.as_u64().unwrap_or_default(),
                line,
            }),
            Value::Number(number) if number.as_i64().is_some_and(|views| views < 0) => {
                self.diagnostics
                    .error(
                        &self.file.path,
                        Some(line),
                        format!("`views` is {number}, but a view count cannot be negative"),
                    )
                    .hint("write 0 or a positive whole number");
                None
            }
            other => {
                self.wrong_type("extra.views", "a whole number", other, 0);
                None
            }
        }
    }

    fn records<'t>(
        &mut self,
        extra: &'t Map<String, Value>,
        key: &str,
    ) -> Vec<&'t Map<String, Value>> {
        let path = format!("extra.{key}");
        match extra.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_object) => {
                items.iter().filter_map(Value::as_object).collect()
            }
            Some(other) => {
                self.wrong_type(&path, "a list of tables", other, 0);
                Vec::new()
            }
        }
    }

    fn faq(&mut self, extra: &Map<String, Value>) -> Vec<(String, String)> {
        let mut faq = Vec::new();
        for (index, entry) in self.records(extra, "faq").into_iter().enumerate() {
            let question = self.text(entry, "q");
            let answer = self.text(entry, "a");
            match (question, answer) {
                (Some((question, _)), Some((answer, _))) => faq.push((question, answer)),
                _ => {
                    let line = self.line("extra.faq", index);
                    self.diagnostics
                        .error(
                            &self.file.path,
                            Some(line),
                            "an [[extra.faq]] entry needs both `q` and `a`",
                        )
                        .hint("write the question as `q = \"…\"` and its answer as `a = \"…\"`");
                }
            }
        }
        faq
    }

    fn comments(&mut self, extra: &Map<String, Value>) -> Vec<Comment> {
        let mut comments = Vec::new();
        for (index, entry) in self.records(extra, "comments").into_iter().enumerate() {
            let author = self.text(entry, "author");
            let text = self.text(entry, "text");
            let date = entry
                .get("date")
                .and_then(|date| self.date_at(date, "extra.comments.date", index));
            match (author, date, text) {
                (Some((author, _)), Some(date), Some((text, _))) => comments.push(Comment {
                    author,
                    date: format_date(date.value),
                    text,
                }),
                _ => {
                    let line = self.line("extra.comments", index);
                    self.diagnostics
                        .error(
                            &self.file.path,
                            Some(line),
                            "an [[extra.comments]] entry needs `author`, `date` and `text`",
                        )
                        .hint("write all three, e.g. author = \"Kim\", date = 2026-11-21, text = \"…\"");
                }
            }
        }
        comments
    }

    /// Records the keys of `table` outside `own`; a key one or two letters away from
    /// one of Duet's is most likely a typo and gets a warning now.
    fn ignored(
        &mut self,
        table: &Map<String, Value>,
        prefix: &str,
        own: &[&str],
        ignored: &mut Vec<Located<String>>,
    ) {
        for key in table.keys().filter(|key| !own.contains(&key.as_str())) {
            let path = format!("{prefix}{key}");
            let line = self.line(&path, 0);
            if let Some(meant) = own.iter().find(|own| is_near_miss(key, own)) {
                self.diagnostics
                    .warning(
                        &self.file.path,
                        Some(line),
                        format!("unknown key `{path}` ignored; did you mean `{prefix}{meant}`?"),
                    )
                    .hint("check the spelling");
            }
            ignored.push(Located { value: path, line });
        }
    }
}

/// True when `key` is one or two edits from `own` (and not too short to tell).
fn is_near_miss(key: &str, own: &str) -> bool {
    // Themes use singular keys of their own (Zola's `extra.comment = true`).
    let singular_of = |plural: &str, singular: &str| plural.strip_suffix('s') == Some(singular);
    !singular_of(own, key)
        && !singular_of(key, own)
        && own.len() >= 4
        && key != own
        && edit_distance(&key.to_lowercase(), own) <= if own.len() >= 5 { 2 } else { 1 }
}

/// Levenshtein distance over characters.
fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut row: Vec<usize> = (0..=right.len()).collect();
    for (index, left_char) in left.chars().enumerate() {
        let mut previous = row[0];
        row[0] = index + 1;
        for (column, right_char) in right.iter().enumerate() {
            let substitution = previous + usize::from(left_char != *right_char);
            previous = row[column + 1];
            row[column + 1] = substitution.min(row[column] + 1).min(previous + 1);
        }
    }
    row[right.len()]
}

#[cfg(test)]
#[path = "front_matter_tests.rs"]
mod tests;
