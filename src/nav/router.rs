//! The router: the current [`Route`] as a signal that follows the address bar (Back,
//! Forward, an edited fragment), navigation without a reload, and the clicks on the
//! app's own links turned into such navigations.
//!
//! Ours rather than `leptos_router`'s because that one only knows path addresses, and
//! the one-file edition, opened from `file://`, must keep its route in the fragment
//! (Chromium throws on `history.pushState` to another path there). The route model
//! itself is plain data in `route.rs`.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser;
use crate::nav::links::{self, url_mode};
pub use crate::nav::route::{Page, QueryMap, Route, UrlMode};

/// The route in the address bar now.
fn current_route() -> Route {
    let Some(window) = web_sys::window() else {
        return Route::default();
    };
    let location = window.location();
    let pathname = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    super::route::route_of(url_mode(), &browser::base_path(), &pathname, &search, &hash)
        // An address outside the base path: nothing of ours lives there.
        .unwrap_or_else(|| Route::parse(&format!("/{pathname}")))
}

thread_local! {
    /// The current route, set by [`Router`]. Kept here rather than in a context
    /// because [`navigate`] runs from event handlers, where no owner is current.
    static CURRENT_ROUTE: std::cell::Cell<Option<RwSignal<Route>>> = const { std::cell::Cell::new(None) };
}

// Not data: `Router` wraps the whole app, so the signal is set before any view asks.
#[allow(clippy::expect_used)]
fn current_signal() -> RwSignal<Route> {
    CURRENT_ROUTE
        .with(|current| current.get())
        .expect("the app is wrapped in a Router")
}

/// How [`navigate`] moves.
#[derive(Debug, Clone, Copy)]
pub struct NavigateOptions {
    /// Replace the current history entry instead of adding one.
    pub replace: bool,
    /// Scroll to the top of the page (unless the route names an anchor).
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            replace: false,
            scroll: true,
        }
    }
}

/// Moves to app route `route` (`/a/x?view=side#p4`) without reloading the page.
pub fn navigate(route: &str, options: NavigateOptions) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let href = links::app_href(route);
    if let Ok(history) = window.history() {
        let moved = if options.replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(&href))
        };
        if let Err(error) = moved {
            leptos::logging::warn!(
                "navigation to {href} refused: {}",
                browser::describe_js_error(&error)
            );
        }
    }
    let parsed = Route::parse(route);
    let scroll_to_top = options.scroll && parsed.anchor.is_empty();
    let mut new_page = false;
    if let Some(current) = CURRENT_ROUTE.with(|current| current.get()) {
        new_page = current.with_untracked(|current| current.path != parsed.path);
        current.set(parsed);
    }
    if scroll_to_top {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
    if new_page {
        focus_main();
    }
}

/// Puts focus at the start of the page's content, as a page load would, so a
/// keyboard or screen reader user continues on the new page rather than on the
/// link (gone with the old page) or the body. Not scrolled: a link to a paragraph
/// scrolls there itself. Focus in the header stays (typing in the search box
/// opens the search page).
fn focus_main() {
    let document = browser::document();
    let Some(main) = document.get_element_by_id("main") else {
        return;
    };
    let in_header = document
        .active_element()
        .is_some_and(|active| active.closest(".site-header").ok().flatten().is_some());
    if in_header {
        return;
    }
    let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = main.focus_with_options(&options);
}

/// The current route. Panics outside [`Router`], which wraps the whole app.
pub fn use_route() -> ReadSignal<Route> {
    current_signal().read_only()
}

/// The current route's query, changing only when the query does.
pub fn use_query_map() -> Memo<QueryMap> {
    let route = use_route();
    Memo::new(move |_| route.read().query.clone())
}

/// The page the current route shows, changing only when the page does.
pub fn use_page() -> Memo<Page> {
    let route = use_route();
    Memo::new(move |_| route.read().page())
}

/// Keeps the route in step with the address bar and turns clicks on the app's own
/// links into navigations. Wraps the whole app.
#[component]
pub fn Router(children: Children) -> impl IntoView {
    let route = RwSignal::new(current_route());
    CURRENT_ROUTE.with(|current| current.set(Some(route)));
    let follow_address = move || {
        if url_mode() == UrlMode::Fragment
            && is_plain_anchor(&window().location().hash().unwrap_or_default())
        {
            // `#main` (the skip link) opened from disk: a place on this page, not a
            // route, so the page stays.
            return;
        }
        let now = current_route();
        if route.with_untracked(|shown| *shown != now) {
            route.set(now);
        }
    };
    let popstate = window_event_listener(leptos::ev::popstate, move |_| follow_address());
    let hashchange = window_event_listener(leptos::ev::hashchange, move |_| follow_address());
    let click = window_event_listener(leptos::ev::click, move |event| {
        if let Some(target) = link_route(&event) {
            event.prevent_default();
            navigate(&target, NavigateOptions::default());
        }
    });
    on_cleanup(move || {
        popstate.remove();
        hashchange.remove();
        click.remove();
    });
    children()
}

/// Whether a fragment only names a place on the page (`#main`) rather than a route
/// (`#/a/x`).
fn is_plain_anchor(hash: &str) -> bool {
    let fragment = hash.trim_start_matches('#');
    !fragment.is_empty() && !fragment.starts_with('/')
}

/// The app route a click on a link should move to, when the router (not the
/// browser) should handle it: a plain left click on a link to another of the app's
/// routes. Links that only change the anchor are left to the browser or to the
/// link's own handler (see `AnchorLink`).
fn link_route(event: &web_sys::MouseEvent) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let element: web_sys::Element = event.target()?.dyn_into().ok()?;
    let anchor = element.closest("a[href]").ok()??;
    if anchor.has_attribute("download")
        || anchor
            .get_attribute("target")
            .is_some_and(|target| !target.is_empty() && target != "_self")
    {
        return None;
    }
    let anchor: web_sys::HtmlAnchorElement = anchor.dyn_into().ok()?;
    let location = web_sys::window()?.location();
    let here = web_sys::Url::new(&location.href().ok()?).ok()?;
    let there = web_sys::Url::new(&anchor.href()).ok()?;
    if there.protocol() != here.protocol()
        || there.host() != here.host()
        || (url_mode() == UrlMode::Fragment && there.pathname() != here.pathname())
    {
        return None;
    }
    let mode = url_mode();
    let base = browser::base_path();
    let target = super::route::route_of(
        mode,
        &base,
        &there.pathname(),
        &there.search(),
        &there.hash(),
    )?;
    if mode == UrlMode::Fragment && !there.hash().starts_with("#/") {
        return None;
    }
    let current = current_route();
    if target.path == current.path && target.query == current.query && !target.anchor.is_empty() {
        return None;
    }
    Some(match mode {
        UrlMode::Path => {
            let inside = there.pathname();
            let inside = inside.strip_prefix(&base).unwrap_or(&inside).to_string();
            format!("{inside}{}{}", there.search(), there.hash())
        }
        UrlMode::Fragment => there.hash().trim_start_matches('#').to_string(),
    })
}
