//! The article text in the chosen view, driven by the bundler's block pairs.

use std::sync::Arc;

use duet_core::{Article, Block, BlockPair, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::article::roving;
use crate::chunks::Lazy;
use crate::components::anchor::AnchorLink;
use crate::components::block::{block_view, Highlight, PairPosition, Speaking};
use crate::components::words::Learner;
use crate::i18n::ui_text;
use crate::load_chunk;
use crate::nav::view_mode::{Layout, ViewMode};
use crate::reader::pair_note::{ArticleNotes, LostNotes, NoteButton, PairNotes};
use crate::reader::prefs::ReaderPrefs;

/// The body of an article in the reader's layout.
#[component]
pub fn ArticleBody(
    /// The loaded article.
    article: Arc<Article>,
    /// View mode and lead language.
    layout: Signal<Layout>,
) -> impl IntoView {
    let article_has_chinese = article.body.zh.is_some();
    provide_context(Highlight(RwSignal::new(None)));
    let learner = Learner {
        slug: StoredValue::new(article.meta.slug.clone()),
        glossary: RwSignal::new(None),
        requested: RwSignal::new(false),
        load_error: RwSignal::new(None),
        open: RwSignal::new(None),
    };
    provide_context(learner);
    ArticleNotes::provide(&article);
    let prefs = ReaderPrefs::expect();
    // Pinyin needs the glossary: fetch it once the reader turns pinyin on.
    Effect::new(move |_| {
        if prefs.pinyin.get() && article_has_chinese {
            learner.load();
        }
    });
    let mode_class = move || match layout.get().mode {
        ViewMode::Single(_) => "article-body view-single",
        ViewMode::Side => "article-body view-side",
        ViewMode::Interleaved => "article-body view-inter",
    };
    let popover_article = article.clone();
    // The popover's code is a chunk of its own: fetched when the first word is
    // opened, then kept (closing a word must not fetch or draw it again).
    let popover_wanted = Memo::new(move |wanted: Option<&bool>| {
        wanted.copied().unwrap_or(false) || learner.open.with(Option::is_some)
    });
    // One Tab stop for the text (see `roving`), settled after every drawing.
    let body_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        layout.track();
        if body_ref.get().is_some() {
            request_animation_frame(move || {
                if let Some(body) = body_ref.get_untracked() {
                    roving::settle(&body);
                }
            });
        }
    });
    let on_focus_in = move |event: web_sys::FocusEvent| {
        let target = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok());
        if let (Some(body), Some(target)) = (body_ref.get_untracked(), target) {
            roving::on_focus_in(&body, &target);
        }
    };
    let on_key_down = move |event: web_sys::KeyboardEvent| {
        if let Some(body) = body_ref.get_untracked() {
            roving::on_key_down(&body, &event);
        }
    };
    view! {
        <div class=mode_class node_ref=body_ref on:focusin=on_focus_in on:keydown=on_key_down>
            <Show when=move || popover_wanted.get()>
                <Lazy load={
                    let article = popover_article.clone();
                    move || {
                        let article = article.clone();
                        async move { load_chunk!(crate::learner::popover::chunk_view(article)) }
                    }
                }/>
            </Show>
            {move || {
                let layout = layout.get();
                (0..article.pairs.len()).map(|index| pair_view(&article, index, layout)).collect_view()
            }}
            <LostNotes/>
        </div>
    }
}

/// The block on `lang`'s side of pair `index`, if that language has one there.
fn block_of<'a>(article: &'a Article, pair: &BlockPair, lang: Lang) -> Option<&'a Block> {
    let block_index = pair.side(lang)? as usize;
    article.body.get(lang)?.blocks.get(block_index)
}

/// One pair of blocks in the current layout.
fn pair_view(article: &Article, index: usize, layout: Layout) -> AnyView {
    let pair = &article.pairs[index];
    let position = PairPosition {
        index,
        sentences_aligned: pair.sentences_aligned,
        peekable: false,
        translation: false,
    };
    let lead = layout.lead;
    // The other language is a translation where the lead has a block of its own.
    let translation = PairPosition {
        translation: pair.side(lead).is_some(),
        ..position
    };
    let side = |lang: Lang, class: &'static str| {
        let position = if lang == lead { position } else { translation };
        side_view(block_of(article, pair, lang), lang, position, class)
    };
    let content = match layout.mode {
        ViewMode::Single(lang) => {
            // A block missing in the chosen language shows in the other one rather
            // than leaving a hole in the text.
            let shown = if pair.side(lang).is_some() {
                lang
            } else {
                lang.other()
            };
            let translation = block_of(article, pair, shown.other()).cloned();
            let peek = RwSignal::new(false);
            let peekable = translation.is_some();
            let position = PairPosition {
                peekable,
                ..position
            };
            let peeked = move || {
                let translation = translation.clone();
                peek.get().then(move || {
                    let position = PairPosition {
                        translation: true,
                        ..position
                    };
                    side_view(translation.as_ref(), shown.other(), position, "peek quiet")
                })
            };
            // From the keyboard: T on a sentence of the paragraph shows or hides its
            // translation, Escape hides it (a click anywhere in it toggles).
            let on_keydown = move |event: web_sys::KeyboardEvent| {
                if !peekable || event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                let toggle = matches!(event.key().as_str(), "t" | "T");
                let close = event.key() == "Escape" && peek.get_untracked();
                if toggle || close {
                    event.prevent_default();
                    peek.update(|open| *open = toggle && !*open);
                }
            };
            view! {
                <div
                    class="peek-area"
                    class:peekable=peekable
                    on:click=move |_| {
                        if peekable {
                            peek.update(|open| *open = !*open);
                        }
                    }
                    on:keydown=on_keydown
                >
                    {side_view(block_of(article, pair, shown), shown, position, "")}
                    // Announced when it appears, as a sighted reader sees it open.
                    <div class="peek-live" aria-live="polite">{peeked}</div>
                </div>
            }
            .into_any()
        }
        ViewMode::Side => {
            view! { {side(lead, "col-lead")} {side(lead.other(), "col-other")} }.into_any()
        }
        ViewMode::Interleaved => {
            let other = pair
                .side(lead.other())
                .is_some()
                .then(|| side(lead.other(), "quiet"));
            view! { {side(lead, "")} {other} }.into_any()
        }
    };
    // A new note keeps the start of the text the reader sees first.
    let snippet = block_of(article, pair, lead)
        .or_else(|| block_of(article, pair, lead.other()))
        .map(duet_core::search::passages::block_text)
        .unwrap_or_default();
    view! {
        <div class="pair" id=pair.id.clone()>
            <AnchorLink id=pair.id.clone() symbol="¶"/>
            <NoteButton pair=pair.id.clone()/>
            {content}
            <PairNotes pair=pair.id.clone() snippet=snippet/>
        </div>
    }
    .into_any()
}

/// One language's block with its `lang`, or a note that this language has none.
fn side_view(
    block: Option<&Block>,
    lang: Lang,
    position: PairPosition,
    class: &'static str,
) -> AnyView {
    let Some(block) = block else {
        return missing_view(lang, class).into_any();
    };
    let highlight = Highlight::expect().0;
    // Blocks without aligned sentences light up whole when their counterpart is pointed at.
    let block_lit = move || {
        !position.sentences_aligned
            && highlight
                .get()
                .is_some_and(|target| target.pair == position.index)
    };
    let speaking = Speaking::try_expect();
    let block_spoken = move || {
        speaking
            .and_then(|speaking| speaking.0.get())
            .is_some_and(|target| target.pair == position.index && target.sentence.is_none())
    };
    view! {
        <div class=format!("blk {class}") class:lit=block_lit class:speaking=block_spoken lang=lang.bcp47() data-lang=lang.code()>
            {block_view(block, Some(position))}
        </div>
    }
    .into_any()
}

/// Placeholder where `lang` has no block matching the other language's.
/// It keeps the column `class` so the side-by-side grid stays in place.
fn missing_view(lang: Lang, class: &'static str) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    view! {
        <div class=format!("blk missing {class}") data-missing=lang.code()>
            {move || ui_text(prefs.ui_lang.get()).no_translation_here}
        </div>
    }
}
