//! Cutting a Chinese sentence into the words the reader shows: jieba's words
//! (dictionary only, no HMM guessing, as the search index cuts them), split again
//! where CC-CEDICT lacks the word, with everything that is not Chinese between two
//! Chinese words merged into one run.

use std::sync::OnceLock;

use duet_core::words::is_chinese_word;
use jieba_rs::Jieba;

use super::Lexicon;

/// The one jieba of the process: loading its dictionary takes a noticeable moment.
pub fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// One word of a sentence, as a byte range of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    /// Holds a Han character (else it is a run of Latin, digits, spaces, punctuation).
    pub chinese: bool,
}

/// The words of `text`, in order, covering it exactly.
pub fn segment(text: &str, jieba: &Jieba, lexicon: &mut Lexicon) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    for token in jieba.cut(text, false) {
        // jieba's tokens tile the text; should one ever skip something, the gap
        // becomes a run of its own rather than breaking the lengths' invariant.
        let covered = pieces.last().map_or(0, |piece| piece.end);
        if token.byte_start > covered {
            push(&mut pieces, text, covered, token.byte_start);
        }
        for (start, end) in lexicon.split(token.word) {
            push(
                &mut pieces,
                text,
                token.byte_start + start,
                token.byte_start + end,
            );
        }
    }
    let covered = pieces.last().map_or(0, |piece| piece.end);
    if covered < text.len() {
        push(&mut pieces, text, covered, text.len());
    }
    pieces
}

/// Adds `text[start..end]`, merged into the previous piece when neither is Chinese.
fn push(pieces: &mut Vec<Piece>, text: &str, start: usize, end: usize) {
    let chinese = is_chinese_word(&text[start..end]);
    match pieces.last_mut() {
        Some(last) if !chinese && !last.chinese => last.end = end,
        _ => pieces.push(Piece {
            start,
            end,
            chinese,
        }),
    }
}

/// The pieces' lengths in chars; a piece longer than `u16::MAX` chars becomes
/// several entries so that the lengths still add up.
pub fn word_lengths(text: &str, pieces: &[Piece]) -> Vec<u16> {
    let mut lengths = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let mut left = text[piece.start..piece.end].chars().count();
        while left > 0 {
            let length = left.min(usize::from(u16::MAX));
            lengths.push(length as u16);
            left -= length;
        }
    }
    lengths
}
