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
    pub storage_error: RwSignal<Option<String>>,
    /// Something about stored data the reader should know (from start-up).
    pub storage_notice: RwSignal<Option<String>>,
}

impl ReaderPrefs {
    /// Reads stored preferences, provides them as context and keeps storage and the
    /// `<html>` element in sync with them.
    pub fn provide() -> ReaderPrefs {
        let stored_lang = browser::load_pref("ui_lang").and_then(|code| Lang::from_code(&code));
        let ui_lang = stored_lang.unwrap_or_else(browser_language);
        let prefs = ReaderPrefs {
            ui_lang: RwSignal::new(ui_lang),
            theme: RwSignal::new(
                browser::load_pref("theme")
                    .and_then(|code| Theme::from_code(&code))
                    .unwrap_or(Theme::System),
            ),
            font_step: RwSignal::new(
                browser::load_pref("font_step")
                    .and_then(|step| step.parse().ok())
                    .filter(|step| FONT_STEPS.contains(step))
                    .unwrap_or(0),
            ),
            layout: RwSignal::new(
                browser::load_pref("layout").and_then(|text| Layout::from_pref(&text)),
            ),
            pinyin: RwSignal::new(browser::load_pref("pinyin").as_deref() == Some("on")),
            tone_colours: RwSignal::new(browser::load_pref("tones").as_deref() == Some("on")),
            storage_error: RwSignal::new(None),
            // Storage is brought to this release's layout, and what cannot be read is
            // set aside, before anything is written.
            storage_notice: RwSignal::new(start_up_notice(ui_lang)),
        };
        provide_context(prefs);
        prefs.sync_to_document();
        prefs
    }

    /// The preferences provided by [`ReaderPrefs::provide`].
    pub fn expect() -> ReaderPrefs {
        expect_context::<ReaderPrefs>()
    }

    /// Saves one preference, recording a failure for the reader to see.
    fn save(self, key: &'static str, value: String) {
        let result = browser::save_pref(key, &value);
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
            self.save("ui_lang", lang.code().to_string());
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
            self.save("theme", theme.code().to_string());
        });
        Effect::new(move |_| {
            let step = self.font_step.get();
            if let Some(root) = browser::document().document_element() {
                // An attribute the stylesheet maps to a size, not an inline style, so a
                // strict Content-Security-Policy without 'unsafe-inline' still allows it.
                let _ = root.set_attribute("data-font-step", &step.to_string());
            }
            self.save("font_step", step.to_string());
        });
        // Attributes the stylesheet reads, so switching pinyin on or off restyles the
        // page without rendering the article again.
        for (signal, attribute, key) in [
            (self.pinyin, "data-pinyin", "pinyin"),
            (self.tone_colours, "data-tones", "tones"),
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
                self.save("layout", layout.to_pref());
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
    let unreadable = crate::reader::storage_version::unreadable_lists();
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
