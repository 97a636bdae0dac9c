//! Language codes as sites write them in file names, folder names and configs:
//! `zh`, `zh-cn`, `zh-Hans`, `zh_CN`, `zh-tw` are Chinese; `en`, `en-us`, `en-GB` are
//! English; other well-formed codes (`fr`, `ja`, `pt-br`) are languages Duet skips.
//! Also the guess of a text's language from its script.

use duet_core::Lang;

/// What a name that might be a language code says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// One of Duet's two languages.
    Duet(Lang),
    /// Shaped like a language code (`fr`, `pt-br`), but another language.
    Other,
    /// Not a language code (`0`, `5-coder`, `draft`).
    NotACode,
}

/// Reads `name` as a BCP 47-style code: a two-letter primary subtag, then optional
/// subtags of 2 to 8 letters or digits, separated by `-` or `_`.
pub fn read_code(name: &str) -> Code {
    let mut parts = name.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let primary_ok = primary.len() == 2 && primary.bytes().all(|byte| byte.is_ascii_alphabetic());
    let rest_ok = parts.all(|part| {
        (2..=8).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_alphanumeric())
    });
    if !primary_ok || !rest_ok {
        return Code::NotACode;
    }
    match Lang::from_code(name) {
        Some(lang) => Code::Duet(lang),
        None => Code::Other,
    }
}

/// The language `text` is most likely written in: Chinese when Han characters are
/// at least a third as many as Latin letters (a Chinese text quoting English names
/// stays Chinese; an English text quoting a Chinese term stays English).
pub fn guess_from_script(text: &str) -> Lang {
    let (mut han, mut latin) = (0usize, 0usize);
    for character in text.chars() {
        if crate::script::is_han(character) {
            han += 1;
        } else if character.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if han * 3 >= latin && han > 0 {
        Lang::Zh
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_in_every_spelling() {
        for code in ["zh", "zh-cn", "zh-hans", "zh-CN", "zh_TW", "zh-Hant-TW"] {
            assert_eq!(read_code(code), Code::Duet(Lang::Zh), "{code}");
        }
        for code in ["en", "en-us", "en-GB", "EN"] {
            assert_eq!(read_code(code), Code::Duet(Lang::En), "{code}");
        }
        for code in ["fr", "pt-br", "ja"] {
            assert_eq!(read_code(code), Code::Other, "{code}");
        }
        for code in ["0", "5-coder", "draft", "x", "zh-", "eng"] {
            assert_eq!(read_code(code), Code::NotACode, "{code}");
        }
    }

    #[test]
    fn guesses_by_script() {
        assert_eq!(
            guess_from_script("这是一篇关于 Rust 和 WebAssembly 的文章。"),
            Lang::Zh
        );
        assert_eq!(
            guess_from_script("An article that mentions 双读 once."),
            Lang::En
        );
        assert_eq!(guess_from_script("12345"), Lang::En);
    }
}
