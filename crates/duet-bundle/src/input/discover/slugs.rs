//! Article slugs from the keys discovery found, with collisions named.

use std::collections::BTreeMap;

use super::ArticleFiles;
use crate::diagnostics::Diagnostics;
use crate::slug::normalise_slug;

/// `live-a-little` from `2025-10-20-live-a-little`: Zola takes a date that starts a
/// file or folder name as the page's date, and the rest as its slug.
pub fn without_date(name: &str) -> &str {
    match crate::dates::date_prefix(name) {
        Some((_, rest)) if !rest.is_empty() => rest,
        _ => name,
    }
}

/// Slugs from the articles' keys: the last name normalised when no other article
/// shares it, else the whole path normalised and joined. Two articles that still
/// end up with one slug are an error naming both.
pub(super) fn assign_slugs(
    articles: Vec<(Vec<String>, ArticleFiles)>,
    diagnostics: &mut Diagnostics,
) -> Vec<ArticleFiles> {
    let normalised: Vec<Vec<String>> = articles
        .iter()
        .map(|(key, _)| {
            key.iter()
                .map(|name| normalise_slug(without_date(name)))
                .collect()
        })
        .collect();
    let mut leaf_users: BTreeMap<&str, usize> = BTreeMap::new();
    for key in &normalised {
        *leaf_users
            .entry(key.last().map_or("", String::as_str))
            .or_default() += 1;
    }
    let mut by_slug: BTreeMap<String, Vec<ArticleFiles>> = BTreeMap::new();
    for ((_, mut article), key) in articles.into_iter().zip(&normalised) {
        let leaf = key.last().cloned().unwrap_or_default();
        article.slug = if leaf_users[leaf.as_str()] > 1 {
            key.join("-")
        } else {
            leaf
        };
        by_slug
            .entry(article.slug.clone())
            .or_default()
            .push(article);
    }
    let mut result = Vec::new();
    for (slug, mut same) in by_slug {
        if same.len() == 1 {
            result.append(&mut same);
            continue;
        }
        let path = |article: &ArticleFiles| {
            article
                .files
                .zh
                .clone()
                .or_else(|| article.files.en.clone())
                .unwrap_or_default()
        };
        let (first, second) = (path(&same[0]), path(&same[1]));
        diagnostics
            .error(
                &second,
                Some(1),
                format!(
                    "{} and {} both become the slug `{slug}`",
                    first.display(),
                    second.display()
                ),
            )
            .hint("slugs are folder and file names lowercased, with `.`, `_` and spaces as `-`: rename one of them");
    }
    result
}
