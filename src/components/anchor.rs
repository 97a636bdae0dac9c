//! A small link to a place inside the current article (a paragraph, a question).

use leptos::prelude::*;

use crate::i18n::ui_text;
use crate::nav::links;
use crate::reader::prefs::ReaderPrefs;

/// A link to the element `id`, shown as `symbol`. The click is handled here because
/// `<base href>` would otherwise send a bare fragment link to the library; it also
/// keeps a click on the link from toggling what it sits in (a peek, a question).
#[component]
pub fn AnchorLink(
    /// Id of the target element.
    id: String,
    /// The visible mark, such as "¶" or "#".
    symbol: &'static str,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let label = move || ui_text(prefs.ui_lang.get()).link_to_paragraph;
    let href_id = id.clone();
    view! {
        <a
            class="anchor"
            href=move || links::same_page_href(&href_id)
            title=label
            aria-label=label
            on:click=move |event| {
                event.prevent_default();
                event.stop_propagation();
                links::go_to_anchor(&id);
            }
        >
            {symbol}
        </a>
    }
}
