//! Markdown as real sites write it, in a real browser: the bundler's `real-markdown`
//! fixture (our own bilingual article with footnotes, alerts, task and definition
//! lists, math, HTML elements, shortcodes and includes) served as the site's whole
//! bundle, shown in every view, by the app and by the pre-rendered page.

use std::path::Path;

use serde_json::{json, Value as Json};

use super::bounded;
use crate::harness::Site;

/// What of each feature one language's side of the article shows.
const INSPECT: &str = r#"
const lang = arguments[0];
const side = Array.from(document.querySelectorAll(`.article-body .blk[data-lang="${lang}"]`));
const count = (css) => side.reduce((sum, blk) => sum + blk.querySelectorAll(css).length, 0);
const body = document.querySelector('.article-body');
return {
  blocks: side.length,
  callouts: count('aside.callout'),
  callout_titles: side.flatMap((blk) => Array.from(blk.querySelectorAll('.callout-title')))
    .map((title) => getComputedStyle(title, '::before').content),
  details: count('details > summary'),
  kbd: count('kbd'),
  sub: count('sub'),
  sup: count('sup:not(.fnref)'),
  mark: count('mark'),
  small: count('small'),
  abbr: side.flatMap((blk) => Array.from(blk.querySelectorAll('abbr[title]'))).map((abbr) => abbr.title),
  note_refs: count('sup.fnref a[data-note]'),
  notes: count('section.notes li[data-note]'),
  math_inline: count('span.math math[alttext] mi'),
  math_block: count('div.math-block math[display="block"] mfrac'),
  tasks: count('ul.tasks input.task[type="checkbox"][disabled]'),
  ticked: count('input.task:checked'),
  terms: count('dl dt'),
  table_heads: count('table th'),
  figures: count('figure figcaption'),
  code: count('pre.code'),
  text: body.textContent,
};"#;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../duet-bundle/tests/fixtures/real-markdown")
}

/// Checks one language's side as drawn (`found`), for the app and the static page.
fn check_side(found: &Json, lang: &str, view: &str) {
    let at = format!("{lang} in {view}");
    let number = |key: &str| found[key].as_u64().unwrap_or(0);
    assert!(number("blocks") > 20, "{at}: {found}");
    assert_eq!(number("callouts"), 6, "{at}: five alerts and a notice");
    let titles = found["callout_titles"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let expected = if lang == "zh" {
        "\"注意\""
    } else {
        "\"Note\""
    };
    assert_eq!(titles.first(), Some(&json!(expected)), "{at}: {titles:?}");
    assert_eq!(
        number("details"),
        2,
        "{at}: HTML around Markdown, and a shortcode"
    );
    for key in ["kbd", "sub", "sup", "mark", "small", "terms"] {
        assert!(number(key) >= 1, "{at}: no {key}");
    }
    assert_eq!(found["abbr"].as_array().map(Vec::len), Some(1), "{at}");
    assert_eq!(number("note_refs"), 2, "{at}");
    assert_eq!(number("notes"), 2, "{at}");
    assert_eq!(number("math_inline"), 3, "{at}: P, V and I");
    assert_eq!(number("math_block"), 1, "{at}");
    assert_eq!((number("tasks"), number("ticked")), (2, 1), "{at}");
    assert_eq!(number("table_heads"), 2, "{at}");
    assert_eq!(number("figures"), 2, "{at}");
    assert!(number("code") >= 4, "{at}");
    let text = found["text"].as_str().unwrap_or_default();
    for gone in ["<!--more-->", "{{", "[!NOTE]", "[^time]", "$$"] {
        assert!(!text.contains(gone), "{at}: {gone} shows as text");
    }
}

#[tokio::test]
async fn real_markdown_features_show_in_every_view() {
    bounded(async {
        let site = Site::start_copy();
        duet_bundle::commands::build(&fixture(), Some(&site.data_file("")))
            .expect("the real-markdown fixture builds");
        let browser = site.browser().await;
        for (view, langs) in [
            ("zh", vec!["zh"]),
            ("en", vec!["en"]),
            ("side", vec!["zh", "en"]),
            ("inter", vec!["zh", "en"]),
        ] {
            browser
                .goto(&format!("/a/field-notes?view={view}&lead=en"))
                .await;
            browser.wait_for(".article-page .article-body math").await;
            for lang in langs {
                let found = browser.js(INSPECT, vec![json!(lang)]).await;
                check_side(&found, lang, view);
            }
        }
        // A footnote reference leads to its note in the same language, and the
        // note's back link to the reference.
        browser.goto("/a/field-notes?view=side&lead=en").await;
        browser.wait_for(".article-body sup.fnref a").await;
        browser
            .click(".blk[data-lang=\"zh\"] sup.fnref a[data-note=\"2\"]")
            .await;
        let focused = browser
            .js(
                "const e = document.activeElement; return [e.dataset.note, e.closest('.blk').dataset.lang];",
                Vec::new(),
            )
            .await;
        assert_eq!(focused, json!(["2", "zh"]));
        browser.screenshot(&std::env::temp_dir().join("duet-real-markdown-side.png")).await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn real_markdown_pre_renders_the_same_markup() {
    bounded(async {
        let site = Site::start_copy();
        duet_bundle::commands::build(&fixture(), Some(&site.data_file("")))
            .expect("the real-markdown fixture builds");
        duet_prerender::write_article_pages(site.root(), "/")
            .expect("the real-markdown fixture pre-renders");
        let browser = site.browser().await;
        browser.block_app_code(true).await;
        for view in ["zh", "en", "side"] {
            browser
                .goto_static(&format!("/a/field-notes?view={view}&lead=en"))
                .await;
            browser.wait_for("#prerender .article-body math").await;
            for lang in ["zh", "en"] {
                let found = browser.js(INSPECT, vec![json!(lang)]).await;
                check_side(&found, lang, view);
            }
        }
        browser.close().await;
    })
    .await;
}
