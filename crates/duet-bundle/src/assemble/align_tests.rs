//! Tests of block pairing: equal lists, split paragraphs, missing items, one language.

use duet_core::Span;

use super::*;

fn paragraph(sentences: usize) -> Block {
    Block::Paragraph {
        sentences: (0..sentences)
            .map(|index| vec![Span::plain(format!("s{index}. "))])
            .collect(),
        words: Vec::new(),
    }
}

fn heading(text: &str) -> Block {
    Block::Heading {
        level: 2,
        spans: vec![Span::plain(text)],
        id: None,
    }
}

fn list(items: usize) -> Block {
    Block::List {
        ordered: false,
        start: None,
        items: (0..items).map(|_| vec![paragraph(1)]).collect(),
        checked: Vec::new(),
    }
}

fn sides(alignment: &Alignment) -> Vec<(Option<u32>, Option<u32>)> {
    alignment
        .pairs
        .iter()
        .map(|pair| (pair.zh, pair.en))
        .collect()
}

#[test]
fn equal_structures_pair_one_to_one() {
    let zh = [heading("引言"), paragraph(2), list(3)];
    let en = [heading("Introduction"), paragraph(2), list(3)];
    let alignment = align(Some(&zh), Some(&en));
    assert_eq!(
        sides(&alignment),
        [(Some(0), Some(0)), (Some(1), Some(1)), (Some(2), Some(2))]
    );
    let ids: Vec<&str> = alignment
        .pairs
        .iter()
        .map(|pair| pair.id.as_str())
        .collect();
    assert_eq!(ids, ["h-introduction", "p2", "p3"]);
    assert!(alignment.pairs[1].sentences_aligned);
    assert!(!alignment.pairs[2].sentences_aligned);
    assert_eq!(alignment.unpaired().count(), 0);
    assert!(alignment.uneven.is_empty());
}

#[test]
fn split_paragraph_leaves_one_half_unpaired_and_the_rest_aligned() {
    let zh = [
        heading("一"),
        paragraph(4),
        paragraph(3),
        heading("二"),
        paragraph(2),
    ];
    let en = [
        heading("One"),
        paragraph(2),
        paragraph(2),
        paragraph(3),
        heading("Two"),
        paragraph(2),
    ];
    let alignment = align(Some(&zh), Some(&en));
    assert_eq!(
        sides(&alignment),
        [
            (Some(0), Some(0)),
            (Some(1), Some(1)),
            (None, Some(2)),
            (Some(2), Some(3)),
            (Some(3), Some(4)),
            (Some(4), Some(5)),
        ]
    );
    assert_eq!(alignment.unpaired().count(), 1);
    assert!(alignment.pairs[3].sentences_aligned);
    assert!(!alignment.pairs[1].sentences_aligned);
}

#[test]
fn missing_list_item_pairs_the_lists_and_reports_them_uneven() {
    let zh = [paragraph(1), list(4), paragraph(2)];
    let en = [paragraph(1), list(3), paragraph(2)];
    let alignment = align(Some(&zh), Some(&en));
    assert_eq!(
        sides(&alignment),
        [(Some(0), Some(0)), (Some(1), Some(1)), (Some(2), Some(2))]
    );
    assert_eq!(alignment.uneven, [(1, 1)]);
}

#[test]
fn extra_block_in_one_language_is_skipped() {
    let zh = [paragraph(1), Block::Rule, paragraph(1)];
    let en = [paragraph(1), paragraph(1)];
    let alignment = align(Some(&zh), Some(&en));
    assert_eq!(
        sides(&alignment),
        [(Some(0), Some(0)), (Some(1), None), (Some(2), Some(1))]
    );
}

#[test]
fn one_language_gives_one_pair_per_block() {
    let zh = [heading("标题"), paragraph(1)];
    let alignment = align(Some(&zh), None);
    assert_eq!(sides(&alignment), [(Some(0), None), (Some(1), None)]);
    assert_eq!(
        alignment.pairs[0].id, "h-1",
        "a Chinese heading falls back to its position"
    );
    assert!(!alignment.pairs[1].sentences_aligned);
    assert!(align(None, None).pairs.is_empty());
}

#[test]
fn heading_ids_are_unique() {
    let en = [
        heading("Notes"),
        paragraph(1),
        heading("Notes"),
        heading("Notes!"),
    ];
    let ids: Vec<String> = align(None, Some(&en))
        .pairs
        .into_iter()
        .map(|pair| pair.id)
        .collect();
    assert_eq!(ids, ["h-notes", "p2", "h-notes-2", "h-notes-3"]);
}
