//! Notes on paragraphs: written with the ✎ button, shown under their paragraph in
//! every view as plain text, edited, deleted, listed on the "Saved" page with a
//! link back, kept across reloads; unreadable stored notes are set aside and
//! reported, and a full storage is reported rather than swallowed.

use serde_json::{json, Value as Json};

use super::bounded;
use crate::harness::bundle::full_pairs;
use crate::harness::{Browser, Site};

/// The notes stored under `duet.notes`, as `(pair, text)`.
async fn stored_notes(browser: &Browser) -> Vec<(String, String)> {
    let stored: Json =
        serde_json::from_str(&browser.stored("duet.notes").await.unwrap_or_default())
            .unwrap_or(Json::Null);
    stored["notes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|note| {
            (
                note["pair"].as_str().unwrap_or_default().to_string(),
                note["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Opens the editor of `pair` with its ✎ button.
async fn open_editor(browser: &Browser, pair: &str) {
    let button = format!("[id=\"{pair}\"] > button.note-button");
    browser.hover(&format!("[id=\"{pair}\"]")).await;
    browser.click(&button).await;
    browser
        .wait_for(&format!("[id=\"{pair}\"] .note-editor textarea"))
        .await;
}

#[tokio::test]
async fn a_note_is_added_shown_in_every_view_edited_listed_and_deleted() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let pair = full_pairs(article)
            .get(1)
            .map(|pair| pair.id.clone())
            .expect("a bilingual article has two full pairs");
        let note = format!("[id=\"{pair}\"] .pair-note .note-text");
        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}?view=side")).await;
        open_editor(&browser, &pair).await;
        assert_eq!(
            browser
                .attr(
                    &format!("[id=\"{pair}\"] > button.note-button"),
                    "aria-label"
                )
                .await
                .as_deref(),
            Some("Add a note to this paragraph")
        );
        // Save waits for some text.
        assert!(browser.attr("button.note-save", "disabled").await.is_some());
        // Reader text that looks like markup stays text.
        let written = "Ask <b>why</b> & \"how\"";
        browser.type_into(".note-editor textarea", written).await;
        browser.click("button.note-save").await;
        assert_eq!(browser.text(&note).await, written);
        assert_eq!(
            browser.count(".pair-note b").await,
            0,
            "no markup from a note"
        );
        assert_eq!(browser.count(".note-editor").await, 0, "the editor closed");
        assert_eq!(
            stored_notes(&browser).await,
            [(pair.clone(), written.to_string())]
        );

        // Every view shows it under its paragraph.
        for view in ["inter", "zh", "en", "side"] {
            browser.goto(&format!("/a/{slug}?view={view}#{pair}")).await;
            assert_eq!(browser.text(&note).await, written, "in view {view}");
            assert_eq!(browser.count(".pair-note").await, 1, "once in view {view}");
        }

        // Edited in place: the editor starts from the note.
        browser
            .click(&format!("[id=\"{pair}\"] button.note-edit"))
            .await;
        let draft = browser
            .js(
                "return document.querySelector('.note-editor textarea').value;",
                Vec::new(),
            )
            .await;
        assert_eq!(draft, json!(written));
        browser
            .js(
                "const area = document.querySelector('.note-editor textarea'); \
                 area.value = ''; area.dispatchEvent(new Event('input')); return true;",
                Vec::new(),
            )
            .await;
        browser
            .type_into(".note-editor textarea", "Edited note")
            .await;
        browser.click("button.note-save").await;
        browser
            .wait_js(
                "the edited note",
                &format!(
                    "(document.querySelector({}) || {{}}).innerText === 'Edited note'",
                    json!(note)
                ),
            )
            .await;

        // Kept across a reload, and listed on the Saved page with a link back.
        browser.refresh().await;
        assert_eq!(browser.text(&note).await, "Edited note");
        browser.goto("/words").await;
        let item = format!(".note-item[data-pair=\"{pair}\"]");
        assert_eq!(
            browser.text(&format!("{item} .note-text")).await,
            "Edited note"
        );
        let href = browser
            .attr(&format!("{item} .note-source a"), "href")
            .await
            .unwrap_or_default();
        assert!(href.ends_with(&format!("/a/{slug}#{pair}")), "{href}");
        browser.click(&format!("{item} .note-source a")).await;
        assert_eq!(browser.text(&note).await, "Edited note");

        // Deleted: gone now and after a reload.
        browser
            .click(&format!("[id=\"{pair}\"] button.note-delete"))
            .await;
        browser
            .wait_js("the note to go", "!document.querySelector('.pair-note')")
            .await;
        assert!(stored_notes(&browser).await.is_empty());
        browser.refresh().await;
        browser.wait_for(&format!("[id=\"{pair}\"]")).await;
        assert_eq!(browser.count(".pair-note").await, 0);
        browser.goto("/words").await;
        browser.wait_for(".notes-section .empty").await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn unreadable_notes_are_set_aside_and_a_full_storage_is_reported() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let pair = article.pairs[0].id.clone();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        browser
            .js("localStorage.setItem('duet.notes', '{broken'); return true;", Vec::new())
            .await;

        // Reported on whatever page opens next, and kept aside, not deleted.
        browser.goto(&format!("/a/{slug}")).await;
        let notice = browser.text(".storage-notice").await;
        assert!(
            notice.contains("notes could not be read") && notice.contains("duet.notes.unreadable"),
            "{notice:?}"
        );
        assert_eq!(browser.stored("duet.notes.unreadable").await.as_deref(), Some("{broken"));

        // The reader carries on: a new note is saved beside the kept data.
        open_editor(&browser, &pair).await;
        browser.type_into(".note-editor textarea", "After the breakage").await;
        browser.click("button.note-save").await;
        browser.wait_for(&format!("[id=\"{pair}\"] .pair-note")).await;
        assert_eq!(stored_notes(&browser).await, [(pair.clone(), "After the breakage".to_string())]);
        assert_eq!(browser.stored("duet.notes.unreadable").await.as_deref(), Some("{broken"));

        // A full storage: the save fails and says so; the draft stays.
        browser
            .js(
                "let size = 1 << 20;
                 for (let index = 0; size >= 16; index += 1) {
                   try { localStorage.setItem('filler.' + index, 'x'.repeat(size)); }
                   catch (error) { size = Math.floor(size / 2); }
                 }
                 return true;",
                Vec::new(),
            )
            .await;
        browser.click(&format!("[id=\"{pair}\"] button.note-edit")).await;
        browser.type_into(".note-editor textarea", " and more").await;
        browser.click("button.note-save").await;
        let error = browser.text(".note-error").await;
        assert!(error.starts_with("Could not save:"), "{error:?}");
        assert_eq!(browser.count(".note-editor textarea").await, 1, "the draft is still open");
        browser
            .js(
                "Object.keys(localStorage).filter((key) => key.startsWith('filler.'))
                   .forEach((key) => localStorage.removeItem(key));
                 return true;",
                Vec::new(),
            )
            .await;
        browser.click("button.note-save").await;
        browser
            .wait_js(
                "the saved note",
                "(document.querySelector('.pair-note .note-text') || {}).innerText === 'After the breakage and more'",
            )
            .await;
        browser.close().await;
    })
    .await;
}
