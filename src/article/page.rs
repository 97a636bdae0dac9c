//! Route `/a/:slug`: one article in the reader's chosen view.

use std::sync::Arc;

use duet_core::listing::CatalogHead;
use duet_core::{Article, Lang};
use leptos::prelude::*;

use crate::article::body::ArticleBody;
use crate::article::extras::{CommentList, FaqList, TagLinks};
use crate::article::head::ArticleHead;
use crate::article::skip_links::SkipLinks;
use crate::article::view_switch::ViewSwitch;
use crate::browser;
use crate::chunks::Lazy;
use crate::components::block::Speaking;
use crate::components::cards::{PopularList, RelatedList};
use crate::components::not_found::NotFound;
use crate::components::status::{LoadErrorView, Loading};
use crate::data::catalog::CatalogResource;
use crate::data::fetch_article;
use crate::i18n::ui_text;
use crate::learner::switch::LearnerSwitch;
use crate::load_chunk;
use crate::nav::links;
use crate::nav::route;
use crate::nav::router::{navigate, use_query_map, use_route, NavigateOptions};
use crate::nav::view_mode::{Layout, ViewMode};
use crate::reader::position_view::ReadingPosition;
use crate::reader::prefs::ReaderPrefs;

/// Loads the catalog's head and the article, then shows it; keeps the previous article up
/// while the next one loads.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let route = use_route();
    let slug = Memo::new(move |_| route.read().slug().unwrap_or_default());
    let catalog = CatalogResource::expect().0;
    let article = LocalResource::new(move || {
        let slug = slug.get();
        async move { fetch_article(&slug).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading message=|text| text.loading_article/> }>
            {move || {
                Suspend::new(async move {
                    let catalog_result = catalog.await;
                    let catalog = match catalog_result {
                        Ok(catalog) => catalog,
                        Err(error) => {
                            let retry = Callback::new(move |_| catalog.refetch());
                            return view! { <LoadErrorView error=error retry=retry/> }.into_any();
                        }
                    };
                    match article.await {
                        Ok(article) => view! { <ArticleView article=article catalog=catalog/> }.into_any(),
                        // No file for this slug: no such article (the catalog's head
                        // no longer lists every article, the bundle's files do).
                        Err(error) if error.is_not_found() => view! { <NotFound/> }.into_any(),
                        Err(error) => {
                            let retry = Callback::new(move |_| article.refetch());
                            view! { <LoadErrorView error=error retry=retry/> }.into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}

/// The layout for this article: the reader's choice, except that an article in one
/// language shows that language alone.
fn effective_layout(requested: Layout, article: &Article) -> Layout {
    match article.body.only_lang() {
        Some(only) => Layout {
            mode: ViewMode::Single(only),
            lead: only,
        },
        None => requested,
    }
}

/// A loaded article with everything around it.
#[component]
fn ArticleView(
    /// The article.
    article: Arc<Article>,
    /// The catalog's head, for popular articles and tag labels.
    catalog: Arc<CatalogHead>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let query = use_query_map();
    let requested = Signal::derive(move || {
        let query = query.read();
        Layout::resolve(
            query.get("view").as_deref(),
            query.get("lead").as_deref(),
            prefs.layout.get(),
            prefs.ui_lang.get(),
        )
    });
    let layout_article = article.clone();
    let layout = Memo::new(move |_| effective_layout(requested.get(), &layout_article));
    let layout: Signal<Layout> = layout.into();
    let lead = Signal::derive(move || layout.get().lead);
    let bilingual = Signal::derive(move || layout.get().mode.is_bilingual());
    let slug = article.meta.slug.clone();
    let on_change = Callback::new(move |chosen: Layout| {
        prefs.layout.set(Some(chosen));
        let options = NavigateOptions {
            replace: true,
            scroll: false,
        };
        navigate(&route::article_with(&slug, &chosen.query(), None), options);
    });

    // The pre-rendered page of this article stays until the app's body is drawn.
    crate::browser::prerender::retire_when_present("#main .article-body .pair", 600);
    provide_context(Speaking(RwSignal::new(None)));
    // Read-aloud is not needed to read: its chunk is fetched once the article has
    // been painted, so it does not hold up the app's taking over from the static page.
    let aloud_article = article.clone();
    let aloud_wanted = RwSignal::new(false);
    request_animation_frame(move || {
        set_timeout(move || aloud_wanted.set(true), std::time::Duration::ZERO)
    });
    let read_aloud = move || {
        let article = aloud_article.clone();
        aloud_wanted.get().then(|| {
            view! {
                <Lazy quiet=true load=move || {
                    let article = article.clone();
                    async move { load_chunk!(crate::read_aloud::controls::chunk_view(article, lead)) }
                }/>
            }
        })
    };
    let title_article = article.clone();
    Effect::new(move |_| {
        let head = title_article.meta.head.get_or_other(lead.get());
        if let Some(head) = head {
            browser::document().set_title(&head.title);
        }
    });
    // Deep links to a paragraph or question: the target exists only now that the
    // article is rendered, so the browser's own jump on load has nothing to reach.
    // Effects run before the transition puts this view into the document, so the
    // scroll waits for the target to appear.
    Effect::new(move |_| {
        let hash = links::location_hash();
        if !hash.is_empty() {
            links::scroll_to_id_when_present(hash, 60);
        }
    });

    let has_questions = Lang::ALL.iter().any(|lang| {
        article
            .body
            .get(*lang)
            .is_some_and(|body| !body.faq.is_empty())
    });
    let has_related = !article.related_cards.is_empty();
    let single_language = article.body.only_lang();
    let notice = move || {
        single_language.map(|lang| {
            let message = match lang {
                Lang::Zh => text().only_zh,
                Lang::En => text().only_en,
            };
            view! { <p class="status notice one-language" role="note">{message}</p> }
        })
    };
    let switch = single_language
        .is_none()
        .then(|| view! { <ViewSwitch layout=layout on_change=on_change/> });
    // Pinyin and word lookup need Chinese text.
    let learner_switch = article
        .body
        .zh
        .is_some()
        .then(|| view! { <LearnerSwitch/> });
    let peek_hint = move || {
        matches!(layout.get().mode, ViewMode::Single(_))
            .then(|| single_language.is_none())
            .filter(|shown| *shown)
            .map(|_| view! { <p class="hint">{text().peek_hint}</p> })
    };
    view! {
        <div class="layout-with-aside article-page" data-slug=article.meta.slug.clone()>
            <article class="article">
                <SkipLinks questions=has_questions related=has_related/>
                <ArticleHead meta=article.meta.clone() lead=lead/>
                <div class="reading-tools">{switch}{learner_switch}{read_aloud}</div>
                {notice}
                {peek_hint}
                <ReadingPosition slug=article.meta.slug.clone()/>
                <ArticleBody article=article.clone() layout=layout/>
                <FaqList article=article.clone() lead=lead bilingual=bilingual/>
                <TagLinks tags=article.meta.tags.clone()/>
                <CommentList article=article.clone()/>
            </article>
            <aside class="aside">
                <RelatedList related=article.related_cards.clone() lead=lead/>
                <PopularList catalog=catalog except=article.meta.slug.clone()/>
            </aside>
        </div>
    }
}
