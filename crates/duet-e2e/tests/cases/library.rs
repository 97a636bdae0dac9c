//! The library page: the article cards, the tag filter and the popular list.

use duet_core::format::views;
use duet_core::Lang;

use super::{bounded, card};
use crate::harness::Site;

#[tokio::test]
async fn library_lists_every_article_newest_first_with_its_titles() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;

        // The static boot notice gives way to the app.
        assert_eq!(
            browser.count("#boot").await,
            0,
            "the boot notice is still up"
        );
        assert_eq!(browser.text("main h1").await, "All articles");

        let shown: Vec<String> = browser
            .attrs(".card", "data-slug")
            .await
            .into_iter()
            .flatten()
            .collect();
        let catalog: Vec<String> = site
            .bundle
            .catalog
            .articles
            .iter()
            .map(|meta| meta.slug.clone())
            .collect();
        assert_eq!(shown, catalog, "one card per article, in catalog order");
        let dates: Vec<&str> = site
            .bundle
            .catalog
            .articles
            .iter()
            .map(|meta| meta.date.as_str())
            .collect();
        assert!(
            dates.windows(2).all(|pair| pair[0] >= pair[1]),
            "cards are newest first, but their dates are {dates:?}"
        );

        for meta in &site.bundle.catalog.articles {
            let titles = format!("{} .card-titles .card-title", card(&meta.slug));
            assert_eq!(
                browser.count(&titles).await,
                meta.head.langs().len(),
                "{}: one title per language it has",
                meta.slug
            );
            for lang in meta.head.langs() {
                let title = format!("{titles}[lang=\"{}\"]", lang.bcp47());
                assert_eq!(
                    browser.text(&title).await,
                    meta.head
                        .get(lang)
                        .expect("langs() lists present heads")
                        .title,
                    "{}: the {} title on its card",
                    meta.slug,
                    lang.code()
                );
            }
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn tag_filter_narrows_the_list_and_all_restores_it() {
    bounded(async {
        let site = Site::start();
        let tag = site.bundle.narrowing_tag();
        let tagged = site.bundle.tagged(&tag);
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".card").await;

        let chip = format!(".tag-filter a.chip[data-tag=\"{tag}\"]");
        browser.click(&chip).await;
        browser
            .wait_js(
                &format!(
                    "the list to narrow to the {} articles tagged {tag}",
                    tagged.len()
                ),
                &format!(
                    "document.querySelectorAll('.card').length === {}",
                    tagged.len()
                ),
            )
            .await;
        assert_eq!(browser.path().await, format!("/?tag={tag}"));
        let shown: Vec<String> = browser
            .attrs(".card", "data-slug")
            .await
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(
            shown, tagged,
            "only the tagged articles, still newest first"
        );
        assert_eq!(
            browser.attr(&chip, "aria-current").await.as_deref(),
            Some("page")
        );
        assert_eq!(
            browser
                .attr(".tag-filter a.chip:not([data-tag])", "aria-current")
                .await,
            None,
            "the 'all' chip is no longer the current one"
        );
        assert_eq!(
            browser.text("main h1").await,
            site.bundle.tag_label(&tag, Lang::En)
        );

        browser.click(".tag-filter a.chip:not([data-tag])").await;
        let total = site.bundle.catalog.articles.len();
        browser
            .wait_js(
                "every article to be listed again",
                &format!("document.querySelectorAll('.card').length === {total}"),
            )
            .await;
        assert_eq!(browser.path().await, "/");
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn popular_list_shows_the_most_read_with_view_counts_in_the_interface_language() {
    bounded(async {
        let site = Site::start();
        let popular: Vec<_> = site.bundle.popular().into_iter().take(5).collect();
        let browser = site.browser().await;
        browser.goto("/").await;
        browser.wait_for(".popular li").await;

        assert_eq!(browser.text(".popular h2").await, "Popular");
        let titles: Vec<String> = popular
            .iter()
            .map(|meta| {
                meta.head
                    .get_or_other(Lang::En)
                    .expect("an article has a head")
                    .title
                    .clone()
            })
            .collect();
        assert_eq!(browser.texts(".popular li a").await, titles);
        let counts: Vec<String> = popular
            .iter()
            .map(|meta| views(meta.views, Lang::En))
            .collect();
        assert_eq!(browser.texts(".popular li .views").await, counts);

        browser.click("button.ui-lang[lang=\"zh-Hans\"]").await;
        browser
            .wait_js(
                "the popular heading in Chinese",
                "document.querySelector('.popular h2').innerText.trim() === '热门文章'",
            )
            .await;
        let counts: Vec<String> = popular
            .iter()
            .map(|meta| views(meta.views, Lang::Zh))
            .collect();
        assert_eq!(browser.texts(".popular li .views").await, counts);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn an_article_page_does_not_list_itself_among_the_popular() {
    bounded(async {
        let site = Site::start();
        let popular = site.bundle.popular();
        let most_read = popular[0];
        let title = |meta: &duet_core::ArticleMeta| {
            meta.head
                .get_or_other(Lang::En)
                .expect("an article has a head")
                .title
                .clone()
        };
        let browser = site.browser().await;
        browser.open_article(&most_read.slug, "").await;
        browser.wait_for(".popular li").await;
        // The next five instead: the list still has as many entries.
        let expected: Vec<String> = popular[1..]
            .iter()
            .take(5)
            .map(|meta| title(meta))
            .collect();
        assert_eq!(browser.texts(".popular li a").await, expected);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
