//! How the library names a list: its heading and a month's name in either language.

use duet_core::listing::ListKey;
use duet_core::Lang;

use crate::components::cards::{level_label, tag_label};
use crate::i18n::ui_text;

/// The heading of `list` in `lang`.
pub fn list_title(list: &ListKey, lang: Lang) -> String {
    let text = ui_text(lang);
    match list {
        ListKey::All => text.all_articles.to_string(),
        ListKey::Tag(tag) => tag_label(tag, lang),
        ListKey::Level(level) => format!("{} ≤ {}", text.difficulty, level_label(*level)),
        ListKey::Month(month) => month_title(month, lang),
    }
}

/// `2026-05` as `2026年5月` or `May 2026`.
pub fn month_title(month: &str, lang: Lang) -> String {
    let (year, number) = month.split_once('-').unwrap_or((month, "1"));
    let number: u32 = number.parse().unwrap_or(1);
    // Word order differs, so not one template with placeholders.
    match lang {
        Lang::Zh => format!("{year}年{number}月"),
        Lang::En => format!("{} {year}", duet_core::format::Date::month_name(number)),
    }
}
