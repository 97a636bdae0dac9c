//! An article's searchable passages in one language: title, abstract, each block of
//! its pairs and each FAQ entry, with the ids and passage numbers the index uses.

use super::format::{ABSTRACT_PASSAGE, FIRST_PAIR_PASSAGE, TITLE_PASSAGE};
use super::Field;
use crate::{needs_space_after, spans_text, Article, Block, Lang};

/// One passage of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub number: u16,
    pub field: Field,
    /// `title`, `abstract`, `faq-N` or the pair's id.
    pub id: String,
    /// True when the id cannot be derived from the number (`h-…` pair ids).
    pub named: bool,
    pub text: String,
    /// For paragraphs, the sentences (excerpts end at a sentence when they can).
    pub sentences: Vec<String>,
}

impl Passage {
    /// The passage cut where an excerpt may start: its sentences (which carry their
    /// own trailing space where the language needs one) or else its lines (FAQ
    /// question and answer, list items, table cells), with what joins them.
    pub fn units(&self) -> (Vec<&str>, &'static str) {
        if self.sentences.is_empty() {
            (self.text.lines().collect(), " ")
        } else {
            (self.sentences.iter().map(String::as_str).collect(), "")
        }
    }
}

/// Passages of `article` in `lang`, in reading order (title, abstract, pairs, FAQ);
/// empty when the article has no `lang` side.
pub fn passages(article: &Article, lang: Lang, faq_base: u16) -> Vec<Passage> {
    let (Some(head), Some(body)) = (article.meta.head.get(lang), article.body.get(lang)) else {
        return Vec::new();
    };
    let plain = |number, field, id: &str, text: String| Passage {
        number,
        field,
        id: id.to_string(),
        named: false,
        text,
        sentences: Vec::new(),
    };
    let mut found = vec![
        plain(TITLE_PASSAGE, Field::Title, "title", head.title.clone()),
        plain(
            ABSTRACT_PASSAGE,
            Field::Abstract,
            "abstract",
            head.description.clone(),
        ),
    ];
    for (index, pair) in article.pairs.iter().enumerate() {
        let Some(block) = pair
            .side(lang)
            .and_then(|block| body.blocks.get(block as usize))
        else {
            continue;
        };
        let number = FIRST_PAIR_PASSAGE.saturating_add(index as u16);
        let field = if matches!(block, Block::Heading { .. }) {
            Field::Heading
        } else {
            Field::Body
        };
        let mut passage = plain(number, field, &pair.id, block_text(block));
        passage.named = pair.id != format!("p{}", index + 1);
        if let Block::Paragraph { sentences, .. } = block {
            passage.sentences = sentences
                .iter()
                .map(|sentence| {
                    let mut text = spans_text(sentence);
                    if needs_space_after(sentence) {
                        text.push(' ');
                    }
                    text
                })
                .collect();
        }
        found.push(passage);
    }
    for (index, faq) in body.faq.iter().enumerate() {
        let number = faq_base.saturating_add(index as u16);
        found.push(plain(
            number,
            Field::Faq,
            &faq.id,
            format!("{}\n{}", faq.q, faq.a),
        ));
    }
    found
}

/// Passage `id` (`title`, `abstract`, `faq-N` or a pair's id) of `article` in `lang`.
pub fn passage(article: &Article, lang: Lang, id: &str) -> Option<Passage> {
    // Passage numbers do not matter for a lookup by id, so any FAQ base will do.
    passages(article, lang, u16::MAX)
        .into_iter()
        .find(|passage| passage.id == id)
}

/// The text of a block, parts separated by line breaks (which no term crosses).
pub fn block_text(block: &Block) -> String {
    let mut parts = Vec::new();
    collect(block, &mut parts);
    parts.join("\n")
}

fn collect(block: &Block, parts: &mut Vec<String>) {
    match block {
        Block::Heading { spans, .. } => parts.push(spans_text(spans)),
        Block::Paragraph { sentences, .. } => {
            parts.extend(sentences.iter().map(|sentence| spans_text(sentence)));
        }
        Block::Quote { blocks } => blocks.iter().for_each(|block| collect(block, parts)),
        Block::List { items, .. } => items
            .iter()
            .flatten()
            .for_each(|block| collect(block, parts)),
        Block::Code { text, .. } => parts.push(text.clone()),
        Block::Table { head, rows, .. } => {
            for cell in head.iter().chain(rows.iter().flatten()) {
                parts.push(spans_text(cell));
            }
        }
        Block::Image { alt, title, .. } => {
            parts.push(alt.clone());
            if !title.is_empty() {
                parts.push(title.clone());
            }
        }
        Block::Rule => {}
        Block::Callout { blocks, .. } => blocks.iter().for_each(|block| collect(block, parts)),
        Block::Details { summary, blocks } => {
            parts.push(spans_text(summary));
            blocks.iter().for_each(|block| collect(block, parts));
        }
        Block::Figure { blocks, caption } => {
            blocks.iter().for_each(|block| collect(block, parts));
            parts.push(spans_text(caption));
        }
        Block::Definitions { terms } => {
            for definition in terms {
                parts.push(spans_text(&definition.term));
                definition
                    .details
                    .iter()
                    .flatten()
                    .for_each(|block| collect(block, parts));
            }
        }
        Block::Notes { notes } => notes
            .iter()
            .flat_map(|note| &note.blocks)
            .for_each(|block| collect(block, parts)),
        // The TeX source is the formula's searchable text.
        Block::Math { tex, .. } => parts.push(tex.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn paragraph(text: &str) -> Block {
        crate::test_support::paragraph(&[text])
    }

    #[test]
    fn nested_blocks_give_their_text_line_by_line() {
        let list = Block::List {
            ordered: false,
            start: None,
            items: vec![
                vec![paragraph("one")],
                vec![Block::Code {
                    lang: None,
                    text: "two".into(),
                }],
            ],
            checked: Vec::new(),
        };
        assert_eq!(block_text(&list), "one\ntwo");
        assert_eq!(block_text(&Block::Rule), "");
    }

    #[test]
    fn text_inside_callouts_details_figures_definitions_notes_and_math_is_searchable() {
        let blocks = [
            Block::Callout {
                kind: "tip".into(),
                blocks: vec![paragraph("callout")],
            },
            Block::Details {
                summary: vec![Span::plain("summary")],
                blocks: vec![paragraph("hidden")],
            },
            Block::Figure {
                blocks: vec![paragraph("inside")],
                caption: vec![Span::plain("caption")],
            },
            Block::Definitions {
                terms: vec![crate::Definition {
                    term: vec![Span::plain("term")],
                    details: vec![vec![paragraph("meaning")]],
                }],
            },
            Block::Notes {
                notes: vec![crate::Note {
                    number: 1,
                    blocks: vec![paragraph("footnote")],
                }],
            },
            Block::Math {
                tex: "x^2".into(),
                math: Vec::new(),
            },
        ];
        let texts: Vec<String> = blocks.iter().map(block_text).collect();
        assert_eq!(
            texts,
            [
                "callout",
                "summary\nhidden",
                "inside\ncaption",
                "term\nmeaning",
                "footnote",
                "x^2"
            ]
        );
    }
}
