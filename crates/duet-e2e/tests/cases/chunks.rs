//! The parts of the app loaded on first use (wasm chunks of the split build): the
//! library fetches only its own, an article none before the app has drawn it, each
//! one opens first from a deep link, and a chunk that cannot be fetched shows an
//! error with Retry, never a broken page.

use duet_core::{spans_text, Block, Lang};
use serde_json::json;

use super::bounded;
use crate::harness::bundle::block;
use crate::harness::{Browser, Site};

/// The wasm files the page has fetched so far (their file names).
async fn fetched_wasm(browser: &Browser) -> Vec<String> {
    let value = browser
        .js(
            "return performance.getEntriesByType('resource').map((entry) => entry.name)
                .filter((name) => name.endsWith('.wasm'))
                .map((name) => name.split('/').pop());",
            Vec::new(),
        )
        .await;
    serde_json::from_value(value).expect("resource names are strings")
}

/// A long English word of the bilingual article's first English paragraph, which a
/// search finds.
fn english_word(site: &Site) -> String {
    let article = site.bundle.bilingual();
    article
        .pairs
        .iter()
        .filter_map(|pair| match block(article, pair, Lang::En) {
            Some(Block::Paragraph { sentences, .. }) => Some(
                sentences
                    .iter()
                    .map(|sentence| spans_text(sentence))
                    .collect::<String>(),
            ),
            _ => None,
        })
        .flat_map(|text| {
            text.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|word| word.len() >= 9)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .next()
        .expect("an English paragraph with a long word")
}

#[tokio::test]
async fn the_library_fetches_no_chunk_of_search_saved_or_the_word_popover() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        browser.wait_for(".reader-data").await;
        let fetched = fetched_wasm(&browser).await;
        // The build is split: the library's own parts came as chunks.
        assert!(
            fetched.iter().any(|name| name == "split_transfer.wasm"),
            "the reader-data panel is a chunk of its own: {fetched:?}"
        );
        for chunk in [
            "split_search.wasm",
            "split_saved.wasm",
            "split_popover.wasm",
        ] {
            assert!(
                !fetched.iter().any(|name| name == chunk),
                "{chunk} was fetched to show the library: {fetched:?}"
            );
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

// The library is a chunk too (an article page does not need it), so that a library
// address pays no round trip for it after the main module starts, boot.js asks for
// its files with the page's other early fetches.
#[tokio::test]
async fn the_librarys_chunk_is_fetched_with_the_page_and_only_once() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        let fetches = browser
            .js(
                "return performance.getEntriesByType('resource')
                   .filter((entry) => entry.name.endsWith('/split_library.wasm'))
                   .map((entry) => entry.initiatorType);",
                Vec::new(),
            )
            .await;
        assert_eq!(
            fetches,
            json!(["link"]),
            "one fetch of the library's chunk, by the preload boot.js adds"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

// The first download of an article page is the reading path only: read-aloud's
// chunk waits until the app has drawn the article (it used to be fetched with it).
#[tokio::test]
async fn an_article_fetches_no_chunk_before_the_app_has_drawn_it() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}")).await;
        browser.wait_for_app().await;
        browser.wait_for(".read-aloud, .read-aloud-missing").await;
        let early = browser
            .js(
                "const drawn = performance.getEntriesByName('duet-app-drawn')[0];
                 if (!drawn) { return ['no duet-app-drawn mark']; }
                 return performance.getEntriesByType('resource')
                   .filter((entry) => entry.startTime <= drawn.startTime)
                   .map((entry) => entry.name.split('/').pop())
                   .filter((name) => name.endsWith('.wasm') && !name.endsWith('_bg.wasm'));",
                Vec::new(),
            )
            .await;
        assert_eq!(early, json!([]), "fetched before the app drew the article");
        assert!(fetched_wasm(&browser)
            .await
            .contains(&"split_read_aloud.wasm".to_string()));
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn search_opened_first_from_a_deep_link_loads_its_chunk_and_finds() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let word = english_word(&site);
        let browser = site.browser().await;
        browser.goto(&format!("/search?q={word}")).await;
        browser
            .wait_for(".search-results[data-state=\"done\"]")
            .await;
        browser
            .wait_for(&format!(".search-results a[href*=\"/a/{slug}\"]"))
            .await;
        assert!(fetched_wasm(&browser)
            .await
            .contains(&"split_search.wasm".to_string()));
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn the_saved_page_opened_first_from_a_deep_link_loads_its_chunk() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/words").await;
        browser.wait_for(".saved-page .vocab-page").await;
        assert!(fetched_wasm(&browser)
            .await
            .contains(&"split_saved.wasm".to_string()));
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn the_word_popover_loads_its_chunk_when_the_first_word_is_opened() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let browser = site.browser().await;
        browser.open_article(&slug, "view=zh&lead=zh").await;
        browser
            .wait_for(".article-body.view-single p.words .w")
            .await;
        browser.wait_for(".read-aloud, .read-aloud-missing").await;
        assert!(
            !fetched_wasm(&browser)
                .await
                .contains(&"split_popover.wasm".to_string()),
            "the popover's chunk is fetched only when a word is opened"
        );
        browser.click(".article-body.view-single p.words .w").await;
        browser.wait_for(".word-popover .popover-word").await;
        assert!(fetched_wasm(&browser)
            .await
            .contains(&"split_popover.wasm".to_string()));
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

// Guards leptos#4785: a chunk that fails to load must not panic (which aborts the
// whole module) but show an error the reader can retry from.
#[tokio::test]
async fn a_chunk_that_cannot_be_fetched_shows_an_error_and_retry_loads_it() {
    bounded(async {
        let site = Site::start();
        let word = english_word(&site);
        let browser = site.browser().await;
        browser.block_urls(&["*split_search.wasm"]).await;
        browser.goto(&format!("/search?q={word}")).await;
        browser
            .wait_for(".chunk-error[role=\"alert\"] button")
            .await;
        assert!(browser
            .text(".chunk-error")
            .await
            .contains("could not be loaded"));
        // The rest of the app still works: the header's search box is there.
        browser.wait_for(".site-header").await;

        browser.block_urls(&[]).await;
        browser.click(".chunk-error button").await;
        browser
            .wait_for(".search-results[data-state=\"done\"]")
            .await;
        assert_eq!(browser.count(".chunk-error").await, 0);
        browser.close().await;
    })
    .await;
}

// The library is the page most visits start from: when its chunk cannot be fetched
// the reader gets the same error and Retry as any other part, not an empty page.
#[tokio::test]
async fn the_library_shows_an_error_and_retry_when_its_chunk_cannot_be_fetched() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.block_urls(&["*split_library.wasm"]).await;
        browser.goto("/").await;
        browser
            .wait_for(".chunk-error[role=\"alert\"] button")
            .await;
        assert_eq!(browser.count(".card").await, 0);
        browser.wait_for(".site-header").await;

        browser.block_urls(&[]).await;
        browser.click(".chunk-error button").await;
        browser.wait_for(".card").await;
        assert_eq!(browser.count(".chunk-error").await, 0);
        browser.close().await;
    })
    .await;
}

// The chunks are fetched only when a part is first opened, which may be offline:
// the service worker precaches every one of them with the rest of the shell.
#[tokio::test]
async fn a_part_never_opened_online_opens_with_the_server_gone() {
    bounded(async {
        let mut site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        browser
            .wait_js(
                "a service worker to control the page",
                "navigator.serviceWorker && navigator.serviceWorker.controller",
            )
            .await;
        assert!(!fetched_wasm(&browser)
            .await
            .contains(&"split_saved.wasm".to_string()));

        site.stop_server();
        browser.goto("/words").await;
        browser.wait_for(".saved-page .vocab-page").await;
        assert_eq!(browser.count(".chunk-error").await, 0);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
