//! The Saved page (`/words`): saved words, bookmarks and notes.

pub mod kept_lists;
pub mod page;
