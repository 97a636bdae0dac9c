//! An article on paper: Chromium's print media shows the text and its head without
//! the header, tools, sidebar or notices, keeps side by side where the paper is
//! wide enough, prints link targets, and print-to-PDF makes a document.

use serde_json::json;

use super::bounded;
use crate::harness::{Browser, Site};

/// Whether the first element matching `css` takes up room on the page.
async fn shown(browser: &Browser, css: &str) -> bool {
    browser
        .js(
            "const element = document.querySelector(arguments[0]);
             return !!element && element.getClientRects().length > 0;",
            vec![json!(css)],
        )
        .await
        .as_bool()
        .unwrap_or(false)
}

/// How many columns the first pair of the side-by-side view lays out.
async fn columns(browser: &Browser) -> usize {
    browser
        .js(
            "return getComputedStyle(document.querySelector('.article-body .pair'))
               .gridTemplateColumns.split(' ').length;",
            Vec::new(),
        )
        .await
        .as_u64()
        .unwrap_or(0) as usize
}

#[tokio::test]
async fn an_article_prints_its_text_without_the_controls() {
    bounded(async {
        let site = Site::start();
        // An article whose text links to another site.
        let slug = site
            .bundle
            .articles
            .iter()
            .find(|article| {
                article.body.langs().len() == 2
                    && serde_json::to_string(&article.body)
                        .is_ok_and(|body| body.contains("\"http"))
            })
            .expect("a bilingual sample article links out")
            .meta
            .slug
            .clone();
        let browser = site.browser().await;
        browser.open_article(&slug, "view=side").await;
        browser.wait_for(".site-header").await;
        assert!(
            shown(&browser, ".reading-tools").await,
            "on screen, the tools show"
        );

        browser
            .devtools("Emulation.setEmulatedMedia", json!({ "media": "print" }))
            .await;
        for hidden in [
            ".site-header",
            ".reading-tools",
            ".aside",
            ".bookmark",
            ".note-button",
        ] {
            assert!(!shown(&browser, hidden).await, "{hidden} is not printed");
        }
        for printed in [".article-head h1", ".abstract", ".article-body .pair .blk"] {
            assert!(shown(&browser, printed).await, "{printed} is printed");
        }
        let link = browser
            .js(
                "const link = document.querySelector('.article-body a[href^=\"http\"]');
                 return [link.href, getComputedStyle(link, '::after').content];",
                Vec::new(),
            )
            .await;
        let href = link[0].as_str().unwrap_or_default();
        let after = link[1].as_str().unwrap_or_default();
        assert!(
            after.contains(href),
            "the link prints its target: {after:?} for {href}"
        );

        // Wide paper keeps two columns; narrow paper (portrait A4) stacks them.
        browser.set_layout_width(Some(1100)).await;
        assert_eq!(columns(&browser).await, 2, "side by side on wide paper");
        browser.set_layout_width(Some(700)).await;
        assert_eq!(columns(&browser).await, 1, "stacked on narrow paper");
        browser.set_layout_width(None).await;

        let pdf = browser
            .devtools("Page.printToPDF", json!({ "printBackground": false }))
            .await;
        let data = pdf["data"].as_str().unwrap_or_default();
        // Base64 of "%PDF-".
        assert!(data.starts_with("JVBERi0"), "print-to-PDF makes a PDF");
        assert!(
            data.len() > 20_000,
            "with the article in it ({} bytes of base64)",
            data.len()
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
