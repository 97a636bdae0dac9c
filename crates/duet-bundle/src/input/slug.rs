//! Slug rules: article slugs are lowercase ASCII letters, digits and hyphens, since
//! they become URLs and file names. Folder and file names are normalised into them
//! (`Rust-1.85.0` → `rust-1-85-0`); a name with no ASCII letter or digit (`文章`)
//! gets `a-` and a stable hash of the name.

/// True when `slug` may name an article.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

/// Lowercase ASCII letters and digits joined by single hyphens; empty when `text`
/// has no ASCII letters or digits (Chinese text, say).
pub fn ascii_slug(text: &str) -> String {
    let mut slug = String::new();
    for character in text.chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The slug a folder or file name `name` becomes.
pub fn normalise_slug(name: &str) -> String {
    let slug = ascii_slug(name);
    if !slug.is_empty() {
        return slug;
    }
    // FNV-1a: stable across runs and platforms, unlike the standard library's hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("a-{:08x}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_slugs() {
        assert!(is_valid_slug("gpt-5-review"));
        assert!(is_valid_slug("2026"));
        assert!(!is_valid_slug("Agents"));
        assert!(!is_valid_slug("my_post"));
        assert!(!is_valid_slug("模型"));
        assert!(!is_valid_slug(""));
    }

    #[test]
    fn names_are_normalised() {
        assert_eq!(normalise_slug("Rust-1.85.0"), "rust-1-85-0");
        assert_eq!(normalise_slug("qwen2.5-coder"), "qwen2-5-coder");
        assert_eq!(normalise_slug("My_Post"), "my-post");
        let chinese = normalise_slug("文章");
        assert!(chinese.starts_with("a-") && is_valid_slug(&chinese));
        assert_eq!(chinese, normalise_slug("文章"), "stable");
        assert_ne!(chinese, normalise_slug("新闻"));
    }

    #[test]
    fn ascii_slugs() {
        assert_eq!(ascii_slug("Why GPT-5 matters?"), "why-gpt-5-matters");
        assert_eq!(ascii_slug("My_Post"), "my-post");
        assert_eq!(ascii_slug("大模型 LLM 简史"), "llm");
        assert_eq!(ascii_slug("模型"), "");
    }
}
