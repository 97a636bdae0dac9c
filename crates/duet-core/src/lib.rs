//! The contract between the Duet bundler and the Duet app.
//!
//! Invariants: this crate does no I/O, knows nothing of Leptos or Markdown, and stays
//! small because it is compiled into the WebAssembly app.

pub mod decode;
pub mod format;
pub mod lang;
pub mod links;
pub mod listing;
pub mod schema;
pub mod search;
pub mod sort;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod ui_text;
pub mod validate;
pub mod words;

pub use lang::Lang;
pub use schema::*;
