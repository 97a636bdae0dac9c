//! Reaching the other language without leaving a view: peeking at a paragraph's
//! translation, and a sentence lighting up together with its translation.

use duet_core::Lang;
use serde_json::json;

use super::{bounded, squash};
use crate::harness::bundle::{aligned_pairs, block};
use crate::harness::Site;

#[tokio::test]
async fn peek_shows_the_translation_in_a_single_view() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let pair = aligned_pairs(article)[0];
        let english = block(article, pair, Lang::En).expect("an aligned pair has both sides");
        let browser = site.browser().await;
        browser.open_article(&article.meta.slug, "view=zh").await;
        browser.wait_for(".article-body.view-single").await;

        let area = format!("[id=\"{}\"] .peek-area.peekable", pair.id);
        assert_eq!(
            browser.attr(&area, "aria-expanded").await.as_deref(),
            Some("false")
        );
        assert_eq!(browser.count(".blk.peek").await, 0, "nothing peeked yet");

        browser.click(&area).await;
        let peek = format!("[id=\"{}\"] .blk.peek[data-lang=\"en\"]", pair.id);
        browser.wait_for(&peek).await;
        assert_eq!(
            browser.attr(&area, "aria-expanded").await.as_deref(),
            Some("true")
        );
        assert_eq!(
            squash(&browser.text(&peek).await),
            squash(&block_text(english)),
            "the peek shows the English paragraph"
        );
        assert_eq!(browser.count(".blk.peek").await, 1, "only this pair peeks");

        browser
            .click(&format!(
                "[id=\"{}\"] .peek-area > .blk:not(.peek)",
                pair.id
            ))
            .await;
        browser
            .wait_js(
                "the peek to close",
                "document.querySelectorAll('.blk.peek').length === 0",
            )
            .await;
        assert_eq!(
            browser.attr(&area, "aria-expanded").await.as_deref(),
            Some("false")
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// A paragraph's or heading's plain text.
fn block_text(block: &duet_core::Block) -> String {
    match block {
        duet_core::Block::Paragraph { sentences, .. } => sentences
            .iter()
            .map(|sentence| duet_core::spans_text(sentence))
            .collect(),
        duet_core::Block::Heading { spans, .. } => duet_core::spans_text(spans),
        other => panic!("expected a paragraph or heading, found {other:?}"),
    }
}

#[tokio::test]
async fn pointing_at_a_sentence_lights_its_translation() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let pair = aligned_pairs(article)[0];
        let index = article
            .pairs
            .iter()
            .position(|candidate| candidate.id == pair.id)
            .expect("the pair is in the article");
        let Some(duet_core::Block::Paragraph { sentences, .. }) = block(article, pair, Lang::Zh)
        else {
            panic!("aligned pairs are paragraphs");
        };
        // The last sentence, so a highlight stuck on the first would not pass.
        let sentence = sentences.len() - 1;
        let css = |lang: &str| {
            format!(
                ".blk[data-lang=\"{lang}\"] .sentence[data-pair=\"{index}\"][data-sentence=\"{sentence}\"]"
            )
        };
        let lit_pair = format!(
            "document.querySelector({}).classList.contains('lit') && \
             document.querySelector({}).classList.contains('lit') && \
             document.querySelectorAll('.sentence.lit').length === 2",
            json!(css("zh")),
            json!(css("en"))
        );
        let browser = site.browser().await;
        browser
            .open_article(&article.meta.slug, "view=side&lead=zh")
            .await;
        browser.wait_for(".article-body.view-side").await;

        browser.hover(&css("zh")).await;
        browser
            .wait_js("the sentence and its English counterpart to light up", &lit_pair)
            .await;
        browser.hover(".article-head h1").await;
        browser
            .wait_js(
                "the highlight to go when the pointer leaves",
                "document.querySelectorAll('.sentence.lit').length === 0",
            )
            .await;

        // Keyboard readers reach aligned sentences by focus (they are tabbable).
        assert_eq!(browser.attr(&css("en"), "tabindex").await.as_deref(), Some("0"));
        browser
            .js("document.querySelector(arguments[0]).focus();", vec![json!(css("en"))])
            .await;
        browser
            .wait_js("focus to light the sentence and its Chinese counterpart", &lit_pair)
            .await;
        browser
            .js("document.activeElement.blur();", Vec::new())
            .await;
        browser
            .wait_js(
                "the highlight to go on blur",
                "document.querySelectorAll('.sentence.lit').length === 0",
            )
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
