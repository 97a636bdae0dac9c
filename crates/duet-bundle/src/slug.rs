//! Slug rules: article slugs are lowercase ASCII letters, digits and hyphens, since
//! they become URLs and file names.

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
    fn ascii_slugs() {
        assert_eq!(ascii_slug("Why GPT-5 matters?"), "why-gpt-5-matters");
        assert_eq!(ascii_slug("My_Post"), "my-post");
        assert_eq!(ascii_slug("大模型 LLM 简史"), "llm");
        assert_eq!(ascii_slug("模型"), "");
    }
}
