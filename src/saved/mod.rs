//! The Saved page (`/words`): saved words, bookmarks and notes.

pub mod lists;
pub mod page;
