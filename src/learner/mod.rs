//! The learner aids beyond the words themselves: the word popover, the pinyin and
//! tone switch, and the saved words as CSV / Anki files.

pub mod popover;
pub mod switch;
pub mod vocab_file;
