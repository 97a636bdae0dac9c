//! The page's own guarantees to operators: a strict Content-Security-Policy that
//! nothing in the app breaks, and no request to anywhere but the app's origin.

use super::{bounded, card};
use crate::harness::{Browser, Site};

/// Directives the policy must carry, as issue 5 asks.
const REQUIRED: [&str; 4] = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "object-src 'none'",
    "base-uri 'none'",
];

/// Library, tag filter, an article in every view, an FAQ entry, search, an unknown
/// route and back: most of what the app can do, in one page load.
async fn tour(browser: &Browser, site: &Site) {
    let article = site.bundle.bilingual();
    let slug = &article.meta.slug;
    browser.goto("/").await;
    browser.wait_for(&card(slug)).await;
    browser
        .click(&format!("{} .card-titles a", card(slug)))
        .await;
    browser
        .wait_for(&format!(".article-page[data-slug=\"{slug}\"]"))
        .await;
    for (view, class) in [
        ("zh", "single"),
        ("en", "single"),
        ("side", "side"),
        ("inter", "inter"),
    ] {
        browser
            .click(&format!("button.view-button[data-view=\"{view}\"]"))
            .await;
        browser
            .wait_for(&format!(".article-body.view-{class}"))
            .await;
    }
    browser.click("a.site-title").await;
    browser.wait_for(&card(slug)).await;
    let word = article
        .meta
        .head
        .en
        .as_ref()
        .and_then(|head| head.title.split_whitespace().find(|word| word.len() > 4))
        .unwrap_or("model")
        .to_string();
    browser.type_into("#search-input", &word).await;
    browser
        .wait_for("section.search-results[data-state=done] li.search-hit")
        .await;
    browser.click("li.search-hit a.hit-link").await;
    browser.wait_for(".article-page").await;
    browser.goto("/no/such/page").await;
    browser.wait_for(".not-found").await;
    browser.back().await;
    browser.wait_for(".article-page").await;
}

/// Every resource the page loaded, as `[url, initiator]`, and the page's origin.
async fn requests(browser: &Browser) -> (Vec<String>, String) {
    let found = browser
        .js(
            "return [location.origin, performance.getEntriesByType('navigation')
                .concat(performance.getEntriesByType('resource'))
                .map((entry) => entry.name + ' (' + (entry.initiatorType || 'document') + ')')];",
            Vec::new(),
        )
        .await;
    let origin = found[0].as_str().unwrap_or_default().to_string();
    let urls = found[1]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|url| url.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    (urls, origin)
}

async fn tour_is_strict_and_local(site: &Site) {
    let browser = site.browser().await;
    browser.goto("/").await;
    let policy = browser
        .attr("meta[http-equiv=\"Content-Security-Policy\"]", "content")
        .await
        .expect("the page declares a Content-Security-Policy");
    for directive in REQUIRED {
        assert!(
            policy.contains(directive),
            "{directive:?} missing from {policy:?}"
        );
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(
        browser.count("script:not([src])").await,
        0,
        "no inline script: the policy would block it"
    );

    tour(&browser, site).await;
    // Includes every CSP violation the page reported (see the error recorder).
    browser.assert_no_errors().await;
    let (urls, origin) = requests(&browser).await;
    assert!(
        urls.len() > 5,
        "the tour loaded the app and its data: {urls:?}"
    );
    let foreign: Vec<&String> = urls
        .iter()
        .filter(|url| !url.starts_with(&format!("{origin}/")))
        .collect();
    assert!(foreign.is_empty(), "requests beyond {origin}: {foreign:?}");
    browser.close().await;
}

#[tokio::test]
async fn a_full_tour_breaks_no_policy_and_stays_on_the_origin() {
    bounded(async { tour_is_strict_and_local(&Site::start()).await }).await;
}

#[tokio::test]
async fn the_same_tour_under_a_sub_path_stays_inside_it() {
    bounded(async {
        let site = Site::start_under("/docs/duet/");
        tour_is_strict_and_local(&site).await;
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        let (urls, origin) = requests(&browser).await;
        let outside: Vec<&String> = urls
            .iter()
            .filter(|url| !url.starts_with(&format!("{origin}/docs/duet/")))
            .collect();
        assert!(
            outside.is_empty(),
            "requests outside the sub-path: {outside:?}"
        );
        browser.close().await;
    })
    .await;
}
