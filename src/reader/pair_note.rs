//! Notes in the article: a ✎ button beside each paragraph pair, the notes under
//! their paragraph (in every view), an editor, and the notes whose paragraph is gone.
//! Notes are the reader's own text and are rendered as text, never as markup.

use std::sync::Arc;

use duet_core::search::passages::block_text;
use duet_core::{Article, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::chunks::Lazy;
use crate::i18n::ui_text;
use crate::load_chunk;
use crate::reader::notes::{self, Note, Placement, MAX_NOTE_CHARS};
use crate::reader::prefs::ReaderPrefs;
use crate::reader::stored_list::ListError;

/// The notes of the article on the page, shared by its pairs.
#[derive(Debug, Clone, Copy)]
pub struct ArticleNotes {
    slug: StoredValue<String>,
    /// Every stored note (of all articles, as stored).
    all: RwSignal<Vec<Note>>,
    /// This article's notes with the pair each shows at (`None`: its paragraph is gone)
    /// and whether that paragraph changed since.
    placed: Memo<Vec<(Note, Option<String>, bool)>>,
    /// The pair whose editor is open.
    editing: RwSignal<Option<String>>,
    /// The last save failure, shown by the editor.
    error: RwSignal<Option<String>>,
}

impl ArticleNotes {
    /// Loads the notes of `article` and provides them to its pairs. Unreadable stored
    /// notes are set aside by `notes::load` and reported at start-up.
    pub fn provide(article: &Arc<Article>) -> ArticleNotes {
        let pair_texts: Vec<(String, Vec<String>)> = article
            .pairs
            .iter()
            .map(|pair| {
                let texts = Lang::ALL
                    .into_iter()
                    .filter_map(|lang| {
                        let index = pair.side(lang)? as usize;
                        article.body.get(lang)?.blocks.get(index).map(block_text)
                    })
                    .collect();
                (pair.id.clone(), texts)
            })
            .collect();
        let slug = article.meta.slug.clone();
        let all = RwSignal::new(notes::load().unwrap_or_default());
        let placed_slug = slug.clone();
        let placed = Memo::new(move |_| {
            all.with(|all| {
                all.iter()
                    .filter(|note| note.slug == placed_slug)
                    .map(|note| match notes::place(note, &pair_texts) {
                        Placement::Exact(id) => (note.clone(), Some(id), false),
                        Placement::Changed(id) => (note.clone(), Some(id), true),
                        Placement::Lost => (note.clone(), None, true),
                    })
                    .collect()
            })
        });
        let context = ArticleNotes {
            slug: StoredValue::new(slug),
            all,
            placed,
            editing: RwSignal::new(None),
            error: RwSignal::new(None),
        };
        provide_context(context);
        context
    }

    /// The notes provided by [`ArticleNotes::provide`].
    pub fn expect() -> ArticleNotes {
        expect_context::<ArticleNotes>()
    }

    /// The notes shown at `pair`.
    fn at(self, pair: &str) -> Vec<(Note, bool)> {
        self.placed.with(|placed| {
            placed
                .iter()
                .filter(|(_, at, _)| at.as_deref() == Some(pair))
                .map(|(note, _, changed)| (note.clone(), *changed))
                .collect()
        })
    }

    /// Stores the result of a change, or keeps the failure to show (in `lang`).
    fn apply(self, result: Result<Vec<Note>, ListError>, lang: Lang) -> bool {
        match result {
            Ok(stored) => {
                self.all.set(stored);
                self.error.set(None);
                self.editing.set(None);
                true
            }
            Err(error) => {
                self.error.set(Some(error.describe(lang)));
                false
            }
        }
    }
}

/// The ✎ button of a pair: opens the editor for its note (a new one if none).
#[component]
pub fn NoteButton(
    /// The pair's id.
    pair: String,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let notes = ArticleNotes::expect();
    let label = move || ui_text(prefs.ui_lang.get()).add_note;
    let open_pair = pair.clone();
    let expanded = move || (notes.editing.get().as_deref() == Some(pair.as_str())).to_string();
    view! {
        <button
            type="button"
            class="note-button"
            title=label
            aria-label=label
            aria-expanded=expanded
            on:click=move |event| {
                // Inside a peekable paragraph, the click must not toggle the peek.
                event.stop_propagation();
                notes.error.set(None);
                notes.editing.set(Some(open_pair.clone()));
            }
        >
            "✎"
        </button>
    }
}

/// The notes shown under a pair, and its editor when open.
#[component]
pub fn PairNotes(
    /// The pair's id.
    pair: String,
    /// The start of the pair's text in the lead language, kept with a new note.
    snippet: String,
) -> impl IntoView {
    let notes = ArticleNotes::expect();
    let shown_pair = pair.clone();
    let shown = move || notes.at(&shown_pair);
    let editor_pair = pair.clone();
    let editor = move || {
        (notes.editing.get().as_deref() == Some(editor_pair.as_str())).then(|| {
            // Editing the note shown here, or writing a new one on this pair.
            let existing = notes.at(&editor_pair).into_iter().next().map(|(note, _)| note);
            // The editor's code is a chunk of its own, fetched when first opened.
            let (pair, snippet) = (editor_pair.clone(), snippet.clone());
            view! {
                <Lazy load=move || {
                    let (pair, snippet, existing) = (pair.clone(), snippet.clone(), existing.clone());
                    async move { load_chunk!(editor_chunk_view(pair, snippet, existing)) }
                }/>
            }
        })
    };
    view! {
        {move || {
            let editing = notes.editing.get().as_deref() == Some(pair.as_str());
            shown()
                .into_iter()
                .filter(|_| !editing)
                .map(|(note, changed)| view! { <NoteView note=note changed=changed/> })
                .collect_view()
        }}
        {editor}
    }
}

/// One note as text, with Edit and Delete.
#[component]
fn NoteView(
    /// The note.
    note: Note,
    /// Its paragraph changed since it was written: show what it was written on.
    changed: bool,
    /// Its paragraph is gone, so there is nowhere to edit it: only Delete.
    #[prop(optional)]
    lost: bool,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let notes = ArticleNotes::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let edit_pair = note.pair.clone();
    let delete_pair = note.pair.clone();
    let was = (changed && !note.snippet.is_empty()).then(|| {
        let snippet = note.snippet.clone();
        view! {
            <p class="note-was">{move || text().note_changed} " “" {snippet.clone()} "…”"</p>
        }
    });
    view! {
        <aside class="pair-note" data-pair=note.pair.clone() aria-label=move || text().note_label>
            <p class="note-text">{note.text.clone()}</p>
            {was}
            <p class="note-actions">
                {(!lost).then(|| view! {
                    <button type="button" class="button note-edit" on:click=move |event| {
                        event.stop_propagation();
                        notes.error.set(None);
                        notes.editing.set(Some(edit_pair.clone()));
                    }>{move || text().edit_note}</button>
                })}
                <button type="button" class="button note-delete" on:click=move |event| {
                    event.stop_propagation();
                    let slug = notes.slug.get_value();
                    notes.apply(notes::delete(&slug, &delete_pair), prefs.ui_lang.get_untracked());
                    if let Some(error) = notes.error.get_untracked() {
                        // No editor is open to show it: say it where every page does.
                        prefs.storage_notice.set(Some(error));
                    }
                }>{move || text().delete_note}</button>
            </p>
        </aside>
    }
}

/// The editor: a text area, Save and Cancel, and what went wrong saving.
#[component]
fn NoteEditor(
    /// The pair the note is on (where the editor is shown).
    pair: String,
    /// The start of the pair's text, kept with a new note.
    snippet: String,
    /// The note being edited, if there is one.
    existing: Option<Note>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let notes = ArticleNotes::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let draft = RwSignal::new(
        existing
            .as_ref()
            .map(|note| note.text.clone())
            .unwrap_or_default(),
    );
    let area = NodeRef::<leptos::html::Textarea>::new();
    // Focus the text area once it is in the document: drawn from its chunk (see
    // `crate::chunks`), the editor is built a frame or so before it is put there.
    Effect::new(move |_| {
        if let Some(area) = area.get() {
            focus_when_connected(area, 10);
        }
    });
    // For Escape (below): the pair whose note button gets focus back.
    let button_pair = pair.clone();
    let save = move |_| {
        let now = js_sys::Date::now();
        // An existing note keeps the pair and paragraph it was written on.
        let note = match existing.clone() {
            Some(note) => Note {
                text: draft.get_untracked(),
                updated_at: now,
                ..note
            },
            None => Note {
                slug: notes.slug.get_value(),
                pair: pair.clone(),
                text: draft.get_untracked(),
                snippet: notes::snippet(&snippet),
                created_at: now,
                updated_at: now,
            },
        };
        notes.apply(notes::save(note), prefs.ui_lang.get_untracked());
    };
    let blank = move || draft.with(|draft| draft.trim().is_empty());
    // Escape is Cancel, as in any dialog; focus goes back to the paragraph's note
    // button, where the reader opened the editor.
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        if event.key() != "Escape" {
            return;
        }
        event.prevent_default();
        event.stop_propagation();
        notes.error.set(None);
        notes.editing.set(None);
        let button = crate::browser::document()
            .get_element_by_id(&button_pair)
            .and_then(|pair| pair.query_selector(":scope > .note-button").ok().flatten())
            .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = button {
            let _ = button.focus();
        }
    };
    view! {
        <div class="note-editor" on:click=|event| event.stop_propagation() on:keydown=on_keydown>
            <textarea
                class="note-input"
                node_ref=area
                rows="3"
                maxlength=MAX_NOTE_CHARS
                aria-label=move || text().note_label
                placeholder=move || text().note_placeholder
                prop:value=move || draft.get()
                on:input=move |event| draft.set(event_target_value(&event))
            ></textarea>
            <p class="note-actions">
                <button type="button" class="button note-save" disabled=blank on:click=save>
                    {move || text().save_note}
                </button>
                <button type="button" class="button note-cancel" on:click=move |_| {
                    notes.error.set(None);
                    notes.editing.set(None);
                }>{move || text().cancel}</button>
            </p>
            {move || notes.error.get().map(|error| view! {
                <p class="note-error" role="alert">{text().save_failed} ": " {error}</p>
            })}
        </div>
    }
}

/// Notes of this article whose paragraph no longer exists, after the text.
#[component]
pub fn LostNotes() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let notes = ArticleNotes::expect();
    let lost = move || {
        notes.placed.with(|placed| {
            placed
                .iter()
                .filter(|(_, at, _)| at.is_none())
                .map(|(note, _, _)| note.clone())
                .collect::<Vec<_>>()
        })
    };
    move || {
        let lost = lost();
        (!lost.is_empty()).then(|| {
            view! {
                <section class="lost-notes">
                    <h2>{move || ui_text(prefs.ui_lang.get()).notes_lost}</h2>
                    {lost.into_iter().map(|note| view! { <NoteView note=note changed=true lost=true/> }).collect_view()}
                </section>
            }
        })
    }
}

/// Focuses `area` now if it is in the document, else at one of the next `frames`
/// animation frames.
fn focus_when_connected(area: web_sys::HtmlTextAreaElement, frames: u32) {
    if area.is_connected() {
        let _ = area.focus();
    } else if frames > 0 {
        request_animation_frame(move || focus_when_connected(area, frames - 1));
    }
}

/// The editor of the note on `pair` (`existing`, or a new one).
/// In the split build, the entry of wasm chunk `note_editor` (see `crate::chunks`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(note_editor, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn editor_chunk_view(
    pair: String,
    snippet: String,
    existing: Option<Note>,
) -> crate::chunks::ChunkView {
    Ok(view! { <NoteEditor pair=pair snippet=snippet existing=existing/> }.into_any())
}
