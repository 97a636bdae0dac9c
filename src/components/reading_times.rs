//! How long an article takes to read in each of its languages: "中文 12 min read ·
//! English 13 min read", each language named in itself (and marked so: "English"
//! in a Chinese interface is an English word).

use duet_core::format::reading_time;
use duet_core::{ArticleHead, Bilingual};
use leptos::prelude::*;

use crate::reader::prefs::ReaderPrefs;

/// The reading times of `head`'s languages, in the interface language.
#[component]
pub fn ReadingTimes(
    /// The article's heads, which carry the reading minutes.
    head: Bilingual<ArticleHead>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let times: Vec<_> = head
        .langs()
        .into_iter()
        .filter_map(|lang| head.get(lang).map(|head| (lang, head.reading_minutes)))
        .collect();
    let count = times.len();
    view! {
        <span class="reading-time">
            {times
                .into_iter()
                .enumerate()
                .map(|(index, (lang, minutes))| {
                    view! {
                        <span lang=lang.bcp47()>{lang.endonym()}</span>
                        " "
                        {move || reading_time(minutes, prefs.ui_lang.get())}
                        {(index + 1 < count).then_some(" · ")}
                    }
                })
                .collect_view()}
        </span>
    }
}
