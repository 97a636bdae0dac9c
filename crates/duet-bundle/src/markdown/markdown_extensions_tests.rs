//! Tests of the Markdown extensions real sites use: footnotes, alerts, heading ids,
//! task lists, definition lists, `<!--more-->`, math, and HTML around Markdown.

use std::path::Path;

use duet_core::{spans_text, Block, Span};

use super::*;

fn convert(body: &str) -> (Vec<Block>, String) {
    let file = SourceFile::new(Path::new("/nonexistent/a/index.en.md"), body.to_string());
    let mut media = Media::new("a", Path::new("/nonexistent"));
    let mut diagnostics = Diagnostics::default();
    let mut context = Context::new(&file, 0, &mut media, &mut diagnostics);
    let blocks = to_blocks(&file.text, &mut context);
    (
        blocks.into_iter().map(|block| block.value).collect(),
        format!("{diagnostics:?}"),
    )
}

fn all_spans(block: &Block) -> Vec<Span> {
    match block {
        Block::Paragraph { sentences, .. } => sentences.concat(),
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_collected_at_the_end() {
    let (blocks, _) = convert(
        "Second[^b] and first[^a] again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n\n[^c]: Never cited.\n\nAfter.\n",
    );
    let spans = all_spans(&blocks[0]);
    let notes: Vec<(String, Option<u32>)> = spans
        .iter()
        .filter(|span| span.note.is_some())
        .map(|span| (span.text.clone(), span.note))
        .collect();
    assert_eq!(
        notes,
        [
            ("1".to_string(), Some(1)),
            ("2".to_string(), Some(2)),
            ("1".to_string(), Some(1))
        ]
    );
    assert_eq!(all_spans(&blocks[1])[0].text, "After.");
    let Some(Block::Notes { notes }) = blocks.last() else {
        panic!("{blocks:?}");
    };
    let texts: Vec<(u32, String)> = notes
        .iter()
        .map(|note| {
            (
                note.number,
                duet_core::search::passages::block_text(&note.blocks[0]),
            )
        })
        .collect();
    assert_eq!(
        texts,
        [
            (1, "Note B.".to_string()),
            (2, "Note A.".to_string()),
            (3, "Never cited.".to_string())
        ]
    );
}

#[test]
fn github_alerts_become_callouts_of_each_kind() {
    for kind in duet_core::CALLOUT_KINDS {
        let body = format!("> [!{}]\n> Mind the gap.\n", kind.to_uppercase());
        let (blocks, _) = convert(&body);
        let [Block::Callout {
            kind: found,
            blocks,
        }] = blocks.as_slice()
        else {
            panic!("{blocks:?}");
        };
        assert_eq!(found, kind);
        assert_eq!(spans_text(&all_spans(&blocks[0])), "Mind the gap.");
    }
    // A plain quote stays a quote.
    let (blocks, _) = convert("> Just a quote.\n");
    assert!(matches!(blocks[0], Block::Quote { .. }));
}

#[test]
fn heading_ids_are_kept_and_removed_from_the_text() {
    let (blocks, _) = convert("## Getting Started {#start-here}\n");
    assert_eq!(
        blocks[0],
        Block::Heading {
            level: 2,
            spans: vec![Span::plain("Getting Started")],
            id: Some("start-here".into())
        }
    );
}

#[test]
fn task_lists_keep_their_boxes() {
    let (blocks, _) = convert("- [x] done\n- [ ] to do\n- plain\n");
    let [Block::List { items, checked, .. }] = blocks.as_slice() else {
        panic!("{blocks:?}");
    };
    assert_eq!(checked, &[Some(true), Some(false), None]);
    assert_eq!(spans_text(&all_spans(&items[0][0])), "done");
    let (blocks, _) = convert("- a\n- b\n");
    assert!(matches!(&blocks[0], Block::List { checked, .. } if checked.is_empty()));
}

#[test]
fn definition_lists_pair_terms_and_definitions() {
    let (blocks, _) = convert("Latency\n: The wait.\n: Also delay.\n\nThroughput\n: The rate.\n");
    let [Block::Definitions { terms }] = blocks.as_slice() else {
        panic!("{blocks:?}");
    };
    assert_eq!(terms.len(), 2);
    assert_eq!(spans_text(&terms[0].term), "Latency");
    assert_eq!(terms[0].details.len(), 2);
    assert_eq!(spans_text(&terms[1].term), "Throughput");
}

#[test]
fn more_marker_is_dropped_silently() {
    let (blocks, diagnostics) = convert("Summary.\n\n<!--more-->\n\nRest. <!-- more --> here\n");
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert_eq!(spans_text(&all_spans(&blocks[1])), "Rest. here");
    assert!(!diagnostics.contains("Warning"), "{diagnostics}");
    assert!(!diagnostics.contains("more"), "{diagnostics}");
}

#[test]
fn math_becomes_mathml_with_its_source_kept() {
    let (blocks, _) = convert("Energy $E=mc^2$ here.\n\n$$\n\\frac{1}{2}\n$$\n");
    let spans = all_spans(&blocks[0]);
    let formula = spans.iter().find(|span| span.math.is_some()).unwrap();
    assert_eq!(formula.text, "E=mc^2");
    let Block::Math { tex, math } = &blocks[1] else {
        panic!("{blocks:?}");
    };
    assert_eq!(tex.trim(), "\\frac{1}{2}");
    assert_eq!(math[0].name, "mfrac");
}

#[test]
fn a_formula_that_does_not_convert_stays_as_code() {
    let (blocks, _) = convert("Broken $\\notacommand{x}$ formula.\n");
    let spans = all_spans(&blocks[0]);
    assert!(
        spans
            .iter()
            .any(|span| span.code && span.text.contains("notacommand")),
        "{spans:?}"
    );
}

#[test]
fn inline_html_around_markdown_keeps_its_marks() {
    let (blocks, diagnostics) = convert(
        "Press <kbd>**Ctrl**</kbd> then H<sub>2</sub>O, see [docs](https://example.com/).\n",
    );
    let spans = all_spans(&blocks[0]);
    let ctrl = spans.iter().find(|span| span.text == "Ctrl").unwrap();
    assert!(ctrl.kbd && ctrl.strong);
    assert!(spans.iter().any(|span| span.text == "2" && span.sub));
    let docs = spans.iter().find(|span| span.text == "docs").unwrap();
    assert_eq!(docs.href.as_deref(), Some("https://example.com/"));
    assert!(!diagnostics.contains("HTML:"), "{diagnostics}");
}

#[test]
fn details_across_markdown_blocks_hold_them() {
    let (blocks, _) = convert(
        "<details>\n<summary>Show the *answer*</summary>\n\nIt is **42**.\n\n- one\n\n</details>\n\nAfter.\n",
    );
    let [Block::Details {
        summary,
        blocks: inner,
    }, after] = blocks.as_slice()
    else {
        panic!("{blocks:?}");
    };
    assert_eq!(spans_text(summary), "Show the *answer*");
    assert_eq!(inner.len(), 2, "{inner:?}");
    assert!(matches!(inner[1], Block::List { .. }));
    assert_eq!(spans_text(&all_spans(after)), "After.");
}

#[test]
fn html_warnings_are_one_line_per_file_with_counts() {
    let (_, diagnostics) = convert("<font>a</font>\n\nx <font>b</font> <blink>c</blink>\n");
    assert_eq!(diagnostics.matches("HTML:").count(), 1, "{diagnostics}");
    assert!(diagnostics.contains("font ×2"), "{diagnostics}");
    assert!(diagnostics.contains("blink ×1"), "{diagnostics}");
}
