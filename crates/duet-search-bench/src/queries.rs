//! The measured queries, one per kind, drawn from the generated corpus by fixed
//! rules so that they have hits and every run asks the same.

use std::collections::{BTreeMap, HashSet};

use duet_core::{Article, Lang};

use crate::corpus::{passages, sentences, Corpus};

/// The kinds of query whose cold cost is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    EnglishWord,
    ChineseWord,
    ChinesePhrase,
    Mixed,
    ChineseSentence,
}

impl Kind {
    /// How the kind is named in the table.
    pub fn label(self) -> &'static str {
        match self {
            Kind::EnglishWord => "one English word",
            Kind::ChineseWord => "one Chinese word",
            Kind::ChinesePhrase => "4-character Chinese phrase, no spaces",
            Kind::Mixed => "mixed Chinese + English",
            Kind::ChineseSentence => "Chinese sentence (~5 words)",
        }
    }
}

/// One measured query.
#[derive(Debug, Clone)]
pub struct Probe {
    pub kind: Kind,
    pub text: String,
}

/// The language whose Pagefind index a query is run against: Chinese if it has any
/// Chinese character, since a Chinese reader's query may hold Latin terms.
pub fn query_lang(text: &str) -> Lang {
    if text.chars().any(is_han) {
        Lang::Zh
    } else {
        Lang::En
    }
}

fn is_han(character: char) -> bool {
    duet_core::is_cjk(character) && character.is_alphabetic()
}

/// Searchable text of every article, per language, lowercased.
pub struct Texts {
    zh: Vec<String>,
    en: Vec<String>,
}

impl Texts {
    /// The title, abstract, body and FAQ text of every article.
    pub fn new(corpus: &Corpus) -> Texts {
        let join = |article: &Article, lang: Lang| passages(article, lang).join("\n");
        Texts {
            zh: corpus
                .articles
                .iter()
                .map(|a| join(a, Lang::Zh).to_lowercase())
                .collect(),
            en: corpus
                .articles
                .iter()
                .map(|a| join(a, Lang::En).to_lowercase())
                .collect(),
        }
    }

    fn of(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Articles whose `lang` text contains `needle`, ignoring case.
    fn document_frequency(&self, lang: Lang, needle: &str) -> usize {
        let needle = needle.to_lowercase();
        self.of(lang)
            .iter()
            .filter(|text| text.contains(&needle))
            .count()
    }

    /// Whether article `index` contains `needle` in `lang`, ignoring case.
    pub fn contains(&self, lang: Lang, index: usize, needle: &str) -> bool {
        self.of(lang)[index].contains(&needle.to_lowercase())
    }
}

/// One query per kind. Words are chosen so that about a tenth of the articles
/// contain them: selective, like a reader's search, yet with hits.
pub fn probes(corpus: &Corpus) -> Vec<Probe> {
    let texts = Texts::new(corpus);
    let target = corpus.articles.len() / 10;
    let closest = |candidates: &mut dyn Iterator<Item = String>, lang: Lang| {
        let unique: std::collections::BTreeSet<String> = candidates.collect();
        unique
            .into_iter()
            .map(|word| (texts.document_frequency(lang, &word).abs_diff(target), word))
            .min()
            .map(|(_, word)| word)
            .unwrap_or_default()
    };
    let english_word = closest(&mut english_words(corpus).into_iter(), Lang::En);
    let vocabulary = chinese_vocabulary(corpus);
    let han_only =
        |word: &String, length: usize| word.chars().count() == length && word.chars().all(is_han);
    let chinese_word = closest(
        &mut vocabulary.iter().filter(|word| han_only(word, 2)).cloned(),
        Lang::Zh,
    );
    let chinese_phrase = closest(
        &mut vocabulary.iter().filter(|word| han_only(word, 4)).cloned(),
        Lang::Zh,
    );
    let latin_term = closest(
        &mut vocabulary
            .iter()
            .filter(|word| word.chars().any(|c| c.is_ascii_alphabetic()))
            .cloned(),
        Lang::Zh,
    );
    vec![
        Probe {
            kind: Kind::EnglishWord,
            text: english_word,
        },
        Probe {
            kind: Kind::ChineseWord,
            text: chinese_word.clone(),
        },
        Probe {
            kind: Kind::ChinesePhrase,
            text: chinese_phrase,
        },
        Probe {
            kind: Kind::Mixed,
            text: format!("{latin_term} {chinese_word}"),
        },
        Probe {
            kind: Kind::ChineseSentence,
            text: chinese_sentence(corpus, &texts),
        },
    ]
}

/// Lowercase English words of five letters or more from the articles' sentences
/// (not the abstracts, whose generated text holds raw Markdown link targets).
fn english_words(corpus: &Corpus) -> HashSet<String> {
    corpus
        .articles
        .iter()
        .flat_map(|article| sentences(article, Lang::En))
        .flat_map(|sentence| {
            sentence
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|word| word.len() >= 5)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Chinese words with natural boundaries: each topic (the common start of the titles
/// of articles whose slugs share a topic), what titles add to it, and headings.
fn chinese_vocabulary(corpus: &Corpus) -> Vec<String> {
    let mut titles_by_topic: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut vocabulary = Vec::new();
    for article in &corpus.articles {
        let topic = article
            .meta
            .slug
            .rsplit_once('-')
            .map_or("", |(topic, _)| topic);
        if let Some(head) = &article.meta.head.zh {
            titles_by_topic.entry(topic).or_default().push(&head.title);
        }
        if let Some(body) = &article.body.zh {
            for block in &body.blocks {
                if let duet_core::Block::Heading { spans, .. } = block {
                    vocabulary.push(duet_core::spans_text(spans));
                }
            }
        }
    }
    for titles in titles_by_topic.values() {
        let topic = common_prefix(titles);
        for title in titles {
            let rest = title[topic.len()..].trim_start_matches('的');
            vocabulary.push(rest.to_string());
        }
        vocabulary.push(topic.trim().to_string());
    }
    vocabulary.sort();
    vocabulary.dedup();
    vocabulary.retain(|word| !word.is_empty());
    vocabulary
}

fn common_prefix<'a>(texts: &[&'a str]) -> &'a str {
    let first = texts.first().copied().unwrap_or_default();
    let mut end = first.len();
    for text in texts {
        end = first
            .char_indices()
            .zip(text.chars())
            .find(|((_, a), b)| a != b)
            .map_or(end.min(text.len()), |((index, _), _)| index.min(end));
    }
    &first[..end]
}

/// The rarest short Chinese sentence without commas (10–12 characters, about five
/// words), without its full stop.
fn chinese_sentence(corpus: &Corpus, texts: &Texts) -> String {
    let mut seen = HashSet::new();
    corpus
        .articles
        .iter()
        .flat_map(|article| sentences(article, Lang::Zh))
        .map(|sentence| sentence.trim_end_matches('。').to_string())
        .filter(|sentence| {
            let length = sentence.chars().count();
            (10..=12).contains(&length) && sentence.chars().all(is_han)
        })
        .filter(|sentence| seen.insert(sentence.clone()))
        .map(|sentence| (texts.document_frequency(Lang::Zh, &sentence), sentence))
        .min()
        .map(|(_, sentence)| sentence)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_stops_at_the_first_difference() {
        assert_eq!(
            common_prefix(&["推理模型的未来", "推理模型背后的故事"]),
            "推理模型"
        );
        assert_eq!(common_prefix(&["AI 芯片的风险"]), "AI 芯片的风险");
        assert_eq!(common_prefix(&[]), "");
    }

    #[test]
    fn queries_with_chinese_characters_are_chinese() {
        assert_eq!(query_lang("AI 编程 未来"), Lang::Zh);
        assert_eq!(query_lang("benefit"), Lang::En);
        assert_eq!(query_lang("，"), Lang::En);
    }
}
