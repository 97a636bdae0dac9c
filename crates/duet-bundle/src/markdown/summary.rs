//! An article's description when its front matter gives none: the part before
//! `<!--more-->` (Zola's and Hugo's summary marker), else the first paragraph cut at
//! a sentence end.

use duet_core::{spans_text, Block};

use crate::plain_text::{collapse_space, markdown_to_text};
use crate::source::Located;

/// How long a derived description may grow, in display columns (a Chinese character
/// takes two): about two lines of a library card.
const MAX_COLUMNS: usize = 280;

/// The summary written before a `<!--more-->` line of `body`, as plain text.
pub fn more_summary(body: &str) -> Option<String> {
    let marker = more_marker(body)?;
    let text = collapse_space(&markdown_to_text(&body[..marker]));
    (!text.is_empty()).then_some(text)
}

/// Byte offset of the first `<!--more-->` (spaces inside allowed, any case).
fn more_marker(body: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = body[from..].find("<!--") {
        let start = from + found;
        let rest = &body[start + 4..];
        let inner_end = rest.find("-->")?;
        if rest[..inner_end].trim().eq_ignore_ascii_case("more") {
            return Some(start);
        }
        from = start + 4;
    }
    None
}

/// The first paragraph's leading sentences, as many as fit in [`MAX_COLUMNS`] (at
/// least one).
pub fn first_paragraph(blocks: &[Located<Block>]) -> Option<String> {
    let sentences = blocks.iter().find_map(|block| match &block.value {
        Block::Paragraph { sentences, .. } => Some(sentences),
        _ => None,
    })?;
    let mut text = String::new();
    for sentence in sentences {
        let sentence = spans_text(sentence);
        let sentence = sentence.trim();
        if !text.is_empty() && columns(&text) + columns(sentence) > MAX_COLUMNS {
            break;
        }
        if !text.is_empty() && !crate::script::is_cjk(text.chars().last().unwrap_or(' ')) {
            text.push(' ');
        }
        text.push_str(sentence);
    }
    let text = collapse_space(&text);
    (!text.is_empty()).then_some(text)
}

fn columns(text: &str) -> usize {
    text.chars()
        .map(|character| {
            if crate::script::is_cjk(character) {
                2
            } else {
                1
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use duet_core::Span;

    #[test]
    fn summary_before_the_more_marker() {
        let body = "\nFirst *part* here.\n\n<!-- more -->\n\nThe rest.\n";
        assert_eq!(more_summary(body).as_deref(), Some("First part here."));
        assert_eq!(more_summary("No marker.\n<!-- note -->\n"), None);
    }

    fn paragraph(sentences: &[&str]) -> Located<Block> {
        Located {
            value: Block::Paragraph {
                sentences: sentences
                    .iter()
                    .map(|text| vec![Span::plain(*text)])
                    .collect(),
                words: Vec::new(),
            },
            line: 1,
        }
    }

    #[test]
    fn first_paragraph_cut_at_a_sentence_end() {
        let long = "x".repeat(300);
        let blocks = [paragraph(&["One.", "Two.", &long])];
        assert_eq!(first_paragraph(&blocks).as_deref(), Some("One. Two."));
        let blocks = [paragraph(&["第一句。", "第二句。"])];
        assert_eq!(
            first_paragraph(&blocks).as_deref(),
            Some("第一句。第二句。")
        );
        let blocks = [paragraph(&[&long, "After."])];
        assert_eq!(
            first_paragraph(&blocks).unwrap().len(),
            300,
            "at least one sentence"
        );
    }
}
