//! A plain static HTML page of the same article, the baseline for first paint. It
//! uses the app's stylesheet and the same article text, with no script at all.

use duet_core::{spans_text, Article, Block, Lang};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn block_html(block: &Block, out: &mut String) {
    match block {
        Block::Heading { spans, .. } => *out += &format!("<h2>{}</h2>", escape(&spans_text(spans))),
        Block::Paragraph { sentences, .. } => {
            let text: Vec<String> = sentences
                .iter()
                .map(|sentence| spans_text(sentence))
                .collect();
            *out += &format!("<p>{}</p>", escape(&text.join("")));
        }
        Block::Quote { blocks } => {
            *out += "<blockquote>";
            blocks.iter().for_each(|inner| block_html(inner, out));
            *out += "</blockquote>";
        }
        Block::List { items, .. } => {
            *out += "<ul>";
            for item in items {
                *out += "<li>";
                item.iter().for_each(|inner| block_html(inner, out));
                *out += "</li>";
            }
            *out += "</ul>";
        }
        Block::Code { text, .. } => {
            *out += &format!("<pre class=\"code\"><code>{}</code></pre>", escape(text))
        }
        Block::Table { head, rows, .. } => {
            *out += "<table><tr>";
            head.iter()
                .for_each(|cell| *out += &format!("<th>{}</th>", escape(&spans_text(cell))));
            *out += "</tr>";
            for row in rows {
                *out += "<tr>";
                row.iter()
                    .for_each(|cell| *out += &format!("<td>{}</td>", escape(&spans_text(cell))));
                *out += "</tr>";
            }
            *out += "</table>";
        }
        Block::Image { alt, .. } => *out += &format!("<p>{}</p>", escape(alt)),
        Block::Rule => *out += "<hr>",
    }
}

/// The page for `article` in `lang`, linking the stylesheet at `css_href`.
pub fn render(article: &Article, lang: Lang, css_href: &str) -> String {
    let head = article
        .meta
        .head
        .get(lang)
        .expect("the benchmark picks a language the article has");
    let mut body = String::new();
    if let Some(content) = article.body.get(lang) {
        content
            .blocks
            .iter()
            .for_each(|block| block_html(block, &mut body));
    }
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{css_href}\"></head>\
         <body><main><article class=\"article\"><header class=\"article-head\"><h1>{title}</h1>\
         <section class=\"abstract\"><p>{abstract_text}</p></section></header>\
         <div class=\"article-body view-single\"><div class=\"blk\">{body}</div></div></article></main></body></html>",
        lang = lang.bcp47(),
        title = escape(&head.title),
        abstract_text = escape(&head.description),
    )
}
