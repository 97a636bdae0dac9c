//! Keeps the reader's place in an article: opens it where it was left (when the
//! address names no paragraph) and records the paragraph at the top of the screen
//! while the reader scrolls, at most a few times a second.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::i18n::ui_text;
use crate::nav::links;
use crate::reader::position;
use crate::reader::prefs::ReaderPrefs;

/// How long scrolling waits before the place is worked out and stored.
const THROTTLE: Duration = Duration::from_millis(400);

/// The band at the top of the window where a paragraph counts as read past, in root
/// `em`s: a little less than the `scroll-margin-top` of `.pair` in the stylesheet
/// (7rem, clearing the sticky reading tools), so the paragraph a link scrolls to is
/// the place and the one above it, whose end peeks out under the tools, is not.
const COVERED_TOP_REM: f64 = 6.5;
/// The same on a phone (up to 600 px wide), where the tools scroll away with the
/// page and the margin is 1rem.
const COVERED_TOP_REM_PHONE: f64 = 0.5;

/// [`COVERED_TOP_REM`] in pixels at the reader's text size and window width.
fn covered_top() -> f64 {
    let Some(window) = web_sys::window() else {
        return 0.0;
    };
    let phone = window
        .inner_width()
        .ok()
        .and_then(|width| width.as_f64())
        .is_some_and(|width| width <= 600.0);
    let band = if phone {
        COVERED_TOP_REM_PHONE
    } else {
        COVERED_TOP_REM
    };
    let root_px = browser::document()
        .document_element()
        .and_then(|root| {
            let style = window.get_computed_style(&root).ok()??;
            style.get_property_value("font-size").ok()
        })
        // JavaScript's parseFloat ("17.6px" → 17.6): Rust's float parsing would add
        // its tables to the wasm (see ARCHITECTURE.md, "The shell's size").
        .map(|size| js_sys::parse_float(&size))
        .filter(|size| size.is_finite() && *size > 0.0)
        .unwrap_or(16.0);
    band * root_px
}

/// Restores and records the place in `slug`; when it restored one, says so in a
/// notice fixed at the bottom of the window (the top of the article is scrolled away).
#[component]
pub fn ReadingPosition(
    /// The article.
    slug: String,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    // Only when the address names no paragraph: a link to one wins.
    let restored = links::location_hash()
        .is_empty()
        .then(|| position::position_in(&slug))
        .flatten();
    if let Some(pair) = restored.clone() {
        links::scroll_to_id_when_present(pair, 60);
    }
    let notice = RwSignal::new(restored.is_some());
    track(slug, prefs);
    let to_top = move |_| {
        notice.set(false);
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    };
    move || {
        notice.get().then(|| {
            view! {
                <p class="status notice resumed" role="status">
                    {move || text().resumed} " "
                    <button type="button" class="link-button from-start" on:click=to_top>
                        {move || text().from_start}
                    </button>
                    <button type="button" class="link-button resumed-close" on:click=move |_| notice.set(false)>
                        {move || text().close}
                    </button>
                </p>
            }
        })
    }
}

/// Listens to scrolling until the view is gone; each burst records the place once.
fn track(slug: String, prefs: ReaderPrefs) {
    let alive = Arc::new(AtomicBool::new(true));
    let pending = Rc::new(Cell::new(false));
    let last = Rc::new(RefCell::new(None::<String>));
    let listening = alive.clone();
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        if pending.replace(true) {
            return;
        }
        let (pending, last, alive, slug) = (
            pending.clone(),
            last.clone(),
            listening.clone(),
            slug.clone(),
        );
        set_timeout(
            move || {
                pending.set(false);
                if !alive.load(Ordering::Relaxed) {
                    return;
                }
                let Some(pair) = place(&slug) else {
                    return;
                };
                if last.borrow().as_deref() == Some(pair.as_str()) {
                    return;
                }
                match position::record(&slug, &pair) {
                    Ok(()) => *last.borrow_mut() = Some(pair),
                    // Said once, not at every scroll.
                    Err(error) if prefs.storage_notice.get_untracked().is_none() => {
                        let lang = prefs.ui_lang.get_untracked();
                        prefs.storage_notice.set(Some(format!(
                            "{}: {}",
                            ui_text(lang).save_failed,
                            error.describe(lang)
                        )))
                    }
                    Err(_) => {}
                }
            },
            THROTTLE,
        );
    });
    on_cleanup(move || {
        alive.store(false, Ordering::Relaxed);
        handle.remove();
    });
}

/// The id of the pair at the top of the screen in `slug`'s page; `None` at the very
/// start (nothing to come back to) or when the article is not on the page.
fn place(slug: &str) -> Option<String> {
    // The app's page is hidden while the pre-rendered one stands in: nothing to measure.
    if crate::browser::prerender::present() {
        return None;
    }
    let pairs = browser::document()
        .query_selector_all(&format!(
            ".article-page[data-slug=\"{slug}\"] .article-body > .pair"
        ))
        .ok()?;
    let elements: Vec<web_sys::Element> = (0..pairs.length())
        .filter_map(|index| pairs.item(index))
        .filter_map(|node| node.dyn_into().ok())
        .collect();
    let bottoms: Vec<f64> = elements
        .iter()
        .map(|element| element.get_bounding_client_rect().bottom())
        .collect();
    match position::current_pair(&bottoms, covered_top())? {
        0 => None,
        index => Some(elements[index].id()),
    }
}
