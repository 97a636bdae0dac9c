//! Broken bundles: a truncated article (its gzip cut short, or JSON cut short inside
//! a whole gzip), a missing catalog and a bundle of another schema version each give
//! an error naming the file, never a blank page, a hang or a panic, and Retry
//! recovers once the file is mended. An article a host sent already inflated
//! (`Content-Encoding: gzip`) reads as plain JSON.

use duet_bundle::bundle_file;
use duet_core::{article_path, SCHEMA_VERSION};
use serde_json::{json, Value as Json};

use super::bounded;
use crate::harness::{Browser, Site};

/// Waits for the error view and returns its detail line.
async fn error_detail(browser: &Browser) -> String {
    browser.wait_for(".status.error").await;
    browser.text(".status.error .error-detail").await
}

/// Writes `bytes` to `path`, failing the test if it cannot.
fn write(path: &std::path::Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
}

/// Reads `path` whole, failing the test if it cannot.
fn read(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

#[tokio::test]
async fn corrupted_article_shows_an_error_naming_the_file_and_retry_recovers() {
    bounded(async {
        let site = Site::start_copy();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let file = site.data_file(&article_path(slug));
        let good = read(&file);
        assert_eq!(
            &good[..2],
            &[0x1f, 0x8b],
            "the article file is stored gzip-compressed"
        );
        // A download cut short: the gzip stream ends early, so it cannot inflate.
        write(&file, &good[..good.len() / 2]);

        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}")).await;
        let detail = error_detail(&browser).await;
        let named = format!("data/{}", article_path(slug));
        assert!(
            detail.contains(&named),
            "the error {detail:?} names {named}"
        );
        assert_eq!(
            browser.count(".status.error button").await,
            1,
            "a Retry button"
        );
        assert_eq!(browser.count(".article-body").await, 0);
        // No panic: the app logged nothing and keeps working around the error.
        browser.assert_no_errors().await;

        // The header still works: the error itself follows the interface language.
        browser.click("button.ui-lang[lang=\"zh-Hans\"]").await;
        browser
            .wait_js(
                "the error heading in Chinese",
                "document.querySelector('.status.error h2').innerText.trim() === '载入失败'",
            )
            .await;
        browser.click("button.ui-lang[lang=\"en\"]").await;
        browser
            .wait_js(
                "the error heading in English",
                "document.querySelector('.status.error h2').innerText.trim() === 'Could not load'",
            )
            .await;

        // The library is one click away, and the article still fails on return.
        browser.click(".status.error a").await;
        browser.wait_for(".card").await;
        assert_eq!(
            browser.count(".card").await,
            site.bundle.catalog.articles.len()
        );
        browser.back().await;
        let detail = error_detail(&browser).await;
        assert!(
            detail.contains(&named),
            "the error {detail:?} names {named}"
        );

        write(&file, &good);
        browser.click(".status.error button").await;
        browser.wait_for(".article-body").await;
        browser
            .wait_js(
                "the article's title after Retry",
                &format!(
                    "document.querySelector('.article-head h1').innerText.trim() === {}",
                    json!(article.meta.head.en.as_ref().expect("bilingual").title)
                ),
            )
            .await;
        assert_eq!(browser.count(".status.error").await, 0, "the error is gone");
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn an_article_sent_inflated_opens_and_broken_json_inside_gzip_is_named() {
    bounded(async {
        let site = Site::start_copy();
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let file = site.data_file(&article_path(slug));
        let json = bundle_file::read_to_string(&file).expect("read the article file");

        // What the app receives from a host that serves the `.gz` with
        // `Content-Encoding: gzip`: the browser has inflated it already.
        write(&file, &json);
        let browser = site.browser().await;
        browser.open_article(slug, "").await;
        browser
            .wait_js(
                "the article's title",
                &format!(
                    "document.querySelector('.article-head h1').innerText.trim() === {}",
                    json!(article.meta.head.en.as_ref().expect("bilingual").title)
                ),
            )
            .await;
        browser.assert_no_errors().await;
        browser.close().await;

        // A whole gzip whose JSON is cut short: a decoding error naming the file.
        let cut = bundle_file::gzip(&json.as_bytes()[..json.len() / 2]).expect("gzip");
        write(&file, cut);
        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}")).await;
        let detail = error_detail(&browser).await;
        let named = format!("data/{}", article_path(slug));
        assert!(
            detail.contains(&named) && detail.contains("not valid bundle JSON"),
            "the error {detail:?} names {named} and says its JSON is broken"
        );
        assert_eq!(
            browser.count(".status.error button").await,
            1,
            "a Retry button"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn missing_catalog_shows_an_error_naming_it_and_retry_recovers() {
    bounded(async {
        let site = Site::start_copy();
        let file = site.data_file("catalog.json");
        let good = read(&file);
        std::fs::remove_file(&file).expect("remove the catalog from the copy");

        let browser = site.browser().await;
        browser.goto("/").await;
        let detail = error_detail(&browser).await;
        assert!(
            detail.contains("data/catalog.json"),
            "the error {detail:?} names data/catalog.json"
        );
        assert_eq!(browser.count(".card").await, 0);
        // The header still stands, with the built-in title.
        assert!(!browser.text("a.site-title").await.is_empty());
        browser.assert_no_errors().await;

        // An article needs the catalog too, and says so rather than "not found".
        let slug = &site.bundle.bilingual().meta.slug;
        browser.goto(&format!("/a/{slug}")).await;
        let detail = error_detail(&browser).await;
        assert!(
            detail.contains("data/catalog.json"),
            "the article page's error {detail:?} names data/catalog.json"
        );
        assert_eq!(browser.count(".not-found").await, 0);

        browser.goto("/").await;
        error_detail(&browser).await;
        write(&file, &good);
        browser.click(".status.error button").await;
        browser.wait_for(".card").await;
        assert_eq!(
            browser.count(".card").await,
            site.bundle.catalog.articles.len()
        );
        assert_eq!(browser.count(".status.error").await, 0, "the error is gone");
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// The JSON file at `path` (inflated if stored compressed) with its
/// `schema_version` replaced.
fn with_schema_version(path: &std::path::Path, version: u32) -> String {
    altered(path, |value| value["schema_version"] = json!(version))
}

#[tokio::test]
async fn wrong_schema_version_is_named_in_the_error() {
    bounded(async {
        let site = Site::start_copy();
        let wrong = SCHEMA_VERSION + 1;
        let catalog = site.data_file("catalog.json");
        let good_catalog = read(&catalog);
        write(&catalog, with_schema_version(&catalog, wrong));

        let browser = site.browser().await;
        browser.goto("/").await;
        let detail = error_detail(&browser).await;
        assert!(
            detail.contains("data/catalog.json")
                && detail.contains("schema version")
                && detail.contains(&wrong.to_string()),
            "the error {detail:?} names the file and its schema version {wrong}"
        );
        browser.assert_no_errors().await;

        write(&catalog, &good_catalog);
        let slug = &site.bundle.bilingual().meta.slug;
        let article = site.data_file(&article_path(slug));
        let gzipped = bundle_file::gzip(with_schema_version(&article, wrong).as_bytes())
            .expect("gzip the article");
        write(&article, gzipped);
        browser.goto(&format!("/a/{slug}")).await;
        let detail = error_detail(&browser).await;
        assert!(
            detail.contains(&format!("data/{}", article_path(slug)))
                && detail.contains("schema version")
                && detail.contains(&wrong.to_string()),
            "the error {detail:?} names the article file and its schema version {wrong}"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn an_app_that_cannot_start_says_so_instead_of_a_blank_page() {
    bounded(async {
        let site = Site::start_copy();
        // Deploying without the wasm files is the commonest way to break the start
        // (the split app keeps them in its `app-<hash>/` folder).
        let root = site.data_file("..");
        let mut folders = vec![root];
        let mut removed = 0;
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("list the dist copy") {
                let path = entry.expect("list the dist copy").path();
                if path.is_dir() {
                    folders.push(path);
                } else if path
                    .extension()
                    .is_some_and(|extension| extension == "wasm")
                {
                    std::fs::remove_file(&path).expect("remove the wasm file");
                    removed += 1;
                }
            }
        }
        assert!(removed > 0, "the build has wasm files to remove");
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for("#boot.status.error").await;
        let message = browser.text("#boot").await;
        assert!(
            message.contains("Duet could not start") && message.contains("双读无法启动"),
            "the boot notice turned into an error in both languages: {message:?}"
        );
        browser.wait_for("#boot button").await;
        browser.close().await;
    })
    .await;
}

/// The JSON file at `path` (inflated if stored compressed), changed by `change`.
fn altered(path: &std::path::Path, change: impl FnOnce(&mut Json)) -> String {
    let text = bundle_file::read_to_string(path).expect("read a bundle file");
    let mut value: Json = serde_json::from_str(&text).expect("bundle files are JSON");
    change(&mut value);
    value.to_string()
}

// Regression: a catalog entry with a title in neither language, or a pair pointing
// past the last block, decoded fine and then indexed out of range in a view; with
// `panic = "abort"` the whole app died (or stayed on "Loading…") instead of saying
// which file is broken.
#[tokio::test]
async fn an_empty_head_or_a_pair_out_of_range_shows_the_error_not_a_crash() {
    bounded(async {
        let site = Site::start_copy();
        let catalog = site.data_file("catalog.json");
        let good_catalog = read(&catalog);
        write(
            &catalog,
            altered(&catalog, |catalog| {
                catalog["newest"][0]["head"] = json!({});
            }),
        );

        let browser = site.browser().await;
        browser.goto("/").await;
        let detail = error_detail(&browser).await;
        assert!(
            detail.contains("data/catalog.json") && detail.contains("neither language"),
            "the error {detail:?} names the catalog and what is wrong"
        );
        assert_eq!(
            browser.count(".status.loading").await,
            0,
            "not stuck loading"
        );
        browser.assert_no_errors().await;

        write(&catalog, &good_catalog);
        let article = site.bundle.bilingual();
        let slug = &article.meta.slug;
        let file = site.data_file(&article_path(slug));
        let english_blocks = article.body.en.as_ref().expect("bilingual").blocks.len();
        let broken = altered(&file, |article| {
            article["pairs"][0]["en"] = json!(english_blocks + 5);
        });
        write(&file, bundle_file::gzip(broken.as_bytes()).expect("gzip"));
        browser.goto(&format!("/a/{slug}")).await;
        let detail = error_detail(&browser).await;
        let named = format!("data/{}", article_path(slug));
        assert!(
            detail.contains(&named) && detail.contains("names en block"),
            "the error {detail:?} names {named} and the pair out of range"
        );
        assert_eq!(browser.count(".article-body").await, 0);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

/// Guards issue 16 finding 9: a gzip bomb (a small file that inflates to hundreds of
/// megabytes) was survived but reported as "EOF while parsing … column 0", which
/// sent the operator looking for a JSON mistake.
#[tokio::test]
async fn a_gzip_bomb_is_reported_as_too_large_not_as_bad_json() {
    bounded(async {
        let site = Site::start_copy();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let file = site.data_file(&article_path(&slug));
        // 210 million spaces: about 200 KB compressed.
        let bomb = vec![b' '; 210_000_000];
        bundle_file::write(&file, &bomb).expect("the bomb is written");
        assert!(read(&file).len() < 2_000_000);

        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}")).await;
        let detail = error_detail(&browser).await;
        assert!(
            detail.contains(&format!("data/{}", article_path(&slug))),
            "{detail}"
        );
        assert!(detail.contains("inflates to more than"), "{detail}");
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
