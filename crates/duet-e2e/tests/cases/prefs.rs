//! The reader's preferences: interface language, theme, text size, and the
//! layout remembered across reloads.

use duet_core::Lang;
use serde_json::json;

use super::bounded;
use crate::harness::bundle::full_pairs;
use crate::harness::{Browser, Site};

/// The `aria-pressed` of the two interface language buttons, Chinese first.
async fn language_buttons(browser: &Browser) -> [Option<String>; 2] {
    [
        browser
            .attr("button.ui-lang[lang=\"zh-Hans\"]", "aria-pressed")
            .await,
        browser
            .attr("button.ui-lang[lang=\"en\"]", "aria-pressed")
            .await,
    ]
}

#[tokio::test]
async fn interface_language_switch_translates_the_interface() {
    bounded(async {
        let site = Site::start();
        let site_settings = &site.bundle.catalog.site;
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;

        for (lang, all_articles, popular) in [
            (Lang::En, "All articles", "Popular"),
            (Lang::Zh, "全部文章", "热门文章"),
            (Lang::En, "All articles", "Popular"),
        ] {
            browser
                .click(&format!("button.ui-lang[lang=\"{}\"]", lang.bcp47()))
                .await;
            browser
                .wait_js(
                    &format!("<html lang> to become {}", lang.bcp47()),
                    &format!("document.documentElement.lang === '{}'", lang.bcp47()),
                )
                .await;
            browser
                .wait_js(
                    &format!("the library heading {all_articles:?}"),
                    &format!(
                        "document.querySelector('main h1').innerText.trim() === {}",
                        json!(all_articles)
                    ),
                )
                .await;
            let pressed = |on: bool| Some(on.to_string());
            assert_eq!(
                language_buttons(&browser).await,
                [pressed(lang == Lang::Zh), pressed(lang == Lang::En)]
            );
            assert_eq!(browser.text(".popular h2").await, popular);
            let site_title = site_settings
                .title
                .get_or_other(lang)
                .expect("a site title");
            assert_eq!(browser.text("a.site-title").await, *site_title);
            let links = browser.texts("nav.site-nav a").await;
            for (shown, link) in links.iter().zip(&site_settings.nav) {
                let label = link.label.get_or_other(lang).expect("a nav label");
                assert!(
                    shown.starts_with(label.as_str()),
                    "nav link reads {shown:?}, expected {label:?}"
                );
            }
            assert_eq!(
                browser.stored("duet.ui_lang").await.as_deref(),
                Some(lang.code())
            );
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn reload_keeps_the_view_the_lead_and_the_interface_language() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let first_pair = &full_pairs(article)[0].id;
        let lead_column = format!("[id=\"{first_pair}\"] > .blk.col-lead");
        let browser = site.browser().await;
        browser.open_article(slug, "").await;

        browser.click("button.ui-lang[lang=\"zh-Hans\"]").await;
        browser
            .click("button.view-button[data-view=\"inter\"]")
            .await;
        browser.wait_for(".article-body.view-inter").await;
        browser
            .click("button.view-button[data-view=\"side\"]")
            .await;
        browser.wait_for(".article-body.view-side").await;
        // The interface is Chinese now, so Chinese leads until swapped.
        browser.click("button.swap-lead").await;
        let chosen = format!("/a/{slug}?view=side&lead=en");
        browser
            .wait_until("the address to record the chosen layout", || async {
                browser.path().await == chosen
            })
            .await;
        assert_eq!(
            browser.stored("duet.layout").await.as_deref(),
            Some("side:en")
        );
        assert_eq!(browser.stored("duet.ui_lang").await.as_deref(), Some("zh"));

        browser.refresh().await;
        browser.wait_for(".article-body.view-side").await;
        assert_eq!(browser.path().await, chosen);
        assert_eq!(browser.root_attr("lang").await.as_deref(), Some("zh-Hans"));
        assert_eq!(
            language_buttons(&browser).await,
            [Some("true".into()), Some("false".into())]
        );
        assert_eq!(
            browser.attr(&lead_column, "data-lang").await.as_deref(),
            Some("en")
        );

        // Without a layout in the address, the remembered one applies.
        browser.open_article(slug, "").await;
        browser.wait_for(".article-body.view-side").await;
        assert_eq!(
            browser.attr(&lead_column, "data-lang").await.as_deref(),
            Some("en")
        );
        assert_eq!(
            browser
                .attr("button.view-button[data-view=\"side\"]", "aria-pressed")
                .await
                .as_deref(),
            Some("true")
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn theme_choice_sets_the_colour_scheme_and_is_kept() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        let background = || async {
            browser
                .js(
                    "return getComputedStyle(document.body).backgroundColor;",
                    Vec::new(),
                )
                .await
        };

        let select = "label.theme-select select";
        browser.select(select, "light").await;
        browser
            .wait_js(
                "the light theme",
                "document.documentElement.dataset.theme === 'light'",
            )
            .await;
        let light = background().await;
        browser.select(select, "dark").await;
        browser
            .wait_js(
                "the dark theme",
                "document.documentElement.dataset.theme === 'dark'",
            )
            .await;
        assert_ne!(
            background().await,
            light,
            "the page looks different when dark"
        );
        assert_eq!(browser.stored("duet.theme").await.as_deref(), Some("dark"));

        browser.refresh().await;
        browser.wait_for(".card").await;
        assert_eq!(
            browser.root_attr("data-theme").await.as_deref(),
            Some("dark")
        );
        let chosen = browser
            .js(
                &format!("return document.querySelector('{select}').value;"),
                Vec::new(),
            )
            .await;
        assert_eq!(chosen, json!("dark"), "the switch shows the kept choice");

        browser.select(select, "light").await;
        browser
            .wait_js(
                "the light theme again",
                "document.documentElement.dataset.theme === 'light'",
            )
            .await;
        assert_eq!(background().await, light);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn font_buttons_change_the_text_size_within_limits() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        let size = || async {
            browser
                .js(
                    "return parseFloat(getComputedStyle(document.documentElement).fontSize);",
                    Vec::new(),
                )
                .await
                .as_f64()
                .expect("a font size in px")
        };
        let step_becomes =
            |step: i32| format!("document.documentElement.dataset.fontStep === '{step}'");
        browser
            .wait_js("the default text size", &step_becomes(0))
            .await;
        let normal = size().await;

        browser.click("button.font-larger").await;
        browser.wait_js("one step larger", &step_becomes(1)).await;
        assert!(size().await > normal, "larger text after A+");

        browser.click("button.font-smaller").await;
        browser.wait_js("back to normal", &step_becomes(0)).await;
        browser.click("button.font-smaller").await;
        browser.wait_js("one step smaller", &step_becomes(-1)).await;
        assert!(size().await < normal, "smaller text after A−");
        browser.click("button.font-smaller").await;
        browser
            .wait_js("the smallest size", &step_becomes(-2))
            .await;
        let disabled = |css: &str| format!("document.querySelector('{css}').disabled");
        browser
            .wait_js(
                "A− to be disabled at the smallest size",
                &disabled("button.font-smaller"),
            )
            .await;

        for step in -1..=4 {
            browser.click("button.font-larger").await;
            browser
                .wait_js(&format!("step {step}"), &step_becomes(step))
                .await;
        }
        browser
            .wait_js(
                "A+ to be disabled at the largest size",
                &disabled("button.font-larger"),
            )
            .await;
        assert_eq!(browser.stored("duet.font_step").await.as_deref(), Some("4"));
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn storage_carries_its_layout_version_and_a_newer_one_is_reported_not_overwritten() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        assert_eq!(
            browser.stored("duet.storage_version").await.as_deref(),
            Some("1")
        );

        // Data left by a newer release: said, and its version kept.
        browser
            .js(
                "localStorage.setItem('duet.storage_version', '9');",
                Vec::new(),
            )
            .await;
        browser.refresh().await;
        browser.wait_for(".storage-notice").await;
        assert!(browser
            .text(".storage-notice")
            .await
            .contains("newer version"));
        assert_eq!(
            browser.stored("duet.storage_version").await.as_deref(),
            Some("9")
        );
        // Guards issue 16 finding 9: the notice said nothing would change, and a
        // bookmark was still written in this release's layout.
        let slug = &site.bundle.bilingual().meta.slug;
        browser.goto(&format!("/a/{slug}")).await;
        browser.click(".article-head button.bookmark-toggle").await;
        browser.wait_for(".bookmark-error").await;
        assert_eq!(browser.stored("duet.bookmarks").await, None);
        browser.close().await;
    })
    .await;
}
