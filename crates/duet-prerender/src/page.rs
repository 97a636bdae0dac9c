//! Whole pages: the built `index.html` with an article's markup in place of the
//! "Starting…" notice, and the script-free page the benchmark compares against.

use std::path::Path;

use anyhow::{bail, Context, Result};
use duet_core::decode::decode_article;
use duet_core::{article_path, Article, Catalog, Lang, Site};
use rayon::prelude::*;

use crate::article::article_markup;
use crate::html::escape;

/// Where the page of `slug` goes inside the built site: a folder with an
/// `index.html`, which static hosts serve for `/a/<slug>` and `/a/<slug>/`.
pub fn page_path(slug: &str) -> String {
    format!("a/{slug}/index.html")
}

/// `template` (the built `index.html`) as the page of `article`: its title and
/// abstract in the head, and in the body its markup instead of the start-up notice.
/// The notice's element stays, empty and hidden, for `boot.js` to report a failure.
pub fn article_page(template: &str, site: &Site, article: &Article, base: &str) -> Result<String> {
    let head = article
        .meta
        .head
        .get_or_other(Lang::Zh)
        .context("an article has at least one language")?;
    let title_start = template
        .find("<title>")
        .context("index.html has no <title>")?;
    let title_end = title_start
        + template[title_start..]
            .find("</title>")
            .context("index.html has an unclosed <title>")?
        + "</title>".len();
    let body_start = template
        .find("<body>")
        .context("index.html has no <body>")?
        + "<body>".len();
    let body_end = template
        .rfind("</body>")
        .context("index.html has no </body>")?;
    if body_end < body_start || title_end > body_start {
        bail!("index.html is not laid out as <head> then <body>");
    }
    // The body's class lets the stylesheet hide the app's elements by their parent
    // alone: a sibling selector (`#prerender ~ *`) made the browser walk back over
    // every sibling of every element, quadratic in a long paragraph or table.
    let body_tag = body_start - "<body>".len();
    Ok(format!(
        "{}<title>{}</title>\n    <meta name=\"description\" content=\"{}\" />{}<body class=\"{PRERENDERING}\">\n    \
         <div id=\"boot\" class=\"status\" role=\"status\" hidden></div>\n    {}\n  {}",
        &template[..title_start],
        escape(&head.title),
        escape(&head.description),
        &template[title_end..body_tag],
        article_markup(site, article, base),
        &template[body_end..],
    ))
}

/// The class of a pre-rendered page's `<body>` until the app has drawn its own page.
pub const PRERENDERING: &str = "prerendering";

/// The same markup as a plain page with no script at all, viewed in `lang` only:
/// the benchmark's baseline for the first paint.
pub fn static_page(site: &Site, article: &Article, lang: Lang, css_href: &str) -> String {
    let title = article
        .meta
        .head
        .get_or_other(lang)
        .map(|head| head.title.as_str())
        .unwrap_or_default();
    let code = lang.code();
    format!(
        "<!DOCTYPE html><html lang=\"{}\" data-view=\"{code}\" data-lead=\"{code}\" data-ui=\"{code}\">\
         <head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"{}\"></head><body>{}</body></html>",
        lang.bcp47(),
        escape(title),
        escape(css_href),
        article_markup(site, article, "/"),
    )
}

/// A bundle file as text, inflated when it is stored gzip-compressed (starts 1f 8b).
pub fn read_bundle_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return String::from_utf8(bytes)
            .with_context(|| format!("{} is not UTF-8", path.display()));
    }
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(bytes.as_slice()),
        &mut text,
    )
    .with_context(|| format!("inflating {}", path.display()))?;
    Ok(text)
}

/// The whole catalog of the bundle in `data`, read back from its head and the pages
/// of its whole list.
pub fn read_catalog(data: &Path) -> Result<Catalog> {
    duet_core::listing::read_catalog(|path: &str| read_bundle_text(&data.join(path)))
}

/// Writes the page of every article of the bundle in `dist/data` into `dist`, from
/// the built `dist/index.html`. Returns how many pages and bytes were written.
pub fn write_article_pages(dist: &Path, base: &str) -> Result<(usize, u64)> {
    let index = dist.join("index.html");
    let template =
        std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let catalog = read_catalog(&dist.join("data"))?;
    // Pages are independent: written on every core.
    let bytes = catalog
        .articles
        .par_iter()
        .map(|meta| -> Result<u64> {
            // The bundler allows only [a-z0-9-] in slugs; a slug that could leave the
            // folder would mean a bundle from somewhere else.
            if !duet_core::is_slug(&meta.slug) {
                bail!(
                    "the catalog names an article {:?}, which is not a slug",
                    meta.slug
                );
            }
            let file = dist.join("data").join(article_path(&meta.slug));
            let article = decode_article(&file.display().to_string(), &read_bundle_text(&file)?)?;
            let page = article_page(&template, &catalog.site, &article, base)?;
            let target = dist.join(page_path(&meta.slug));
            let folder = target.parent().context("a page path has a folder")?;
            std::fs::create_dir_all(folder)
                .with_context(|| format!("creating {}", folder.display()))?;
            std::fs::write(&target, &page)
                .with_context(|| format!("writing {}", target.display()))?;
            Ok(page.len() as u64)
        })
        .collect::<Result<Vec<u64>>>()?
        .into_iter()
        .sum();
    Ok((catalog.articles.len(), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use duet_core::test_support::{self, body, head, pair, paragraph};
    use duet_core::Bilingual;

    const TEMPLATE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\" />\
        <title>Duet · 双读</title><script src=\"/boot-1.js\"></script></head>\
        <body>\n<div id=\"boot\">Starting…</div>\n</body></html>";

    fn site() -> Site {
        Site {
            title: Bilingual {
                zh: None,
                en: Some("Duet".to_string()),
            },
            base_path: "/".to_string(),
            nav: Vec::new(),
            tags: Vec::new(),
        }
    }

    fn article() -> Article {
        test_support::article(
            "claim",
            Bilingual {
                zh: None,
                en: Some(head("A <b>bold</b> claim", "Abstract & more")),
            },
            Bilingual {
                zh: None,
                en: Some(body(vec![paragraph(&["<img src=x onerror=alert(1)>"])])),
            },
            vec![pair("p1", None, Some(0), false)],
        )
    }

    #[test]
    fn the_page_keeps_the_shell_and_replaces_the_start_notice() {
        let site = site();
        let page = article_page(TEMPLATE, &site, &article(), "/").unwrap();
        assert!(page.starts_with("<!DOCTYPE html><html><head><meta charset=\"utf-8\" />"));
        assert!(page.contains("<title>A &lt;b&gt;bold&lt;/b&gt; claim</title>"));
        assert!(page.contains("<meta name=\"description\" content=\"Abstract &amp; more\" />"));
        assert!(page.contains("<script src=\"/boot-1.js\"></script></head>"));
        assert!(!page.contains("Starting…"));
        // The stylesheet hides the app's elements by this class while the page stands in.
        assert!(page.contains("<body class=\"prerendering\">"));
        assert!(page.contains("<div id=\"boot\" class=\"status\" role=\"status\" hidden></div>"));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!page.contains("<img"));
        assert!(page.ends_with("</body></html>"));
    }

    #[test]
    fn a_template_without_a_body_is_an_error() {
        let site = site();
        let error = article_page("<html><title>x</title></html>", &site, &article(), "/")
            .unwrap_err()
            .to_string();
        assert!(error.contains("<body>"), "{error}");
    }
}
