//! The head of an article page: title, source, byline, dates, reading times, abstract.

use duet_core::{ArticleMeta, Lang};
use leptos::prelude::*;

use crate::components::date_stamp::DateStamp;
use crate::components::reading_times::ReadingTimes;
use crate::i18n::ui_text;
use crate::reader::bookmark_toggle::BookmarkToggle;
use crate::reader::prefs::ReaderPrefs;

/// Title, meta line and abstract in `lead`, with the other language's title under it.
#[component]
pub fn ArticleHead(
    /// The article's catalog entry.
    meta: ArticleMeta,
    /// Language that leads on the page.
    lead: Signal<Lang>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let head = meta.head.clone();
    let lead_head = Signal::derive(move || head.pick_or_default(lead.get()));
    let other_head = meta.head.clone();
    let subtitle = move || {
        let (shown, _) = lead_head.get();
        other_head.get(shown.other()).map(|other| {
            view! { <p class="title-translation" lang=shown.other().bcp47()>{other.title.clone()}</p> }
        })
    };
    let updated = meta.shown_update().map(str::to_string).map(|updated| {
        view! {
            <span class="updated">{move || text().updated} " " <DateStamp date=updated.clone() relative_in_title=true/></span>
        }
    });
    let date = meta.date.clone();
    let slug = meta.slug.clone();
    view! {
        <header class="article-head">
            <h1 lang=move || lead_head.get().0.bcp47()>{move || lead_head.get().1.title}</h1>
            {subtitle}
            <p class="meta-line">
                {move || {
                    let (shown, head) = lead_head.get();
                    head.source.map(|source| view! { <span class="source" lang=shown.bcp47()>{source}</span> })
                }}
                {move || {
                    let (shown, head) = lead_head.get();
                    (!head.authors.is_empty())
                        .then(|| {
                            view! {
                                <span class="byline">
                                    {text().by} " " <span lang=shown.bcp47()>{head.authors.join(", ")}</span>
                                </span>
                            }
                        })
                }}
                <span class="published">{move || text().published} " " <DateStamp date=date.clone() relative_in_title=true/></span>
                {updated}
                <ReadingTimes head=meta.head.clone()/>
            </p>
            <BookmarkToggle slug=slug/>
            // On a phone the abstract folds to three lines; the checkbox unfolds it
            // by CSS alone, so the pre-rendered page (same markup) folds alike.
            <section class="abstract" aria-label=move || text().abstract_label>
                <input type="checkbox" id="abstract-more" class="abstract-toggle visually-hidden"/>
                <p lang=move || lead_head.get().0.bcp47()>{move || lead_head.get().1.description}</p>
                <label for="abstract-more" class="abstract-more">{move || text().abstract_more}</label>
            </section>
        </header>
    }
}
