//! Tests of front matter parsing: every key, and every error kind at its line.

use std::path::Path;

use super::*;
use crate::source::split_front_matter;

fn run(text: &str) -> (Option<FrontMatter>, Diagnostics) {
    let file = SourceFile::new(Path::new("a/index.en.md"), text.to_string());
    let parts = split_front_matter(&file.text).unwrap();
    let mut diagnostics = Diagnostics::default();
    let front = parse(
        &file,
        parts.front_matter,
        parts.front_matter_offset,
        &mut diagnostics,
    );
    (front, diagnostics)
}

/// `(line, message)` of every error.
fn errors(text: &str) -> Vec<(usize, String)> {
    let (front, diagnostics) = run(text);
    assert!(front.is_none(), "expected errors in {text}");
    diagnostics
        .sorted()
        .iter()
        .map(|item| (item.line.unwrap(), item.message.clone()))
        .collect()
}

const FULL: &str = r#"+++
title = "Agents"
description = "Abstract."
date = 2026-11-24
updated = "2026-11-25"
authors = ["Ada", "Lin"]

[taxonomies]
tags = ["llm", "agents", "llm"]

[extra]
source = "Example News"
views = 3412

[[extra.faq]]
q = "Why?"
a = "Because."

[[extra.comments]]
author = "Kim"
date = 2026-11-26
text = "Nice."
+++
Body
"#;

#[test]
fn reads_every_key() {
    let (front, diagnostics) = run(FULL);
    assert_eq!(diagnostics.error_count(), 0);
    let front = front.unwrap();
    assert_eq!(front.title, "Agents");
    assert_eq!(format_date(front.date.value), "2026-11-24");
    assert_eq!(front.date.line, 4);
    assert_eq!(front.updated.unwrap().line, 5);
    let tags = front.tags.unwrap();
    assert_eq!(tags.value, ["agents", "llm"]);
    assert_eq!(tags.line, 9);
    assert_eq!(front.views.unwrap().value, 3412);
    assert_eq!(front.source.as_deref(), Some("Example News"));
    assert_eq!(front.faq, [("Why?".to_string(), "Because.".to_string())]);
    assert_eq!(front.comments[0].date, "2026-11-26");
}

#[test]
fn toml_syntax_error_points_at_its_line() {
    let found = errors("+++\ntitle = \"x\"\ndescription = \"unclosed\ndate = 2026-01-01\n+++\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 3);
    assert!(found[0].1.starts_with("invalid TOML"));
}

#[test]
fn unknown_keys_are_errors_at_their_line() {
    let found =
        errors("+++\ntitle = \"x\"\ndescription = \"y\"\ndate = 2026-01-01\ntitel = \"z\"\n+++\n");
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("unknown key `titel`"), "{found:?}");
    let found = errors(
        "+++\ntitle = \"x\"\ndescription = \"y\"\ndate = 2026-01-01\n[extra]\nsorce = \"z\"\n+++\n",
    );
    assert_eq!(found[0].0, 6);
    assert!(found[0].1.contains("sorce"));
}

#[test]
fn every_missing_required_key_is_reported() {
    let found = errors("+++\nauthors = []\n+++\n");
    let messages: Vec<&str> = found.iter().map(|(_, message)| message.as_str()).collect();
    assert_eq!(found.len(), 3, "{messages:?}");
    assert!(messages.iter().any(|message| message.contains("`title`")));
    assert!(messages
        .iter()
        .any(|message| message.contains("`description`")));
    assert!(messages.iter().any(|message| message.contains("`date`")));
    assert!(found.iter().all(|(line, _)| *line == 1));
}

#[test]
fn empty_title_is_an_error() {
    let found = errors("+++\ndescription = \"y\"\ntitle = \"  \"\ndate = 2026-01-01\n+++\n");
    assert_eq!(found, [(3, "`title` is empty".to_string())]);
}

#[test]
fn impossible_date_is_an_error_at_its_line() {
    let found = errors("+++\ntitle = \"x\"\ndescription = \"y\"\n\ndate = \"2026-02-30\"\n+++\n");
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("not a real calendar date"));
}

#[test]
fn updated_before_date_is_an_error() {
    let found = errors(
        "+++\ntitle = \"x\"\ndescription = \"y\"\ndate = 2026-03-01\nupdated = 2026-02-01\n+++\n",
    );
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("before `date`"));
}

#[test]
fn negative_views_and_wrong_types_are_errors() {
    let found = errors(
        "+++\ntitle = \"x\"\ndescription = \"y\"\ndate = 2026-03-01\n[extra]\nviews = -3\n+++\n",
    );
    assert_eq!(found[0].0, 6);
    let found = errors(
        "+++\ntitle = \"x\"\ndescription = \"y\"\ndate = 2026-03-01\nauthors = \"Ada\"\n+++\n",
    );
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("invalid type"), "{found:?}");
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let found = errors("+++\ntitle = \"\"\ndescription = \"y\"\ndate = \"soon\"\n+++\n");
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].0, found[1].0), (2, 4));
}

/// Tags become `/?tag=…` links: a bidi override or a zero-width space in one could
/// make two tags look alike, and `&` or `#` would break the link.
#[test]
fn tags_follow_the_slug_rule() {
    let text = "+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2026-01-01\n[taxonomies]\ntags = [\"ok-1\", \"LLM\", \"a\u{202E}b\", \"x&y\"]\n+++\n";
    let found = errors(text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().all(|(line, _)| *line == 6));
    assert!(found
        .iter()
        .any(|(_, message)| message.contains("tag `a\\u{202e}b` may only use")));
}
