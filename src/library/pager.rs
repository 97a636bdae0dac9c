//! The pager under a list: newest page, newer, "page n of m", older. Links, so every
//! page has its own address (shareable, and Back and Forward step through pages).

use duet_core::listing::{page_count, ListKey};
use leptos::prelude::*;

use crate::i18n::ui_text;
use crate::nav::links::app_href;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;

/// Links to the neighbouring pages of `list`, shown when it has more than one.
#[component]
pub fn Pager(list: ListKey, page: u32, total: u32) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let pages = page_count(total);
    if pages <= 1 {
        return ().into_any();
    }
    let link = move |to: u32| app_href(&route::library_page(&list, to));
    let newest = (page > 1).then(|| {
        view! { <a class="button pager-first" href=link(1)>{move || text().first_page}</a> }
    });
    let newer = (page > 1).then(|| {
        view! {
            <a class="button pager-newer" rel="prev" href=link(page - 1)>
                <span aria-hidden="true">"← "</span>{move || text().newer_page}
            </a>
        }
    });
    let older = (page < pages).then(|| {
        view! {
            <a class="button pager-older" rel="next" href=link(page + 1)>
                {move || text().older_page}<span aria-hidden="true">" →"</span>
            </a>
        }
    });
    let position = move || {
        text()
            .page_of
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    };
    view! {
        <nav class="pager" aria-label=move || text().pages_nav>
            {newest}
            {newer}
            <span class="pager-position" aria-current="page">{position}</span>
            {older}
        </nav>
    }
    .into_any()
}
