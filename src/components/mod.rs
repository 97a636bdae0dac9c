//! Views shared by several features: blocks and spans of an article, Chinese words,
//! article cards, anchors, the loading and error states, the not-found page.

pub mod anchor;
pub mod block;
pub mod cards;
pub mod date_stamp;
pub mod math;
pub mod not_found;
pub mod notes_links;
pub mod reading_times;
pub mod spans;
pub mod status;
pub mod words;
