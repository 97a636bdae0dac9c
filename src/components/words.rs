//! Chinese sentences cut into their words (the bundle's `words`): each Chinese word
//! is a target for tap-to-define and, once the article's glossary is loaded, carries
//! its pinyin as `<ruby>`, which the stylesheet shows only when the reader asks.

use std::sync::Arc;

use duet_core::words::{is_chinese_word, pieces, split_words, tone_of};
use duet_core::{spans_text, GlossEntry, Glossary, Span};
use leptos::prelude::*;

use crate::components::spans::marked;

/// Renders a sentence word by word, keeping its spans' marks and links.
pub fn words_view(sentence: &[Span], lengths: &[u16], glossary: Option<&Glossary>) -> AnyView {
    let text = spans_text(sentence);
    let words = split_words(&text, lengths);
    let cut = pieces(sentence, lengths);
    let mut views = Vec::new();
    let mut at = 0;
    while at < cut.len() {
        let span_index = cut[at].span;
        let mut inner = Vec::new();
        while at < cut.len() && cut[at].span == span_index {
            let piece = &cut[at];
            let piece_text = &sentence[span_index].text[piece.range.clone()];
            let word = words.get(piece.word).copied().unwrap_or_default();
            inner.push(piece_view(piece_text, word, piece.whole, glossary));
            at += 1;
        }
        views.push(marked(
            &sentence[span_index],
            inner.into_iter().collect_view().into_any(),
        ));
    }
    views.into_iter().collect_view().into_any()
}

/// One piece of a word: plain text for punctuation and Latin runs; a target for
/// Chinese words, as ruby when the whole word is here and the glossary knows it.
fn piece_view(text: &str, word: &str, whole: bool, glossary: Option<&Glossary>) -> AnyView {
    if !is_chinese_word(word) {
        return text.to_string().into_any();
    }
    match glossary.and_then(|glossary| glossary.gloss(word)) {
        Some(entry) if whole => view! {
            <ruby class="w" data-word=word.to_string()>
                {text.to_string()}
                // Hidden from assistive technology: a screen reader would otherwise
                // read every word twice, once as characters and once as pinyin.
                <rt aria-hidden="true">{pinyin_view(&entry.pinyin)}</rt>
            </ruby>
        }
        .into_any(),
        _ => view! { <span class="w" data-word=word.to_string()>{text.to_string()}</span> }
            .into_any(),
    }
}

/// A word's HSK level as shown (`HSK 3`; the bundle's 7 is the advanced band 7–9),
/// or `unlisted` for a word in no list.
pub fn hsk_label(level: Option<u8>, unlisted: &str) -> String {
    match level {
        Some(7) => "HSK 7–9".to_string(),
        Some(level) => format!("HSK {level}"),
        None => unlisted.to_string(),
    }
}

/// Pinyin syllables, each marked with its tone for the optional tone colours.
pub fn pinyin_view(pinyin: &str) -> impl IntoView {
    let syllables: Vec<&str> = pinyin.split(' ').filter(|part| !part.is_empty()).collect();
    let last = syllables.len().saturating_sub(1);
    syllables
        .into_iter()
        .enumerate()
        .map(|(index, syllable)| {
            let class = format!("tone{}", tone_of(syllable));
            view! {
                <span class=class>{syllable.to_string()}</span>
                {(index < last).then_some(" ")}
            }
        })
        .collect_view()
}

/// What a tapped word's popover shows.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenWord {
    pub word: String,
    /// Top-level pair and sentence the word was tapped in, for saving its context.
    pub pair: Option<usize>,
    pub sentence: Option<usize>,
    /// Where to draw the popover, relative to the article body.
    pub left: f64,
    pub top: f64,
    /// Position among the article's words ([`word_elements`]): it survives the
    /// re-render when the glossary arrives, an element reference would not.
    pub index: usize,
    /// Opened with the keyboard: the popover takes the focus.
    pub from_keyboard: bool,
}

/// The article's Chinese word elements, in document order.
pub fn word_elements() -> Vec<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let Ok(words) = crate::browser::document().query_selector_all(".article-body .w") else {
        return Vec::new();
    };
    (0..words.length())
        .filter_map(|index| words.item(index))
        .filter_map(|node| node.dyn_into().ok())
        .collect()
}

/// Learner-aid state of the article on screen, shared by its words and popover.
#[derive(Clone, Copy)]
pub struct Learner {
    pub slug: StoredValue<String>,
    /// `None` until loaded (or when the article has no Chinese).
    pub glossary: RwSignal<Option<Arc<Glossary>>>,
    /// Set once a load has been started, so it starts once.
    pub requested: RwSignal<bool>,
    pub load_error: RwSignal<Option<crate::data::LoadError>>,
    pub open: RwSignal<Option<OpenWord>>,
}

impl Learner {
    /// The state provided by the article body, if this view is inside one.
    pub fn try_expect() -> Option<Learner> {
        use_context::<Learner>()
    }

    /// Starts loading the glossary unless that has been done.
    pub fn load(self) {
        if self.requested.get_untracked() {
            return;
        }
        self.requested.set(true);
        let slug = self.slug.get_value();
        leptos::task::spawn_local(async move {
            match crate::data::fetch_glossary(&slug).await {
                Ok(glossary) => self.glossary.set(glossary),
                Err(error) => {
                    self.load_error.set(Some(error));
                    // Let a later tap try again.
                    self.requested.set(false);
                }
            }
        });
    }

    /// The entry of `word`, once the glossary is here.
    pub fn entry(self, word: &str) -> Option<GlossEntry> {
        self.glossary.with(|glossary| {
            glossary
                .as_ref()
                .and_then(|glossary| glossary.gloss(word).cloned())
        })
    }
}
