//! Labelled queries for recall: a query and the article a reader typing it wants,
//! drawn from the corpus so that exactly one article fits.

use std::collections::HashMap;

use duet_core::{Article, Lang};

use crate::corpus::{sentences, Corpus};
use crate::queries::Texts;

/// How a labelled query is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Chinese title, a space, a Chinese clause of the article.
    Chinese,
    /// The same typed without the space.
    ChineseNoSpace,
    /// English title, a space, an English clause.
    English,
    /// Chinese title and an English clause: only a bilingual index can match both.
    CrossLanguage,
}

impl Style {
    const CYCLE: [Style; 4] = [
        Style::Chinese,
        Style::ChineseNoSpace,
        Style::English,
        Style::CrossLanguage,
    ];

    /// Whether the whole query is in one language.
    pub fn one_language(self) -> bool {
        self != Style::CrossLanguage
    }
}

/// A query and the article a reader typing it wants.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub text: String,
    pub slug: String,
    pub style: Style,
}

/// How many labelled queries to draw.
pub const LABELLED: usize = 24;

/// [`LABELLED`] queries: for articles spread over the corpus, the title and the
/// article's rarest clause, kept only when no other article has both.
pub fn labelled(corpus: &Corpus) -> Vec<Labelled> {
    let texts = Texts::new(corpus);
    let clause_frequency = clause_frequencies(corpus);
    let count = corpus.articles.len();
    let mut out = Vec::new();
    // 37 is coprime with the corpus size, so the walk visits every article once.
    for step in 0..count {
        if out.len() == LABELLED {
            break;
        }
        let article = &corpus.articles[(step * 37 + 11) % count];
        let style = Style::CYCLE[out.len() % Style::CYCLE.len()];
        let (title_lang, clause_lang) = match style {
            Style::Chinese | Style::ChineseNoSpace => (Lang::Zh, Lang::Zh),
            Style::English => (Lang::En, Lang::En),
            Style::CrossLanguage => (Lang::Zh, Lang::En),
        };
        let Some(title) = article.meta.head.get(title_lang).map(|head| &head.title) else {
            continue;
        };
        let mut ranked: Vec<(usize, String)> = clauses(article, clause_lang)
            .into_iter()
            .map(|clause| {
                let frequency = clause_frequency
                    .get(&(clause_lang, clause.clone()))
                    .copied()
                    .unwrap_or(usize::MAX);
                (frequency, clause)
            })
            .collect();
        ranked.sort();
        let unique = ranked.into_iter().map(|(_, clause)| clause).find(|clause| {
            let with_both = (0..count)
                .filter(|&other| {
                    texts.contains(title_lang, other, title)
                        && texts.contains(clause_lang, other, clause)
                })
                .count();
            with_both == 1
        });
        if let Some(clause) = unique {
            let separator = if style == Style::ChineseNoSpace {
                ""
            } else {
                " "
            };
            out.push(Labelled {
                text: format!("{title}{separator}{clause}"),
                slug: article.meta.slug.clone(),
                style,
            });
        }
    }
    out
}

/// The clauses of an article's sentences in `lang`: split at commas, end
/// punctuation dropped, short ones left out.
fn clauses(article: &Article, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = sentences(article, lang)
        .iter()
        .flat_map(|sentence| {
            sentence
                .split(['，', '；', '：'])
                .flat_map(|part| part.split(", "))
                .map(|part| {
                    part.trim()
                        .trim_end_matches(['。', '？', '！', '.', '?', '!'])
                        .to_string()
                })
                .collect::<Vec<_>>()
        })
        .filter(|clause| match lang {
            Lang::Zh => clause.chars().count() >= 4,
            Lang::En => clause.split_whitespace().count() >= 3,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// In how many articles each clause occurs, per language.
fn clause_frequencies(corpus: &Corpus) -> HashMap<(Lang, String), usize> {
    let mut frequency = HashMap::new();
    for article in &corpus.articles {
        for lang in Lang::ALL {
            for clause in clauses(article, lang) {
                *frequency.entry((lang, clause)).or_insert(0) += 1;
            }
        }
    }
    frequency
}
