//! Reusable views.

pub mod anchor;
pub mod article_body;
pub mod article_extras;
pub mod article_head;
pub mod block;
pub mod cards;
pub mod header;
pub mod learner_switch;
pub mod offline_control;
pub mod read_aloud;
pub mod search_box;
pub mod spans;
pub mod status;
pub mod view_switch;
pub mod word_popover;
pub mod words;
