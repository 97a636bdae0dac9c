//! A large archive: the library pages through lists of 12 cards with the page in the
//! address (deep links, Back and Forward), filters by tag, level and month over the
//! whole archive with its counts, and reads a visited page offline; all under a
//! sub-path, on a generated archive bigger than one page; and searches it with
//! common words tiered, fetching their tails only when the heads cannot decide.

use duet_core::listing::{page_count, PAGE_SIZE};
use duet_core::{ArticleMeta, Catalog};

use super::{bounded_for, url_encode};
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

/// Tiers every term of the archive's index in `data` with heads of `head_size`
/// postings (then tiers four times bigger each), as the bundler tiers a word found
/// in more than 1,024 documents: the
/// same code path the app takes at 100,000 articles, on an archive small enough to
/// build in a test.
fn tier_index(data: &std::path::Path, head_size: usize) {
    use duet_bundle::bundle_file::{read_to_string, write};
    use duet_core::search::{
        decode_manifest, decode_shard, encode_shard, tail_file, SEARCH_MANIFEST,
    };
    let manifest = decode_manifest(
        SEARCH_MANIFEST,
        &read_to_string(data.join(SEARCH_MANIFEST)).expect("read the manifest"),
    )
    .expect("decode the manifest");
    let mut number = 0u32;
    std::fs::create_dir_all(data.join("search/tails")).expect("a folder for the tails");
    for index in 0..manifest.shard_count() {
        let file = duet_core::search::shard_file(index);
        let text = read_to_string(data.join(&file)).expect("read a shard");
        let shard = decode_shard(&file, &text).expect("decode a shard");
        let (shard, tiers) = shard.tiered(head_size, manifest.articles, number);
        for tier in tiers {
            let path = data.join(tail_file(number));
            write(&path, encode_shard(&tier).as_bytes()).expect("write a tier");
            number += 1;
        }
        write(&data.join(&file), encode_shard(&shard).as_bytes()).expect("write a shard");
    }
}

#[tokio::test]
async fn common_words_fetch_their_tails_only_when_the_heads_cannot_decide() {
    bounded_for(180, async {
        use duet_bundle::output::search::read::search_folder;
        use duet_core::search::{decode_manifest, Query, SEARCH_MANIFEST};
        let (site, catalog) = archive_site(ARTICLES);
        let data = site.data_file("");
        let manifest_of = || {
            let text = duet_bundle::bundle_file::read_to_string(data.join(SEARCH_MANIFEST))
                .expect("read the manifest");
            decode_manifest(SEARCH_MANIFEST, &text).expect("decode the manifest")
        };
        let queries = ["model", "开源", "open 模型", "agents"];
        let found = |text: &str| {
            let answer = search_folder(&data, &manifest_of(), &Query::parse(text), 10)
                .expect("search the bundle");
            let slugs: Vec<String> = answer
                .ranking
                .results
                .iter()
                .map(|result| catalog.articles[result.article].slug.clone())
                .collect();
            let tails = answer
                .files
                .iter()
                .filter(|file| file.starts_with("search/tails/"))
                .count();
            (slugs, tails)
        };
        let whole: Vec<Vec<String>> = queries.iter().map(|text| found(text).0).collect();
        tier_index(&data, 4);
        let mut fetched_tails = false;
        for (text, expected) in queries.iter().zip(&whole) {
            let (slugs, tails) = found(text);
            assert_eq!(
                &slugs, expected,
                "{text}: the tiered index ranks as the whole one"
            );
            fetched_tails |= tails > 0;
        }
        assert!(
            fetched_tails,
            "some query needs a tail, or the test tests nothing"
        );

        let browser = site.browser().await;
        for (text, expected) in queries.iter().zip(&whole) {
            browser
                .goto(&format!("/search?q={}", url_encode(text)))
                .await;
            browser
                .wait_for("section.search-results[data-state=\"done\"]")
                .await;
            let shown: Vec<String> = browser
                .attrs("li.search-hit", "data-slug")
                .await
                .into_iter()
                .flatten()
                .collect();
            assert_eq!(&shown, expected, "{text}: the app ranks as the whole index");
        }
        let requested = site.requested();
        assert!(
            requested
                .iter()
                .any(|path| path.contains("/data/search/tails/")),
            "the app fetched the tails it needed: {requested:?}"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
