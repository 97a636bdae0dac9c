//! Component tests: real components mounted in headless Chromium through
//! wasm-bindgen-test, checked through the DOM a reader sees.
#![cfg(target_arch = "wasm32")]

use duet::article::body::ArticleBody;
use duet::nav::view_mode::{Layout, ViewMode};
use duet::reader::prefs::ReaderPrefs;
use duet_core::test_support::{article, body, head, pair, paragraph};
use duet_core::Lang;
use duet_core::{Article, Bilingual, Span};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Two aligned paragraphs and a Chinese paragraph with no English counterpart.
fn sample_article() -> Arc<Article> {
    let zh = body(vec![
        paragraph(&["第一句。", "第二句。"]),
        paragraph(&["只有中文。"]),
    ]);
    let en = body(vec![paragraph(&["First sentence.", "Second sentence."])]);
    Arc::new(article(
        "sample",
        Bilingual {
            zh: Some(head("标题", "d")),
            en: Some(head("Title", "d")),
        },
        Bilingual {
            zh: Some(zh),
            en: Some(en),
        },
        vec![
            pair("p1", Some(0), Some(0), true),
            pair("p2", Some(1), None, false),
        ],
    ))
}

/// A fresh container in the page for one test.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&element).unwrap();
    element
}

fn query_all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|index| list.item(index))
        .map(|node| node.unchecked_into())
        .collect()
}

fn mount_body(layout: RwSignal<Layout>) -> web_sys::HtmlElement {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        ReaderPrefs::provide();
        view! { <ArticleBody article=sample_article() layout=Signal::from(layout)/> }
    });
    handle.forget();
    root
}

#[wasm_bindgen_test]
async fn side_view_puts_each_block_beside_its_translation() {
    let layout = RwSignal::new(Layout {
        mode: ViewMode::Side,
        lead: Lang::En,
    });
    let root = mount_body(layout);
    leptos::task::tick().await;

    let pairs = query_all(&root, ".view-side .pair");
    assert_eq!(pairs.len(), 2);
    let lead = query_all(&root, "#p1 .col-lead");
    assert_eq!(lead[0].get_attribute("lang").as_deref(), Some("en"));
    assert!(lead[0]
        .text_content()
        .unwrap()
        .contains("First sentence. Second sentence."));
    let other = query_all(&root, "#p1 .col-other");
    assert_eq!(other[0].get_attribute("lang").as_deref(), Some("zh-Hans"));
    // The unpaired Chinese paragraph says its translation is missing.
    assert_eq!(query_all(&root, "#p2 .missing").len(), 1);
}

#[wasm_bindgen_test]
async fn changing_the_layout_rerenders_interleaved_with_quiet_translation() {
    let layout = RwSignal::new(Layout {
        mode: ViewMode::Side,
        lead: Lang::Zh,
    });
    let root = mount_body(layout);
    leptos::task::tick().await;
    layout.set(Layout {
        mode: ViewMode::Interleaved,
        lead: Lang::Zh,
    });
    leptos::task::tick().await;

    assert_eq!(query_all(&root, ".view-inter").len(), 1);
    let quiet = query_all(&root, "#p1 .quiet");
    assert_eq!(quiet.len(), 1);
    assert_eq!(quiet[0].get_attribute("data-lang").as_deref(), Some("en"));
    // No quiet copy where there is no translation.
    assert!(query_all(&root, "#p2 .quiet").is_empty());
}

#[wasm_bindgen_test]
async fn pointing_at_a_sentence_lights_its_translation() {
    let layout = RwSignal::new(Layout {
        mode: ViewMode::Side,
        lead: Lang::Zh,
    });
    let root = mount_body(layout);
    leptos::task::tick().await;

    let second_zh = &query_all(&root, "[data-lang=zh] .sentence[data-sentence='1']")[0];
    second_zh
        .dispatch_event(&web_sys::Event::new("mouseenter").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let lit: Vec<String> = query_all(&root, ".sentence.lit")
        .iter()
        .map(|element| element.text_content().unwrap())
        .collect();
    assert_eq!(
        lit,
        vec!["第二句。".to_string(), "Second sentence.".to_string()]
    );

    second_zh
        .dispatch_event(&web_sys::Event::new("mouseleave").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!(query_all(&root, ".sentence.lit").is_empty());
}

#[wasm_bindgen_test]
async fn single_view_peeks_at_the_translation_on_click() {
    let layout = RwSignal::new(Layout {
        mode: ViewMode::Single(Lang::Zh),
        lead: Lang::Zh,
    });
    let root = mount_body(layout);
    leptos::task::tick().await;

    assert!(
        query_all(&root, "[data-lang=en]").is_empty(),
        "English hidden before the click"
    );
    let area: web_sys::HtmlElement = query_all(&root, "#p1 .peek-area")[0]
        .clone()
        .unchecked_into();
    area.click();
    leptos::task::tick().await;
    let peek = query_all(&root, "#p1 .peek");
    assert_eq!(peek.len(), 1);
    assert!(peek[0].text_content().unwrap().contains("First sentence."));
    assert_eq!(area.get_attribute("aria-expanded").as_deref(), Some("true"));
    area.click();
    leptos::task::tick().await;
    assert!(query_all(&root, "#p1 .peek").is_empty());
}

#[wasm_bindgen_test]
async fn markup_and_script_links_in_content_stay_inert() {
    let root = container();
    let spans = vec![
        Span::plain("<img src=x onerror=alert(1)>"),
        Span {
            href: Some("javascript:alert(1)".into()),
            ..Span::plain("click")
        },
    ];
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <p>{duet::components::spans::spans_view(&spans)}</p> }
    });
    handle.forget();
    leptos::task::tick().await;

    assert!(
        root.query_selector("img").unwrap().is_none(),
        "markup must render as text"
    );
    assert!(root
        .text_content()
        .unwrap()
        .contains("<img src=x onerror=alert(1)>"));
    assert!(
        root.query_selector("a").unwrap().is_none(),
        "a javascript: link must not be clickable"
    );
}
