//! Character folding applied alike to indexed text and to queries, one character in,
//! one character out, so a match can be mapped back to the original text's bytes.
//!
//! Folded: full-width ASCII (U+FF01–FF5E) to ASCII, the ideographic space (U+3000) to a
//! space, half-width CJK punctuation (U+FF61–FF64) to its full-width form, and case
//! (first character of `char::to_lowercase`). Traditional characters are *not* mapped
//! to simplified ones: a useful table costs tens of kilobytes of wasm, more than the
//! whole query engine, so a traditional query only finds traditional text.

/// The folded form of one character.
pub fn fold(character: char) -> char {
    let code = character as u32;
    let character = match code {
        0xFF01..=0xFF5E => char::from_u32(code - 0xFF01 + 0x21).unwrap_or(character),
        0x3000 => ' ',
        0xFF61 => '。',
        0xFF62 => '「',
        0xFF63 => '」',
        0xFF64 => '、',
        _ => character,
    };
    if character.is_ascii() {
        character.to_ascii_lowercase()
    } else {
        character.to_lowercase().next().unwrap_or(character)
    }
}

/// Ideographs and kana: written without spaces, so indexed as overlapping bigrams.
pub fn is_ideograph(character: char) -> bool {
    matches!(character as u32,
        0x3040..=0x309F | 0x30A0..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
        && character != '\u{30FB}'
}

/// Letters and digits of space-separated scripts, the characters of words.
pub fn is_word_character(character: char) -> bool {
    character.is_alphanumeric() && !is_ideograph(character)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold_all(text: &str) -> String {
        text.chars().map(fold).collect()
    }

    #[test]
    fn full_width_and_case_fold_to_ascii_lowercase() {
        assert_eq!(fold_all("ＧＰＴ－４　Ｔｅｓｔ"), "gpt-4 test");
        assert_eq!(fold_all("Überall ÉTÉ"), "überall été");
        assert_eq!(fold_all("ｱ｡｢x｣､"), "ｱ。「x」、");
        assert_eq!(fold_all("模型"), "模型");
    }

    #[test]
    fn ideographs_are_not_word_characters() {
        assert!(is_ideograph('模') && is_ideograph('か') && is_ideograph('𠀀'));
        assert!(!is_ideograph('。') && !is_ideograph('a') && !is_ideograph('・'));
        assert!(is_word_character('é') && is_word_character('7'));
        assert!(!is_word_character('模') && !is_word_character('-'));
    }
}
