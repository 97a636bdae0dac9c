//! One module per route.

pub mod article;
pub mod library;
pub mod not_found;
pub mod search;
pub mod vocab;
