//! Cold-start first paint in headless Chromium: each run is a new browser profile,
//! so nothing is cached. The figure is Largest Contentful Paint, which for an
//! article page is the article text, and is measured the same way for both pages.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use duet_chromium::{DevTools, Driver};
use duet_core::{decode::decode_article, Lang};
use fantoccini::{Client, Locator};
use serde_json::json;

/// Median first-paint figures in milliseconds.
pub struct Paint {
    pub slug: String,
    pub runs: usize,
    pub app_lcp: f64,
    pub static_lcp: f64,
    pub app_fcp: f64,
    pub static_fcp: f64,
    /// When the app had drawn the page itself and removed the pre-rendered one.
    pub app_drawn: f64,
    /// The wasm, js and css fetched until then (brotli bytes, as a compressing host
    /// sends them), the most of any run, and how many files.
    pub fetched_before_drawn: usize,
    pub files_before_drawn: usize,
    pub throttled: bool,
}

impl Paint {
    /// The markdown table.
    pub fn table(&self) -> String {
        format!(
            "| first paint of `{slug}` (median of {runs} cold runs{network}) | Duet | static HTML | ratio |\n\
             |---|---:|---:|---:|\n\
             | first contentful paint | {afcp:.0} ms | {sfcp:.0} ms | {rfcp:.2}× |\n\
             | **article paint (LCP)** | {alcp:.0} ms | {slcp:.0} ms | **{rlcp:.2}×** (goal ≤ 1.3×) |\n\
             | app running, its own page drawn | {drawn:.0} ms | — | {rdrawn:.2}× (goal ≤ 1.5×) |\n\n\
             wasm, js and css fetched before the app drew its page: **{fetched}** brotli in {files} files (goal ≤ 150 KB)\n",
            slug = self.slug,
            runs = self.runs,
            network = if self.throttled {
                ", 1.6 Mbit/s, 150 ms RTT, files sent uncompressed"
            } else {
                ""
            },
            afcp = self.app_fcp,
            sfcp = self.static_fcp,
            rfcp = self.app_fcp / self.static_fcp,
            alcp = self.app_lcp,
            slcp = self.static_lcp,
            rlcp = self.app_lcp / self.static_lcp,
            drawn = self.app_drawn,
            rdrawn = self.app_drawn / self.static_lcp,
            fetched = crate::shell_size::kb(self.fetched_before_drawn),
            files = self.files_before_drawn,
        )
    }
}

/// Waits for `selector`, then reads the paint entries once the page is idle.
/// Returns first contentful paint, the last largest-contentful-paint entry and, for
/// the app, the moment it drew its own page (its `duet-app-drawn` mark; NaN without),
/// and the paths of the wasm, js and css it fetched until then.
async fn measure(
    client: &Client,
    url: &str,
    selector: &str,
) -> Result<(f64, f64, f64, Vec<String>)> {
    client.goto(url).await?;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(selector))
        .await
        .with_context(|| format!("{url} never showed {selector}"))?;
    // A pre-rendered page is on screen first; wait for the app to replace it too.
    let mut drawn = f64::NAN;
    for _ in 0..200 {
        let mark = client
            .execute(
                "const page = document.getElementById('prerender');\
                 const mark = performance.getEntriesByName('duet-app-drawn')[0];\
                 return page ? null : (mark ? mark.startTime : -1);",
                vec![],
            )
            .await?;
        if let Some(time) = mark.as_f64() {
            drawn = if time < 0.0 { f64::NAN } else { time };
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let fetched = client
        .execute(
            "const until = arguments[0];\
             return performance.getEntriesByType('resource')\
               .filter((entry) => !(entry.startTime > until))\
               .map((entry) => new URL(entry.name).pathname)\
               .filter((path) => /\\.(wasm|js|css)$/.test(path));",
            vec![serde_json::json!(if drawn.is_nan() { 1e12 } else { drawn })],
        )
        .await?;
    let fetched: Vec<String> = serde_json::from_value(fetched)?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let script = r#"
        const done = arguments[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        new PerformanceObserver((list) => {
            const entries = list.getEntries();
            done([fcp ? fcp.startTime : -1, entries[entries.length - 1].startTime]);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
    "#;
    let value = client.execute_async(script, vec![]).await?;
    let pair = value.as_array().context("paint script returned no array")?;
    let number = |index: usize| {
        pair.get(index)
            .and_then(|value| value.as_f64())
            .unwrap_or(f64::NAN)
    };
    Ok((number(0), number(1), drawn, fetched))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A slow connection: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip (what
/// Lighthouse calls slow 4G).
async fn throttle(client: &Client) -> Result<()> {
    client
        .issue_cmd(DevTools {
            method: "Network.enable",
            params: json!({}),
        })
        .await?;
    client
        .issue_cmd(DevTools {
            method: "Network.emulateNetworkConditions",
            params: json!({
                "offline": false,
                "latency": 150,
                "downloadThroughput": 1_600_000 / 8,
                "uploadThroughput": 750_000 / 8,
            }),
        })
        .await?;
    Ok(())
}

/// Runs `runs` cold loads of the app's article page and of the static page, on a
/// throttled connection if `throttled`.
pub async fn first_paint(dist: &Path, runs: usize, throttled: bool) -> Result<Paint> {
    let site = tempfile::tempdir()?;
    copy_dir(dist, site.path())?;
    let catalog = duet_prerender::read_catalog(&site.path().join("data"))?;
    // The longest Chinese article is the hardest case for the app.
    let meta = catalog
        .articles
        .iter()
        .filter(|meta| meta.head.zh.is_some())
        .max_by_key(|meta| meta.head.zh.as_ref().map(|head| head.reading_minutes))
        .context("the catalog has no Chinese article")?;
    let article_file = site
        .path()
        .join(format!("data/{}", duet_core::article_path(&meta.slug)));
    let article = decode_article("article", &duet_prerender::read_bundle_text(&article_file)?)?;
    let css = std::fs::read_dir(site.path())?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with(".css"))
        .context("dist has no stylesheet")?;
    std::fs::write(
        site.path().join("static-article.html"),
        duet_prerender::static_page(&catalog.site, &article, Lang::Zh, &css),
    )?;

    let server = duet_serve::StaticServer::start(site.path(), "/", "127.0.0.1:0")?;
    let driver = Driver::start().await?;

    let mut app = (Vec::new(), Vec::new());
    let mut drawn_times = Vec::new();
    let mut before_drawn = (0, 0);
    let mut plain = (Vec::new(), Vec::new());
    for run in 0..runs {
        for is_app in [true, false] {
            let session = driver.session().await?;
            let client = &session.client;
            if throttled {
                throttle(client).await?;
            }
            let (url, selector) = if is_app {
                (
                    format!("{}a/{}?view=zh", server.url(), meta.slug),
                    ".article-body .pair",
                )
            } else {
                (
                    format!("{}static-article.html", server.url()),
                    ".article-body p",
                )
            };
            let (fcp, lcp, drawn, fetched) = measure(client, &url, selector).await?;
            if is_app {
                drawn_times.push(drawn);
                let mut bytes = 0;
                for path in &fetched {
                    let file = site.path().join(path.trim_start_matches('/'));
                    bytes += crate::shell_size::brotli(
                        &std::fs::read(&file)
                            .with_context(|| format!("{path} was fetched but is not in dist/"))?,
                    )?;
                }
                before_drawn = before_drawn.max((bytes, fetched.len()));
            }
            session.close().await?;
            let target = if is_app { &mut app } else { &mut plain };
            target.0.push(fcp);
            target.1.push(lcp);
            eprintln!(
                "run {}/{runs} {}: fcp {fcp:.0} ms, lcp {lcp:.0} ms, app drawn {drawn:.0} ms",
                run + 1,
                if is_app { "duet  " } else { "static" }
            );
        }
    }
    if app.1.iter().any(|value| value.is_nan()) {
        bail!("a run reported no paint entry");
    }
    if drawn_times.iter().any(|value| value.is_nan()) {
        bail!("the app never drew its own page in some run (no duet-app-drawn mark)");
    }
    Ok(Paint {
        slug: meta.slug.clone(),
        runs,
        app_fcp: median(app.0),
        app_lcp: median(app.1),
        static_fcp: median(plain.0),
        static_lcp: median(plain.1),
        app_drawn: median(drawn_times),
        fetched_before_drawn: before_drawn.0,
        files_before_drawn: before_drawn.1,
        throttled,
    })
}

pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
