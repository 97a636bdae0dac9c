//! "Your data": exports everything the reader owns (preferences, saved words, notes,
//! bookmarks, reading positions) to one JSON file and
//! imports such a file after showing what it holds. The document and its checks are
//! in `mod.rs`; this is the storage and file side.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::i18n::ui_text;
use crate::reader::lists::{EachList, ReaderLists};
use crate::reader::prefs::{Pref, ReaderPrefs, KEYS as PREF_KEYS};
use crate::reader::stored_list::{Entry, ListError, StoredList};
use crate::reader::transfer::{file_name, ReaderData};

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
        Err(error) => import.set(ImportState::Failed(format!(
            "{}: {error}",
            ui_text(prefs.ui_lang.get_untracked()).export_failed
        ))),
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
                    Err(error) => ImportState::Failed(error.describe(ui)),
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
            Ok(()) => ImportState::Done(data.fill_counts(ui.import_done)),
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
                    let summary = data.fill_counts(text().import_preview);
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
        if let Some(value) = browser::storage_get(key) {
            data.prefs.insert(key.to_string(), value);
        }
    }
    // A list that cannot be read leaves as the text it is stored as, so a
    // corrupted list still leaves with the rest.
    let (lists, unreadable_lists) = ReaderLists::load();
    data.lists = lists;
    let unreadable: BTreeMap<String, String> = unreadable_lists
        .into_iter()
        .filter_map(|(key, _)| Some((key.to_string(), browser::storage_get(key)?)))
        .collect();
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

/// Applies imported preferences (through their signals, which store them) and merges
/// the lists into the stored ones. Stored lists that cannot be read are set aside
/// first (or, when that fails, left untouched and the import stops).
fn apply(prefs: ReaderPrefs, data: &ReaderData) -> Result<(), String> {
    for (key, value) in &data.prefs {
        if let Some(pref) = Pref::parse(key, value) {
            prefs.set(pref);
        }
    }
    /// Each list merged into what is stored; `StoredList::update` sets aside
    /// stored text it cannot read first, and refuses when it cannot. Stops at the
    /// first failure.
    struct Merge(Result<(), ListError>);
    impl EachList for Merge {
        fn list<T: Entry>(&mut self, list: StoredList<T>, items: &mut Vec<T>) {
            if self.0.is_ok() && !items.is_empty() {
                self.0 = list.merge_in(items);
            }
        }
    }
    let mut merge = Merge(Ok(()));
    data.lists.clone().each(&mut merge);
    merge.0.map_err(|error| {
        let lang = prefs.ui_lang.get_untracked();
        format!("{}: {}", ui_text(lang).save_failed, error.describe(lang))
    })
}

/// The export and import of the reader's data.
/// In the split build, the entry of wasm chunk `transfer` (see `crate::chunks`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(transfer, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn chunk_view() -> crate::chunks::ChunkView {
    Ok(view! { <ReaderDataPanel/> }.into_any())
}
