//! Reader data: "Export my data" writes one file with the preferences, saved words,
//! notes, bookmarks and reading positions, and "Import data…" in a fresh browser shows
//! what the file holds, then brings it in (merged, the newer save winning): the note
//! shows under its paragraph, the bookmark is pressed, the card offers to continue.
//! Files that are not Duet exports say so.

use serde_json::{json, Value as Json};

use super::bounded;
use crate::harness::{Browser, Site};

/// A saved word as `src/reader/vocab.rs` stores it.
fn word(text: &str, saved_at: f64) -> Json {
    json!({
        "word": text, "pinyin": "pīn yīn", "glosses": ["a gloss"], "hsk": 2,
        "sentence": format!("{text}。"), "translation": "A sentence.",
        "slug": "some-article", "saved_at": saved_at,
    })
}

/// Stores `values` (keys without the `duet.` prefix) and reloads the library.
async fn store_and_reload(browser: &Browser, values: Json) {
    browser
        .js(
            "for (const [key, value] of Object.entries(arguments[0])) {
               localStorage.setItem('duet.' + key, value);
             }
             return true;",
            vec![values],
        )
        .await;
    browser.refresh().await;
    browser.wait_for("section.reader-data").await;
}

/// The words stored under `duet.vocab`, as `word → saved_at`.
async fn stored_words(browser: &Browser) -> Vec<(String, f64)> {
    let stored: Json =
        serde_json::from_str(&browser.stored("duet.vocab").await.unwrap_or_default())
            .unwrap_or(Json::Null);
    let mut words: Vec<(String, f64)> = stored["words"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|word| {
            (
                word["word"].as_str().unwrap_or_default().to_string(),
                word["saved_at"].as_f64().unwrap_or_default(),
            )
        })
        .collect();
    words.sort_by(|a, b| a.0.cmp(&b.0));
    words
}

/// Chooses `path` in the import field.
async fn choose_file(browser: &Browser, path: &std::path::Path) {
    browser
        .wait_for("input.import-file")
        .await
        .send_keys(&path.display().to_string())
        .await
        .expect("choose a file to import");
}

#[tokio::test]
async fn exported_data_imports_into_a_fresh_browser_and_foreign_files_are_refused() {
    bounded(async {
        let site = Site::start();
        let downloads = tempfile::tempdir().expect("a downloads folder");
        let article = site.bundle.bilingual();
        let slug = article.meta.slug.clone();
        let pair = article.pairs[article.pairs.len() / 2].id.clone();
        let notes = json!({ "version": 1, "notes": [{
            "slug": slug, "pair": pair, "text": "Carried across browsers",
            "snippet": "", "created_at": 100.0, "updated_at": 100.0,
        }] });
        let bookmarks = json!({ "version": 1, "bookmarks": [{ "slug": slug, "at": 100.0 }] });
        let positions = json!({ "version": 1, "positions": [{ "slug": slug, "pair": pair, "at": 100.0 }] });

        // The first browser: settings and two saved words, exported.
        let first = site.browser().await;
        first.goto("/").await;
        first.wait_for("section.reader-data").await;
        store_and_reload(
            &first,
            json!({
                "theme": "dark", "pinyin": "on", "font_step": "2",
                "vocab": json!({ "version": 1, "words": [word("学习", 200.0), word("中文", 100.0)] }).to_string(),
                "notes": notes.to_string(),
                "bookmarks": bookmarks.to_string(),
                "positions": positions.to_string(),
            }),
        )
        .await;
        first
            .devtools(
                "Browser.setDownloadBehavior",
                json!({ "behavior": "allow", "downloadPath": downloads.path().display().to_string() }),
            )
            .await;
        first.click("button.export-data").await;
        let name = first.text("a.export-link").await;
        assert!(
            name.starts_with("duet-data-") && name.ends_with(".json") && name.len() == 25,
            "{name:?}"
        );
        assert_eq!(first.attr("a.export-link", "download").await, Some(name.clone()));
        let exported = downloads.path().join(&name);
        first
            .wait_until("the export in the downloads folder", || async {
                std::fs::read_to_string(&exported)
                    .ok()
                    .and_then(|text| serde_json::from_str::<Json>(&text).ok())
                    .is_some()
            })
            .await;
        let document: Json =
            serde_json::from_str(&std::fs::read_to_string(&exported).expect("read the export"))
                .expect("the export is JSON");
        assert_eq!(
            (&document["app"], &document["kind"], &document["version"]),
            (&json!("duet"), &json!("reader-data"), &json!(2))
        );
        assert!(document["exported_at"].as_str().is_some_and(|at| at.ends_with('Z')));
        assert_eq!(document["prefs"]["theme"], "dark");
        assert_eq!(document["prefs"]["pinyin"], "on");
        assert_eq!(document["prefs"]["font_step"], "2");
        assert_eq!(document["vocab"]["version"], 1);
        assert_eq!(document["vocab"]["words"].as_array().map(Vec::len), Some(2));
        assert_eq!(document["notes"], notes);
        assert_eq!(document["bookmarks"], bookmarks);
        assert_eq!(document["positions"], positions);
        first.assert_no_errors().await;
        first.close().await;

        // A fresh browser with one of the words saved earlier and one of its own.
        let second = site.browser().await;
        second.goto("/").await;
        second.wait_for("section.reader-data").await;
        store_and_reload(
            &second,
            json!({ "vocab": json!({ "version": 1, "words": [word("学习", 50.0), word("你好", 300.0)] }).to_string() }),
        )
        .await;
        choose_file(&second, &exported).await;
        let preview = second.text(".import-preview").await;
        assert!(
            preview.contains(
                "import words: 2, notes: 1, bookmarks: 1, reading positions: 1, settings: "
            ),
            "{preview:?}"
        );
        // Nothing changes before the reader confirms.
        assert_ne!(second.stored("duet.theme").await.as_deref(), Some("dark"));
        second.click("button.import-confirm").await;
        second.wait_for(".import-done").await;
        assert_eq!(
            stored_words(&second).await,
            [
                ("中文".to_string(), 100.0),
                ("你好".to_string(), 300.0),
                ("学习".to_string(), 200.0)
            ],
            "merged by word, the newer save winning"
        );
        for (key, value) in [("theme", "dark"), ("pinyin", "on"), ("font_step", "2")] {
            let stored_key = format!("duet.{key}");
            second
                .wait_until(&format!("{stored_key} = {value}"), || async {
                    second.stored(&stored_key).await.as_deref() == Some(value)
                })
                .await;
        }
        assert_eq!(second.root_attr("data-theme").await.as_deref(), Some("dark"));
        assert_eq!(second.root_attr("data-font-step").await.as_deref(), Some("2"));

        // What the reader sees of the imported notes, bookmarks and positions.
        second.goto("/").await;
        second
            .wait_for(&format!(".card[data-slug=\"{slug}\"] a.continue-reading"))
            .await;
        second
            .wait_for(&format!(".card[data-slug=\"{slug}\"] .bookmarked-mark"))
            .await;
        second.goto(&format!("/a/{slug}#{pair}")).await;
        assert_eq!(
            second
                .text(&format!("[id=\"{pair}\"] .pair-note .note-text"))
                .await,
            "Carried across browsers"
        );
        second
            .wait_for(".article-head button.bookmark-toggle[aria-pressed=\"true\"]")
            .await;
        second.goto("/").await;
        second.wait_for("section.reader-data").await;

        // Files that are not Duet exports are refused with a reason; nothing changes.
        let foreign = downloads.path().join("other.json");
        std::fs::write(&foreign, r#"{"hello": "world"}"#).expect("write a foreign file");
        choose_file(&second, &foreign).await;
        let error = second.text(".import-error").await;
        assert!(error.contains("not a Duet data export"), "{error:?}");
        let broken = downloads.path().join("broken.json");
        std::fs::write(&broken, "{\"app\": \"duet\", ").expect("write a broken file");
        choose_file(&second, &broken).await;
        second
            .wait_until("the not-JSON error", || async {
                second.text(".import-error").await.contains("not valid JSON")
            })
            .await;
        let newer = downloads.path().join("newer.json");
        std::fs::write(&newer, r#"{"app":"duet","kind":"reader-data","version":9}"#)
            .expect("write a newer file");
        choose_file(&second, &newer).await;
        second
            .wait_until("the newer-version error", || async {
                second.text(".import-error").await.contains("newer Duet")
            })
            .await;
        assert_eq!(stored_words(&second).await.len(), 3);
        second.assert_no_errors().await;
        second.close().await;
    })
    .await;
}
