//! The entry of every part of the app that moves to a wasm chunk of its own in the
//! split build (see `components/lazy.rs`): each is drawn through `Lazy` with
//! `load_chunk!(entry(…))`. Everything only these functions reach leaves the first
//! download; one chunk per name given to `wasm_split`.

use std::sync::Arc;

use duet_core::{Article, Lang};
use leptos::prelude::*;

use crate::components::lazy::ChunkView;

/// The search page (`/search`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(search, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn search_page() -> ChunkView {
    Ok(view! { <crate::search::page::SearchPage/> }.into_any())
}

/// The Saved page (`/words`): saved words, bookmarks and notes.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(saved, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn saved_page() -> ChunkView {
    Ok(view! { <crate::saved::page::SavedPage/> }.into_any())
}

/// The library's offline control, for a library of `articles` articles.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(offline, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn offline_control(articles: usize) -> ChunkView {
    Ok(view! { <crate::library::offline_control::OfflineControl articles=articles/> }.into_any())
}

/// The library's export and import of the reader's data.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(transfer, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn reader_data_panel() -> ChunkView {
    Ok(view! { <crate::reader::transfer::panel::ReaderDataPanel/> }.into_any())
}

/// An article's read-aloud controls.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(read_aloud, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn read_aloud(article: Arc<Article>, lead: Signal<Lang>) -> ChunkView {
    Ok(view! { <crate::read_aloud::controls::ReadAloud article=article lead=lead/> }.into_any())
}

/// The popover of a tapped Chinese word (drawn once a word has been opened).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(popover, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn word_popover(article: Arc<Article>) -> ChunkView {
    Ok(view! { <crate::learner::popover::WordPopover article=article/> }.into_any())
}
