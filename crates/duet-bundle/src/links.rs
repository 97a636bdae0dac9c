//! Which link targets may reach the reader: web, mail, in-page and relative links.
//! Anything else (`javascript:`, `data:`, `vbscript:`, `file:`) is dropped.

/// The lowercased scheme of `url` (`https`, `mailto`), if it has one. Browsers ignore
/// ASCII whitespace and control characters inside a scheme (`java\tscript:`), so
/// those are skipped here too.
pub fn scheme(url: &str) -> Option<String> {
    let mut scheme = String::new();
    for character in url.chars() {
        match character {
            ':' => break,
            '/' | '?' | '#' => return None,
            character if character.is_ascii_whitespace() || character.is_ascii_control() => {}
            character => scheme.push(character.to_ascii_lowercase()),
        }
    }
    if !url.contains(':') {
        return None;
    }
    let mut characters = scheme.chars();
    let starts_with_letter = characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic());
    let rest_valid =
        characters.all(|character| character.is_ascii_alphanumeric() || "+-.".contains(character));
    (starts_with_letter && rest_valid).then_some(scheme)
}

/// `url` if a reader may follow it, else `None`.
pub fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    match scheme(url).as_deref() {
        None => {
            (!url.contains(':') || url.starts_with('#') || is_path_with_colon(url)).then_some(url)
        }
        Some("http" | "https" | "mailto") => Some(url),
        Some(_) => None,
    }
}

/// A relative path whose colon comes after a `/`, `?` or `#` (`a/b:c`), which is not a
/// scheme; [`scheme`] already returned `None` for it.
fn is_path_with_colon(url: &str) -> bool {
    let colon = url.find(':').unwrap_or(url.len());
    url[..colon].contains(['/', '?', '#'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_web_mail_anchor_and_relative_links() {
        for url in [
            "https://example.org/a?b#c",
            "http://x.org",
            "HTTPS://X.ORG",
            "mailto:ada@example.org",
            "#faq-1",
            "../other/",
            "images/a.png",
            "/abs/path",
            "notes/a:b",
        ] {
            assert_eq!(safe_href(url), Some(url), "{url}");
        }
    }

    #[test]
    fn drops_script_and_data_links() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert_eq!(safe_href(url), None, "{url:?}");
        }
    }

    #[test]
    fn finds_schemes() {
        assert_eq!(scheme("https://x").as_deref(), Some("https"));
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("plain"), None);
        assert_eq!(scheme("1abc:x"), None);
    }
}
