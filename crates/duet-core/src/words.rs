//! Reading a Chinese paragraph's word boundaries back (`Block::Paragraph::words`),
//! and looking its words up in the article's glossary: the same rule on both sides.

use std::ops::Range;

use crate::schema::Span;

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

/// A piece of a sentence that lies in one span and one word: what the app renders
/// as one element, so a word's marks (bold, links) are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Index of the span in the sentence.
    pub span: usize,
    /// Byte range in that span's text.
    pub range: Range<usize>,
    /// Index of the word (into the sentence's `words` lengths).
    pub word: usize,
    /// True when the piece is the whole word (the word lies in one span).
    pub whole: bool,
}

/// Cuts a sentence's spans at its word boundaries (`lengths` in chars over the spans'
/// joined text). Pieces come in reading order; a word split by a mark (`递<b>归</b>`)
/// gives one piece per span.
pub fn pieces(sentence: &[Span], lengths: &[u16]) -> Vec<Piece> {
    // Where each word starts and ends, in chars of the joined text.
    let mut bounds = Vec::with_capacity(lengths.len());
    let mut at = 0usize;
    for &length in lengths {
        bounds.push(at..at + usize::from(length));
        at += usize::from(length);
    }
    let mut out = Vec::new();
    let mut offset = 0usize; // chars before the current span
    let mut word = 0usize;
    for (span_index, span) in sentence.iter().enumerate() {
        let chars: Vec<usize> = span.text.char_indices().map(|(byte, _)| byte).collect();
        let span_end = offset + chars.len();
        let byte = |char_at: usize| {
            chars
                .get(char_at - offset)
                .copied()
                .unwrap_or(span.text.len())
        };
        let mut start = offset;
        while start < span_end {
            while word < bounds.len() && bounds[word].end <= start {
                word += 1;
            }
            let Some(bound) = bounds.get(word) else {
                // Text past the last word (not in a valid bundle): one plain piece.
                out.push(Piece {
                    span: span_index,
                    range: byte(start)..span.text.len(),
                    word: bounds.len(),
                    whole: false,
                });
                break;
            };
            let end = bound.end.min(span_end);
            out.push(Piece {
                span: span_index,
                range: byte(start)..byte(end),
                word,
                whole: bound.start >= offset && bound.end <= span_end,
            });
            start = end;
        }
        offset = span_end;
    }
    out
}

/// The tone of a pinyin syllable written with tone marks: 1–4, or 5 for the
/// neutral tone (no mark).
pub fn tone_of(syllable: &str) -> u8 {
    for character in syllable.chars() {
        match character {
            'ā' | 'ē' | 'ī' | 'ō' | 'ū' | 'ǖ' | 'Ā' | 'Ē' | 'Ī' | 'Ō' | 'Ū' => return 1,
            'á' | 'é' | 'í' | 'ó' | 'ú' | 'ǘ' | 'Á' | 'É' | 'Í' | 'Ó' | 'Ú' => return 2,
            'ǎ' | 'ě' | 'ǐ' | 'ǒ' | 'ǔ' | 'ǚ' | 'Ǎ' | 'Ě' | 'Ǐ' | 'Ǒ' | 'Ǔ' => return 3,
            'à' | 'è' | 'ì' | 'ò' | 'ù' | 'ǜ' | 'À' | 'È' | 'Ì' | 'Ò' | 'Ù' => return 4,
            _ => {}
        }
    }
    5
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
    fn pieces_follow_words_and_spans() {
        let plain = Span::plain("我们写");
        let bold = Span {
            strong: true,
            ..Span::plain("递归。")
        };
        let sentence = [plain, bold];
        // 我们 | 写递 (a word across the two spans) | 归 | 。
        let cut = pieces(&sentence, &[2, 2, 1, 1]);
        let shown: Vec<(&str, usize, bool)> = cut
            .iter()
            .map(|piece| {
                (
                    &sentence[piece.span].text[piece.range.clone()],
                    piece.word,
                    piece.whole,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("我们", 0, true),
                ("写", 1, false),
                ("递", 1, false),
                ("归", 2, true),
                ("。", 3, true)
            ]
        );
        // No words: nothing is lost, the text comes back as one piece per span.
        let cut = pieces(&sentence, &[]);
        assert_eq!(cut.len(), 2);
        assert_eq!(cut[1].range, 0..sentence[1].text.len());
    }

    #[test]
    fn tones_come_from_the_marks() {
        let tones: Vec<u8> = "dì guī Běi jīng le nǚ lǜ".split(' ').map(tone_of).collect();
        assert_eq!(tones, [4, 1, 3, 1, 5, 3, 4]);
    }

    #[test]
    fn chinese_words_hold_a_han_character() {
        assert!(is_chinese_word("递归"));
        assert!(is_chinese_word("T恤"));
        assert!(!is_chinese_word("，"));
        assert!(!is_chinese_word(" GPT-5 "));
    }
}
