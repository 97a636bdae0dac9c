//! Article cards and lists of them: the library, related reads, popular articles.

use duet_core::format::views;
use duet_core::listing::CatalogHead;
use duet_core::{ArticleMeta, Lang};
use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;

use crate::components::date_stamp::DateStamp;
use crate::components::reading_times::ReadingTimes;
use crate::i18n::ui_text;
use crate::nav::route;
use crate::reader::prefs::ReaderPrefs;

/// The display label of `tag` in `lang`, from whichever loaded file labels it (the
/// head, a list page, the facets, the article: see `data::labels`).
pub fn tag_label(tag: &str, lang: Lang) -> String {
    crate::data::labels::label(tag, lang)
}

/// A library card: both titles, source, date, abstract, tags and reading times.
#[component]
pub fn ArticleCard(
    /// The article to show.
    meta: ArticleMeta,
    /// The pair the reader was at in this article, offered as "Continue reading".
    #[prop(default = None)]
    resume: Option<String>,
    /// Whether the reader bookmarked this article.
    #[prop(optional)]
    bookmarked: bool,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let href = route::article(&meta.slug);
    let resume_link = resume.map(|pair| {
        let href = crate::nav::links::app_href(&route::article_at(&meta.slug, &pair));
        view! {
            <a class="continue-reading" href=href>{move || text().continue_reading} " →"</a>
        }
    });
    let bookmark_mark = bookmarked.then(|| {
        view! {
            <span class="bookmarked-mark">
                <span aria-hidden="true">"★ "</span>
                {move || text().bookmarked}
            </span>
        }
    });
    let titles = meta
        .head
        .langs()
        .into_iter()
        .filter_map(|lang| meta.head.get(lang).map(|head| (lang, head.title.clone())))
        // `elementtiming`: the benchmark reads when the first card's title was painted.
        .map(|(lang, title)| {
            view! { <span class="card-title" lang=lang.bcp47()>{title}</span> }
                .add_any_attr(custom_attribute("elementtiming", "card-title"))
        })
        .collect_view();
    let single_lang = meta.head.only_lang();
    let head = meta.head.clone();
    let ui_head = Signal::derive(move || head.pick_or_default(prefs.ui_lang.get()));
    let tags = meta.tags.clone();
    let tag_list = move || {
        let ui = prefs.ui_lang.get();
        tags.iter()
            .map(|tag| {
                view! { <li><a href=crate::nav::links::app_href(&route::library_tag(tag))>{tag_label(tag, ui)}</a></li> }
            })
            .collect_view()
    };
    view! {
        <article class="card" data-slug=meta.slug.clone()>
            <h2 class="card-titles"><a href=crate::nav::links::app_href(&href)>{titles}</a></h2>
            <p class="meta-line">
                {move || {
                    let (lang, head) = ui_head.get();
                    head.source.map(|source| view! { <span class="source" lang=lang.bcp47()>{source}</span> })
                }}
                <DateStamp date=meta.date.clone()/>
                <ReadingTimes head=meta.head.clone()/>
                {meta.difficulty.as_ref().map(difficulty_badge)}
                {single_lang
                    .map(|single_lang| {
                        view! {
                            <span class="lang-badge">
                                {move || match single_lang {
                                    Lang::Zh => text().badge_only_zh,
                                    Lang::En => text().badge_only_en,
                                }}
                            </span>
                        }
                    })}
            </p>
            <p class="card-abstract" lang=move || ui_head.get().0.bcp47()>{move || ui_head.get().1.description}</p>
            <ul class="tag-list" aria-label=move || text().tags>{tag_list}</ul>
            {(resume_link.is_some() || bookmark_mark.is_some())
                .then(|| view! { <p class="card-reader">{bookmark_mark}{resume_link}</p> })}
        </article>
    }
}

/// A compact link to an article with its title in `lang` (or the other language).
fn title_in(meta: &ArticleMeta, lang: Lang) -> (Lang, String) {
    let (shown, head) = meta.head.pick_or_default(lang);
    (shown, head.title)
}

/// The most-read articles with their view counts.
#[component]
pub fn PopularList(
    /// Where the articles come from.
    catalog: std::sync::Arc<CatalogHead>,
    /// How many to list.
    #[prop(default = 5)]
    count: usize,
    /// The article being read, left out of the list.
    #[prop(optional, into)]
    except: Option<String>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let popular: Vec<ArticleMeta> = catalog
        .most_read(except.as_deref(), count)
        .into_iter()
        .cloned()
        .collect();
    if popular.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="popular">
            <h2>{move || ui_text(prefs.ui_lang.get()).popular}</h2>
            <ol>
                {popular
                    .into_iter()
                    .map(|meta| {
                        let shown_meta = meta.clone();
                        let shown = Signal::derive(move || title_in(&shown_meta, prefs.ui_lang.get()));
                        view! {
                            <li>
                                <a href=crate::nav::links::app_href(&route::article(&meta.slug))>
                                    <span lang=move || shown.get().0.bcp47()>{move || shown.get().1}</span>
                                </a>
                                <span class="views">{move || views(meta.views, prefs.ui_lang.get())}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// Related reads with summary, source and relative time, in the lead language.
#[component]
pub fn RelatedList(
    /// The related reads' cards, from the article's file.
    related: Vec<ArticleMeta>,
    /// Language to show them in, when they have it.
    lead: Signal<Lang>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    if related.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="related" id=crate::nav::links::RELATED_ID tabindex="-1" aria-labelledby="duet-related-title">
            <h2 id="duet-related-title">{move || ui_text(prefs.ui_lang.get()).related_reads}</h2>
            <ul>
                {related
                    .into_iter()
                    .map(|meta| {
                        let meta_for_head = meta.clone();
                        let head = Signal::derive(move || meta_for_head.head.pick_or_default(lead.get()));
                        view! {
                            <li class="related-item">
                                <a href=crate::nav::links::app_href(&route::article(&meta.slug))>
                                    <span lang=move || head.get().0.bcp47()>{move || head.get().1.title}</span>
                                </a>
                                <p class="related-summary" lang=move || head.get().0.bcp47()>{move || head.get().1.description}</p>
                                <p class="meta-line">
                                    {move || {
                                        let (lang, head) = head.get();
                                        head.source.map(|source| view! { <span class="source" lang=lang.bcp47()>{source}</span> })
                                    }}
                                    <DateStamp date=meta.date.clone()/>
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// How a difficulty level reads on a badge: `HSK 4`, or `HSK 6+` beyond the lists.
pub fn level_label(level: u8) -> String {
    if level > 6 {
        "HSK 6+".to_string()
    } else {
        format!("HSK {level}")
    }
}

/// A share in per mille as a whole percentage, a half rounded to even. Integer
/// arithmetic: formatting a float with a precision would compile Rust's float
/// printing (≈ 12 KB) into the wasm for this one tooltip.
fn whole_percent(per_mille: u16) -> u16 {
    let (percent, tenths) = (per_mille / 10, per_mille % 10);
    if tenths > 5 || (tenths == 5 && percent % 2 == 1) {
        percent + 1
    } else {
        percent
    }
}

/// The article's estimated HSK level, with the share of words per level on hover.
fn difficulty_badge(difficulty: &duet_core::Difficulty) -> impl IntoView {
    let shares = difficulty
        .per_mille
        .iter()
        .enumerate()
        .map(|(index, share)| {
            let level = if index < 6 {
                format!("HSK {}", index + 1)
            } else {
                "HSK 6+ / —".to_string()
            };
            format!("{level}: {}%", whole_percent(*share))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <span class="difficulty-badge" data-level=difficulty.level title=shares>
            {level_label(difficulty.level)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::whole_percent;

    #[test]
    fn whole_percent_rounds_as_float_formatting_did() {
        for per_mille in 0..=1000u16 {
            let float = format!("{:.0}", f64::from(per_mille) / 10.0);
            assert_eq!(whole_percent(per_mille).to_string(), float, "{per_mille}‰");
        }
    }
}
