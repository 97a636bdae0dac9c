//! Estimated reading time of one language's blocks: about 400 Chinese characters or
//! 230 English words a minute, never less than one minute.

use duet_core::{spans_text, Block, Lang};

use crate::script::is_han;

const CHINESE_CHARACTERS_PER_MINUTE: usize = 400;
const ENGLISH_WORDS_PER_MINUTE: usize = 230;

/// Whole minutes, rounded to the nearest, at least 1.
pub fn reading_minutes(blocks: &[Block], lang: Lang) -> u32 {
    let mut text = String::new();
    collect_text(blocks, &mut text);
    let (units, rate) = match lang {
        Lang::Zh => (chinese_units(&text), CHINESE_CHARACTERS_PER_MINUTE),
        Lang::En => (text.split_whitespace().count(), ENGLISH_WORDS_PER_MINUTE),
    };
    let minutes = (units + rate / 2) / rate;
    u32::try_from(minutes.max(1)).unwrap_or(u32::MAX)
}

/// Ideographs count one each; a run of Latin letters or digits (a name, a number)
/// counts as one, as a reader takes it in at a glance.
fn chinese_units(text: &str) -> usize {
    let mut units = 0;
    let mut in_word = false;
    for character in text.chars() {
        if is_han(character) {
            units += 1;
            in_word = false;
        } else if character.is_alphanumeric() {
            units += usize::from(!in_word);
            in_word = true;
        } else {
            in_word = false;
        }
    }
    units
}

fn collect_text(blocks: &[Block], text: &mut String) {
    for block in blocks {
        match block {
            Block::Heading { spans, .. } => push(text, &spans_text(spans)),
            Block::Paragraph { sentences, .. } => {
                for sentence in sentences {
                    push(text, &spans_text(sentence));
                }
            }
            Block::Code { text: code, .. } => push(text, code),
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    push(text, &spans_text(cell));
                }
            }
            Block::Image { alt, .. } => push(text, alt),
            Block::Rule => {}
            Block::Math { tex, .. } => push(text, tex),
            Block::Details { summary, .. } => {
                push(text, &spans_text(summary));
                collect_inner(block, text);
            }
            Block::Figure { caption, .. } => {
                collect_inner(block, text);
                push(text, &spans_text(caption));
            }
            Block::Definitions { terms } => {
                for definition in terms {
                    push(text, &spans_text(&definition.term));
                }
                collect_inner(block, text);
            }
            Block::Quote { .. }
            | Block::List { .. }
            | Block::Callout { .. }
            | Block::Notes { .. } => collect_inner(block, text),
        }
    }
}

fn collect_inner(block: &Block, text: &mut String) {
    let inner: Vec<Block> = block.inner().into_iter().cloned().collect();
    collect_text(&inner, text);
}

fn push(text: &mut String, part: &str) {
    text.push_str(part);
    text.push(' ');
}

#[cfg(test)]
mod tests {
    use duet_core::Span;

    use super::*;

    fn paragraph(text: &str) -> Block {
        Block::Paragraph {
            sentences: vec![vec![Span::plain(text)]],
            words: Vec::new(),
        }
    }

    #[test]
    fn english_counts_words() {
        let words = vec!["word"; 690].join(" ");
        assert_eq!(reading_minutes(&[paragraph(&words)], Lang::En), 3);
        assert_eq!(reading_minutes(&[paragraph("short")], Lang::En), 1);
    }

    #[test]
    fn chinese_counts_characters_and_latin_words() {
        let text = "模".repeat(1000);
        assert_eq!(reading_minutes(&[paragraph(&text)], Lang::Zh), 3);
        assert_eq!(chinese_units("用GPT写代码，快3倍"), 8);
    }

    #[test]
    fn never_less_than_one_minute() {
        assert_eq!(reading_minutes(&[], Lang::Zh), 1);
        assert_eq!(reading_minutes(&[Block::Rule], Lang::En), 1);
    }

    #[test]
    fn nested_blocks_count() {
        let list = Block::List {
            ordered: false,
            start: None,
            items: vec![vec![paragraph(&vec!["w"; 300].join(" "))]],
            checked: Vec::new(),
        };
        let quote = Block::Quote {
            blocks: vec![paragraph(&vec!["w"; 300].join(" "))],
        };
        assert_eq!(reading_minutes(&[list, quote], Lang::En), 3);
    }
}
