//! A date as the reader sees it everywhere: absolute, then relative to today.

use duet_core::format::{relative_date, Date};
use leptos::prelude::*;

use crate::browser;
use crate::reader::prefs::ReaderPrefs;

/// A date as `<time>`: absolute, then relative in brackets.
#[component]
pub fn DateStamp(
    /// `YYYY-MM-DD` from the bundle.
    date: String,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let parsed = Date::parse(&date);
    let datetime = date.clone();
    let shown = move || {
        let lang = prefs.ui_lang.get();
        match parsed {
            Some(parsed) => format!(
                "{} ({})",
                parsed.display(lang),
                relative_date(parsed, browser::today(), lang)
            ),
            None => date.clone(),
        }
    };
    view! { <time datetime=datetime>{shown}</time> }
}
