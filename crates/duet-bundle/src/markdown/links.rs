//! Which link targets may reach the reader: web, mail, in-page and relative links.
//! Anything else (`javascript:`, `data:`, `vbscript:`, `file:`) is dropped.

pub use duet_core::links::scheme;

/// `url` if a reader may follow it, else `None`. The rule itself lives in duet-core,
/// because the app applies it again when rendering. What is kept goes through
/// [`encode_hidden`].
pub fn safe_href(url: &str) -> Option<String> {
    let url = with_scheme(url.trim());
    duet_core::links::is_safe_href(&url).then(|| encode_hidden(&url))
}

/// A protocol-relative `//host/path` as `https://host/path`: it names another host,
/// which the app only links to with a scheme (see `duet_core::links`).
pub fn with_scheme(url: &str) -> std::borrow::Cow<'_, str> {
    match url.strip_prefix("//") {
        Some(rest) => std::borrow::Cow::Owned(format!("https://{rest}")),
        None => std::borrow::Cow::Borrowed(url),
    }
}

/// `url` with white space, control characters, `"'<>` and backquote, and bidi and
/// zero-width characters percent-encoded (as UTF-8), the way a browser sends them
/// anyway. A link target then never carries markup or characters that reorder or
/// hide text; letters of any script stay as they are.
pub fn encode_hidden(url: &str) -> String {
    let mut encoded = String::with_capacity(url.len());
    for character in url.chars() {
        let hidden = character.is_whitespace()
            || character.is_control()
            || matches!(character, '"' | '\'' | '<' | '>' | '`')
            || crate::diagnostics::is_invisible(character);
        if hidden {
            let mut buffer = [0; 4];
            for byte in character.encode_utf8(&mut buffer).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        } else {
            encoded.push(character);
        }
    }
    encoded
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
            assert_eq!(safe_href(url).as_deref(), Some(url), "{url}");
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

    /// Guards issue 16 finding 2: these have no scheme, passed the check as
    /// internal links, and took the reader to another host.
    #[test]
    fn drops_paths_that_lead_off_site_and_upgrades_protocol_relative_links() {
        for url in [
            "/\\evil.example/p",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/x",
        ] {
            assert_eq!(safe_href(url), None, "{url:?}");
        }
        assert_eq!(
            safe_href("//example.org/a").as_deref(),
            Some("https://example.org/a")
        );
    }

    #[test]
    fn kept_links_carry_no_markup_or_hidden_characters() {
        assert_eq!(
            safe_href("https://example.org/?q=<script>\"x\"").as_deref(),
            Some("https://example.org/?q=%3Cscript%3E%22x%22")
        );
        assert_eq!(
            safe_href("https://example.org/\u{200B}a\u{202E}b 中").as_deref(),
            Some("https://example.org/%E2%80%8Ba%E2%80%AEb%20中")
        );
        assert_eq!(safe_href("#faq-1").as_deref(), Some("#faq-1"));
    }

    #[test]
    fn finds_schemes() {
        assert_eq!(scheme("https://x").as_deref(), Some("https"));
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("plain"), None);
        assert_eq!(scheme("1abc:x"), None);
    }
}
