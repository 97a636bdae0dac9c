//! The page for any address that is not an article or the library.

use leptos::prelude::*;

use crate::i18n::ui_text;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;

/// Not-found page with a way back to the library.
#[component]
pub fn NotFound() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    crate::browser::prerender::retire_when_present("#main .not-found", 600);
    view! {
        <section class="not-found">
            <h1>{move || text().not_found_title}</h1>
            <p>{move || text().not_found_body}</p>
            <p><a href=crate::nav::links::app_href(&route::library())>{move || text().back_to_library}</a></p>
        </section>
    }
}
