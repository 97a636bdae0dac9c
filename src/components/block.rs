//! One content block, rendered from the structured model.

use duet_core::{Align, Block, Definition, Note, Sentence};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::math::math_view;
use crate::components::notes_links::note_back_view;
use crate::components::spans::spans_view;
use crate::components::words::{words_view, Learner, OpenWord};

/// The sentence under the reader's pointer or focus, shared by both languages so a
/// sentence and its translation light up together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HighlightTarget {
    /// Index of the block pair.
    pub pair: usize,
    /// Sentence index when the pair's sentences are aligned; `None` highlights the
    /// whole counterpart block.
    pub sentence: Option<usize>,
}

/// Context newtype for the current highlight.
#[derive(Debug, Clone, Copy)]
pub struct Highlight(pub RwSignal<Option<HighlightTarget>>);

impl Highlight {
    /// The highlight provided by the article body.
    pub fn expect() -> Highlight {
        expect_context::<Highlight>()
    }
}

/// The sentence being read aloud: lit like [`Highlight`], but set only by read-aloud,
/// so the pointer leaving a sentence does not put it out.
#[derive(Debug, Clone, Copy)]
pub struct Speaking(pub RwSignal<Option<HighlightTarget>>);

impl Speaking {
    /// The read-aloud target provided by the article page.
    pub fn expect() -> Speaking {
        expect_context::<Speaking>()
    }

    /// The same where an article page provides it (component tests may not).
    pub fn try_expect() -> Option<Speaking> {
        use_context::<Speaking>()
    }
}

/// Where a top-level block sits, for sentence highlighting.
#[derive(Debug, Clone, Copy)]
pub struct PairPosition {
    pub index: usize,
    pub sentences_aligned: bool,
    /// The paragraph can show its translation on request (one-language view), so
    /// its sentences take focus: T on one of them is the keyboard's way to peek.
    pub peekable: bool,
    /// The block is the translation shown beside or under its original: its
    /// headings read as text, so a screen reader meets each section's heading once
    /// (from the lead language) in the page's outline.
    pub translation: bool,
}

/// Renders a top-level block of one language.
pub fn block_view(block: &Block, position: Option<PairPosition>) -> AnyView {
    match block {
        Block::Heading { level, spans, .. } => heading_view(
            *level,
            spans_view(spans).into_any(),
            position.is_some_and(|position| position.translation),
        ),
        Block::Paragraph { sentences, words } => paragraph_view(sentences, words, position),
        Block::Quote { blocks } => {
            view! { <blockquote>{blocks.iter().map(|inner| block_view(inner, None)).collect_view()}</blockquote> }
                .into_any()
        }
        Block::List {
            ordered,
            start,
            items,
            checked,
        } => list_view(*ordered, *start, items, checked),
        Block::Code { lang, text } => view! {
            <pre class="code" data-lang=lang.clone() tabindex="0"><code>{text.clone()}</code></pre>
        }
        .into_any(),
        Block::Table { align, head, rows } => table_view(align, head, rows),
        Block::Image { src, alt, title } => image_view(src, alt, title),
        Block::Rule => view! { <hr/> }.into_any(),
        Block::Callout { kind, blocks } => view! {
            // The title is drawn by the stylesheet in the block's language.
            <aside class=format!("callout callout-{kind}") role="note">
                <p class="callout-title"></p>
                {inner_view(blocks)}
            </aside>
        }
        .into_any(),
        Block::Details { summary, blocks } => view! {
            <details>
                <summary>{spans_view(summary)}</summary>
                {inner_view(blocks)}
            </details>
        }
        .into_any(),
        Block::Figure { blocks, caption } => view! {
            <figure class="figure">
                {inner_view(blocks)}
                <figcaption>{spans_view(caption)}</figcaption>
            </figure>
        }
        .into_any(),
        Block::Definitions { terms } => definitions_view(terms),
        Block::Notes { notes } => notes_view(notes),
        Block::Math { tex, math } => math_view(tex, math, true),
    }
}

/// Blocks nested in a container: rendered plainly, as in quotes and lists.
fn inner_view(blocks: &[Block]) -> AnyView {
    blocks
        .iter()
        .map(|inner| block_view(inner, None))
        .collect_view()
        .into_any()
}

fn definitions_view(terms: &[Definition]) -> AnyView {
    view! {
        <dl>
            {terms
                .iter()
                .map(|definition| {
                    view! {
                        <dt>{spans_view(&definition.term)}</dt>
                        {definition
                            .details
                            .iter()
                            .map(|details| view! { <dd>{inner_view(details)}</dd> })
                            .collect_view()}
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

/// The footnotes, each with a link back to its first reference.
fn notes_view(notes: &[Note]) -> AnyView {
    view! {
        <section class="notes">
            <ol>
                {notes
                    .iter()
                    .map(|note| {
                        view! {
                            <li value=note.number data-note=note.number tabindex="-1">
                                {inner_view(&note.blocks)}
                                {note_back_view(note.number)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

fn heading_view(level: u8, inner: AnyView, translation: bool) -> AnyView {
    // A translation's heading keeps its look (the element) but not its role.
    let role = translation.then_some("none");
    // Article titles are the page's h1, so content headings start at h2.
    match level {
        0..=2 => view! { <h2 role=role>{inner}</h2> }.into_any(),
        3 => view! { <h3 role=role>{inner}</h3> }.into_any(),
        4 => view! { <h4 role=role>{inner}</h4> }.into_any(),
        _ => view! { <h5 role=role>{inner}</h5> }.into_any(),
    }
}

/// A paragraph. Chinese ones (with word boundaries) also open a word's popover on a
/// tap, or on Enter in a focused sentence.
fn paragraph_view(
    sentences: &[Sentence],
    words: &[Vec<u16>],
    position: Option<PairPosition>,
) -> AnyView {
    let learner = Learner::try_expect().filter(|_| !words.is_empty());
    let Some(learner) = learner else {
        return view! { <p>{sentences_view(sentences, words, position)}</p> }.into_any();
    };
    let on_click = move |event: web_sys::MouseEvent| {
        let target = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok());
        if let Some(word) = target.and_then(|target| target.closest(".w").ok().flatten()) {
            // The word's popover, not the paragraph's peek.
            event.stop_propagation();
            open_word(&word, learner, false);
        }
    };
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        if event.key() != "Enter" {
            return;
        }
        let target = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok());
        let first_word = target
            .filter(|target| target.class_list().contains("sentence"))
            .and_then(|sentence| sentence.query_selector(".w").ok().flatten());
        if let Some(word) = first_word {
            event.prevent_default();
            event.stop_propagation();
            open_word(&word, learner, true);
        }
    };
    view! { <p class="words" on:click=on_click on:keydown=on_keydown>{sentences_view(sentences, words, position)}</p> }
        .into_any()
}

/// Opens the popover of the word element `word` (the popover marks it `.open-word`).
/// From the keyboard, focus moves into the popover, so Tab reaches its buttons.
pub fn open_word(word: &web_sys::Element, learner: Learner, from_keyboard: bool) {
    let Some(text) = word.get_attribute("data-word") else {
        return;
    };
    let index = crate::components::words::word_elements()
        .iter()
        .position(|other| other == word)
        .unwrap_or_default();
    let rect = word.get_bounding_client_rect();
    let body = word
        .closest(".article-body")
        .ok()
        .flatten()
        .map(|body| body.get_bounding_client_rect());
    // Under the word, kept inside the body's width (the popover is at most 18rem,
    // about 300 px, wide).
    let (left, top) = body.map_or((rect.left(), rect.bottom()), |body| {
        let left = (rect.left() - body.left()).min(body.width() - 300.0);
        (left.max(0.0), rect.bottom() - body.top())
    });
    let sentence = word.closest(".sentence").ok().flatten();
    let number = |name: &str| {
        sentence
            .as_ref()
            .and_then(|sentence| sentence.get_attribute(name))
            .and_then(|value| value.parse().ok())
    };
    learner.open.set(Some(OpenWord {
        word: text,
        pair: number("data-pair"),
        sentence: number("data-sentence"),
        left,
        top,
        index,
        from_keyboard,
    }));
    learner.load();
}

/// A sentence's content: word by word when the paragraph has word boundaries (and
/// again once the glossary arrives, for the pinyin), else its spans.
fn sentence_content(sentence: &Sentence, lengths: Option<&Vec<u16>>) -> AnyView {
    let Some(lengths) = lengths else {
        return spans_view(sentence).into_any();
    };
    match Learner::try_expect() {
        Some(learner) => {
            let sentence = sentence.clone();
            let lengths = lengths.clone();
            (move || {
                learner
                    .glossary
                    .with(|glossary| words_view(&sentence, &lengths, glossary.as_deref()))
            })
            .into_any()
        }
        None => words_view(sentence, lengths, None),
    }
}

/// A paragraph's sentences; interactive when the paragraph is top-level.
fn sentences_view(
    sentences: &[Sentence],
    words: &[Vec<u16>],
    position: Option<PairPosition>,
) -> AnyView {
    let Some(position) = position else {
        return sentences
            .iter()
            .enumerate()
            .map(|(index, sentence)| {
                let gap = (index + 1 < sentences.len() && duet_core::needs_space_after(sentence))
                    .then_some(" ");
                view! { {sentence_content(sentence, words.get(index))} {gap} }
            })
            .collect_view()
            .into_any();
    };
    let highlight = Highlight::expect().0;
    let speaking = Speaking::try_expect();
    sentences
        .iter()
        .enumerate()
        .map(|(index, sentence)| {
            let target = HighlightTarget {
                pair: position.index,
                sentence: position.sentences_aligned.then_some(index),
            };
            let lit = move || position.sentences_aligned && highlight.get() == Some(target);
            let spoken = move || {
                position.sentences_aligned
                    && speaking.is_some_and(|speaking| speaking.0.get() == Some(target))
            };
            // Sentences are separate elements, so the space between Latin sentences
            // must be written out; Chinese needs none.
            let gap = (index + 1 < sentences.len() && duet_core::needs_space_after(sentence))
                .then_some(" ");
            // Focusable when it has a counterpart to light up, words to define, or a
            // translation to peek at.
            let focusable = position.sentences_aligned || position.peekable || !words.is_empty();
            view! {
                <span
                    class="sentence"
                    class:lit=lit
                    class:speaking=spoken
                    data-pair=position.index
                    data-sentence=index
                    // In the Tab order one at a time: see article/roving.rs.
                    tabindex=focusable.then_some("-1")
                    on:mouseenter=move |_| highlight.set(Some(target))
                    on:mouseleave=move |_| highlight.set(None)
                    on:focus=move |_| highlight.set(Some(target))
                    on:blur=move |_| highlight.set(None)
                >
                    {sentence_content(sentence, words.get(index))}
                </span>
                {gap}
            }
        })
        .collect_view()
        .into_any()
}

fn list_view(
    ordered: bool,
    start: Option<u64>,
    items: &[Vec<Block>],
    checked: &[Option<bool>],
) -> AnyView {
    let items = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            // A task list item starts with its (read-only) box.
            let task = checked.get(index).copied().flatten().map(|done| {
                view! { <input type="checkbox" class="task" disabled=true checked=done/> }
            });
            view! { <li>{task}{inner_view(item)}</li> }
        })
        .collect_view();
    let class = (!checked.is_empty()).then_some("tasks");
    if ordered {
        view! { <ol class=class start=start.map(|start| start.to_string())>{items}</ol> }.into_any()
    } else {
        view! { <ul class=class>{items}</ul> }.into_any()
    }
}

fn table_view(
    align: &[Align],
    head: &[Vec<duet_core::Span>],
    rows: &[Vec<Vec<duet_core::Span>>],
) -> AnyView {
    let align_class = |column: usize| match align.get(column).copied().unwrap_or(Align::None) {
        Align::None | Align::Left => "",
        Align::Center => "align-center",
        Align::Right => "align-right",
    };
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <thead>
                    <tr>
                        {head
                            .iter()
                            .enumerate()
                            .map(|(column, cell)| view! { <th class=align_class(column)>{spans_view(cell)}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    {row
                                        .iter()
                                        .enumerate()
                                        .map(|(column, cell)| view! { <td class=align_class(column)>{spans_view(cell)}</td> })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Bundled images load from the bundle; remote ones are never fetched (the app talks
/// only to its own origin), so they show as a link with their description.
fn image_view(src: &str, alt: &str, title: &str) -> AnyView {
    if !duet_core::links::is_safe_href(src) {
        return view! { <p class="image-alt">{alt.to_string()}</p> }.into_any();
    }
    if duet_core::links::is_external(src) {
        let label = if alt.is_empty() {
            src.to_string()
        } else {
            alt.to_string()
        };
        return view! {
            <p class="remote-image">
                <a href=src.to_string() target="_blank" rel="noopener noreferrer external">{label}</a>
            </p>
        }
        .into_any();
    }
    let caption =
        (!title.is_empty()).then(|| view! { <figcaption>{title.to_string()}</figcaption> });
    view! {
        <figure>
            <img src=crate::browser::asset_url(src) alt=alt.to_string() loading="lazy"/>
            {caption}
        </figure>
    }
    .into_any()
}
