//! The library: one page of one list of the archive (everything, a tag, a level or a
//! month), newest first, with the filters, a pager and the popular list. What it
//! fetches does not grow with the archive: the catalog's head, then one list page.

use std::sync::Arc;

use duet_core::listing::{CatalogHead, ListKey, ListPage};
use leptos::prelude::*;

use crate::browser;
use crate::chunks::Lazy;
use crate::components::cards::{ArticleCard, PopularList};
use crate::components::status::{LoadErrorView, Loading};
use crate::data::catalog::CatalogResource;
use crate::data::lists::fetch_list_page;
use crate::data::LoadError;
use crate::i18n::ui_text;
use crate::library::filters::{ArchiveIndex, LevelFilter, TagFilter};
use crate::library::pager::Pager;
use crate::library::titles::list_title;
use crate::load_chunk;
use crate::nav::route;
use crate::nav::router::use_query_map;
use crate::reader::prefs::ReaderPrefs;

/// Route `/`: waits for the catalog's head, then shows the list the address names.
#[component]
pub fn LibraryPage() -> impl IntoView {
    let catalog = CatalogResource::expect().0;
    let query = use_query_map();
    let shown = Memo::new(move |_| route::library_list(&query.read()));
    view! {
        <Suspense fallback=|| view! { <Loading message=|text| text.loading/> }>
            {move || Suspend::new(async move {
                match catalog.await {
                    Ok(catalog) => view! { <Library catalog=catalog shown=shown/> }.into_any(),
                    Err(error) => {
                        view! { <LoadErrorView error=error retry=Callback::new(move |_| catalog.refetch())/> }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The loaded library around one list page.
#[component]
fn Library(
    /// The catalog's head.
    catalog: Arc<CatalogHead>,
    /// The list and page the address names.
    shown: Memo<(ListKey, u32)>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let list = Memo::new(move |_| shown.get().0);
    let title_catalog = catalog.clone();
    Effect::new(move |_| {
        let ui = prefs.ui_lang.get();
        let site = title_catalog
            .site
            .title
            .get_or_other(ui)
            .cloned()
            .unwrap_or_default();
        let (list, page) = shown.get();
        let mut title = match list {
            ListKey::All => ui_text(ui).library.to_string(),
            other => list_title(&other, ui),
        };
        if page > 1 {
            title = format!("{title} ({page})");
        }
        browser::document().set_title(&format!("{title} · {site}"));
    });
    let page_catalog = catalog.clone();
    let page = LocalResource::new(move || {
        let (list, page) = shown.get();
        let catalog = page_catalog.clone();
        async move { load_page(&catalog, &list, page).await }
    });
    let articles = catalog.total as usize;
    view! {
        <div class="library layout-with-aside">
            <section class="library-main" aria-labelledby="library-heading">
                <h1 id="library-heading">
                    {move || list_title(&list.get(), prefs.ui_lang.get())}
                </h1>
                <TagFilter catalog=catalog.clone() current=list/>
                <LevelFilter catalog=catalog.clone() current=list/>
                <ArchiveIndex catalog=catalog.clone() current=list/>
                <Transition fallback=|| view! { <Loading message=|text| text.loading/> }>
                    {move || {
                        Suspend::new(async move {
                            let (list, number) = shown.get_untracked();
                            match page.await {
                                Ok(loaded) => view! { <Cards list=list page=loaded/> }.into_any(),
                                Err(error) if error.is_not_found() => {
                                    let first = crate::nav::links::app_href(&route::library_page(&list, 1));
                                    let message = move || {
                                        if number > 1 {
                                            text().no_such_page.replace("{page}", &number.to_string())
                                        } else {
                                            text().no_articles.to_string()
                                        }
                                    };
                                    view! {
                                        <div class="status empty" data-state="missing-page">
                                            <p>{message}</p>
                                            <p><a href=first>{move || text().first_page}</a></p>
                                        </div>
                                    }
                                    .into_any()
                                }
                                Err(error) => view! {
                                    <LoadErrorView error=error retry=Callback::new(move |_| page.refetch())/>
                                }
                                .into_any(),
                            }
                        })
                    }}
                </Transition>
            </section>
            <aside class="aside">
                <PopularList catalog=catalog.clone()/>
                <Lazy load=move || async move { load_chunk!(crate::library::offline_control::chunk_view(articles)) }/>
                <Lazy load=|| async { load_chunk!(crate::reader::transfer::panel::chunk_view()) }/>
            </aside>
        </div>
    }
}

/// Page `page` of `list`: the head's own newest page for the first page of
/// everything (no fetch), else the list page file.
async fn load_page(
    catalog: &CatalogHead,
    list: &ListKey,
    page: u32,
) -> Result<Arc<ListPage>, LoadError> {
    if *list == ListKey::All && page == 1 {
        return Ok(Arc::new(ListPage {
            schema_version: catalog.schema_version,
            total: catalog.total,
            page: 1,
            articles: catalog.newest.clone(),
            tag_labels: Vec::new(),
        }));
    }
    fetch_list_page(list, page).await
}

/// One page's cards, with the pager.
#[component]
fn Cards(list: ListKey, page: Arc<ListPage>) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    // The reader's places and bookmarks, read once per page shown.
    let positions = crate::reader::position::load().unwrap_or_default();
    let bookmarked = crate::reader::bookmarks::load().unwrap_or_default();
    let empty = page.articles.is_empty();
    let cards = page
        .articles
        .iter()
        .map(|meta| {
            let resume = positions
                .iter()
                .find(|position| position.slug == meta.slug)
                .map(|position| position.pair.clone());
            let is_bookmarked = bookmarked.iter().any(|bookmark| bookmark.slug == meta.slug);
            view! {
                <ArticleCard
                    resume=resume
                    bookmarked=is_bookmarked
                    meta=meta.clone()
                />
            }
        })
        .collect_view();
    let (number, total) = (page.page, page.total);
    let count = move || {
        let text = ui_text(prefs.ui_lang.get());
        let mut line = if total == 1 {
            text.list_count_one.to_string()
        } else {
            text.list_count.replace("{count}", &total.to_string())
        };
        let pages = duet_core::listing::page_count(total);
        if pages > 1 {
            line.push_str(" · ");
            line.push_str(
                &text
                    .page_of
                    .replace("{page}", &number.to_string())
                    .replace("{pages}", &pages.to_string()),
            );
        }
        line
    };
    view! {
        {(!empty).then(|| view! { <p class="list-count quiet">{count}</p> })}
        <div class="card-list" data-page=page.page data-total=page.total>{cards}</div>
        {empty.then(|| view! { <p class="status empty">{move || ui_text(prefs.ui_lang.get()).no_articles}</p> })}
        <Pager list=list page=page.page total=page.total/>
    }
}

/// The library.
/// In the split build, the entry of wasm chunk `library` (see `crate::chunks`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(library, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn chunk_view() -> crate::chunks::ChunkView {
    Ok(view! { <LibraryPage/> }.into_any())
}
