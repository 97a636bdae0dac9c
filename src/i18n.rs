//! Interface text: defined in `duet-core` so the build-time page renderer
//! (`duet-prerender`) writes the same labels the app shows.

pub use duet_core::ui_text::{ui_text, UiText};
