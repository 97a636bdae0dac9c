//! `--offline`: "save all for offline" on the built `dist/` (build it from a large
//! generated corpus: `cargo xtask dist --content <corpus>`), in headless Chromium
//! served by duet-serve, then a second deploy with one article changed: how long
//! the size takes to show, how long saving takes, the longest main-thread task
//! meanwhile, and what the new service worker downloads to install.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use duet_chromium::Driver;
use fantoccini::{Client, Locator};
use serde_json::Value as Json;

/// Far above a save of 10,000 articles on loopback: only bounds a stuck run.
const PATIENCE: Duration = Duration::from_secs(1800);

/// Measures `dist` and returns the markdown table.
pub async fn measure(dist: &Path) -> Result<String> {
    let site = tempfile::tempdir()?;
    link_dir(dist, site.path())?;
    // Written again here (the worker of this checkout's `public/sw.js`) and by the
    // deploy below: real copies, so `dist/` keeps its own.
    for file in ["sw.js", "data/offline.json"] {
        let path = site.path().join(file);
        std::fs::remove_file(&path)?;
        std::fs::copy(dist.join(file), &path)?;
    }
    let template =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/sw.js"))?;
    xtask::offline::finish(site.path(), &template)?;
    let index: Json = serde_json::from_str(&std::fs::read_to_string(
        site.path().join("data/offline.json"),
    )?)?;
    let files = index["files"]
        .as_u64()
        .context("offline.json counts files")?;
    let bytes = index["bytes"].as_u64().context("offline.json sums bytes")?;
    let list_bytes = list_size(site.path(), &index)?;

    let server = duet_serve::StaticServer::start(site.path(), "/", "127.0.0.1:0")?;
    let driver = Driver::start().await?;
    let session = driver.session().await?;
    let client = &session.client;
    let button = "button.save-offline";

    let started = Instant::now();
    client.goto(&server.url()).await?;
    wait_for(client, &format!("{button}[data-state=idle]"), PATIENCE).await?;
    let size_shown = started.elapsed();
    let label = client.find(Locator::Css(button)).await?.text().await?;
    // The longest main-thread task from now on, and every value the bar takes.
    client
        .execute(
            "window.__longest = 0; window.__long = 0; window.__bar = new Set();
             new PerformanceObserver((list) => {
               for (const entry of list.getEntries()) {
                 window.__longest = Math.max(window.__longest, entry.duration);
                 window.__long += 1;
               }
             }).observe({ type: 'longtask' });
             new MutationObserver(() => {
               const bar = document.querySelector('.offline-progress progress');
               if (bar) { window.__bar.add(bar.value); }
             }).observe(document.body, { subtree: true, childList: true, attributes: true });
             return true;",
            vec![],
        )
        .await?;
    eprintln!(
        "size shown after {:.1} s; saving {files} files…",
        size_shown.as_secs_f64()
    );
    let saving = Instant::now();
    client.find(Locator::Css(button)).await?.click().await?;
    wait_for(
        client,
        &format!("{button}[data-state=done], {button}[data-state=error]"),
        PATIENCE,
    )
    .await?;
    let saved_in = saving.elapsed();
    let state = client
        .find(Locator::Css(button))
        .await?
        .attr("data-state")
        .await?
        .unwrap_or_default();
    let watched = client
        .execute(
            "return [window.__longest, window.__long, window.__bar.size];",
            vec![],
        )
        .await?;
    let usage = client
        .execute_async(
            "const done = arguments[0];
             navigator.storage.estimate().then((e) => done(e.usage), () => done(-1));",
            vec![],
        )
        .await?;

    // The second deploy: one article's file changes (the same article compressed
    // otherwise), the list and the worker are written again as `cargo xtask dist`
    // writes them.
    eprintln!("saved in {:.1} s; deploying again…", saved_in.as_secs_f64());
    let changed = first_article(site.path())?;
    let text = duet_prerender::read_bundle_text(&changed)?;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, text.as_bytes())?;
    std::fs::remove_file(&changed)?;
    std::fs::write(&changed, encoder.finish()?)?;
    xtask::offline::finish(site.path(), &template)?;
    let before = server.requested().len();
    let installing = Instant::now();
    client
        .execute_async(
            "const done = arguments[0];
             navigator.serviceWorker.getRegistration()
               .then((registration) => registration.update())
               .then(() => done(true), (error) => done(String(error)));",
            vec![],
        )
        .await?;
    wait_for(client, ".update-notice", PATIENCE).await?;
    let installed_in = installing.elapsed();
    let fetched: Vec<String> = server.requested()[before..].to_vec();
    let fetched_bytes: u64 = fetched
        .iter()
        .filter_map(|path| std::fs::metadata(site.path().join(path.trim_start_matches('/'))).ok())
        .map(|metadata| metadata.len())
        .sum();
    session.close().await?;
    drop(server);

    let number = |value: &Json| value.as_f64().unwrap_or(f64::NAN);
    let mb = |bytes: u64| bytes as f64 / 1_000_000.0;
    if state != "done" {
        bail!("saving ended in state {state:?}");
    }
    Ok(format!(
        "| save all, {files} files ({:.1} MB) | |\n|---|---|\n\
         | size shown after loading the library | {:.1} s (`{label}`) |\n\
         | list of files: index + parts | {:.1} KB (was one {:.1} KB file in the shell) |\n\
         | saving every file (4 at a time, loopback) | {:.1} s |\n\
         | progress bar values seen | {} |\n\
         | longest main-thread task while saving | {:.0} ms ({} over 50 ms) |\n\
         | storage used afterwards | {:.1} MB |\n\
         | second deploy, one article changed: new worker installed | {:.1} s |\n\
         | … requests / bytes it downloaded | {} / {:.2} MB (the old worker: {} files, {:.1} MB) |\n",
        mb(bytes),
        size_shown.as_secs_f64(),
        list_bytes.0 as f64 / 1000.0,
        list_bytes.1 as f64 / 1000.0,
        saved_in.as_secs_f64(),
        number(&watched[2]),
        number(&watched[0]),
        number(&watched[1]),
        number(&usage) / 1_000_000.0,
        installed_in.as_secs_f64(),
        fetched.len(),
        mb(fetched_bytes),
        files,
        mb(bytes),
    ))
}

/// The list's size now (index + parts) and as the single file it was before
/// (`{"path":…,"bytes":…}` per file, in the shell).
fn list_size(site: &Path, index: &Json) -> Result<(u64, u64)> {
    let mut now = std::fs::metadata(site.join("data/offline.json"))?.len();
    let mut before = 0;
    for part in index["parts"]
        .as_array()
        .context("offline.json names parts")?
    {
        let path = site.join(part[0].as_str().unwrap_or_default());
        now += std::fs::metadata(&path)?.len();
        let listed: Json = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        for entry in listed["files"].as_array().context("a part lists files")? {
            before += format!(
                "{{\"path\":\"{}\",\"bytes\":{}}},\n",
                entry[0].as_str().unwrap_or_default(),
                entry[1]
            )
            .len() as u64;
        }
    }
    Ok((now, before + 20))
}

/// Some article file of the bundle.
fn first_article(site: &Path) -> Result<std::path::PathBuf> {
    std::fs::read_dir(site.join("data/articles"))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .find(|path| path.to_string_lossy().ends_with(".json.gz"))
        .context("the bundle has no article file")
}

async fn wait_for(client: &Client, css: &str, limit: Duration) -> Result<()> {
    client
        .wait()
        .at_most(limit)
        .every(Duration::from_millis(200))
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("`{css}` never appeared"))?;
    Ok(())
}

/// Hard links of every file under `from` in `to` (copies where links fail).
fn link_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            link_dir(&entry.path(), &target)?;
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
