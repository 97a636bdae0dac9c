//! One content block as HTML, with the same elements and classes the app's
//! `components/block.rs` and `components/spans.rs` render, so the stylesheet lays
//! both out alike and the app's page replaces this one without the text moving.

use duet_core::links::{is_external, is_safe_href};
use duet_core::{needs_space_after, Align, Block, MathNode, Sentence, Span};

use crate::html::escape;

/// Where a top-level block sits: sentences get the app's `data-pair` and
/// `data-sentence` attributes.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    pub pair: usize,
    pub sentences_aligned: bool,
}

/// Appends `block` to `out`. `base` is the site's base path with a trailing `/`,
/// for bundled images.
pub fn block_html(block: &Block, position: Option<Position>, base: &str, out: &mut String) {
    match block {
        Block::Heading { level, spans, .. } => {
            // Article titles are the page's h1, so content headings start at h2.
            let tag = match level {
                0..=2 => "h2",
                3 => "h3",
                4 => "h4",
                _ => "h5",
            };
            out.push_str(&format!("<{tag}>"));
            spans_html(spans, out);
            out.push_str(&format!("</{tag}>"));
        }
        Block::Paragraph { sentences, words } => {
            let class = if words.is_empty() {
                ""
            } else {
                " class=\"words\""
            };
            out.push_str(&format!("<p{class}>"));
            sentences_html(sentences, !words.is_empty(), position, out);
            out.push_str("</p>");
        }
        Block::Quote { blocks } => {
            out.push_str("<blockquote>");
            for inner in blocks {
                block_html(inner, None, base, out);
            }
            out.push_str("</blockquote>");
        }
        Block::List {
            ordered,
            start,
            items,
            checked,
        } => {
            let class = if checked.is_empty() {
                ""
            } else {
                " class=\"tasks\""
            };
            let open = match (ordered, start) {
                (true, Some(start)) => format!("<ol{class} start=\"{start}\">"),
                (true, None) => format!("<ol{class}>"),
                (false, _) => format!("<ul{class}>"),
            };
            out.push_str(&open);
            for (index, item) in items.iter().enumerate() {
                out.push_str("<li>");
                // A task list item starts with its (read-only) box.
                if let Some(done) = checked.get(index).copied().flatten() {
                    let checked = if done { " checked" } else { "" };
                    out.push_str(&format!(
                        "<input type=\"checkbox\" class=\"task\" disabled{checked}>"
                    ));
                }
                for inner in item {
                    block_html(inner, None, base, out);
                }
                out.push_str("</li>");
            }
            out.push_str(if *ordered { "</ol>" } else { "</ul>" });
        }
        Block::Code { lang, text } => {
            let lang = lang
                .as_deref()
                .map(|lang| format!(" data-lang=\"{}\"", escape(lang)))
                .unwrap_or_default();
            out.push_str(&format!(
                "<pre class=\"code\"{lang} tabindex=\"0\"><code>{}</code></pre>",
                escape(text)
            ));
        }
        Block::Table { align, head, rows } => table_html(align, head, rows, out),
        Block::Image { src, alt, title } => image_html(src, alt, title, base, out),
        Block::Rule => out.push_str("<hr>"),
        Block::Callout { kind, blocks } => {
            out.push_str(&format!(
                "<aside class=\"callout callout-{}\" role=\"note\"><p class=\"callout-title\"></p>",
                escape(kind)
            ));
            nested_blocks_html(blocks, base, out);
            out.push_str("</aside>");
        }
        Block::Details { summary, blocks } => {
            out.push_str("<details><summary>");
            spans_html(summary, out);
            out.push_str("</summary>");
            nested_blocks_html(blocks, base, out);
            out.push_str("</details>");
        }
        Block::Figure { blocks, caption } => {
            out.push_str("<figure class=\"figure\">");
            nested_blocks_html(blocks, base, out);
            out.push_str("<figcaption>");
            spans_html(caption, out);
            out.push_str("</figcaption></figure>");
        }
        Block::Definitions { terms } => {
            out.push_str("<dl>");
            for definition in terms {
                out.push_str("<dt>");
                spans_html(&definition.term, out);
                out.push_str("</dt>");
                for details in &definition.details {
                    out.push_str("<dd>");
                    nested_blocks_html(details, base, out);
                    out.push_str("</dd>");
                }
            }
            out.push_str("</dl>");
        }
        Block::Notes { notes } => {
            out.push_str("<section class=\"notes\"><ol>");
            for note in notes {
                let number = note.number;
                out.push_str(&format!(
                    "<li value=\"{number}\" data-note=\"{number}\" tabindex=\"-1\">"
                ));
                nested_blocks_html(&note.blocks, base, out);
                out.push_str(&format!(
                    "<a class=\"fnback\" href=\"#fnref-{number}\" data-note=\"{number}\">↩</a></li>"
                ));
            }
            out.push_str("</ol></section>");
        }
        Block::Math { tex, math } => {
            out.push_str("<div class=\"math-block\" tabindex=\"0\">");
            math_html(tex, math, true, out);
            out.push_str("</div>");
        }
    }
}

/// Blocks nested in a container, rendered plainly as in quotes and lists.
fn nested_blocks_html(blocks: &[Block], base: &str, out: &mut String) {
    for inner in blocks {
        block_html(inner, None, base, out);
    }
}

/// A formula as MathML, with its TeX source as the `alttext`; only allowed elements
/// and attributes are written (a node that is not allowed gives way to its text and
/// children).
fn math_html(tex: &str, nodes: &[MathNode], display: bool, out: &mut String) {
    let display = if display { " display=\"block\"" } else { "" };
    out.push_str(&format!("<math alttext=\"{}\"{display}>", escape(tex)));
    math_nodes_html(nodes, out);
    out.push_str("</math>");
}

fn math_nodes_html(nodes: &[MathNode], out: &mut String) {
    for node in nodes {
        if node.name.is_empty() {
            out.push_str(&escape(&node.text));
            continue;
        }
        if !node.is_allowed() {
            // Its text stays; only the element goes.
            out.push_str(&escape(&node.text));
            math_nodes_html(&node.children, out);
            continue;
        }
        out.push_str(&format!("<{}", node.name));
        for (name, value) in &node.attrs {
            out.push_str(&format!(" {name}=\"{}\"", escape(value)));
        }
        out.push('>');
        out.push_str(&escape(&node.text));
        math_nodes_html(&node.children, out);
        out.push_str(&format!("</{}>", node.name));
    }
}

fn sentences_html(
    sentences: &[Sentence],
    has_words: bool,
    position: Option<Position>,
    out: &mut String,
) {
    for (index, sentence) in sentences.iter().enumerate() {
        if let Some(position) = position {
            // Focusable when it has a counterpart to light up, or words to define;
            // out of the Tab order, as in the app (which puts one sentence in it).
            let focusable = if position.sentences_aligned || has_words {
                " tabindex=\"-1\""
            } else {
                ""
            };
            out.push_str(&format!(
                "<span class=\"sentence\" data-pair=\"{}\" data-sentence=\"{index}\"{focusable}>",
                position.pair
            ));
            spans_html(sentence, out);
            out.push_str("</span>");
        } else {
            spans_html(sentence, out);
        }
        // Sentences are separate elements, so the space between Latin sentences is
        // written out; Chinese needs none.
        if index + 1 < sentences.len() && needs_space_after(sentence) {
            out.push(' ');
        }
    }
}

/// Inline text with its marks, innermost first as the app nests them.
pub fn spans_html(spans: &[Span], out: &mut String) {
    for span in spans {
        if let Some(number) = span.note {
            out.push_str(&format!(
                "<sup class=\"fnref\"><a href=\"#fn-{number}\" data-note=\"{number}\">{number}</a></sup>"
            ));
            continue;
        }
        let mut html = match &span.math {
            Some(nodes) => {
                let mut math = String::from("<span class=\"math\">");
                math_html(&span.text, nodes, false, &mut math);
                math.push_str("</span>");
                math
            }
            None => escape(&span.text),
        };
        for (on, tag) in [
            (span.code, "code"),
            (span.em, "em"),
            (span.strong, "strong"),
            (span.strike, "s"),
            (span.kbd, "kbd"),
            (span.sup, "sup"),
            (span.sub, "sub"),
            (span.mark, "mark"),
            (span.small, "small"),
        ] {
            if on {
                html = format!("<{tag}>{html}</{tag}>");
            }
        }
        if let Some(title) = &span.abbr {
            html = format!("<abbr title=\"{}\">{html}</abbr>", escape(title));
        }
        if let Some(href) = span.href.as_deref().filter(|href| is_safe_href(href)) {
            html = if is_external(href) {
                format!(
                    "<a href=\"{}\" class=\"external\" target=\"_blank\" rel=\"noopener noreferrer external\">{html}</a>",
                    escape(href)
                )
            } else {
                format!("<a href=\"{}\">{html}</a>", escape(href))
            };
        }
        if span.br {
            html.push_str("<br>");
        }
        out.push_str(&html);
    }
}

fn table_html(align: &[Align], head: &[Vec<Span>], rows: &[Vec<Vec<Span>>], out: &mut String) {
    let cell = |tag: &str, column: usize, spans: &[Span], out: &mut String| {
        let class = match align.get(column).copied().unwrap_or(Align::None) {
            Align::None | Align::Left => "",
            Align::Center => "align-center",
            Align::Right => "align-right",
        };
        out.push_str(&format!("<{tag} class=\"{class}\">"));
        spans_html(spans, out);
        out.push_str(&format!("</{tag}>"));
    };
    out.push_str("<div class=\"table-wrap\" tabindex=\"0\"><table><thead><tr>");
    for (column, spans) in head.iter().enumerate() {
        cell("th", column, spans, out);
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (column, spans) in row.iter().enumerate() {
            cell("td", column, spans, out);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// Bundled images load from the bundle; remote ones are never fetched (the app talks
/// only to its own origin), so they show as a link with their description.
fn image_html(src: &str, alt: &str, title: &str, base: &str, out: &mut String) {
    if !is_safe_href(src) {
        out.push_str(&format!("<p class=\"image-alt\">{}</p>", escape(alt)));
        return;
    }
    if is_external(src) {
        let label = if alt.is_empty() { src } else { alt };
        out.push_str(&format!(
            "<p class=\"remote-image\"><a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer external\">{}</a></p>",
            escape(src),
            escape(label)
        ));
        return;
    }
    out.push_str(&format!(
        "<figure><img src=\"{}data/{}\" alt=\"{}\" loading=\"lazy\">",
        escape(base),
        escape(src),
        escape(alt)
    ));
    if !title.is_empty() {
        out.push_str(&format!("<figcaption>{}</figcaption>", escape(title)));
    }
    out.push_str("</figure>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span::plain(text)
    }

    #[test]
    fn marks_nest_as_in_the_app_and_unsafe_links_are_dropped() {
        let mut strong_link = span("a<b");
        strong_link.strong = true;
        strong_link.em = true;
        strong_link.href = Some("https://example.org/?q=\"x\"".to_string());
        let mut script_link = span("click");
        script_link.href = Some("javascript:alert(1)".to_string());
        let mut out = String::new();
        spans_html(&[strong_link, script_link], &mut out);
        assert_eq!(
            out,
            "<a href=\"https://example.org/?q=&quot;x&quot;\" class=\"external\" target=\"_blank\" \
             rel=\"noopener noreferrer external\"><strong><em>a&lt;b</em></strong></a>click"
        );
    }

    #[test]
    fn top_level_sentences_carry_their_pair_and_index() {
        let paragraph = Block::Paragraph {
            sentences: vec![vec![span("One.")], vec![span("Two.")]],
            words: Vec::new(),
        };
        let mut out = String::new();
        let position = Position {
            pair: 3,
            sentences_aligned: true,
        };
        block_html(&paragraph, Some(position), "/", &mut out);
        assert_eq!(
            out,
            "<p><span class=\"sentence\" data-pair=\"3\" data-sentence=\"0\" tabindex=\"-1\">One.</span> \
             <span class=\"sentence\" data-pair=\"3\" data-sentence=\"1\" tabindex=\"-1\">Two.</span></p>"
        );
    }

    #[test]
    fn bundled_images_load_under_the_base_path_and_remote_ones_are_links() {
        let mut out = String::new();
        let bundled = Block::Image {
            src: "images/chart.png".to_string(),
            alt: "A chart".to_string(),
            title: String::new(),
        };
        block_html(&bundled, None, "/docs/", &mut out);
        assert_eq!(
            out,
            "<figure><img src=\"/docs/data/images/chart.png\" alt=\"A chart\" loading=\"lazy\"></figure>"
        );
        out.clear();
        let remote = Block::Image {
            src: "https://example.org/x.png".to_string(),
            alt: String::new(),
            title: String::new(),
        };
        block_html(&remote, None, "/", &mut out);
        assert!(out.starts_with("<p class=\"remote-image\"><a href=\"https://example.org/x.png\""));
        assert!(!out.contains("<img"));
    }

    #[test]
    fn new_blocks_and_marks_mirror_the_app() {
        let mut out = String::new();
        let callout = Block::Callout {
            kind: "tip".into(),
            blocks: vec![Block::Paragraph {
                sentences: vec![vec![span("<x>")]],
                words: Vec::new(),
            }],
        };
        block_html(&callout, None, "/", &mut out);
        assert_eq!(
            out,
            "<aside class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\"></p><p>&lt;x&gt;</p></aside>"
        );
        out.clear();
        let mut kbd = span("K");
        kbd.kbd = true;
        let mut abbr = span("HTML");
        abbr.abbr = Some("a \"b\"".into());
        let note = Span {
            note: Some(2),
            ..span("2")
        };
        spans_html(&[kbd, abbr, note], &mut out);
        assert_eq!(
            out,
            "<kbd>K</kbd><abbr title=\"a &quot;b&quot;\">HTML</abbr><sup class=\"fnref\"><a href=\"#fn-2\" data-note=\"2\">2</a></sup>"
        );
    }

    /// Hostile input: a formula's tree is built only from allowed elements and
    /// attributes, escaped; a `href` or a `script` node never reaches the page.
    #[test]
    fn math_writes_only_allowed_elements_and_attributes() {
        let hostile = MathNode {
            name: "mi".into(),
            attrs: vec![("href".into(), "javascript:alert(1)".into())],
            text: "x".into(),
            children: Vec::new(),
        };
        let script = MathNode {
            name: "script".into(),
            children: vec![MathNode {
                text: "<b>".into(),
                ..MathNode::default()
            }],
            ..MathNode::default()
        };
        let mut out = String::new();
        block_html(
            &Block::Math {
                tex: "x\"<".into(),
                math: vec![hostile, script],
            },
            None,
            "/",
            &mut out,
        );
        assert_eq!(
            out,
            "<div class=\"math-block\" tabindex=\"0\"><math alttext=\"x&quot;&lt;\" display=\"block\">x&lt;b&gt;</math></div>"
        );
    }
}
