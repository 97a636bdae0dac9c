//! The first screen of an article page: the site header, the article's head and its
//! body in every view at once. `boot.js` names the reader's view, lead language and
//! interface language on `<html>` before the first paint, and the stylesheet's
//! `.prerendered` rules show that one, so the page looks as the app will draw it.
//! Related questions, tags, comments and the aside's lists come with the app.

use duet_core::format::{reading_time, Date};
use duet_core::ui_text::ui_text;
use duet_core::{Article, ArticleHead, Block, BlockPair, Lang, Site};

use crate::blocks::{block_html, Position};
use crate::html::{escape, ui_label, ui_markup, ui_string};

/// The markup that stands in for the app until it has drawn the same page.
/// `base` is the site's base path with a trailing `/`.
pub fn article_markup(site: &Site, article: &Article, base: &str) -> String {
    let mut out = String::from("<div id=\"prerender\" class=\"prerendered\">");
    site_header(site, base, &mut out);
    out.push_str("<main><div class=\"layout-with-aside article-page\"><article class=\"article\">");
    let langs = article.body.langs();
    for lang in &langs {
        article_head(article, *lang, langs.len() > 1, &mut out);
    }
    // The reading tools (view switch, pinyin, read-aloud) need the app; their row
    // keeps its place so the text does not move when they arrive.
    out.push_str("<div class=\"reading-tools\" aria-hidden=\"true\"></div>");
    match langs.as_slice() {
        [only] => {
            let message = |lang: Lang| match only {
                Lang::Zh => ui_text(lang).only_zh,
                Lang::En => ui_text(lang).only_en,
            };
            out.push_str("<p class=\"status notice one-language\" role=\"note\">");
            ui_label(&mut out, message(Lang::Zh), message(Lang::En));
            out.push_str("</p>");
        }
        _ => {
            out.push_str("<p class=\"hint\">");
            ui_string(&mut out, |text| text.peek_hint);
            out.push_str("</p>");
        }
    }
    let both = if langs.len() > 1 { " both" } else { "" };
    out.push_str(&format!("<div class=\"article-body{both}\">"));
    for (index, pair) in article.pairs.iter().enumerate() {
        pair_html(article, pair, index, base, &mut out);
    }
    out.push_str("</div></article><aside class=\"aside\"></aside></div></main></div>");
    out
}

/// The site title and its navigation links, as the app's header shows them.
fn site_header(site: &Site, base: &str, out: &mut String) {
    out.push_str(&format!(
        "<header class=\"site-header\"><a href=\"{}\" class=\"site-title\">",
        escape(base)
    ));
    let title = |lang: Lang| {
        site.title
            .get_or_other(lang)
            .cloned()
            .unwrap_or_else(|| "Duet · 双读".to_string())
    };
    ui_label(out, &title(Lang::Zh), &title(Lang::En));
    // Named through a hidden label in both languages: CSS shows the reader's
    // interface language and the name leaves out the hidden one (an aria-label
    // attribute could say only one).
    out.push_str(
        "</a><nav class=\"site-nav\" aria-labelledby=\"site-nav-label\"><span id=\"site-nav-label\" class=\"visually-hidden\">",
    );
    ui_string(out, |text| text.site_nav);
    out.push_str("</span>");
    for link in &site.nav {
        if !duet_core::links::is_safe_href(&link.href) {
            continue;
        }
        let label = |lang: Lang| {
            link.label
                .get_or_other(lang)
                .cloned()
                .unwrap_or_else(|| link.href.clone())
        };
        if link.external {
            out.push_str(&format!(
                "<a class=\"nav-link external\" href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer external\">",
                escape(&link.href)
            ));
            ui_label(out, &label(Lang::Zh), &label(Lang::En));
            out.push_str("<span class=\"external-mark\" aria-hidden=\"true\">↗</span></a>");
        } else {
            let href = format!("{base}{}", link.href.trim_start_matches('/'));
            out.push_str(&format!(
                "<a href=\"{}\" class=\"nav-link\">",
                escape(&href)
            ));
            ui_label(out, &label(Lang::Zh), &label(Lang::En));
            out.push_str("</a>");
        }
    }
    out.push_str(&format!(
        "<a href=\"{}words\" class=\"nav-link saved-link\">",
        escape(base)
    ));
    ui_string(out, |text| text.saved_title);
    out.push_str("</a></nav></header>");
}

/// The head as it reads when `lead` leads; `marked` when the article has both
/// languages, so the stylesheet shows the head of the reader's lead language.
fn article_head(article: &Article, lead: Lang, marked: bool, out: &mut String) {
    let meta = &article.meta;
    let Some(head) = meta.head.get(lead) else {
        return;
    };
    let lead_attr = if marked {
        format!(" data-for-lead=\"{}\"", lead.code())
    } else {
        String::new()
    };
    let lang = lead.bcp47();
    out.push_str(&format!(
        "<header class=\"article-head\"{lead_attr}><h1 lang=\"{lang}\">{}</h1>",
        escape(&head.title)
    ));
    if let Some(other) = meta.head.get(lead.other()) {
        out.push_str(&format!(
            "<p class=\"title-translation\" lang=\"{}\">{}</p>",
            lead.other().bcp47(),
            escape(&other.title)
        ));
    }
    out.push_str("<p class=\"meta-line\">");
    if let Some(source) = &head.source {
        out.push_str(&format!(
            "<span class=\"source\" lang=\"{lang}\">{}</span>",
            escape(source)
        ));
    }
    if !head.authors.is_empty() {
        out.push_str("<span class=\"byline\">");
        ui_string(out, |text| text.by);
        out.push_str(&format!(
            " <span lang=\"{lang}\">{}</span></span>",
            escape(&head.authors.join(", "))
        ));
    }
    date_line(out, "published", &meta.date, |lang| ui_text(lang).published);
    if let Some(updated) = meta.shown_update() {
        date_line(out, "updated", updated, |lang| ui_text(lang).updated);
    }
    out.push_str("<span class=\"reading-time\">");
    ui_markup(out, |ui| reading_times(&meta.head, ui));
    out.push_str("</span></p>");
    // The bookmark button comes with the app; its row keeps its place.
    out.push_str("<span class=\"bookmark bookmark-gap\" aria-hidden=\"true\"></span>");
    // The app's markup, so the abstract folds alike on a phone (see its head.rs).
    out.push_str(&format!(
        "<section class=\"abstract\"><input type=\"checkbox\" id=\"abstract-more-{}\" \
         class=\"abstract-toggle visually-hidden\"><p lang=\"{lang}\">{}</p>\
         <label for=\"abstract-more-{}\" class=\"abstract-more\">",
        lead.code(),
        escape(&head.description),
        lead.code()
    ));
    ui_string(out, |text| text.abstract_more);
    out.push_str("</label></section></header>");
}

/// "Published 2026年11月20日": the absolute date, as the app's head shows it (how
/// long ago depends on the day the page is read: the app's tooltip says that).
fn date_line(out: &mut String, class: &str, date: &str, label: fn(Lang) -> &'static str) {
    let shown = |lang: Lang| {
        Date::parse(date)
            .map(|parsed| parsed.display(lang))
            .unwrap_or_else(|| date.to_string())
    };
    out.push_str(&format!("<span class=\"{class}\">"));
    let zh = format!("{} {}", label(Lang::Zh), shown(Lang::Zh));
    let en = format!("{} {}", label(Lang::En), shown(Lang::En));
    out.push_str(&format!("<time datetime=\"{}\">", escape(date)));
    ui_label(out, &zh, &en);
    out.push_str("</time></span>");
}

/// The reading times in interface language `ui`, as markup: each language named
/// in itself and marked with its `lang`, as the app's `ReadingTimes` writes them.
fn reading_times(head: &duet_core::Bilingual<ArticleHead>, ui: Lang) -> String {
    head.langs()
        .into_iter()
        .filter_map(|lang| head.get(lang).map(|head| (lang, head.reading_minutes)))
        .map(|(lang, minutes)| {
            format!(
                "<span lang=\"{}\">{}</span> {}",
                lang.bcp47(),
                escape(lang.endonym()),
                escape(&reading_time(minutes, ui))
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One pair with both languages' blocks (zh first); the stylesheet hides, orders and
/// quiets them for the view.
fn pair_html(article: &Article, pair: &BlockPair, index: usize, base: &str, out: &mut String) {
    let lacks: String = Lang::ALL
        .into_iter()
        .filter(|lang| pair.side(*lang).is_none())
        .map(|lang| format!(" lacks-{}", lang.code()))
        .collect();
    let id = escape(&pair.id);
    out.push_str(&format!(
        "<div class=\"pair{lacks}\" id=\"{id}\"><a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">¶</a>"
    ));
    let position = Position {
        pair: index,
        sentences_aligned: pair.sentences_aligned,
    };
    for lang in Lang::ALL {
        match block_of(article, pair, lang) {
            Some(block) => {
                out.push_str(&format!(
                    "<div class=\"blk\" lang=\"{}\" data-lang=\"{}\">",
                    lang.bcp47(),
                    lang.code()
                ));
                block_html(block, Some(position), base, out);
                out.push_str("</div>");
            }
            // One-language articles have no gaps to mark.
            None if article.body.get(lang).is_some() => {
                out.push_str(&format!(
                    "<div class=\"blk missing\" data-missing=\"{}\">",
                    lang.code()
                ));
                ui_string(out, |text| text.no_translation_here);
                out.push_str("</div>");
            }
            None => {}
        }
    }
    out.push_str("</div>");
}

fn block_of<'a>(article: &'a Article, pair: &BlockPair, lang: Lang) -> Option<&'a Block> {
    let index = pair.side(lang)? as usize;
    article.body.get(lang)?.blocks.get(index)
}
