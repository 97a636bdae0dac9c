//! The library: every article, newest first, with a tag filter and popular list.

use std::sync::Arc;

use crate::nav::router::use_query_map;
use duet_core::Catalog;
use leptos::prelude::*;

use crate::browser;
use crate::chunks::Lazy;
use crate::components::cards::{tag_label, ArticleCard, PopularList};
use crate::components::status::{LoadErrorView, Loading};
use crate::data::catalog::CatalogResource;
use crate::i18n::ui_text;
use crate::load_chunk;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;

/// Route `/`: waits for the catalog, then lists it.
#[component]
pub fn LibraryPage() -> impl IntoView {
    let catalog = CatalogResource::expect().0;
    let query = use_query_map();
    let tag = Signal::derive(move || query.read().get("tag").filter(|tag| !tag.is_empty()));
    let level = Signal::derive(move || {
        query
            .read()
            .get("level")
            .and_then(|level| level.parse::<u8>().ok())
    });
    view! {
        <Suspense fallback=|| view! { <Loading message=|text| text.loading/> }>
            {move || Suspend::new(async move {
                match catalog.await {
                    Ok(catalog) => view! { <Library catalog=catalog tag=tag level=level/> }.into_any(),
                    Err(error) => {
                        view! { <LoadErrorView error=error retry=Callback::new(move |_| catalog.refetch())/> }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The loaded library.
#[component]
fn Library(
    /// The site's catalog.
    catalog: Arc<Catalog>,
    /// Only articles with this tag, when set.
    tag: Signal<Option<String>>,
    /// Only articles at this HSK level or easier, when set.
    level: Signal<Option<u8>>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let title_catalog = catalog.clone();
    Effect::new(move |_| {
        let ui = prefs.ui_lang.get();
        let site = title_catalog
            .site
            .title
            .get_or_other(ui)
            .cloned()
            .unwrap_or_default();
        let page = match tag.get() {
            Some(tag) => format!("{} · {site}", tag_label(&title_catalog, &tag, ui)),
            None => format!("{} · {site}", ui_text(ui).library),
        };
        browser::document().set_title(&page);
    });
    let list_catalog = catalog.clone();
    let shown = Memo::new(move |_| {
        let tag = tag.get();
        let level = level.get();
        list_catalog
            .articles
            .iter()
            .filter(|meta| tag.as_ref().is_none_or(|tag| meta.tags.contains(tag)))
            .filter(|meta| {
                level.is_none_or(|level| {
                    meta.difficulty
                        .as_ref()
                        .is_some_and(|difficulty| difficulty.level <= level)
                })
            })
            .cloned()
            .collect::<Vec<_>>()
    });
    let card_catalog = catalog.clone();
    let articles = catalog.articles.len();
    // The reader's places and bookmarks, read once per visit to the library.
    let positions = crate::reader::position::load().unwrap_or_default();
    let bookmarked = crate::reader::bookmarks::load().unwrap_or_default();
    let resume = move |slug: &str| {
        positions
            .iter()
            .find(|position| position.slug == slug)
            .map(|position| position.pair.clone())
    };
    let is_bookmarked = move |slug: &str| bookmarked.iter().any(|bookmark| bookmark.slug == slug);
    let heading_catalog = catalog.clone();
    view! {
        <div class="library layout-with-aside">
            <section class="library-main" aria-labelledby="library-heading">
                <h1 id="library-heading">
                    {move || match tag.get() {
                        Some(tag) => tag_label(&heading_catalog, &tag, prefs.ui_lang.get()),
                        None => text().all_articles.to_string(),
                    }}
                </h1>
                <TagFilter catalog=catalog.clone() current=tag/>
                <LevelFilter catalog=catalog.clone() current=level/>
                <div class="card-list">
                    <For each=move || shown.get() key=|meta| meta.slug.clone() let:meta>
                        <ArticleCard
                            resume=resume(&meta.slug)
                            bookmarked=is_bookmarked(&meta.slug)
                            meta=meta
                            catalog=card_catalog.clone()
                        />
                    </For>
                </div>
                <Show when=move || shown.with(|list| list.is_empty())>
                    <p class="status empty">{move || text().no_articles}</p>
                </Show>
            </section>
            <aside class="aside">
                <PopularList catalog=catalog.clone()/>
                <Lazy load=move || async move { load_chunk!(crate::library::offline_control::chunk_view(articles)) }/>
                <Lazy load=|| async { load_chunk!(crate::reader::transfer::panel::chunk_view()) }/>
            </aside>
        </div>
    }
}

/// Tag chips with article counts; the current one is marked.
#[component]
fn TagFilter(
    /// Where tags and labels come from.
    catalog: Arc<Catalog>,
    /// The tag being filtered on.
    current: Signal<Option<String>>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for tag in catalog.articles.iter().flat_map(|meta| meta.tags.iter()) {
        match counts.iter_mut().find(|(known, _)| known == tag) {
            Some((_, count)) => *count += 1,
            None => counts.push((tag.clone(), 1)),
        }
    }
    duet_core::sort::sort_by(&mut counts, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
    });
    view! {
        <nav class="tag-filter" aria-label=move || ui_text(prefs.ui_lang.get()).filter_by_tag>
            <a href=crate::nav::links::app_href(&route::library()) class="chip" aria-current=move || current.get().is_none().then_some("page")>
                {move || ui_text(prefs.ui_lang.get()).all_tags}
            </a>
            {counts
                .into_iter()
                .map(|(tag, count)| {
                    let label_tag = tag.clone();
                    let label_catalog = catalog.clone();
                    let this_tag = tag.clone();
                    view! {
                        <a
                            href=crate::nav::links::app_href(&route::library_tag(&tag))
                            class="chip"
                            data-tag=tag.clone()
                            aria-current=move || (current.get().as_deref() == Some(this_tag.as_str())).then_some("page")
                        >
                            {move || tag_label(&label_catalog, &label_tag, prefs.ui_lang.get())}
                            <span class="count">{count}</span>
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Difficulty chips: every estimated level some article has, each showing articles at
/// that level or easier.
#[component]
fn LevelFilter(
    catalog: Arc<Catalog>,
    /// The level being filtered on.
    current: Signal<Option<u8>>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let mut levels: Vec<u8> = catalog
        .articles
        .iter()
        .filter_map(|meta| meta.difficulty.as_ref().map(|difficulty| difficulty.level))
        .collect();
    duet_core::sort::sort_by(&mut levels, Ord::cmp);
    levels.dedup();
    if levels.is_empty() {
        return ().into_any();
    }
    let chips = levels
        .into_iter()
        .map(|level| {
            view! {
                <a
                    class="chip"
                    href=crate::nav::links::app_href(&route::library_level(level))
                    data-level=level
                    aria-current=move || (current.get() == Some(level)).then_some("page")
                >
                    {format!("≤ {}", crate::components::cards::level_label(level))}
                </a>
            }
        })
        .collect_view();
    view! {
        <nav class="tag-filter level-filter" aria-label=move || ui_text(prefs.ui_lang.get()).filter_by_level>
            <a class="chip" href=crate::nav::links::app_href(&route::library()) aria-current=move || current.get().is_none().then_some("page")>
                {move || ui_text(prefs.ui_lang.get()).any_level}
            </a>
            {chips}
        </nav>
    }
    .into_any()
}
