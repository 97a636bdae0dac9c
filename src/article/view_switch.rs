//! The reading-view switcher and the lead-language swap.

use leptos::prelude::*;

use crate::i18n::{ui_text, UiText};
use crate::nav::view_mode::{Layout, ViewMode};
use crate::reader::prefs::ReaderPrefs;

/// Buttons for the four views plus a swap button; `on_change` receives the new layout.
#[component]
pub fn ViewSwitch(
    /// The layout in force.
    layout: Signal<Layout>,
    /// Called with the layout the reader picked.
    on_change: Callback<Layout>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let label = |mode: ViewMode, text: &'static UiText| match mode {
        ViewMode::Single(duet_core::Lang::Zh) => text.view_zh,
        ViewMode::Single(duet_core::Lang::En) => text.view_en,
        ViewMode::Side => text.view_side,
        ViewMode::Interleaved => text.view_inter,
    };
    let choose = move |mode: ViewMode| {
        let current = layout.get_untracked();
        let lead = match mode {
            ViewMode::Single(lang) => lang,
            _ => current.lead,
        };
        on_change.run(Layout { mode, lead });
    };
    let swap = move |_| {
        let current = layout.get_untracked();
        let lead = current.lead.other();
        let mode = match current.mode {
            ViewMode::Single(_) => ViewMode::Single(lead),
            other => other,
        };
        on_change.run(Layout { mode, lead });
    };
    view! {
        <div class="view-switch" role="toolbar" aria-label=move || text().view_label>
            <div class="segmented" role="group" aria-label=move || text().view_label>
                {ViewMode::ALL
                    .into_iter()
                    .map(|mode| {
                        view! {
                            <button
                                type="button"
                                class="view-button"
                                data-view=mode.code()
                                // "中文" and "English" are names in their own language.
                                lang=match mode {
                                    ViewMode::Single(lang) => Some(lang.bcp47()),
                                    ViewMode::Side | ViewMode::Interleaved => None,
                                }
                                aria-pressed=move || (layout.get().mode == mode).to_string()
                                on:click=move |_| choose(mode)
                            >
                                {move || label(mode, text())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <button type="button" class="button swap-lead" on:click=swap title=move || text().swap_lead>
                "⇄ "
                {move || text().swap_lead}
            </button>
        </div>
    }
}
