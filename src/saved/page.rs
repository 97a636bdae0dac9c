//! Route `/words`, "Saved": the reader's bookmarks and notes (see
//! `lists.rs`), then the saved words with the sentence each came
//! from; sort, remove, export to CSV or Anki, import a CSV back.

use duet_core::sort::{sort_by, sort_by_key};
use leptos::prelude::*;

use crate::browser;
use crate::i18n::ui_text;
use crate::learner::vocab_file;
use crate::nav::links;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;
use crate::reader::vocab::{self, SavedWord};
use crate::saved::lists::{BookmarkList, NoteList};

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Newest,
    Pinyin,
    Level,
}

impl Order {
    const ALL: [Order; 3] = [Order::Newest, Order::Pinyin, Order::Level];

    fn code(self) -> &'static str {
        match self {
            Order::Newest => "newest",
            Order::Pinyin => "pinyin",
            Order::Level => "level",
        }
    }

    fn sort(self, words: &mut [SavedWord]) {
        match self {
            Order::Newest => sort_by(words, |a, b| b.saved_at.total_cmp(&a.saved_at)),
            Order::Pinyin => sort_by_key(words, |word| word.pinyin.to_lowercase()),
            // Unlisted words last.
            Order::Level => sort_by_key(words, |word| {
                (word.hsk.unwrap_or(u8::MAX), word.pinyin.to_lowercase())
            }),
        }
    }
}

/// The Saved page.
#[component]
pub fn SavedPage() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let (loaded, problem) = match vocab::load() {
        Ok(words) => (words, None),
        Err(unreadable) => (
            Vec::new(),
            Some(unreadable.describe(prefs.ui_lang.get_untracked())),
        ),
    };
    let words = RwSignal::new(loaded);
    let message = RwSignal::new(problem);
    let order = RwSignal::new(Order::Newest);
    Effect::new(move |_| browser::document().set_title(text().saved_title));
    let shown = move || {
        let mut list = words.get();
        order.get().sort(&mut list);
        list
    };
    let remove = move |word: String| match vocab::remove(&word) {
        Ok(()) => words.update(|list| list.retain(|saved| saved.word != word)),
        Err(error) => message.set(Some(error.describe(prefs.ui_lang.get_untracked()))),
    };
    let import = move |event: leptos::ev::Event| {
        let Some(file) = browser::chosen_file(&event) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let lang = prefs.ui_lang.get_untracked();
            let ui = ui_text(lang);
            let outcome = match browser::file_text(&file).await {
                Err(error) => Err(format!("{}: {error}", ui.data_read_failed)),
                Ok(contents) => match vocab_file::from_csv(&contents) {
                    Err(error) => Err(format!("{}: {}", file.name(), error.describe(ui))),
                    Ok(imported) => {
                        let count = imported.len();
                        vocab::merge(imported).map(|_| count).map_err(|error| {
                            format!("{}: {}", ui.save_failed, error.describe(lang))
                        })
                    }
                },
            };
            match outcome {
                Ok(count) => {
                    words.set(vocab::load().unwrap_or_default());
                    message.set(Some(format!("{} {count}", ui.words_imported)));
                }
                Err(error) => message.set(Some(error)),
            }
        });
    };
    view! {
        <div class="saved-page">
        <h1>{move || text().saved_title}</h1>
        <BookmarkList/>
        <NoteList/>
        <section class="vocab-page" aria-labelledby="words-heading">
            <h2 id="words-heading">{move || text().words_title}</h2>
            <div class="vocab-tools">
                <label>
                    {move || text().sort_by} " "
                    <select class="vocab-order" on:change=move |event| {
                        let code = event_target_value(&event);
                        if let Some(found) = Order::ALL.into_iter().find(|order| order.code() == code) {
                            order.set(found);
                        }
                    }>
                        {Order::ALL
                            .into_iter()
                            .map(|option| view! {
                                <option value=option.code() selected=move || order.get() == option>
                                    {move || match option {
                                        Order::Newest => text().sort_newest,
                                        Order::Pinyin => text().sort_pinyin,
                                        Order::Level => text().sort_level,
                                    }}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" class="button export-csv" disabled=move || words.with(Vec::is_empty)
                    on:click=move |_| offer_download("duet-words.csv", "text/csv", &words.with(|list| vocab_file::to_csv(list)), message, prefs)>
                    {move || text().export_csv}
                </button>
                <button type="button" class="button export-anki" disabled=move || words.with(Vec::is_empty)
                    on:click=move |_| offer_download("duet-words-anki.txt", "text/tab-separated-values", &words.with(|list| vocab_file::to_anki_tsv(list)), message, prefs)>
                    {move || text().export_anki}
                </button>
                <label class="button import-csv">
                    {move || text().import_csv}
                    <input type="file" accept=".csv,text/csv" class="visually-hidden" on:change=import/>
                </label>
            </div>
            <div role="status">
                {move || message.get().map(|message| view! { <p class="status vocab-message">{message}</p> })}
            </div>
            <Show when=move || words.with(Vec::is_empty)>
                <p class="status empty">{move || text().words_empty}</p>
            </Show>
            <ul class="vocab-list">
                <For each=shown key=|word| (word.word.clone(), word.saved_at.to_bits()) let:word>
                    <WordRow word=word on_remove=Callback::new(remove)/>
                </For>
            </ul>
        </section>
        </div>
    }
}

/// One saved word.
#[component]
fn WordRow(word: SavedWord, on_remove: Callback<String>) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let level = crate::components::words::hsk_label(word.hsk, "—");
    let removed = word.word.clone();
    let source_title = view! { <crate::saved::lists::ArticleTitle slug=word.slug.clone()/> };
    view! {
        <li class="vocab-word" data-word=word.word.clone()>
            <div class="vocab-head">
                <span class="vocab-text" lang="zh-Hans">{word.word.clone()}</span>
                <span class="vocab-pinyin">{crate::components::words::pinyin_view(&word.pinyin)}</span>
                <span class="difficulty-badge">{level}</span>
                <button type="button" class="button vocab-remove" on:click=move |_| on_remove.run(removed.clone())>
                    {move || text().remove}
                </button>
            </div>
            <p class="vocab-glosses" lang="en">{word.glosses.join("; ")}</p>
            <p class="vocab-sentence" lang="zh-Hans">{word.sentence.clone()}</p>
            <p class="vocab-translation quiet" lang="en">{word.translation.clone()}</p>
            <p class="vocab-source">
                {move || text().words_source} ": "
                <a href=links::app_href(&route::article(&word.slug))>{source_title}</a>
            </p>
        </li>
    }
}

/// Offers `contents` as a file download named `name`; says so when it fails.
fn offer_download(
    name: &str,
    mime: &str,
    contents: &str,
    message: RwSignal<Option<String>>,
    prefs: ReaderPrefs,
) {
    if let Err(error) = browser::download(name, mime, contents) {
        let text = ui_text(prefs.ui_lang.get_untracked());
        message.set(Some(format!("{}: {error}", text.export_failed)));
    }
}

/// The Saved page.
/// In the split build, the entry of wasm chunk `saved` (see `crate::chunks`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(saved, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn chunk_view() -> crate::chunks::ChunkView {
    Ok(view! { <SavedPage/> }.into_any())
}
