//! A large archive: the library pages through lists of 20 cards with the page in the
//! address (deep links, Back and Forward), filters by tag, level and month over the
//! whole archive with its counts, and reads a visited page offline; all under a
//! sub-path, on a generated archive bigger than one page.

use duet_core::listing::{page_count, PAGE_SIZE};
use duet_core::{ArticleMeta, Catalog};

use super::bounded_for;
use crate::harness::{Browser, Site};

/// Articles in the generated archive: several pages, the last one short.
const ARTICLES: usize = 65;
const BASE: &str = "/news/";

/// Articles in the archive the filters are tested on: enough for the most used tag
/// to fill more than one page.
const FILTERED_ARTICLES: usize = 200;

/// A copy of the app under [`BASE`] serving a generated archive of `articles`
/// instead of the sample articles, and that archive's whole catalog.
fn archive_site(articles: usize) -> (Site, Catalog) {
    let site = Site::start_under(BASE);
    let content = tempfile::tempdir().expect("a folder for the corpus");
    let corpus = content.path().join("corpus");
    duet_bundle::corpus::generate(&corpus, articles, 7).expect("generate the corpus");
    let data = site.data_file("");
    // The build replaces the whole data folder; the service worker's offline list
    // (its index and parts, written by `xtask dist`) must stay for it to install.
    let kept = content.path().join("offline");
    std::fs::create_dir_all(&kept).expect("a folder for the offline list");
    std::fs::rename(site.data_file("offline.json"), kept.join("offline.json"))
        .expect("keep the offline list");
    std::fs::rename(site.data_file("offline"), kept.join("parts")).expect("keep its parts");
    duet_bundle::commands::build(&corpus, Some(&data)).expect("the corpus builds");
    std::fs::rename(kept.join("offline.json"), site.data_file("offline.json"))
        .expect("restore the offline list");
    std::fs::rename(kept.join("parts"), site.data_file("offline")).expect("restore its parts");
    let catalog = duet_bundle::bundle_file::read_catalog(&data).expect("read the catalog back");
    assert_eq!(catalog.articles.len(), articles);
    (site, catalog)
}

fn slugs<'a>(metas: impl IntoIterator<Item = &'a ArticleMeta>) -> Vec<String> {
    metas.into_iter().map(|meta| meta.slug.clone()).collect()
}

/// The slugs of the cards shown, once page `page` of a list of `total` is drawn.
async fn shown_page(browser: &Browser, page: u32, total: usize) -> Vec<String> {
    browser
        .wait_for(&format!(
            ".card-list[data-page=\"{page}\"][data-total=\"{total}\"]"
        ))
        .await;
    browser
        .attrs(".card-list .card", "data-slug")
        .await
        .into_iter()
        .flatten()
        .collect()
}

#[tokio::test]
async fn the_library_pages_through_a_large_archive_with_the_page_in_the_address() {
    bounded_for(180, async {
        let (site, catalog) = archive_site(ARTICLES);
        let all = &catalog.articles;
        let pages = page_count(ARTICLES as u32);
        let browser = site.browser().await;

        browser.goto("/").await;
        let first = shown_page(&browser, 1, ARTICLES).await;
        assert_eq!(
            first,
            slugs(&all[..PAGE_SIZE]),
            "the newest page, newest first"
        );
        assert_eq!(
            browser.text(".pager .pager-position").await,
            format!("Page 1 of {pages}")
        );
        assert_eq!(
            browser.count(".pager-newer").await,
            0,
            "nothing newer than page 1"
        );

        // Older: the next page, and the address says which page this is.
        assert_eq!(
            browser
                .js(
                    "return document.documentElement.scrollHeight > innerHeight;",
                    vec![]
                )
                .await,
            true,
            "a page of cards is taller than the window, so the pager is scrolled to"
        );
        browser.click(".pager-older").await;
        let second = shown_page(&browser, 2, ARTICLES).await;
        assert_eq!(second, slugs(&all[PAGE_SIZE..2 * PAGE_SIZE]));
        assert_eq!(browser.path().await, format!("{BASE}?page=2"));
        // The pager sits under the cards: the next page starts at its top.
        assert_eq!(browser.js("return window.scrollY;", vec![]).await, 0);

        // A deep link to the last, short page.
        browser.goto(&format!("/?page={pages}")).await;
        let last = shown_page(&browser, pages, ARTICLES).await;
        assert_eq!(last, slugs(&all[(pages as usize - 1) * PAGE_SIZE..]));
        assert!(last.len() < PAGE_SIZE, "the test wants a short last page");
        assert_eq!(
            browser.count(".pager-older").await,
            0,
            "nothing older than the last page"
        );

        // Back and Forward step through the pages seen.
        browser.back().await;
        assert_eq!(shown_page(&browser, 2, ARTICLES).await, second);
        browser.forward().await;
        assert_eq!(shown_page(&browser, pages, ARTICLES).await, last);

        // Every pager link stays under the sub-path.
        for href in browser
            .attrs(".pager a", "href")
            .await
            .into_iter()
            .flatten()
        {
            assert!(href.starts_with(BASE), "{href} leaves {BASE}");
        }

        // A page past the end says so and leads back to the first.
        browser.goto("/?page=99").await;
        browser.wait_for("[data-state=\"missing-page\"]").await;
        assert!(browser
            .text("[data-state=\"missing-page\"]")
            .await
            .contains("no page 99"));
        browser.click("[data-state=\"missing-page\"] a").await;
        assert_eq!(shown_page(&browser, 1, ARTICLES).await, first);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn tag_level_and_month_filters_count_and_list_the_whole_archive() {
    bounded_for(180, async {
        let (site, catalog) = archive_site(FILTERED_ARTICLES);
        let all = &catalog.articles;
        let browser = site.browser().await;
        browser.goto("/").await;
        shown_page(&browser, 1, FILTERED_ARTICLES).await;

        // The most used tag: its chip's count and its list cover the whole archive.
        let tag = browser
            .attr(".tag-filter a.chip[data-tag]", "data-tag")
            .await
            .expect("a tag chip");
        let tagged: Vec<&ArticleMeta> =
            all.iter().filter(|meta| meta.tags.contains(&tag)).collect();
        assert!(
            tagged.len() > PAGE_SIZE,
            "the test needs a tag on more than one page"
        );
        let chip = format!(".tag-filter a.chip[data-tag=\"{tag}\"]");
        assert_eq!(
            browser.text(&format!("{chip} .count")).await,
            tagged.len().to_string()
        );
        browser.click(&chip).await;
        let shown = shown_page(&browser, 1, tagged.len()).await;
        assert_eq!(shown, slugs(tagged.iter().take(PAGE_SIZE).copied()));
        browser.click(".pager-older").await;
        let shown = shown_page(&browser, 2, tagged.len()).await;
        assert_eq!(
            shown,
            slugs(tagged.iter().skip(PAGE_SIZE).take(PAGE_SIZE).copied())
        );
        assert!(browser.path().await.contains("page=2"));

        // A level lists every article at it or easier.
        let level: u8 = browser
            .attr(".level-filter a.chip[data-level]", "data-level")
            .await
            .expect("a level chip")
            .parse()
            .expect("a level number");
        let easier: Vec<&ArticleMeta> = all
            .iter()
            .filter(|meta| meta.difficulty.as_ref().is_some_and(|d| d.level <= level))
            .collect();
        browser
            .click(&format!(".level-filter a.chip[data-level=\"{level}\"]"))
            .await;
        let shown = shown_page(&browser, 1, easier.len()).await;
        assert_eq!(shown, slugs(easier.iter().take(PAGE_SIZE).copied()));

        // The archive index opens on demand and lists every month.
        browser.click(".archive-index summary").await;
        browser.wait_for(".month-filter a.chip").await;
        let month = browser
            .attr(".month-filter a.chip", "data-month")
            .await
            .expect("a month chip");
        let in_month: Vec<&ArticleMeta> = all
            .iter()
            .filter(|meta| meta.date.starts_with(&month))
            .collect();
        browser
            .click(&format!(".month-filter a.chip[data-month=\"{month}\"]"))
            .await;
        let shown = shown_page(&browser, 1, in_month.len()).await;
        assert_eq!(shown, slugs(in_month.iter().take(PAGE_SIZE).copied()));
        assert_eq!(browser.path().await, format!("{BASE}?month={month}"));
        let months =
            duet_core::listing::facets(&catalog, &duet_core::listing::lists(&catalog)).months;
        assert_eq!(browser.count(".month-filter a.chip").await, months.len());
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_visited_page_of_the_list_reads_offline() {
    bounded_for(180, async {
        let (mut site, catalog) = archive_site(ARTICLES);
        let browser = site.browser().await;
        browser.goto("/?page=3").await;
        let third = shown_page(&browser, 3, ARTICLES).await;
        assert_eq!(
            third,
            slugs(&catalog.articles[2 * PAGE_SIZE..3 * PAGE_SIZE])
        );
        browser
            .wait_js(
                "a service worker to control the page",
                "navigator.serviceWorker && navigator.serviceWorker.controller",
            )
            .await;
        // The worker keeps every bundle file it fetched; the page before it took
        // control hands its files over. Load the page once more under the worker.
        browser.refresh().await;
        shown_page(&browser, 3, ARTICLES).await;

        site.stop_server();
        browser.refresh().await;
        assert_eq!(shown_page(&browser, 3, ARTICLES).await, third);
        // A page never visited cannot be read offline: an error naming its file.
        browser.goto("/?page=2").await;
        browser.wait_for(".status.error").await;
        assert!(browser
            .text(".status.error .error-detail")
            .await
            .contains("data/lists/all/2.json.gz"));
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn on_a_phone_the_first_card_of_a_large_archive_is_on_the_first_screen() {
    bounded_for(180, async {
        // Many tags: their chips must not push the cards below the first screen.
        let (site, _) = archive_site(FILTERED_ARTICLES);
        let browser = site.browser().await;
        browser.set_layout_size(Some((390, 844))).await;
        browser.goto("/").await;
        shown_page(&browser, 1, FILTERED_ARTICLES).await;
        // The first card is read on the first screen: its title and its abstract.
        let bottom = browser
            .js(
                "return document.querySelector('.card-list .card .card-abstract').getBoundingClientRect().bottom;",
                vec![],
            )
            .await
            .as_f64()
            .expect("a position");
        assert!(bottom <= 844.0, "the first card's abstract ends at {bottom} px");
        // The chips scroll inside their row; the page itself does not scroll sideways.
        let wide = browser
            .js(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;",
                vec![],
            )
            .await;
        assert_eq!(wide, false);
        browser.close().await;
    })
    .await;
}
