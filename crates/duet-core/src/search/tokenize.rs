//! Splitting text into index terms, the same way for articles (in the bundler) and for
//! queries (in the browser).
//!
//! Text is folded ([`super::normalize`]) and cut into *runs*: maximal stretches of
//! word characters (Latin letters and digits) or of ideographs.
//!
//! - A word run gives one term: lowercased, stemmed with the Snowball English
//!   (Porter 2) stemmer, dropped when it is a stop word.
//! - An ideograph run gives its overlapping character **bigrams** (`大型语言` →
//!   `大型 型语 语言`), or the character itself when the run is one character long.
//!
//! Why bigrams: the browser has no dictionary, yet a query typed without spaces must
//! be cut exactly as the index was. Overlapping bigrams need no dictionary on either
//! side, and every bigram of a query that occurs in a text is indexed for that text,
//! so a phrase never misses because two segmenters disagreed. The bundler also
//! indexes jieba's words of three or more characters (`智能体`, `大型语言模型`);
//! a query never needs to be segmented to use them: the ranker looks in the shards it
//! fetched anyway for such words that occur in the query, and scores them on top of the
//! bigrams. A one-character query matches as a prefix: every bigram starting with
//! that character, and the character itself where it stood alone.

use super::normalize::{fold, is_ideograph, is_word_character};

/// Which kind of characters a run is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Letters and digits of space-separated scripts.
    Word,
    /// Ideographs and kana.
    Ideographic,
}

/// A stretch of word characters or of ideographs, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub script: Script,
    /// The folded characters.
    pub chars: Vec<char>,
    /// Byte offset in the original text of each character, and of the run's end.
    pub offsets: Vec<usize>,
}

impl Run {
    /// The folded text.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Byte range in the original text of characters `from..to`.
    pub fn byte_range(&self, from: usize, to: usize) -> std::ops::Range<usize> {
        self.offsets[from]..self.offsets[to]
    }
}

/// The runs of `text`, in order.
pub fn runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    for (offset, original) in text.char_indices() {
        let character = fold(original);
        let script = if is_ideograph(character) {
            Some(Script::Ideographic)
        } else if is_word_character(character) {
            Some(Script::Word)
        } else {
            None
        };
        if let Some(run) = current.as_mut() {
            if Some(run.script) == script {
                run.chars.push(character);
                run.offsets.push(offset);
                continue;
            }
            run.offsets.push(offset);
            runs.extend(current.take());
        }
        current = script.map(|script| Run {
            script,
            chars: vec![character],
            offsets: vec![offset],
        });
    }
    if let Some(mut run) = current {
        run.offsets.push(text.len());
        runs.push(run);
    }
    runs
}

/// Words too common to help, dropped from the index and from queries.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "did", "do", "does",
    "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "s", "she", "so", "t", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "us",
    "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
];

/// Longest word term, in characters; longer words are cut (URLs, hashes in code).
pub const MAX_WORD_CHARS: usize = 32;

/// Whether `word` (folded) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The index term of a folded word: its stem, or the word itself when it holds digits.
pub fn stem(word: &str) -> String {
    let word: String = word.chars().take(MAX_WORD_CHARS).collect();
    if word.chars().all(char::is_alphabetic) {
        rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)
            .stem(&word)
            .into_owned()
    } else {
        word
    }
}

/// The term of a word run, `None` for a stop word.
pub fn word_term(word: &str) -> Option<String> {
    (!is_stop_word(word)).then(|| stem(word))
}

/// The terms of an ideograph run: bigrams, or the one character.
pub fn ideograph_terms(chars: &[char]) -> Vec<String> {
    if chars.len() == 1 {
        return vec![chars[0].to_string()];
    }
    chars.windows(2).map(|pair| pair.iter().collect()).collect()
}

/// Every term of `text` in order (without jieba words, which only the bundler adds).
pub fn terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for run in runs(text) {
        match run.script {
            Script::Word => terms.extend(word_term(&run.text())),
            Script::Ideographic => terms.extend(ideograph_terms(&run.chars)),
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn english_is_lowercased_stemmed_and_stop_words_dropped() {
        assert_eq!(
            terms("The Models were Running quickly"),
            ["model", "run", "quick"]
        );
        assert_eq!(
            terms("studies, studying: STUDY!"),
            ["studi", "studi", "studi"]
        );
    }

    #[test]
    fn chinese_becomes_overlapping_bigrams_and_lone_characters_stay() {
        assert_eq!(
            terms("大型语言模型"),
            ["大型", "型语", "语言", "言模", "模型"]
        );
        assert_eq!(terms("好。模型，快"), ["好", "模型", "快"]);
    }

    #[test]
    fn mixed_text_splits_at_script_changes_and_punctuation() {
        assert_eq!(
            terms("用GPT-4训练模型"),
            ["用", "gpt", "4", "训练", "练模", "模型"]
        );
        assert_eq!(
            terms("Dr. Chen's team 的模型"),
            ["dr", "chen", "team", "的模", "模型"]
        );
    }

    #[test]
    fn numbers_are_kept_whole_and_not_stemmed() {
        assert_eq!(terms("3.5x faster in 2024"), ["3", "5x", "faster", "2024"]);
    }

    #[test]
    fn full_width_forms_fold_like_ascii() {
        assert_eq!(terms("ＧＰＵ　Ｍｏｄｅｌｓ"), terms("gpu models"));
        assert_eq!(terms("ＡＩ芯片"), ["ai", "芯片"]);
    }

    #[test]
    fn runs_map_back_to_original_bytes() {
        let text = "Ｈｉ 模型!";
        let found = runs(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].byte_range(0, 2)], "Ｈｉ");
        assert_eq!(&text[found[1].byte_range(0, 2)], "模型");
        assert_eq!(&text[found[1].byte_range(1, 2)], "型");
    }

    #[test]
    fn long_words_are_cut() {
        let long = "a".repeat(50);
        assert_eq!(stem(&long).chars().count(), MAX_WORD_CHARS);
    }
}
