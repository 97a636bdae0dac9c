//! The catalog as the app reads it ([`duet_core::listing`]): the bounded head in
//! `catalog.json`, the facets file, and every page of every list, written on every
//! core through the cache's content-named store, so a page whose entries did not
//! change is not compressed again.

use std::path::Path;

use anyhow::Context;
use duet_core::listing::{self, ListKey, ListPage, FACETS_FILE};
use duet_core::{ArticleMeta, Catalog, CATALOG_FILE, SCHEMA_VERSION};
use rayon::prelude::*;

use crate::cache::Cache;
use crate::progress::Progress;

/// Writes the head, the facets and the list pages of `catalog` into `folder`.
pub fn write_lists(catalog: &Catalog, cache: &Cache, folder: &Path) -> anyhow::Result<()> {
    let lists = listing::lists(catalog);
    super::write::write_json(&folder.join(CATALOG_FILE), &listing::head(catalog, &lists))?;
    let facets = folder.join(FACETS_FILE);
    create_parent(&facets)?;
    super::write::write_json(&facets, &listing::facets(catalog, &lists))?;
    let pages: Vec<(&ListKey, u32, u32, &[u32])> = lists
        .iter()
        .flat_map(|(key, list)| {
            listing::pages(list).map(move |(page, on)| (key, list.len() as u32, page, on))
        })
        .collect();
    for (key, _) in &lists {
        create_parent(&folder.join(key.page_path(1)))?;
    }
    let progress = Progress::new("listed", pages.len());
    pages
        .par_iter()
        .try_for_each(|(key, total, page, on)| -> anyhow::Result<()> {
            let articles: Vec<ArticleMeta> = on
                .iter()
                .map(|at| listing::card(&catalog.articles[*at as usize]))
                .collect();
            let own_tag = match key {
                ListKey::Tag(tag) => Some(tag.as_str()),
                _ => None,
            };
            let shown = articles
                .iter()
                .flat_map(|meta| meta.tags.iter().map(String::as_str))
                .chain(own_tag);
            let tag_labels = listing::labels_of(&catalog.site.tags, shown);
            let json = serde_json::to_vec(&ListPage {
                schema_version: SCHEMA_VERSION,
                total: *total,
                page: *page,
                articles,
                tag_labels,
            })?;
            cache.place_gzipped(&json, &folder.join(key.page_path(*page)))?;
            progress.step();
            Ok(())
        })?;
    progress.finish();
    Ok(())
}

fn create_parent(path: &Path) -> anyhow::Result<()> {
    let parent = path.parent().context("a list file has a folder")?;
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))
}
