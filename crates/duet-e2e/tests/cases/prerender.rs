//! Pre-rendered article pages: the article is readable before the app runs (here,
//! with the WebAssembly blocked), in the view the reader asked for, and the app's
//! own page then takes its place without the text moving.

use serde_json::{json, Value as Json};

use super::bounded;
use crate::harness::bundle::full_pairs;
use crate::harness::{Browser, Site};

/// The visible blocks of pair `id` in reading order: language, text, and the
/// page rectangle (top, left).
const VISIBLE_BLOCKS: &str = r"
const pair = document.getElementById(arguments[0]);
const blocks = Array.from(pair.querySelectorAll('.blk'))
  .filter((block) => block.getClientRects().length > 0)
  .map((block) => {
    const rect = block.getBoundingClientRect();
    return [block.dataset.lang || ('missing-' + block.dataset.missing),
            block.innerText.trim(), Math.round(rect.top + scrollY), Math.round(rect.left)];
  });
blocks.sort((a, b) => (a[2] - b[2]) || (a[3] - b[3]));
return blocks;";

async fn visible_blocks(browser: &Browser, id: &str) -> Vec<(String, String, i64, i64)> {
    let value = browser.js(VISIBLE_BLOCKS, vec![json!(id)]).await;
    serde_json::from_value(value).expect("blocks as [lang, text, top, left]")
}

/// The visible text of the first `h1` shown.
async fn visible_title(browser: &Browser) -> String {
    browser
        .js_string(
            "const shown = Array.from(document.querySelectorAll('h1'))
               .find((h) => h.getClientRects().length > 0);
             return shown ? shown.innerText.trim() : '';",
        )
        .await
}

#[tokio::test]
async fn the_pre_rendered_page_shows_each_view_as_the_app_then_draws_it() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let pair = full_pairs(article)
            .first()
            .map(|pair| pair.id.clone())
            .expect("the article has a pair in both languages");
        let browser = site.browser().await;
        browser.set_window_size(1280, 900).await;

        for query in [
            "view=side&lead=en",
            "view=zh",
            "view=en",
            "view=inter&lead=en",
        ] {
            let route = format!("/a/{slug}?{query}");
            browser.block_app_code(true).await;
            browser.goto_static(&route).await;
            browser.wait_for("#prerender .article-body .pair").await;
            // Without its code the app cannot start: the reader is told, and the
            // article stays readable.
            browser
                .wait_js(
                    "the start-up failure notice",
                    "document.getElementById('boot') && !document.getElementById('boot').hidden",
                )
                .await;
            assert!(
                browser.text("#boot").await.contains("Reload"),
                "{query}: the failure notice offers a way forward"
            );
            // Where the text sits on a normal start, which has no such notice.
            browser
                .js(
                    "document.getElementById('boot').remove(); return true;",
                    Vec::new(),
                )
                .await;
            let before = visible_blocks(&browser, &pair).await;
            let title_before = visible_title(&browser).await;

            browser.block_app_code(false).await;
            browser.goto(&route).await;
            browser.wait_for("#main .article-body .pair").await;
            let after = visible_blocks(&browser, &pair).await;
            let title_after = visible_title(&browser).await;

            assert_eq!(title_before, title_after, "{query}: the title shown");
            let texts = |blocks: &[(String, String, i64, i64)]| -> Vec<(String, String)> {
                blocks
                    .iter()
                    .map(|(lang, text, _, _)| (lang.clone(), text.clone()))
                    .collect()
            };
            assert_eq!(
                texts(&before),
                texts(&after),
                "{query}: pair {pair} reads alike"
            );
            for ((lang, _, top, left), (_, _, app_top, app_left)) in before.iter().zip(&after) {
                assert!(
                    (top - app_top).abs() <= 24 && (left - app_left).abs() <= 2,
                    "{query}: the {lang} block of {pair} moved from ({top}, {left}) \
                     to ({app_top}, {app_left}) when the app took over"
                );
            }
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_one_language_article_is_pre_rendered_alone_with_its_notice() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.one_language()[0];
        let browser = site.browser().await;
        browser.block_app_code(true).await;
        browser
            .goto_static(&format!("/a/{}?view=side", article.meta.slug))
            .await;
        browser.wait_for("#prerender .one-language").await;
        let langs: Json = browser
            .js(
                "return Array.from(document.querySelectorAll('#prerender .blk'))
                   .filter((block) => block.getClientRects().length > 0)
                   .map((block) => block.dataset.lang);",
                Vec::new(),
            )
            .await;
        let only = article.body.langs()[0].code();
        let langs = langs.as_array().expect("a list of languages");
        assert!(!langs.is_empty(), "the article's text shows");
        assert!(
            langs.iter().all(|lang| lang == only),
            "only {only} shows: {langs:?}"
        );
        browser.close().await;
    })
    .await;
}

/// Widths the takeover is measured at: phones, a tablet, laptops.
const TAKEOVER_WIDTHS: [u32; 6] = [320, 360, 390, 768, 1024, 1280];

/// Where the first block of the article body a reader sees sits on the page (top,
/// left), with the heights above it (header / article head / tools / hint) to say
/// which one differs when it moved.
async fn first_block_position(browser: &Browser) -> (i64, i64, String) {
    let value = browser
        .js(
            "const shown = Array.from(document.querySelectorAll('.article-body .pair .blk'))
               .filter((block) => block.getClientRects().length > 0)
               .map((block) => block.getBoundingClientRect())
               .map((rect) => [Math.round(rect.top + scrollY), Math.round(rect.left)]);
             // The first in reading order (the page may order columns by CSS).
             shown.sort((a, b) => (a[0] - b[0]) || (a[1] - b[1]));
             const height = (css) => {
               const element = Array.from(document.querySelectorAll(css)).find((e) => e.getClientRects().length > 0);
               return element ? Math.round(element.getBoundingClientRect().height) : -1;
             };
             return [shown[0][0], shown[0][1], [height('.site-header'), height('.article-head'), height('.reading-tools'), height('.hint')].join('/')];",
            Vec::new(),
        )
        .await;
    serde_json::from_value(value).expect("a position as [top, left, heights]")
}

#[tokio::test]
async fn the_text_does_not_move_when_the_app_takes_over_at_any_width() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let browser = site.browser().await;
        let route = format!("/a/{slug}?view=side");
        let mut moved = Vec::new();
        for (theme, ui) in [("light", "en"), ("dark", "en"), ("light", "zh"), ("dark", "zh")] {
            browser.goto(&route).await;
            crate::harness::axe::choose(&browser, &[("theme", theme), ("ui_lang", ui)]).await;
            for width in TAKEOVER_WIDTHS {
                browser.set_layout_width(Some(width)).await;
                browser.block_app_code(true).await;
                browser.goto_static(&route).await;
                browser.wait_for("#prerender .article-body .pair").await;
                browser
                    .js("const boot = document.getElementById('boot'); if (boot) boot.remove(); return true;", Vec::new())
                    .await;
                let before = first_block_position(&browser).await;
                browser.block_app_code(false).await;
                browser.goto(&route).await;
                browser.wait_for("#main .article-body .pair").await;
                let after = first_block_position(&browser).await;
                if (before.0 - after.0).abs() > 2 || (before.1 - after.1).abs() > 2 {
                    moved.push(format!(
                        "{width} px, {ui} interface, {theme} theme: from {before:?} to {after:?}"
                    ));
                }
            }
        }
        assert!(moved.is_empty(), "the first block moved at takeover:\n{}", moved.join("\n"));
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
