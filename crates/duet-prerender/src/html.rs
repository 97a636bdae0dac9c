//! Writing HTML text safely: every piece of article content goes through
//! [`escape`], so nothing from Markdown is ever markup.

/// `text` with the five characters that matter in HTML text and attribute values
/// replaced by entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Both interface languages' versions of a label; the stylesheet shows the one that
/// `<html data-ui>` names (see `boot.js`).
pub fn ui_label(out: &mut String, zh: &str, en: &str) {
    out.push_str(&format!(
        "<span data-ui=\"zh\" lang=\"zh-Hans\">{}</span><span data-ui=\"en\" lang=\"en\">{}</span>",
        escape(zh),
        escape(en)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_content_stays_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
