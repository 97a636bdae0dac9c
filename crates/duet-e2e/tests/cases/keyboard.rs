//! The keyboard alone: where focus goes and what keys do, as someone without a
//! mouse meets them (Escape closes what it should, arrow keys keep their meaning
//! outside the list they move in, a new page takes focus, a notice over the text
//! goes by itself).

use serde_json::json;

use super::bounded;
use crate::harness::{Browser, Site};

const ESCAPE: &str = "\u{E00C}";
const ENTER: &str = "\u{E007}";
const ARROW_DOWN: &str = "\u{E015}";

/// What has focus, described as `tag#id.class…`.
async fn focused(browser: &Browser) -> String {
    browser
        .js_string(
            "const a = document.activeElement;
             return a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') +
               Array.from(a.classList, (c) => '.' + c).join('') : '';",
        )
        .await
}

#[tokio::test]
async fn escape_closes_the_note_editor_and_focus_returns_to_its_button() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let pair = article.pairs[0].id.clone();
        let browser = site.browser().await;
        browser.open_article(&article.meta.slug, "view=side").await;
        let button = format!("[id=\"{pair}\"] > button.note-button");
        browser
            .js(
                "document.querySelector(arguments[0]).focus(); return true;",
                vec![json!(button)],
            )
            .await;
        browser.press(ENTER).await;
        browser
            .wait_for(&format!("[id=\"{pair}\"] .note-editor textarea"))
            .await;
        assert_eq!(focused(&browser).await, "textarea.note-input");
        browser.press(ESCAPE).await;
        browser
            .wait_js(
                "the editor to close",
                "!document.querySelector('.note-editor')",
            )
            .await;
        assert_eq!(focused(&browser).await, "button.note-button");
        assert_eq!(
            browser.stored("duet.notes").await,
            None,
            "nothing was saved"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn arrow_keys_move_in_search_results_only_from_the_box_or_a_result() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/search?q=AI").await;
        browser.wait_for("li.search-hit a").await;

        // On the theme menu, ArrowDown is the menu's own key: focus stays there.
        browser
            .js(
                "document.querySelector('label.theme-select select').focus(); return true;",
                Vec::new(),
            )
            .await;
        browser.press(ARROW_DOWN).await;
        assert_eq!(focused(&browser).await, "select");

        // From the search box, ArrowDown enters the results.
        browser
            .js(
                "document.getElementById('search-input').focus(); return true;",
                Vec::new(),
            )
            .await;
        browser.press(ARROW_DOWN).await;
        browser
            .wait_js(
                "the first result to have focus",
                "document.activeElement === document.querySelector('.search-results a')",
            )
            .await;

        // Opening it: the article page takes focus, not the body.
        browser.press(ENTER).await;
        browser.wait_for(".article-page .article-body").await;
        browser
            .wait_js(
                "focus at the start of the new page",
                "document.activeElement === document.getElementById('main')",
            )
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// The `tabindex` of every focusable sentence in the article body, in order.
async fn sentence_tabindexes(browser: &Browser) -> Vec<String> {
    let value = browser
        .js(
            "return Array.from(document.querySelectorAll('.article-body .sentence[tabindex]'),
               (s) => s.getAttribute('tabindex'));",
            Vec::new(),
        )
        .await;
    serde_json::from_value(value).expect("a list of strings")
}

#[tokio::test]
async fn the_text_is_one_tab_stop_and_arrow_keys_move_between_sentences() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let browser = site.browser().await;
        browser.open_article(&article.meta.slug, "view=side").await;
        browser
            .wait_js(
                "one sentence in the Tab order",
                "document.querySelectorAll('.article-body .sentence[tabindex=\"0\"]').length === 1",
            )
            .await;
        let order = sentence_tabindexes(&browser).await;
        assert!(order.len() > 20, "the article has many focusable sentences");
        assert_eq!(order[0], "0", "the first is the Tab stop");
        assert!(order[1..].iter().all(|tabindex| tabindex == "-1"), "{order:?}");
        // Of the paragraphs' ¶ and ✎, only the first paragraph's are in the Tab order.
        let actions = browser
            .js(
                "return Array.from(document.querySelectorAll('.pair > .anchor, .pair > .note-button'))
                   .filter((a) => a.tabIndex >= 0).map((a) => a.closest('.pair').id);",
                Vec::new(),
            )
            .await;
        let first_pair = article.pairs[0].id.clone();
        assert_eq!(actions, json!([first_pair, first_pair]));

        // Arrow keys move focus; the sentence reached becomes the Tab stop.
        browser
            .js(
                "document.querySelector('.article-body .sentence[tabindex=\"0\"]').focus(); return true;",
                Vec::new(),
            )
            .await;
        browser.press(ARROW_DOWN).await;
        browser.press(ARROW_DOWN).await;
        browser
            .wait_js(
                "the third sentence focused",
                "document.activeElement === document.querySelectorAll('.article-body .sentence[tabindex]')[2]",
            )
            .await;
        let order = sentence_tabindexes(&browser).await;
        assert_eq!(
            order.iter().position(|tabindex| tabindex == "0"),
            Some(2),
            "{order:?}"
        );
        assert_eq!(order.iter().filter(|tabindex| *tabindex == "0").count(), 1);
        browser.press("\u{E011}").await; // Home
        browser
            .wait_js(
                "back at the first sentence",
                "document.activeElement === document.querySelector('.article-body .sentence[tabindex]')",
            )
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn skip_links_lead_past_the_text_to_the_questions_and_related_reads() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.with_faq();
        assert!(!article.meta.related.is_empty(), "the sample has related reads");
        let browser = site.browser().await;
        browser.open_article(&article.meta.slug, "view=side").await;
        for (index, section) in [(1, "duet-questions"), (2, "duet-related")] {
            browser
                .js(
                    "document.querySelector(`.skip-links a:nth-child(${arguments[0]})`).focus(); return true;",
                    vec![json!(index)],
                )
                .await;
            // Out of sight until focused, then on screen.
            browser
                .wait_js(
                    "the focused skip link on screen",
                    "document.activeElement.getBoundingClientRect().left >= 0",
                )
                .await;
            browser.press(ENTER).await;
            browser
                .wait_js(
                    &format!("focus on {section}"),
                    &format!(
                        "document.activeElement === document.getElementById('{section}') && \
                         document.activeElement.getBoundingClientRect().top < innerHeight"
                    ),
                )
                .await;
            browser.js("window.scrollTo(0, 0); return true;", Vec::new()).await;
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

const TAB: &str = "\u{E004}";
const SHIFT_TAB: &str = "\u{E008}\u{E004}";

/// Presses `key` (Tab or Shift+Tab) until the focused element matches `css`, as a
/// reader moving through the page would; fails when 80 presses do not get there.
async fn tab_to(browser: &Browser, key: &str, css: &str) {
    for _ in 0..80 {
        let there = browser
            .js(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await;
        if there == json!(true) {
            return;
        }
        browser.press(key).await;
    }
    panic!(
        "Tab did not reach {css}; focus is on {}",
        focused(browser).await
    );
}

#[tokio::test]
async fn an_article_can_be_read_and_used_with_the_keyboard_alone() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let browser = site.browser().await;
        browser
            .open_article(&article.meta.slug, "view=side&lead=en")
            .await;

        // The first Tab stop is the skip link; it leads into the page.
        browser.press(TAB).await;
        assert_eq!(focused(&browser).await, "a.skip-link");
        browser.press(ENTER).await;

        // Bookmark.
        tab_to(&browser, TAB, "button.bookmark-toggle").await;
        browser.press(ENTER).await;
        browser
            .wait_for("button.bookmark-toggle[aria-pressed=\"true\"]")
            .await;

        // Views and the lead: interleaved, then Chinese first.
        tab_to(&browser, TAB, "button.view-button[data-view=\"inter\"]").await;
        browser.press(ENTER).await;
        browser.wait_for(".article-body.view-inter").await;
        tab_to(&browser, TAB, "button.swap-lead").await;
        browser.press(ENTER).await;
        browser
            .wait_js("Chinese leading", "location.search.includes('lead=zh')")
            .await;

        // Pinyin on.
        tab_to(&browser, TAB, "button.pinyin-toggle").await;
        browser.press(ENTER).await;
        browser.wait_for(".article-body ruby rt").await;

        // Into the text: its one Tab stop, a Chinese sentence; Enter defines a word,
        // Tab reaches Save, Escape goes back to the sentence.
        tab_to(&browser, TAB, ".article-body .sentence[tabindex=\"0\"]").await;
        browser.press(ENTER).await;
        browser.wait_for(".word-popover .popover-pinyin").await;
        tab_to(&browser, TAB, ".word-popover .popover-save").await;
        browser.press(ENTER).await;
        browser
            .wait_js(
                "the word saved",
                "localStorage.getItem('duet.vocab') !== null",
            )
            .await;
        browser.press(ESCAPE).await;
        browser
            .wait_js(
                "back on the sentence",
                "document.activeElement.classList.contains('sentence')",
            )
            .await;

        // The paragraph's note button is just before its text.
        tab_to(&browser, SHIFT_TAB, ".pair > button.note-button").await;
        browser.press(ENTER).await;
        browser.wait_for(".note-editor textarea").await;
        browser.press("A note typed without a mouse.").await;
        tab_to(&browser, TAB, ".note-editor .note-save").await;
        browser.press(ENTER).await;
        browser
            .wait_js(
                "the note saved",
                "(localStorage.getItem('duet.notes') || '').includes('without a mouse')",
            )
            .await;

        // Search from anywhere with /, a result with the arrow key, open it.
        browser
            .js("document.activeElement.blur(); return true;", Vec::new())
            .await;
        browser.press("/").await;
        assert_eq!(focused(&browser).await, "input#search-input");
        browser.press("AI").await;
        browser.wait_for("li.search-hit a").await;
        browser.press(ARROW_DOWN).await;
        browser.press(ENTER).await;
        browser.wait_for(".article-page .article-body").await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_sentence_taking_focus_is_not_hidden_under_the_sticky_tools() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let browser = site.browser().await;
        browser.set_layout_width(Some(1280)).await;
        browser.open_article(&article.meta.slug, "view=side").await;
        // Scrolled down the text, then focus goes back up to a sentence above the
        // window (as Shift+Tab or an arrow key would take it).
        let result = browser
            .js(
                "const sentences = Array.from(document.querySelectorAll('.article-body .sentence[tabindex]'));
                 const target = sentences[Math.floor(sentences.length / 2)];
                 const later = sentences[Math.floor(sentences.length / 2) + 6] || sentences[sentences.length - 1];
                 later.scrollIntoView({ block: 'start' });
                 window.scrollBy(0, 400);
                 target.focus();
                 const tools = document.querySelector('.reading-tools').getBoundingClientRect();
                 const rect = target.getBoundingClientRect();
                 return [Math.round(rect.top), Math.round(tools.bottom)];",
                Vec::new(),
            )
            .await;
        let (top, tools_bottom) = (result[0].as_i64().unwrap_or(0), result[1].as_i64().unwrap_or(0));
        assert!(
            top >= tools_bottom,
            "the focused sentence starts at {top} px, under the tools ending at {tools_bottom} px"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
