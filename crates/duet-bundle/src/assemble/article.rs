//! One article assembled from its language files: article-level values reconciled,
//! per-language heads and bodies built, blocks paired, drift reported.

use std::fmt::Display;
use std::path::Path;

use duet_core::{
    Article, ArticleHead, ArticleMeta, Bilingual, Block, Body, Faq, Lang, SCHEMA_VERSION,
};

use crate::align::align;
use crate::dates::format_date;
use crate::diagnostics::{location, Diagnostics};
use crate::document::Document;
use crate::reading_time::reading_minutes;
use crate::source::Located;

/// Builds the article `slug` from its documents (at least one is present). Related
/// reads are filled in later, once every article is known.
pub fn assemble(
    slug: &str,
    documents: &Bilingual<Document>,
    diagnostics: &mut Diagnostics,
) -> Article {
    let primary = documents
        .zh
        .as_ref()
        .or(documents.en.as_ref())
        .expect("an article has a language file");
    let mut reconcile = Reconciler {
        documents,
        diagnostics,
    };
    let date = reconcile.pick("date", |document| document.front.date.as_ref());
    let updated = reconcile.pick("updated", |document| document.front.updated.as_ref());
    let views = reconcile.pick("views", |document| document.front.views.as_ref());
    reconcile.warn_tag_differences();
    reconcile.warn_faq_counts();
    let mut tags: Vec<String> = Lang::ALL
        .into_iter()
        .filter_map(|lang| documents.get(lang))
        .filter_map(|document| document.front.tags.as_ref())
        .flat_map(|tags| tags.value.iter().map(|tag| crate::tags::tag_slug(tag)))
        .collect();
    tags.sort();
    tags.dedup();

    let blocks = |lang: Lang| {
        documents
            .get(lang)
            .map(|document| plain_blocks(&document.blocks))
    };
    let (zh_blocks, en_blocks) = (blocks(Lang::Zh), blocks(Lang::En));
    let alignment = align(zh_blocks.as_deref(), en_blocks.as_deref());
    report_drift(documents, &alignment, diagnostics);

    let head = |lang: Lang, blocks: &Option<Vec<Block>>| {
        let document = documents.get(lang)?;
        Some(ArticleHead {
            title: document.title.clone(),
            description: document.description.clone(),
            source: document.front.source.clone(),
            authors: document.front.authors.clone(),
            reading_minutes: reading_minutes(blocks.as_deref().unwrap_or_default(), lang),
        })
    };
    let head = Bilingual {
        zh: head(Lang::Zh, &zh_blocks),
        en: head(Lang::En, &en_blocks),
    };
    let body = |lang: Lang, blocks: Option<Vec<Block>>| {
        let document = documents.get(lang)?;
        Some(body_of(document, blocks.unwrap_or_default()))
    };
    Article {
        schema_version: SCHEMA_VERSION,
        meta: ArticleMeta {
            slug: slug.to_string(),
            date: format_date(date.unwrap_or_else(|| undated(primary, diagnostics))),
            updated: updated.map(format_date),
            tags,
            views: views.unwrap_or(0),
            related: Vec::new(),
            head,
            // Filled in by the glossary step (`crate::glossary`).
            difficulty: None,
        },
        body: Bilingual {
            zh: body(Lang::Zh, zh_blocks),
            en: body(Lang::En, en_blocks),
        },
        pairs: alignment.pairs,
        // Filled in when the bundle is written (`crate::output::write`).
        related_cards: Vec::new(),
        tag_labels: Vec::new(),
    }
}

/// The date of an article neither of whose files gives one: warned about, and put
/// last in the library (the first day of the Unix epoch) rather than refused.
fn undated(document: &Document, diagnostics: &mut Diagnostics) -> duet_core::format::Date {
    // Book chapters and section pages have no dates by nature.
    if document.dateless {
        return crate::dates::from_days(0);
    }
    diagnostics
        .warning(
            &document.path,
            Some(1),
            "no `date`; the article is listed as of 1970-01-01, after every dated one",
        )
        .hint("add `date = 2026-11-24` (TOML) or `date: 2026-11-24` (YAML) to the front matter");
    crate::dates::from_days(0)
}

fn plain_blocks(blocks: &[Located<Block>]) -> Vec<Block> {
    blocks.iter().map(|block| block.value.clone()).collect()
}

fn body_of(document: &Document, blocks: Vec<Block>) -> Body {
    Body {
        blocks,
        faq: document
            .front
            .faq
            .iter()
            .enumerate()
            .map(|(index, (question, answer))| Faq {
                id: format!("faq-{}", index + 1),
                q: question.clone(),
                a: answer.clone(),
            })
            .collect(),
        comments: document.front.comments.clone(),
    }
}

/// Reconciles article-level values given in both language files.
struct Reconciler<'a> {
    documents: &'a Bilingual<Document>,
    diagnostics: &'a mut Diagnostics,
}

impl Reconciler<'_> {
    /// The Chinese file's value, else the English one; warns when both are given and differ.
    fn pick<T: Clone + PartialEq + Shown>(
        &mut self,
        key: &str,
        value: impl Fn(&Document) -> Option<&Located<T>>,
    ) -> Option<T> {
        let zh = self
            .documents
            .zh
            .as_ref()
            .and_then(|document| Some((document, value(document)?)));
        let en = self
            .documents
            .en
            .as_ref()
            .and_then(|document| Some((document, value(document)?)));
        if let (Some((zh_document, zh_value)), Some((en_document, en_value))) = (zh, en) {
            if zh_value.value != en_value.value {
                self.diagnostics
                    .warning(
                        &zh_document.path,
                        Some(zh_value.line),
                        format!(
                            "`{key}` differs between languages: {} here, {} in {}; using the Chinese value",
                            zh_value.value.shown(),
                            en_value.value.shown(),
                            location(&en_document.path, en_value.line)
                        ),
                    )
                    .hint(format!("`{key}` belongs to the whole article: give both files the same value"));
            }
        }
        zh.or(en).map(|(_, located)| located.value.clone())
    }

    fn warn_tag_differences(&mut self) {
        let (Some(zh), Some(en)) = (&self.documents.zh, &self.documents.en) else {
            return;
        };
        let (Some(zh_tags), Some(en_tags)) = (&zh.front.tags, &en.front.tags) else {
            return;
        };
        // Translated tags differ on both sides (both sets are kept, nothing is lost);
        // one side holding the other's tags and more most likely forgot some.
        let within =
            |small: &[String], large: &[String]| small.iter().all(|tag| large.contains(tag));
        let one_forgot =
            within(&zh_tags.value, &en_tags.value) || within(&en_tags.value, &zh_tags.value);
        if one_forgot && zh_tags.value != en_tags.value {
            self.diagnostics
                .warning(
                    &zh.path,
                    Some(zh_tags.line),
                    format!(
                        "tags differ between languages: [{}] here, [{}] in {}; using both",
                        zh_tags.value.join(", "),
                        en_tags.value.join(", "),
                        location(&en.path, en_tags.line)
                    ),
                )
                .hint("tags belong to the whole article: give both files the same tags");
        }
    }

    fn warn_faq_counts(&mut self) {
        let (Some(zh), Some(en)) = (&self.documents.zh, &self.documents.en) else {
            return;
        };
        if zh.front.faq.len() != en.front.faq.len() {
            self.diagnostics
                .warning(
                    &zh.path,
                    Some(1),
                    format!(
                        "{} FAQ entries here but {} in {}",
                        zh.front.faq.len(),
                        en.front.faq.len(),
                        en.path.display()
                    ),
                )
                .hint("translate every [[extra.faq]] entry so `faq-N` means the same question in both languages");
        }
    }
}

/// How a reconciled value is quoted in a warning.
trait Shown {
    fn shown(&self) -> String;
}

impl Shown for duet_core::format::Date {
    fn shown(&self) -> String {
        format_date(*self)
    }
}

impl Shown for u64 {
    fn shown(&self) -> String {
        self.to_string()
    }
}

/// One warning per article listing every unpaired block and every paired list or
/// table whose item counts differ, in reading order, each with its file and line.
/// The warning itself sits at the first such place.
fn report_drift(
    documents: &Bilingual<Document>,
    alignment: &crate::align::Alignment,
    diagnostics: &mut Diagnostics,
) {
    let (Some(zh), Some(en)) = (&documents.zh, &documents.en) else {
        return;
    };
    let mut places: Vec<(&Path, usize, String)> = Vec::new();
    for pair in &alignment.pairs {
        match (pair.zh, pair.en) {
            (Some(index), None) => {
                let block = &zh.blocks[index as usize];
                places.push((
                    &zh.path,
                    block.line,
                    format!("{} has no English counterpart", kind_name(&block.value)),
                ));
            }
            (None, Some(index)) => {
                let block = &en.blocks[index as usize];
                places.push((
                    &en.path,
                    block.line,
                    format!("{} has no Chinese counterpart", kind_name(&block.value)),
                ));
            }
            (Some(zh_index), Some(en_index))
                if alignment
                    .uneven
                    .contains(&(zh_index as usize, en_index as usize)) =>
            {
                let (zh_block, en_block) =
                    (&zh.blocks[zh_index as usize], &en.blocks[en_index as usize]);
                places.push((
                    &zh.path,
                    zh_block.line,
                    format!(
                        "{} with {} items, but {} has {}",
                        kind_name(&zh_block.value),
                        item_count(&zh_block.value),
                        location(&en.path, en_block.line),
                        item_count(&en_block.value)
                    ),
                ));
            }
            _ => {}
        }
    }
    let Some((first_path, first_line, _)) = places.first() else {
        return;
    };
    let other = if *first_path == zh.path.as_path() {
        &en.path
    } else {
        &zh.path
    };
    let warning = diagnostics.warning(
        first_path,
        Some(*first_line),
        format!(
            "the Chinese and English texts drift apart ({} with {})",
            plural_places(places.len()),
            other.display()
        ),
    );
    for (path, line, what) in &places {
        warning.note(format!("{}: {what}", location(path, *line)));
    }
    warning.hint("give both files the same sequence of headings, paragraphs, lists and other blocks; a paragraph split in only one language is the usual cause");
}

fn plural_places(count: usize) -> impl Display {
    if count == 1 {
        "1 place".to_string()
    } else {
        format!("{count} places")
    }
}

fn kind_name(block: &Block) -> &'static str {
    match block {
        Block::Heading { .. } => "heading",
        Block::Paragraph { .. } => "paragraph",
        Block::Quote { .. } => "quote",
        Block::List { .. } => "list",
        Block::Code { .. } => "code block",
        Block::Table { .. } => "table",
        Block::Image { .. } => "image",
        Block::Rule => "rule",
        Block::Callout { .. } => "callout",
        Block::Details { .. } => "details block",
        Block::Figure { .. } => "figure",
        Block::Definitions { .. } => "definition list",
        Block::Notes { .. } => "footnotes",
        Block::Math { .. } => "formula",
    }
}

fn item_count(block: &Block) -> usize {
    match block {
        Block::List { items, .. } => items.len(),
        Block::Table { rows, .. } => rows.len(),
        _ => 0,
    }
}

#[cfg(test)]
#[path = "article_tests.rs"]
mod tests;
