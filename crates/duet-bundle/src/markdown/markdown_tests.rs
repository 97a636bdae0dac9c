//! Tests of the Markdown to block mapping, one per block kind and per safety rule.

use std::path::Path;

use duet_core::{spans_text, Span};

use super::*;

/// Converts `body` of `folder/a/index.en.md` (front matter of two lines before it).
fn convert_in(folder: &Path, body: &str) -> (Vec<Located<Block>>, Diagnostics) {
    let text = format!("+++\n+++\n{body}");
    let file = SourceFile::new(&folder.join("a/index.en.md"), text);
    let mut media = Media::new("a", folder);
    let mut diagnostics = Diagnostics::default();
    let mut context = Context::new(&file, 8, &mut media, &mut diagnostics);
    let blocks = to_blocks(&file.text[8..], &mut context);
    (blocks, diagnostics)
}

fn convert(body: &str) -> (Vec<Block>, Diagnostics) {
    let (blocks, diagnostics) = convert_in(Path::new("/nonexistent"), body);
    (
        blocks.into_iter().map(|block| block.value).collect(),
        diagnostics,
    )
}

fn only(body: &str) -> Block {
    let (mut blocks, diagnostics) = convert(body);
    assert_eq!(diagnostics.error_count() + diagnostics.warning_count(), 0);
    assert_eq!(blocks.len(), 1, "{blocks:?}");
    blocks.remove(0)
}

fn sentence_texts(block: &Block) -> Vec<String> {
    match block {
        Block::Paragraph { sentences, .. } => sentences
            .iter()
            .map(|sentence| spans_text(sentence))
            .collect(),
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

#[test]
fn headings_keep_level_and_marks() {
    let block = only("## Hello *world*\n");
    let Block::Heading { level, spans, .. } = block else {
        panic!()
    };
    assert_eq!(level, 2);
    assert_eq!(spans[0], Span::plain("Hello "));
    assert!(spans[1].em);
}

#[test]
fn paragraphs_are_split_into_sentences_with_marks() {
    let block = only("One **bold. Two** three.\nFour `a.b` five.\n");
    assert_eq!(
        sentence_texts(&block),
        ["One bold. ", "Two three. ", "Four a.b five."]
    );
    let Block::Paragraph { sentences, .. } = block else {
        panic!()
    };
    assert!(sentences[1][0].strong);
    assert!(sentences[2][1].code);
}

#[test]
fn chinese_soft_breaks_join_without_space() {
    let block = only("第一行\n第二行。English\nline.\n");
    assert_eq!(sentence_texts(&block), ["第一行第二行。", "English line."]);
}

#[test]
fn hard_breaks_mark_the_span() {
    let block = only("line one\\\nline two\n");
    let Block::Paragraph { sentences, .. } = block else {
        panic!()
    };
    assert!(sentences[0][0].br);
    assert_eq!(sentences[0][0].text, "line one");
}

#[test]
fn quotes_hold_nested_blocks() {
    let block = only("> Quoted.\n>\n> - item\n");
    let Block::Quote { blocks } = block else {
        panic!()
    };
    assert!(matches!(blocks[0], Block::Paragraph { .. }));
    assert!(matches!(blocks[1], Block::List { .. }));
}

#[test]
fn tight_and_loose_list_items_become_paragraphs() {
    let block = only("3. first\n4. second\n   - nested\n");
    let Block::List {
        ordered,
        start,
        items,
        ..
    } = block
    else {
        panic!()
    };
    assert!(ordered);
    assert_eq!(start, Some(3));
    assert_eq!(sentence_texts(&items[0][0]), ["first"]);
    assert_eq!(items[1].len(), 2);
    assert!(matches!(
        &items[1][1],
        Block::List {
            ordered: false,
            start: None,
            ..
        }
    ));
    let Block::List { items, .. } = only("- a\n\n- b\n") else {
        panic!()
    };
    assert_eq!(sentence_texts(&items[1][0]), ["b"]);
}

#[test]
fn code_blocks_keep_language_and_text() {
    let block = only("```rust ignore\nfn main() {}\n```\n");
    assert_eq!(
        block,
        Block::Code {
            lang: Some("rust".into()),
            text: "fn main() {}".into()
        }
    );
    assert_eq!(
        only("    indented\n"),
        Block::Code {
            lang: None,
            text: "indented".into()
        }
    );
}

#[test]
fn tables_have_alignment_head_and_rows() {
    let block = only("| a | *b* |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n");
    let Block::Table { align, head, rows } = block else {
        panic!()
    };
    assert_eq!(align, [Align::Left, Align::Right]);
    assert_eq!(head[0], [Span::plain("a")]);
    assert!(head[1][0].em);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], [Span::plain("3")]);
}

#[test]
fn rule_is_a_block() {
    let (blocks, _) = convert("a\n\n---\n\nb\n");
    assert_eq!(blocks[1], Block::Rule);
}

#[test]
fn image_alone_is_a_block_and_copied() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(folder.path().join("a")).unwrap();
    std::fs::write(folder.path().join("a/chart.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let (blocks, diagnostics) =
        convert_in(folder.path(), "Text.\n\n![A chart](chart.png \"Fig 1\")\n");
    assert_eq!(diagnostics.error_count(), 0);
    assert_eq!(blocks[1].line, 5);
    assert_eq!(
        blocks[1].value,
        Block::Image {
            src: "media/a/chart.png".into(),
            alt: "A chart".into(),
            title: "Fig 1".into()
        }
    );
}

#[test]
fn inline_image_reads_as_its_alt_text() {
    let block = only("See ![the chart](https://x.org/c.png) here.\n");
    assert_eq!(sentence_texts(&block), ["See the chart here."]);
}

/// A missing image used to stop the build; now it warns and its alt text stays.
#[test]
fn missing_image_is_a_warning_at_its_line_and_reads_as_its_alt_text() {
    let (blocks, diagnostics) = convert("Intro.\n\n![A map of the river](gone.png)\n");
    assert_eq!(blocks.len(), 2);
    assert_eq!(sentence_texts(&blocks[1]), ["A map of the river"]);
    assert_eq!(diagnostics.error_count(), 0);
    let found = diagnostics.sorted()[0];
    assert_eq!(found.line, Some(5));
    assert!(found.message.contains("gone.png"));
}

#[test]
fn raw_html_keeps_its_text_and_scripts_go_with_one_warning() {
    let (blocks, diagnostics) = convert("<div class=\"x\">\n<script>alert(1)</script>\n</div>\n\nText <b>bold</b> end.\n\n<!-- a note -->\n");
    assert_eq!(blocks.len(), 1);
    let Block::Paragraph { sentences, .. } = &blocks[0] else {
        panic!("{blocks:?}");
    };
    assert_eq!(spans_text(&sentences[0]), "Text bold end.");
    assert!(sentences[0]
        .iter()
        .any(|span| span.text == "bold" && span.strong));
    let found = diagnostics.sorted();
    assert_eq!(found.len(), 1, "one warning per file, none for comments");
    assert_eq!(found[0].line, Some(3));
    assert!(
        found[0].message.contains("script ×1"),
        "{}",
        found[0].message
    );
}

#[test]
fn javascript_links_lose_their_target_but_keep_text() {
    let (blocks, diagnostics) =
        convert("A [safe](https://x.org) and\n[evil](javascript:alert(1)) link.\n");
    let Block::Paragraph { sentences, .. } = &blocks[0] else {
        panic!()
    };
    let safe = sentences[0]
        .iter()
        .find(|span| span.text == "safe")
        .unwrap();
    assert_eq!(safe.href.as_deref(), Some("https://x.org"));
    let evil = sentences[0]
        .iter()
        .find(|span| span.text.contains("evil"))
        .unwrap();
    assert_eq!(evil.href, None);
    let found = diagnostics.sorted()[0];
    assert_eq!(found.line, Some(4));
    assert!(found.message.contains("javascript:"));
}

#[test]
fn top_level_blocks_carry_file_lines() {
    let (blocks, _) = convert_in(Path::new("/none"), "# Title\n\nPara.\n\n- a\n- b\n");
    let lines: Vec<usize> = blocks.iter().map(|block| block.line).collect();
    assert_eq!(lines, [3, 5, 7]);
}

/// Guards issue 16 finding 9: U+E000 in the text vanished, because it stood in for
/// soft line breaks; the stand-in is now a noncharacter, replaced if it is met.
#[test]
fn private_use_characters_are_kept_and_the_soft_break_stand_in_is_replaced() {
    let block = only("Icon \u{E000} here,\nand a wrapped line.\n");
    assert_eq!(
        sentence_texts(&block).concat(),
        "Icon \u{E000} here, and a wrapped line."
    );
    let (blocks, diagnostics) = convert("Odd \u{FDD0} one.\n");
    assert_eq!(diagnostics.warning_count(), 1);
    assert_eq!(sentence_texts(&blocks[0]).concat(), "Odd \u{FFFD} one.");
}
