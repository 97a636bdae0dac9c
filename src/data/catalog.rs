//! The catalog as a resource: loaded once by the app and shared by every page.

use leptos::prelude::*;

use super::{fetch_catalog, CatalogResult};

/// The catalog, loaded once and shared by every page.
#[derive(Clone, Copy)]
pub struct CatalogResource(pub LocalResource<CatalogResult>);

impl CatalogResource {
    /// Starts loading the catalog and provides it to the views below.
    pub fn provide() -> CatalogResource {
        let catalog = CatalogResource(LocalResource::new(fetch_catalog));
        provide_context(catalog);
        catalog
    }

    /// The catalog resource provided by the app.
    pub fn expect() -> CatalogResource {
        expect_context::<CatalogResource>()
    }
}
