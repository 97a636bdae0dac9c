//! The reader's preferences: interface language, theme, text size and last layout.
//! Held in signals, saved to `localStorage`, and applied to the `<html>` element.

use duet_core::Lang;
use leptos::prelude::*;

use crate::browser;
use crate::nav::view_mode::Layout;

/// Colour theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    /// All choices in switcher order.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// Stored value.
    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Parses a stored value.
    pub fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|theme| theme.code() == code)
    }
}

/// Smallest and largest text size steps; each step is 10 % of the base size.
pub const FONT_STEPS: std::ops::RangeInclusive<i32> = -2..=4;

/// The keys of the stored preferences, under `duet.`; `public/boot.js` reads the same
/// ones before the first paint (a test checks it names exactly these).
pub mod key {
    pub const UI_LANG: &str = "ui_lang";
    pub const THEME: &str = "theme";
    pub const FONT_STEP: &str = "font_step";
    pub const LAYOUT: &str = "layout";
    pub const PINYIN: &str = "pinyin";
    pub const TONES: &str = "tones";
}

/// Every preference key, in export order.
pub const KEYS: [&str; 6] = [
    key::UI_LANG,
    key::THEME,
    key::FONT_STEP,
    key::LAYOUT,
    key::PINYIN,
    key::TONES,
];

/// One stored preference, read: the one parser for storage and imports alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pref {
    UiLang(Lang),
    Theme(Theme),
    FontStep(i32),
    Layout(Layout),
    Pinyin(bool),
    Tones(bool),
}

impl Pref {
    /// The preference stored under `key` as `value`; `None` for an unknown key or a
    /// value this release does not understand (the default then stands).
    pub fn parse(key: &str, value: &str) -> Option<Pref> {
        match key {
            key::UI_LANG => Lang::from_code(value).map(Pref::UiLang),
            key::THEME => Theme::from_code(value).map(Pref::Theme),
            key::FONT_STEP => value
                .parse::<i32>()
                .ok()
                .filter(|step| FONT_STEPS.contains(step))
                .map(Pref::FontStep),
            key::LAYOUT => Layout::from_pref(value).map(Pref::Layout),
            key::PINYIN => Some(Pref::Pinyin(value == "on")),
            key::TONES => Some(Pref::Tones(value == "on")),
            _ => None,
        }
    }

    /// The stored preference under `key`, read.
    fn stored(key: &str) -> Option<Pref> {
        Pref::parse(key, &browser::storage_get(key)?)
    }
}

/// Preference signals shared by the whole app.
#[derive(Debug, Clone, Copy)]
pub struct ReaderPrefs {
    pub ui_lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
    pub font_step: RwSignal<i32>,
    /// The last layout the reader chose; used when a URL names none.
    pub layout: RwSignal<Option<Layout>>,
    /// Pinyin above Chinese words, and their tones in colour.
    pub pinyin: RwSignal<bool>,
    pub tone_colours: RwSignal<bool>,
    /// The last storage failure, shown to the reader until the next success.
    pub storage_error: RwSignal<Option<browser::StorageError>>,
    /// Something about stored data the reader should know (from start-up).
    pub storage_notice: RwSignal<Option<String>>,
}

impl ReaderPrefs {
    /// Reads stored preferences, provides them as context and keeps storage and the
    /// `<html>` element in sync with them.
    pub fn provide() -> ReaderPrefs {
        let stored_lang = match Pref::stored(key::UI_LANG) {
            Some(Pref::UiLang(lang)) => Some(lang),
            _ => None,
        };
        let ui_lang = stored_lang.unwrap_or_else(browser_language);
        let prefs = ReaderPrefs {
            ui_lang: RwSignal::new(ui_lang),
            theme: RwSignal::new(Theme::System),
            font_step: RwSignal::new(0),
            layout: RwSignal::new(None),
            pinyin: RwSignal::new(false),
            tone_colours: RwSignal::new(false),
            storage_error: RwSignal::new(None),
            // Storage is brought to this release's layout, and what cannot be read is
            // set aside, before anything is written.
            storage_notice: RwSignal::new(start_up_notice(ui_lang)),
        };
        for key in KEYS.into_iter().filter(|key| *key != key::UI_LANG) {
            if let Some(pref) = Pref::stored(key) {
                prefs.set(pref);
            }
        }
        provide_context(prefs);
        prefs.sync_to_document();
        prefs
    }

    /// Sets the signal of `pref` (which then stores it, once synced).
    pub fn set(self, pref: Pref) {
        match pref {
            Pref::UiLang(lang) => self.ui_lang.set(lang),
            Pref::Theme(theme) => self.theme.set(theme),
            Pref::FontStep(step) => self.font_step.set(step),
            Pref::Layout(layout) => self.layout.set(Some(layout)),
            Pref::Pinyin(on) => self.pinyin.set(on),
            Pref::Tones(on) => self.tone_colours.set(on),
        }
    }

    /// The preferences provided by [`ReaderPrefs::provide`].
    pub fn expect() -> ReaderPrefs {
        expect_context::<ReaderPrefs>()
    }

    /// Saves one preference, recording a failure for the reader to see.
    fn save(self, key: &'static str, value: String) {
        let result = browser::storage_set(key, &value);
        self.storage_error.set(result.err());
    }

    /// Effects: these mirror signals into the world outside Leptos (storage and the
    /// root element's attributes), which is what effects are for.
    fn sync_to_document(self) {
        Effect::new(move |_| {
            let lang = self.ui_lang.get();
            browser::document()
                .document_element()
                .map(|root| root.set_attribute("lang", lang.bcp47()));
            self.save(key::UI_LANG, lang.code().to_string());
        });
        Effect::new(move |_| {
            let theme = self.theme.get();
            let dark = match theme {
                Theme::System => browser::prefers_dark(),
                Theme::Light => false,
                Theme::Dark => true,
            };
            if let Some(root) = browser::document().document_element() {
                let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
            }
            self.save(key::THEME, theme.code().to_string());
        });
        Effect::new(move |_| {
            let step = self.font_step.get();
            if let Some(root) = browser::document().document_element() {
                // An attribute the stylesheet maps to a size, not an inline style, so a
                // strict Content-Security-Policy without 'unsafe-inline' still allows it.
                let _ = root.set_attribute("data-font-step", &step.to_string());
            }
            self.save(key::FONT_STEP, step.to_string());
        });
        // Attributes the stylesheet reads, so switching pinyin on or off restyles the
        // page without rendering the article again.
        for (signal, attribute, key) in [
            (self.pinyin, "data-pinyin", key::PINYIN),
            (self.tone_colours, "data-tones", key::TONES),
        ] {
            Effect::new(move |_| {
                let value = if signal.get() { "on" } else { "off" };
                if let Some(root) = browser::document().document_element() {
                    let _ = root.set_attribute(attribute, value);
                }
                self.save(key, value.to_string());
            });
        }
        Effect::new(move |_| {
            if let Some(layout) = self.layout.get() {
                self.save(key::LAYOUT, layout.to_pref());
            }
        });
    }
}

/// What the reader should know about stored data at start-up: a layout from a newer
/// Duet, a failed write, lists that could not be read (now kept aside).
fn start_up_notice(ui_lang: Lang) -> Option<String> {
    let mut notices: Vec<String> = crate::reader::storage_version::migrate(ui_lang)
        .into_iter()
        .collect();
    let unreadable = crate::reader::storage_version::unreadable_lists(ui_lang);
    if !unreadable.is_empty() {
        notices.push(format!(
            "{}: {}.",
            crate::i18n::ui_text(ui_lang).data_unreadable,
            unreadable.join("; ")
        ));
    }
    (!notices.is_empty()).then(|| notices.join(" "))
}

/// The first of the browser's languages Duet speaks, else English.
fn browser_language() -> Lang {
    browser::preferred_languages()
        .iter()
        .find_map(|code| Lang::from_code(code))
        .unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boot_js_reads_exactly_the_stored_preference_keys() {
        // boot.js sets the theme, text size, pinyin and view before the first paint
        // from the same keys; a key renamed on one side only would silently reset
        // that preference on every load.
        let boot = include_str!("../../public/boot.js");
        let mut read: Vec<&str> = boot
            .split("stored(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        read.sort_unstable();
        read.dedup();
        let mut keys = KEYS.to_vec();
        keys.sort_unstable();
        assert_eq!(read, keys);
        assert!(boot.contains("localStorage.getItem(\"duet.\" + key)"));
    }

    #[test]
    fn one_parser_reads_every_preference_and_refuses_what_it_does_not_know() {
        assert_eq!(
            Pref::parse(key::UI_LANG, "zh-CN"),
            Some(Pref::UiLang(Lang::Zh))
        );
        assert_eq!(
            Pref::parse(key::THEME, "dark"),
            Some(Pref::Theme(Theme::Dark))
        );
        assert_eq!(Pref::parse(key::FONT_STEP, "3"), Some(Pref::FontStep(3)));
        assert_eq!(Pref::parse(key::FONT_STEP, "9"), None, "outside FONT_STEPS");
        assert_eq!(Pref::parse(key::FONT_STEP, "big"), None);
        assert!(matches!(
            Pref::parse(key::LAYOUT, "inter:zh"),
            Some(Pref::Layout(_))
        ));
        assert_eq!(Pref::parse(key::PINYIN, "on"), Some(Pref::Pinyin(true)));
        assert_eq!(Pref::parse(key::TONES, "off"), Some(Pref::Tones(false)));
        assert_eq!(Pref::parse("volume", "11"), None);
    }
}
