//! WCAG 2.2 AA as axe-core checks it: every kind of page the reader can open, in
//! both themes and both interface languages, on a desktop and a phone width, with
//! no violation at any impact.

use duet_core::{Block, Lang};

use super::bounded_for;
use crate::harness::axe::{choose, violations};
use crate::harness::bundle::block;
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

#[tokio::test]
async fn side_by_side_announces_each_section_heading_once() {
    super::bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        // The headings a screen reader lists: the lead language's, English here.
        let expected: Vec<String> = article
            .pairs
            .iter()
            .filter_map(|pair| {
                block(article, pair, Lang::En)
                    .or_else(|| block(article, pair, Lang::Zh))
                    .and_then(|block| match block {
                        Block::Heading { spans, .. } => Some(duet_core::spans_text(spans)),
                        _ => None,
                    })
            })
            .collect();
        assert!(!expected.is_empty(), "the article has section headings");
        let browser = site.browser().await;
        for view in ["side&lead=en", "inter&lead=en"] {
            browser.open_article(&article.meta.slug, &format!("view={view}")).await;
            let announced = browser
                .js(
                    "return Array.from(document.querySelectorAll('.article-body :is(h2, h3, h4, h5)'))
                       .filter((h) => h.getAttribute('role') !== 'none' && h.getClientRects().length > 0)
                       .map((h) => h.textContent.trim());",
                    Vec::new(),
                )
                .await;
            let announced: Vec<String> = serde_json::from_value(announced).expect("strings");
            assert_eq!(announced, expected, "{view}");
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// Text on the page that a Chinese interface shows as Chinese (its nearest `lang`
/// is Chinese) but that holds a run of Latin letters: a stray English label or a
/// wrong `lang`. Words the interface means to show as they are (HSK, the pinyin
/// of a word) are not strays, nor is code.
const STRAY_ENGLISH: &str = r"
const found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const element = node.parentElement;
  // Code is the author's, in no human language.
  if (!element || element.closest('script, style, rt, pre, code')) continue;
  if (element.getClientRects().length === 0) continue;
  const lang = (element.closest('[lang]') || document.documentElement).getAttribute('lang') || '';
  if (!lang.startsWith('zh')) continue;
  const text = node.textContent.replace(/HSK|AI|CSV|Anki|Duet|[A-Z]{2,}/g, '');
  if (/[A-Za-z]{3,}/.test(text)) found.push(element.tagName.toLowerCase() + '.' + element.className + ': ' + node.textContent.trim().slice(0, 60));
}
return found;";

#[tokio::test]
async fn the_chinese_interface_has_no_stray_english() {
    bounded_for(120, async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        choose(&browser, &[("ui_lang", "zh")]).await;
        let mut strays = Vec::new();
        for visit in visits(&site) {
            browser.goto(&visit.route).await;
            browser.wait_for(visit.ready).await;
            let found = browser.js(STRAY_ENGLISH, Vec::new()).await;
            let found: Vec<String> = serde_json::from_value(found).expect("strings");
            strays.extend(
                found
                    .into_iter()
                    .map(|stray| format!("{}: {stray}", visit.name)),
            );
        }
        browser.close().await;
        assert!(
            strays.is_empty(),
            "English in the Chinese interface:\n{}",
            strays.join("\n")
        );
    })
    .await;
}

/// For every shown control edge (buttons' groups, menus, buttons, chips, the search
/// box): its border colour's contrast against the page, below 3:1 listed. And the
/// focus ring's colour against the page.
const WEAK_EDGES: &str = r"
const luminance = (css) => {
  const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const page = getComputedStyle(document.body).backgroundColor;
const weak = [];
for (const element of document.querySelectorAll('.segmented, select, .button, .chip, .search-box input')) {
  if (element.getClientRects().length === 0) continue;
  const style = getComputedStyle(element);
  if (parseFloat(style.borderTopWidth) === 0) continue;
  const ratio = contrast(style.borderTopColor, page);
  if (ratio < 3) weak.push(element.className + ' border ' + ratio.toFixed(2));
}
const focus = getComputedStyle(document.documentElement).getPropertyValue('--focus').trim();
const probe = document.createElement('span');
probe.style.color = focus;
document.body.append(probe);
const ring = contrast(getComputedStyle(probe).color, page);
probe.remove();
if (ring < 3) weak.push('focus ring ' + ring.toFixed(2));
return weak;";

#[tokio::test]
async fn control_edges_and_focus_rings_stand_out_at_three_to_one() {
    bounded_for(120, async {
        let site = Site::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let browser = site.browser().await;
        let mut weak = Vec::new();
        for theme in ["light", "dark"] {
            browser.goto("/").await;
            choose(&browser, &[("theme", theme)]).await;
            for route in ["/".to_string(), format!("/a/{slug}?view=side")] {
                browser.goto(&route).await;
                browser.wait_for("#main > *").await;
                let found = browser.js(WEAK_EDGES, Vec::new()).await;
                let found: Vec<String> = serde_json::from_value(found).expect("strings");
                weak.extend(
                    found
                        .into_iter()
                        .map(|edge| format!("{theme} {route}: {edge}")),
                );
            }
        }
        browser.close().await;
        assert!(weak.is_empty(), "edges under 3:1:\n{}", weak.join("\n"));
    })
    .await;
}
