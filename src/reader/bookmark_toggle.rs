//! The bookmark button in an article's head: a toggle (`aria-pressed`) whose label
//! stays the same while its state changes, as screen readers expect of toggles.

use leptos::prelude::*;

use crate::i18n::ui_text;
use crate::reader::bookmarks;
use crate::reader::prefs::ReaderPrefs;

/// Bookmarks or un-bookmarks the article `slug`; says so when storage refuses.
#[component]
pub fn BookmarkToggle(
    /// The article.
    slug: String,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let stored = bookmarks::load()
        .unwrap_or_default()
        .iter()
        .any(|bookmark| bookmark.slug == slug);
    let pressed = RwSignal::new(stored);
    let error = RwSignal::new(None::<String>);
    let toggle = move |_| match bookmarks::toggle(&slug) {
        Ok(now) => {
            pressed.set(now);
            error.set(None);
        }
        Err(failure) => error.set(Some(failure.describe(prefs.ui_lang.get_untracked()))),
    };
    view! {
        <span class="bookmark">
            <button
                type="button"
                class="button bookmark-toggle"
                aria-pressed=move || pressed.get().to_string()
                on:click=toggle
            >
                <span class="bookmark-icon" aria-hidden="true">{move || if pressed.get() { "★" } else { "☆" }}</span>
                " "
                {move || text().bookmark}
            </button>
            {move || error.get().map(|error| view! {
                <span class="bookmark-error" role="alert">{text().save_failed} ": " {error}</span>
            })}
        </span>
    }
}
