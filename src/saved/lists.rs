//! The bookmarks and notes sections of the "Saved" page, each entry a link back to
//! its article (a note to its paragraph).

use leptos::prelude::*;

use crate::data::fetch_article;
use crate::i18n::ui_text;
use crate::nav::links;
use crate::nav::route;
use crate::reader::notes::{self, Note};
use crate::reader::prefs::ReaderPrefs;
use crate::reader::{bookmarks, position};

/// `slug`'s title in the interface language, from its article file (kept once
/// loaded, and in the offline cache once read); the slug until it arrives, or if it
/// cannot (an article since removed still has a readable entry).
#[component]
pub fn ArticleTitle(slug: String) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let fetched = slug.clone();
    let article = LocalResource::new(move || {
        let slug = fetched.clone();
        async move { fetch_article(&slug).await.ok() }
    });
    move || {
        article
            .get()
            .flatten()
            .and_then(|article| {
                article
                    .meta
                    .head
                    .get_or_other(prefs.ui_lang.get())
                    .map(|head| head.title.clone())
            })
            .unwrap_or_else(|| slug.clone())
    }
}

/// A link to `slug` (at `pair`, when given) titled from its article.
#[component]
fn ArticleLink(slug: String, #[prop(optional)] pair: Option<String>) -> impl IntoView {
    let href = match &pair {
        Some(pair) => links::app_href(&route::article_at(&slug, pair)),
        None => links::app_href(&route::article(&slug)),
    };
    view! { <a href=href><ArticleTitle slug=slug/></a> }
}

/// Bookmarked articles, newest first, each with "Continue reading" when the reader
/// has a place in it.
#[component]
pub fn BookmarkList() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let mut list = bookmarks::load().unwrap_or_default();
    duet_core::sort::sort_by(&mut list, |a, b| b.at.total_cmp(&a.at));
    let positions = position::load().unwrap_or_default();
    let empty = list.is_empty();
    let items = list
        .into_iter()
        .map(|bookmark| {
            let resume = positions
                .iter()
                .find(|position| position.slug == bookmark.slug)
                .map(|position| {
                    let href = links::app_href(&route::article_at(&bookmark.slug, &position.pair));
                    view! { " · " <a class="continue-reading" href=href>{move || text().continue_reading}</a> }
                });
            view! {
                <li class="bookmark-item" data-slug=bookmark.slug.clone()>
                    <ArticleLink slug=bookmark.slug.clone()/>
                    {resume}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="saved-section bookmarks-section" aria-labelledby="bookmarks-heading">
            <h2 id="bookmarks-heading">{move || text().bookmarks_title}</h2>
            {empty.then(|| view! { <p class="status empty">{move || text().bookmarks_empty}</p> })}
            <ul class="bookmark-list">{items}</ul>
        </section>
    }
}

/// Every note, newest edit first, with the paragraph it was written on and a link to it.
#[component]
pub fn NoteList() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let mut list: Vec<Note> = notes::load().unwrap_or_default();
    duet_core::sort::sort_by(&mut list, |a, b| b.updated_at.total_cmp(&a.updated_at));
    let empty = list.is_empty();
    let items = list
        .into_iter()
        .map(|note| {
            let snippet = (!note.snippet.is_empty()).then(|| {
                view! { <p class="note-snippet quiet">"“" {note.snippet.clone()} "…”"</p> }
            });
            view! {
                <li class="note-item" data-slug=note.slug.clone() data-pair=note.pair.clone()>
                    <p class="note-text">{note.text.clone()}</p>
                    {snippet}
                    <p class="note-source">
                        <ArticleLink slug=note.slug.clone() pair=note.pair.clone()/>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="saved-section notes-section" aria-labelledby="notes-heading">
            <h2 id="notes-heading">{move || text().notes_title}</h2>
            {empty.then(|| view! { <p class="status empty">{move || text().notes_empty}</p> })}
            <ul class="note-list">{items}</ul>
        </section>
    }
}
