//! The catalog as small files, so that what a page downloads does not grow with the
//! archive.
//!
//! The bundler keeps the whole [`Catalog`] in memory; the bundle holds it as:
//! - `catalog.json`, a [`CatalogHead`]: the site settings, the newest page of the
//!   list, the most read articles, the most used tags and the levels with counts.
//!   Every page loads it, and its size is bounded whatever the archive's size.
//! - `lists/<list>/<page>.json.gz`, [`ListPage`]s of [`PAGE_SIZE`] entries: the whole
//!   archive newest first ([`ListKey::All`]), and the articles of one tag, of one
//!   estimated level or easier, or of one month, fetched as the reader pages or
//!   filters. Entry `i` of the whole list is article `i` of the catalog, which is
//!   also the search index's article number, so a search hit finds its card with
//!   one small fetch.
//! - `lists/facets.json.gz` ([`Facets`]): every tag and every month with counts,
//!   fetched only when the reader asks for more than the head shows.
//!
//! Article files carry the cards of their own related reads, so an article page
//! needs only the head and its own file.

use serde::{Deserialize, Serialize};

use crate::schema::{ArticleMeta, Catalog, Site, TagLabel, SCHEMA_VERSION};

/// Entries per list page (and the head's newest page). Part of the format: the app
/// finds article `i`'s card on page `i / PAGE_SIZE + 1` of the whole list.
pub const PAGE_SIZE: usize = 12;

/// Most read articles in the head: one more than a page shows, so leaving out the
/// article being read still fills the list.
pub const POPULAR_KEPT: usize = 6;

/// Most used tags named in the head; the rest are in the facets file.
pub const HEAD_TAGS: usize = 24;

/// Bundle-relative path of the facets file.
pub const FACETS_FILE: &str = "lists/facets.json.gz";

/// `catalog.json`: what every page needs of the catalog, of bounded size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogHead {
    pub schema_version: u32,
    /// The site settings; `site.tags` holds the labels of the tags this head shows
    /// only (each list page, the facets and each article carry their own), so a
    /// site with thousands of tags keeps a small head.
    pub site: Site,
    /// Articles in the archive.
    pub total: u32,
    /// The first page of the whole list, newest first.
    pub newest: Vec<ArticleMeta>,
    /// The most read articles, most views first, at most [`POPULAR_KEPT`]; none with
    /// no views ([`Catalog::most_read`]).
    pub popular: Vec<ArticleMeta>,
    /// The most used tags, most articles first (ties by tag), at most [`HEAD_TAGS`].
    pub tags: Vec<TagCount>,
    /// How many different tags the archive has; more than `tags` holds means the
    /// facets file has the rest.
    pub tag_total: u32,
    /// Every estimated level some article has, easiest first, with how many articles
    /// are at that level or easier (what the level filter lists).
    pub levels: Vec<LevelCount>,
}

impl CatalogHead {
    /// The `count` most read articles, leaving out `except` (the open article).
    pub fn most_read(&self, except: Option<&str>, count: usize) -> Vec<&ArticleMeta> {
        self.popular
            .iter()
            .filter(|meta| Some(meta.slug.as_str()) != except)
            .take(count)
            .collect()
    }

    /// How many articles `list` holds, when the head knows (the whole list, a level,
    /// a tag it names).
    pub fn count_of(&self, list: &ListKey) -> Option<u32> {
        match list {
            ListKey::All => Some(self.total),
            ListKey::Level(level) => self
                .levels
                .iter()
                .find(|known| known.level == *level)
                .map(|known| known.count),
            ListKey::Tag(tag) => self
                .tags
                .iter()
                .find(|known| &known.tag == tag)
                .map(|known| known.count),
            ListKey::Month(_) => None,
        }
    }
}

/// A tag and how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub tag: String,
    pub count: u32,
}

/// An estimated level and how many articles are at it or easier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCount {
    pub level: u8,
    pub count: u32,
}

/// A month (`YYYY-MM`) and how many articles were published in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    pub month: String,
    pub count: u32,
}

/// `lists/facets.json.gz`: every tag and month of the archive with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub schema_version: u32,
    /// Most articles first, ties by tag.
    pub tags: Vec<TagCount>,
    /// Newest first.
    pub months: Vec<MonthCount>,
    /// The label of every tag that has one.
    #[serde(default)]
    pub tag_labels: Vec<TagLabel>,
}

/// One of the archive's lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListKey {
    /// Every article, newest first.
    All,
    /// The articles carrying a tag (its key, as in [`ArticleMeta::tags`]).
    Tag(String),
    /// The articles whose estimated level is this or easier.
    Level(u8),
    /// The articles published in a month, `YYYY-MM`.
    Month(String),
}

impl ListKey {
    /// Bundle-relative path of page `page` (from 1) of this list.
    pub fn page_path(&self, page: u32) -> String {
        match self {
            ListKey::All => format!("lists/all/{page}.json.gz"),
            ListKey::Tag(tag) => format!("lists/tag/{}/{page}.json.gz", tag_folder(tag)),
            ListKey::Level(level) => format!("lists/level/{level}/{page}.json.gz"),
            ListKey::Month(month) => format!("lists/month/{month}/{page}.json.gz"),
        }
    }
}

/// A tag key as a folder name: ASCII letters, digits and `-` as they are, every
/// other character as `_` and its code point in hex. Tag keys never hold `_`, so
/// two tags never share a folder, and no file name depends on how a server or a
/// file system treats non-ASCII names.
pub fn tag_folder(tag: &str) -> String {
    let mut folder = String::with_capacity(tag.len());
    for character in tag.chars() {
        if character.is_ascii_alphanumeric() || character == '-' {
            folder.push(character);
        } else {
            folder.push_str(&format!("_{:x}", u32::from(character)));
        }
    }
    folder
}

/// One page of a list: `lists/<list>/<page>.json.gz`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "M: Deserialize<'de>"))]
pub struct ListPage<M = ArticleMeta> {
    pub schema_version: u32,
    /// Entries in the whole list.
    pub total: u32,
    /// This page's number, from 1.
    pub page: u32,
    /// At most [`PAGE_SIZE`], newest first.
    pub articles: Vec<M>,
    /// Labels of the tags its cards carry (and of the list's own tag).
    #[serde(default)]
    pub tag_labels: Vec<TagLabel>,
}

/// How many pages a list of `total` entries has (an empty list still has its first,
/// empty page, so its link never leads to a missing file).
pub fn page_count(total: u32) -> u32 {
    total.div_ceil(PAGE_SIZE as u32).max(1)
}

/// The page of the whole list that holds article `article` of the catalog, and its
/// place on that page.
pub fn page_of_article(article: usize) -> (u32, usize) {
    ((article / PAGE_SIZE) as u32 + 1, article % PAGE_SIZE)
}

/// Every list of `catalog` with the catalog positions of its articles, newest first:
/// the whole list, then tags, levels and months each in their key's order. Only
/// positions, so an archive's lists cost four bytes an entry in memory.
pub fn lists(catalog: &Catalog) -> Vec<(ListKey, Vec<u32>)> {
    use std::collections::BTreeMap;
    let mut tags: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut levels: BTreeMap<u8, Vec<u32>> = BTreeMap::new();
    let mut months: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut known_levels: Vec<u8> = Vec::new();
    for (position, meta) in catalog.articles.iter().enumerate() {
        let position = position as u32;
        for tag in &meta.tags {
            let list = tags.entry(tag.as_str()).or_default();
            // A tag written twice in one article's front matter lists it once.
            if list.last() != Some(&position) {
                list.push(position);
            }
        }
        if let Some(difficulty) = &meta.difficulty {
            if !known_levels.contains(&difficulty.level) {
                known_levels.push(difficulty.level);
            }
        }
        if let Some(month) = month_of(&meta.date) {
            months.entry(month).or_default().push(position);
        }
    }
    // "This level or easier": a level's list holds every article at or below it.
    for level in &known_levels {
        levels.insert(*level, Vec::new());
    }
    for (position, meta) in catalog.articles.iter().enumerate() {
        if let Some(difficulty) = &meta.difficulty {
            for list in levels.range_mut(difficulty.level..).map(|(_, list)| list) {
                list.push(position as u32);
            }
        }
    }
    let mut all = vec![(
        ListKey::All,
        (0..catalog.articles.len() as u32).collect::<Vec<u32>>(),
    )];
    all.extend(
        tags.into_iter()
            .map(|(tag, list)| (ListKey::Tag(tag.to_string()), list)),
    );
    all.extend(
        levels
            .into_iter()
            .map(|(level, list)| (ListKey::Level(level), list)),
    );
    // Newest month first, as the archive reads.
    all.extend(
        months
            .into_iter()
            .rev()
            .map(|(month, list)| (ListKey::Month(month.to_string()), list)),
    );
    all
}

/// `YYYY-MM` of a `YYYY-MM-DD` date, `None` for anything else (a chapter without a
/// date).
pub fn month_of(date: &str) -> Option<&str> {
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    (bytes.len() >= 7 && digits(0..4) && bytes[4] == b'-' && digits(5..7)).then(|| &date[..7])
}

/// The head of `catalog`, given its [`lists`].
pub fn head(catalog: &Catalog, lists: &[(ListKey, Vec<u32>)]) -> CatalogHead {
    let tags = tag_counts(lists);
    let levels = lists
        .iter()
        .filter_map(|(key, list)| match key {
            ListKey::Level(level) => Some(LevelCount {
                level: *level,
                count: list.len() as u32,
            }),
            _ => None,
        })
        .collect();
    let newest: Vec<ArticleMeta> = catalog.articles.iter().take(PAGE_SIZE).map(card).collect();
    let popular: Vec<ArticleMeta> = catalog
        .most_read(None, POPULAR_KEPT)
        .into_iter()
        .map(card)
        .collect();
    let tag_total = tags.len() as u32;
    let tags: Vec<TagCount> = tags.into_iter().take(HEAD_TAGS).collect();
    let shown = newest
        .iter()
        .chain(&popular)
        .flat_map(|meta| meta.tags.iter().map(String::as_str))
        .chain(tags.iter().map(|tag| tag.tag.as_str()));
    let site = Site {
        tags: labels_of(&catalog.site.tags, shown),
        ..catalog.site.clone()
    };
    CatalogHead {
        schema_version: SCHEMA_VERSION,
        site,
        total: catalog.articles.len() as u32,
        newest,
        popular,
        tag_total,
        tags,
        levels,
    }
}

/// The labels among `all` (sorted by tag, as the bundler writes them) of the tags
/// in `shown`, each once, in `all`'s order.
pub fn labels_of<'a>(all: &[TagLabel], shown: impl IntoIterator<Item = &'a str>) -> Vec<TagLabel> {
    let mut wanted: Vec<&str> = shown.into_iter().collect();
    crate::sort::sort_by(&mut wanted, |a, b| a.cmp(b));
    wanted.dedup();
    all.iter()
        .filter(|label| wanted.binary_search(&label.tag.as_str()).is_ok())
        .cloned()
        .collect()
}

/// The facets file of `lists`, with every label of `catalog`.
pub fn facets(catalog: &Catalog, lists: &[(ListKey, Vec<u32>)]) -> Facets {
    Facets {
        tag_labels: catalog.site.tags.clone(),
        schema_version: SCHEMA_VERSION,
        tags: tag_counts(lists),
        months: lists
            .iter()
            .filter_map(|(key, list)| match key {
                ListKey::Month(month) => Some(MonthCount {
                    month: month.clone(),
                    count: list.len() as u32,
                }),
                _ => None,
            })
            .collect(),
    }
}

/// Every tag with its count, most articles first, ties by tag.
fn tag_counts(lists: &[(ListKey, Vec<u32>)]) -> Vec<TagCount> {
    let mut tags: Vec<TagCount> = lists
        .iter()
        .filter_map(|(key, list)| match key {
            ListKey::Tag(tag) => Some(TagCount {
                tag: tag.clone(),
                count: list.len() as u32,
            }),
            _ => None,
        })
        .collect();
    crate::sort::sort_by(&mut tags, |a, b| {
        b.count.cmp(&a.count).then_with(|| a.tag.cmp(&b.tag))
    });
    tags
}

/// An article's entry as lists show it: without its related reads, which only its
/// own page needs.
pub fn card(meta: &ArticleMeta) -> ArticleMeta {
    ArticleMeta {
        related: Vec::new(),
        ..meta.clone()
    }
}

/// The pages of one list: `(page number, positions on it)`.
pub fn pages(list: &[u32]) -> impl Iterator<Item = (u32, &[u32])> {
    let first = if list.is_empty() {
        Some((1, list))
    } else {
        None
    };
    first.into_iter().chain(
        list.chunks(PAGE_SIZE)
            .enumerate()
            .map(|(index, chunk)| (index as u32 + 1, chunk)),
    )
}

/// The catalog read back from its head, the pages of the whole list and the facets'
/// labels, for tools that want every article at once (the pre-renderer, tests,
/// benchmarks); `read` returns the text of a bundle-relative path.
pub fn read_catalog<E: From<crate::decode::DecodeError>>(
    mut read: impl FnMut(&str) -> Result<String, E>,
) -> Result<Catalog, E> {
    let head = crate::decode::decode_catalog_head(
        crate::schema::CATALOG_FILE,
        &read(crate::schema::CATALOG_FILE)?,
    )?;
    let mut articles = Vec::with_capacity(head.total as usize);
    for page in 1..=page_count(head.total) {
        let path = ListKey::All.page_path(page);
        let list = crate::decode::decode_list_page(&path, &read(&path)?)?;
        articles.extend(list.articles);
    }
    let facets = crate::decode::decode_facets(FACETS_FILE, &read(FACETS_FILE)?)?;
    Ok(Catalog {
        schema_version: head.schema_version,
        site: Site {
            tags: facets.tag_labels,
            ..head.site
        },
        articles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Difficulty;
    use crate::test_support;

    fn meta(slug: &str, date: &str, tags: &[&str], level: Option<u8>, views: u64) -> ArticleMeta {
        let mut meta = test_support::meta(slug);
        meta.date = date.to_string();
        meta.tags = tags.iter().map(|tag| tag.to_string()).collect();
        meta.views = views;
        meta.related = vec!["elsewhere".to_string()];
        meta.difficulty = level.map(|level| Difficulty {
            per_mille: [1000, 0, 0, 0, 0, 0, 0],
            level,
        });
        meta
    }

    fn catalog(articles: Vec<ArticleMeta>) -> Catalog {
        Catalog {
            schema_version: SCHEMA_VERSION,
            site: test_support::site(),
            articles,
        }
    }

    fn list<'a>(lists: &'a [(ListKey, Vec<u32>)], key: &ListKey) -> &'a [u32] {
        &lists
            .iter()
            .find(|(known, _)| known == key)
            .expect("list")
            .1
    }

    #[test]
    fn lists_cover_tags_cumulative_levels_and_months() {
        let catalog = catalog(vec![
            meta("c", "2026-03-02", &["tea", "茶"], Some(3), 5),
            meta("b", "2026-03-01", &["tea", "tea"], Some(1), 0),
            meta("a", "2026-02-20", &[], None, 9),
            meta("chapter", "", &["tea"], Some(2), 0),
        ]);
        let lists = lists(&catalog);
        assert_eq!(list(&lists, &ListKey::All), [0, 1, 2, 3]);
        assert_eq!(list(&lists, &ListKey::Tag("tea".into())), [0, 1, 3]);
        assert_eq!(list(&lists, &ListKey::Tag("茶".into())), [0]);
        assert_eq!(list(&lists, &ListKey::Level(1)), [1]);
        assert_eq!(list(&lists, &ListKey::Level(2)), [1, 3]);
        assert_eq!(list(&lists, &ListKey::Level(3)), [0, 1, 3]);
        assert_eq!(list(&lists, &ListKey::Month("2026-03".into())), [0, 1]);
        assert_eq!(list(&lists, &ListKey::Month("2026-02".into())), [2]);
        // No month for a chapter without a date; months newest first.
        let months: Vec<_> = facets(&catalog, &lists)
            .months
            .into_iter()
            .map(|m| m.month)
            .collect();
        assert_eq!(months, ["2026-03", "2026-02"]);
    }

    #[test]
    fn head_is_bounded_and_cards_carry_no_related_reads() {
        let articles: Vec<ArticleMeta> = (0..100)
            .map(|index| {
                let tag = format!("tag-{index}");
                meta(
                    &format!("a{index:03}"),
                    "2026-01-01",
                    &[&tag, "all"],
                    Some(2),
                    index,
                )
            })
            .collect();
        let catalog = catalog(articles);
        let lists = lists(&catalog);
        let head = head(&catalog, &lists);
        assert_eq!(head.total, 100);
        assert_eq!(head.newest.len(), PAGE_SIZE);
        assert_eq!(head.newest[0].slug, "a000");
        assert!(head.newest.iter().all(|meta| meta.related.is_empty()));
        assert_eq!(head.popular.len(), POPULAR_KEPT);
        assert_eq!(head.popular[0].slug, "a099");
        assert_eq!(head.tags.len(), HEAD_TAGS);
        assert_eq!(head.tags[0].tag, "all");
        assert_eq!(head.tag_total, 101);
        assert_eq!(
            head.levels,
            [LevelCount {
                level: 2,
                count: 100
            }]
        );
        assert_eq!(head.count_of(&ListKey::Tag("all".into())), Some(100));
        assert_eq!(facets(&catalog, &lists).tags.len(), 101);
    }

    #[test]
    fn the_head_names_only_the_labels_of_tags_it_shows() {
        let mut articles: Vec<ArticleMeta> = (0..(PAGE_SIZE + 40))
            .map(|index| {
                let tag = format!("rare-{index:03}");
                meta(&format!("a{index:03}"), "2026-01-01", &[&tag], None, 0)
            })
            .collect();
        articles[0].tags.push("common".into());
        articles[PAGE_SIZE + 30].tags.push("common".into());
        let mut catalog = catalog(articles);
        catalog.site.tags = catalog
            .articles
            .iter()
            .flat_map(|meta| meta.tags.clone())
            .chain(["common".to_string()])
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|tag| TagLabel {
                label: crate::Bilingual {
                    zh: Some(format!("标签 {tag}")),
                    en: None,
                },
                tag,
            })
            .collect();
        let lists = lists(&catalog);
        let head = head(&catalog, &lists);
        let named: Vec<&str> = head
            .site
            .tags
            .iter()
            .map(|label| label.tag.as_str())
            .collect();
        // The newest page's tags and the most used tags (all count 1 or 2 here).
        assert!(named.contains(&"common"));
        assert!(named.contains(&"rare-000"));
        assert!(
            !named.contains(&"rare-059"),
            "a tag on no shown card and not among the most used"
        );
        assert!(named.len() < catalog.site.tags.len());
        assert_eq!(
            facets(&catalog, &lists).tag_labels.len(),
            catalog.site.tags.len()
        );
    }

    #[test]
    fn popular_leaves_out_the_open_article() {
        let catalog = catalog(
            (0..10)
                .map(|index| meta(&format!("a{index}"), "2026-01-01", &[], None, index + 1))
                .collect(),
        );
        let head = head(&catalog, &lists(&catalog));
        let shown: Vec<_> = head
            .most_read(Some("a9"), 5)
            .into_iter()
            .map(|meta| meta.slug.as_str())
            .collect();
        assert_eq!(shown, ["a8", "a7", "a6", "a5", "a4"]);
    }

    #[test]
    fn pages_split_lists_and_an_empty_list_has_one_empty_page() {
        let list: Vec<u32> = (0..(2 * PAGE_SIZE as u32 + 5)).collect();
        let split: Vec<_> = pages(&list).map(|(page, on)| (page, on.len())).collect();
        assert_eq!(split, [(1, PAGE_SIZE), (2, PAGE_SIZE), (3, 5)]);
        assert_eq!(page_count(2 * PAGE_SIZE as u32 + 5), 3);
        assert_eq!(page_count(2 * PAGE_SIZE as u32), 2);
        assert_eq!(page_count(0), 1);
        assert_eq!(
            pages(&[])
                .map(|(page, on)| (page, on.len()))
                .collect::<Vec<_>>(),
            [(1, 0)]
        );
        assert_eq!(page_of_article(0), (1, 0));
        assert_eq!(page_of_article(2 * PAGE_SIZE + 1), (3, 1));
    }

    #[test]
    fn tag_folders_are_ascii_and_distinct() {
        assert_eq!(tag_folder("rust-lang"), "rust-lang");
        assert_eq!(tag_folder("茶"), "_8336");
        assert_eq!(tag_folder("茶-2"), "_8336-2");
        assert_ne!(tag_folder("_8336"), tag_folder("茶"));
        assert_eq!(
            ListKey::Tag("茶".into()).page_path(2),
            "lists/tag/_8336/2.json.gz"
        );
    }

    #[test]
    fn month_of_reads_only_dates() {
        assert_eq!(month_of("2026-03-02"), Some("2026-03"));
        assert_eq!(month_of(""), None);
        assert_eq!(month_of("chapter-1"), None);
    }

    #[test]
    fn the_catalog_reads_back_from_its_files() {
        let catalog = catalog(
            (0..45)
                .map(|index| meta(&format!("a{index:02}"), "2026-01-01", &[], None, 0))
                .collect(),
        );
        let lists = lists(&catalog);
        let mut files = std::collections::HashMap::new();
        files.insert(
            crate::schema::CATALOG_FILE.to_string(),
            serde_json::to_string(&head(&catalog, &lists)).unwrap(),
        );
        files.insert(
            FACETS_FILE.to_string(),
            serde_json::to_string(&facets(&catalog, &lists)).unwrap(),
        );
        for (page, on) in pages(&lists[0].1) {
            let page_file = ListPage {
                schema_version: SCHEMA_VERSION,
                total: 45,
                tag_labels: Vec::new(),
                page,
                articles: on
                    .iter()
                    .map(|at| &catalog.articles[*at as usize])
                    .collect(),
            };
            files.insert(
                ListKey::All.page_path(page),
                serde_json::to_string(&page_file).unwrap(),
            );
        }
        let read = read_catalog(|path: &str| {
            files
                .get(path)
                .cloned()
                .ok_or(crate::decode::DecodeError::Malformed {
                    file: path.into(),
                    line: 0,
                    column: 0,
                    message: "missing".into(),
                })
        })
        .unwrap();
        assert_eq!(read, catalog);
    }
}
