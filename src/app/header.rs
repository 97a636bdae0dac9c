//! The site header: title, navigation links, and the reader's settings.

use duet_core::{Lang, NavLink};
use leptos::prelude::*;

use crate::data::catalog::CatalogResource;
use crate::i18n::ui_text;
use crate::nav::route;
use crate::reader::prefs::{ReaderPrefs, Theme, FONT_STEPS};

/// Header shown on every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let catalog = CatalogResource::expect().0;
    let site_title = move || {
        let lang = prefs.ui_lang.get();
        catalog
            .get()
            .and_then(|result| result.ok())
            .and_then(|catalog| catalog.site.title.get_or_other(lang).cloned())
            .unwrap_or_else(|| "Duet · 双读".to_string())
    };
    let nav_links = move || {
        catalog
            .get()
            .and_then(|result| result.ok())
            .map(|catalog| catalog.site.nav.clone())
            .unwrap_or_default()
    };

    view! {
        <header class="site-header">
            <a href=crate::nav::links::app_href(&route::library()) class="site-title">{site_title}</a>
            <nav class="site-nav" aria-label=move || ui_text(prefs.ui_lang.get()).site_nav>
                <For each=nav_links key=|link| link.href.clone() let:link>
                    <NavItem link=link/>
                </For>
                <a href=crate::nav::links::app_href(&route::saved()) class="nav-link saved-link">{move || ui_text(prefs.ui_lang.get()).saved_title}</a>
            </nav>
            <crate::search::search_box::SearchBox/>
            <ReaderSettings/>
        </header>
        <StorageNotice/>
    }
}

/// One navigation link; links to other sites open in a new tab and say so.
#[component]
fn NavItem(
    /// The link from the site settings.
    link: NavLink,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let label_link = link.clone();
    let label = move || {
        label_link
            .label
            .get_or_other(prefs.ui_lang.get())
            .cloned()
            .unwrap_or_else(|| label_link.href.clone())
    };
    // The bundler refuses unsafe links in site.toml; a bundle made some other way is
    // checked here too, and an unsafe link shows as its label only.
    if !duet_core::links::is_safe_href(&link.href) {
        return view! { <span class="nav-link">{label}</span> }.into_any();
    }
    if link.external {
        view! {
            <a class="nav-link external" href=link.href.clone() target="_blank" rel="noopener noreferrer external">
                {label}
                <span class="external-mark" aria-hidden="true">"↗"</span>
                <span class="visually-hidden">{move || ui_text(prefs.ui_lang.get()).external_link}</span>
            </a>
        }
        .into_any()
    } else {
        view! { <a href=crate::nav::links::app_href(&link.href) class="nav-link">{label}</a> }
            .into_any()
    }
}

/// Interface language, theme and text size controls.
#[component]
fn ReaderSettings() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let theme_label = move |theme: Theme| match theme {
        Theme::System => text().theme_system,
        Theme::Light => text().theme_light,
        Theme::Dark => text().theme_dark,
    };
    let change_font = move |delta: i32| {
        prefs.font_step.update(|step| {
            *step = (*step + delta).clamp(*FONT_STEPS.start(), *FONT_STEPS.end());
        });
    };

    view! {
        <div class="reader-settings">
            <div class="segmented" role="group" aria-label=move || text().interface_language>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <button
                                type="button"
                                class="ui-lang"
                                lang=lang.bcp47()
                                aria-pressed=move || (prefs.ui_lang.get() == lang).to_string()
                                on:click=move |_| prefs.ui_lang.set(lang)
                            >
                                {lang.endonym()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <label class="theme-select">
                <span class="visually-hidden">{move || text().theme}</span>
                <select
                    aria-label=move || text().theme
                    on:change=move |event| {
                        if let Some(theme) = Theme::from_code(&event_target_value(&event)) {
                            prefs.theme.set(theme);
                        }
                    }
                >
                    {Theme::ALL
                        .into_iter()
                        .map(|theme| {
                            view! {
                                <option value=theme.code() selected=move || prefs.theme.get() == theme>
                                    {move || theme_label(theme)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="segmented" role="group">
                <button
                    type="button"
                    class="font-smaller"
                    aria-label=move || text().smaller_text
                    title=move || text().smaller_text
                    disabled=move || { prefs.font_step.get() <= *FONT_STEPS.start() }
                    on:click=move |_| change_font(-1)
                >
                    "A−"
                </button>
                <button
                    type="button"
                    class="font-larger"
                    aria-label=move || text().larger_text
                    title=move || text().larger_text
                    disabled=move || { prefs.font_step.get() >= *FONT_STEPS.end() }
                    on:click=move |_| change_font(1)
                >
                    "A+"
                </button>
            </div>
        </div>
    }
}

/// Tells the reader when settings could not be saved (private mode, full storage).
#[component]
fn StorageNotice() -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let error = move || {
        prefs.storage_error.get().map(|detail| {
            view! {
                <p class="status warning storage-error" role="status">
                    {move || ui_text(prefs.ui_lang.get()).storage_failed}
                    ": "
                    {move || detail.describe(prefs.ui_lang.get())}
                </p>
            }
        })
    };
    let notice = move || {
        prefs.storage_notice.get().map(|detail| {
            view! { <p class="status warning storage-notice" role="status">{detail}</p> }
        })
    };
    view! { {error} {notice} }
}
