//! Stage 1, input: what the bundler was pointed at (a Duet content folder, a Zola or
//! Hugo site root, mdBooks), the articles found in it and their language files, read
//! into text with front matter parsed and checked (dates, tags, language codes,
//! slugs). Nothing here knows Markdown.

pub mod dates;
pub mod discover;
pub mod front_matter;
pub mod front_value;
pub mod key_lines;
pub mod lang_code;
pub mod mdbook;
pub mod root;
pub mod site;
pub mod site_config;
pub mod slug;
pub mod source;
pub mod tags;
pub mod toml_input;

// `crate::input::Input` and friends keep their short path.
pub use root::*;
