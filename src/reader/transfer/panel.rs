//! "Your data": exports everything the reader owns (preferences, saved words, notes,
//! bookmarks, reading positions) to one JSON file and
//! imports such a file after showing what it holds. The document and its checks are
//! in `mod.rs`; this is the storage and file side.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::i18n::{ui_text, UiText};
use crate::reader::prefs::{Pref, ReaderPrefs, KEYS as PREF_KEYS};
use crate::reader::stored_list::StoredList;
use crate::reader::transfer::{file_name, ImportError, ReaderData};
use crate::reader::vocab::merge_words;
use crate::reader::{bookmarks, notes, position, vocab};

/// Where an import stands.
#[derive(Debug, Clone, PartialEq)]
enum ImportState {
    Nothing,
    /// A file read and checked, waiting for the reader's go-ahead.
    Preview(ReaderData),
    Done(String),
    Failed(String),
}

/// The "Your data" section: export, import with a preview, and what happened.
#[component]
pub fn ReaderDataPanel() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    // The last export's file name and object URL, offered again as a link.
    let exported = RwSignal::new(None::<(String, String)>);
    let import = RwSignal::new(ImportState::Nothing);

    let export = move |_| match export_file() {
        Ok((name, url)) => {
            if let Some((_, previous)) = exported.get_untracked() {
                let _ = web_sys::Url::revoke_object_url(&previous);
            }
            exported.set(Some((name, url)));
        }
        Err(error) => import.set(ImportState::Failed(error)),
    };

    let choose = move |event: leptos::ev::Event| {
        let Some(file) = browser::chosen_file(&event) else {
            return;
        };
        spawn_local(async move {
            let ui = ui_text(prefs.ui_lang.get_untracked());
            import.set(match browser::file_text(&file).await {
                Ok(contents) => match ReaderData::from_document(&contents) {
                    Ok(data) => ImportState::Preview(data),
                    Err(error) => ImportState::Failed(describe(ui, &error)),
                },
                Err(error) => ImportState::Failed(format!("{}: {error}", ui.data_read_failed)),
            });
        });
    };

    let confirm = move |_| {
        let ImportState::Preview(data) = import.get_untracked() else {
            return;
        };
        let ui = ui_text(prefs.ui_lang.get_untracked());
        import.set(match apply(prefs, &data) {
            Ok(()) => ImportState::Done(counts(ui.import_done, &data)),
            Err(error) => ImportState::Failed(error),
        });
    };

    view! {
        <section class="reader-data" aria-labelledby="reader-data-heading">
            <h2 id="reader-data-heading">{move || text().your_data}</h2>
            <p class="hint">{move || text().your_data_hint}</p>
            <div class="reader-data-actions">
                <button type="button" class="button export-data" on:click=export>
                    {move || text().export_data}
                </button>
                <label class="button import-data">
                    {move || text().import_data}
                    <input type="file" class="import-file" accept=".json,application/json" on:change=choose/>
                </label>
            </div>
            {move || {
                exported
                    .get()
                    .map(|(name, url)| {
                        view! { <a class="export-link" href=url download=name.clone()>{name.clone()}</a> }
                    })
            }}
            {move || match import.get() {
                ImportState::Nothing => ().into_any(),
                ImportState::Preview(data) => {
                    let summary = counts(text().import_preview, &data);
                    view! {
                        <div class="import-preview" role="status">
                            <p>{summary}</p>
                            <div class="reader-data-actions">
                                <button type="button" class="button import-confirm" on:click=confirm>
                                    {move || text().import_confirm}
                                </button>
                                <button type="button" class="button import-cancel" on:click=move |_| import.set(ImportState::Nothing)>
                                    {move || text().cancel}
                                </button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
                ImportState::Done(message) => view! { <p class="import-done" role="status">{message}</p> }.into_any(),
                ImportState::Failed(message) => view! { <p class="import-error" role="alert">{message}</p> }.into_any(),
            }}
        </section>
    }
}

/// Builds the export, starts its download and returns its file name and object URL.
fn export_file() -> Result<(String, String), String> {
    let mut data = ReaderData::default();
    for key in PREF_KEYS {
        if let Some(value) = browser::load_pref(key) {
            data.prefs.insert(key.to_string(), value);
        }
    }
    let mut unreadable = BTreeMap::new();
    data.words = readable(vocab::LIST, &mut unreadable);
    data.notes = readable(notes::LIST, &mut unreadable);
    data.bookmarks = readable(bookmarks::LIST, &mut unreadable);
    data.positions = readable(position::LIST, &mut unreadable);
    let exported_at = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let document = data.to_document(&exported_at, &unreadable);
    let contents = serde_json::to_string_pretty(&document).map_err(|error| error.to_string())?;
    let today = browser::today();
    let name = file_name(today.year, today.month, today.day);
    let url = browser::download_kept(&name, "application/json", &contents)?;
    Ok((name, url))
}

/// The stored list, or nothing with its raw text put in `unreadable`, so a
/// corrupted list still leaves with the rest.
fn readable<T: serde::de::DeserializeOwned>(
    list: StoredList,
    unreadable: &mut BTreeMap<String, String>,
) -> Vec<T> {
    match list.load() {
        Ok(items) => items,
        Err(_) => {
            if let Some(text) = list.raw() {
                unreadable.insert(list.key.to_string(), text);
            }
            Vec::new()
        }
    }
}

/// `template` with the counts of `data` filled in.
fn counts(template: &str, data: &ReaderData) -> String {
    template
        .replace("{words}", &data.words.len().to_string())
        .replace("{notes}", &data.notes.len().to_string())
        .replace("{bookmarks}", &data.bookmarks.len().to_string())
        .replace("{positions}", &data.positions.len().to_string())
        .replace("{prefs}", &data.pref_count().to_string())
}

/// A sentence for the reader saying why a file cannot be imported.
fn describe(text: &UiText, error: &ImportError) -> String {
    match error {
        ImportError::NotJson(detail) => format!("{} ({detail})", text.data_not_json),
        ImportError::NotDuet => text.data_not_duet.to_string(),
        ImportError::Newer(version) => text.data_newer.replace("{version}", &version.to_string()),
        ImportError::BadField(field) => text.data_bad_field.replace("{field}", field),
    }
}

/// Applies imported preferences (through their signals, which store them) and merges
/// the lists into the stored ones. Stored lists that cannot be read are set aside
/// first (or, when that fails, left untouched and the import stops).
fn apply(prefs: ReaderPrefs, data: &ReaderData) -> Result<(), String> {
    for (key, value) in &data.prefs {
        if let Some(pref) = Pref::parse(key, value) {
            prefs.set(pref);
        }
    }
    let ui = ui_text(prefs.ui_lang.get_untracked());
    let failed = |error: String| format!("{}: {error}", ui.save_failed);
    // Each list is merged into what is stored; `StoredList::update` sets aside
    // stored text it cannot read first, and refuses when it cannot.
    if !data.words.is_empty() {
        vocab::LIST
            .update(|words| *words = merge_words(std::mem::take(words), data.words.clone()).0)
            .map_err(failed)?;
    }
    if !data.notes.is_empty() {
        notes::LIST
            .update(|kept| *kept = notes::merge(std::mem::take(kept), data.notes.clone()).0)
            .map_err(failed)?;
    }
    if !data.bookmarks.is_empty() {
        bookmarks::LIST
            .update(|kept| *kept = bookmarks::merge(std::mem::take(kept), data.bookmarks.clone()).0)
            .map_err(failed)?;
    }
    if !data.positions.is_empty() {
        position::LIST
            .update(|kept| *kept = position::merge(std::mem::take(kept), data.positions.clone()).0)
            .map_err(failed)?;
    }
    Ok(())
}
