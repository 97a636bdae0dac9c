//! Learner aids: pinyin as ruby (and out of the accessibility tree), tone colours,
//! tap-to-define with saving, and the difficulty badge and filter.

use serde_json::{json, Value as Json};

use super::{bounded, card};
use crate::harness::{Browser, Site};

/// The first glossary entry of `slug` whose pinyin carries a tone mark (so it
/// cannot be confused with English text) and that the Chinese text uses.
fn marked_entry(site: &Site, slug: &str) -> (String, String, String) {
    let file = site.data_file(&duet_core::glossary_path(slug));
    let text =
        duet_bundle::bundle_file::read_to_string(&file).unwrap_or_else(|error| panic!("{error:#}"));
    let glossary: Json = serde_json::from_str(&text).expect("the glossary is JSON");
    let entries = glossary["entries"].as_array().expect("glossary entries");
    entries
        .iter()
        .filter(|entry| {
            entry["word"]
                .as_str()
                .is_some_and(|word| word.chars().count() >= 2)
        })
        .find(|entry| {
            entry["pinyin"]
                .as_str()
                .is_some_and(|pinyin| !pinyin.is_ascii())
        })
        .map(|entry| {
            (
                entry["word"].as_str().unwrap_or_default().to_string(),
                entry["pinyin"].as_str().unwrap_or_default().to_string(),
                entry["glosses"][0].as_str().unwrap_or_default().to_string(),
            )
        })
        .expect("the glossary has a two-character word with tone marks")
}

async fn open_chinese(browser: &Browser, slug: &str) {
    browser.open_article(slug, "view=zh&lead=zh").await;
    browser.wait_for(".article-body.view-single p.words").await;
}

/// Every name in the page's accessibility tree, joined.
async fn accessible_text(browser: &Browser) -> String {
    let tree = browser
        .devtools("Accessibility.getFullAXTree", json!({}))
        .await;
    tree["nodes"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .filter(|node| node["ignored"] != Json::Bool(true))
                .filter_map(|node| node["name"]["value"].as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn pinyin_shows_as_ruby_and_is_not_read_twice() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let (word, pinyin, _) = marked_entry(&site, &slug);
        let browser = site.browser().await;
        open_chinese(&browser, &slug).await;
        assert_eq!(browser.count("rt").await, 0, "no pinyin before the reader asks");

        browser.click("button.pinyin-toggle").await;
        let ruby = format!("ruby.w[data-word=\"{word}\"]");
        browser.wait_for(&format!("{ruby} rt")).await;
        assert_eq!(browser.text(&format!("{ruby} rt")).await, pinyin);
        assert_eq!(browser.root_attr("data-pinyin").await.as_deref(), Some("on"));
        // Shown: the ruby's rendered text holds the pinyin.
        assert!(browser.text(&ruby).await.contains(&pinyin));

        // In the DOM, but not in what a screen reader reads.
        let spoken = accessible_text(&browser).await;
        assert!(spoken.contains(&word), "the word itself is read");
        assert!(!spoken.contains(&pinyin), "pinyin {pinyin:?} is read as well");

        // Tone colours colour the syllables; off again, the pinyin hides.
        browser.click("button.tones-toggle").await;
        browser.wait_js("tone colours on", "document.documentElement.dataset.tones === 'on'").await;
        let colours = browser
            .js(
                "const syllable = document.querySelector('rt span');
                 return [getComputedStyle(syllable).color, getComputedStyle(syllable.closest('p')).color];",
                Vec::new(),
            )
            .await;
        assert_ne!(colours[0], colours[1], "a toned syllable has its own colour");
        browser.click("button.pinyin-toggle").await;
        browser
            .wait_js("pinyin hidden", "getComputedStyle(document.querySelector('rt')).display === 'none'")
            .await;

        // Remembered across a reload.
        browser.click("button.pinyin-toggle").await;
        browser.refresh().await;
        browser.wait_for(&format!("{ruby} rt")).await;
        assert_eq!(browser.root_attr("data-pinyin").await.as_deref(), Some("on"));
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn tapping_a_word_defines_it_and_saving_keeps_its_sentence() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let (word, pinyin, gloss) = marked_entry(&site, &slug);
        let browser = site.browser().await;
        open_chinese(&browser, &slug).await;

        browser.click(&format!(".w[data-word=\"{word}\"]")).await;
        browser.wait_for(".word-popover .popover-pinyin").await;
        assert_eq!(browser.text(".word-popover .popover-word").await, word);
        assert_eq!(browser.text(".word-popover .popover-pinyin").await, pinyin);
        assert!(browser.text(".word-popover .popover-glosses").await.contains(&gloss));
        assert!(browser.text(".word-popover .popover-hsk").await.contains("HSK"));
        // The tap opened the word, not the paragraph's translation.
        assert_eq!(browser.count(".peek").await, 0);

        browser.click(".word-popover .popover-save").await;
        browser.wait_for(".word-popover .popover-status:not(:empty)").await;
        let stored = browser
            .stored("duet.vocab")
            .await
            .expect("the word was stored");
        let stored: Json = serde_json::from_str(&stored).expect("stored words are JSON");
        assert_eq!(stored["version"], 1);
        let saved = &stored["words"][0];
        assert_eq!(saved["word"], word.as_str());
        assert_eq!(saved["slug"], slug.as_str());
        let sentence = saved["sentence"].as_str().unwrap_or_default();
        assert!(sentence.contains(&word), "{sentence:?} is where {word} was met");
        assert!(!saved["translation"].as_str().unwrap_or_default().is_empty());

        // Escape closes it.
        browser.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));", Vec::new()).await;
        browser.wait_js("popover closed", "!document.querySelector('.word-popover')").await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// WebDriver key codes.
const ENTER: &str = "\u{E007}";
const ARROW_RIGHT: &str = "\u{E014}";
const ESCAPE: &str = "\u{E00C}";

#[tokio::test]
async fn every_word_can_be_defined_from_the_keyboard() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let browser = site.browser().await;
        open_chinese(&browser, &slug).await;
        // The first sentence with at least two Chinese words, focused as Tab would.
        let words = browser
            .js(
                "const sentence = Array.from(document.querySelectorAll('p.words .sentence'))
                    .find((sentence) => sentence.querySelectorAll('.w').length >= 2);
                 sentence.focus();
                 return Array.from(sentence.querySelectorAll('.w'), (word) => word.dataset.word);",
                Vec::new(),
            )
            .await;
        let words: Vec<String> = words
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|word| word.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        assert!(words.len() >= 2, "{words:?}");

        browser.press(ENTER).await;
        browser.wait_for(".word-popover").await;
        assert_eq!(browser.text(".word-popover .popover-word").await, words[0]);
        assert_eq!(
            browser.attr(".w.open-word", "data-word").await.as_deref(),
            Some(words[0].as_str())
        );
        // Focus moved into the popover, so Tab reaches its buttons.
        browser
            .wait_js(
                "focus in the popover",
                "document.activeElement.closest('.word-popover') !== null",
            )
            .await;

        browser.press(ARROW_RIGHT).await;
        browser
            .wait_js(
                "the next word open",
                &format!(
                    "document.querySelector('.word-popover .popover-word').textContent === {}",
                    json!(words[1])
                ),
            )
            .await;

        browser.press(ESCAPE).await;
        browser
            .wait_js("popover closed", "!document.querySelector('.word-popover')")
            .await;
        browser
            .wait_js(
                "focus back on the sentence",
                "document.activeElement.classList.contains('sentence')",
            )
            .await;
        assert_eq!(browser.count(".w.open-word").await, 0);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn the_library_shows_difficulty_and_filters_by_it() {
    bounded(async {
        let site = Site::start();
        let rated: Vec<(String, u8)> = site
            .bundle
            .catalog
            .articles
            .iter()
            .filter_map(|meta| {
                meta.difficulty
                    .as_ref()
                    .map(|d| (meta.slug.clone(), d.level))
            })
            .collect();
        let (slug, level) = rated
            .first()
            .cloned()
            .expect("an article with a difficulty");
        let browser = site.browser().await;
        browser.goto("/").await;
        let badge = format!("{} .difficulty-badge", card(&slug));
        browser.wait_for(&badge).await;
        let label = if level > 6 {
            "HSK 6+".to_string()
        } else {
            format!("HSK {level}")
        };
        assert_eq!(browser.text(&badge).await, label);

        let easiest = rated.iter().map(|(_, level)| *level).min().unwrap_or(level);
        browser.goto(&format!("/?level={easiest}")).await;
        browser.wait_for(".card").await;
        let shown: Vec<String> = browser
            .attrs(".card", "data-slug")
            .await
            .into_iter()
            .flatten()
            .collect();
        let expected: Vec<String> = rated
            .iter()
            .filter(|(_, level)| *level <= easiest)
            .map(|(slug, _)| slug.clone())
            .collect();
        let mut sorted_shown = shown.clone();
        sorted_shown.sort();
        let mut sorted_expected = expected.clone();
        sorted_expected.sort();
        assert_eq!(sorted_shown, sorted_expected);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
