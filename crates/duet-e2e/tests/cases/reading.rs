//! Reading an article: deep links to a paragraph or a question, articles in one
//! language, and a whole ordinary visit without a single logged error.

use duet_core::Lang;
use serde_json::json;

use super::{bounded, card};
use crate::harness::bundle::title;
use crate::harness::{Browser, Site};

/// A script condition: the element with `id` is at least partly in the viewport.
fn in_viewport(id: &str) -> String {
    format!(
        "(() => {{ const element = document.getElementById({}); if (!element) return false; \
         const rect = element.getBoundingClientRect(); \
         return rect.bottom > 0 && rect.top < window.innerHeight; }})()",
        json!(id)
    )
}

// Guards the bug this test found: the app's scroll-to-fragment effect ran before
// the article was in the document, so a deep link opened at the top of the page.
#[tokio::test]
async fn deep_link_to_a_paragraph_scrolls_it_into_view() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        // The last pair is the one most likely to start below the first screen.
        let pair = article.pairs.last().expect("an article has pairs");
        let browser = site.browser().await;
        // A short window, so the target is off the first screen whenever the
        // article is longer than a few paragraphs.
        browser.set_window_size(1280, 500).await;
        browser
            .goto(&format!("/a/{}?view=inter#{}", article.meta.slug, pair.id))
            .await;
        browser
            .wait_for(&format!(".article-body [id=\"{}\"]", pair.id))
            .await;
        browser
            .wait_js(
                &format!("paragraph {} to be scrolled into view", pair.id),
                &in_viewport(&pair.id),
            )
            .await;

        // A paragraph in the middle reaches the top of the window, and the sticky
        // reading tools must not cover it there. (Another query, so the page loads.)
        let middle = &article.pairs[article.pairs.len() / 2].id;
        browser
            .goto(&format!("/a/{}?view=side#{middle}", article.meta.slug))
            .await;
        let clear_of_tools = format!(
            "(() => {{ const pair = document.getElementById({}); \
               const tools = document.querySelector('#main .reading-tools'); \
               if (!pair || !pair.classList.contains('targeted') || !tools) return false; \
               const top = pair.getBoundingClientRect().top; \
               return top >= tools.getBoundingClientRect().bottom - 1 && top < innerHeight / 2; }})()",
            json!(middle)
        );
        browser
            .wait_js(
                &format!("paragraph {middle} near the top, below the reading tools"),
                &clear_of_tools,
            )
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

// Also guards the scroll bug above: the question opened but stayed off screen.
#[tokio::test]
async fn deep_link_to_a_question_opens_it() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.with_faq();
        let lang = Lang::ALL
            .into_iter()
            .find(|lang| {
                article
                    .body
                    .get(*lang)
                    .is_some_and(|body| !body.faq.is_empty())
            })
            .expect("with_faq has questions");
        let questions = &article.body.get(lang).expect("checked above").faq;
        // The last question, so "the first one happens to be open" cannot pass.
        let faq = questions.last().expect("checked above");
        let browser = site.browser().await;
        browser.set_window_size(1280, 500).await;
        browser
            .goto(&format!(
                "/a/{}?view={}#{}",
                article.meta.slug,
                lang.code(),
                faq.id
            ))
            .await;
        let details = format!("details.faq-item[id=\"{}\"]", faq.id);
        browser.wait_for(&details).await;
        browser
            .wait_js(
                &format!("question {} to be open", faq.id),
                &format!("document.querySelector({}).open", json!(details)),
            )
            .await;
        assert_eq!(
            browser
                .text(&format!("{details} summary"))
                .await
                .trim_end_matches('#')
                .trim(),
            faq.q
        );
        assert_eq!(browser.text(&format!("{details} > p")).await, faq.a);
        let open = browser
            .js(
                "return Array.from(document.querySelectorAll('details.faq-item'), (d) => d.open);",
                Vec::new(),
            )
            .await;
        let open_count = open.as_array().map(|items| {
            items
                .iter()
                .filter(|item| item.as_bool() == Some(true))
                .count()
        });
        assert_eq!(open_count, Some(1), "only the linked question opens");
        browser
            .wait_js(
                &format!("question {} to be scrolled into view", faq.id),
                &in_viewport(&faq.id),
            )
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn one_language_article_shows_a_notice_and_only_its_language() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        for article in site.bundle.one_language() {
            let only = article.body.langs()[0];
            let slug = &article.meta.slug;
            // Asking for two languages must still give the one there is.
            browser.goto(&format!("/a/{slug}?view=side")).await;
            browser
                .wait_for(&format!(".article-page[data-slug=\"{slug}\"]"))
                .await;
            let notice = browser.text(".status.notice.one-language").await;
            let expected = match only {
                Lang::Zh => "This article exists only in Chinese; there is no English translation.",
                Lang::En => "This article exists only in English; there is no Chinese translation.",
            };
            assert_eq!(notice, expected, "{slug}: the notice");
            assert_eq!(
                browser.count(".view-button").await,
                0,
                "{slug}: no view switch"
            );
            assert_eq!(browser.count(".swap-lead").await, 0, "{slug}: no lead swap");
            assert_eq!(browser.count(".article-body.view-single").await, 1);
            assert_eq!(
                browser.count(".peek-area.peekable").await,
                0,
                "{slug}: nothing to peek at"
            );
            assert_eq!(
                browser.text(".article-head h1").await,
                title(&article.meta, only)
            );
            assert_eq!(browser.count(".title-translation").await, 0);
            let langs = browser.attrs(".article-body .blk", "data-lang").await;
            assert_eq!(
                langs.len(),
                article.pairs.len(),
                "{slug}: one block per pair"
            );
            assert!(
                langs
                    .iter()
                    .all(|lang| lang.as_deref() == Some(only.code())),
                "{slug}: every block is {}, found {langs:?}",
                only.code()
            );
            let tags = browser.attrs(".article-body .blk", "lang").await;
            assert!(
                tags.iter().all(|tag| tag.as_deref() == Some(only.bcp47())),
                "{slug}: every block says lang={}, found {tags:?}",
                only.bcp47()
            );
            browser.assert_no_errors().await;
        }
        browser.close().await;
    })
    .await;
}

/// Switches to every view of the open article in turn.
async fn try_every_view(browser: &Browser) {
    for (view, class) in [
        ("zh", "view-single"),
        ("en", "view-single"),
        ("inter", "view-inter"),
        ("side", "view-side"),
    ] {
        browser
            .click(&format!("button.view-button[data-view=\"{view}\"]"))
            .await;
        browser.wait_for(&format!(".article-body.{class}")).await;
    }
}

#[tokio::test]
async fn an_ordinary_visit_logs_no_errors() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        browser
            .click(&format!(
                ".tag-filter a.chip[data-tag=\"{}\"]",
                site.bundle.narrowing_tag()
            ))
            .await;
        browser.click(".tag-filter a.chip:not([data-tag])").await;
        browser
            .click(&format!("{} .card-titles a", card(slug)))
            .await;
        browser.wait_for(".article-body").await;
        try_every_view(&browser).await;
        browser.click("button.swap-lead").await;
        browser
            .hover(".article-body .sentence[tabindex=\"0\"]")
            .await;
        browser.click("button.view-button[data-view=\"zh\"]").await;
        browser.click(".peek-area.peekable").await;
        browser.wait_for(".blk.peek").await;
        browser.click("button.ui-lang[lang=\"zh-Hans\"]").await;
        browser.click("button.font-larger").await;
        browser.select("label.theme-select select", "dark").await;
        browser.click("a.site-title").await;
        browser.wait_for(".card").await;
        browser.back().await;
        browser.wait_for(".article-body").await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
