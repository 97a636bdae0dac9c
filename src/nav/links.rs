//! The app's addresses as the browser holds them: links to routes under the base
//! path (in the path over HTTP, in the fragment opened from disk), anchors inside the
//! current page, and scrolling to them.

use wasm_bindgen::JsCast;

use super::route::{self, decode_component, UrlMode};
use crate::browser::{self, prerender};

/// Ids of an article page's sections that skip links lead to (prefixed: pair and
/// question ids come from the content).
pub const QUESTIONS_ID: &str = "duet-questions";
pub const RELATED_ID: &str = "duet-related";

/// How this page carries its route: in the fragment when opened from disk.
pub fn url_mode() -> UrlMode {
    let protocol = web_sys::window()
        .and_then(|window| window.location().protocol().ok())
        .unwrap_or_default();
    if protocol == "file:" {
        UrlMode::Fragment
    } else {
        UrlMode::Path
    }
}

/// Scrolls the element with `id` into view and marks it as the reader's target
/// (class `targeted`, cleared from the previous one), if it exists; returns whether
/// it did. The class stands in for `:target`, which does not follow elements that
/// appear after the address was loaded.
pub fn scroll_to_id(id: &str) -> bool {
    // The pre-rendered page holds the same ids but is about to go: wait for the app's.
    if prerender::present() {
        return false;
    }
    let document = browser::document();
    let Some(element) = document.get_element_by_id(id) else {
        return false;
    };
    if let Ok(previous) = document.query_selector_all(".targeted") {
        for index in 0..previous.length() {
            if let Some(node) = previous.item(index) {
                let _ = node
                    .unchecked_into::<web_sys::Element>()
                    .class_list()
                    .remove_1("targeted");
            }
        }
    }
    let _ = element.class_list().add_1("targeted");
    if element.tag_name().eq_ignore_ascii_case("details") {
        let _ = element.set_attribute("open", "");
    }
    element.scroll_into_view();
    true
}

/// Scrolls to the element with `id` as soon as it is in the document, checking once
/// per animation frame for at most `frames` frames.
pub fn scroll_to_id_when_present(id: String, frames: u32) {
    if scroll_to_id(&id) || frames == 0 {
        return;
    }
    leptos::prelude::request_animation_frame(move || scroll_to_id_when_present(id, frames - 1));
}

/// The anchor of the current address without `#`, percent-decoded. Opened from
/// disk, the fragment holds the route too (`#/a/x?view=zh#p4`): the anchor is what
/// follows its second `#`.
pub fn location_hash() -> String {
    let hash = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    let hash = hash.trim_start_matches('#');
    let anchor = match url_mode() {
        UrlMode::Path => hash,
        UrlMode::Fragment if hash.starts_with('/') => {
            hash.split_once('#').map(|(_, anchor)| anchor).unwrap_or("")
        }
        UrlMode::Fragment => hash,
    };
    decode_component(anchor)
}

/// An `href` for an anchor inside the current page. A bare `#id` would not do: it
/// resolves against the app's root under a base path, and opened from disk the
/// fragment also carries the route. So the current route is spelled out.
pub fn same_page_href(id: &str) -> String {
    let Some(window) = web_sys::window() else {
        return format!("#{id}");
    };
    let location = window.location();
    match url_mode() {
        UrlMode::Path => format!(
            "{}{}#{id}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        ),
        UrlMode::Fragment => {
            let hash = location.hash().unwrap_or_default();
            let route = hash
                .trim_start_matches('#')
                .split('#')
                .next()
                .filter(|route| route.starts_with('/'))
                .unwrap_or("/");
            format!("#{route}#{id}")
        }
    }
}

/// Moves to an anchor inside the current page without leaving the route: records
/// the fragment in the address bar (so the link can be copied) and scrolls to it.
pub fn go_to_anchor(id: &str) {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&same_page_href(id)),
            );
        }
    }
    scroll_to_id(id);
}

/// An `href` for an app route, so the same link works at the site root, under any
/// sub-path (`/a/x` becomes `/docs/duet/a/x`) and opened from disk (`#/a/x`). The
/// router handles clicks on such links without reloading the page.
pub fn app_href(route: &str) -> String {
    route::href(url_mode(), &browser::base_path(), route)
}
