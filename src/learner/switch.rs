//! Switches for the learner aids: pinyin above Chinese words, and tone colours.

use leptos::prelude::*;

use crate::i18n::ui_text;
use crate::reader::prefs::ReaderPrefs;

/// Two toggle buttons; the choice is remembered like every preference.
#[component]
pub fn LearnerSwitch() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    view! {
        <div class="learner-switch segmented" role="group" aria-label=move || text().learner_label>
            <button
                type="button"
                class="pinyin-toggle"
                aria-pressed=move || prefs.pinyin.get().to_string()
                on:click=move |_| prefs.pinyin.update(|on| *on = !*on)
            >
                {move || text().pinyin}
            </button>
            <button
                type="button"
                class="tones-toggle"
                aria-pressed=move || prefs.tone_colours.get().to_string()
                disabled=move || !prefs.pinyin.get()
                on:click=move |_| prefs.tone_colours.update(|on| *on = !*on)
            >
                {move || text().tone_colours}
            </button>
        </div>
    }
}
