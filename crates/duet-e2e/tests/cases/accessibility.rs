//! WCAG 2.2 AA as axe-core checks it: every kind of page the reader can open, in
//! both themes and both interface languages, on a desktop and a phone width, with
//! no violation at any impact.

use super::bounded_for;
use crate::harness::axe::{choose, violations};
use crate::harness::{Browser, Site};

/// The widths checked: a desktop window and a phone.
const WIDTHS: [u32; 2] = [1280, 390];

/// Every page the matrix visits, as (what it is, route, element that shows it is
/// drawn, and an action that opens something on it first).
struct Visit {
    name: String,
    route: String,
    ready: &'static str,
    open_popover: bool,
}

fn visits(site: &Site) -> Vec<Visit> {
    let bilingual = site.bundle.bilingual().meta.slug.clone();
    let one_language = site.bundle.one_language()[0].meta.slug.clone();
    let page = |name: &str, route: String, ready: &'static str| Visit {
        name: name.to_string(),
        route,
        ready,
        open_popover: false,
    };
    let mut list = vec![page("the library", "/".into(), ".card-list .card")];
    for view in ["side", "inter", "zh", "en"] {
        list.push(page(
            &format!("a bilingual article, {view} view"),
            format!("/a/{bilingual}?view={view}"),
            ".article-body .pair",
        ));
    }
    list.push(page(
        "a one-language article",
        format!("/a/{one_language}"),
        ".article-body .pair",
    ));
    list.push(Visit {
        name: "a Chinese article with pinyin and tone colours, a word's popover open".into(),
        route: format!("/a/{bilingual}?view=zh"),
        ready: ".article-body .pair",
        open_popover: true,
    });
    list.push(page(
        "search results",
        "/search?q=AI".into(),
        "section.search-results[data-state=\"done\"]",
    ));
    list.push(page("the Saved page", "/words".into(), ".saved-page"));
    list.push(page(
        "the not-found page",
        "/no/such/page".into(),
        ".not-found",
    ));
    list
}

/// Visits every page at every width with the given theme and interface language
/// and returns each violation with where it was found.
async fn matrix(theme: &str, ui: &str) -> Vec<String> {
    let site = Site::start();
    let browser: Browser = site.browser().await;
    // Preferences live in the origin's storage: set them once on any page.
    browser.goto("/").await;
    choose(
        &browser,
        &[
            ("theme", theme),
            ("ui_lang", ui),
            ("pinyin", "on"),
            ("tones", "on"),
        ],
    )
    .await;
    browser.refresh().await;
    // The matrix means nothing unless the choices took effect.
    assert_eq!(
        browser.root_attr("data-theme").await.as_deref(),
        Some(theme)
    );
    assert_eq!(browser.root_attr("data-ui").await.as_deref(), Some(ui));
    assert_eq!(browser.root_attr("data-tones").await.as_deref(), Some("on"));
    let mut found = Vec::new();
    for width in WIDTHS {
        browser.set_layout_width(Some(width)).await;
        for visit in visits(&site) {
            browser.goto(&visit.route).await;
            browser.wait_for(visit.ready).await;
            if visit.open_popover {
                browser.click(".article-body .w[data-word]").await;
                browser.wait_for(".word-popover .popover-pinyin").await;
            }
            for violation in violations(&browser).await {
                found.push(format!("{} at {width} px: {violation}", visit.name));
            }
        }
    }
    browser.close().await;
    found
}

async fn assert_clean(theme: &str, ui: &str) {
    let found = matrix(theme, ui).await;
    assert!(
        found.is_empty(),
        "{} accessibility violations ({theme} theme, {ui} interface):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[tokio::test]
async fn light_theme_english_interface_has_no_violations() {
    bounded_for(300, assert_clean("light", "en")).await;
}

#[tokio::test]
async fn dark_theme_english_interface_has_no_violations() {
    bounded_for(300, assert_clean("dark", "en")).await;
}

#[tokio::test]
async fn light_theme_chinese_interface_has_no_violations() {
    bounded_for(300, assert_clean("light", "zh")).await;
}

#[tokio::test]
async fn dark_theme_chinese_interface_has_no_violations() {
    bounded_for(300, assert_clean("dark", "zh")).await;
}
