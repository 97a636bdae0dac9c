//! Loading and error states shared by every page that loads data.

use leptos::prelude::*;

use crate::data::LoadError;
use crate::i18n::ui_text;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;

/// A polite, visible loading notice.
#[component]
pub fn Loading(
    /// What is being loaded, already in the interface language.
    message: fn(&'static crate::i18n::UiText) -> &'static str,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    view! {
        <p class="status loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {move || message(ui_text(prefs.ui_lang.get()))}
        </p>
    }
}

/// An error naming what failed, with a retry button and a way back.
#[component]
pub fn LoadErrorView(
    /// The failure to describe.
    error: LoadError,
    /// Called when the reader asks to try again.
    retry: Callback<()>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    // A pre-rendered article must not hide that the app could not load it.
    crate::browser::prerender::retire_when_present("#main .status.error", 600);
    let text = move || ui_text(prefs.ui_lang.get());
    view! {
        <div class="status error" role="alert">
            <h2>{move || text().load_failed}</h2>
            <p class="error-detail">{move || error.describe(prefs.ui_lang.get())}</p>
            <p class="actions">
                <button type="button" class="button" on:click=move |_| retry.run(())>
                    {move || text().retry}
                </button>
                <a href=crate::nav::links::app_href(&route::library())>{move || text().back_to_library}</a>
            </p>
        </div>
    }
}
