//! Static HTML of Duet's article pages, written into `dist/` at build time.
//!
//! A reader who opens `/a/<slug>` gets the article as plain HTML at once, laid out
//! by the same stylesheet, while the app downloads; the app then draws the same page
//! and takes the static one away (`src/browser/prerender.rs` in the app). Nothing here is
//! interactive, and every piece of article text is escaped: content is never markup.

pub mod article;
pub mod blocks;
pub mod html;
pub mod page;

pub use page::{
    article_page, page_path, read_bundle_text, read_catalog, static_page, write_article_pages,
};
