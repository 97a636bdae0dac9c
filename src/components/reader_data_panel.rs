//! "Your data": exports the reader's preferences and saved words to one JSON file and
//! imports such a file after showing what it holds. The document and its checks are
//! in `reader_data.rs`; this is the storage and file side.

use std::collections::BTreeMap;

use duet_core::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::i18n::{ui_text, UiText};
use crate::prefs::{ReaderPrefs, Theme, FONT_STEPS};
use crate::reader_data::{file_name, merge_words, ImportError, ReaderData, PREF_KEYS};
use crate::view_mode::Layout;
use crate::vocab;

#[wasm_bindgen]
extern "C" {
    /// A `Blob`, bound here so the app needs no extra `web-sys` features for it.
    type JsBlob;
    #[wasm_bindgen(constructor, js_class = "Blob")]
    fn new(parts: &js_sys::Array, options: &JsValue) -> JsBlob;
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL)]
    fn create_object_url(blob: &JsBlob) -> String;
}

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
        let input: web_sys::HtmlInputElement = event_target(&event);
        let file = js_sys::Reflect::get(&input, &JsValue::from_str("files"))
            .ok()
            .and_then(|files| js_sys::Reflect::get(&files, &JsValue::from_f64(0.0)).ok())
            .filter(|file| !file.is_undefined() && !file.is_null());
        // Cleared, so choosing the same file again is a change again.
        input.set_value("");
        let Some(file) = file else {
            return;
        };
        spawn_local(async move {
            let ui = ui_text(prefs.ui_lang.get_untracked());
            import.set(match read_text(&file).await {
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
            Ok(()) => ImportState::Done(
                ui.import_done
                    .replace("{words}", &data.words.len().to_string())
                    .replace("{prefs}", &data.pref_count().to_string()),
            ),
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
                    let summary = text()
                        .import_preview
                        .replace("{words}", &data.words.len().to_string())
                        .replace("{prefs}", &data.pref_count().to_string());
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
    match vocab::load() {
        Ok(words) => data.words = words,
        // Exported as it is, so a corrupted list still leaves with the rest.
        Err(_) => {
            if let Some(text) = browser::load_pref("vocab") {
                unreadable.insert("vocab".to_string(), text);
            }
        }
    }
    let exported_at = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let document = data.to_document(&exported_at, &unreadable);
    let contents = serde_json::to_string_pretty(&document).map_err(|error| error.to_string())?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &"application/json".into())
        .map_err(|error| browser::describe_js_error(&error))?;
    let blob = JsBlob::new(&js_sys::Array::of1(&JsValue::from_str(&contents)), &options);
    let url = create_object_url(&blob);
    let today = browser::today();
    let name = file_name(today.year, today.month, today.day);
    let link: web_sys::HtmlAnchorElement = browser::document()
        .create_element("a")
        .map_err(|error| browser::describe_js_error(&error))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(&name);
    link.click();
    Ok((name, url))
}

/// The text of a `File` (`File.text()`).
async fn read_text(file: &JsValue) -> Result<String, String> {
    let text = js_sys::Reflect::get(file, &JsValue::from_str("text"))
        .ok()
        .and_then(|method| method.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "File.text() is not available".to_string())?;
    let promise: js_sys::Promise = text
        .call0(file)
        .map_err(|error| browser::describe_js_error(&error))?
        .unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|error| browser::describe_js_error(&error))?
        .as_string()
        .ok_or_else(|| "the file is not text".to_string())
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
/// the words into the stored list. Stored words that cannot be read stay untouched.
fn apply(prefs: ReaderPrefs, data: &ReaderData) -> Result<(), String> {
    for (key, value) in &data.prefs {
        match key.as_str() {
            "ui_lang" => Lang::from_code(value)
                .into_iter()
                .for_each(|lang| prefs.ui_lang.set(lang)),
            "theme" => Theme::from_code(value)
                .into_iter()
                .for_each(|theme| prefs.theme.set(theme)),
            "font_step" => value
                .parse::<i32>()
                .ok()
                .filter(|step| FONT_STEPS.contains(step))
                .into_iter()
                .for_each(|step| prefs.font_step.set(step)),
            "layout" => {
                if let Some(layout) = Layout::from_pref(value) {
                    prefs.layout.set(Some(layout));
                }
            }
            "pinyin" => prefs.pinyin.set(value == "on"),
            "tones" => prefs.tone_colours.set(value == "on"),
            _ => {}
        }
    }
    if data.words.is_empty() {
        return Ok(());
    }
    let ui = ui_text(prefs.ui_lang.get_untracked());
    let stored = match vocab::load() {
        Ok(words) => words,
        // Copied aside by `vocab::load`, so the list may be started afresh.
        Err(unreadable) if unreadable.kept_aside => Vec::new(),
        Err(unreadable) => return Err(format!("{}: {}", ui.import_words_kept, unreadable.message)),
    };
    let (words, _added) = merge_words(stored, data.words.clone());
    let text = serde_json::to_string(&serde_json::json!({ "version": 1, "words": words }))
        .map_err(|error| error.to_string())?;
    browser::save_pref("vocab", &text).map_err(|error| format!("{}: {error}", ui.storage_failed))
}
