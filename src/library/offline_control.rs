//! "Save all articles for offline": says the size first, then saves with a progress
//! bar, through the `window.duetOffline` functions `boot.js` offers (see
//! ARCHITECTURE.md, "Offline"). Without a service worker the control is not shown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::i18n::ui_text;
use crate::reader::prefs::ReaderPrefs;

#[wasm_bindgen]
extern "C" {
    /// `{files, bytes, savedFiles, savedBytes, version}`. Throws (caught) when
    /// `duetOffline` is missing, rejects when the page has no service worker.
    #[wasm_bindgen(js_namespace = duetOffline, catch)]
    async fn estimate() -> Result<JsValue, JsValue>;

    /// Saves every bundle file not saved yet: `{files, bytes, failed: [paths]}`.
    /// Progress arrives as `duet-offline-progress` events on `window`.
    #[wasm_bindgen(js_namespace = duetOffline, js_name = saveAll, catch)]
    async fn save_all() -> Result<JsValue, JsValue>;
}

/// What saving everything takes, from the build's list of bundle files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfflineEstimate {
    pub files: u64,
    pub bytes: u64,
    pub saved_files: u64,
    pub saved_bytes: u64,
}

/// Where saving stands; `code` is the button's `data-state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Idle,
    /// Files done of files, bytes saved of total bytes.
    Saving {
        done: u64,
        files: u64,
        bytes: u64,
        total: u64,
    },
    Done,
    /// How many files failed, or the reason nothing could be saved.
    Error {
        failed: u64,
        reason: Option<String>,
    },
}

impl SaveState {
    /// The state as the control's `data-state` attribute.
    pub fn code(&self) -> &'static str {
        match self {
            SaveState::Idle => "idle",
            SaveState::Saving { .. } => "saving",
            SaveState::Done => "done",
            SaveState::Error { .. } => "error",
        }
    }
}

/// A size for people: `840 KB`, `3.4 MB` (decimal units, as file managers show;
/// megabytes to the nearest tenth, a half up). Integer arithmetic: formatting a float
/// would compile Rust's float printing (≈ 12 KB) into the wasm.
pub fn format_size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// A number field of a JavaScript object, 0 when absent.
fn number(object: &JsValue, field: &str) -> u64 {
    js_sys::Reflect::get(object, &JsValue::from_str(field))
        .ok()
        .and_then(|value| value.as_f64())
        .unwrap_or_default() as u64
}

/// The offline control for `articles` articles. Renders nothing until the service
/// worker has answered, and nothing at all without one.
#[component]
pub fn OfflineControl(
    /// How many articles the library has (the catalog's count).
    articles: usize,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let estimated = RwSignal::new(None::<OfflineEstimate>);
    let state = RwSignal::new(SaveState::Idle);

    spawn_local(async move {
        // No worker (or no `duetOffline`): the control stays hidden.
        if let Ok(answer) = estimate().await {
            let found = OfflineEstimate {
                files: number(&answer, "files"),
                bytes: number(&answer, "bytes"),
                saved_files: number(&answer, "savedFiles"),
                saved_bytes: number(&answer, "savedBytes"),
            };
            if found.files > 0 && found.saved_files >= found.files {
                state.set(SaveState::Done);
            }
            estimated.set(Some(found));
        }
    });

    let progress = window_event_listener_untyped("duet-offline-progress", move |event| {
        let detail = js_sys::Reflect::get(&event, &JsValue::from_str("detail"))
            .unwrap_or(JsValue::UNDEFINED);
        if matches!(state.get_untracked(), SaveState::Saving { .. }) {
            state.set(SaveState::Saving {
                done: number(&detail, "done"),
                files: number(&detail, "files"),
                bytes: number(&detail, "bytes"),
                total: number(&detail, "totalBytes"),
            });
        }
    });
    on_cleanup(move || progress.remove());

    let start = move |_| {
        if matches!(
            state.get_untracked(),
            SaveState::Saving { .. } | SaveState::Done
        ) {
            return;
        }
        let Some(known) = estimated.get_untracked() else {
            return;
        };
        state.set(SaveState::Saving {
            done: known.saved_files,
            files: known.files,
            bytes: known.saved_bytes,
            total: known.bytes,
        });
        spawn_local(async move {
            state.set(match save_all().await {
                Ok(outcome) => {
                    let failed = js_sys::Reflect::get(&outcome, &JsValue::from_str("failed"))
                        .ok()
                        .filter(|list| list.is_array())
                        .map_or(0, |list| js_sys::Array::from(&list).length() as u64);
                    if failed == 0 {
                        SaveState::Done
                    } else {
                        SaveState::Error {
                            failed,
                            reason: None,
                        }
                    }
                }
                Err(error) => SaveState::Error {
                    failed: 0,
                    reason: Some(crate::browser::describe_js_error(&error)),
                },
            });
        });
    };

    let label = move || {
        let Some(known) = estimated.get() else {
            return String::new();
        };
        let text = text();
        let size = format_size(known.bytes);
        let template = match state.get() {
            SaveState::Done => text.offline_all_saved,
            SaveState::Error { .. } => text.offline_retry,
            _ => text.offline_save_all,
        };
        template
            .replace("{n}", &articles.to_string())
            .replace("{size}", &size)
    };

    move || {
        let known = estimated.get()?;
        Some(view! {
            <section class="offline-control" aria-labelledby="offline-heading">
                <h2 id="offline-heading">{move || text().offline_title}</h2>
                <button
                    type="button"
                    class="button save-offline"
                    data-state=move || state.with(SaveState::code)
                    data-bytes=known.bytes
                    data-files=known.files
                    disabled=move || matches!(state.get(), SaveState::Saving { .. } | SaveState::Done)
                    on:click=start
                >
                    {label}
                </button>
                <OfflineStatus state=state/>
            </section>
        })
    }
}

/// The progress bar while saving, or what went wrong.
#[component]
fn OfflineStatus(
    /// The control's state.
    state: RwSignal<SaveState>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    move || {
        let text = ui_text(prefs.ui_lang.get());
        match state.get() {
            SaveState::Saving {
                done,
                files,
                bytes,
                total,
            } => view! {
                <div class="offline-progress" role="status">
                    <progress max=total.max(1) value=bytes></progress>
                    <span>
                        {text
                            .offline_saving
                            .replace("{done}", &done.to_string())
                            .replace("{files}", &files.to_string())
                            .replace("{size}", &format_size(bytes))
                            .replace("{total}", &format_size(total))}
                    </span>
                </div>
            }
            .into_any(),
            SaveState::Error { failed, reason } => {
                let message = match reason {
                    Some(reason) => format!("{}: {reason}", text.offline_failed_all),
                    None => text.offline_failed.replace("{n}", &failed.to_string()),
                };
                view! { <p class="offline-error" role="alert">{message}</p> }.into_any()
            }
            _ => ().into_any(),
        }
    }
}

/// The offline control for `articles` articles.
/// In the split build, the entry of wasm chunk `offline` (see `crate::chunks`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(offline, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn chunk_view(articles: usize) -> crate::chunks::ChunkView {
    Ok(view! { <OfflineControl articles=articles/> }.into_any())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_expect() {
        assert_eq!(format_size(0), "0 KB");
        assert_eq!(format_size(1), "1 KB");
        assert_eq!(format_size(999_999), "1000 KB");
        assert_eq!(format_size(1_000_000), "1.0 MB");
        assert_eq!(format_size(3_449_000), "3.4 MB");
        assert_eq!(format_size(3_450_000), "3.5 MB");
        assert_eq!(format_size(9_960_000), "10.0 MB");
    }

    #[test]
    fn states_name_themselves_for_tests() {
        let saving = SaveState::Saving {
            done: 1,
            files: 2,
            bytes: 3,
            total: 4,
        };
        assert_eq!(saving.code(), "saving");
        assert_eq!(
            SaveState::Error {
                failed: 2,
                reason: None
            }
            .code(),
            "error"
        );
    }
}
