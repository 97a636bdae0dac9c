//! Tests of the HTML mapping: each kept element, what is dropped, and hostile input.

use std::collections::BTreeMap;
use std::path::Path;

use duet_core::{spans_text, Block, Span};

use super::*;
use crate::diagnostics::Diagnostics;
use crate::media::Media;
use crate::source::SourceFile;

/// Maps `html` as an HTML block; gives the blocks and the diagnostics' text.
fn map(html: &str) -> (Vec<Block>, String) {
    let file = SourceFile::new(Path::new("/none/a/index.en.md"), html.to_string());
    let mut media = Media::new("a", Path::new("/none"));
    let mut diagnostics = Diagnostics::default();
    let mut context = Context::new(&file, 0, &mut media, &mut diagnostics);
    let notes = BTreeMap::new();
    let mut dropped = Dropped::default();
    let document = parse(html);
    count_event_attributes(&document, &mut dropped, 1);
    let blocks = Mapper {
        context: &mut context,
        line: 1,
        notes: &notes,
        dropped: &mut dropped,
    }
    .blocks(fragment_root(&document), 0);
    dropped.report(&mut context);
    (blocks, format!("{diagnostics:?}"))
}

fn only_spans(html: &str) -> Vec<Span> {
    let (blocks, _) = map(html);
    match blocks.as_slice() {
        [Block::Paragraph { sentences, .. }] => sentences.concat(),
        other => panic!("not one paragraph: {other:?}"),
    }
}

#[test]
fn inline_elements_become_marks() {
    let spans = only_spans(
        "Press <kbd>Ctrl</kbd>, H<sub>2</sub>O, x<sup>2</sup>, <mark>hot</mark>, <small>fine</small>, <abbr title=\"HyperText\">HTML</abbr>, <b>b</b> <i>i</i> <code>c</code>",
    );
    let find = |text: &str| spans.iter().find(|span| span.text == text).unwrap().clone();
    assert!(find("Ctrl").kbd);
    assert!(find("2").sub || find("2").sup);
    assert!(find("hot").mark);
    assert!(find("fine").small);
    assert_eq!(find("HTML").abbr.as_deref(), Some("HyperText"));
    assert!(find("b").strong);
    assert!(find("i").em);
    assert!(find("c").code);
}

#[test]
fn details_summary_figure_and_table_keep_their_structure() {
    let (blocks, _) = map("<details><summary>More</summary><p>Hidden text.</p></details>");
    let [Block::Details { summary, blocks }] = blocks.as_slice() else {
        panic!("{blocks:?}");
    };
    assert_eq!(spans_text(summary), "More");
    assert_eq!(blocks.len(), 1);

    let (blocks, _) = map(
        "<figure><pre>fn main() {}</pre><figcaption>A <em>tiny</em> program</figcaption></figure>",
    );
    let [Block::Figure { blocks, caption }] = blocks.as_slice() else {
        panic!("{blocks:?}");
    };
    assert_eq!(spans_text(caption), "A tiny program");
    assert!(matches!(blocks[0], Block::Code { .. }));

    let (blocks, _) = map(
        "<table><thead><tr><th>Key</th><th>Use</th></tr></thead><tbody><tr><td>F1</td><td>help</td></tr></tbody></table>",
    );
    let [Block::Table { head, rows, .. }] = blocks.as_slice() else {
        panic!("{blocks:?}");
    };
    assert_eq!(spans_text(&head[1]), "Use");
    assert_eq!(spans_text(&rows[0][0]), "F1");
}

#[test]
fn unknown_elements_keep_their_text_and_count_once_per_file() {
    let (blocks, diagnostics) =
        map("<center><font color=red>one</font> <font>two</font> <u>three</u></center>");
    let text: String = blocks
        .iter()
        .map(duet_core::search::passages::block_text)
        .collect();
    assert_eq!(text, "one two three");
    assert!(diagnostics.contains("font ×2"), "{diagnostics}");
    assert!(diagnostics.contains("u ×1"), "{diagnostics}");
    assert_eq!(diagnostics.matches("HTML:").count(), 1, "{diagnostics}");
}

/// Hostile input: scripts, frames and event attributes must never reach the model.
#[test]
fn scripts_frames_and_event_attributes_go() {
    let (blocks, diagnostics) = map(
        "<p onclick=\"alert(1)\">safe</p><script>alert(2)</script><iframe src=\"https://x\">f</iframe><style>p{}</style><object>o</object><embed src=x>",
    );
    let text: String = blocks
        .iter()
        .map(duet_core::search::passages::block_text)
        .collect();
    assert_eq!(text, "safe");
    for name in ["script", "iframe", "style", "object", "embed", "onclick="] {
        assert!(diagnostics.contains(name), "{name}: {diagnostics}");
    }
}

/// Hostile input: `javascript:` links lose their target and images their source.
#[test]
fn javascript_urls_in_links_and_images_are_dropped() {
    let spans = only_spans(
        "<a href=\"javascript:alert(1)\">click</a> and <a href=\"https://example.com/\">ok</a>",
    );
    assert!(spans[0].text.starts_with("click"));
    assert_eq!(spans[0].href, None);
    assert_eq!(
        spans
            .iter()
            .find(|span| span.text == "ok")
            .unwrap()
            .href
            .as_deref(),
        Some("https://example.com/")
    );
    let (blocks, diagnostics) = map("<img src=\"javascript:alert(1)\" alt=\"a cat\">");
    assert_eq!(blocks.len(), 1);
    assert_eq!(duet_core::search::passages::block_text(&blocks[0]), "a cat");
    assert!(!matches!(blocks[0], Block::Image { .. }));
    assert!(diagnostics.contains("javascript"), "{diagnostics}");
}

/// Guards against a stack overflow: 10,000 nested elements are walked without
/// recursion past the nesting limit, and their text is kept.
#[test]
fn ten_thousand_nested_elements_keep_their_text() {
    let depth = 10_000;
    let html = format!(
        "{}deep text{}",
        "<div><span>".repeat(depth),
        "</span></div>".repeat(depth)
    );
    let (blocks, _) = map(&html);
    let text: String = blocks
        .iter()
        .map(duet_core::search::passages::block_text)
        .collect();
    assert_eq!(text, "deep text");
    let html = format!(
        "{}deep{}",
        "<details>".repeat(depth),
        "</details>".repeat(depth)
    );
    let (blocks, _) = map(&html);
    let text: String = blocks
        .iter()
        .map(duet_core::search::passages::block_text)
        .collect();
    assert!(text.contains("deep"));
}

#[test]
fn lists_quotes_headings_rules_and_pre() {
    let (blocks, _) = map(
        "<h3>Title</h3><ul><li>one</li><li>two</li></ul><blockquote>said</blockquote><hr><pre class=\"language-rust\">let x = 1;</pre>",
    );
    assert!(matches!(blocks[0], Block::Heading { level: 3, .. }));
    assert!(matches!(&blocks[1], Block::List { items, .. } if items.len() == 2));
    assert!(matches!(blocks[2], Block::Quote { .. }));
    assert_eq!(blocks[3], Block::Rule);
    assert_eq!(
        blocks[4],
        Block::Code {
            lang: Some("rust".into()),
            text: "let x = 1;".into()
        }
    );
}
