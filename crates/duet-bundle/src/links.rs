//! Which link targets may reach the reader: web, mail, in-page and relative links.
//! Anything else (`javascript:`, `data:`, `vbscript:`, `file:`) is dropped.

pub use duet_core::links::scheme;

/// `url` if a reader may follow it, else `None`. The rule itself lives in duet-core,
/// because the app applies it again when rendering.
pub fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    duet_core::links::is_safe_href(url).then_some(url)
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
