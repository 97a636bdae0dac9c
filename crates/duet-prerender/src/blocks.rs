//! One content block as HTML, with the same elements and classes the app's
//! `components/block.rs` and `components/spans.rs` render, so the stylesheet lays
//! both out alike and the app's page replaces this one without the text moving.

use duet_core::links::{is_external, is_safe_href};
use duet_core::{needs_space_after, Align, Block, Sentence, Span};

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
        Block::Heading { level, spans } => {
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
        } => {
            let open = match (ordered, start) {
                (true, Some(start)) => format!("<ol start=\"{start}\">"),
                (true, None) => "<ol>".to_string(),
                (false, _) => "<ul>".to_string(),
            };
            out.push_str(&open);
            for item in items {
                out.push_str("<li>");
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
                "<pre class=\"code\"{lang}><code>{}</code></pre>",
                escape(text)
            ));
        }
        Block::Table { align, head, rows } => table_html(align, head, rows, out),
        Block::Image { src, alt, title } => image_html(src, alt, title, base, out),
        Block::Rule => out.push_str("<hr>"),
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
            // Focusable when it has a counterpart to light up, or words to define.
            let focusable = if position.sentences_aligned || has_words {
                " tabindex=\"0\""
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
        let mut html = escape(&span.text);
        for (on, tag) in [
            (span.code, "code"),
            (span.em, "em"),
            (span.strong, "strong"),
            (span.strike, "s"),
        ] {
            if on {
                html = format!("<{tag}>{html}</{tag}>");
            }
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
    out.push_str("<div class=\"table-wrap\"><table><thead><tr>");
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
            "<p><span class=\"sentence\" data-pair=\"3\" data-sentence=\"0\" tabindex=\"0\">One.</span> \
             <span class=\"sentence\" data-pair=\"3\" data-sentence=\"1\" tabindex=\"0\">Two.</span></p>"
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
}
