//! `site.toml` at the content root: site title, default language, base path,
//! navigation and tag labels.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use duet_core::{Bilingual, Lang, NavLink, Site, TagLabel};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{is_invisible, visible, Diagnostics};
use crate::source::SourceFile;
use crate::toml_input;

/// File name of the site settings inside the content folder.
pub const SITE_FILE: &str = "site.toml";

const EXAMPLE: &str = "base_path = \"/\"\n\n[title]\nzh = \"双语阅读\"\nen = \"Duet\"\n\n[[nav]]\nhref = \"/\"\n[nav.label]\nzh = \"首页\"\nen = \"Home\"\n\n[tags.llm]\nzh = \"大模型\"\nen = \"LLMs\"";

const KEYS_HINT: &str =
    "allowed keys: base_path, title = \"…\" or [title] zh/en, default_language, [[nav]] href + [nav.label] zh/en, [tags.<tag>] zh/en";

/// The site settings and what discovery needs from them.
#[derive(Debug, Clone)]
pub struct Settings {
    pub site: Site,
    /// The language of article files without a language suffix, when given.
    pub default_lang: Option<Lang>,
    /// Language trees named by the config (folder inside the content folder).
    pub trees: Vec<(String, Lang)>,
}

/// `T` is the title's form: a string, or `RawText` per language. A first look at
/// the title picks it, so that a wrong key inside `[title]` is still reported at
/// its own line (an untagged enum would only say "no variant matched").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite<T> {
    base_path: Option<String>,
    title: Spanned<T>,
    default_language: Option<Spanned<String>>,
    #[serde(default)]
    nav: Vec<RawNav>,
    /// A BTreeMap keeps tags sorted by key, the order the bundle promises.
    #[serde(default)]
    tags: BTreeMap<String, Spanned<RawText>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNav {
    href: Spanned<String>,
    label: Spanned<RawText>,
}

/// Only the title, to see its form.
#[derive(Debug, Deserialize)]
struct TitleProbe {
    title: Option<toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    zh: Option<String>,
    en: Option<String>,
}

/// Reads and checks `content_dir/site.toml`; problems are recorded in `diagnostics`.
pub fn load(content_dir: &Path, diagnostics: &mut Diagnostics) -> anyhow::Result<Option<Settings>> {
    let path = content_dir.join(SITE_FILE);
    if !path.is_file() {
        diagnostics
            .error(&path, None, "site settings file is missing")
            .hint(format!(
                "create {} with at least a title, e.g.:\n{EXAMPLE}",
                path.display()
            ));
        return Ok(None);
    }
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let Some(file) = SourceFile::decode(&path, bytes, diagnostics) else {
        return Ok(None);
    };
    Ok(parse(&file, diagnostics))
}

/// Parses the text of a site settings file.
pub fn parse(file: &SourceFile, diagnostics: &mut Diagnostics) -> Option<Settings> {
    // `title = "Duet"` is one title for both languages; `[title]` gives each its own.
    let plain = toml::from_str::<TitleProbe>(&file.text)
        .is_ok_and(|probe| matches!(probe.title, Some(toml::Value::String(_))));
    let raw: RawSite<RawText> = if plain {
        let raw: RawSite<String> = toml_input::parse(file, &file.text, 0, KEYS_HINT, diagnostics)?;
        let span = raw.title.span();
        let title = raw.title.into_inner().trim().to_string();
        RawSite {
            base_path: raw.base_path,
            title: Spanned::new(
                span,
                RawText {
                    zh: Some(title.clone()),
                    en: Some(title),
                },
            ),
            default_language: raw.default_language,
            nav: raw.nav,
            tags: raw.tags,
        }
    } else {
        toml_input::parse(file, &file.text, 0, KEYS_HINT, diagnostics)?
    };
    let errors_before = diagnostics.error_count();
    let default_lang = raw.default_language.and_then(|code| {
        let line = toml_input::line_of(file, 0, &code);
        let lang = Lang::from_code(code.get_ref());
        if lang.is_none() {
            diagnostics
                .error(
                    &file.path,
                    Some(line),
                    format!("default_language `{}` is neither Chinese nor English", visible(code.get_ref())),
                )
                .hint("write `default_language = \"zh\"` or `\"en\"` (regional forms such as zh-CN or en-US work too)");
        }
        lang
    });
    for tag in raw.tags.keys() {
        if tag
            .chars()
            .any(|character| character.is_control() || is_invisible(character))
        {
            diagnostics
                .error(
                    &file.path,
                    None,
                    format!(
                        "tag key `[tags.{}]` holds invisible or control characters",
                        visible(tag)
                    ),
                )
                .hint("retype the tag as it is written in the articles");
        }
    }
    let base_path = raw.base_path.as_deref().unwrap_or("/");
    if !is_url_path(base_path) {
        diagnostics
            .error(
                &file.path,
                key_line(&file.text, "base_path"),
                format!("base_path `{}` is not a path on this site", visible(base_path)),
            )
            .hint("write the folder the app is served from, such as \"/\" or \"/docs/duet/\" (letters, digits, - . _ ~ and /)");
    }
    let mut text = |value: Spanned<RawText>, what: &str| -> Bilingual<String> {
        let line = toml_input::line_of(file, 0, &value);
        let value = value.into_inner();
        // Text of nothing but white space and invisible characters reads as empty.
        let pick = |text: Option<String>| {
            text.filter(|text| {
                !text
                    .chars()
                    .all(|character| character.is_whitespace() || is_invisible(character))
            })
        };
        let bilingual = Bilingual {
            zh: pick(value.zh),
            en: pick(value.en),
        };
        // A bidi control reorders what follows it: a label "tag\u{202E}gnp.exe" shows
        // as "tagexe.png". Labels are short plain text and never need one.
        for text in [&bilingual.zh, &bilingual.en].into_iter().flatten() {
            if text.chars().any(is_bidi_control) {
                diagnostics
                    .error(
                        &file.path,
                        Some(line),
                        format!("{what} holds a bidi control character: `{}`", visible(text)),
                    )
                    .hint(
                        "retype the text without direction controls (U+202A–U+202E, U+2066–U+2069)",
                    );
            }
        }
        if bilingual.zh.is_none() && bilingual.en.is_none() {
            diagnostics
                .error(&file.path, Some(line), format!("{what} has no text"))
                .hint("give it `zh = \"…\"` and/or `en = \"…\"`");
        }
        bilingual
    };
    let title = text(raw.title, "[title]");
    let mut nav = Vec::with_capacity(raw.nav.len());
    // Reported once `text` is done with the diagnostics.
    let mut unsafe_nav = Vec::new();
    for link in raw.nav {
        let line = toml_input::line_of(file, 0, &link.href);
        let href = crate::links::with_scheme(&link.href.into_inner()).into_owned();
        if !duet_core::links::is_safe_href(&href) {
            unsafe_nav.push((line, href.clone()));
        }
        nav.push(NavLink {
            external: is_external(&href),
            label: text(link.label, &format!("the label of nav link {href}")),
            href,
        });
    }
    let tags = raw
        .tags
        .into_iter()
        .map(|(tag, label)| TagLabel {
            label: text(label, &format!("[tags.{tag}]")),
            tag,
        })
        .collect();
    for (line, href) in unsafe_nav {
        diagnostics
            .error(
                &file.path,
                Some(line),
                format!("nav link `{href}` is not allowed: only http(s):, mailto: and relative links are"),
            )
            .hint("link to a page with https://… or a path such as /about");
    }
    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(Settings {
        site: Site {
            title,
            base_path: normalise_base_path(raw.base_path.as_deref().unwrap_or("/")),
            nav,
            tags,
        },
        default_lang,
        trees: Vec::new(),
    })
}

/// Whether `base_path` is a plain path: the app builds every link and data URL on
/// it, so a scheme (`javascript:`), a host (`//evil.example`), `..` or markup must
/// never get in.
fn is_url_path(base_path: &str) -> bool {
    let path = base_path.trim();
    path.chars()
        .all(|character| character.is_ascii_alphanumeric() || "-._~/".contains(character))
        && !path.contains("//")
        && !path.split('/').any(|segment| segment == "..")
}

/// The line of the top-level `key = …` in `text`, if written on a line of its own.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| index + 1)
}

/// Direction controls: they reorder the text around them.
fn is_bidi_control(character: char) -> bool {
    matches!(character, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `duet` → `/duet/`: the app joins paths onto it without checking slashes.
pub fn normalise_base_path(base_path: &str) -> String {
    let inner = base_path.trim().trim_matches('/');
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{inner}/")
    }
}

/// True when `href` leaves the app: it has a scheme (`https:`, `mailto:`).
pub fn is_external(href: &str) -> bool {
    duet_core::links::is_external(href)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<Site>, Diagnostics) {
        let file = SourceFile::new(Path::new("site.toml"), text.to_string());
        let mut diagnostics = Diagnostics::default();
        let settings = parse(&file, &mut diagnostics);
        (settings.map(|settings| settings.site), diagnostics)
    }

    #[test]
    fn title_may_be_one_string_and_the_default_language_any_spelling() {
        let file = SourceFile::new(
            Path::new("site.toml"),
            "title = \"My notes\"\ndefault_language = \"zh-CN\"\n".to_string(),
        );
        let mut diagnostics = Diagnostics::default();
        let settings = parse(&file, &mut diagnostics).unwrap();
        assert_eq!(settings.site.title.zh.as_deref(), Some("My notes"));
        assert_eq!(settings.site.title.en.as_deref(), Some("My notes"));
        assert_eq!(settings.default_lang, Some(Lang::Zh));
        let (site, diagnostics) = run("title = \"D\"\ndefault_language = \"fr\"\n");
        assert!(site.is_none());
        assert_eq!(diagnostics.sorted()[0].line, Some(2));
        let (site, diagnostics) = run("title = \" \"\n");
        assert!(site.is_none());
        assert_eq!(diagnostics.sorted()[0].line, Some(1));
    }

    #[test]
    fn reads_the_example() {
        let (site, diagnostics) = run(EXAMPLE);
        assert_eq!(diagnostics.error_count(), 0);
        let site = site.unwrap();
        assert_eq!(site.title.en.as_deref(), Some("Duet"));
        assert_eq!(site.nav[0].href, "/");
        assert!(!site.nav[0].external);
        assert_eq!(site.tags[0].tag, "llm");
    }

    #[test]
    fn tags_are_sorted_and_external_links_marked() {
        let text = "[title]\nen = \"D\"\n[[nav]]\nhref = \"https://x.org\"\nlabel = { en = \"X\" }\n[[nav]]\nhref = \"//cdn.org/a\"\nlabel = { zh = \"甲\" }\n[tags.zeta]\nen = \"Z\"\n[tags.alpha]\nen = \"A\"\n";
        let site = run(text).0.unwrap();
        assert!(site.nav.iter().all(|nav| nav.external));
        assert_eq!(site.nav[1].href, "https://cdn.org/a");
        let tags: Vec<&str> = site.tags.iter().map(|tag| tag.tag.as_str()).collect();
        assert_eq!(tags, ["alpha", "zeta"]);
        assert_eq!(site.base_path, "/");
    }

    /// Guards a script link in the header: nav hrefs reached the app unchecked, and
    /// the app renders external nav links as they are.
    #[test]
    fn unsafe_nav_links_are_errors_at_their_line() {
        let text = "[title]\nen = \"D\"\n[[nav]]\nhref = \"/ok\"\nlabel = { en = \"A\" }\n[[nav]]\nhref = \" JaVa\\tScRiPt:alert(1)\"\nlabel = { en = \"B\" }\n";
        let (site, diagnostics) = run(text);
        assert!(site.is_none());
        let found = diagnostics.sorted()[0];
        assert_eq!(found.line, Some(7));
        assert!(
            found.message.contains("is not allowed"),
            "{}",
            found.message
        );
    }

    /// Guards issue 16 finding 9: a bidi override in a label rendered "tagexe.png",
    /// and `base_path = "javascript:…"` was accepted.
    #[test]
    fn bidi_labels_bad_tag_keys_and_base_paths_that_are_not_paths_are_errors() {
        for base_path in [
            "javascript:alert(1)",
            "//evil.example/",
            "/a/../b/",
            "/a b/",
            "/<x>/",
        ] {
            let text = format!("base_path = \"{base_path}\"\ntitle = \"D\"\n");
            let (site, diagnostics) = run(&text);
            assert!(site.is_none(), "{base_path}");
            let found = diagnostics.sorted()[0];
            assert_eq!(found.line, Some(1), "{base_path}");
            assert!(
                found.message.contains("is not a path on this site"),
                "{}",
                found.message
            );
        }
        let (site, diagnostics) = run("title = \"D\"\n[tags.ai]\nen = \"tag\u{202E}gnp.exe\"\n");
        assert!(site.is_none());
        assert!(diagnostics.sorted()[0].message.contains("bidi control"));
        let (site, _) = run("title = \"D\"\n[tags.\"a\u{200B}i\"]\nen = \"AI\"\n");
        assert!(site.is_none());
        // A title of zero-width characters is no title.
        let (site, diagnostics) = run("[title]\nen = \"\u{200B}\u{200B}\"\n");
        assert!(site.is_none());
        assert!(diagnostics.sorted()[0].message.contains("has no text"));
        assert!(run("base_path = \"/docs/duet-2.0/\"\ntitle = \"D\"\n")
            .0
            .is_some());
    }

    #[test]
    fn base_path_is_normalised() {
        assert_eq!(normalise_base_path("duet"), "/duet/");
        assert_eq!(normalise_base_path("/duet"), "/duet/");
        assert_eq!(normalise_base_path("/a/b/"), "/a/b/");
        assert_eq!(normalise_base_path(""), "/");
        assert_eq!(normalise_base_path("/"), "/");
    }

    #[test]
    fn unknown_keys_and_empty_labels_are_errors_with_lines() {
        let (site, diagnostics) = run("[title]\nen = \"D\"\nlogo = \"x.png\"\n");
        assert!(site.is_none());
        assert_eq!(diagnostics.sorted()[0].line, Some(3));
        let (site, diagnostics) = run("[title]\nen = \"D\"\n\n[tags.llm]\nen = \"\"\n");
        assert!(site.is_none());
        assert_eq!(diagnostics.sorted()[0].line, Some(4));
    }

    #[test]
    fn missing_file_shows_an_example() {
        let folder = tempfile::tempdir().unwrap();
        let mut diagnostics = Diagnostics::default();
        assert!(load(folder.path(), &mut diagnostics).unwrap().is_none());
        let found = diagnostics.sorted()[0];
        assert!(found.path.ends_with("site.toml"));
        assert!(found.hint.as_deref().unwrap().contains("[title]"));
    }
}
