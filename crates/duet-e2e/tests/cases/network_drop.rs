//! The network dropping mid-navigation: the library is open, the server goes away,
//! the reader opens an article: the error view names the file with Retry, the
//! library keeps working, and once the network is back Retry shows the article.

use duet_core::Lang;
use serde_json::json;

use super::{bounded, card};
use crate::harness::bundle::title;
use crate::harness::Site;

#[tokio::test]
async fn an_article_opened_while_the_network_is_down_shows_after_retry() {
    bounded(async {
        let mut site = Site::start();
        let article = site.bundle.bilingual();
        let slug = article.meta.slug.clone();
        let en_title = title(&article.meta, Lang::En).to_string();
        let articles = site.bundle.catalog.articles.len();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(&card(&slug)).await;

        site.stop_server();
        browser
            .click(&format!("{} .card-titles a", card(&slug)))
            .await;
        browser.wait_for(".status.error").await;
        let detail = browser.text(".status.error .error-detail").await;
        let named = format!("data/articles/{slug}.json");
        assert!(
            detail.contains(&named),
            "the error {detail:?} names {named}"
        );
        assert_eq!(browser.text(".status.error button").await, "Retry");
        assert_eq!(browser.count(".article-body").await, 0);

        // The rest of the app keeps working without the network.
        browser.click(".status.error a").await;
        browser.wait_for(&card(&slug)).await;
        assert_eq!(browser.count(".card").await, articles);
        browser
            .click(&format!("{} .card-titles a", card(&slug)))
            .await;
        browser.wait_for(".status.error").await;

        // The network is back: Retry shows the article.
        site.restart_server();
        browser.click(".status.error button").await;
        browser
            .wait_js(
                "the article's title after Retry",
                &format!(
                    "(document.querySelector('.article-head h1') || {{}}).innerText === {}",
                    json!(en_title)
                ),
            )
            .await;
        browser.wait_for(".article-body .pair").await;
        assert_eq!(browser.count(".status.error").await, 0, "the error is gone");
        browser.click("a.site-title").await;
        browser.wait_for(&card(&slug)).await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
