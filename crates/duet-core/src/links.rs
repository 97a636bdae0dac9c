//! Which link targets content may carry. Both the bundler (when it reads Markdown)
//! and the app (when it renders) apply this, so a hand-edited bundle cannot smuggle
//! a `javascript:` link past the app.

/// Whether `href` is a link the reader may follow: `http(s):`, `mailto:`, a fragment,
/// or a relative path. Every other scheme (`javascript:`, `data:`, `vbscript:`, …)
/// is refused, whatever its letter case or surrounding white space.
pub fn is_safe_href(href: &str) -> bool {
    let cleaned: String = href
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match scheme(&cleaned) {
        Some(scheme) => matches!(scheme, "http" | "https" | "mailto"),
        None => true,
    }
}

/// Whether `href` leaves the app's origin (has a scheme or is protocol-relative).
pub fn is_external(href: &str) -> bool {
    let trimmed = href.trim();
    trimmed.starts_with("//") || scheme(&trimmed.to_ascii_lowercase()).is_some()
}

/// The URL scheme, if the text starts with one (`letters:` before any `/`, `?`, `#`).
fn scheme(href: &str) -> Option<&str> {
    let colon = href.find(':')?;
    let candidate = &href[..colon];
    let valid = candidate
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_script_and_data_schemes_in_any_disguise() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
        ] {
            assert!(!is_safe_href(bad), "{bad} should be refused");
        }
    }

    #[test]
    fn allows_web_mail_fragment_and_relative_links() {
        for good in [
            "https://example.org",
            "http://a.b/c",
            "mailto:x@y.z",
            "#p3",
            "../other/",
            "a/b:c",
        ] {
            assert!(is_safe_href(good), "{good} should be allowed");
        }
    }

    #[test]
    fn external_means_another_origin() {
        assert!(is_external("https://example.org"));
        assert!(is_external("//cdn.example.org/x"));
        assert!(!is_external("/a/slug"));
        assert!(!is_external("#faq-1"));
    }
}
