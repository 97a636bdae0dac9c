//! Markdown to the plain text a reader would see, with pulldown-cmark: for summaries
//! cut from a page's source and for the compatibility report's "text kept" figure.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The visible text of `markdown`: text, code and image alt text, blocks separated by
/// newlines; raw HTML and comments left out (a browser would not show them either,
/// tags aside, which the report counts separately).
pub fn markdown_to_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
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
        assert!(text.contains(" 1 2"));
    }

    #[test]
    fn collapses_space() {
        assert_eq!(collapse_space("  a \n b\t c "), "a b c");
    }
}
