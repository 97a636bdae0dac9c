//! The same build deployed under a sub-path of another site: links, deep links,
//! reloads and data fetches must all stay inside that path.

use super::{bounded, card};
use crate::harness::Site;

const BASE: &str = "/docs/duet/";

#[tokio::test]
async fn the_app_works_under_a_sub_path_including_deep_links_and_reload() {
    bounded(async {
        let site = Site::start_under(BASE);
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let browser = site.browser().await;

        browser.goto("/").await;
        browser.wait_for(&card(slug)).await;
        browser
            .click(&format!("{} .card-titles a", card(slug)))
            .await;
        browser
            .wait_for(&format!(".article-page[data-slug=\"{slug}\"]"))
            .await;
        assert_eq!(browser.path().await, format!("{BASE}a/{slug}"));

        browser
            .click("button.view-button[data-view=\"inter\"]")
            .await;
        browser.wait_for(".article-body.view-inter").await;
        assert_eq!(
            browser.path().await,
            format!("{BASE}a/{slug}?view=inter&lead=en")
        );

        // A reload of a deep address is served the app and shows the same view.
        browser.refresh().await;
        browser.wait_for(".article-body.view-inter").await;

        // The site title leads back to the library inside the sub-path.
        browser.click("a.site-title").await;
        browser.wait_for(&card(slug)).await;
        assert_eq!(browser.path().await, BASE);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
