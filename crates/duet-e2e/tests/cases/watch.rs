//! Watch mode (`cargo xtask serve`): an author saves an article and the open page
//! reloads with the change; a file the bundler refuses shows its error on the page,
//! as text, while the last good site stays served; mending it reloads the page.

use std::time::Duration;

use serde_json::json;

use super::bounded_for;
use crate::harness::watched::WatchedSite;

/// A rebuild, the served site brought up to date, the new service worker installed
/// and the page reloaded: seconds on a quiet machine, bounded far above.
const REBUILT: Duration = Duration::from_secs(60);

/// A folder name with markup in it: the error names the file, and the page must show
/// the name as text.
const BROKEN_FOLDER: &str = "late<b id=injected>news";

#[tokio::test]
async fn a_saved_edit_reloads_the_open_page_and_a_bad_file_shows_its_error_on_it() {
    bounded_for(300, async {
        let site = WatchedSite::start();
        let slug = site.bundle.bilingual().meta.slug.clone();
        let source = site.content().join(&slug).join("index.en.md");
        let original = std::fs::read_to_string(&source).unwrap_or_else(|error| {
            panic!(
                "read {} (the content's articles are page bundles named by their slug): {error}",
                source.display()
            )
        });
        let marker = "A title saved while the page was open";
        let edited: String = original
            .lines()
            .map(|line| {
                if line.starts_with("title = ") {
                    format!("title = \"{marker}\"\n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect();
        assert!(edited.contains(marker), "{} has a title line", source.display());

        let browser = site.browser().await;
        browser.open_article(&slug, "view=en").await;
        let mark_document = "window.__sameDocument = true; return true;";
        browser.js(mark_document, Vec::new()).await;

        std::fs::write(&source, &edited).expect("save the edited article");
        browser
            .wait_js_within(
                "the page to reload with the edited title",
                &format!(
                    "!window.__sameDocument && document.querySelector('.article-page .article-body') \
                     && document.querySelector('.article-page').textContent.includes({})",
                    json!(marker)
                ),
                REBUILT,
            )
            .await;
        // The pre-rendered page a first visit gets was written again too.
        let page = browser
            .js_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done(String(e)));",
                vec![json!(format!("/a/{slug}"))],
            )
            .await;
        assert!(
            page.as_str().unwrap_or_default().contains(marker),
            "the pre-rendered page has the edit"
        );

        // A file the bundler refuses: the error is on the page, the page stays.
        let broken = site.content().join(BROKEN_FOLDER);
        std::fs::create_dir_all(&broken).expect("create the broken article's folder");
        browser.js(mark_document, Vec::new()).await;
        std::fs::write(
            broken.join("index.en.md"),
            "+++\ntitle = \"an unterminated string\n+++\n\nA body.\n",
        )
        .expect("save the broken article");
        browser
            .wait_js_within(
                "the build error on the page",
                "document.querySelector('#duet-live-error')",
                REBUILT,
            )
            .await;
        let notice = browser.text("#duet-live-error").await;
        assert!(
            notice.contains(&format!("{BROKEN_FOLDER}/index.en.md:2"))
                && notice.contains("invalid TOML")
                && notice.contains("The build failed"),
            "{notice:?}"
        );
        assert_eq!(
            browser.count("#injected").await,
            0,
            "the error is shown as text, never as markup"
        );
        assert_eq!(
            browser.js("return window.__sameDocument === true;", Vec::new()).await,
            json!(true),
            "a failed build does not reload the page"
        );
        // The last good site stays served: reloaded, the page shows the edit and,
        // while the file is still broken, the error again.
        browser.refresh().await;
        browser
            .wait_js_within(
                "the last good article and the error after a reload",
                &format!(
                    "document.querySelector('#duet-live-error') \
                     && document.querySelector('.article-page .article-body') \
                     && document.querySelector('.article-page').textContent.includes({})",
                    json!(marker)
                ),
                REBUILT,
            )
            .await;

        // Mended (the broken article removed): the notice goes, the page reloads.
        browser.js(mark_document, Vec::new()).await;
        std::fs::remove_dir_all(&broken).expect("remove the broken article");
        browser
            .wait_js_within(
                "the page to reload once the content builds again",
                "!window.__sameDocument && !document.querySelector('#duet-live-error') \
                 && document.querySelector('.article-page .article-body')",
                REBUILT,
            )
            .await;
        assert!(site.rounds() >= 4, "first build, edit, error, mend");
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
