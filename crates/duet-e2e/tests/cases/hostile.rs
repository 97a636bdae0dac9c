//! Hostile content in a real browser: the bundler's hostile fixture (script tags,
//! event handlers, unsafe link schemes, CSS injection, bidi and zero-width text, a
//! 100,000-character paragraph, lists nested to the limit) served as the site's
//! whole bundle. Nothing may run, and nothing dangerous may be clickable.

use std::path::Path;

use serde_json::json;

use super::bounded;
use crate::harness::Site;

/// Installed before the page's scripts: any script the content managed to run would
/// call one of these (the fixture's payloads all do) and leave a mark.
const TRAP: &str = r"
(() => {
  const mark = () => { window.__duetExecuted = (window.__duetExecuted || 0) + 1; };
  window.alert = mark; window.confirm = mark; window.prompt = mark;
})();
";

/// What in the article page could run or lead somewhere dangerous.
const INSPECT: &str = r"
const page = document.querySelector('.article-page');
const all = Array.from(page.querySelectorAll('*'));
return {
  executed: window.__duetExecuted || 0,
  handlers: all.filter((e) => Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith('on')))
    .map((e) => e.outerHTML.slice(0, 80)),
  // The app's own icons (read-aloud controls) are the only SVG it draws.
  active: Array.from(page.querySelectorAll('script, iframe, object, embed, style, link, svg, form, base'))
    .filter((e) => e.closest('.reading-tools') === null)
    .map((e) => e.tagName),
  links: Array.from(page.querySelectorAll('a[href], img[src]'))
    .map((e) => (e.getAttribute('href') || e.getAttribute('src')))
    .filter((url) => /^\s*(javascript|data|vbscript):/i.test(url.replace(/[\u0000-\u0020]/g, ''))),
  // Guards issue 16 finding 2: scheme-less hrefs such as `/\\evil.example` that the
  // browser resolves to another host, shown as the site's own links.
  offsite: Array.from(page.querySelectorAll('a[href]'))
    .filter((a) => !a.href.startsWith('mailto:') && new URL(a.href).origin !== location.origin
      && !a.classList.contains('external'))
    .map((a) => a.getAttribute('href')),
  inline_styles: all.filter((e) => e.hasAttribute('style') && e.closest('.word-popover') === null)
    .map((e) => e.tagName),
  text: page.textContent.length,
};";

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../duet-bundle/tests/fixtures/hostile")
}

/// A copy of the app whose whole bundle is the hostile fixture.
fn serve_fixture() -> Site {
    let site = Site::start_copy();
    duet_bundle::commands::build(&fixture(), Some(&site.data_file("")))
        .expect("the hostile fixture builds (it is meant to)");
    site
}

#[tokio::test]
async fn hostile_articles_render_as_inert_text() {
    bounded(async {
        let site = serve_fixture();
        let data = site.data_file("");
        let slugs: Vec<String> = duet_bundle::bundle_file::read_catalog(&data)
            .expect("the new catalog")
            .articles
            .into_iter()
            .map(|meta| meta.slug)
            .collect();
        assert!(slugs.len() >= 4, "{slugs:?}");

        let browser = site.browser().await;
        browser
            .devtools("Page.addScriptToEvaluateOnNewDocument", json!({ "source": TRAP }))
            .await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        for slug in &slugs {
            for view in ["side", "zh", "en"] {
                browser.open_article(slug, &format!("view={view}&lead=en")).await;
                let found = browser.js(INSPECT, Vec::new()).await;
                assert_eq!(found["executed"], 0, "{slug} ({view}) ran a script");
                for list in ["handlers", "active", "links", "offsite", "inline_styles"] {
                    assert_eq!(found[list], json!([]), "{slug} ({view}): {list}");
                }
                assert!(found["text"].as_u64().unwrap_or(0) > 0, "{slug} shows its text");
            }
        }
        // Pointing at and clicking everything the article offers runs nothing either.
        browser
            .js(
                "document.querySelectorAll('.article-page a, .article-page .sentence, .article-page p')
                   .forEach((e) => { e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); });",
                Vec::new(),
            )
            .await;
        let executed = browser.js("return window.__duetExecuted || 0;", Vec::new()).await;
        assert_eq!(executed, 0);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn hostile_articles_pre_render_as_inert_text() {
    bounded(async {
        let site = serve_fixture();
        let (pages, _) = duet_prerender::write_article_pages(site.root(), "/")
            .expect("the hostile fixture pre-renders");
        assert!(pages >= 4, "{pages} pages");
        let slugs: Vec<String> = std::fs::read_dir(site.root().join("a"))
            .expect("the pre-rendered pages")
            .map(|entry| {
                entry
                    .expect("a page folder")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();

        let browser = site.browser().await;
        browser
            .devtools(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": TRAP }),
            )
            .await;
        // The static page alone, as a reader sees it before the app runs.
        browser.block_app_code(true).await;
        for slug in &slugs {
            for view in ["side", "zh", "en"] {
                browser
                    .goto_static(&format!("/a/{slug}?view={view}&lead=en"))
                    .await;
                browser
                    .wait_for("#prerender .article-page .article-body")
                    .await;
                let found = browser.js(INSPECT, Vec::new()).await;
                assert_eq!(found["executed"], 0, "{slug} ({view}) ran a script");
                for list in ["handlers", "active", "links", "offsite", "inline_styles"] {
                    assert_eq!(found[list], json!([]), "{slug} ({view}): {list}");
                }
                assert!(
                    found["text"].as_u64().unwrap_or(0) > 0,
                    "{slug} shows its text"
                );
            }
        }
        browser.close().await;
    })
    .await;
}

/// Every file under `root`, relative to it, `/`-separated.
fn files_under(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a bundle folder") {
            let path = entry.expect("a bundle entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// Fetches `path` from the page; its type, its policy headers and its first bytes.
const FETCH_HEAD: &str = r"
const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(async (response) => {
  const bytes = Array.from(new Uint8Array(await response.arrayBuffer()).slice(0, 12));
  done({ status: response.status, type: response.headers.get('content-type'),
         nosniff: response.headers.get('x-content-type-options'),
         policy: response.headers.get('content-security-policy'), bytes });
}, (error) => done({ error: String(error) }));";

/// Guards issue 16 finding 1: files referenced as images (`.html`, `.svg`,
/// `.xhtml`, `.js`, no extension, mislabelled) were published under `data/media/`
/// and, opened from the app's origin, ran script that could read the reader's data.
#[tokio::test]
async fn the_bundle_publishes_nothing_that_can_run_script() {
    bounded(async {
        let site = serve_fixture();
        let data = site.data_file("");
        let files = files_under(&data);
        let media: Vec<&String> = files
            .iter()
            .filter(|file| file.starts_with("media/"))
            .collect();
        assert_eq!(
            media,
            ["media/media/photo.png"],
            "only the real picture is published"
        );

        let browser = site.browser().await;
        browser
            .devtools(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": TRAP }),
            )
            .await;
        browser.goto("/").await;
        browser.wait_for(".card").await;
        for file in &files {
            let url = format!("/data/{file}");
            let found = browser.js_async(FETCH_HEAD, vec![json!(url)]).await;
            assert_eq!(found["status"], 200, "{file}: {found}");
            assert_eq!(found["nosniff"], "nosniff", "{file}");
            let policy = found["policy"].as_str().unwrap_or_default();
            assert!(
                policy.contains("sandbox") && policy.contains("default-src 'none'"),
                "{file}: {policy}"
            );
            let kind = found["type"].as_str().unwrap_or_default();
            let bytes: Vec<u8> = found["bytes"]
                .as_array()
                .expect("bytes")
                .iter()
                .filter_map(|byte| byte.as_u64().and_then(|byte| u8::try_from(byte).ok()))
                .collect();
            let is_json = file.ends_with(".json") && bytes.first() == Some(&b'{');
            let is_gzip = file.ends_with(".json.gz") && bytes.starts_with(&[0x1f, 0x8b]);
            let is_png = file.ends_with(".png") && bytes.starts_with(b"\x89PNG\r\n\x1a\n");
            assert!(
                is_json || is_gzip || is_png,
                "{file} ({kind}) starts {bytes:?}"
            );
            assert!(
                !["html", "svg", "xml", "javascript"]
                    .iter()
                    .any(|bad| kind.contains(bad)),
                "{file} is served as {kind}"
            );
        }
        // The published picture opened directly runs nothing.
        browser.goto_static("/data/media/media/photo.png").await;
        let executed = browser
            .js("return window.__duetExecuted || 0;", Vec::new())
            .await;
        assert_eq!(executed, 0);
        browser.close().await;
    })
    .await;
}
