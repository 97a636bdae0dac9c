//! Each engine's figures: build and serve its site, then cold queries, warm queries
//! and the labelled queries in the browser.

use std::path::Path;

use anyhow::{bail, Result};
use duet_core::Lang;
use duet_serve::StaticServer;

use crate::corpus::Corpus;
use crate::labels::Labelled;
use crate::measure::{self, Fetch, WarmPage};
use crate::queries::{query_lang, Probe};
use crate::report::EngineFigures;
use crate::sizes::{self, Bytes};
use crate::{duet_site, pagefind_site};
use duet_chromium::Driver;

/// The queries and how often each is timed.
pub struct Plan<'a> {
    pub probes: &'a [Probe],
    pub labels: &'a [Labelled],
    pub rounds: usize,
}

/// Pagefind over the corpus rendered as static pages in `root`.
pub async fn pagefind(
    driver: &Driver,
    workspace: &Path,
    corpus: &Corpus,
    root: &Path,
    plan: &Plan<'_>,
) -> Result<EngineFigures> {
    fresh(root)?;
    eprintln!(
        "rendering {} articles and running Pagefind…",
        corpus.articles.len()
    );
    pagefind_site::build(workspace, corpus, root)?;
    let mut figures = EngineFigures::default();
    (figures.index, figures.index_files) = sizes::folder(&root.join(measure::PAGEFIND_DIR))?;
    let worker = std::fs::metadata(root.join(measure::PAGEFIND_DIR).join("pagefind-worker.js"))
        .map_or(0, |meta| meta.len());
    figures.notes.push(format!(
        "Pagefind runs on the main thread (`noWorker`), so the Resource Timing API sees its \
         fetches; with its default web worker each cold query would also fetch \
         `pagefind-worker.js` ({:.1} KB), left out here.",
        worker as f64 / 1024.0
    ));
    let server = StaticServer::start(root, "/", "127.0.0.1:0")?;
    let site = server.url();
    for probe in plan.probes {
        let lang = query_lang(&probe.text);
        let cold = retried(&probe.text, async || {
            measure::pagefind_cold(driver, &site, &probe.text, lang).await
        })
        .await?;
        let bytes = sizes::fetched(root, &cold.engine)?;
        eprintln!(
            "pagefind cold {:?}: {} files, {} bytes",
            probe.text,
            cold.engine.len(),
            bytes.raw
        );
        figures.cold.push(bytes);
    }
    figures.found = vec![false; plan.labels.len()];
    for lang in Lang::ALL {
        let in_lang = |text: &str| query_lang(text) == lang;
        let warm_figures = retried(&format!("warm {} page", lang.code()), async || {
            let page = WarmPage::pagefind(driver, &site, lang).await?;
            let warm_figures = warm(&page, plan, &in_lang).await;
            page.close().await?;
            warm_figures
        })
        .await?;
        warm_figures.add_to(&mut figures);
    }
    Ok(figures)
}

/// Duet: the built app in `dist` with the corpus bundle as its data, in `root`.
/// Also returns what the first search page load fetched besides the search files.
pub async fn duet(
    driver: &Driver,
    dist: &Path,
    corpus: &Corpus,
    root: &Path,
    plan: &Plan<'_>,
) -> Result<(EngineFigures, Bytes)> {
    fresh(root)?;
    duet_site::assemble(dist, &corpus.bundle, root)?;
    if let Some(reason) = duet_site::missing_search(root) {
        bail!("{reason}");
    }
    let mut figures = EngineFigures::default();
    (figures.index, figures.index_files) = sizes::folder(&root.join(measure::DUET_SEARCH_DIR))?;
    let server = StaticServer::start(root, "/", "127.0.0.1:0")?;
    let site = server.url();
    let mut shell = Bytes::default();
    for (index, probe) in plan.probes.iter().enumerate() {
        let cold = retried(&probe.text, async || {
            measure::duet_cold(driver, &site, &probe.text).await
        })
        .await?;
        let bytes = sizes::fetched(root, &cold.engine)?;
        eprintln!(
            "duet cold {:?}: {} files, {} bytes",
            probe.text,
            cold.engine.len(),
            bytes.raw
        );
        figures.cold.push(bytes);
        if index == 0 {
            // The document itself is a route, served as index.html.
            let other: Vec<Fetch> = cold
                .other
                .into_iter()
                .map(|fetch| match root.join(&fetch.path).is_file() {
                    true => fetch,
                    false => Fetch {
                        path: "index.html".into(),
                        bytes: fetch.bytes,
                    },
                })
                .collect();
            shell = sizes::fetched(root, &other)?;
        }
    }
    figures.found = vec![false; plan.labels.len()];
    let warm_figures = retried("warm page", async || {
        let page = WarmPage::duet(driver, &site).await?;
        let warm_figures = warm(&page, plan, &|_| true).await;
        page.close().await?;
        warm_figures
    })
    .await?;
    warm_figures.add_to(&mut figures);
    Ok((figures, shell))
}

/// What one warm page measured.
struct Warm {
    latency: Vec<f64>,
    /// Each probe with its median time.
    medians: Vec<(String, f64)>,
    /// Index of a labelled query and whether its article was in the top 5.
    found: Vec<(usize, bool)>,
}

impl Warm {
    fn add_to(self, figures: &mut EngineFigures) {
        figures.latency.extend(self.latency);
        let medians: Vec<String> = self
            .medians
            .iter()
            .map(|(probe, median)| format!("`{probe}` {median:.2} ms"))
            .collect();
        figures
            .notes
            .push(format!("median time per query: {}.", medians.join(", ")));
        for (index, found) in self.found {
            figures.found[index] = found;
        }
    }
}

/// In one loaded page: every probe once to warm up, then `rounds` timed rounds, then
/// the labelled queries; only queries `wanted` accepts are run.
async fn warm(page: &WarmPage, plan: &Plan<'_>, wanted: &dyn Fn(&str) -> bool) -> Result<Warm> {
    let probes: Vec<&str> = plan
        .probes
        .iter()
        .map(|probe| probe.text.as_str())
        .filter(|text| wanted(text))
        .collect();
    for probe in &probes {
        page.search(probe).await?;
    }
    let mut warm = Warm {
        latency: Vec::new(),
        medians: Vec::new(),
        found: Vec::new(),
    };
    let mut by_probe = vec![Vec::new(); probes.len()];
    for _ in 0..plan.rounds {
        for (probe, times) in probes.iter().zip(&mut by_probe) {
            let ms = page.search(probe).await?.ms;
            times.push(ms);
            warm.latency.push(ms);
        }
    }
    for (probe, mut times) in probes.iter().zip(by_probe) {
        times.sort_by(f64::total_cmp);
        let slowest = times.last().copied().unwrap_or(f64::NAN);
        let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
        eprintln!("warm {probe:?}: median {median:.2} ms, slowest {slowest:.2} ms");
        warm.medians.push((probe.to_string(), median));
    }
    for (index, label) in plan.labels.iter().enumerate() {
        if wanted(&label.text) {
            let answer = page.search(&label.text).await?;
            let found = answer.slugs.iter().take(5).any(|slug| *slug == label.slug);
            warm.found.push((index, found));
        }
    }
    Ok(warm)
}

/// Attempts at a browser session before giving up.
const ATTEMPTS: usize = 3;

/// Runs a browser session again when it fails. duet-serve (tiny_http 0.12) can leave
/// a new connection unserved while the browser holds others open; a fresh browser
/// releases them. A figure never depends on the attempt: bytes and results are the
/// same each time.
async fn retried<T>(what: &str, session: impl AsyncFn() -> Result<T>) -> Result<T> {
    let mut attempt = 1;
    loop {
        match session().await {
            Ok(value) => return Ok(value),
            Err(error) if attempt < ATTEMPTS => {
                eprintln!("{what}: attempt {attempt} failed, retrying: {error:#}");
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// Removes what an earlier run left in `root`.
fn fresh(root: &Path) -> Result<()> {
    if root.exists() {
        std::fs::remove_dir_all(root)?;
    }
    Ok(())
}
