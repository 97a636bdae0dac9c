//! Offline: after one visit the service worker opens the library and every article
//! read with the server gone, a new deploy is announced and taken in whole (and
//! keeps what was saved, downloading only what changed), and "save all" says its
//! size first and then opens any article offline.
//!
//! "Offline" here is the server stopped ([`Site::stop_server`]): the app's address
//! refuses connections, for the page and for the service worker alike.

use duet_core::article_path;
use serde_json::{json, Value as Json};

use super::{bounded, card, url_encode};
use crate::harness::{Browser, Site};

/// The page's stylesheet link.
const STYLESHEET: &str = "document.querySelector('link[rel=stylesheet]').getAttribute('href')";

/// Waits until a service worker controls the page (installed, activated, claimed).
async fn wait_for_worker(browser: &Browser) {
    browser
        .wait_js(
            "a service worker to control the page",
            "navigator.serviceWorker && navigator.serviceWorker.controller",
        )
        .await;
}

/// Every `cache name → path` the page's origin holds.
async fn cached(browser: &Browser) -> Vec<String> {
    let found = browser
        .js_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               const found = [];
               for (const name of await caches.keys()) {
                 const cache = await caches.open(name);
                 for (const request of await cache.keys()) {
                   found.push(name + ' ' + new URL(request.url).pathname);
                 }
               }
               return found;
             })().then(done, (error) => done(['error: ' + error]));",
            Vec::new(),
        )
        .await;
    serde_json::from_value(found).unwrap_or_default()
}

/// Waits until a data cache holds the file at `path` (such as `/data/catalog.json`).
async fn wait_until_cached(browser: &Browser, path: &str) {
    browser
        .wait_until(&format!("{path} in a data cache"), || async {
            cached(browser)
                .await
                .iter()
                .any(|entry| entry.contains(":data:") && entry.ends_with(&format!(" {path}")))
        })
        .await;
}

/// Calls `window.duetOffline.<call>` (a promise) and returns what it resolved to.
async fn duet_offline(browser: &Browser, call: &str) -> Json {
    let answer = browser
        .js_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 window.duetOffline.{call}.then(
                   (value) => done({{ value }}),
                   (error) => done({{ error: String(error) }}));"
            ),
            Vec::new(),
        )
        .await;
    assert!(
        answer.get("error").is_none(),
        "duetOffline.{call} failed: {answer}"
    );
    answer["value"].clone()
}

/// Fails unless a request the service worker leaves alone cannot reach the server.
async fn assert_server_unreachable(browser: &Browser, base: &str) {
    let outcome = browser
        .js_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0], { cache: 'no-store' }).then(
               (response) => done('answered ' + response.status),
               () => done('unreachable'));",
            vec![json!(format!("{base}no-such-file.txt"))],
        )
        .await;
    assert_eq!(outcome, json!("unreachable"), "the server is really gone");
}

/// One visit to the library and an article, then the server goes away: the page
/// reloads from the cache, the library and the article read open, an article never
/// read shows the app's error view naming its file.
async fn read_once_then_offline(mut site: Site, base: &str) {
    let article = site.bundle.bilingual();
    let slug = article.meta.slug.clone();
    let unread = site
        .bundle
        .articles
        .iter()
        .map(|other| other.meta.slug.clone())
        .find(|other| *other != slug)
        .expect("the bundle has a second article");
    let articles = site.bundle.catalog.articles.len();
    let browser = site.browser().await;

    browser.goto("/").await;
    browser.wait_for(&card(&slug)).await;
    wait_for_worker(&browser).await;
    assert_eq!(
        browser.count(".update-notice").await,
        0,
        "a first install is no update"
    );
    browser
        .click(&format!("{} .card-titles a", card(&slug)))
        .await;
    browser
        .wait_for(&format!(
            ".article-page[data-slug=\"{slug}\"] .article-body"
        ))
        .await;
    wait_until_cached(&browser, &format!("{base}data/catalog.json")).await;
    wait_until_cached(&browser, &format!("{base}data/{}", article_path(&slug))).await;

    site.stop_server();
    assert_server_unreachable(&browser, base).await;

    browser.refresh().await;
    browser
        .wait_for(&format!(
            ".article-page[data-slug=\"{slug}\"] .article-body"
        ))
        .await;
    assert_eq!(browser.path().await, format!("{base}a/{slug}"));

    browser.goto("/").await;
    browser.wait_for(&card(&slug)).await;
    assert_eq!(browser.count(".card").await, articles);

    browser.goto(&format!("/a/{unread}")).await;
    browser.wait_for(".status.error").await;
    let detail = browser.text(".status.error .error-detail").await;
    let named = format!("data/{}", article_path(&unread));
    assert!(
        detail.contains(&named),
        "the error {detail:?} names {named}"
    );
    assert_eq!(browser.count(".article-body").await, 0);
    // No uncaught error and no Content-Security-Policy violation on the way.
    browser.assert_no_errors().await;
    browser.close().await;
}

#[tokio::test]
async fn after_one_visit_what_was_read_opens_with_the_server_gone() {
    bounded(read_once_then_offline(Site::start(), "/")).await;
}

#[tokio::test]
async fn offline_works_the_same_under_a_sub_path() {
    let base = "/docs/duet/";
    bounded(read_once_then_offline(Site::start_under(base), base)).await;
}

#[tokio::test]
async fn a_new_deploy_is_announced_and_reload_takes_it_in_whole() {
    bounded(async {
        let mut site = Site::start_copy();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(&card(&slug)).await;
        wait_for_worker(&browser).await;
        let first = duet_offline(&browser, "version()").await;
        let old_stylesheet = browser
            .js(&format!("return {STYLESHEET};"), Vec::new())
            .await;

        let deploy = site.deploy_new_version();
        // The tab stays open; boot.js looks for a new version when the reader comes
        // back to it, as this does.
        browser
            .js_async(
                "const done = arguments[arguments.length - 1];
                 navigator.serviceWorker.getRegistration()
                   .then((registration) => registration.update())
                   .then(() => done(true), (error) => done(String(error)));",
                Vec::new(),
            )
            .await;
        let notice = browser.text(".update-notice").await;
        assert!(
            notice.contains("新版本已就绪") && notice.contains("A new version is ready"),
            "{notice:?}"
        );
        // Until the reader reloads, the page and its worker stay the old version.
        assert_eq!(
            browser
                .js(&format!("return {STYLESHEET};"), Vec::new())
                .await,
            old_stylesheet
        );
        assert_eq!(duet_offline(&browser, "version()").await, first);
        if let Some(folder) = std::env::var_os("DUET_E2E_SCREENSHOTS") {
            browser
                .screenshot(&std::path::Path::new(&folder).join("update-notice.png"))
                .await;
        }

        browser.click(".update-notice button").await;
        browser
            .wait_js(
                "the new version's stylesheet after Reload",
                &format!(
                    "{STYLESHEET} === {}",
                    json!(format!("/{}", deploy.stylesheet))
                ),
            )
            .await;
        browser.wait_for(&card(&slug)).await;
        assert_eq!(
            duet_offline(&browser, "version()").await,
            json!(deploy.version)
        );
        assert_eq!(browser.count(".update-notice").await, 0);
        let first = first.as_str().unwrap_or_default().to_string();
        let left: Vec<String> = cached(&browser)
            .await
            .into_iter()
            .filter(|entry| entry.contains(&first) && !entry.contains(&deploy.version))
            .collect();
        assert!(
            left.is_empty(),
            "the old version's caches are gone: {left:?}"
        );

        // Offline, the new version comes whole from its cache: its page and its
        // stylesheet (the old one no longer exists anywhere).
        site.stop_server();
        browser.refresh().await;
        browser.wait_for(&card(&slug)).await;
        assert_eq!(
            browser
                .js(&format!("return {STYLESHEET};"), Vec::new())
                .await,
            json!(format!("/{}", deploy.stylesheet))
        );
        assert_eq!(
            browser
                .js(
                    "return getComputedStyle(document.body).backgroundColor;",
                    Vec::new()
                )
                .await,
            json!("rgb(251, 250, 247)"),
            "the stylesheet applies"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn saving_every_article_says_its_size_first_then_opens_any_article_offline() {
    bounded(async {
        let mut site = Site::start();
        // What the estimate must say: every bundle file but the list itself.
        let list: Json = serde_json::from_str(
            &std::fs::read_to_string(site.data_file("offline.json"))
                .expect("read data/offline.json (written by `cargo xtask dist`)"),
        )
        .expect("data/offline.json is JSON");
        let files = list["files"].as_u64().unwrap_or_default() as usize;
        let mut on_disk = (0, 0);
        count_files(&site.root().join("data"), &mut on_disk);
        assert_eq!(
            (files as u64, list["bytes"].as_u64().unwrap_or_default()),
            on_disk,
            "offline.json counts every other bundle file and their total size"
        );
        assert_eq!(
            listed_files(&site).len(),
            files,
            "its parts name every one of them"
        );
        // The oldest article with an English title: never opened by this visit.
        let last = site
            .bundle
            .articles
            .iter()
            .rev()
            .find(|article| article.meta.head.en.is_some())
            .expect("an article with an English title");
        let slug = last.meta.slug.clone();
        let title = last
            .meta
            .head
            .en
            .as_ref()
            .map(|head| head.title.clone())
            .unwrap_or_default();
        // Its longest title word, searched for offline.
        let word = title
            .split_whitespace()
            .max_by_key(|word| word.chars().count())
            .unwrap_or_default()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();

        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        wait_for_worker(&browser).await;
        let estimate = duet_offline(&browser, "estimate()").await;
        assert_eq!(estimate["files"], json!(files));
        assert_eq!(estimate["bytes"], list["bytes"]);
        let saved_before = estimate["savedFiles"].as_u64().unwrap_or_default();
        assert!(
            saved_before >= 1 && (saved_before as usize) < files,
            "the catalog is saved, not everything: {estimate}"
        );

        let outcome = browser
            .js_async(
                "const done = arguments[arguments.length - 1];
                 let events = 0;
                 let last = null;
                 addEventListener('duet-offline-progress', (event) => { events += 1; last = event.detail; });
                 window.duetOffline.saveAll().then(
                   (value) => done({ value, events, last }),
                   (error) => done({ error: String(error) }));",
                Vec::new(),
            )
            .await;
        assert_eq!(outcome["value"]["failed"], json!([]), "{outcome}");
        // Progress comes at most every 200 ms (20,000 files would otherwise be
        // 20,000 messages and redraws), and always once everything is done.
        let events = outcome["events"].as_u64().unwrap_or_default();
        assert!(
            events >= 1 && events <= files as u64 - saved_before,
            "{outcome}"
        );
        assert_eq!(
            (&outcome["last"]["done"], &outcome["last"]["bytes"]),
            (&json!(files), &list["bytes"]),
            "the last progress report is the whole: {outcome}"
        );
        let estimate = duet_offline(&browser, "estimate()").await;
        assert_eq!(
            (&estimate["savedFiles"], &estimate["savedBytes"]),
            (&json!(files), &list["bytes"])
        );

        site.stop_server();
        browser.goto(&format!("/a/{slug}")).await;
        browser
            .wait_for(&format!(
                ".article-page[data-slug=\"{slug}\"] .article-body"
            ))
            .await;
        // Search reads its index from the saved files too.
        browser
            .goto(&format!("/search?q={}", url_encode(&word)))
            .await;
        browser
            .wait_for(&format!(
                "section.search-results[data-state=\"done\"] li.search-hit[data-slug=\"{slug}\"]"
            ))
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// Adds the number and total size of the bundle files under `folder` to `found`:
/// every file but the offline list (`offline.json` and its parts in `offline/`).
fn count_files(folder: &std::path::Path, found: &mut (u64, u64)) {
    for entry in std::fs::read_dir(folder).expect("list the bundle") {
        let path = entry.expect("list the bundle").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if (name == "offline.json" || name == "offline") && path.parent() == Some(folder) {
            continue;
        }
        if path.is_dir() {
            count_files(&path, found);
        } else {
            found.0 += 1;
            found.1 += file_size(&path);
        }
    }
}

/// The paths the offline list's parts name, read as the service worker reads them.
fn listed_files(site: &Site) -> Vec<String> {
    let index: Json = serde_json::from_str(
        &std::fs::read_to_string(site.data_file("offline.json")).expect("read data/offline.json"),
    )
    .expect("data/offline.json is JSON");
    let mut paths = Vec::new();
    for part in index["parts"]
        .as_array()
        .expect("the index names its parts")
    {
        let path = part[0].as_str().expect("a part's path");
        let part: Json = serde_json::from_str(
            &std::fs::read_to_string(site.root().join(path)).expect("read a part of the list"),
        )
        .expect("a part is JSON");
        for entry in part["files"].as_array().expect("a part lists files") {
            paths.push(entry[0].as_str().unwrap_or_default().to_string());
        }
    }
    paths
}

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
        .len()
}

/// `bytes` as the offline control shows it (`format_size` in
/// `src/library/offline_control.rs`: megabytes to the nearest tenth, a half up).
fn shown_size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[tokio::test]
async fn the_save_offline_button_shows_the_size_saves_with_progress_and_then_any_article_opens_offline(
) {
    bounded(async {
        let mut site = Site::start();
        let list: Json = serde_json::from_str(
            &std::fs::read_to_string(site.data_file("offline.json"))
                .expect("read data/offline.json (written by `cargo xtask dist`)"),
        )
        .expect("data/offline.json is JSON");
        let bytes = list["bytes"].as_u64().unwrap_or_default();
        let files = list["files"].as_u64().unwrap_or_default();
        let articles = site.bundle.catalog.articles.len();
        // The oldest article: never opened by this visit.
        let unread = site
            .bundle
            .articles
            .last()
            .expect("the bundle has articles")
            .meta
            .slug
            .clone();

        let browser = site.browser().await;
        browser.goto("/").await;
        let button = "button.save-offline";
        browser
            .wait_for(&format!("{button}[data-state=idle]"))
            .await;
        assert_eq!(
            browser.attr(button, "data-bytes").await,
            Some(bytes.to_string()),
            "the size comes from data/offline.json"
        );
        assert_eq!(
            browser.attr(button, "data-files").await,
            Some(files.to_string())
        );
        let label = browser.text(button).await;
        assert_eq!(
            label,
            format!(
                "Save all {articles} articles for offline ({})",
                shown_size(bytes)
            )
        );
        // In Chinese too, with the same numbers.
        browser.click("button.ui-lang[lang=zh-Hans]").await;
        browser
            .wait_until("the Chinese label", || async {
                browser.text(button).await
                    == format!("离线保存全部 {articles} 篇文章（{}）", shown_size(bytes))
            })
            .await;
        browser.click("button.ui-lang[lang=en]").await;

        // Progress is shown while saving: record every value the bar takes.
        browser
            .js(
                "window.__progressSeen = [];
                 new MutationObserver(() => {
                   const bar = document.querySelector('.offline-progress progress');
                   if (bar) { window.__progressSeen.push(Number(bar.value)); }
                 }).observe(document.body, { subtree: true, childList: true, attributes: true });
                 return true;",
                Vec::new(),
            )
            .await;
        browser.click(button).await;
        browser
            .wait_for(&format!("{button}[data-state=done]"))
            .await;
        let seen = browser
            .js("return window.__progressSeen;", Vec::new())
            .await;
        let seen: Vec<u64> = serde_json::from_value(seen).unwrap_or_default();
        assert!(
            seen.last().is_some_and(|last| *last == bytes),
            "the progress bar reached the total {bytes}: {seen:?}"
        );
        assert_eq!(browser.count(".offline-progress").await, 0);
        assert_eq!(
            browser.text(button).await,
            format!(
                "All {articles} articles saved for offline ({})",
                shown_size(bytes)
            )
        );
        let estimate = duet_offline(&browser, "estimate()").await;
        assert_eq!(estimate["savedFiles"], json!(files));

        site.stop_server();
        assert_server_unreachable(&browser, "/").await;
        browser.goto(&format!("/a/{unread}")).await;
        browser
            .wait_for(&format!(
                ".article-page[data-slug=\"{unread}\"] .article-body"
            ))
            .await;
        // Back in the library, still offline, the control says all is saved.
        browser.goto("/").await;
        browser
            .wait_for(&format!("{button}[data-state=done]"))
            .await;
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// Guards issue 12's "offline at scale": a new deploy used to download again every
/// file the reader had saved (the whole archive after "save all") and the whole
/// list of files. Now the new worker copies what did not change from the old cache.
#[tokio::test]
async fn a_second_deploy_keeps_saved_files_and_downloads_only_what_changed() {
    bounded(async {
        let mut site = Site::start_copy();
        let changed = site
            .bundle
            .articles
            .last()
            .expect("the bundle has articles")
            .meta
            .slug
            .clone();
        let unchanged = site.bundle.articles[0].meta.slug.clone();
        assert_ne!(changed, unchanged, "the bundle has two articles");
        // Kept in several caches, as a large archive is (one per 2,000 files).
        set_data_shards(&site, 4);

        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        wait_for_worker(&browser).await;
        let saved = duet_offline(&browser, "saveAll()").await;
        assert_eq!(saved["failed"], json!([]), "{saved}");
        let first = duet_offline(&browser, "version()").await;

        // A changed build, as `cargo xtask dist` writes it: one article's file with
        // other bytes (the same article, compressed otherwise), then the offline
        // list and the worker written again by the real step.
        let file = site.data_file(&article_path(&changed));
        let before_bytes = std::fs::read(&file).expect("read the article file");
        let text = duet_prerender::read_bundle_text(&file).expect("inflate the article file");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut encoder, text.as_bytes()).expect("compress");
        let after_bytes = encoder.finish().expect("compress");
        assert_ne!(before_bytes, after_bytes, "the article file changes");
        std::fs::write(&file, after_bytes).expect("write the changed article file");
        let old_parts = list_parts(&site);
        let template = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/sw.js"),
        )
        .expect("read the service worker template");
        xtask::offline::finish(site.root(), &template).expect("write the offline list and sw.js");
        set_data_shards(&site, 4);
        let new_parts: Vec<String> = list_parts(&site)
            .into_iter()
            .filter(|part| !old_parts.contains(part))
            .collect();
        assert!(!new_parts.is_empty(), "the changed article's part is new");

        let before = site.requested().len();
        browser
            .js_async(
                "const done = arguments[arguments.length - 1];
                 navigator.serviceWorker.getRegistration()
                   .then((registration) => registration.update())
                   .then(() => done(true), (error) => done(String(error)));",
                Vec::new(),
            )
            .await;
        // The notice appears once the new worker has installed in full.
        browser.wait_for(".update-notice").await;
        let mut fetched: Vec<String> = site.requested()[before..]
            .iter()
            .filter(|path| path.starts_with("/data/"))
            .cloned()
            .collect();
        fetched.sort();
        let mut expected: Vec<String> = new_parts.iter().map(|part| format!("/{part}")).collect();
        expected.push("/data/offline.json".to_string());
        expected.push(format!("/data/{}", article_path(&changed)));
        expected.sort();
        assert_eq!(
            fetched, expected,
            "the install downloads the list's index, its changed part and the changed \
             article, and copies every other saved file"
        );

        browser.click(".update-notice button").await;
        browser
            .wait_js(
                "the page reloaded into the new version",
                "!document.querySelector('.update-notice') && document.querySelector('.card')",
            )
            .await;
        assert_ne!(duet_offline(&browser, "version()").await, first);
        let estimate = duet_offline(&browser, "estimate()").await;
        assert_eq!(
            estimate["savedFiles"], estimate["files"],
            "everything saved stays saved: {estimate}"
        );
        let shards: std::collections::BTreeSet<String> = cached(&browser)
            .await
            .iter()
            .filter(|entry| entry.contains(":data:"))
            .filter_map(|entry| entry.split(' ').next().map(str::to_string))
            .collect();
        assert_eq!(shards.len(), 4, "kept in four caches: {shards:?}");

        site.stop_server();
        for slug in [&changed, &unchanged] {
            browser.goto(&format!("/a/{slug}")).await;
            browser
                .wait_for(&format!(
                    ".article-page[data-slug=\"{slug}\"] .article-body"
                ))
                .await;
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// Makes the served worker keep bundle files in `shards` caches, as `cargo xtask
/// dist` does for a bundle of more than 2,000 files.
fn set_data_shards(site: &Site, shards: u64) {
    let worker = site.root().join("sw.js");
    let script = std::fs::read_to_string(&worker).expect("read sw.js");
    let prefix = "const BUILD = ";
    let line = script
        .lines()
        .find(|line| line.starts_with(prefix))
        .expect("sw.js has its `const BUILD = {…};` line");
    let mut build: Json = serde_json::from_str(line[prefix.len()..].trim_end_matches(';'))
        .expect("the BUILD line of sw.js is JSON");
    build["dataShards"] = json!(shards);
    std::fs::write(
        &worker,
        script.replacen(line, &format!("{prefix}{build};"), 1),
    )
    .expect("write sw.js");
}

/// The part paths `data/offline.json` names (relative to the site's root).
fn list_parts(site: &Site) -> Vec<String> {
    let index: Json = serde_json::from_str(
        &std::fs::read_to_string(site.data_file("offline.json")).expect("read data/offline.json"),
    )
    .expect("data/offline.json is JSON");
    index["parts"]
        .as_array()
        .expect("the index names its parts")
        .iter()
        .map(|part| part[0].as_str().unwrap_or_default().to_string())
        .collect()
}
