//! Stage 2, Markdown: one language file's body turned into `duet_core` blocks and
//! spans. Shortcodes and includes are expanded first, HTML is mapped to a safe
//! subset, math becomes MathML, links and images are filtered, paragraphs are cut
//! into sentences, and a summary is taken when front matter gives no description.

pub mod blocks;
pub mod document;
pub mod html;
pub mod image_type;
pub mod includes;
pub mod inline;
pub mod links;
pub mod math;
pub mod media;
pub mod plain_text;
pub mod script;
pub mod sentences;
pub mod shortcodes;
pub mod summary;

// `crate::markdown::to_blocks` and friends keep their short path.
pub use blocks::*;
