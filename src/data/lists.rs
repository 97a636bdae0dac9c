//! The catalog's list pages and facets ([`duet_core::listing`]), fetched as the
//! reader pages, filters or searches, and kept for the session so paging back and
//! forth (or Back and Forward) fetches nothing twice.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;

use duet_core::decode::{decode_facets, decode_list_page};
use duet_core::listing::{Facets, ListKey, ListPage, FACETS_FILE};

use super::{fetch_text, LoadError};
use crate::browser::data_url;

/// Pages kept after loading, oldest dropped first: a few hundred cards at most.
const KEPT_PAGES: usize = 24;

thread_local! {
    static PAGES: RefCell<VecDeque<(String, Arc<ListPage>)>> = const { RefCell::new(VecDeque::new()) };
    static FACETS: RefCell<Option<Arc<Facets>>> = const { RefCell::new(None) };
}

/// Page `page` (from 1) of `list`. A page past the end is a 404, as any missing file.
pub async fn fetch_list_page(list: &ListKey, page: u32) -> Result<Arc<ListPage>, LoadError> {
    let path = list.page_path(page);
    let kept = PAGES.with_borrow(|kept| {
        kept.iter()
            .find(|(known, _)| *known == path)
            .map(|(_, page)| page.clone())
    });
    if let Some(page) = kept {
        return Ok(page);
    }
    let url = data_url(&path);
    let text = fetch_text(&url).await?;
    let loaded = Arc::new(decode_list_page(&url, &text).map_err(LoadError::Decode)?);
    super::labels::remember(&loaded.tag_labels);
    PAGES.with_borrow_mut(|kept| {
        if kept.len() == KEPT_PAGES {
            kept.pop_front();
        }
        kept.push_back((path, loaded.clone()));
    });
    Ok(loaded)
}

/// Every tag and month with counts (fetched once).
pub async fn fetch_facets() -> Result<Arc<Facets>, LoadError> {
    if let Some(facets) = FACETS.with_borrow(Clone::clone) {
        return Ok(facets);
    }
    let url = data_url(FACETS_FILE);
    let text = fetch_text(&url).await?;
    let facets = Arc::new(decode_facets(&url, &text).map_err(LoadError::Decode)?);
    super::labels::remember(&facets.tag_labels);
    FACETS.with_borrow_mut(|kept| *kept = Some(facets.clone()));
    Ok(facets)
}
