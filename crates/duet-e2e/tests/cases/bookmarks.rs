//! Bookmarks: a toggle in the article's head (a button with `aria-pressed`), kept
//! across reloads, marked on the library card and listed on the "Saved" page.

use serde_json::Value as Json;

use super::{bounded, card};
use crate::harness::bundle::title;
use crate::harness::Site;

const TOGGLE: &str = ".article-head button.bookmark-toggle";

#[tokio::test]
async fn a_bookmark_is_toggled_listed_and_survives_a_reload() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let browser = site.browser().await;

        browser.goto("/words").await;
        let empty = browser.text(".bookmarks-section .empty").await;
        assert!(empty.contains("No bookmarks yet"), "{empty:?}");

        browser.goto(&format!("/a/{slug}")).await;
        assert_eq!(
            browser.attr(TOGGLE, "aria-pressed").await.as_deref(),
            Some("false")
        );
        assert_eq!(browser.text(TOGGLE).await, "☆ Bookmark");
        browser.click(TOGGLE).await;
        browser
            .wait_for(&format!("{TOGGLE}[aria-pressed=\"true\"]"))
            .await;
        // A toggle keeps its name; the state is in aria-pressed (and the star).
        assert_eq!(browser.text(TOGGLE).await, "★ Bookmark");
        let stored: Json =
            serde_json::from_str(&browser.stored("duet.bookmarks").await.unwrap_or_default())
                .expect("bookmarks are stored as JSON");
        assert_eq!(stored["version"], 1);
        assert_eq!(stored["bookmarks"][0]["slug"], slug.as_str());

        browser.refresh().await;
        browser
            .wait_for(&format!("{TOGGLE}[aria-pressed=\"true\"]"))
            .await;

        // Marked in the library, listed on the Saved page with a link back.
        browser.goto("/").await;
        browser
            .wait_for(&format!("{} .bookmarked-mark", card(slug)))
            .await;
        assert_eq!(browser.count(".card .bookmarked-mark").await, 1);
        assert_eq!(
            browser
                .text(&format!("{} .bookmarked-mark", card(slug)))
                .await,
            "★ Bookmarked"
        );
        browser.click("a.saved-link").await;
        let item = format!(".bookmark-item[data-slug=\"{slug}\"] a");
        let en_title = title(&article.meta, duet_core::Lang::En).to_string();
        browser
            .wait_js(
                "the bookmark's title from the catalog",
                &format!(
                    "document.querySelector({}).innerText.trim() === {}",
                    serde_json::json!(item),
                    serde_json::json!(en_title)
                ),
            )
            .await;
        browser.click(&item).await;
        browser
            .wait_for(&format!(
                ".article-page[data-slug=\"{slug}\"] {TOGGLE}[aria-pressed=\"true\"]"
            ))
            .await;

        // Off again: gone from the list.
        browser.click(TOGGLE).await;
        browser
            .wait_for(&format!("{TOGGLE}[aria-pressed=\"false\"]"))
            .await;
        browser.goto("/words").await;
        browser.wait_for(".bookmarks-section .empty").await;
        assert_eq!(browser.count(".bookmark-item").await, 0);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
