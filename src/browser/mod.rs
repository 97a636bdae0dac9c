//! Small wrappers over the browser APIs the app touches directly: the document,
//! `localStorage`, the clock and the base URL. Errors are returned, never unwrapped,
//! because private windows and full disks make storage fail in ordinary use.

pub mod prerender;

use duet_core::format::Date;
use wasm_bindgen::{JsCast, JsValue};

/// The page's document. The app only runs in a window, so its absence is a bug.
// Not data: the app is only ever loaded into a window with a document.
#[allow(clippy::expect_used)]
pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("Duet runs in a browser window with a document")
}

/// Prefix of every key this app writes to `localStorage`.
const STORAGE_PREFIX: &str = "duet.";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the value stored under `duet.<key>` (a preference or a kept list); `None`
/// when absent or when storage is unavailable.
pub fn storage_get(key: &str) -> Option<String> {
    local_storage()?
        .get_item(&format!("{STORAGE_PREFIX}{key}"))
        .ok()
        .flatten()
}

thread_local! {
    /// Set at start-up when storage was written by a newer Duet (see
    /// `storage_version.rs`): this release then writes nothing at all, as the notice
    /// it shows promises.
    static STORAGE_READ_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// From now on, [`storage_set`] refuses every write.
pub fn make_storage_read_only() {
    STORAGE_READ_ONLY.with(|read_only| read_only.set(true));
}

/// Why storage refused a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No `localStorage` (some private modes, or disabled).
    Unavailable,
    /// The data was written by a newer Duet, which this one must not change.
    ReadOnly,
    /// The browser refused (quota); its own message.
    Refused(String),
}

impl StorageError {
    /// What to tell the reader, in `lang` (a refusal in the browser's own words).
    pub fn describe(&self, lang: duet_core::Lang) -> String {
        let text = crate::i18n::ui_text(lang);
        match self {
            StorageError::Unavailable => text.storage_unavailable.to_string(),
            StorageError::ReadOnly => text.storage_read_only.to_string(),
            StorageError::Refused(detail) => detail.clone(),
        }
    }
}

/// Stores `value` under `duet.<key>`. Returns why when storage refused it (quota, private mode,
/// or data of a newer Duet that this one must not change), so the caller can say
/// so instead of losing it silently.
pub fn storage_set(key: &str, value: &str) -> Result<(), StorageError> {
    if STORAGE_READ_ONLY.with(std::cell::Cell::get) {
        return Err(StorageError::ReadOnly);
    }
    let storage = local_storage().ok_or(StorageError::Unavailable)?;
    storage
        .set_item(&format!("{STORAGE_PREFIX}{key}"), value)
        .map_err(|error| StorageError::Refused(describe_js_error(&error)))
}

/// Best-effort text of a JavaScript exception.
pub fn describe_js_error(error: &JsValue) -> String {
    js_sys::Error::from(error.clone())
        .message()
        .as_string()
        .filter(|message| !message.is_empty())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

/// Today's date in the reader's time zone, for relative dates.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date {
        year: now.get_full_year() as i32,
        month: now.get_month() + 1,
        day: now.get_date(),
    }
}

/// The path the app is served under, without a trailing slash (`""` at the root,
/// `/docs/duet` under a sub-path). A release build names it in
/// `<meta name="duet-base">` (its CSP forbids `<base>`, see `xtask/src/harden.rs`);
/// elsewhere (tests, `trunk serve`) the document's base URL gives it.
pub fn base_path() -> String {
    BASE_PATH.with(|base| base.get_or_init(read_base_path).clone())
}

thread_local! {
    static BASE_PATH: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
}

fn read_base_path() -> String {
    let declared = document()
        .query_selector("meta[name=duet-base]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"));
    let path = declared.unwrap_or_else(|| {
        let base_uri = document().base_uri().ok().flatten().unwrap_or_default();
        web_sys::Url::new(&base_uri)
            .map(|url| url.pathname())
            .unwrap_or_default()
    });
    path.trim_end_matches('/').to_string()
}

/// Absolute path of a file of the bundle, e.g. `catalog.json` → `/docs/duet/data/catalog.json`.
pub fn data_url(relative: &str) -> String {
    format!("{}/data/{relative}", base_path())
}

/// The `src` of a bundled image: its bundle URL, or, in the one-file edition (whose
/// bundle lives inside the page), the `data:` URL its `window.duetAssetUrl` gives.
pub fn asset_url(relative: &str) -> String {
    let embedded = web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window, &JsValue::from_str("duetAssetUrl")).ok())
        .and_then(|value| value.dyn_into::<js_sys::Function>().ok());
    match embedded {
        Some(asset_url) => asset_url
            .call1(&JsValue::NULL, &JsValue::from_str(relative))
            .ok()
            .and_then(|url| url.as_string())
            .unwrap_or_default(),
        None => data_url(relative),
    }
}

/// The browser's preferred language codes, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let navigator = window.navigator();
    let listed: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    if listed.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        listed
    }
}

/// Whether the system asks for a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|window| {
            window
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}

/// Milliseconds from the page's time origin, with sub-millisecond precision.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// Offers `contents` as a file named `name` to save, through a temporary object URL
/// and link (no server involved).
pub fn download(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    let url = download_kept(name, mime, contents)?;
    // The click has started the download; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// [`download`], keeping the object URL (returned) so a link can offer the file
/// again; the caller revokes it when that link goes.
pub fn download_kept(name: &str, mime: &str, contents: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|error| describe_js_error(&error))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|error| describe_js_error(&error))?;
    let link: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(|error| describe_js_error(&error))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    Ok(url)
}

/// The file chosen in the `<input type=file>` that `event` came from. The input is
/// cleared, so choosing the same file again is a change again.
pub fn chosen_file(event: &web_sys::Event) -> Option<web_sys::File> {
    let input = event
        .target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let file = input.files().and_then(|files| files.get(0));
    input.set_value("");
    file
}

/// The text of a chosen file (`File.text()`), or the browser's reason it has none
/// (the caller says "the file could not be read" in the reader's language).
pub async fn file_text(file: &web_sys::File) -> Result<String, String> {
    let value = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|error| describe_js_error(&error))?;
    value.as_string().ok_or_else(|| describe_js_error(&value))
}
