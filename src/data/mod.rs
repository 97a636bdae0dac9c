//! The only module that fetches: loads the catalog's head, list pages and article files of the bundle
//! from the app's own origin, under the app's base path, inflating the ones stored
//! gzip-compressed with the browser's own `DecompressionStream` (no inflate code in
//! the wasm).

pub mod catalog;
pub mod labels;
pub mod lists;

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use duet_core::decode::{decode_article, decode_catalog_head, decode_glossary, DecodeError};
use duet_core::listing::CatalogHead;
use duet_core::search::{decode_manifest, decode_shard, SearchManifest, Shard, SEARCH_MANIFEST};
use duet_core::{article_path, glossary_path, Article, Glossary, Lang, CATALOG_FILE};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{data_url, describe_js_error};

/// Why a bundle file could not be loaded. Cloneable so resources can hold it.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The request itself failed: offline, blocked, or the server went away.
    Network { url: String, detail: String },
    /// The server answered with an error status.
    Status { url: String, status: u16 },
    /// The file arrived but is not a bundle file this app can read.
    Decode(DecodeError),
    /// The file starts as gzip but does not inflate: truncated or damaged.
    Compressed { url: String, detail: String },
    /// The file inflates to more text than any bundle file holds (a gzip bomb), or
    /// to something that is not text.
    TooLarge { url: String, megabytes: u32 },
}

impl LoadError {
    /// True when the file does not exist on the server.
    pub fn is_not_found(&self) -> bool {
        matches!(self, LoadError::Status { status: 404, .. })
    }

    /// A sentence for the reader naming what failed, in the interface language.
    pub fn describe(&self, lang: Lang) -> String {
        let text = crate::i18n::ui_text(lang);
        match self {
            LoadError::Network { url, detail } => text
                .load_unreachable
                .replace("{url}", url)
                .replace("{detail}", detail),
            LoadError::Status { url, status } => text
                .load_status
                .replace("{url}", url)
                .replace("{status}", &status.to_string()),
            LoadError::Compressed { url, detail } => text
                .load_damaged
                .replace("{url}", url)
                .replace("{detail}", detail),
            LoadError::TooLarge { url, megabytes } => text
                .load_too_large
                .replace("{url}", url)
                .replace("{mb}", &megabytes.to_string()),
            LoadError::Decode(error) => {
                text.load_undecodable.replace("{error}", &error.to_string())
            }
        }
    }
}

/// Shared, cheaply cloned results for resources.
pub type CatalogResult = Result<Arc<CatalogHead>, LoadError>;
pub type ArticleResult = Result<Arc<Article>, LoadError>;

/// Loads and checks the catalog's head (`catalog.json`).
pub async fn fetch_catalog() -> CatalogResult {
    let url = data_url(CATALOG_FILE);
    let text = fetch_text(&url).await?;
    decode_catalog_head(&url, &text)
        .inspect(|head| labels::remember(&head.site.tags))
        .map(Arc::new)
        .map_err(LoadError::Decode)
}

/// Articles kept after loading, newest last: search results cut their excerpts from
/// articles, and choosing a result then opens without a second fetch.
const KEPT_ARTICLES: usize = 32;

thread_local! {
    static ARTICLES: RefCell<VecDeque<Arc<Article>>> = const { RefCell::new(VecDeque::new()) };
}

/// Loads and checks one article (or returns it from the articles kept). Text that is
/// not a slug (from an address, or a hand-edited saved list) names no file: not
/// found, without a request for a path it could make.
pub async fn fetch_article(slug: &str) -> ArticleResult {
    if !duet_core::is_slug(slug) {
        return Err(LoadError::Status {
            url: data_url(&article_path(slug)),
            status: 404,
        });
    }
    let kept = ARTICLES.with_borrow(|kept| {
        kept.iter()
            .find(|article| article.meta.slug == slug)
            .cloned()
    });
    if let Some(article) = kept {
        return Ok(article);
    }
    let url = data_url(&article_path(slug));
    let text = fetch_text(&url).await?;
    let article = Arc::new(decode_article(&url, &text).map_err(LoadError::Decode)?);
    labels::remember(&article.tag_labels);
    // Only successes are kept, so a retry after an error always fetches again.
    ARTICLES.with_borrow_mut(|kept| {
        kept.retain(|other| other.meta.slug != slug);
        if kept.len() == KEPT_ARTICLES {
            kept.pop_front();
        }
        kept.push_back(article.clone());
    });
    Ok(article)
}

/// Loads an article's glossary; `None` when it has none (no Chinese words).
pub async fn fetch_glossary(slug: &str) -> Result<Option<Arc<Glossary>>, LoadError> {
    let url = data_url(&glossary_path(slug));
    let text = match fetch_text(&url).await {
        Ok(text) => text,
        Err(error) if error.is_not_found() => return Ok(None),
        Err(error) => return Err(error),
    };
    decode_glossary(&url, &text)
        .map(|glossary| Some(Arc::new(glossary)))
        .map_err(LoadError::Decode)
}

/// GETs `url` (relative to the base URL) and returns its body as text, inflated when
/// it is gzip (bundle files whose path ends in `.gz` are stored compressed).
async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let network = |error: wasm_bindgen::JsValue| LoadError::Network {
        url: url.to_string(),
        detail: describe_js_error(&error),
    };
    let window = web_sys::window().ok_or_else(|| LoadError::Network {
        url: url.to_string(),
        detail: "no window".into(),
    })?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(network)?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(LoadError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    let body = JsFuture::from(response.array_buffer().map_err(network)?)
        .await
        .map_err(network)?;
    let bytes = js_sys::Uint8Array::new(&body);
    let body = web_sys::Response::new_with_opt_buffer_source(Some(&bytes)).map_err(network)?;
    // Files stored compressed start with the gzip magic bytes. A host that sent one
    // with `Content-Encoding: gzip` had the browser inflate it already: then the magic
    // bytes are gone and the text is read as is, like any other file.
    let text = if is_gzip(&bytes) {
        let corrupt = |error: wasm_bindgen::JsValue| LoadError::Compressed {
            url: url.to_string(),
            detail: describe_js_error(&error),
        };
        let inflate = DecompressionStream::new("gzip").map_err(corrupt)?;
        let stream = body
            .body()
            .ok_or_else(|| corrupt("no body".into()))?
            .pipe_through(&web_sys::ReadableWritablePair::new(
                &inflate.readable(),
                &inflate.writable(),
            ));
        let inflated =
            web_sys::Response::new_with_opt_readable_stream(Some(&stream)).map_err(corrupt)?;
        // A truncated or damaged stream errors here: the browser's inflater rejects
        // input that ends early or does not decode, so this never waits forever.
        JsFuture::from(inflated.text().map_err(corrupt)?)
            .await
            .map_err(corrupt)?
    } else {
        JsFuture::from(body.text().map_err(network)?)
            .await
            .map_err(network)?
    };
    // A gzip bomb inflates to more text than a bundle file ever holds; reading it
    // into the wasm would exhaust memory or come out empty and be misreported as
    // bad JSON. The bundler's biggest files (a long article, a shard of a large
    // index) stay far below this.
    let length = text
        .dyn_ref::<js_sys::JsString>()
        .map_or(0, js_sys::JsString::length);
    if length > MAX_TEXT_CHARS {
        return Err(LoadError::TooLarge {
            url: url.to_string(),
            megabytes: MAX_TEXT_CHARS / 1_000_000,
        });
    }
    // `text()` always resolves to a string; anything else is a damaged response.
    text.as_string().ok_or_else(|| LoadError::Compressed {
        url: url.to_string(),
        detail: describe_js_error(&text),
    })
}

/// The longest bundle file read, in UTF-16 code units.
const MAX_TEXT_CHARS: u32 = 200_000_000;

#[wasm_bindgen]
extern "C" {
    /// The browser's inflater. Bound here rather than through web-sys, whose binding
    /// needs `--cfg=web_sys_unstable_apis` for the whole build.
    type DecompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}

/// True when `bytes` start with the gzip magic bytes 1f 8b (RFC 1952).
fn is_gzip(bytes: &js_sys::Uint8Array) -> bool {
    bytes.length() >= 2 && bytes.get_index(0) == 0x1f && bytes.get_index(1) == 0x8b
}

/// The search index parts fetched so far, kept for the session so a query only
/// fetches the parts earlier queries did not.
#[derive(Clone, Copy)]
pub struct SearchIndex {
    manifest: StoredValue<Option<Arc<SearchManifest>>, LocalStorage>,
    shards: StoredValue<HashMap<String, Arc<Shard>>, LocalStorage>,
}

impl SearchIndex {
    /// An empty cache, provided as context.
    pub fn provide() {
        provide_context(SearchIndex {
            manifest: StoredValue::new_local(None),
            shards: StoredValue::new_local(HashMap::new()),
        });
    }

    /// The cache provided by the app.
    pub fn expect() -> SearchIndex {
        expect_context::<SearchIndex>()
    }

    /// The index's manifest (fetched once).
    pub async fn manifest(self) -> Result<Arc<SearchManifest>, LoadError> {
        if let Some(manifest) = self.manifest.get_value() {
            return Ok(manifest);
        }
        let url = data_url(SEARCH_MANIFEST);
        let text = fetch_text(&url).await?;
        let manifest = Arc::new(decode_manifest(&url, &text).map_err(LoadError::Decode)?);
        self.manifest.set_value(Some(manifest.clone()));
        Ok(manifest)
    }

    /// One index part, by its bundle-relative path.
    pub async fn shard(self, file: &str) -> Result<Arc<Shard>, LoadError> {
        if let Some(shard) = self.shards.with_value(|shards| shards.get(file).cloned()) {
            return Ok(shard);
        }
        let url = data_url(file);
        let text = fetch_text(&url).await?;
        let shard = Arc::new(decode_shard(&url, &text).map_err(LoadError::Decode)?);
        self.shards.update_value(|shards| {
            shards.insert(file.to_string(), shard.clone());
        });
        Ok(shard)
    }
}
