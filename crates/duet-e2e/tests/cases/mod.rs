//! The end-to-end tests, one module per area of the reader, plus what they share.

mod accessibility;
mod archive;
mod bookmarks;
mod chunks;
mod faults;
mod hostile;
mod keyboard;
mod layout;
mod learner;
mod library;
mod navigation;
mod network_drop;
mod notes;
mod offline;
mod one_file;
mod peek_and_highlight;
mod prefs;
mod prerender;
mod print;
mod read_aloud;
mod reader_data;
mod reading;
mod reading_position;
mod real_markdown;
mod search;
mod security;
mod side_by_side;
mod sub_path;
mod views;
mod vocab;
mod watch;

use std::future::Future;
use std::time::Duration;

/// Longest one test may run: far above a normal run, so it only ends a hung one.
const TEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs a test body, failing it if it outlives [`TEST_TIMEOUT`] (a hung browser
/// command would otherwise block the whole suite).
async fn bounded(test: impl Future<Output = ()>) {
    tokio::time::timeout(TEST_TIMEOUT, test)
        .await
        .unwrap_or_else(|_| panic!("the test did not finish within {TEST_TIMEOUT:?}"));
}

/// [`bounded`] for a test that walks a long matrix of pages: `seconds` at most.
async fn bounded_for(seconds: u64, test: impl Future<Output = ()>) {
    let limit = Duration::from_secs(seconds);
    tokio::time::timeout(limit, test)
        .await
        .unwrap_or_else(|_| panic!("the test did not finish within {limit:?}"));
}

/// The CSS selector of an article's card in the library.
fn card(slug: &str) -> String {
    format!(".card[data-slug=\"{slug}\"]")
}

/// Text without any white space, to compare what the page shows with the bundle
/// regardless of how the browser lays out spaces and line breaks.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `text` percent-encoded for a query string.
pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
