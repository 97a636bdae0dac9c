//! End-to-end tests of Duet in headless Chromium: what a reader sees and does, from
//! the library through every reading view to preferences and broken bundles.
//!
//! Needs the built app (`cargo xtask dist`), `chromedriver` and Chromium; run with
//! `cargo test -p duet-e2e -- --test-threads=1` (each test starts its own browser).
//! Expectations come from the served bundle itself, so the tests keep passing when
//! the content changes.

mod cases;
mod harness;
