//! Moving around: from a card to its article and back, the header, and addresses
//! that lead nowhere.

use duet_core::format::{reading_time, Date};
use duet_core::Lang;
use serde_json::json;

use super::{bounded, card};
use crate::harness::bundle::title;
use crate::harness::Site;

#[tokio::test]
async fn clicking_a_card_opens_the_article_with_its_head() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let meta = &article.meta;
        let slug = &meta.slug;
        let browser = site.browser().await;
        browser.goto("/").await;
        browser
            .click(&format!("{} .card-titles a", card(slug)))
            .await;
        browser
            .wait_for(&format!(".article-page[data-slug=\"{slug}\"]"))
            .await;
        assert_eq!(browser.path().await, format!("/a/{slug}"));

        // The interface is English, so English leads and Chinese is the subtitle.
        let english = meta.head.en.as_ref().expect("a bilingual article");
        assert_eq!(browser.text(".article-head h1").await, english.title);
        assert_eq!(
            browser.attr(".article-head h1", "lang").await.as_deref(),
            Some("en")
        );
        assert_eq!(
            browser.text(".article-head .title-translation").await,
            title(meta, Lang::Zh)
        );
        let page_title = browser.js("return document.title;", Vec::new()).await;
        assert_eq!(page_title, json!(english.title));

        if let Some(source) = &english.source {
            assert_eq!(browser.text(".meta-line .source").await, *source);
        }
        if !english.authors.is_empty() {
            let byline = browser.text(".meta-line .byline").await;
            assert!(
                byline.contains(&english.authors.join(", ")),
                "byline {byline:?} names {:?}",
                english.authors
            );
        }
        let mut dates = vec![(".published time", meta.date.clone())];
        if let Some(updated) = &meta.updated {
            dates.push((".updated time", updated.clone()));
        }
        for (css, date) in dates {
            let css = format!(".meta-line {css}");
            let shown = browser.text(&css).await;
            let absolute = Date::parse(&date)
                .expect("bundle dates are real dates")
                .display(Lang::En);
            // The head shows the date as the pre-rendered page does; how long ago it
            // was (which depends on today) is its tooltip.
            assert_eq!(shown, absolute, "{css}");
            let relative = browser.attr(&css, "title").await.unwrap_or_default();
            assert!(
                relative.ends_with(" ago") || relative == "today" || relative == "yesterday",
                "{css} title {relative:?}"
            );
            assert_eq!(browser.attr(&css, "datetime").await, Some(date));
        }
        let reading: Vec<String> = meta
            .head
            .langs()
            .into_iter()
            .map(|lang| {
                let minutes = meta.head.get(lang).expect("present").reading_minutes;
                format!("{} {}", lang.endonym(), reading_time(minutes, Lang::En))
            })
            .collect();
        assert_eq!(
            browser.text(".meta-line .reading-time").await,
            reading.join(" · ")
        );
        assert_eq!(browser.text(".abstract").await, english.description);

        let related = meta
            .related
            .iter()
            .filter(|slug| {
                site.bundle
                    .catalog
                    .articles
                    .iter()
                    .any(|m| &m.slug == *slug)
            })
            .count();
        assert_eq!(browser.count(".related .related-item").await, related);
        let tags: Vec<String> = meta
            .tags
            .iter()
            .map(|tag| site.bundle.tag_label(tag, Lang::En))
            .collect();
        assert_eq!(browser.texts(".tags .tag-list a").await, tags);
        let comments: usize = Lang::ALL
            .iter()
            .filter_map(|lang| article.body.get(*lang))
            .map(|body| body.comments.len())
            .sum();
        assert_eq!(browser.count(".comments .comment").await, comments);
        assert_eq!(
            browser.count(".popular li").await,
            site.bundle.catalog.articles.len().min(5)
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn back_button_returns_to_the_library_after_opening_an_article() {
    bounded(async {
        let site = Site::start();
        let slug = &site.bundle.bilingual().meta.slug;
        let browser = site.browser().await;
        browser.goto("/").await;
        browser
            .click(&format!("{} .card-titles a", card(slug)))
            .await;
        browser.wait_for(".article-page").await;

        browser.back().await;
        browser.wait_for(".card").await;
        assert_eq!(browser.path().await, "/");
        assert_eq!(browser.count(".article-page").await, 0);
        assert_eq!(
            browser.count(".card").await,
            site.bundle.catalog.articles.len()
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn header_shows_the_site_title_and_marks_external_links() {
    bounded(async {
        let site = Site::start();
        let site_settings = &site.bundle.catalog.site;
        let slug = &site.bundle.bilingual().meta.slug;
        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}")).await;
        browser.wait_for(".article-page").await;

        let site_title = site_settings
            .title
            .get_or_other(Lang::En)
            .expect("the site has a title");
        browser
            .wait_js(
                "the site title from the catalog",
                &format!(
                    "document.querySelector('a.site-title').innerText.trim() === {}",
                    json!(site_title)
                ),
            )
            .await;
        // The site settings' links; the app's own (My words) comes after them.
        let links = browser.texts("nav.site-nav a:not(.saved-link)").await;
        assert_eq!(links.len(), site_settings.nav.len());
        for (index, link) in site_settings.nav.iter().enumerate() {
            let css = format!("nav.site-nav a:nth-of-type({})", index + 1);
            let label = link.label.get_or_other(Lang::En).expect("a nav label");
            assert!(
                links[index].starts_with(label.as_str()),
                "nav link {index} reads {:?}, expected {label:?}",
                links[index]
            );
            let class = browser.attr(&css, "class").await.unwrap_or_default();
            if link.external {
                assert!(class.contains("external"), "{css} is marked external");
                assert_eq!(browser.attr(&css, "href").await.as_ref(), Some(&link.href));
                assert_eq!(
                    browser.attr(&css, "target").await.as_deref(),
                    Some("_blank")
                );
                let rel = browser.attr(&css, "rel").await.unwrap_or_default();
                assert!(rel.contains("noopener"), "{css} has rel {rel:?}");
            } else {
                assert!(!class.contains("external"), "{css} is an app link");
                assert_eq!(browser.attr(&css, "target").await, None);
            }
        }

        browser.click("a.site-title").await;
        browser.wait_for(".card").await;
        assert_eq!(browser.path().await, "/");
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn unknown_slug_shows_not_found_with_a_link_back_that_works() {
    bounded(async {
        let site = Site::start();
        let mut slug = "no-such-article".to_string();
        while site
            .bundle
            .catalog
            .articles
            .iter()
            .any(|meta| meta.slug == slug)
        {
            slug.push_str("-really");
        }
        let browser = site.browser().await;
        browser.goto(&format!("/a/{slug}")).await;
        browser.wait_for(".not-found").await;
        assert_eq!(browser.text(".not-found h1").await, "Page not found");
        assert_eq!(browser.count(".article-page").await, 0);

        browser.click(".not-found a[href=\"/\"]").await;
        browser.wait_for(".card").await;
        assert_eq!(browser.path().await, "/");

        // An address whose last part is no slug at all: not found, and no file is
        // asked for on its behalf (slugs become paths of the bundle).
        browser.goto("/a/Not%20A%20Slug").await;
        browser.wait_for(".not-found").await;
        assert_eq!(browser.count(".article-page").await, 0);
        let requested = site.requested();
        assert!(
            requested
                .iter()
                .any(|path| path.contains(&format!("/articles/{slug}.json.gz"))),
            "the server records what was asked: {requested:?}"
        );
        let asked: Vec<String> = requested
            .into_iter()
            .filter(|path| path.contains("/articles/"))
            .collect();
        assert!(
            asked.iter().all(|path| !path.contains("Not")),
            "asked for {asked:?}"
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn unknown_route_shows_not_found() {
    bounded(async {
        let site = Site::start();
        let browser = site.browser().await;
        browser.goto("/nope/x").await;
        browser.wait_for(".not-found").await;
        assert_eq!(browser.text(".not-found h1").await, "Page not found");
        assert_eq!(browser.count(".not-found a[href=\"/\"]").await, 1);
        // The header stays, so the reader is not stranded.
        assert_eq!(browser.count("header.site-header a.site-title").await, 1);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
