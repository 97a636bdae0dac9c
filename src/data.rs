//! The only module that fetches: loads the catalog and article files of the bundle
//! from the app's own origin, under the app's base path.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use duet_core::decode::{decode_article, decode_catalog, decode_glossary, DecodeError};
use duet_core::search::{decode_manifest, decode_shard, SearchManifest, Shard, SEARCH_MANIFEST};
use duet_core::{article_path, glossary_path, Article, Catalog, Glossary, Lang, CATALOG_FILE};
use leptos::prelude::*;
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
}

impl LoadError {
    /// True when the file does not exist on the server.
    pub fn is_not_found(&self) -> bool {
        matches!(self, LoadError::Status { status: 404, .. })
    }

    /// A sentence for the reader naming what failed, in the interface language.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoadError::Network { url, detail }, Lang::En) => {
                format!("Could not reach {url}: {detail}. Check the connection.")
            }
            (LoadError::Network { url, detail }, Lang::Zh) => {
                format!("无法获取 {url}：{detail}。请检查网络连接。")
            }
            (LoadError::Status { url, status }, Lang::En) => {
                format!("The server answered {status} for {url}.")
            }
            (LoadError::Status { url, status }, Lang::Zh) => {
                format!("服务器对 {url} 返回了 {status}。")
            }
            (LoadError::Decode(error), Lang::En) => format!("{error}."),
            (LoadError::Decode(error), Lang::Zh) => format!("数据文件无法读取：{error}。"),
        }
    }
}

/// Shared, cheaply cloned results for resources.
pub type CatalogResult = Result<Arc<Catalog>, LoadError>;
pub type ArticleResult = Result<Arc<Article>, LoadError>;

/// Loads and checks the catalog.
pub async fn fetch_catalog() -> CatalogResult {
    let url = data_url(CATALOG_FILE);
    let text = fetch_text(&url).await?;
    decode_catalog(&url, &text)
        .map(Arc::new)
        .map_err(LoadError::Decode)
}

/// Articles kept after loading, newest last: search results cut their excerpts from
/// articles, and choosing a result then opens without a second fetch.
const KEPT_ARTICLES: usize = 32;

thread_local! {
    static ARTICLES: RefCell<VecDeque<Arc<Article>>> = const { RefCell::new(VecDeque::new()) };
}

/// Loads and checks one article (or returns it from the articles kept).
pub async fn fetch_article(slug: &str) -> ArticleResult {
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

/// GETs `url` (relative to the base URL) and returns its body as text.
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
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?;
    Ok(text.as_string().unwrap_or_default())
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
