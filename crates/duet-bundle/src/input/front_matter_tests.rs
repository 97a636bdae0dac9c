//! Tests of front matter parsing: every key, and every error kind at its line.

use std::path::Path;

use super::*;
use crate::source::split_front_matter;

fn run(text: &str) -> (Option<FrontMatter>, Diagnostics) {
    let file = SourceFile::new(Path::new("a/index.en.md"), text.to_string());
    let parts = split_front_matter(&file.text).unwrap();
    let mut diagnostics = Diagnostics::default();
    let front = parse(&file, &parts, &mut diagnostics);
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

/// `(line, message)` of every warning of a file that parses.
fn warnings(text: &str) -> (FrontMatter, Vec<(usize, String)>) {
    let (front, diagnostics) = run(text);
    assert_eq!(diagnostics.error_count(), 0, "{:?}", diagnostics.sorted());
    let found = diagnostics
        .sorted()
        .iter()
        .map(|item| (item.line.unwrap(), item.message.clone()))
        .collect();
    (front.unwrap(), found)
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
    assert_eq!(front.title.unwrap().value, "Agents");
    let date = front.date.unwrap();
    assert_eq!(format_date(date.value), "2026-11-24");
    assert_eq!(date.line, 4);
    assert_eq!(front.updated.unwrap().line, 5);
    let tags = front.tags.unwrap();
    assert_eq!(tags.value, ["agents", "llm"]);
    assert_eq!(tags.line, 9);
    assert_eq!(front.views.unwrap().value, 3412);
    assert_eq!(front.source.as_deref(), Some("Example News"));
    assert_eq!(front.faq, [("Why?".to_string(), "Because.".to_string())]);
    assert_eq!(front.comments[0].date, "2026-11-26");
    assert!(!front.draft);
    assert!(front.ignored.is_empty());
}

const YAML: &str = "---\ntitle: Agents\ndate: 2026-11-24T08:00:00+08:00\nlastmod: \"2026-11-25\"\nauthor: Ada\ntags: [AI, OpenAI]\ncategories:\n  - 第4章\ntranslationKey: agents\nweight: 3\nextra:\n  views: 12\n  math: true\n  faq:\n    - q: Why?\n      a: Because.\n---\nBody\n";

#[test]
fn reads_yaml_with_hugo_keys() {
    let (front, found) = warnings(YAML);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(front.title.unwrap().line, 2);
    assert_eq!(format_date(front.date.unwrap().value), "2026-11-24");
    let updated = front.updated.unwrap();
    assert_eq!(
        (format_date(updated.value).as_str(), updated.line),
        ("2026-11-25", 4)
    );
    assert_eq!(front.authors, ["Ada"]);
    assert_eq!(front.tags.unwrap().value, ["AI", "OpenAI", "第4章"]);
    assert_eq!(front.translation_key.as_deref(), Some("agents"));
    assert_eq!(front.views.unwrap().value, 12);
    assert_eq!(front.faq.len(), 1);
    let ignored: Vec<(&str, usize)> = front
        .ignored
        .iter()
        .map(|key| (key.value.as_str(), key.line))
        .collect();
    assert_eq!(ignored, [("weight", 10), ("extra.math", 13)]);
}

#[test]
fn yaml_errors_point_at_their_line() {
    let found = errors("---\ntitle: x\ndate: 2026-01-01\ntags: [a, b\n---\nBody\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.starts_with("invalid YAML"), "{found:?}");
    assert!((4..=5).contains(&found[0].0), "{found:?}");
    let found = errors("---\ntitle: x\ndate: soon\n---\nBody\n");
    assert_eq!(found[0].0, 3);
}

#[test]
fn toml_syntax_error_points_at_its_line() {
    let found = errors("+++\ntitle = \"x\"\ndescription = \"unclosed\ndate = 2026-01-01\n+++\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 3);
    assert!(found[0].1.starts_with("invalid TOML"));
}

/// Guards real sites: `[extra]` is free-form in Zola, and Zola and Hugo define many
/// top-level keys; each used to be an error, so no real site built.
#[test]
fn other_keys_are_ignored_and_near_misses_warned() {
    let (front, found) = warnings(
        "+++\ntitle = \"x\"\nweight = 3\naliases = [\"/old\"]\ntemplate = \"page.html\"\ndraft = false\nin_search_index = true\ntitel = \"z\"\n[extra]\nmath = true\ntoc = { depth = 2 }\nsorce = \"z\"\ncomment = false\n+++\n",
    );
    assert_eq!(
        found,
        [
            (
                8,
                "unknown key `titel` ignored; did you mean `title`?".to_string()
            ),
            (
                12,
                "unknown key `extra.sorce` ignored; did you mean `extra.source`?".to_string()
            ),
        ]
    );
    let ignored: Vec<&str> = front.ignored.iter().map(|key| key.value.as_str()).collect();
    assert_eq!(
        ignored,
        [
            "aliases",
            "in_search_index",
            "template",
            "titel",
            "weight",
            "extra.comment",
            "extra.math",
            "extra.sorce",
            "extra.toc"
        ],
        "a theme's singular `extra.comment` is no misspelt `comments`"
    );
}

#[test]
fn title_description_and_date_may_be_missing() {
    let (front, found) = warnings("+++\nauthors = []\n+++\n");
    assert!(found.is_empty());
    assert!(front.title.is_none() && front.description.is_none() && front.date.is_none());
    let (front, _) = warnings("+++\ndescription = \"y\"\ntitle = \"  \"\n+++\n");
    assert!(front.title.is_none(), "a blank title counts as none");
    // Guards issue 16 finding 9: a title of zero-width characters passed the
    // empty-title check and showed as an invisible heading and link.
    let (front, _) = warnings("+++\ntitle = \"\u{200B}\u{FEFF} \u{2060}\"\n+++\n");
    assert!(front.title.is_none(), "an invisible title counts as none");
    let (front, _) = warnings("---\nsummary: From Hugo.\n---\n");
    assert_eq!(front.description.as_deref(), Some("From Hugo."));
}

#[test]
fn drafts_are_marked() {
    let (front, _) = warnings("+++\ntitle = \"x\"\ndraft = true\n+++\n");
    assert!(front.draft);
    let (front, _) = warnings("---\ndraft: \"false\"\n---\n");
    assert!(!front.draft, "a quoted boolean, as Hugo sites write it");
    let (front, _) = warnings("+++\ndraft = \"True\"\n+++\n");
    assert!(front.draft);
    let found = errors("+++\ndraft = \"maybe\"\n+++\n");
    assert_eq!(found[0].0, 2);
    assert!(
        found[0].1.contains("`draft` should be true or false"),
        "{found:?}"
    );
}

#[test]
fn impossible_date_is_an_error_at_its_line() {
    let found = errors("+++\ntitle = \"x\"\ndescription = \"y\"\n\ndate = \"2026-02-30\"\n+++\n");
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("not a real calendar date"));
}

#[test]
fn updated_before_date_is_a_warning_and_dropped() {
    let (front, found) = warnings(
        "+++\ntitle = \"x\"\ndescription = \"y\"\ndate = 2026-03-01\nupdated = 2026-02-01\n+++\n",
    );
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("before `date`"));
    assert!(front.updated.is_none());
}

#[test]
fn negative_views_and_wrong_types_are_errors() {
    let found = errors(
        "+++\ntitle = \"x\"\ndescription = \"y\"\ndate = 2026-03-01\n[extra]\nviews = -3\n+++\n",
    );
    assert_eq!(found[0].0, 6);
    let found = errors(
        "+++\ntitle = \"x\"\ndescription = \"y\"\ndate = 2026-03-01\nauthors = [[\"Ada\"]]\n+++\n",
    );
    assert_eq!(found[0].0, 5);
    assert!(
        found[0].1.contains("should be a list of texts"),
        "{found:?}"
    );
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let found = errors("+++\ntitle = [1]\ndescription = \"y\"\ndate = \"soon\"\n+++\n");
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].0, found[1].0), (2, 4));
}

/// Tags may be any text now, but a bidi override or a zero-width space in one could
/// make two tags look alike.
#[test]
fn tags_are_any_visible_text() {
    let (front, _) =
        warnings("+++\n[taxonomies]\ntags = [\"AI\", \"第4章\", \" AI \", \"x&y\"]\n+++\n");
    assert_eq!(front.tags.unwrap().value, ["AI", "x&y", "第4章"]);
    let found = errors("+++\n[taxonomies]\ntags = [\"ok\", \"a\u{202E}b\"]\n+++\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 3);
    assert!(
        found[0].1.contains("tag `a\\u{202e}b` holds invisible"),
        "{found:?}"
    );
}

/// Guards issue 16 finding 10: "duplicate key" did not say which key, and came
/// with the generic TOML-syntax hint.
#[test]
fn a_key_set_twice_is_named() {
    let found = errors("+++\ntitle = \"A\"\ndate = 2026-01-02\ntitle = \"B\"\n+++\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 4);
    assert_eq!(found[0].1, "`title` is set twice in the front matter");
}
