//! Tests of shortcode and include expansion, through the Markdown mapping.

use std::path::Path;

use duet_core::{spans_text, Block};

use crate::diagnostics::Diagnostics;
use crate::markdown::{to_blocks, Context};
use crate::media::Media;
use crate::source::SourceFile;

/// Converts `body` as `content/a/index.en.md` inside `content` (a real folder when
/// a test needs files).
fn convert_in(content: &Path, body: &str) -> (Vec<Block>, Diagnostics) {
    let file = SourceFile::new(&content.join("a/index.en.md"), body.to_string());
    let mut media = Media::new("a", content);
    let mut diagnostics = Diagnostics::default();
    let mut context = Context::new(&file, 0, &mut media, &mut diagnostics);
    let blocks = to_blocks(&file.text, &mut context);
    (
        blocks.into_iter().map(|block| block.value).collect(),
        diagnostics,
    )
}

fn convert(body: &str) -> (Vec<Block>, String) {
    let (blocks, diagnostics) = convert_in(Path::new("/nonexistent"), body);
    (blocks, format!("{diagnostics:?}"))
}

fn text(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(duet_core::search::passages::block_text)
        .collect()
}

#[test]
fn notice_admonition_and_zola_bodies_become_callouts() {
    for body in [
        "{{% notice warning %}}\nHot **surface**.\n{{% /notice %}}\n",
        "{{< admonition type=\"warning\" >}}\nHot **surface**.\n{{< /admonition >}}\n",
        "{% warning() %}\nHot **surface**.\n{% end %}\n",
    ] {
        let (blocks, diagnostics) = convert(body);
        let [Block::Callout {
            kind,
            blocks: inner,
        }] = blocks.as_slice()
        else {
            panic!("{body}: {blocks:?}");
        };
        assert_eq!(kind, "warning", "{body}");
        assert_eq!(text(inner), ["Hot surface."], "{body}");
        assert!(!diagnostics.contains("unknown"), "{diagnostics}");
    }
}

#[test]
fn figure_youtube_vimeo_video_ref_highlight_and_details() {
    let (blocks, _) = convert(
        "{{< youtube abc123 >}} {{< vimeo 42 >}} {{< video src=\"https://example.com/v.mp4\" >}}\n\nSee [the guide]({{< ref \"guide.md\" >}}).\n\n{{< highlight rust >}}\nfn main() {}\n{{< /highlight >}}\n\n{{< details summary=\"More\" >}}\nInside.\n{{< /details >}}\n",
    );
    let Block::Paragraph { sentences, .. } = &blocks[0] else {
        panic!("{blocks:?}");
    };
    let hrefs: Vec<Option<String>> = sentences
        .concat()
        .into_iter()
        .map(|span| span.href)
        .filter(Option::is_some)
        .collect();
    assert_eq!(
        hrefs,
        [
            Some("https://www.youtube.com/watch?v=abc123".to_string()),
            Some("https://vimeo.com/42".to_string()),
            Some("https://example.com/v.mp4".to_string())
        ]
    );
    let Block::Paragraph { sentences, .. } = &blocks[1] else {
        panic!("{blocks:?}");
    };
    let link = sentences
        .concat()
        .into_iter()
        .find(|span| span.text == "the guide")
        .unwrap();
    assert_eq!(link.href.as_deref(), Some("guide.md"));
    assert_eq!(
        blocks[2],
        Block::Code {
            lang: Some("rust".into()),
            text: "fn main() {}".into()
        }
    );
    let Block::Details {
        summary,
        blocks: inner,
    } = &blocks[3]
    else {
        panic!("{blocks:?}");
    };
    assert_eq!(spans_text(summary), "More");
    assert_eq!(text(inner), ["Inside."]);
}

#[test]
fn figure_with_a_caption_is_a_figure() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("a")).unwrap();
    std::fs::write(root.path().join("a/cat.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let (blocks, diagnostics) = convert_in(
        root.path(),
        "{{< figure src=\"cat.png\" alt=\"A cat\" caption=\"Our cat\" >}}\n",
    );
    assert_eq!(diagnostics.error_count(), 0, "{diagnostics:?}");
    let [Block::Figure { blocks, caption }] = blocks.as_slice() else {
        panic!("{blocks:?}");
    };
    assert_eq!(spans_text(caption), "Our cat");
    assert!(matches!(&blocks[0], Block::Image { alt, .. } if alt == "A cat"));
}

#[test]
fn unknown_shortcodes_keep_their_content_and_warn_once() {
    let (blocks, diagnostics) = convert(
        "{{< tabs >}}\nFirst tab.\n{{< /tabs >}}\n\n{{< tabs >}}\nSecond.\n{{< /tabs >}}\n\nA {{< gist x >}} b {{ chart(id=3) }}.\n",
    );
    assert_eq!(text(&blocks), ["First tab.", "Second.", "A  b ."]);
    assert_eq!(
        diagnostics.matches("unknown shortcodes").count(),
        1,
        "{diagnostics}"
    );
    assert!(diagnostics.contains("tabs ×2"), "{diagnostics}");
    assert!(diagnostics.contains("chart ×1"), "{diagnostics}");
}

#[test]
fn shortcodes_in_code_stay_literal() {
    let (blocks, diagnostics) = convert(
        "Write `{{< youtube x >}}` to embed.\n\n```\n{{% notice %}}\n{{< figure src=x >}}\n```\n",
    );
    assert_eq!(
        text(&blocks),
        [
            "Write {{< youtube x >}} to embed.",
            "{{% notice %}}\n{{< figure src=x >}}"
        ]
    );
    assert!(!diagnostics.contains("Error"), "{diagnostics}");
}

#[test]
fn includes_read_lines_anchors_and_drop_hidden_rust_lines() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("a")).unwrap();
    std::fs::write(
        root.path().join("a/main.rs"),
        "// ANCHOR: all\nfn main() {\n# let hidden = 1;\n    println!(\"hi\");\n}\n// ANCHOR_END: all\n",
    )
    .unwrap();
    std::fs::write(root.path().join("a/part.md"), "Included **text**.\n").unwrap();
    let (blocks, diagnostics) = convert_in(
        root.path(),
        "{{#include part.md}}\n\n```rust\n{{#rustdoc_include main.rs:all}}\n```\n\n```\n{{#include main.rs:2:2}}\n```\n",
    );
    assert_eq!(diagnostics.error_count(), 0, "{diagnostics:?}");
    assert_eq!(
        text(&blocks),
        [
            "Included text.",
            "fn main() {\n    println!(\"hi\");\n}",
            "fn main() {"
        ]
    );
}

/// Hostile input: an include escaping the content folder and an include cycle are
/// errors naming the file and line, and nothing of the outside file gets in.
#[test]
fn includes_outside_the_root_and_cycles_are_errors() {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    std::fs::create_dir_all(content.join("a")).unwrap();
    std::fs::write(root.path().join("secret.txt"), "SECRET").unwrap();
    std::fs::write(content.join("a/loop.md"), "Loop {{#include loop.md}}\n").unwrap();
    let (blocks, diagnostics) = convert_in(
        &content,
        "Intro.\n\n{{#include ../../secret.txt}}\n\n{{#include loop.md}}\n",
    );
    let all = format!("{blocks:?}");
    assert!(!all.contains("SECRET"));
    let errors: Vec<String> = diagnostics
        .sorted()
        .iter()
        .map(|item| format!("{:?}: {}", item.line, item.message))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("Some(3): include `../../secret.txt` points outside the content folder"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("Some(5): include `loop.md` includes itself"),
        "{errors:?}"
    );
}

/// Diagnostics after an expansion name the author's line, not the expanded text's.
#[test]
fn lines_after_expansions_are_the_authors_lines() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("a")).unwrap();
    std::fs::write(root.path().join("a/five.md"), "1\n\n2\n\n3\n\n4\n\n5\n").unwrap();
    let (_, diagnostics) = convert_in(
        root.path(),
        "{{#include five.md}}\n\n{{% notice %}}\nx\n{{% /notice %}}\n\n[bad](javascript:alert(1))\n",
    );
    let lines: Vec<Option<usize>> = diagnostics.sorted().iter().map(|item| item.line).collect();
    assert_eq!(lines, [Some(7)], "{diagnostics:?}");
}

/// The compatibility report counted `{{#include …}}` and shortcode calls as the
/// author's text, so a book whose includes were resolved seemed to lose words.
#[test]
fn calls_are_not_text_but_their_bodies_are() {
    let text = "Intro.\n\n{{#include ../listings/a.rs}}\n\n{{% notice tip %}}\nInside.\n{{% /notice %}}\n\nA {{< kbd Ctrl >}} key.\n";
    let kept = crate::shortcodes::without_calls(text);
    assert!(
        !kept.contains("include") && !kept.contains("notice") && !kept.contains("kbd"),
        "{kept}"
    );
    assert!(
        kept.contains("Intro.") && kept.contains("Inside.") && kept.contains("A  key."),
        "{kept}"
    );
}
