//! What follows an article's text: related questions, comments and tags.

use std::sync::Arc;

use duet_core::{Article, Faq, Lang};
use leptos::prelude::*;

use crate::components::anchor::AnchorLink;
use crate::components::cards::tag_label;
use crate::i18n::ui_text;
use crate::nav::links;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;

/// Related questions as expandable items, each with its own link. In a bilingual
/// view each question also shows its translation.
#[component]
pub fn FaqList(
    /// The article whose questions to list.
    article: Arc<Article>,
    /// Language that leads.
    lead: Signal<Lang>,
    /// Whether both languages are on screen.
    bilingual: Signal<bool>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let has_faq = Lang::ALL.iter().any(|lang| {
        article
            .body
            .get(*lang)
            .is_some_and(|body| !body.faq.is_empty())
    });
    if !has_faq {
        return ().into_any();
    }
    let items = move || {
        let lead = lead.get();
        let shown = if article
            .body
            .get(lead)
            .is_some_and(|body| !body.faq.is_empty())
        {
            lead
        } else {
            lead.other()
        };
        let own = article
            .body
            .get(shown)
            .map(|body| body.faq.clone())
            .unwrap_or_default();
        let others = article
            .body
            .get(shown.other())
            .map(|body| body.faq.clone())
            .unwrap_or_default();
        let with_translation = bilingual.get();
        own.into_iter()
            .map(|faq| {
                let translation = with_translation
                    .then(|| others.iter().find(|other| other.id == faq.id).cloned())
                    .flatten();
                faq_item(faq, shown, translation)
            })
            .collect_view()
    };
    view! {
        <section class="faq" id=crate::nav::links::QUESTIONS_ID tabindex="-1" aria-labelledby="duet-questions-title">
            <h2 id="duet-questions-title">{move || ui_text(prefs.ui_lang.get()).related_questions}</h2>
            {items}
        </section>
    }
    .into_any()
}

fn faq_item(faq: Faq, lang: Lang, translation: Option<Faq>) -> impl IntoView {
    // A link straight to this question opens it.
    let open = links::location_hash() == faq.id;
    let translated = translation.map(|other| {
        view! {
            <div class="quiet" lang=lang.other().bcp47()>
                <p class="faq-q">{other.q}</p>
                <p>{other.a}</p>
            </div>
        }
    });
    view! {
        // The link to the question sits beside its <details>, not in the <summary>:
        // a link inside the control that opens the question is two controls in one.
        <div class="faq-entry">
            <details class="faq-item" id=faq.id.clone() open=open>
                <summary lang=lang.bcp47()>{faq.q}</summary>
                <p lang=lang.bcp47()>{faq.a}</p>
                {translated}
            </details>
            <AnchorLink id=faq.id.clone() symbol="#"/>
        </div>
    }
}

/// Bundled reader comments of both languages, each marked with its language.
#[component]
pub fn CommentList(
    /// The article whose comments to list.
    article: Arc<Article>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let comments: Vec<(Lang, duet_core::Comment)> = Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            article
                .body
                .get(lang)
                .map(|body| body.comments.clone())
                .unwrap_or_default()
                .into_iter()
                .map(move |comment| (lang, comment))
        })
        .collect();
    if comments.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="comments">
            <h2>{move || ui_text(prefs.ui_lang.get()).comments}</h2>
            <ul>
                {comments
                    .into_iter()
                    .map(|(lang, comment)| {
                        view! {
                            <li class="comment" lang=lang.bcp47()>
                                <p class="comment-meta">
                                    <strong>{comment.author}</strong>
                                    " · "
                                    <crate::components::date_stamp::DateStamp date=comment.date/>
                                </p>
                                <p>{comment.text}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// The article's tags, each leading to the library filtered by it.
#[component]
pub fn TagLinks(
    /// The tags to list.
    tags: Vec<String>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    view! {
        <section class="tags">
            <h2 class="visually-hidden">{move || text().tags}</h2>
            <ul class="tag-list" aria-label=move || text().tags>
                {move || {
                    let ui = prefs.ui_lang.get();
                    tags.iter()
                        .map(|tag| view! { <li><a href=crate::nav::links::app_href(&route::library_tag(tag))>{tag_label(tag, ui)}</a></li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
