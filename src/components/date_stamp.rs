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
    /// The relative part as a tooltip only. The article head uses it: its
    /// pre-rendered copy, written before anyone reads it, cannot know today, and a
    /// line that grows when the app takes over would move the text below it.
    #[prop(optional)]
    relative_in_title: bool,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let parsed = Date::parse(&date);
    let datetime = date.clone();
    let relative =
        move || parsed.map(|parsed| relative_date(parsed, browser::today(), prefs.ui_lang.get()));
    let shown = move || {
        let lang = prefs.ui_lang.get();
        match (parsed, relative()) {
            (Some(parsed), Some(_)) if relative_in_title => parsed.display(lang),
            (Some(parsed), Some(relative)) => format!("{} ({relative})", parsed.display(lang)),
            _ => date.clone(),
        }
    };
    let title = move || relative_in_title.then(relative).flatten();
    view! { <time datetime=datetime title=title>{shown}</time> }
}
