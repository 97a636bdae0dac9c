//! The header's search box: typing shows results as you type on `/search?q=`, and
//! `/` anywhere on the page focuses it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::ui_text;
use crate::nav::route;
use crate::nav::router::{navigate, use_page, use_query_map, NavigateOptions, Page};
use crate::reader::prefs::ReaderPrefs;

/// The search field in the header.
#[component]
pub fn SearchBox() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let query = use_query_map();
    let page = use_page();
    let on_search_page = move || page.get() == Page::Search;
    // The field shows the query of the page when on the search page.
    let value = move || {
        if on_search_page() {
            query.read().get("q").unwrap_or_default()
        } else {
            String::new()
        }
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let go = move |typed: String| {
        // While typing on the results page, replace the entry so Back leaves search
        // in one step instead of walking back through every keystroke.
        let options = NavigateOptions {
            replace: on_search_page(),
            scroll: false,
        };
        navigate(&route::search(&typed), options);
    };
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() != "/" || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let typing_elsewhere = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|element| {
                matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            });
        if typing_elsewhere {
            return;
        }
        if let Some(input) = input_ref.get_untracked() {
            event.prevent_default();
            let _ = input.focus();
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <form class="search-box" role="search" on:submit=|event| event.prevent_default()>
            <label class="visually-hidden" for="search-input">{move || text().search_label}</label>
            <input
                id="search-input"
                type="search"
                node_ref=input_ref
                autocomplete="off"
                spellcheck="false"
                placeholder=move || text().search_placeholder
                aria-keyshortcuts="/"
                prop:value=value
                on:input=move |event| go(event_target_value(&event))
            />
            <kbd class="search-key" aria-hidden="true">"/"</kbd>
        </form>
    }
}
