//! End-to-end tests of the Duet reader: the built `dist/` served by `duet-serve` and
//! driven in headless Chromium through chromedriver.
//!
//! The tests live in `tests/e2e.rs` (one test binary) with their harness in
//! `tests/harness/`. Build the app first with `cargo xtask dist`, then run
//! `cargo test -p duet-e2e -- --test-threads=1`; `DUET_DIST` points them at
//! another built folder.
