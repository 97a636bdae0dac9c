//! The side-by-side layout: level columns on a wide window, stacked on a phone.

use duet_core::Article;
use serde_json::json;

use super::bounded;
use crate::harness::bundle::full_pairs;
use crate::harness::{Browser, Site};

/// The page rectangles (top, bottom, left, right) of the lead and other columns
/// of each of the first few pairs with both languages.
async fn column_rects(browser: &Browser, article: &Article) -> Vec<(String, [f64; 4], [f64; 4])> {
    let ids: Vec<String> = full_pairs(article)
        .into_iter()
        .take(6)
        .map(|pair| pair.id.clone())
        .collect();
    assert!(!ids.is_empty(), "the article has pairs in both languages");
    let value = browser
        .js(
            r"const rect = (element) => {
                   const r = element.getBoundingClientRect();
                   return [r.top, r.bottom, r.left, r.right];
               };
               return arguments[0].map((id) => {
                   const pair = document.getElementById(id);
                   return [id, rect(pair.querySelector(':scope > .col-lead')),
                           rect(pair.querySelector(':scope > .col-other'))];
               });",
            vec![json!(ids)],
        )
        .await;
    serde_json::from_value(value).expect("rectangles as [id, [4], [4]]")
}

#[tokio::test]
async fn side_by_side_pairs_start_at_the_same_height_on_a_wide_window() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let browser = site.browser().await;
        browser.set_window_size(1280, 900).await;
        browser
            .open_article(&article.meta.slug, "view=side&lead=zh")
            .await;
        browser.wait_for(".article-body.view-side .col-other").await;

        for (id, lead, other) in column_rects(&browser, article).await {
            assert!(
                (lead[0] - other[0]).abs() <= 2.0,
                "pair {id}: the columns start at {} and {}",
                lead[0],
                other[0]
            );
            assert!(
                other[2] >= lead[3],
                "pair {id}: the translation sits right of the lead ({lead:?} vs {other:?})"
            );
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn side_by_side_pairs_stack_on_a_narrow_window() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let browser = site.browser().await;
        browser.set_window_size(360, 800).await;
        browser
            .open_article(&article.meta.slug, "view=side&lead=zh")
            .await;
        browser.wait_for(".article-body.view-side .col-other").await;
        let width = browser.js("return window.innerWidth;", Vec::new()).await;
        assert!(
            width.as_f64().is_some_and(|width| width <= 400.0),
            "the window is narrow (inner width {width})"
        );

        for (id, lead, other) in column_rects(&browser, article).await {
            assert!(
                other[0] > lead[1] - 1.0,
                "pair {id}: the translation (top {}) sits under the lead (bottom {})",
                other[0],
                lead[1]
            );
        }
        // Stacked text must not run off the side of a phone screen.
        let overflow = browser
            .js(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                Vec::new(),
            )
            .await;
        assert!(
            overflow.as_f64().is_some_and(|overflow| overflow <= 1.0),
            "the page scrolls sideways by {overflow} px"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
