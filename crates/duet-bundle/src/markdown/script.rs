//! Telling Chinese (CJK) characters from others, for soft breaks, sentence splitting
//! and reading time.

/// True for Han ideographs, kana, CJK punctuation and full-width forms: characters
/// written without spaces between them.
pub fn is_cjk(character: char) -> bool {
    matches!(character,
        '\u{2E80}'..='\u{2FDF}'   // radicals
        | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{4E00}'..='\u{9FFF}' // unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}' // compatibility forms
        | '\u{FF00}'..='\u{FFEF}' // full-width forms
        | '\u{20000}'..='\u{3134F}' // extensions B–G
    )
}

/// True for ideographs only (what a Chinese reader counts as characters).
pub fn is_han(character: char) -> bool {
    matches!(character,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_characters() {
        assert!(is_cjk('中'));
        assert!(is_cjk('，'));
        assert!(is_cjk('。'));
        assert!(!is_cjk('a'));
        assert!(!is_cjk(','));
        assert!(is_han('模'));
        assert!(!is_han('，'));
    }
}
