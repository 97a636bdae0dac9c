//! Tags: written as any text in front matter (`AI`, `OpenAI`, `第4章`), shown as
//! written in each language, and keyed in the bundle and in URLs (`/?tag=…`) by a
//! derived slug. site.toml labels, keyed by slug or by the tag as written, override
//! the display per language.
//!
//! The slug is the tag lowercased, with every run of characters other than letters
//! and digits turned into one hyphen: `OpenAI` → `openai`, `Rust 1.85` → `rust-1-85`.
//! Letters and digits of other scripts are kept as they are (`第4章` → `第4章`): a
//! readable key that the app percent-encodes in links, rather than a transliteration
//! that would need a dictionary and could merge different tags. A tag with no letter
//! or digit at all (`++`) gets `tag-` and the hex of its UTF-8 bytes.

use std::collections::BTreeMap;

use duet_core::{Bilingual, Lang, TagLabel};

use crate::diagnostics::is_invisible;

/// The bundle key of the tag written as `text`.
pub fn tag_slug(text: &str) -> String {
    let mut slug = String::new();
    let mut gap = false;
    for character in text.chars().filter(|character| !is_invisible(*character)) {
        if character.is_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.extend(character.to_lowercase());
        } else {
            gap = true;
        }
    }
    if slug.is_empty() {
        let hex: String = text.bytes().map(|byte| format!("{byte:02x}")).collect();
        return format!("tag-{hex}");
    }
    slug
}

/// How the tags of a site were written, by slug: the first spelling seen in each
/// language.
#[derive(Debug, Default)]
pub struct Spellings {
    by_slug: BTreeMap<String, Bilingual<String>>,
}

impl Spellings {
    /// Records the tags one `lang` file wrote.
    pub fn add(&mut self, lang: Lang, tags: &[String]) {
        for tag in tags {
            let spelled = self.by_slug.entry(tag_slug(tag)).or_default();
            let slot = match lang {
                Lang::Zh => &mut spelled.zh,
                Lang::En => &mut spelled.en,
            };
            slot.get_or_insert_with(|| tag.clone());
        }
    }

    /// site.toml's labels (re-keyed by slug) completed with the spellings: a
    /// language site.toml does not name shows the tag as written in that language
    /// (or the other one). Tags whose every spelling is their slug need no label
    /// (the app shows the key), so none is added for them; sorted by slug.
    pub fn labels(self, site_labels: Vec<TagLabel>) -> Vec<TagLabel> {
        let mut labels: BTreeMap<String, Bilingual<String>> = BTreeMap::new();
        for label in site_labels {
            labels.insert(tag_slug(&label.tag), label.label);
        }
        for (slug, spelled) in self.by_slug {
            let is_plain = [&spelled.zh, &spelled.en]
                .into_iter()
                .flatten()
                .all(|text| *text == slug);
            let label = labels.entry(slug).or_default();
            if is_plain && label.zh.is_none() && label.en.is_none() {
                continue;
            }
            if label.zh.is_none() {
                label.zh = spelled.zh.clone().or_else(|| spelled.en.clone());
            }
            if label.en.is_none() {
                label.en = spelled.en.or(spelled.zh);
            }
        }
        labels
            .into_iter()
            .filter(|(_, label)| label.zh.is_some() || label.en.is_some())
            .map(|(tag, label)| TagLabel { tag, label })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_of_any_text() {
        assert_eq!(tag_slug("OpenAI"), "openai");
        assert_eq!(tag_slug("AI"), "ai");
        assert_eq!(tag_slug("Rust 1.85"), "rust-1-85");
        assert_eq!(tag_slug("第4章"), "第4章");
        assert_eq!(tag_slug("  机器 学习 "), "机器-学习");
        assert_eq!(tag_slug("a\u{200B}b"), "ab");
        assert_eq!(tag_slug("++"), "tag-2b2b");
        assert_eq!(tag_slug("code-review"), "code-review");
    }

    #[test]
    fn labels_show_each_language_as_written_unless_site_toml_says_otherwise() {
        let mut spellings = Spellings::default();
        spellings.add(Lang::Zh, &["AI".into(), "第4章".into(), "policy".into()]);
        spellings.add(Lang::En, &["ai".into(), "Agents".into(), "policy".into()]);
        let site = vec![TagLabel {
            tag: "Agents".into(),
            label: Bilingual {
                zh: Some("智能体".into()),
                en: None,
            },
        }];
        let labels = spellings.labels(site);
        let shown: Vec<(&str, Option<&str>, Option<&str>)> = labels
            .iter()
            .map(|label| {
                (
                    label.tag.as_str(),
                    label.label.zh.as_deref(),
                    label.label.en.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("agents", Some("智能体"), Some("Agents")),
                ("ai", Some("AI"), Some("ai")),
            ],
            "`policy` and `第4章` are shown as their keys and need no label"
        );
    }
}
