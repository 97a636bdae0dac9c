//! Everything the reader owns and how it is kept: preferences, saved words, notes,
//! bookmarks and reading positions, each a versioned list in storage, with the views
//! that change them and their export and import (`transfer/`).

pub mod bookmark_toggle;
pub mod bookmarks;
pub mod lists;
pub mod notes;
pub mod pair_note;
pub mod position;
pub mod position_view;
pub mod prefs;
pub mod storage_version;
pub mod stored_list;
pub mod transfer;
pub mod vocab;
