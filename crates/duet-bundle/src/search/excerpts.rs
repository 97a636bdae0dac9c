//! Per-article excerpt files: a short opening of every passage in each language, so
//! results can show text without fetching whole articles.

use duet_core::search::Excerpts;
use duet_core::{Article, Lang, SCHEMA_VERSION};

use super::passages::{passages, Passage};

/// Longest excerpt in characters: Chinese packs more meaning (and 3 bytes) per character.
const CHINESE_CHARS: usize = 32;
const ENGLISH_CHARS: usize = 90;

/// The excerpts of `article`.
pub fn excerpts(article: &Article, faq_base: u16) -> Excerpts {
    let by_lang: Vec<(Lang, Vec<Passage>)> = Lang::ALL
        .into_iter()
        .map(|lang| (lang, passages(article, lang, faq_base)))
        .collect();
    let mut numbers: Vec<(u16, &str)> = by_lang
        .iter()
        .flat_map(|(_, found)| {
            found
                .iter()
                .map(|passage| (passage.number, passage.id.as_str()))
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut excerpts = Excerpts {
        schema_version: SCHEMA_VERSION,
        ids: numbers.iter().map(|(_, id)| id.to_string()).collect(),
        zh: Vec::new(),
        en: Vec::new(),
    };
    for (lang, found) in &by_lang {
        if found.is_empty() {
            continue;
        }
        let texts = numbers
            .iter()
            .map(|(number, _)| {
                found
                    .iter()
                    .find(|passage| passage.number == *number)
                    .map(|passage| excerpt(passage, *lang))
                    .unwrap_or_default()
            })
            .collect();
        match lang {
            Lang::Zh => excerpts.zh = texts,
            Lang::En => excerpts.en = texts,
        }
    }
    excerpts
}

/// The opening of a passage: whole sentences while they fit, else a cut with `…`.
fn excerpt(passage: &Passage, lang: Lang) -> String {
    let limit = match lang {
        Lang::Zh => CHINESE_CHARS,
        Lang::En => ENGLISH_CHARS,
    };
    let mut text = String::new();
    for sentence in &passage.sentences {
        if !text.is_empty() && text.chars().count() + sentence.chars().count() > limit {
            break;
        }
        text.push_str(sentence);
    }
    if passage.sentences.is_empty() {
        text = passage.text.clone();
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(&text, limit)
}

/// `text` cut to `limit` characters, at a space when one is near, marked with `…`.
fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let kept: String = text.chars().take(limit).collect();
    let at_space = kept
        .rfind(' ')
        .filter(|at| kept[..*at].chars().count() + 20 >= limit);
    let kept = at_space.map_or(kept.as_str(), |at| &kept[..at]);
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_at_a_space_with_an_ellipsis() {
        let text = "word ".repeat(40);
        let cut_text = cut(text.trim(), 30);
        assert!(cut_text.ends_with("word…"), "{cut_text}");
        assert!(cut_text.chars().count() <= 31);
        assert_eq!(cut("短句。", 40), "短句。");
        assert_eq!(cut(&"字".repeat(50), 40).chars().count(), 41);
    }
}
