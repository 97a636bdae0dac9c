//! The Pagefind baseline: the corpus as static HTML (one page per article and
//! language), indexed by the Pagefind CLI from npm, plus one search page per language
//! that runs a query the way Pagefind's default UI does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use duet_core::{spans_text, Article, Block, Lang, Span};

use crate::corpus::{sentences_text, Corpus};

/// Results whose excerpts the default UI loads first.
pub const SHOWN: usize = 5;

/// Writes the static site into `root` and runs Pagefind on it.
pub fn build(workspace: &Path, corpus: &Corpus, root: &Path) -> Result<()> {
    std::fs::create_dir_all(root).with_context(|| format!("creating {}", root.display()))?;
    for article in &corpus.articles {
        for lang in article.meta.head.langs() {
            let folder = root.join(lang.code()).join(&article.meta.slug);
            std::fs::create_dir_all(&folder)?;
            let file = folder.join("index.html");
            std::fs::write(&file, render(article, lang))
                .with_context(|| format!("writing {}", file.display()))?;
        }
    }
    for lang in Lang::ALL {
        std::fs::write(search_page_path(root, lang), search_page(lang))?;
    }
    run_pagefind(workspace, root)
}

/// The search page for queries in `lang`.
pub fn search_page(lang: Lang) -> String {
    // Pagefind picks the index of the page's `<html lang>`, so a Chinese query is run
    // from a Chinese page. `benchSearch` does what the default UI does for a query:
    // search, then load the data (excerpt, URL) of the first results shown.
    format!(
        r#"<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>search</title></head>
<body data-state="loading">
<script type="module">
// `data-step` says where a stuck page stopped.
const step = (name) => {{ document.body.dataset.step = name; }};
window.benchSearch = async (query) => {{
  const started = performance.now();
  step("search");
  const search = await pagefind.search(query);
  step("data");
  const shown = await Promise.all(search.results.slice(0, {SHOWN}).map((result) => result.data()));
  step("done");
  return {{ ms: performance.now() - started, urls: shown.map((data) => data.url), count: search.results.length }};
}};
let pagefind;
try {{
  step("import");
  pagefind = await import("/pagefind/pagefind.js");
  // On the main thread, so the Resource Timing API sees every file it fetches (a
  // worker's fetches are not in the page's timeline).
  await pagefind.options({{ noWorker: true }});
  const query = new URLSearchParams(location.search).get("q");
  if (query !== null) window.benchResult = await window.benchSearch(query);
  document.body.dataset.state = "done";
}} catch (error) {{
  document.body.dataset.error = String(error);
  document.body.dataset.state = "error";
}}
</script>
</body></html>
"#,
        lang = lang.bcp47()
    )
}

/// The search page's file name for `lang`.
pub fn search_page_name(lang: Lang) -> String {
    format!("search-{}.html", lang.code())
}

fn search_page_path(root: &Path, lang: Lang) -> PathBuf {
    root.join(search_page_name(lang))
}

/// The article slug of a Pagefind result URL (`/zh/<slug>/`).
pub fn slug_of(url: &str) -> Option<&str> {
    let mut parts = url.trim_matches('/').split('/');
    let _lang = parts.next()?;
    parts.next()
}

fn run_pagefind(workspace: &Path, root: &Path) -> Result<()> {
    // Pagefind lives in this crate's own package.json, so the project's build tools
    // (the root package.json) do not depend on it; it is installed on first use.
    let tools = workspace.join("crates/duet-search-bench");
    let binary = tools.join("node_modules/.bin/pagefind");
    if !binary.exists() {
        eprintln!(
            "installing Pagefind from the npm registry into {}",
            tools.display()
        );
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund"])
            .current_dir(&tools)
            .status()
            .context("running npm install for Pagefind")?;
        if !status.success() || !binary.exists() {
            bail!(
                "could not install Pagefind: `npm install` in {} failed ({status})",
                tools.display()
            );
        }
    }
    let output = Command::new(&binary)
        .arg("--site")
        .arg(root)
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    if !output.status.success() {
        bail!(
            "pagefind failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// One article in one language as a plain HTML page.
pub fn render(article: &Article, lang: Lang) -> String {
    let head = article.meta.head.get(lang);
    let title = head.map(|head| head.title.as_str()).unwrap_or_default();
    let mut html = format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body><article data-pagefind-body>\n<h1>{}</h1>\n",
        lang.bcp47(),
        escape(title),
        escape(title)
    );
    if let Some(head) = head {
        let _ = writeln!(html, "<p>{}</p>", escape(&head.description));
    }
    if let Some(body) = article.body.get(lang) {
        for block in &body.blocks {
            block_html(block, &mut html);
        }
        for faq in &body.faq {
            let _ = writeln!(
                html,
                "<h3>{}</h3>\n<p>{}</p>",
                escape(&faq.q),
                escape(&faq.a)
            );
        }
    }
    html.push_str("</article></body></html>\n");
    html
}

fn block_html(block: &Block, html: &mut String) {
    // Writing to a String cannot fail, so the results of `write!` are ignored.
    match block {
        Block::Heading { level, spans, .. } => {
            let level = (*level).clamp(2, 6);
            let _ = writeln!(html, "<h{level}>{}</h{level}>", spans_html(spans));
        }
        Block::Paragraph { sentences, .. } => {
            let _ = writeln!(html, "<p>{}</p>", escape(&sentences_text(sentences)));
        }
        Block::Quote { blocks } => {
            html.push_str("<blockquote>\n");
            blocks.iter().for_each(|inner| block_html(inner, html));
            html.push_str("</blockquote>\n");
        }
        Block::List { ordered, items, .. } => {
            let tag = if *ordered { "ol" } else { "ul" };
            let _ = writeln!(html, "<{tag}>");
            for item in items {
                html.push_str("<li>");
                item.iter().for_each(|inner| block_html(inner, html));
                html.push_str("</li>\n");
            }
            let _ = writeln!(html, "</{tag}>");
        }
        Block::Code { text, .. } => {
            let _ = writeln!(html, "<pre><code>{}</code></pre>", escape(text));
        }
        Block::Table { head, rows, .. } => {
            html.push_str("<table>\n<tr>");
            for cell in head {
                let _ = write!(html, "<th>{}</th>", spans_html(cell));
            }
            html.push_str("</tr>\n");
            for row in rows {
                html.push_str("<tr>");
                for cell in row {
                    let _ = write!(html, "<td>{}</td>", spans_html(cell));
                }
                html.push_str("</tr>\n");
            }
            html.push_str("</table>\n");
        }
        Block::Image { alt, .. } => {
            let _ = writeln!(html, "<p>{}</p>", escape(alt));
        }
        Block::Rule => html.push_str("<hr>\n"),
        // The generated corpus has none of these; their text is indexed plainly.
        Block::Math { tex, .. } => {
            let _ = writeln!(html, "<p>{}</p>", escape(tex));
        }
        other => {
            let _ = writeln!(
                html,
                "<p>{}</p>",
                escape(&duet_core::search::passages::block_text(other))
            );
        }
    }
}

fn spans_html(spans: &[Span]) -> String {
    escape(&spans_text(spans))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_urls_map_to_slugs() {
        assert_eq!(slug_of("/zh/agents-00002/"), Some("agents-00002"));
        assert_eq!(slug_of("/en/vision-00474/"), Some("vision-00474"));
        assert_eq!(slug_of("/"), None);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
