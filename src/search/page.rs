//! Route `/search?q=`: results as you type, grouped per article, with excerpts in
//! the language that matched and its translation.

use std::sync::Arc;

use crate::nav::router::use_query_map;
use duet_core::search::{
    counterpart_start, excerpt, excerpt_start, highlight, passage, ArticleResult, Field, Hit, Query,
};
use duet_core::{Article, ArticleMeta, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::components::status::LoadErrorView;
use crate::data::lists::fetch_list_page;
use crate::data::{fetch_article, LoadError, SearchIndex};
use crate::i18n::ui_text;
use crate::nav::links;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;
use duet_core::listing::{page_of_article, ListKey, ListPage};

/// What one query produced.
#[derive(Clone)]
struct Outcome {
    query: Arc<Query>,
    /// Each result with its card and, when it was fetched for excerpts, its article.
    results: Vec<(ArticleResult, ArticleMeta, Option<Arc<Article>>)>,
    /// Time the engine took to rank, without fetching.
    engine_ms: f64,
}

/// How many articles are shown.
const SHOWN: usize = 10;
/// How many of them (the best) have their article fetched to cut excerpts from; the
/// rest show their abstract from their card. Opening a result then needs no fetch.
const EXCERPTED: usize = 5;

async fn run(text: String, index: SearchIndex) -> Result<Option<Outcome>, LoadError> {
    let query = Query::parse(&text);
    if query.is_empty() {
        return Ok(None);
    }
    let manifest = index.manifest().await?;
    let mut shards = Vec::new();
    let mut wanted = query.shard_files(&manifest);
    let mut fetched = wanted.clone();
    let mut engine_ms = 0.0;
    // The shards, then the next tier of each common word for as long as what is
    // fetched cannot settle the results (a tier holds four times the one before, so
    // a word's tiers run out within a few rounds).
    let ranked = loop {
        for file in wanted {
            shards.push(index.shard(&file).await?);
        }
        let started = browser::now_ms();
        let ranking = duet_core::search::search(&query, &manifest, &shards, SHOWN);
        engine_ms += browser::now_ms() - started;
        wanted = ranking.tails;
        // Never the same file twice (only a damaged bundle would ask).
        wanted.retain(|file| !fetched.contains(file));
        if wanted.is_empty() {
            break ranking.results;
        }
        fetched.extend(wanted.iter().cloned());
    };
    let cards = cards_of(&ranked).await?;
    // All at once; an article that fails to load only loses its excerpts (opening it
    // shows the error, with retry).
    let articles = futures::future::join_all(
        cards
            .iter()
            .take(EXCERPTED)
            .map(|card| async move { fetch_article(&card.slug).await.ok() }),
    )
    .await;
    let mut articles = articles.into_iter();
    let results = ranked
        .into_iter()
        .zip(cards)
        .map(|(result, card)| (result, card, articles.next().flatten()))
        .collect();
    Ok(Some(Outcome {
        query: Arc::new(query),
        results,
        engine_ms,
    }))
}

/// The cards of `ranked`, in order, from the pages of the whole list that hold them
/// (article `i` of the index is entry `i` of that list): a few small files, whatever
/// the archive's size, and no catalog.
async fn cards_of(ranked: &[ArticleResult]) -> Result<Vec<ArticleMeta>, LoadError> {
    let mut pages: Vec<u32> = ranked
        .iter()
        .map(|result| page_of_article(result.article).0)
        .collect();
    duet_core::sort::sort_by(&mut pages, Ord::cmp);
    pages.dedup();
    let loaded = futures::future::join_all(
        pages
            .iter()
            .map(|page| async move { fetch_list_page(&ListKey::All, *page).await }),
    )
    .await;
    let loaded: Vec<Arc<ListPage>> = loaded.into_iter().collect::<Result<_, _>>()?;
    ranked
        .iter()
        .map(|result| {
            let (page, at) = page_of_article(result.article);
            let index = pages.iter().position(|known| *known == page);
            index
                .and_then(|index| loaded[index].articles.get(at).cloned())
                .ok_or_else(|| LoadError::Status {
                    url: crate::browser::data_url(&ListKey::All.page_path(page)),
                    status: 404,
                })
        })
        .collect()
}

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let index = SearchIndex::expect();
    let query_map = use_query_map();
    let typed = Memo::new(move |_| query_map.read().get("q").unwrap_or_default());
    let outcome = LocalResource::new(move || {
        let typed = typed.get();
        async move { run(typed, index).await }
    });
    Effect::new(move |_| {
        browser::document().set_title(&format!("{} · {}", typed.get(), text().search_title))
    });
    let keyboard = window_event_listener(leptos::ev::keydown, move |event| move_focus(&event));
    on_cleanup(move || keyboard.remove());
    let loading = move || {
        view! {
            <section class="search-results" data-state="loading" aria-busy="true">
                <p class="status loading" role="status">{move || text().searching}</p>
            </section>
        }
    };
    view! {
        <section class="search-page">
            <h1>{move || text().search_title}</h1>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match outcome.await {
                        Ok(Some(outcome)) => view! { <Results outcome=outcome/> }.into_any(),
                        Ok(None) => view! {
                            <section class="search-results" data-state="done">
                                <p class="status">{move || text().search_prompt}</p>
                            </section>
                        }
                        .into_any(),
                        Err(error) => view! {
                            <section class="search-results" data-state="error">
                                <LoadErrorView error=error retry=Callback::new(move |_| outcome.refetch())/>
                            </section>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Arrow keys move between result links; from the search box, down enters the list.
/// Anywhere else (a menu, the page) the arrows keep their own meaning.
fn move_focus(event: &web_sys::KeyboardEvent) {
    let step: i32 = match event.key().as_str() {
        "ArrowDown" => 1,
        "ArrowUp" => -1,
        _ => return,
    };
    let document = browser::document();
    let Ok(links) = document.query_selector_all(".search-results a") else {
        return;
    };
    let links: Vec<web_sys::HtmlElement> = (0..links.length())
        .filter_map(|index| links.item(index))
        .filter_map(|node| node.dyn_into().ok())
        .collect();
    if links.is_empty() {
        return;
    }
    let active = document.active_element();
    let current = links.iter().position(|link| {
        active
            .as_ref()
            .is_some_and(|active| active == link.unchecked_ref::<web_sys::Element>())
    });
    let in_search_box = active
        .as_ref()
        .is_some_and(|active| active.id() == "search-input");
    let next = match current {
        Some(index) => (index as i32 + step).clamp(0, links.len() as i32 - 1) as usize,
        None if step > 0 && in_search_box => 0,
        None => return,
    };
    event.prevent_default();
    let _ = links[next].focus();
}

/// The ranked articles.
#[component]
fn Results(outcome: Outcome) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let empty = outcome.results.is_empty();
    let query = outcome.query.clone();
    let items = outcome
        .results
        .into_iter()
        .map(|(result, meta, article)| {
            view! { <ResultItem meta=meta result=result article=article query=query.clone()/> }
        })
        .collect_view();
    view! {
        <section class="search-results" data-state="done" data-ms=milliseconds(outcome.engine_ms)>
            {empty.then(|| view! { <p class="status search-empty">{move || ui_text(prefs.ui_lang.get()).search_no_results}</p> })}
            <ol>{items}</ol>
        </section>
    }
}

/// Milliseconds with three decimals (`12.345`), through whole microseconds: printing
/// a float would compile Rust's float formatting (≈ 12 KB) into the wasm.
fn milliseconds(ms: f64) -> String {
    let micros = (ms.max(0.0) * 1000.0).round_ties_even() as u64;
    format!("{}.{:03}", micros / 1000, micros % 1000)
}

/// Where a hit leads: the article in the reader's current view, at the passage.
fn hit_href(slug: &str, hit: Option<&Hit>) -> String {
    let prefs = ReaderPrefs::expect();
    let layout = prefs
        .layout
        .get_untracked()
        .map(|layout| layout.query())
        .unwrap_or_default();
    let anchor = hit
        .filter(|hit| !matches!(hit.field, Field::Title | Field::Abstract))
        .map(|hit| hit.pair_id.as_str());
    links::app_href(&route::article_with(slug, &layout, anchor))
}

/// One article with its best passages.
#[component]
fn ResultItem(
    meta: duet_core::ArticleMeta,
    result: ArticleResult,
    /// The article, when it was fetched for excerpts.
    article: Option<Arc<Article>>,
    query: Arc<Query>,
) -> impl IntoView {
    let best_lang = result.hits.first().map(|hit| hit.lang).unwrap_or(Lang::En);
    let shown = if meta.head.get(best_lang).is_some() {
        best_lang
    } else {
        best_lang.other()
    };
    let head = meta.head.get(shown);
    let title = head.map(|head| head.title.clone()).unwrap_or_default();
    let passages: Vec<AnyView> = match &article {
        Some(article) => result
            .hits
            .iter()
            .filter(|hit| !matches!(hit.field, Field::Title))
            .take(3)
            .map(|hit| passage_view(&meta.slug, hit, article, &query).into_any())
            .collect(),
        None => Vec::new(),
    };
    // Without excerpts (a lower result, or its article failed to load), the abstract.
    let summary = passages.is_empty().then(|| {
        let description = head
            .map(|head| head.description.clone())
            .unwrap_or_default();
        view! {
            <li>
                <a class="hit-link" href=hit_href(&meta.slug, result.hits.first())>
                    <span lang=shown.bcp47()>{highlighted(&description, &query)}</span>
                </a>
            </li>
        }
    });
    view! {
        <li class="search-hit" data-slug=meta.slug.clone()>
            <h2><a href=hit_href(&meta.slug, None) lang=shown.bcp47()>{highlighted(&title, &query)}</a></h2>
            <ul>{passages}{summary}</ul>
        </li>
    }
}

/// One passage: the text around the match, marked, and its translation under it.
fn passage_view(slug: &str, hit: &Hit, article: &Article, query: &Query) -> impl IntoView {
    let own = passage(article, hit.lang, &hit.pair_id);
    let other = passage(article, hit.lang.other(), &hit.pair_id);
    let own_start = own
        .as_ref()
        .and_then(|own| excerpt_start(own, query))
        .unwrap_or(0);
    let counterpart = other.zip(own.as_ref()).map(|(other, own)| {
        let start = counterpart_start(&other, query, own, own_start);
        let text = excerpt(&other, query, hit.lang.other(), start);
        view! { <span class="counterpart" lang=hit.lang.other().bcp47()>{highlighted(&text, query)}</span> }
    });
    let own = own
        .map(|own| excerpt(&own, query, hit.lang, own_start))
        .unwrap_or_default();
    view! {
        <li>
            <a class="hit-link" href=hit_href(slug, Some(hit)) data-pair=hit.pair_id.clone()>
                <span lang=hit.lang.bcp47()>{highlighted(&own, query)}</span>
                {counterpart}
            </a>
        </li>
    }
}

/// Text with the query's matches wrapped in `<mark>`.
fn highlighted(text: &str, query: &Query) -> impl IntoView {
    highlight(text, query)
        .into_iter()
        .map(|(range, matched)| {
            let part = text[range].to_string();
            if matched {
                view! { <mark>{part}</mark> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

/// The search page.
/// In the split build, the entry of wasm chunk `search` (see `crate::chunks`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(search, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn chunk_view() -> crate::chunks::ChunkView {
    Ok(view! { <SearchPage/> }.into_any())
}

#[cfg(test)]
mod tests {
    use super::milliseconds;

    #[test]
    fn milliseconds_keep_three_decimals() {
        assert_eq!(milliseconds(0.0), "0.000");
        assert_eq!(milliseconds(12.3456), "12.346");
        assert_eq!(milliseconds(0.0004), "0.000");
        assert_eq!(milliseconds(1500.0), "1500.000");
    }
}
