//! The library's filters: the most used tags and the levels from the catalog's head,
//! and the archive index (every tag and every month), fetched only when opened.

use std::sync::Arc;

use duet_core::listing::{CatalogHead, Facets, ListKey, MonthCount};
use leptos::prelude::*;

use crate::components::cards::{level_label, tag_label};
use crate::components::status::LoadErrorView;
use crate::data::lists::fetch_facets;
use crate::i18n::ui_text;
use crate::library::titles::month_title;
use crate::nav::links::app_href;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;

/// `aria-current="page"` when `list` is the one shown.
fn current_if(current: Memo<ListKey>, list: ListKey) -> impl Fn() -> Option<&'static str> {
    move || (current.get() == list).then_some("page")
}

/// A filter chip leading to the first page of `list`, with its count.
fn chip(current: Memo<ListKey>, list: ListKey, count: u32) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let href = app_href(&route::library_page(&list, 1));
    let label_list = list.clone();
    let label = move || match &label_list {
        ListKey::Tag(tag) => tag_label(tag, prefs.ui_lang.get()),
        ListKey::Level(level) => format!("≤ {}", level_label(*level)),
        ListKey::Month(month) => month_title(month, prefs.ui_lang.get()),
        ListKey::All => ui_text(prefs.ui_lang.get()).all_tags.to_string(),
    };
    let data_tag = match &list {
        ListKey::Tag(tag) => Some(tag.clone()),
        _ => None,
    };
    let data_level = match &list {
        ListKey::Level(level) => Some(*level),
        _ => None,
    };
    let data_month = match &list {
        ListKey::Month(month) => Some(month.clone()),
        _ => None,
    };
    view! {
        <a
            href=href
            class="chip"
            data-tag=data_tag
            data-level=data_level
            data-month=data_month
            aria-current=current_if(current, list)
        >
            {label}
            <span class="count">{count}</span>
        </a>
    }
}

/// The most used tags with their counts; the current one is marked.
#[component]
pub fn TagFilter(catalog: Arc<CatalogHead>, current: Memo<ListKey>) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let chips = catalog
        .tags
        .iter()
        .map(|tag| chip(current, ListKey::Tag(tag.tag.clone()), tag.count))
        .collect_view();
    view! {
        <nav class="tag-filter" aria-label=move || ui_text(prefs.ui_lang.get()).filter_by_tag>
            <a href=app_href(&route::library()) class="chip" aria-current=current_if(current, ListKey::All)>
                {move || ui_text(prefs.ui_lang.get()).all_tags}
            </a>
            {chips}
        </nav>
    }
}

/// Difficulty chips: every estimated level some article has, each listing the
/// articles at that level or easier, with how many there are.
#[component]
pub fn LevelFilter(catalog: Arc<CatalogHead>, current: Memo<ListKey>) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    if catalog.levels.is_empty() {
        return ().into_any();
    }
    let chips = catalog
        .levels
        .iter()
        .map(|level| chip(current, ListKey::Level(level.level), level.count))
        .collect_view();
    view! {
        <nav class="tag-filter level-filter" aria-label=move || ui_text(prefs.ui_lang.get()).filter_by_level>
            <a class="chip" href=app_href(&route::library()) aria-current=current_if(current, ListKey::All)>
                {move || ui_text(prefs.ui_lang.get()).any_level}
            </a>
            {chips}
        </nav>
    }
    .into_any()
}

/// "Every tag and month": a disclosure that fetches the facets file the first time
/// it opens (open from the start when a month, or a tag the head does not name, is
/// shown), so the reader can reach any article by date or by tag.
#[component]
pub fn ArchiveIndex(catalog: Arc<CatalogHead>, current: Memo<ListKey>) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let head_names = {
        let catalog = catalog.clone();
        move |list: &ListKey| match list {
            ListKey::Month(_) => false,
            ListKey::Tag(tag) => catalog.tags.iter().any(|known| &known.tag == tag),
            _ => true,
        }
    };
    let opened = RwSignal::new(!head_names(&current.get_untracked()));
    let facets = LocalResource::new(move || {
        let wanted = opened.get();
        async move {
            if wanted {
                fetch_facets().await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let on_toggle = move |event: leptos::ev::Event| {
        let open = event_target::<web_sys::HtmlDetailsElement>(&event).open();
        if open && !opened.get_untracked() {
            opened.set(true);
        }
    };
    let body = move || match facets.get() {
        None => view! { <p class="status loading" role="status">{move || text().loading}</p> }
            .into_any(),
        Some(Ok(None)) => ().into_any(),
        Some(Ok(Some(facets))) => view! { <FacetLists facets=facets current=current/> }.into_any(),
        Some(Err(error)) => view! {
            <LoadErrorView error=error retry=Callback::new(move |_| facets.refetch())/>
        }
        .into_any(),
    };
    view! {
        <details class="archive-index" open=opened.get_untracked() on:toggle=on_toggle>
            <summary>{move || text().browse_archive}</summary>
            {body}
        </details>
    }
}

/// Every month, a row per year, then every tag, as chips with counts.
#[component]
fn FacetLists(facets: Arc<Facets>, current: Memo<ListKey>) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    // Months come newest first, so each year's months are consecutive.
    let mut years: Vec<(String, Vec<MonthCount>)> = Vec::new();
    for month in &facets.months {
        let year = month.month.get(..4).unwrap_or_default().to_string();
        match years.last_mut() {
            Some((known, months)) if *known == year => months.push(month.clone()),
            _ => years.push((year, vec![month.clone()])),
        }
    }
    let years = years
        .into_iter()
        .map(|(year, months)| {
            let chips = months
                .into_iter()
                .map(|month| month_chip(current, month))
                .collect_view();
            let name = year.clone();
            view! {
                <nav class="tag-filter month-filter" aria-label=name>
                    <span class="filter-year">{year}</span>
                    {chips}
                </nav>
            }
        })
        .collect_view();
    let tags = facets
        .tags
        .iter()
        .map(|tag| chip(current, ListKey::Tag(tag.tag.clone()), tag.count))
        .collect_view();
    view! {
        <h2 class="filter-heading">{move || text().by_month}</h2>
        {years}
        <h2 class="filter-heading">{move || text().every_tag}</h2>
        <nav class="tag-filter every-tag" aria-label=move || text().every_tag>{tags}</nav>
    }
}

/// A month's chip in its year's row: the month alone (`Mar`, `3月`) with its count.
fn month_chip(current: Memo<ListKey>, month: MonthCount) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let list = ListKey::Month(month.month.clone());
    let number: u32 = month
        .month
        .get(5..)
        .and_then(|number| number.parse().ok())
        .unwrap_or(1);
    let label = move || match prefs.ui_lang.get() {
        duet_core::Lang::Zh => format!("{number}月"),
        duet_core::Lang::En => duet_core::format::Date::month_name(number)
            .get(..3)
            .unwrap_or_default()
            .to_string(),
    };
    let whole = month.month.clone();
    view! {
        <a
            href=app_href(&route::library_page(&list, 1))
            class="chip"
            data-month=month.month.clone()
            title=move || month_title(&whole, prefs.ui_lang.get())
            aria-current=current_if(current, list.clone())
        >
            {label}
            <span class="count">{month.count}</span>
        </a>
    }
}
