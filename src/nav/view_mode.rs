//! How an article is laid out: which languages show and which one leads. Both are
//! URL state (`?view=side&lead=en`) so a shared link shows what the sender saw.

use duet_core::Lang;

/// The four reading views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewMode {
    /// One language only; clicking a paragraph peeks at its translation.
    Single(Lang),
    /// Two columns, each paragraph beside its translation.
    Side,
    /// The translation under each paragraph, quieter.
    Interleaved,
}

impl ViewMode {
    /// All views in the order the switcher shows them.
    pub const ALL: [ViewMode; 4] = [
        ViewMode::Single(Lang::Zh),
        ViewMode::Single(Lang::En),
        ViewMode::Side,
        ViewMode::Interleaved,
    ];

    /// The value of the `view` query parameter.
    pub fn code(self) -> &'static str {
        match self {
            ViewMode::Single(Lang::Zh) => "zh",
            ViewMode::Single(Lang::En) => "en",
            ViewMode::Side => "side",
            ViewMode::Interleaved => "inter",
        }
    }

    /// Parses the `view` query parameter.
    pub fn from_code(code: &str) -> Option<ViewMode> {
        ViewMode::ALL.into_iter().find(|mode| mode.code() == code)
    }

    /// Whether both languages are on screen.
    pub fn is_bilingual(self) -> bool {
        matches!(self, ViewMode::Side | ViewMode::Interleaved)
    }
}

/// The view and lead language a reader asked for, before looking at the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub mode: ViewMode,
    pub lead: Lang,
}

impl Layout {
    /// Resolves the layout from the URL's parameters, falling back to the stored
    /// preference and then to `default_lead` (the interface language).
    pub fn resolve(
        url_view: Option<&str>,
        url_lead: Option<&str>,
        stored: Option<Layout>,
        default_lead: Lang,
    ) -> Layout {
        let fallback = stored.unwrap_or(Layout {
            mode: ViewMode::Side,
            lead: default_lead,
        });
        let mode = url_view
            .and_then(ViewMode::from_code)
            .unwrap_or(fallback.mode);
        let lead = match mode {
            // A one-language view leads with its own language.
            ViewMode::Single(lang) => lang,
            _ => url_lead.and_then(Lang::from_code).unwrap_or(fallback.lead),
        };
        Layout { mode, lead }
    }

    /// The layout as stored and as query parameters: `side:en`.
    pub fn to_pref(self) -> String {
        format!("{}:{}", self.mode.code(), self.lead.code())
    }

    /// Parses [`Layout::to_pref`]'s output; `None` for anything else.
    pub fn from_pref(text: &str) -> Option<Layout> {
        let (mode, lead) = text.split_once(':')?;
        Some(Layout {
            mode: ViewMode::from_code(mode)?,
            lead: Lang::from_code(lead)?,
        })
    }

    /// The query string for this layout: `?view=side&lead=en`.
    pub fn query(self) -> String {
        format!("?view={}&lead={}", self.mode.code(), self.lead.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_wins_over_stored_preference() {
        let stored = Layout::from_pref("inter:zh");
        let layout = Layout::resolve(Some("side"), Some("en"), stored, Lang::Zh);
        assert_eq!(
            layout,
            Layout {
                mode: ViewMode::Side,
                lead: Lang::En
            }
        );
    }

    #[test]
    fn stored_preference_fills_missing_parameters() {
        let stored = Layout::from_pref("inter:zh");
        let layout = Layout::resolve(None, None, stored, Lang::En);
        assert_eq!(
            layout,
            Layout {
                mode: ViewMode::Interleaved,
                lead: Lang::Zh
            }
        );
    }

    #[test]
    fn single_view_leads_with_its_language_and_bad_values_are_ignored() {
        let layout = Layout::resolve(Some("en"), Some("zh"), None, Lang::Zh);
        assert_eq!(
            layout,
            Layout {
                mode: ViewMode::Single(Lang::En),
                lead: Lang::En
            }
        );
        let layout = Layout::resolve(Some("bogus"), Some("xx"), None, Lang::Zh);
        assert_eq!(
            layout,
            Layout {
                mode: ViewMode::Side,
                lead: Lang::Zh
            }
        );
        assert_eq!(Layout::from_pref("side"), None);
    }

    #[test]
    fn pref_round_trips() {
        for mode in ViewMode::ALL {
            let layout = Layout {
                mode,
                lead: Lang::En,
            };
            assert_eq!(
                Layout::from_pref(&layout.to_pref()).map(|l| l.mode),
                Some(mode)
            );
        }
    }
}
