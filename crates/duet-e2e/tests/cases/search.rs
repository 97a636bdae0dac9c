//! Searching: typing in the header box shows results as you type, a result opens
//! the article at the passage, and failures say what went wrong.

use duet_core::search::SEARCH_MANIFEST;
use duet_core::{spans_text, Block, Lang};

use super::bounded;
use crate::harness::bundle::block;
use crate::harness::Site;

const DONE: &str = "section.search-results[data-state=\"done\"]";

/// A word from the article's English body long enough to be distinctive.
fn english_word(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 9)
        .max_by_key(|word| word.len())
        .expect("an English paragraph with a long word")
        .to_lowercase()
}

/// Four Chinese characters in a row from the text, typed as one phrase.
fn chinese_phrase(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(4)
        .find(|window| window.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)))
        .expect("a Chinese paragraph with four characters in a row")
        .iter()
        .collect()
}

/// The text of the first paragraph pair of the bilingual article in `lang`.
fn paragraph_text(site: &Site, lang: Lang) -> (String, String) {
    let article = site.bundle.bilingual();
    let pair = article
        .pairs
        .iter()
        .find(|pair| {
            matches!(
                block(article, pair, Lang::Zh),
                Some(Block::Paragraph { .. })
            ) && matches!(
                block(article, pair, Lang::En),
                Some(Block::Paragraph { .. })
            )
        })
        .expect("a bilingual article has a paragraph pair");
    let Some(Block::Paragraph { sentences, .. }) = block(article, pair, lang) else {
        unreachable!("checked above")
    };
    let text = sentences
        .iter()
        .map(|sentence| spans_text(sentence))
        .collect::<String>();
    (pair.id.clone(), text)
}

#[tokio::test]
async fn typing_an_english_word_finds_the_article_and_opens_it_at_the_passage() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let (_, text) = paragraph_text(&site, Lang::En);
        let word = english_word(&text);
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        // The slash key focuses the search box from anywhere on the page.
        browser
            .js("document.body.focus(); return true;", Vec::new())
            .await;
        browser.type_into("body", "/").await;
        browser
            .wait_js(
                "the search box to have focus",
                "document.activeElement && document.activeElement.id === 'search-input'",
            )
            .await;
        browser.type_into("#search-input", &word).await;
        // Results follow every keystroke; wait for the whole word's.
        let full = format!("/search?q={word}");
        browser
            .wait_until("the address to hold the whole query", || async {
                browser.path().await == full
            })
            .await;
        browser.wait_for(DONE).await;
        let hit = format!("li.search-hit[data-slug=\"{slug}\"]");
        browser.wait_for(&hit).await;

        let link = format!("{hit} a.hit-link");
        let pair = browser
            .attr(&link, "data-pair")
            .await
            .expect("a passage names its pair");
        browser.click(&link).await;
        browser
            .wait_for(&format!(".article-page[data-slug=\"{slug}\"]"))
            .await;
        browser
            .wait_for(&format!(".pair.targeted[id=\"{pair}\"]"))
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_chinese_phrase_typed_without_spaces_finds_its_article() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let (pair_id, text) = paragraph_text(&site, Lang::Zh);
        let phrase = chinese_phrase(&text);
        let browser = site.browser().await;
        // Percent-encoded UTF-8, as a shared link carries the query.
        let encoded: String = phrase.bytes().map(|byte| format!("%{byte:02X}")).collect();
        browser.goto(&format!("/search?q={encoded}")).await;
        browser.wait_for(DONE).await;
        let hit = format!("li.search-hit[data-slug=\"{slug}\"]");
        browser.wait_for(&hit).await;
        let passages = browser
            .attrs(&format!("{hit} a.hit-link"), "data-pair")
            .await;
        assert!(
            passages
                .iter()
                .any(|pair| pair.as_deref() == Some(pair_id.as_str())),
            "the paragraph holding {phrase:?} ({pair_id}) is among the passages: {passages:?}"
        );
        // The search box shows the query of a shared link.
        let value = browser
            .js(
                "return document.getElementById('search-input').value;",
                Vec::new(),
            )
            .await;
        assert_eq!(value.as_str(), Some(phrase.as_str()));
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn keyboard_moves_through_results() {
    bounded(async {
        let site = Site::start();
        let (_, text) = paragraph_text(&site, Lang::En);
        let word = english_word(&text);
        let browser = site.browser().await;
        browser.goto(&format!("/search?q={word}")).await;
        browser.wait_for(DONE).await;
        browser.wait_for("li.search-hit a").await;
        browser.type_into("#search-input", "\u{E015}").await; // ArrowDown
        browser
            .wait_js(
                "the first result link to have focus",
                "document.activeElement === document.querySelector('.search-results a')",
            )
            .await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_query_without_results_says_so() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/search?q=qqzxvnotaword").await;
        browser.wait_for(DONE).await;
        browser.wait_for(".search-empty").await;
        assert_eq!(browser.count("li.search-hit").await, 0);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_missing_index_part_shows_an_error_not_a_hang() {
    bounded(async {
        let site = Site::start_copy();
        let (_, text) = paragraph_text(&site, Lang::En);
        let word = english_word(&text);
        // Remove every index part but the manifest.
        let search_dir = site.data_file("search");
        for entry in std::fs::read_dir(&search_dir).expect("the bundle has a search folder") {
            let path = entry.expect("list the search folder").path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path).expect("remove the index parts");
            } else if path.is_file()
                && path.file_name() != std::path::Path::new(SEARCH_MANIFEST).file_name()
            {
                std::fs::remove_file(&path).expect("remove an index part");
            }
        }
        let browser = site.browser().await;
        browser.goto(&format!("/search?q={word}")).await;
        browser
            .wait_for("section.search-results[data-state=\"error\"]")
            .await;
        let detail = browser.text(".error-detail").await;
        assert!(
            detail.contains("data/search/"),
            "the error names the missing file: {detail}"
        );
        assert!(
            detail.contains("404"),
            "the error says it was not found: {detail}"
        );
        browser.close().await;
    })
    .await;
}
