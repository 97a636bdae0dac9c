//! The root component: preferences, the catalog, the header and the routes.

pub mod header;

use leptos::prelude::*;

use crate::app::header::SiteHeader;
use crate::article::page::ArticlePage;
use crate::chunks::Lazy;
use crate::components::not_found::NotFound;
use crate::data::catalog::CatalogResource;
use crate::i18n::ui_text;
use crate::load_chunk;
use crate::nav::router::{use_page, Page, Router};
use crate::reader::prefs::ReaderPrefs;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let prefs = ReaderPrefs::provide();
    CatalogResource::provide();
    crate::data::SearchIndex::provide();
    let text = move || ui_text(prefs.ui_lang.get());

    view! {
        <Router>
            <a class="skip-link" href="#main">{move || text().skip_to_content}</a>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <PageView/>
            </main>
        </Router>
    }
}

/// The page the current route names. Re-rendered only when the page changes, so
/// moving between articles or changing a query keeps the page and its state.
#[component]
fn PageView() -> impl IntoView {
    let page = use_page();
    move || {
        let page = page.get();
        // A pre-rendered page is an article: any other page replaces it at once.
        if page != Page::Article {
            crate::browser::prerender::retire();
        }
        match page {
            Page::Library => {
                view! { <Lazy load=|| async { load_chunk!(crate::library::page::chunk_view()) }/> }
                    .into_any()
            }
            Page::Article => view! { <ArticlePage/> }.into_any(),
            Page::Search => {
                view! { <Lazy load=|| async { load_chunk!(crate::search::page::chunk_view()) }/> }
                    .into_any()
            }
            Page::Saved => {
                view! { <Lazy load=|| async { load_chunk!(crate::saved::page::chunk_view()) }/> }
                    .into_any()
            }
            Page::NotFound => view! { <NotFound/> }.into_any(),
        }
    }
}
