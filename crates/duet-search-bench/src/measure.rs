//! What each engine costs in the browser: the bytes a query fetches from a cold
//! cache (Resource Timing), and the time and top results of queries in a warm page.

use std::time::Duration;

use anyhow::{bail, Context, Result};
use duet_core::Lang;
use fantoccini::Locator;
use serde_json::Value;

use crate::pagefind_site;
use duet_chromium::{Driver, Session};

/// Where Pagefind's files live on the site.
pub const PAGEFIND_DIR: &str = "pagefind/";
/// Where Duet's search index parts live on the site.
pub const DUET_SEARCH_DIR: &str = "data/search/";
/// Where the article files live, which Duet's results cut their excerpts from: what a
/// query fetches from here counts as the query's, like Pagefind's fragments.
pub const DUET_ARTICLES_DIR: &str = "data/articles/";

/// One response the page received: its path on the site and body size in bytes.
#[derive(Debug, Clone)]
pub struct Fetch {
    pub path: String,
    pub bytes: u64,
}

/// The engine's own files a cold query fetched, and everything else the page loaded.
pub struct ColdQuery {
    pub engine: Vec<Fetch>,
    pub other: Vec<Fetch>,
}

/// A query's engine time and the slugs of its top results, best first.
pub struct Answer {
    pub ms: f64,
    pub slugs: Vec<String>,
}

/// A page with an engine loaded, ready to run query after query.
pub enum WarmPage {
    Pagefind(Session),
    Duet(Session),
}

/// Percent-encodes a query for a URL's query string.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Pagefind from a cold cache: the search page of the query's language runs the query
/// and loads the shown results' data.
pub async fn pagefind_cold(
    driver: &Driver,
    site: &str,
    query: &str,
    lang: Lang,
) -> Result<ColdQuery> {
    let session = driver.session().await?;
    let url = format!(
        "{site}{}?q={}",
        pagefind_site::search_page_name(lang),
        encode(query)
    );
    let cold = async {
        session.client.goto(&url).await?;
        wait_for(
            &session,
            "body[data-state=done], body[data-state=error]",
            &url,
        )
        .await?;
        let state = session
            .client
            .execute(
                "return [document.body.dataset.state, document.body.dataset.error || ''];",
                vec![],
            )
            .await?;
        if state[0] != "done" {
            bail!("Pagefind failed on {url}: {}", state[1]);
        }
        split(&session, &[PAGEFIND_DIR]).await
    }
    .await;
    // Closed even after a failure, so the browser lets go of its connections.
    session.close().await?;
    cold
}

/// Duet from a cold cache: the app's search route for the query, until its results are
/// done.
pub async fn duet_cold(driver: &Driver, site: &str, query: &str) -> Result<ColdQuery> {
    let session = driver.session().await?;
    let url = format!("{site}search?q={}", encode(query));
    let cold = async {
        session.client.goto(&url).await?;
        wait_for(
            &session,
            "section.search-results[data-state=done], section.search-results[data-state=error]",
            &url,
        )
        .await?;
        let state = session
            .client
            .execute(
                "const section = document.querySelector('section.search-results');
                 return [section.dataset.state, section.textContent];",
                vec![],
            )
            .await?;
        if state[0] != "done" {
            bail!("Duet's search page failed on {url}: {}", state[1]);
        }
        split(&session, &[DUET_SEARCH_DIR, DUET_ARTICLES_DIR]).await
    }
    .await;
    session.close().await?;
    cold
}

async fn wait_for(session: &Session, selector: &str, url: &str) -> Result<()> {
    let waited = session
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(selector))
        .await;
    if waited.is_err() {
        let state = session
            .client
            .execute(
                "return [document.body ? (document.body.dataset.step || '') : 'no body',
                         performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname)];",
                vec![],
            )
            .await
            .unwrap_or_default();
        bail!(
            "{url} never showed {selector} (stopped at step {}, after fetching {})",
            state[0],
            state[1]
        );
    }
    Ok(())
}

/// Reads every response of the page (the document and its resources) and splits them
/// into those under one of `prefixes` and the rest.
async fn split(session: &Session, prefixes: &[&str]) -> Result<ColdQuery> {
    // Resource entries are added when a body has arrived, which can be a moment after
    // the script that awaited it went on.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let script = "
        const entries = performance.getEntriesByType('navigation')
            .concat(performance.getEntriesByType('resource'));
        return entries.map((entry) => [new URL(entry.name).pathname, entry.encodedBodySize]);";
    let value = session.client.execute(script, vec![]).await?;
    let mut cold = ColdQuery {
        engine: Vec::new(),
        other: Vec::new(),
    };
    for entry in value
        .as_array()
        .context("resource script returned no list")?
    {
        let path = entry[0]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches('/');
        let fetch = Fetch {
            path: path.to_string(),
            bytes: entry[1].as_u64().unwrap_or(0),
        };
        if prefixes.iter().any(|prefix| path.starts_with(prefix)) {
            cold.engine.push(fetch);
        } else {
            cold.other.push(fetch);
        }
    }
    Ok(cold)
}

impl WarmPage {
    /// Pagefind's search page for queries in `lang`, loaded without a query.
    pub async fn pagefind(driver: &Driver, site: &str, lang: Lang) -> Result<WarmPage> {
        let session = driver.session().await?;
        let url = format!("{site}{}", pagefind_site::search_page_name(lang));
        let loaded = async {
            session.client.goto(&url).await?;
            wait_for(&session, "body[data-state=done]", &url).await
        }
        .await;
        let page = WarmPage::Pagefind(session);
        match loaded {
            Ok(()) => Ok(page),
            Err(error) => Err(page.close().await.err().unwrap_or(error)),
        }
    }

    /// Duet's search route, loaded with an empty query.
    pub async fn duet(driver: &Driver, site: &str) -> Result<WarmPage> {
        let session = driver.session().await?;
        let url = format!("{site}search?q=");
        let loaded = async {
            session.client.goto(&url).await?;
            wait_for(&session, "section.search-results[data-state=done]", &url).await
        }
        .await;
        let page = WarmPage::Duet(session);
        match loaded {
            Ok(()) => Ok(page),
            Err(error) => Err(page.close().await.err().unwrap_or(error)),
        }
    }

    /// Runs one query in the loaded page.
    pub async fn search(&self, query: &str) -> Result<Answer> {
        let (session, script) = match self {
            WarmPage::Pagefind(session) => (session, PAGEFIND_SEARCH),
            WarmPage::Duet(session) => (session, DUET_SEARCH),
        };
        let value = session
            .client
            .execute_async(script, vec![Value::from(query)])
            .await?;
        if let Some(error) = value.get("error") {
            bail!("query {query:?} failed: {error}");
        }
        let ms = value["ms"].as_f64().unwrap_or(f64::NAN);
        let slugs = value["slugs"]
            .as_array()
            .context("the search script returned no result list")?
            .iter()
            .filter_map(|item| item.as_str())
            .map(|item| match self {
                WarmPage::Pagefind(_) => pagefind_site::slug_of(item).unwrap_or(item).to_string(),
                WarmPage::Duet(_) => item.to_string(),
            })
            .collect();
        Ok(Answer { ms, slugs })
    }

    /// Closes the browser.
    pub async fn close(self) -> Result<()> {
        match self {
            WarmPage::Pagefind(session) | WarmPage::Duet(session) => session.close().await,
        }
    }
}

/// Runs `benchSearch` (see `pagefind_site::search_page`); its result URLs are mapped
/// to slugs on the Rust side.
const PAGEFIND_SEARCH: &str = "
    const [query, done] = arguments;
    window.benchSearch(query).then(
        (result) => done({ ms: result.ms, slugs: result.urls }),
        (error) => done({ error: String(error) }));";

/// Moves the app to the query the way the router sees a back/forward step, going
/// through the empty query first: its view has no `data-ms`, so the next
/// `data-ms` seen belongs to this query and not to the one before.
const DUET_SEARCH: &str = "
    const [query, done] = arguments;
    const started = performance.now();
    const go = (text) => {
        history.pushState(null, '', new URL('search?q=' + encodeURIComponent(text), document.baseURI));
        window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    };
    const waitFor = (ready, then) => {
        const tick = () => {
            const section = document.querySelector('section.search-results');
            if (section && section.dataset.state === 'error') {
                done({ error: section.textContent });
            } else if (section && ready(section)) {
                then(section);
            } else if (performance.now() - started > 20000) {
                done({ error: 'timed out, state ' + (section ? section.dataset.state : 'none') });
            } else {
                setTimeout(tick, 1);
            }
        };
        tick();
    };
    go('');
    waitFor((section) => section.dataset.state === 'done' && !section.hasAttribute('data-ms'), () => {
        go(query);
        waitFor((section) => section.dataset.state === 'done' && section.hasAttribute('data-ms'), (section) => {
            done({
                ms: parseFloat(section.dataset.ms),
                slugs: [...section.querySelectorAll('li.search-hit')].map((hit) => hit.dataset.slug),
            });
        });
    });";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_percent_encoded_as_utf8() {
        assert_eq!(encode("AI 编程"), "AI%20%E7%BC%96%E7%A8%8B");
        assert_eq!(encode("a+b&c"), "a%2Bb%26c");
    }
}
