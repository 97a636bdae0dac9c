//! The one-file edition opened from disk (`file://`), with no server anywhere: the
//! library, an article in every view, Back, a deep link, search, and not one
//! request for anything outside the page.

use duet_core::Lang;

use super::{bounded, card};
use crate::harness::bundle::title;
use crate::harness::{Browser, OneFile};

/// The address's fragment, where the one-file edition keeps its route.
async fn fragment(browser: &Browser) -> String {
    browser.js_string("return location.hash;").await
}

/// Every resource the page loaded that did not come from the page itself
/// (`file:` is the page, `data:` its inline icon and images).
async fn outside_requests(browser: &Browser) -> Vec<String> {
    let value = browser
        .js(
            "return performance.getEntriesByType('resource').map((entry) => entry.name)
                .filter((name) => !name.startsWith('data:'));",
            Vec::new(),
        )
        .await;
    serde_json::from_value(value).expect("resource names are strings")
}

#[tokio::test]
async fn the_one_file_edition_reads_searches_and_navigates_from_disk() {
    bounded(async {
        let edition = OneFile::open();
        let article = edition.bundle.bilingual();
        let slug = article.meta.slug.clone();
        let browser = edition.browser().await;
        browser.goto("").await;

        // The library: every article of the bundle, as from a server.
        browser.wait_for(".card").await;
        assert_eq!(
            browser.count(".card").await,
            edition.bundle.catalog.articles.len(),
            "the library lists every article packed into the page"
        );
        assert_eq!(
            browser.js("return location.protocol;", Vec::new()).await,
            "file:",
            "the page really is opened from disk"
        );

        // An article opens from its card; the route lives in the fragment.
        browser.click(&format!("{} h2 a", card(&slug))).await;
        browser
            .wait_for(&format!(".article-page[data-slug=\"{slug}\"] .pair"))
            .await;
        assert!(
            fragment(&browser).await.starts_with(&format!("#/a/{slug}")),
            "the article's route is in the fragment: {}",
            fragment(&browser).await
        );
        let shown_title = browser.text(".article-page h1").await;
        let expected = [
            title(&article.meta, Lang::En),
            title(&article.meta, Lang::Zh),
        ];
        assert!(
            expected.iter().any(|title| shown_title.contains(title)),
            "the heading {shown_title:?} is the article's title"
        );

        // Every view works and is kept in the address.
        for view in ["zh", "en", "side", "inter"] {
            browser
                .click(&format!("button.view-button[data-view=\"{view}\"]"))
                .await;
            browser
                .wait_until("the view to reach the address", || async {
                    fragment(&browser).await.contains(&format!("view={view}"))
                })
                .await;
            browser
                .wait_for(&format!(
                    "button.view-button[data-view=\"{view}\"][aria-pressed=\"true\"]"
                ))
                .await;
        }
        assert_eq!(
            browser.count(".article-body > .pair").await,
            article.pairs.len(),
            "every pair of the article is on the page"
        );

        // A reload keeps the route, view included (a deep link into the file).
        let before = fragment(&browser).await;
        browser.refresh().await;
        browser
            .wait_for(&format!(".article-page[data-slug=\"{slug}\"] .pair"))
            .await;
        assert_eq!(fragment(&browser).await, before);
        browser
            .wait_for("button.view-button[data-view=\"inter\"][aria-pressed=\"true\"]")
            .await;

        // Back returns to the library.
        browser.goto("#/").await;
        browser.wait_for(".card").await;
        browser.goto(&format!("#/a/{slug}")).await;
        browser
            .wait_for(&format!(".article-page[data-slug=\"{slug}\"] .pair"))
            .await;
        browser.back().await;
        browser.wait_for(".card").await;

        // Search runs on the index packed into the page.
        browser.type_into("#search-input", "agent").await;
        browser
            .wait_for("section.search-results[data-state=\"done\"]")
            .await;
        browser.wait_for("li.search-hit a").await;
        assert!(
            fragment(&browser).await.starts_with("#/search?q="),
            "the search page's route is in the fragment"
        );

        assert_eq!(
            outside_requests(&browser).await,
            Vec::<String>::new(),
            "the page asked for nothing outside itself"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
