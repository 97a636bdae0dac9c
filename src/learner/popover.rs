//! The popover of a tapped Chinese word: pinyin, glosses, HSK level, and saving the
//! word with the sentence it came from.

use std::sync::Arc;

use duet_core::search::passages::block_text;
use duet_core::{spans_text, Article, Block, GlossEntry, Lang};
use leptos::prelude::*;

use wasm_bindgen::JsCast;

use crate::browser;
use crate::components::words::{hsk_label, pinyin_view, word_elements, Learner, OpenWord};
use crate::i18n::ui_text;
use crate::reader::prefs::ReaderPrefs;
use crate::reader::vocab::{self, SavedWord};

/// The open word's popover, drawn inside the article body under the word.
#[component]
pub fn WordPopover(
    /// The article on screen, for the word's sentence and its translation.
    article: Arc<Article>,
) -> impl IntoView {
    let Some(learner) = Learner::try_expect() else {
        return ().into_any();
    };
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    // The word last saved and how that went; a different word shows a fresh button.
    let saved: RwSignal<Option<(String, Result<(), String>)>> = RwSignal::new(None);
    // While a word is open: Escape closes it (focus back to its sentence), and the
    // arrow keys move to the previous or next word, so every word is reachable
    // without a pointer.
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if learner.open.with_untracked(Option::is_none) {
            return;
        }
        match event.key().as_str() {
            "Escape" => {
                let open = learner
                    .open
                    .with_untracked(|open| open.as_ref().map(|open| open.index));
                let sentence = open
                    .and_then(|open| word_elements().get(open).cloned())
                    .and_then(|word| word.closest(".sentence").ok().flatten())
                    .and_then(|sentence| sentence.dyn_into::<web_sys::HtmlElement>().ok());
                learner.open.set(None);
                if let Some(sentence) = sentence {
                    let _ = sentence.focus();
                }
            }
            "ArrowRight" | "ArrowLeft" => {
                let step: isize = if event.key() == "ArrowRight" { 1 } else { -1 };
                let open = learner
                    .open
                    .with_untracked(|open| open.as_ref().map(|open| open.index));
                if let Some(next) = open.and_then(|open| neighbour_word(open, step)) {
                    event.prevent_default();
                    next.scroll_into_view_with_scroll_into_view_options(&{
                        let options = web_sys::ScrollIntoViewOptions::new();
                        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                        options
                    });
                    crate::components::block::open_word(&next, learner, true);
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    // The open word is marked while its popover is up, again after the glossary's
    // arrival has drawn the words anew.
    Effect::new(move |_| {
        let open = learner
            .open
            .with(|open| open.as_ref().map(|open| open.index));
        learner.glossary.track();
        for (index, word) in word_elements().iter().enumerate() {
            let _ = word
                .class_list()
                .toggle_with_force("open-word", Some(index) == open);
        }
    });
    // Opened from the keyboard: focus the popover once it is drawn.
    Effect::new(move |_| {
        if learner
            .open
            .with(|open| open.as_ref().is_some_and(|open| open.from_keyboard))
        {
            request_animation_frame(|| {
                let close = browser::document()
                    .query_selector(".word-popover .popover-close")
                    .ok()
                    .flatten()
                    .and_then(|close| close.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(close) = close {
                    let _ = close.focus();
                }
            });
        }
    });
    // Focus brings only the close button into view; the whole popover should be on
    // screen, also once the glossary has arrived and made it taller (it may open
    // below the fold).
    Effect::new(move |_| {
        let from_keyboard = learner
            .open
            .with(|open| open.as_ref().is_some_and(|open| open.from_keyboard));
        let glossary_ready = learner.glossary.with(Option::is_some);
        if from_keyboard {
            request_animation_frame(move || {
                let popover = browser::document()
                    .query_selector(".word-popover")
                    .ok()
                    .flatten();
                if let (Some(popover), true) = (popover, glossary_ready) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    popover.scroll_into_view_with_scroll_into_view_options(&options);
                }
            });
        }
    });
    let save = move |open: &OpenWord, entry: &GlossEntry| {
        let (sentence, translation) = context_of(&article, open);
        let slug = article.meta.slug.clone();
        let result = vocab::save(SavedWord::new(entry, sentence, translation, slug))
            .map_err(|error| error.describe(prefs.ui_lang.get_untracked()));
        saved.set(Some((entry.word.clone(), result)));
    };
    let save = StoredValue::new_local(save);
    (move || {
        learner.open.get().map(|open| {
            let entry = learner.entry(&open.word);
            let body = match entry {
                Some(entry) => entry_view(&open, entry, saved, save, text).into_any(),
                None => {
                    let status = if let Some(error) = learner.load_error.get() {
                        error.describe(prefs.ui_lang.get())
                    } else if learner.glossary.with(Option::is_some) {
                        text().no_gloss.to_string()
                    } else {
                        text().loading.to_string()
                    };
                    view! { <p class="status">{status}</p> }.into_any()
                }
            };
            view! {
                <div
                    class="word-popover"
                    role="dialog"
                    aria-label=open.word.clone()
                    // Whole pixels through an integer: printing a float would compile
                    // Rust's float formatting (≈ 12 KB) into the wasm.
                    style:left=format!("{}px", open.left.max(0.0).round_ties_even() as i64)
                    style:top=format!("{}px", (open.top + 6.0).round_ties_even() as i64)
                >
                    <button type="button" class="popover-close" aria-label=move || text().close on:click=move |_| learner.open.set(None)>
                        "×"
                    </button>
                    <p class="popover-word" lang="zh-Hans">{open.word.clone()}</p>
                    {body}
                </div>
            }
        })
    })
    .into_any()
}

/// The word `step` places after (or before) the open one, in document order.
fn neighbour_word(open: usize, step: isize) -> Option<web_sys::Element> {
    word_elements().get(open.checked_add_signed(step)?).cloned()
}

/// Pinyin, glosses, HSK level and the save button of a known word.
fn entry_view(
    open: &OpenWord,
    entry: GlossEntry,
    saved: RwSignal<Option<(String, Result<(), String>)>>,
    save: StoredValue<impl Fn(&OpenWord, &GlossEntry) + 'static, LocalStorage>,
    text: impl Fn() -> &'static crate::i18n::UiText + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let level = hsk_label(entry.hsk, text().not_in_hsk);
    let glosses = entry
        .glosses
        .iter()
        .map(|gloss| view! { <li>{gloss.clone()}</li> })
        .collect_view();
    let word = entry.word.clone();
    let status = move || {
        saved.with(|saved| match saved {
            Some((saved_word, Ok(()))) if *saved_word == word => {
                Some(text().word_saved.to_string())
            }
            Some((saved_word, Err(error))) if *saved_word == word => Some(error.clone()),
            _ => None,
        })
    };
    let open = open.clone();
    view! {
        <p class="popover-pinyin" lang="zh-Latn-pinyin">{pinyin_view(&entry.pinyin)}</p>
        <ul class="popover-glosses" lang="en">{glosses}</ul>
        <p class="popover-hsk">{level}</p>
        <button type="button" class="button popover-save" on:click=move |_| save.with_value(|save| save(&open, &entry))>
            {move || text().save_word}
        </button>
        <p class="popover-status" role="status">{status}</p>
    }
}

/// The Chinese sentence a word was tapped in and its English counterpart: the paired
/// sentence when the pair's sentences are aligned, else the whole block.
fn context_of(article: &Article, open: &OpenWord) -> (String, String) {
    let Some(pair) = open.pair.and_then(|index| article.pairs.get(index)) else {
        return (String::new(), String::new());
    };
    let side = |lang: Lang| {
        let block = article
            .body
            .get(lang)
            .zip(pair.side(lang))
            .and_then(|(body, index)| body.blocks.get(index as usize))?;
        let sentence = match (block, open.sentence) {
            (Block::Paragraph { sentences, .. }, Some(index))
                if lang == Lang::Zh || pair.sentences_aligned =>
            {
                sentences.get(index).map(|sentence| spans_text(sentence))
            }
            _ => None,
        };
        Some(sentence.unwrap_or_else(|| block_text(block)))
    };
    (
        side(Lang::Zh).unwrap_or_default(),
        side(Lang::En).unwrap_or_default(),
    )
}

/// The popover of the open word in `article`.
/// In the split build, the entry of wasm chunk `popover` (see `crate::chunks`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(popover, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn chunk_view(article: Arc<Article>) -> crate::chunks::ChunkView {
    Ok(view! { <WordPopover article=article/> }.into_any())
}
