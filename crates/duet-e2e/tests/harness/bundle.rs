//! The served bundle, read with `duet-core` exactly as the app reads it, and the
//! choice of which articles suit each test. Tests never name a slug or a title:
//! the content changes, the kinds of article it must contain do not.

use std::path::Path;

use duet_core::decode::decode_article;
use duet_core::{article_path, Article, ArticleMeta, Block, BlockPair, Catalog, Lang};

/// The catalog and every article of a built bundle.
pub struct Bundle {
    pub catalog: Catalog,
    /// Every article, in catalog order (newest first).
    pub articles: Vec<Article>,
}

impl Bundle {
    /// Reads `data/` under the built app.
    pub fn load(dist: &Path) -> Bundle {
        let data = dist.join("data");
        let catalog = duet_core::listing::read_catalog(|path: &str| {
            Ok::<_, duet_core::decode::DecodeError>(read(&data.join(path)))
        })
        .unwrap_or_else(|error| panic!("the served bundle is broken: {error}"));
        let articles = catalog
            .articles
            .iter()
            .map(|meta| {
                let relative = article_path(&meta.slug);
                decode_article(&relative, &read(&data.join(&relative)))
                    .unwrap_or_else(|error| panic!("the served bundle is broken: {error}"))
            })
            .collect();
        Bundle { catalog, articles }
    }

    /// An article in both languages with at least one pair of sentence-aligned
    /// paragraphs, the richest first (most such pairs), so views, peeks and
    /// highlights all have something to show.
    pub fn bilingual(&self) -> &Article {
        self.articles
            .iter()
            .filter(|article| article.body.langs().len() == 2)
            .max_by_key(|article| aligned_pairs(article).len())
            .filter(|article| !aligned_pairs(article).is_empty())
            .expect("the bundle needs a bilingual article with a sentence-aligned pair")
    }

    /// Every article that has only one language.
    pub fn one_language(&self) -> Vec<&Article> {
        let found: Vec<&Article> = self
            .articles
            .iter()
            .filter(|article| article.body.langs().len() == 1)
            .collect();
        assert!(
            !found.is_empty(),
            "the bundle needs an article in one language only"
        );
        found
    }

    /// A bilingual article with related questions, else any article with them.
    pub fn with_faq(&self) -> &Article {
        let has_faq = |article: &&Article| {
            Lang::ALL.iter().any(|lang| {
                article
                    .body
                    .get(*lang)
                    .is_some_and(|body| !body.faq.is_empty())
            })
        };
        self.articles
            .iter()
            .filter(has_faq)
            .find(|article| article.body.langs().len() == 2)
            .or_else(|| self.articles.iter().find(has_faq))
            .expect("the bundle needs an article with related questions")
    }

    /// A tag that some articles have and others lack, so filtering by it visibly
    /// narrows the list; the rarest such tag.
    pub fn narrowing_tag(&self) -> String {
        let total = self.catalog.articles.len();
        let mut tags: Vec<(usize, &String)> = self
            .catalog
            .articles
            .iter()
            .flat_map(|meta| meta.tags.iter())
            .map(|tag| (self.tagged(tag).len(), tag))
            .filter(|(count, _)| *count < total)
            .collect();
        tags.sort();
        tags.first()
            .map(|(_, tag)| (*tag).clone())
            .expect("the bundle needs a tag that not every article has")
    }

    /// Slugs of the articles tagged `tag`, in catalog order.
    pub fn tagged(&self, tag: &str) -> Vec<String> {
        self.catalog
            .articles
            .iter()
            .filter(|meta| meta.tags.iter().any(|known| known == tag))
            .map(|meta| meta.slug.clone())
            .collect()
    }

    /// The display label of `tag` in `lang`, as the app shows it.
    pub fn tag_label(&self, tag: &str, lang: Lang) -> String {
        self.catalog
            .site
            .tags
            .iter()
            .find(|label| label.tag == tag)
            .and_then(|label| label.label.get_or_other(lang).cloned())
            .unwrap_or_else(|| tag.to_string())
    }

    /// The catalog's read articles (views above 0) ordered as the popular list
    /// orders them.
    pub fn popular(&self) -> Vec<&ArticleMeta> {
        let mut popular: Vec<&ArticleMeta> = self
            .catalog
            .articles
            .iter()
            .filter(|meta| meta.views > 0)
            .collect();
        popular.sort_by(|a, b| b.views.cmp(&a.views).then_with(|| a.slug.cmp(&b.slug)));
        popular
    }
}

/// Pairs whose two paragraphs are sentence-aligned.
pub fn aligned_pairs(article: &Article) -> Vec<&BlockPair> {
    article
        .pairs
        .iter()
        .filter(|pair| pair.sentences_aligned && pair.zh.is_some() && pair.en.is_some())
        .collect()
}

/// Pairs with a block in both languages.
pub fn full_pairs(article: &Article) -> Vec<&BlockPair> {
    article
        .pairs
        .iter()
        .filter(|pair| pair.zh.is_some() && pair.en.is_some())
        .collect()
}

/// The block on `lang`'s side of `pair`.
pub fn block<'a>(article: &'a Article, pair: &BlockPair, lang: Lang) -> Option<&'a Block> {
    let index = pair.side(lang)? as usize;
    article.body.get(lang)?.blocks.get(index)
}

/// The title in `lang`, which the article must have.
pub fn title(meta: &ArticleMeta, lang: Lang) -> &str {
    &meta
        .head
        .get(lang)
        .unwrap_or_else(|| panic!("{} has no {} title", meta.slug, lang.code()))
        .title
}

/// A bundle file as text, inflated when it is stored gzip-compressed.
fn read(path: &Path) -> String {
    duet_bundle::bundle_file::read_to_string(path).unwrap_or_else(|error| {
        panic!(
            "read {}: {error:#} (is the bundle built? run `cargo xtask dist`)",
            path.display()
        )
    })
}
