//! The root component: preferences, the catalog, the header and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::browser;
use crate::components::header::SiteHeader;
use crate::data::{fetch_catalog, CatalogResult};
use crate::i18n::ui_text;
use crate::pages::article::ArticlePage;
use crate::pages::library::LibraryPage;
use crate::pages::not_found::NotFound;
use crate::pages::search::SearchPage;
use crate::prefs::ReaderPrefs;

/// The catalog, loaded once and shared by every page.
#[derive(Clone, Copy)]
pub struct CatalogResource(pub LocalResource<CatalogResult>);

impl CatalogResource {
    /// The catalog resource provided by [`App`].
    pub fn expect() -> CatalogResource {
        expect_context::<CatalogResource>()
    }
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let prefs = ReaderPrefs::provide();
    let catalog = CatalogResource(LocalResource::new(fetch_catalog));
    provide_context(catalog);
    crate::data::SearchIndex::provide();
    let text = move || ui_text(prefs.ui_lang.get());

    view! {
        <Router base=browser::base_path()>
            <a class="skip-link" href="#main">{move || text().skip_to_content}</a>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=LibraryPage/>
                    <Route path=path!("/a/:slug") view=ArticlePage/>
                    <Route path=path!("/search") view=SearchPage/>
                    <Route path=path!("/words") view=crate::pages::vocab::VocabPage/>
                </Routes>
            </main>
        </Router>
    }
}
