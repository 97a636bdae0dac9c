//! Stage 3, assembling: the language files of one article reconciled into one
//! article, their blocks paired across languages, Chinese words segmented into a
//! glossary with a difficulty level, reading times, and related reads across the
//! whole site.

pub mod align;
pub mod article;
pub mod glossary;
pub mod reading_time;
pub mod related;
