//! Reading a Chinese paragraph's word boundaries back (`Block::Paragraph::words`),
//! and looking its words up in the article's glossary: the same rule on both sides.

use crate::schema::{Article, GlossEntry};

/// Han ideographs (unified, extensions, compatibility): what makes a word Chinese.
/// Punctuation, kana and full-width forms are not Han.
pub fn is_han(character: char) -> bool {
    matches!(character,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}'
    )
}

/// True when `word` holds a Han character: a word the glossary may define.
pub fn is_chinese_word(word: &str) -> bool {
    word.chars().any(is_han)
}

/// Cuts `text` (a sentence's spans joined) into its words, given their lengths in
/// chars. Lengths past the end of `text` yield what is left; text past the last
/// length is not yielded (neither happens in a valid bundle).
pub fn split_words<'t>(text: &'t str, lengths: &[u16]) -> Vec<&'t str> {
    let mut words = Vec::with_capacity(lengths.len());
    let mut rest = text;
    for &length in lengths {
        let end = rest
            .char_indices()
            .nth(usize::from(length))
            .map_or(rest.len(), |(at, _)| at);
        let (word, after) = rest.split_at(end);
        words.push(word);
        rest = after;
    }
    words
}

impl Article {
    /// The glossary entry of `word`, if the bundler found one (binary search: the
    /// glossary is sorted by word).
    pub fn gloss(&self, word: &str) -> Option<&GlossEntry> {
        self.glossary
            .binary_search_by(|entry| entry.word.as_str().cmp(word))
            .ok()
            .map(|at| &self.glossary[at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_by_char_lengths() {
        assert_eq!(
            split_words("我们用 GPT-5 写递归。", &[2, 1, 7, 1, 2, 1]),
            ["我们", "用", " GPT-5 ", "写", "递归", "。"]
        );
        assert_eq!(split_words("ab", &[1, 5]), ["a", "b"]);
    }

    #[test]
    fn chinese_words_hold_a_han_character() {
        assert!(is_chinese_word("递归"));
        assert!(is_chinese_word("T恤"));
        assert!(!is_chinese_word("，"));
        assert!(!is_chinese_word(" GPT-5 "));
    }
}
