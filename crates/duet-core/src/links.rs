//! Which link targets content may carry. Both the bundler (when it reads Markdown)
//! and the app (when it renders) apply this, so a hand-edited bundle cannot smuggle
//! a `javascript:` link past the app.

/// Whether `href` is a link the reader may follow: an absolute `http(s):` or
/// `mailto:` URL (shown as external), or a path, query or fragment that stays on the
/// site. Every other scheme (`javascript:`, `data:`, `vbscript:`, …) is refused,
/// whatever its letter case or the white space hidden inside it.
///
/// A path must not be able to name another host once the browser has read it: the
/// URL parser drops tabs and newlines anywhere and leading control characters and
/// spaces, and reads `\` as `/`, so `/\evil.example`, `\\evil.example` and
/// `/<TAB>/evil.example` all become `//evil.example`. Paths with a backslash or a
/// control character, and paths starting with `//` (protocol-relative: another
/// host), are refused.
pub fn is_safe_href(href: &str) -> bool {
    match scheme(href).as_deref() {
        Some(scheme) => matches!(scheme, "http" | "https" | "mailto"),
        None => is_site_path(href),
    }
}

/// Whether a scheme-less `href` resolves inside the site (see [`is_safe_href`]).
fn is_site_path(href: &str) -> bool {
    let hidden_or_backslash = |character: char| character == '\\' || character.is_control();
    !href.chars().any(hidden_or_backslash) && !href.trim_start().starts_with("//")
}

/// Whether `href` leaves the app's origin: it has a scheme (`https:`, `mailto:`).
/// Protocol-relative `//host` links are not safe at all (see [`is_safe_href`]).
pub fn is_external(href: &str) -> bool {
    scheme(href).is_some()
}

/// The lowercased URL scheme (`https`, `mailto`), if `href` starts with one. Browsers
/// ignore ASCII white space and control characters inside a scheme
/// (`java\tscript:`), so they are skipped here too; a `/`, `?` or `#` before the
/// first colon means a relative path such as `notes/a:b`.
pub fn scheme(href: &str) -> Option<String> {
    let mut scheme = String::new();
    for character in href.chars() {
        match character {
            ':' => break,
            '/' | '?' | '#' => return None,
            character if character.is_ascii_whitespace() || character.is_ascii_control() => {}
            character => scheme.push(character.to_ascii_lowercase()),
        }
    }
    if !href.contains(':') {
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
            "JAVASCRIPT:alert(1)",
            "java\nscript:alert(1)",
            "java\r\nscript:alert(1)",
            "java\u{0B}script:alert(1)",
            "\u{0}javascript:alert(1)",
            "\u{1F} \t javascript:alert(1)",
            "jav\tascript:alert(1)",
            " DaTa:text/html,x",
            "VbScRiPt:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_href(bad), "{bad:?} should be refused");
        }
    }

    /// A character browsers do not skip (a zero-width space, a soft hyphen, an
    /// undecoded entity) breaks the scheme, so the browser reads a relative path, and
    /// so does `scheme`: such links are harmless and may pass.
    #[test]
    fn broken_schemes_are_relative_paths_as_in_browsers() {
        for relative in [
            "java\u{200B}script:alert(1)",
            "java\u{AD}script:alert(1)",
            "&#106;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "%6Aavascript:alert(1)",
        ] {
            assert_eq!(scheme(relative), None, "{relative:?}");
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

    /// Guards issue 16 finding 2: scheme-less links that the browser resolves to
    /// another host passed as internal links.
    #[test]
    fn paths_that_browsers_read_as_another_host_are_refused() {
        for off_site in [
            "/\\evil.example/p",
            "\\\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            "//evil.example/p",
            " //evil.example",
            "/a\\b",
            "/a\u{0}b",
        ] {
            assert!(!is_safe_href(off_site), "{off_site:?} should be refused");
        }
        for on_site in ["/a/slug", "../x", "?q=1", "#p4", "a//b", "/a/b//c"] {
            assert!(is_safe_href(on_site), "{on_site:?} should be allowed");
        }
    }

    #[test]
    fn external_means_another_origin() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("/a/slug"));
        assert!(!is_external("#faq-1"));
    }
}
