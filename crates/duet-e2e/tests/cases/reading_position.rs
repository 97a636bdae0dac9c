//! Reading positions: the paragraph at the top of the screen is remembered while the
//! reader scrolls, the article opens there again after a reload (unless the address
//! names a paragraph), and the library card offers to continue reading.

use serde_json::{json, Value as Json};

use super::{bounded, card};
use crate::harness::{Browser, Site};

/// The pair stored as the reader's place in `slug`, if any.
async fn stored_pair(browser: &Browser, slug: &str) -> Option<String> {
    let stored: Json =
        serde_json::from_str(&browser.stored("duet.positions").await.unwrap_or_default())
            .unwrap_or(Json::Null);
    assert!(
        stored.is_null() || stored["version"] == 1,
        "positions are stored with a version: {stored}"
    );
    stored["positions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|position| position["slug"] == slug)
        .and_then(|position| position["pair"].as_str().map(String::from))
}

/// Scrolls pair `pair` of `slug` to the top of the window, as reading down to it
/// would, and waits until the app has stored it as the place.
async fn read_up_to(browser: &Browser, slug: &str, pair: &str) {
    browser
        .js(
            "document.getElementById(arguments[0]).scrollIntoView(); return true;",
            vec![json!(pair)],
        )
        .await;
    browser
        .wait_until("the place to be stored", || async {
            stored_pair(browser, slug).await.as_deref() == Some(pair)
        })
        .await;
}

/// A script condition: the top of the element with `id` is near the top of the window.
fn near_top(id: &str) -> String {
    format!(
        "(() => {{ const element = document.getElementById({}); if (!element) return false; \
         const top = element.getBoundingClientRect().top; return top >= 0 && top < 200; }})()",
        json!(id)
    )
}

#[tokio::test]
async fn the_place_is_kept_restored_after_a_reload_and_offered_on_the_card() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        // A paragraph well inside the article, with enough text after it to scroll
        // it to the top of the window.
        let pair = &article.pairs[(article.pairs.len() / 3).max(1)].id;
        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}?view=side")).await;
        browser.wait_for(&format!("[id=\"{pair}\"]")).await;
        assert_eq!(stored_pair(&browser, slug).await, None, "nothing read yet");

        read_up_to(&browser, slug, pair).await;

        // Reloaded without a paragraph in the address: back at the place, and told so.
        browser.refresh().await;
        browser.wait_for(".resumed").await;
        browser
            .wait_js(&format!("{pair} at the top of the window"), &near_top(pair))
            .await;
        assert!(browser
            .text(".resumed")
            .await
            .contains("back where you left off"));

        // "Start from the top" does what it says.
        browser.click(".resumed button.from-start").await;
        browser
            .wait_js("the page at the top", "window.scrollY === 0")
            .await;
        assert_eq!(browser.count(".resumed").await, 0);

        // The library card offers to continue, to that paragraph.
        browser.goto("/").await;
        let link = format!("{} a.continue-reading", card(slug));
        assert_eq!(browser.text(&link).await, "Continue reading →");
        let href = browser.attr(&link, "href").await.unwrap_or_default();
        assert!(href.ends_with(&format!("/a/{slug}#{pair}")), "{href}");
        let others = site.bundle.catalog.articles.len() - 1;
        assert_eq!(
            browser.count(".card a.continue-reading").await,
            1,
            "only the article read ({others} others untouched)"
        );
        browser.click(&link).await;
        browser
            .wait_js(
                &format!("{pair} at the top after Continue"),
                &near_top(pair),
            )
            .await;

        // A link to another paragraph wins over the stored place, and no notice.
        // (From another page: a change of fragment alone does not load the page.)
        let first = &article.pairs[0].id;
        browser.goto("/").await;
        browser.wait_for(&card(slug)).await;
        browser.goto(&format!("/a/{slug}#{first}")).await;
        browser
            .wait_for(&format!("[id=\"{first}\"].targeted"))
            .await;
        assert_eq!(browser.count(".resumed").await, 0);

        // The interface's other language says the same.
        browser.goto("/").await;
        browser.click("button.ui-lang[lang=\"zh-Hans\"]").await;
        browser
            .wait_js(
                "the card's link in Chinese",
                &format!(
                    "document.querySelector({}).innerText.trim() === '继续阅读 →'",
                    json!(link)
                ),
            )
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn the_back_where_you_left_off_notice_goes_by_itself() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let pair = &article.pairs[(article.pairs.len() / 3).max(1)].id;
        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}?view=side")).await;
        read_up_to(&browser, slug, pair).await;
        browser.refresh().await;
        browser.wait_for(".resumed").await;
        // It covers text, so it does not stay (eight seconds; the wait allows ten).
        browser
            .wait_js("the notice to go", "!document.querySelector('.resumed')")
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
