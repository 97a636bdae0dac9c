//! The static article page that `duet-prerender` wrote into `dist/` stands in while
//! the app downloads. The stylesheet hides the app's own elements while the body has
//! the class `prerendering`; once the app has drawn its page, the static one goes
//! and so does the class.

use crate::browser;

const ID: &str = "prerender";
/// The body's class on a pre-rendered page (`duet_prerender::PRERENDERING`).
const BODY_CLASS: &str = "prerendering";

/// Whether this page was opened as a pre-rendered article.
pub fn present() -> bool {
    browser::document().get_element_by_id(ID).is_some()
}

/// Removes the static page now: the app is about to show something else. A reader
/// who has scrolled keeps the paragraph at the top of the screen where it was, though
/// the app's controls above it take a little more or less room than the static page
/// kept for them.
pub fn retire() {
    let document = browser::document();
    let Some(page) = document.get_element_by_id(ID) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let scrolled = window.scroll_y().unwrap_or_default() > 0.0;
    let held = if scrolled { top_pair(&page) } else { None };
    page.remove();
    if let Some(body) = document.body() {
        let _ = body.class_list().remove_1(BODY_CLASS);
    }
    if let Some((id, top)) = held {
        if let Some(pair) = document.get_element_by_id(&id) {
            window.scroll_by_with_x_and_y(0.0, pair.get_bounding_client_rect().top() - top);
        }
    }
    // The moment the app's own page took over, for the benchmark.
    if let Some(performance) = window.performance() {
        let _ = performance.mark("duet-app-drawn");
    }
}

/// The id and screen position of the first pair of `page` not scrolled past.
fn top_pair(page: &web_sys::Element) -> Option<(String, f64)> {
    let pairs = page.query_selector_all(".pair").ok()?;
    (0..pairs.length())
        .filter_map(|index| pairs.item(index))
        .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
        .map(|pair| (pair.id(), pair.get_bounding_client_rect()))
        .find(|(_, rect)| rect.bottom() > 0.0)
        .map(|(id, rect)| (id, rect.top()))
}

/// Removes the static page once the app's page holds `selector`, checked before each
/// frame is drawn, so no frame shows neither. After `frames` frames it goes anyway.
pub fn retire_when_present(selector: &'static str, frames: u32) {
    if !present() {
        return;
    }
    let drawn = browser::document()
        .query_selector(selector)
        .ok()
        .flatten()
        .is_some_and(|element| element.closest("#prerender").ok().flatten().is_none());
    if drawn || frames == 0 {
        retire();
        return;
    }
    leptos::prelude::request_animation_frame(move || retire_when_present(selector, frames - 1));
}
