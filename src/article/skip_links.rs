//! "Skip to" links at the start of an article, for keyboard and screen reader
//! readers: past the text to its questions and to the related reads. Hidden until
//! focused, like the page's own skip link.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::ui_text;
use crate::nav::links::{self, QUESTIONS_ID, RELATED_ID};
use crate::reader::prefs::ReaderPrefs;

/// Links to the sections the article has.
#[component]
pub fn SkipLinks(
    /// Whether the article has questions.
    questions: bool,
    /// Whether it has related reads.
    related: bool,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let link = move |id: &'static str, label: fn(&crate::i18n::UiText) -> &'static str| {
        view! {
            <a
                href=links::same_page_href(id)
                on:click=move |event| {
                    event.prevent_default();
                    jump(id);
                }
            >
                {move || label(text())}
            </a>
        }
    };
    (questions || related).then(|| {
        view! {
            <nav class="skip-links" aria-label=move || text().skip_within_article>
                {questions.then(|| link(QUESTIONS_ID, |text| text.skip_to_questions))}
                {related.then(|| link(RELATED_ID, |text| text.skip_to_related))}
            </nav>
        }
    })
}

/// Scrolls to section `id` and puts focus on it, so Tab continues from there.
fn jump(id: &str) {
    links::go_to_anchor(id);
    let section = crate::browser::document()
        .get_element_by_id(id)
        .and_then(|section| section.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(section) = section {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = section.focus_with_options(&options);
    }
}
