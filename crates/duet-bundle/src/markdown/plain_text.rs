//! Markdown to the plain text a reader would see, with pulldown-cmark: for summaries
//! cut from a page's source and for the compatibility report's "text kept" figure.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The visible text of `markdown`: text, code and image alt text, blocks separated by
/// newlines, and the text inside raw HTML (a browser shows it; tags, comments and
/// the content of `script` and `style` left out).
pub fn markdown_to_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut text = String::new();
    let mut html = HtmlText::default();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Html(part) | Event::InlineHtml(part) => html.feed(&part, &mut text),
            // Inline `<script>…</script>` puts its content between as text.
            Event::Text(part) | Event::Code(part) if !html.hidden => text.push_str(&part),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::Start(Tag::TableCell) => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// Text between HTML tags, fed in the pieces pulldown-cmark gives (a tag or comment
/// may span pieces).
#[derive(Default)]
struct HtmlText {
    /// Inside `<…>`.
    in_tag: bool,
    /// Inside `<!-- … -->`.
    in_comment: bool,
    /// Inside `<script>` or `<style>`, whose content is not shown.
    hidden: bool,
    tag: String,
}

impl HtmlText {
    fn feed(&mut self, piece: &str, out: &mut String) {
        let mut rest = piece;
        while !rest.is_empty() {
            if self.in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        self.in_comment = false;
                        rest = &rest[end + 3..];
                    }
                    None => return,
                }
            } else if self.in_tag {
                match rest.find('>') {
                    Some(end) => {
                        self.tag.push_str(&rest[..end]);
                        self.close_tag(out);
                        rest = &rest[end + 1..];
                    }
                    None => {
                        self.tag.push_str(rest);
                        return;
                    }
                }
            } else if rest.starts_with("<!--") {
                self.in_comment = true;
                rest = &rest[4..];
            } else if let Some(start) = rest.find('<') {
                if !self.hidden {
                    out.push_str(&rest[..start]);
                }
                self.in_tag = true;
                rest = &rest[start + 1..];
                if rest.starts_with("!--") {
                    self.in_tag = false;
                    self.in_comment = true;
                    rest = &rest[3..];
                }
            } else {
                if !self.hidden {
                    out.push_str(rest);
                }
                return;
            }
        }
    }

    fn close_tag(&mut self, out: &mut String) {
        self.in_tag = false;
        let name: String = self
            .tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "script" || name == "style" {
            self.hidden = !self.tag.starts_with('/');
        }
        // Block-level tags separate words, as the browser's layout would.
        out.push(' ');
        self.tag.clear();
    }
}

/// Runs of white space as one space, trimmed.
pub fn collapse_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_a_reader_sees() {
        let text = markdown_to_text(
            "# Title\n\nSome *emphasis* and `code`.\n\n![alt words](x.png)\n\n<b>raw</b>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(text.contains("Title\n"));
        assert!(text.contains("Some emphasis and code."));
        assert!(text.contains("alt words"));
        assert!(!text.contains("<b>"));
        assert!(text.contains("raw"), "text inside HTML is visible text");
        assert!(text.contains(" 1 2"));
    }

    #[test]
    fn html_keeps_its_text_and_drops_tags_comments_and_scripts() {
        let text = markdown_to_text(
            "<details>\n<summary>More</summary>\n\nInside.\n\n</details>\n\nA <kbd>Ctrl</kbd> key.<!-- note --> <script>alert(1)</script>End.\n",
        );
        let text = collapse_space(&text);
        assert_eq!(text, "More Inside. A Ctrl key. End.");
    }

    #[test]
    fn collapses_space() {
        assert_eq!(collapse_space("  a \n b\t c "), "a b c");
    }
}
