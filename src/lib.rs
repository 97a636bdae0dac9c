//! Duet, the offline bilingual reader: a Leptos client-side app.
//!
//! `main.rs` only calls [`start`]; tests mount [`App`] themselves.

mod app;
pub mod bookmarks;
pub mod browser;
pub mod components;
pub mod data;
pub mod i18n;
pub mod notes;
mod pages;
pub mod prefs;
pub mod prerender;
pub mod reader_data;
pub mod reading_state;
pub mod route;
pub mod router;
pub mod speech_plan;
pub mod storage_version;
pub mod stored_list;
pub mod view_mode;
pub mod vocab;
pub mod vocab_file;

pub use app::App;

/// Replaces the static boot notice in `index.html` with the app.
pub fn start() {
    if let Some(boot) = browser::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}
