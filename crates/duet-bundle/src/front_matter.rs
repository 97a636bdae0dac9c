//! Article front matter: the TOML between the `+++` lines, read strictly (unknown
//! keys are errors) and checked, with every problem reported at its line.

use duet_core::format::Date;
use duet_core::Comment;
use serde::Deserialize;
use toml::Spanned;

use crate::dates::{format_date, parse_date};
use crate::diagnostics::{visible, Diagnostics};
use crate::slug::{ascii_slug, is_valid_slug};
use crate::source::{Located, SourceFile};
use crate::toml_input;

const KEYS_HINT: &str = "allowed keys: title, description, date, updated, authors, \
[taxonomies] tags, [extra] source, views, [[extra.faq]] q/a, [[extra.comments]] author/date/text";

const EXAMPLE: &str = "+++\ntitle = \"Agents at work\"\ndescription = \"One-paragraph abstract.\"\ndate = 2026-11-24\n+++";

/// Front matter as written. Required keys are optional here so that all missing
/// keys are reported together, with our own wording.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
    updated: Option<Spanned<toml::Value>>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    taxonomies: RawTaxonomies,
    #[serde(default)]
    extra: RawExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomies {
    tags: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtra {
    source: Option<String>,
    views: Option<Spanned<i64>>,
    #[serde(default)]
    faq: Vec<RawFaq>,
    #[serde(default)]
    comments: Vec<RawComment>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaq {
    q: String,
    a: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComment {
    author: String,
    date: Spanned<toml::Value>,
    text: String,
}

/// Checked front matter of one language file.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub date: Located<Date>,
    pub updated: Option<Located<Date>>,
    pub authors: Vec<String>,
    pub tags: Option<Located<Vec<String>>>,
    pub source: Option<String>,
    pub views: Option<Located<u64>>,
    /// Questions and answers in order; ids are given when the article is assembled.
    pub faq: Vec<(String, String)>,
    pub comments: Vec<Comment>,
}

/// Reads the front matter `text` found at byte `offset` of `file`. Every problem is
/// recorded; `None` when any was an error.
pub fn parse(
    file: &SourceFile,
    text: &str,
    offset: usize,
    diagnostics: &mut Diagnostics,
) -> Option<FrontMatter> {
    let raw: RawFrontMatter = toml_input::parse(file, text, offset, KEYS_HINT, diagnostics)?;
    let errors_before = diagnostics.error_count();
    let mut checker = Checker {
        file,
        offset,
        diagnostics,
    };
    let title = checker.required_text(raw.title, "title");
    let description = checker.required_text(raw.description, "description");
    let date = match raw.date {
        Some(date) => checker.date(&date, "date"),
        None => {
            checker.missing("date");
            None
        }
    };
    let updated = raw
        .updated
        .as_ref()
        .and_then(|updated| checker.date(updated, "updated"));
    if let (Some(date), Some(updated)) = (&date, &updated) {
        if updated.value < date.value {
            checker
                .diagnostics
                .error(
                    &file.path,
                    Some(updated.line),
                    format!(
                        "`updated` ({}) is before `date` ({}, line {})",
                        format_date(updated.value),
                        format_date(date.value),
                        date.line
                    ),
                )
                .hint("`updated` is the last change, so it must be on or after `date`; fix or remove it");
        }
    }
    let views = raw
        .extra
        .views
        .as_ref()
        .and_then(|views| checker.views(views));
    let comments = raw
        .extra
        .comments
        .into_iter()
        .filter_map(|comment| checker.comment(comment))
        .collect();
    let tags = raw.taxonomies.tags.map(|tags| Located {
        line: toml_input::line_of(file, offset, &tags),
        value: clean_tags(tags.into_inner()),
    });
    if let Some(tags) = &tags {
        checker.tag_names(tags);
    }
    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(FrontMatter {
        title: title?,
        description: description?,
        date: date?,
        updated,
        authors: raw.authors,
        tags,
        source: raw.extra.source.filter(|source| !source.trim().is_empty()),
        views,
        faq: raw
            .extra
            .faq
            .into_iter()
            .map(|faq| (faq.q, faq.a))
            .collect(),
        comments,
    })
}

/// Trimmed, sorted, deduplicated tags without empty ones.
fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut tags: Vec<String> = tags
        .into_iter()
        .map(|tag| tag.trim().to_string())
        .filter(|tag| !tag.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// Checks values, recording problems at their lines.
struct Checker<'a> {
    file: &'a SourceFile,
    offset: usize,
    diagnostics: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn line<T>(&self, value: &Spanned<T>) -> usize {
        toml_input::line_of(self.file, self.offset, value)
    }

    fn missing(&mut self, key: &str) {
        self.diagnostics
            .error(
                &self.file.path,
                Some(1),
                format!("front matter is missing the required key `{key}`"),
            )
            .hint(format!(
                "add it between the `+++` lines, for example:\n{EXAMPLE}"
            ));
    }

    fn required_text(&mut self, value: Option<Spanned<String>>, key: &str) -> Option<String> {
        let Some(value) = value else {
            self.missing(key);
            return None;
        };
        if value.get_ref().trim().is_empty() {
            let line = self.line(&value);
            self.diagnostics
                .error(&self.file.path, Some(line), format!("`{key}` is empty"))
                .hint(format!("write the article's {key}"));
            return None;
        }
        Some(value.into_inner().trim().to_string())
    }

    fn date(&mut self, value: &Spanned<toml::Value>, key: &str) -> Option<Located<Date>> {
        let line = self.line(value);
        match parse_date(value.get_ref()) {
            Ok(date) => Some(Located { value: date, line }),
            Err(problem) => {
                self.diagnostics
                    .error(
                        &self.file.path,
                        Some(line),
                        format!("bad `{key}`: {problem}"),
                    )
                    .hint(format!("write a real date, e.g. `{key} = 2026-11-24`"));
                None
            }
        }
    }

    fn views(&mut self, value: &Spanned<i64>) -> Option<Located<u64>> {
        let line = self.line(value);
        match u64::try_from(*value.get_ref()) {
            Ok(views) => Some(Located { value: views, line }),
            Err(_) => {
                self.diagnostics
                    .error(
                        &self.file.path,
                        Some(line),
                        format!(
                            "`views` is {}, but a view count cannot be negative",
                            value.get_ref()
                        ),
                    )
                    .hint("write 0 or a positive whole number");
                None
            }
        }
    }

    /// Tags go into links (`/?tag=…`) and are keys of site.toml, so they follow the
    /// slug rule; that also keeps bidi controls and invisible characters out of them.
    fn tag_names(&mut self, tags: &Located<Vec<String>>) {
        for tag in tags.value.iter().filter(|tag| !is_valid_slug(tag)) {
            let suggestion = ascii_slug(tag);
            let hint = if suggestion.is_empty() {
                "use lowercase ASCII letters, digits and hyphens, and give the tag its Chinese and English names in site.toml".to_string()
            } else {
                format!("write it as `{suggestion}`, and give its Chinese and English names in site.toml")
            };
            self.diagnostics
                .error(
                    &self.file.path,
                    Some(tags.line),
                    format!(
                        "tag `{}` may only use lowercase ASCII letters, digits and hyphens",
                        visible(tag)
                    ),
                )
                .hint(hint);
        }
    }

    fn comment(&mut self, comment: RawComment) -> Option<Comment> {
        let date = self.date(&comment.date, "date")?;
        Some(Comment {
            author: comment.author,
            date: format_date(date.value),
            text: comment.text,
        })
    }
}

#[cfg(test)]
#[path = "front_matter_tests.rs"]
mod tests;
