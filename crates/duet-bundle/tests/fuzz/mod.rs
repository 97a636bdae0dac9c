//! Property-based fuzzing: the bundler never panics, whatever the input. Arbitrary
//! bytes, arbitrary strings, and strings built from Markdown- and TOML-significant
//! pieces go through the front matter path, the Markdown path, and the whole
//! pipeline on a temporary content folder; each run must end in a bundle or in
//! diagnostics. What does get through must also pass `checks::check_article` (and
//! `checks::check_glossary` when the whole pipeline ran).
//!
//! The case counts keep this under about 20 s in a debug build. A long session:
//! `PROPTEST_CASES=20000 cargo test -p duet-bundle --release --test bundle fuzz::`.
//! Failures proptest finds are saved under `proptest-regressions/fuzz/` and replayed
//! first on every run; crashers worth keeping for good are plain tests in `crashers`.

mod crashers;

use std::path::Path;

use duet_bundle::article::assemble;
use duet_bundle::diagnostics::Diagnostics;
use duet_bundle::document::{self, Document};
use duet_bundle::front_matter;
use duet_bundle::media::Media;
use duet_bundle::pipeline;
use duet_bundle::source::{split_front_matter, SourceFile};
use duet_core::decode::decode_article;
use duet_core::{article_path, glossary_path, Bilingual};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

use crate::checks::{check_article, check_glossary};

/// `cases` cases (or `PROPTEST_CASES`), failures saved to `proptest-regressions/fuzz/<name>.txt`.
macro_rules! config {
    ($cases:expr, $name:literal) => {
        Config {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|cases| cases.parse().ok())
                .unwrap_or($cases),
            failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/proptest-regressions/fuzz/",
                $name,
                ".txt"
            )))),
            ..Config::default()
        }
    };
}

/// Pieces that mean something to CommonMark, to our inline handling, or to a reader
/// of hostile text; glued together they reach far more code than random characters.
const MARKDOWN_PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "    ",
    "\t",
    "+++",
    "+++\n",
    "---\n",
    "# ",
    "## ",
    "###### ",
    "####### ",
    "=\n",
    "-\n",
    "> ",
    ">",
    "> > ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "0. ",
    "99999999999999999999. ",
    "\n  - ",
    "\n    - ",
    "\n      1. ",
    "\n   > ",
    "- [ ] ",
    "- [x] ",
    "```",
    "```rust\n",
    "~~~",
    "`",
    "``",
    "    code\n",
    "|",
    "| a | b |\n",
    "|---|:-:|\n",
    "|:--|--:|\n",
    "[x](y)",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:x)",
    "[x](java\tscript:x)",
    "[x](&#106;avascript:x)",
    "[x](data:text/html,x)",
    "[x](vbscript:x)",
    "[x](<a b>)",
    "[x](#a)",
    "[x](/a)",
    "[x](mailto:a@b)",
    "[x]: javascript:y\n",
    "[x]",
    "![i](p)",
    "![i](pic.png)",
    "![i](../pic.png)",
    "![i](/pic.png)",
    "![i](%2e%2e/pic.png)",
    "![i](../../../../../../etc/passwd)",
    "![i](https://x.org/a.png)",
    "![i](//x.org/a.png)",
    "![i](data:image/png;base64,AA)",
    "![",
    "](",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<div>\n",
    "</div>",
    "<!-- c -->",
    "<!--",
    "<br>",
    "<br/>",
    "<http://a.b>",
    "<javascript:x>",
    "**",
    "*",
    "_",
    "__",
    "~~",
    "~",
    "\\",
    "&amp;",
    "&#0;",
    "&#x202E;",
    "&colon;",
    "[^1]",
    "[^1]: n\n",
    "$x$",
    "中文",
    "句子。",
    "他说：“好。”",
    "！",
    "？",
    "……",
    "Hello. ",
    "World",
    "e.g. ",
    "U.S. ",
    "a",
    "Z",
    "1",
    ".",
    "!",
    "?",
    "\u{0301}",
    "e\u{0301}\u{0302}\u{0303}",
    "\u{202E}",
    "\u{202D}",
    "\u{2066}",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{E000}",
    "\0",
    "\u{1F600}",
    "\u{10FFFF}",
    "style=\"x\"",
    "}body{display:none}",
    "expression(alert(1))",
    "url(javascript:x)",
];

/// Pieces of TOML front matter: every key we read, values of every type and some
/// that are wrong, and the syntax that could confuse a parser or the line counting.
const TOML_PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    " ",
    "title = ",
    "description = ",
    "date = ",
    "updated = ",
    "authors = ",
    "views = ",
    "source = ",
    "tags = ",
    "[taxonomies]\n",
    "[extra]\n",
    "[[extra.faq]]\n",
    "q = ",
    "a = ",
    "[[extra.comments]]\n",
    "author = ",
    "text = ",
    "\"x\"",
    "\"\"",
    "\"中文\"",
    "\"\u{202E}\"",
    "\"\\u0000\"",
    "\"\\\"",
    "'x'",
    "\"\"\"",
    "'''",
    "2026-01-01",
    "2026-02-30",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "0000-01-01",
    "9999-12-31",
    "1",
    "-1",
    "0",
    "9223372036854775807",
    "-9223372036854775808",
    "1e999",
    "nan",
    "inf",
    "true",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    ".",
    "#",
    "\\",
    "+++",
    "[\"a\", \"b\"]",
    "[\"A B\"]",
    "[\"\u{200B}\"]",
    "{ a = 1 }",
    "\0",
    "中文",
    "a.b.c = 1",
    "[[",
    "]]",
];

fn piece(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(pieces).prop_map(str::to_string),
        1 => any::<String>(),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A list nested `depth` deep, alternating bullets and numbers, or quotes.
fn nesting() -> impl Strategy<Value = String> {
    (1..40usize, any::<bool>()).prop_map(|(depth, quotes)| {
        if quotes {
            format!("{}deep\n", "> ".repeat(depth))
        } else {
            (0..depth)
                .map(|level| {
                    let marker = if level % 2 == 0 { "-" } else { "1." };
                    format!("{}{marker} level {level}\n", "   ".repeat(level))
                })
                .collect()
        }
    })
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![20 => piece(MARKDOWN_PIECES), 1 => nesting()],
        0..80,
    )
    .prop_map(|pieces| pieces.concat())
}

fn toml_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(TOML_PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

/// Pieces of YAML front matter: keys Duet reads, Hugo's, indentation, lists, flow
/// collections, anchors and aliases, tags and document markers.
const YAML_PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "- ",
    "title: ",
    "date: ",
    "lastmod: ",
    "tags: ",
    "categories: ",
    "draft: ",
    "extra:",
    "views: ",
    "faq:",
    "comments:",
    "q: ",
    "a: ",
    "author: ",
    "translationKey: ",
    "2026-01-01",
    "2026-02-30T08:00:00+08:00",
    "true",
    "null",
    "~",
    "-3",
    "1e999",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!custom ",
    "\"",
    "'",
    "|",
    ">",
    "#",
    "---",
    "...",
    "第4章",
    "\u{202e}",
];

fn yaml_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(YAML_PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

const VALID_FRONT: &str = "title = \"T\"\ndescription = \"D\"\ndate = 2026-01-01\n\
    [taxonomies]\ntags = [\"a\"]\n[[extra.faq]]\nq = \"Q\"\na = \"A\"\n";

/// Front matter that is valid most of the time, so the body is looked at too.
fn front() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just(VALID_FRONT.to_string()), 1 => toml_text()]
}

/// A whole language file: front matter and body, or (sometimes) anything at all.
fn file_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (front(), markdown()).prop_map(|(front, body)| format!("+++\n{front}+++\n{body}")),
        1 => markdown(),
    ]
}

/// Arbitrary bytes, or a language file with a few bytes overwritten (so that it is
/// mostly valid UTF-8 and reaches past the decoding step).
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..400),
        3 => (file_text(), prop::collection::vec((any::<usize>(), any::<u8>()), 0..4)).prop_map(
            |(text, changes)| {
                let mut bytes = text.into_bytes();
                for (at, byte) in changes {
                    if !bytes.is_empty() {
                        let at = at % bytes.len();
                        bytes[at] = byte;
                    }
                }
                bytes
            }
        ),
    ]
}

/// Parses `text` as `content/<slug>/index.<lang>.md` of a content folder that does
/// not exist (images are then reported missing, which is a diagnostic like any).
pub fn parse(text: &str, diagnostics: &mut Diagnostics) -> Option<Document> {
    let content = Path::new("/nonexistent-duet-fuzz/content");
    let file = SourceFile::new(&content.join("a/index.en.md"), text.to_string());
    let mut media = Media::new("a", content);
    document::parse(&file, &mut media, diagnostics)
}

/// Parses both files and, when both are fine, assembles and checks the article.
pub fn assemble_and_check(zh: &str, en: &str) {
    let mut diagnostics = Diagnostics::default();
    let documents = Bilingual {
        zh: parse(zh, &mut diagnostics),
        en: parse(en, &mut diagnostics),
    };
    if documents.zh.is_some() || documents.en.is_some() {
        let article = assemble("a", &documents, &mut diagnostics);
        check_article(&article);
    }
    // Every diagnostic prints without trouble.
    for diagnostic in diagnostics.sorted() {
        assert!(!diagnostic.to_string().is_empty());
    }
}

proptest! {
    #![proptest_config(config!(10_000, "front_matter"))]

    #[test]
    fn front_matter_never_panics(text in toml_text()) {
        let file = SourceFile::new(Path::new("a/index.en.md"), format!("+++\n{text}\n+++\nx"));
        let mut diagnostics = Diagnostics::default();
        if let Ok(parts) = split_front_matter(&file.text) {
            front_matter::parse(&file, &parts, &mut diagnostics);
        }
    }
}

proptest! {
    #![proptest_config(config!(5_000, "yaml_front_matter"))]

    #[test]
    fn yaml_front_matter_never_panics(text in yaml_text()) {
        let file = SourceFile::new(Path::new("a/index.en.md"), format!("---\n{text}\n---\nx"));
        let mut diagnostics = Diagnostics::default();
        if let Ok(parts) = split_front_matter(&file.text) {
            front_matter::parse(&file, &parts, &mut diagnostics);
        }
        for diagnostic in diagnostics.sorted() {
            prop_assert!(diagnostic.line.is_some_and(|line| line >= 1));
        }
    }
}

proptest! {
    #![proptest_config(config!(10_000, "markdown"))]

    #[test]
    fn markdown_never_panics(zh in file_text(), en in file_text()) {
        assemble_and_check(&zh, &en);
    }
}

proptest! {
    #![proptest_config(config!(5_000, "bytes"))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in bytes()) {
        let all = bytes;
        let mut diagnostics = Diagnostics::default();
        if let Some(file) = SourceFile::decode(Path::new("a/index.zh.md"), all, &mut diagnostics) {
            assemble_and_check(&file.text, "+++\n+++\n");
        }
    }
}

/// File names of articles, and names the bundler must warn about or refuse.
const GOOD_NAMES: &[&str] = &[
    "a/index.zh.md",
    "a/index.en.md",
    "b.zh.md",
    "b.en.md",
    "c/index.en.md",
];
const ODD_NAMES: &[&str] = &[
    "a.en.md",
    "Bad/index.zh.md",
    "d/index.fr.md",
    "notes.md",
    "中文.en.md",
    "e.EN.md",
    "f/index.ZH.md",
    "x.y.zh.md",
    "-.en.md",
    "g/sub/index.en.md",
];

fn file_name() -> impl Strategy<Value = &'static str> {
    prop_oneof![6 => prop::sample::select(GOOD_NAMES), 1 => prop::sample::select(ODD_NAMES)]
}

const VALID_SITE: &str = "base_path = \"/duet\"\n[title]\nzh = \"双语\"\nen = \"Duet\"\n\
    [[nav]]\nhref = \"/\"\n[nav.label]\nen = \"Home\"\n[tags.a]\nen = \"A\"\n";

fn site_toml() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        6 => Just(Some(VALID_SITE.to_string())),
        1 => toml_text().prop_map(Some),
        1 => Just(None),
    ]
}

proptest! {
    #![proptest_config(config!(200, "pipeline"))]

    #[test]
    fn whole_build_never_panics(
        site in site_toml(),
        files in prop::collection::vec((file_name(), file_text()), 1..5),
    ) {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        // The images the Markdown pieces name, beside every article that may use them.
        for folder in ["", "a", "c"] {
            std::fs::create_dir_all(content.join(folder)).unwrap();
            for image in ["p", "pic.png"] {
                std::fs::write(content.join(folder).join(image), b"png").unwrap();
            }
        }
        if let Some(site) = site {
            std::fs::write(content.join("site.toml"), site).unwrap();
        }
        for (name, text) in files {
            let path = content.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut diagnostics = Diagnostics::default();
        let bundle = pipeline::load(&content, &mut diagnostics).expect("no I/O failure");
        for diagnostic in diagnostics.sorted() {
            assert!(!diagnostic.to_string().is_empty());
        }
        if let (Some(bundle), false) = (bundle, diagnostics.has_errors()) {
            let out = root.path().join("out");
            drop(bundle);
            let outcome = duet_bundle::commands::build(&content, Some(&out)).expect("bundle written");
            assert_eq!(outcome, duet_bundle::Outcome::Success, "check passed, so build must");
            let catalog = duet_bundle::bundle_file::read_catalog(&out).expect("catalog decodes");
            for meta in &catalog.articles {
                let name = article_path(&meta.slug);
                let text = duet_bundle::bundle_file::read_to_string(out.join(&name)).unwrap();
                let article = decode_article(&name, &text).expect("article decodes");
                check_article(&article);
                let glossary = duet_bundle::bundle_file::read_to_string(out.join(glossary_path(&meta.slug)));
                check_glossary(&article, glossary.ok().as_deref());
            }
        }
    }
}
