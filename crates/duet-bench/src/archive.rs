//! `--archive [SIZES…]`: what a reader pays as the archive grows. For each size a
//! generated corpus (`gen-corpus N --seed 7`) is built by the release bundler (cold,
//! then after one article is edited: time and peak memory) into a copy of `dist/`,
//! served on loopback and loaded cold in headless Chromium (a new profile per run):
//! the library (bytes before the first card, of which `catalog.json`, first card
//! painted, longest main-thread task, DOM elements, renderer memory, a tag chip to its
//! filtered list, scrolling frame time), an article page (bytes before its text) and
//! search (bytes per query, ranking time). Prints one markdown table, with the
//! largest size ÷ the smallest.

use std::path::Path;
use std::time::Duration;

use duet_bundle::corpus::timing::{disk_size, edit_one, generated_corpus, run_timed};

use anyhow::{bail, Context, Result};
use duet_chromium::{Driver, Session};
use fantoccini::{Client, Locator};
use serde_json::Value as Json;

/// Queries the search figures are taken over: common words of the generated corpus
/// in both languages.
const QUERIES: [&str; 4] = ["model", "agents", "模型", "开源"];

/// Figures for one archive size (medians over the runs).
struct Figures {
    articles: usize,
    build_cold: f64,
    build_peak: Option<u64>,
    build_edit: f64,
    bundle_bytes: u64,
    /// Each library figure, the median of the runs.
    library: LibraryRun,
    article_bytes: f64,
    search_bytes: f64,
    ranking_p95: f64,
}

/// Runs the whole benchmark and returns the table.
pub async fn measure(dist: &Path, sizes: &[usize], runs: usize, dir: &Path) -> Result<String> {
    let bundler = dist.join("../target/release/duet-bundle");
    if !bundler.is_file() {
        bail!(
            "{} is missing: `cargo xtask dist` builds it",
            bundler.display()
        );
    }
    std::fs::create_dir_all(dir)?;
    let driver = Driver::start().await?;
    // One load nobody counts: the first browser of a run starts from cold disk
    // caches, which would be charged to the first size.
    let warm_up = dist.to_path_buf();
    let server = duet_serve::StaticServer::start(&warm_up, "/", "127.0.0.1:0")?;
    let session = driver.session().await?;
    session.client.goto(&server.url()).await?;
    wait_for(&session.client, ".card-list .card").await?;
    session.close().await?;
    drop(server);
    let mut all = Vec::new();
    for &size in sizes {
        eprintln!("archive of {size}: building");
        let site = dir.join(format!("site-{size}"));
        let (cold, peak, edit) = build_site(&bundler, dist, dir, &site, size)?;
        let server = duet_serve::StaticServer::start(&site, "/", "127.0.0.1:0")?;
        let catalog = duet_prerender::read_catalog(&site.join("data"))?;
        let article = catalog
            .articles
            .first()
            .context("the archive is empty")?
            .slug
            .clone();
        let mut library = Vec::new();
        let mut articles = Vec::new();
        let mut searches = Vec::new();
        for run in 0..runs {
            eprintln!("archive of {size}: run {}/{runs}", run + 1);
            library.push(library_run(&driver, &server.url()).await?);
            articles.push(article_run(&driver, &server.url(), &article).await?);
            searches.extend(search_run(&driver, &server.url()).await?);
        }
        let column = |pick: fn(&LibraryRun) -> f64| median(library.iter().map(pick).collect());
        all.push(Figures {
            articles: size,
            build_cold: cold,
            build_peak: peak,
            build_edit: edit,
            bundle_bytes: disk_size(&site.join("data")),
            library: LibraryRun {
                bytes: column(|run| run.bytes),
                catalog_bytes: column(|run| run.catalog_bytes),
                first_card: column(|run| run.first_card),
                longest_task: column(|run| run.longest_task),
                dom_elements: column(|run| run.dom_elements),
                renderer_memory: column(|run| run.renderer_memory),
                tag_filter: column(|run| run.tag_filter),
                scroll_p95: column(|run| run.scroll_p95),
            },
            article_bytes: median(articles),
            search_bytes: median(searches.iter().map(|(bytes, _)| *bytes).collect()),
            ranking_p95: percentile(searches.iter().map(|(_, ms)| *ms).collect(), 0.95),
        });
    }
    Ok(table(&all, runs))
}

/// Builds `gen-corpus size` into `site` (a copy of `dist/` without its articles):
/// returns the cold build's seconds and peak memory, and the seconds of a rebuild
/// after one article was edited.
fn build_site(
    bundler: &Path,
    dist: &Path,
    dir: &Path,
    site: &Path,
    size: usize,
) -> Result<(f64, Option<u64>, f64)> {
    let corpus = generated_corpus(bundler, dir, size)?;
    if site.exists() {
        std::fs::remove_dir_all(site)?;
    }
    crate::browser::copy_dir(dist, site)?;
    // The sample articles' bundle and pages are not this archive's.
    for stale in ["data", "a"] {
        let stale = site.join(stale);
        if stale.exists() {
            std::fs::remove_dir_all(stale)?;
        }
    }
    let out = site.join("data");
    let build = [
        "build".to_string(),
        corpus.to_string_lossy().into_owned(),
        "--out".to_string(),
        out.to_string_lossy().into_owned(),
    ];
    let build: Vec<&str> = build.iter().map(String::as_str).collect();
    let cold = run_timed(bundler, &build)?;
    let (file, original) = edit_one(&corpus)?;
    let edited = run_timed(bundler, &build);
    // The corpus is reused by later runs: leave it as generated.
    std::fs::write(&file, original)?;
    Ok((cold.seconds, cold.peak, edited?.seconds))
}

/// One cold load of the library.
struct LibraryRun {
    bytes: f64,
    catalog_bytes: f64,
    first_card: f64,
    longest_task: f64,
    dom_elements: f64,
    renderer_memory: f64,
    tag_filter: f64,
    scroll_p95: f64,
}

async fn library_run(driver: &Driver, url: &str) -> Result<LibraryRun> {
    let session = driver.session().await?;
    let client = &session.client;
    client.goto(url).await?;
    wait_for(client, ".card-list .card").await?;
    // Let the page settle so late long tasks are counted too.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let loaded = client
        .execute_async(
            r#"
            const done = arguments[0];
            const firstCard = () => new Promise((resolve) => {
                new PerformanceObserver((list) => {
                    const times = list.getEntries().map((entry) => entry.renderTime || entry.loadTime);
                    resolve(Math.min(...times));
                }).observe({ type: 'element', buffered: true });
            });
            // Main-thread tasks of 50 ms or more (the Long Tasks API; a page with none
            // reports 0).
            const longest = () => new Promise((resolve) => {
                let most = 0;
                new PerformanceObserver((list) => {
                    for (const entry of list.getEntries()) most = Math.max(most, entry.duration);
                }).observe({ type: 'longtask', buffered: true });
                setTimeout(() => resolve(most), 300);
            });
            (async () => {
                const card = await firstCard();
                const task = await longest();
                let bytes = performance.getEntriesByType('navigation')[0].transferSize;
                let catalog = 0;
                for (const entry of performance.getEntriesByType('resource')) {
                    if (entry.responseEnd <= card) bytes += entry.transferSize;
                    if (entry.name.endsWith('/data/catalog.json')) catalog = entry.transferSize;
                }
                return [bytes, catalog, card, task, document.getElementsByTagName('*').length];
            })().then(done, (error) => done(String(error)));
            "#,
            vec![],
        )
        .await?;
    let loaded = numbers(&loaded, 5).context("library figures")?;
    let memory = renderer_memory(&session)?;
    // A tag chip to its filtered list drawn (the next frame after the cards appear).
    let filtered = client
        .execute_async(
            r#"
            const done = arguments[0];
            const chip = document.querySelector('.tag-filter a.chip[data-tag]');
            const total = chip.querySelector('.count').textContent.trim();
            const started = performance.now();
            chip.click();
            const check = () => {
                if (document.querySelector(`.card-list[data-page="1"][data-total="${total}"] .card`)) {
                    requestAnimationFrame(() => done(performance.now() - started));
                } else {
                    requestAnimationFrame(check);
                }
            };
            check();
            "#,
            vec![],
        )
        .await?;
    // Scrolling: frame times while the page scrolls down and back up.
    let scroll = client
        .execute_async(
            r#"
            const done = arguments[0];
            window.scrollTo(0, 0);
            const frames = [];
            let last = performance.now();
            let step = 0;
            const tick = (now) => {
                frames.push(now - last);
                last = now;
                step += 1;
                window.scrollBy(0, step <= 60 ? 120 : -120);
                if (step < 120) requestAnimationFrame(tick);
                else {
                    frames.sort((a, b) => a - b);
                    done(frames[Math.floor(frames.length * 0.95)]);
                }
            };
            requestAnimationFrame(tick);
            "#,
            vec![],
        )
        .await?;
    session.close().await?;
    Ok(LibraryRun {
        bytes: loaded[0],
        catalog_bytes: loaded[1],
        first_card: loaded[2],
        longest_task: loaded[3],
        dom_elements: loaded[4],
        renderer_memory: memory,
        tag_filter: filtered.as_f64().context("tag filter time")?,
        scroll_p95: scroll.as_f64().context("scroll frame time")?,
    })
}

/// Bytes fetched (everything, and the bundle's files alone) until an article's text
/// is on screen, cold.
async fn article_run(driver: &Driver, url: &str, slug: &str) -> Result<f64> {
    let session = driver.session().await?;
    let client = &session.client;
    client.goto(&format!("{url}a/{slug}")).await?;
    wait_for(client, ".article-body .pair").await?;
    let bytes = client
        .execute(
            r#"
            let bytes = performance.getEntriesByType('navigation')[0].transferSize;
            for (const entry of performance.getEntriesByType('resource')) bytes += entry.transferSize;
            return bytes;
            "#,
            vec![],
        )
        .await?;
    session.close().await?;
    bytes.as_f64().context("article bytes")
}

/// For each query, in one session: the bundle bytes the query fetched (index parts,
/// list pages, articles) and the engine's ranking time.
async fn search_run(driver: &Driver, url: &str) -> Result<Vec<(f64, f64)>> {
    let session = driver.session().await?;
    let client = &session.client;
    let mut found = Vec::new();
    for query in QUERIES {
        // A new page per query, so each counts what it alone fetched.
        client.goto("about:blank").await?;
        client
            .goto(&format!("{url}search?q={}", encode(query)))
            .await?;
        wait_for(client, ".search-results[data-state=\"done\"]").await?;
        let figures = client
            .execute(
                r#"
                let bytes = 0;
                for (const entry of performance.getEntriesByType('resource')) {
                    if (/\/data\/(search|lists|articles)\//.test(entry.name)) bytes += entry.transferSize;
                }
                const ms = document.querySelector('.search-results').dataset.ms;
                return [bytes, Number(ms)];
                "#,
                vec![],
            )
            .await?;
        let figures = numbers(&figures, 2).context("search figures")?;
        found.push((figures[0], figures[1]));
    }
    session.close().await?;
    Ok(found)
}

/// Resident memory of the busiest renderer of `session`'s browser (found by its
/// profile folder on the browser's command line), in bytes.
fn renderer_memory(session: &Session) -> Result<f64> {
    let profile = session.profile().to_string_lossy().into_owned();
    let processes: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")?
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_string_lossy().parse().ok()?;
            let command = std::fs::read(entry.path().join("cmdline")).ok()?;
            let command = String::from_utf8_lossy(&command).replace('\0', " ");
            let status = std::fs::read_to_string(entry.path().join("status")).ok()?;
            let parent = status
                .lines()
                .find_map(|line| line.strip_prefix("PPid:"))?
                .trim()
                .parse()
                .ok()?;
            Some((pid, parent, command))
        })
        .collect();
    let Some(browser) = processes
        .iter()
        .find(|(_, _, command)| command.contains(&profile) && !command.contains("--type="))
        .map(|(pid, _, _)| *pid)
    else {
        bail!("no browser process runs with profile {profile}");
    };
    // Descendants of the browser process.
    let mut family = vec![browser];
    let mut grew = true;
    while grew {
        grew = false;
        for (pid, parent, _) in &processes {
            if family.contains(parent) && !family.contains(pid) {
                family.push(*pid);
                grew = true;
            }
        }
    }
    let most = processes
        .iter()
        .filter(|(pid, _, command)| family.contains(pid) && command.contains("--type=renderer"))
        .filter_map(|(pid, _, _)| {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let kilobytes: u64 = status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))?
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()?;
            Some(kilobytes * 1024)
        })
        .max()
        .context("the browser has no renderer")?;
    Ok(most as f64)
}

async fn wait_for(client: &Client, css: &str) -> Result<()> {
    client
        .wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("the page never showed {css}"))?;
    Ok(())
}

/// `count` numbers from a script's array result.
fn numbers(value: &Json, count: usize) -> Result<Vec<f64>> {
    let list = value
        .as_array()
        .with_context(|| format!("the page answered {value}"))?;
    let numbers: Vec<f64> = list.iter().filter_map(Json::as_f64).collect();
    if numbers.len() != count {
        bail!("expected {count} numbers, the page answered {value}");
    }
    Ok(numbers)
}

/// Percent-encodes a query for the address.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

fn median(values: Vec<f64>) -> f64 {
    percentile(values, 0.5)
}

fn percentile(mut values: Vec<f64>, share: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let at = ((values.len() as f64 * share).ceil() as usize).clamp(1, values.len()) - 1;
    values[at]
}

/// The markdown table: one column per size and the last ÷ the first.
fn table(all: &[Figures], runs: usize) -> String {
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        return String::new();
    };
    let kb = |bytes: f64| format!("{:.1} KB", bytes / 1000.0);
    let mb = |bytes: f64| format!("{:.1} MB", bytes / 1_000_000.0);
    let ms = |value: f64| format!("{value:.0} ms");
    type Row = (&'static str, fn(&Figures) -> f64, u8);
    // The last field says how to print: 0 KB, 1 MB, 2 ms, 3 count, 4 seconds.
    let rows: [Row; 15] = [
        (
            "bytes before the first library card",
            |f| f.library.bytes,
            0,
        ),
        ("of which `catalog.json`", |f| f.library.catalog_bytes, 0),
        ("library: first card painted", |f| f.library.first_card, 2),
        (
            "library: longest main-thread task",
            |f| f.library.longest_task,
            2,
        ),
        ("library: DOM elements", |f| f.library.dom_elements, 3),
        ("renderer memory", |f| f.library.renderer_memory, 1),
        ("tag chip → filtered list", |f| f.library.tag_filter, 2),
        (
            "scrolling the library: frame time p95",
            |f| f.library.scroll_p95,
            2,
        ),
        ("article page: bytes until its text", |f| f.article_bytes, 0),
        (
            "search: bundle bytes per query (median)",
            |f| f.search_bytes,
            0,
        ),
        ("search: ranking p95", |f| f.ranking_p95, 2),
        ("`duet-bundle build`, cold", |f| f.build_cold, 4),
        (
            "peak memory, cold build",
            |f| f.build_peak.map_or(f64::NAN, |peak| peak as f64),
            1,
        ),
        ("rebuild after editing one article", |f| f.build_edit, 4),
        ("bundle on disk", |f| f.bundle_bytes as f64, 1),
    ];
    let mut out = format!(
        "Archive growth (`cargo run -p duet-bench --release -- --archive`; medians of {runs} cold runs):\n\n| |"
    );
    for figures in all {
        out.push_str(&format!(" {} articles |", figures.articles));
    }
    out.push_str(&format!(" {} ÷ {} |\n|---|", last.articles, first.articles));
    for _ in all {
        out.push_str("---:|");
    }
    out.push_str("---:|\n");
    for (name, pick, unit) in rows {
        out.push_str(&format!("| {name} |"));
        for figures in all {
            let value = pick(figures);
            let shown = match unit {
                0 => kb(value),
                1 => mb(value),
                2 => ms(value),
                3 => format!("{value:.0}"),
                _ => format!("{value:.1} s"),
            };
            out.push_str(&format!(" {shown} |"));
        }
        let ratio = pick(last) / pick(first);
        out.push_str(&format!(" {ratio:.2}× |\n"));
    }
    out
}
