//! Duet, the offline bilingual reader: a Leptos client-side app.
//!
//! `main.rs` only calls [`start`]; tests mount [`App`] themselves. Each folder is one
//! feature with its data and its views; `components/` holds what several share.

// Data from the bundle, storage or the network is never unwrapped: a bad value is an
// error the reader sees, not a crash (tests may unwrap: see clippy.toml).
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod app;
pub mod article;
pub mod browser;
pub mod chunks;
pub mod components;
pub mod data;
pub mod i18n;
pub mod learner;
pub mod library;
pub mod nav;
pub mod read_aloud;
pub mod reader;
pub mod saved;
pub mod search;

pub use app::App;

/// Replaces the static boot notice in `index.html` with the app.
pub fn start() {
    if let Some(boot) = browser::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}
