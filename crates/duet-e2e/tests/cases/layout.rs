//! Layout at every width a reader brings: no page scrolls sideways, from a 320 px
//! phone to a desktop, at the default and the largest text size, in every view.
//! Wide content (code, tables, formulas) scrolls inside its own box instead.

use super::bounded_for;
use crate::harness::{Browser, Site};

/// Phone, small phone, common phone, tablet, small laptop, desktop.
const WIDTHS: [u32; 6] = [320, 360, 390, 768, 1024, 1280];

/// The default text size and the largest (the A+ button's last step).
const FONT_STEPS: [&str; 2] = ["0", "4"];

/// How far the page reaches past the window's right edge, in CSS pixels, and the
/// elements that stick out furthest (to say what to fix).
async fn overflow(browser: &Browser) -> (i64, String) {
    let value = browser
        .js(
            r"const root = document.documentElement;
            const width = root.clientWidth;
            const culprits = Array.from(document.querySelectorAll('body *'))
              .filter((element) => element.getBoundingClientRect().right > width + 1)
              // Inside a box that scrolls or clips, sticking out is fine.
              .filter((element) => {
                for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
                  const style = getComputedStyle(up);
                  if (style.overflowX !== 'visible') return false;
                }
                return true;
              })
              .slice(0, 3)
              .map((element) => element.tagName.toLowerCase() +
                (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\s+/).join('.') : '') +
                ' (' + Math.round(element.getBoundingClientRect().right) + ' px)');
            return [root.scrollWidth - width, culprits.join(', ')];",
            Vec::new(),
        )
        .await;
    let excess = value[0].as_i64().expect("a width difference");
    let culprits = value[1].as_str().unwrap_or_default().to_string();
    (excess, culprits)
}

/// The open page at every width and text size: one line for each where it is
/// wider than the window.
async fn too_wide(browser: &Browser, route: &str) -> Vec<String> {
    let mut found = Vec::new();
    for step in FONT_STEPS {
        browser
            .js(
                "document.documentElement.dataset.fontStep = arguments[0]; return true;",
                vec![step.into()],
            )
            .await;
        for width in WIDTHS {
            browser.set_layout_width(Some(width)).await;
            let (excess, culprits) = overflow(browser).await;
            if excess > 0 {
                found.push(format!(
                    "{route} at {width} px, text size {step}: {excess} px too wide ({culprits})"
                ));
            }
        }
    }
    found
}

#[tokio::test]
async fn no_page_scrolls_sideways_at_any_width_or_text_size() {
    bounded_for(400, async {
        let site = Site::start();
        let bilingual = site.bundle.bilingual().meta.slug.clone();
        let mut routes = vec!["/".to_string(), "/search?q=AI".into(), "/words".into()];
        for view in ["side", "inter", "zh", "en"] {
            routes.push(format!("/a/{bilingual}?view={view}"));
        }
        // Every article side by side: the widest view, with its code and tables.
        for meta in &site.bundle.catalog.articles {
            routes.push(format!("/a/{}?view=side", meta.slug));
        }
        let browser = site.browser().await;
        let mut found = Vec::new();
        // The same for the pre-rendered pages, read before (or without) the app.
        let static_routes: Vec<String> = site
            .bundle
            .catalog
            .articles
            .iter()
            .map(|meta| format!("/a/{}/?view=side", meta.slug))
            .collect();
        browser.block_app_code(true).await;
        for route in static_routes.iter().chain(&routes) {
            if route == &routes[0] {
                browser.block_app_code(false).await;
            }
            browser.set_layout_width(None).await;
            if static_routes.contains(route) {
                browser.goto_static(route).await;
                browser.wait_for("#prerender .article-body").await;
            } else {
                browser.goto(route).await;
                browser.wait_for("#main > *").await;
            }
            found.extend(too_wide(&browser, route).await);
        }
        browser.close().await;
        assert!(
            found.is_empty(),
            "pages wider than the window:\n{}",
            found.join("\n")
        );
    })
    .await;
}

#[tokio::test]
async fn on_a_phone_the_article_text_starts_on_the_first_screen() {
    super::bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let browser = site.browser().await;
        // A common phone screen, 390 × 844 CSS pixels; the abstract folds to three
        // lines there (the whole of it a tap away).
        browser.set_layout_size(Some((390, 844))).await;
        for ui in ["en", "zh"] {
            browser.goto("/").await;
            crate::harness::axe::choose(&browser, &[("ui_lang", ui)]).await;
            browser.open_article(&slug, "view=side").await;
            let first_line = browser
                .js(
                    "const block = document.querySelector('.article-body .pair .blk');
                     return Math.round(block.getBoundingClientRect().top + 24);",
                    Vec::new(),
                )
                .await
                .as_i64()
                .unwrap_or(i64::MAX);
            assert!(
                first_line <= 844,
                "{ui}: the first line of text ends at {first_line} px"
            );
            assert!(
                browser.text(".abstract .abstract-more").await.len() > 2,
                "{ui}: the folded abstract offers the rest"
            );
            browser.click(".abstract .abstract-more").await;
            browser
                .wait_js(
                    "the abstract unfolded",
                    "(() => { const p = document.querySelector('.abstract p');
                       return p.scrollHeight <= p.clientHeight + 1; })()",
                )
                .await;
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn long_addresses_words_tables_and_code_stay_inside_a_phone() {
    bounded_for(200, async {
        // Our own fixture of wide content, served as the site's whole bundle.
        let site = Site::start_copy();
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wide-content");
        duet_bundle::commands::build(&fixture, Some(&site.data_file("")))
            .expect("the wide-content fixture builds");
        let browser = site.browser().await;
        let mut found = Vec::new();
        for view in ["side", "inter", "zh", "en"] {
            let route = format!("/a/wide?view={view}");
            browser.set_layout_width(None).await;
            browser.goto(&route).await;
            browser.wait_for(".article-body table").await;
            found.extend(too_wide(&browser, &route).await);
        }
        browser.close().await;
        assert!(
            found.is_empty(),
            "wide content pushed the page wider:\n{}",
            found.join("\n")
        );
    })
    .await;
}
