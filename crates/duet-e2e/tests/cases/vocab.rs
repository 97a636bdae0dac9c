//! The word list: a word saved from an article is listed with its sentence, exported
//! to CSV and Anki files with the right content, removed, and imported back.

use std::time::Duration;

use serde_json::json;

use super::bounded;
use crate::harness::{Browser, Site};

/// Saves the first defined word of `slug` from its popover; returns the word.
async fn save_a_word(browser: &Browser, slug: &str) -> String {
    browser.open_article(slug, "view=zh&lead=zh").await;
    browser.wait_for(".article-body p.words .w").await;
    // Tapping loads the glossary; tap again once it is here to get a defined word.
    browser
        .js("document.querySelector('p.words .w').click();", Vec::new())
        .await;
    browser.wait_for(".word-popover").await;
    browser.wait_for("p.words ruby.w").await;
    let word = browser
        .js_string(
            "const word = document.querySelector('p.words ruby.w');
             word.click();
             return word.dataset.word;",
        )
        .await;
    browser.wait_for(".word-popover .popover-save").await;
    browser.click(".word-popover .popover-save").await;
    browser
        .wait_for(".word-popover .popover-status:not(:empty)")
        .await;
    word
}

/// Waits for a finished download named `name` in `folder` and returns its text.
async fn downloaded(folder: &std::path::Path, name: &str) -> String {
    let path = folder.join(name);
    for _ in 0..100 {
        if let Ok(text) = std::fs::read_to_string(&path) {
            if !text.is_empty() {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{} was never downloaded", path.display());
}

#[tokio::test]
async fn saved_words_are_listed_exported_removed_and_imported_back() {
    bounded(async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let browser = site.browser().await;
        let word = save_a_word(&browser, &slug).await;

        browser.click("a.saved-link").await;
        let row = format!(".vocab-word[data-word=\"{word}\"]");
        browser.wait_for(&row).await;
        assert!(browser
            .text(&format!("{row} .vocab-sentence"))
            .await
            .contains(&word));
        assert!(!browser
            .text(&format!("{row} .vocab-translation"))
            .await
            .is_empty());

        let folder = tempfile::tempdir().expect("a download folder");
        browser
            .devtools(
                "Browser.setDownloadBehavior",
                json!({ "behavior": "allow", "downloadPath": folder.path().display().to_string() }),
            )
            .await;
        browser.click("button.export-csv").await;
        let csv = downloaded(folder.path(), "duet-words.csv").await;
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("word,pinyin,glosses,hsk,sentence,translation,article,saved_at")
        );
        let record = lines.next().expect("one word");
        assert!(record.starts_with(&format!("{word},")), "{record}");
        assert!(record.contains(&slug), "{record}");

        browser.click("button.export-anki").await;
        let anki = downloaded(folder.path(), "duet-words-anki.txt").await;
        let note = anki
            .lines()
            .find(|line| !line.starts_with('#'))
            .expect("one note");
        assert_eq!(note.split('\t').count(), 2, "{note}");
        assert!(note.starts_with(&format!("{word} [")), "{note}");

        browser.click(&format!("{row} button.vocab-remove")).await;
        browser.wait_for(".vocab-page .status.empty").await;
        assert_eq!(browser.count(".vocab-word").await, 0);

        // Back from the exported file.
        let file = folder.path().join("duet-words.csv");
        browser.upload("input[type=file]", &file).await;
        browser.wait_for(&row).await;
        assert!(browser.text(".vocab-message").await.contains('1'));

        // A file that is not a Duet list is refused, naming the line.
        let foreign = folder.path().join("other.csv");
        std::fs::write(&foreign, "name,meaning\n递归,recursion\n").expect("write a foreign file");
        browser.upload("input[type=file]", &foreign).await;
        browser
            .wait_js(
                "an import error",
                "document.querySelector('.vocab-message').textContent.includes('line 1')",
            )
            .await;
        assert_eq!(browser.count(".vocab-word").await, 1, "nothing lost");
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn unreadable_saved_words_are_set_aside_and_reported() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        browser
            .js("localStorage.setItem('duet.vocab', '{broken');", Vec::new())
            .await;
        browser.goto("/words").await;
        browser
            .wait_js("a report", "document.querySelector('.vocab-message') && document.querySelector('.vocab-message').textContent.length > 0")
            .await;
        assert!(browser.text(".vocab-message").await.contains("duet.vocab.unreadable"));
        assert_eq!(browser.stored("duet.vocab.unreadable").await.as_deref(), Some("{broken"));
        browser.close().await;
    })
    .await;
}
