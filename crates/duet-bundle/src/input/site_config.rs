//! The settings of a Zola or Hugo site root (`config.toml`, `zola.toml`, `hugo.toml`,
//! `config.yaml`, `hugo.yaml` beside `content/`): site title per language, default
//! language, and the language folders Hugo's `contentDir` names. Everything else in
//! those files is the other generator's business and is ignored.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use duet_core::{Bilingual, Lang, Site};
use serde_json::{Map, Value};

use crate::diagnostics::Diagnostics;
use crate::front_value;
use crate::site::Settings;
use crate::source::SourceFile;

/// Config file names, in the order Hugo and Zola look for them.
pub const CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "zola.toml",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
];

/// The config file of the site rooted at `root`, if it is one.
pub fn find(root: &Path) -> Option<PathBuf> {
    CONFIG_FILES
        .iter()
        .map(|name| root.join(name))
        .find(|path| path.is_file())
}

/// Reads the config at `path` of the site whose content folder is `content_dir`.
pub fn load(
    path: &Path,
    content_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<Settings>> {
    let Some(mut table) = read_table(path, diagnostics)? else {
        return Ok(None);
    };
    // Hugo's config folder (`config/_default/`, used alone or beside a root
    // `hugo.toml`) may keep the languages in files of their own: `languages.toml`
    // (every language) or `languages.<code>.toml` (one).
    let config_folder = match path.parent() {
        Some(folder) if folder.ends_with("config/_default") => Some(folder.to_path_buf()),
        Some(root) => Some(root.join("config/_default")).filter(|folder| folder.is_dir()),
        None => None,
    };
    if let Some(folder) = config_folder.as_deref() {
        let mut languages = table
            .remove("languages")
            .and_then(|languages| languages.as_object().cloned())
            .unwrap_or_default();
        for entry in
            std::fs::read_dir(folder).with_context(|| format!("listing {}", folder.display()))?
        {
            let path = entry
                .with_context(|| format!("listing {}", folder.display()))?
                .path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let is_config = ["toml", "yaml", "yml"]
                .iter()
                .any(|extension| name.ends_with(&format!(".{extension}")));
            let Some(rest) = name.strip_prefix("languages.").filter(|_| is_config) else {
                continue;
            };
            let Some(found) = read_table(&path, diagnostics)? else {
                continue;
            };
            match rest.split_once('.') {
                // `languages.zh-cn.toml`: one language's table.
                Some((code, _)) => {
                    languages.insert(code.to_string(), Value::Object(found));
                }
                // `languages.toml`: every language's.
                None => languages.extend(found),
            }
        }
        table.insert("languages".to_string(), Value::Object(languages));
    }
    let root = path
        .ancestors()
        .find(|folder| folder.join("content") == content_dir)
        .unwrap_or(Path::new(""));
    Ok(Some(read(&table, root, content_dir)))
}

/// The config file at `path` parsed (TOML, or YAML by its extension).
fn read_table(
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> anyhow::Result<Option<Map<String, Value>>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let Some(file) = SourceFile::decode(path, bytes, diagnostics) else {
        return Ok(None);
    };
    let is_yaml = path
        .extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml");
    Ok(if is_yaml {
        front_value::from_yaml(&file, &file.text, 1, diagnostics)
    } else {
        front_value::from_toml(&file, &file.text, 0, diagnostics)
    })
}

fn text<'a>(table: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    table
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// Settings out of a parsed config. Nothing here is an error: a config the other
/// generator accepts is taken as it is, and what is missing has a default.
fn read(table: &Map<String, Value>, root: &Path, content_dir: &Path) -> Settings {
    // Zola's `default_language`, Hugo's `defaultContentLanguage`; both default to en.
    let default_code = text(table, "default_language")
        .or_else(|| text(table, "defaultContentLanguage"))
        .unwrap_or("en");
    let default_lang = Lang::from_code(default_code);
    let site_title = text(table, "title");
    let mut title: Bilingual<String> = Bilingual::default();
    let mut trees = Vec::new();
    let empty = Map::new();
    let languages = table
        .get("languages")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (code, language) in languages {
        let Some(lang) = Lang::from_code(code) else {
            continue;
        };
        let language = language.as_object().unwrap_or(&empty);
        let language_title = text(language, "title").or_else(|| {
            language
                .get("params")
                .and_then(Value::as_object)
                .and_then(|params| text(params, "title"))
        });
        if let Some(language_title) = language_title {
            set(&mut title, lang, language_title);
        }
        // Hugo: `contentDir = "content/zh"`, relative to the site root.
        if let Some(folder) = text(language, "contentDir") {
            if let Ok(inside) = root.join(folder).strip_prefix(content_dir) {
                let inside = inside.to_string_lossy().replace('\\', "/");
                if !inside.is_empty() {
                    trees.push((inside, lang));
                }
            }
        }
    }
    if let Some(site_title) = site_title {
        for lang in Lang::ALL {
            if title.get(lang).is_none() {
                set(&mut title, lang, site_title);
            }
        }
    }
    if title.zh.is_none() && title.en.is_none() {
        let name = root.file_name().map_or_else(
            || "Duet".to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        title.en = Some(name);
    }
    Settings {
        site: Site {
            title,
            base_path: "/".to_string(),
            nav: Vec::new(),
            tags: Vec::new(),
        },
        default_lang,
        trees,
    }
}

fn set(title: &mut Bilingual<String>, lang: Lang, text: &str) {
    match lang {
        Lang::Zh => title.zh = Some(text.to_string()),
        Lang::En => title.en = Some(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(path: &str, text: &str) -> Settings {
        let folder = tempfile::tempdir().unwrap();
        let config = folder.path().join(path);
        std::fs::create_dir_all(config.parent().unwrap()).unwrap();
        std::fs::write(&config, text).unwrap();
        let mut diagnostics = Diagnostics::default();
        let found = find(folder.path()).unwrap();
        assert_eq!(found, config);
        load(&found, &folder.path().join("content"), &mut diagnostics)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn hugo_config_folder_with_a_languages_file_per_language() {
        let folder = tempfile::tempdir().unwrap();
        let config = folder.path().join("config/_default");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(
            config.join("hugo.toml"),
            "title = \"Notes\"\ndefaultContentLanguage = \"zh-cn\"\n",
        )
        .unwrap();
        std::fs::write(
            config.join("languages.zh-cn.toml"),
            "title = \"笔记\"\ncontentDir = \"content/zh\"\n",
        )
        .unwrap();
        std::fs::write(
            config.join("languages.en.toml"),
            "contentDir = \"content/en\"\n",
        )
        .unwrap();
        std::fs::write(config.join("menus.en.toml"), "[[main]]\nname = \"x\"\n").unwrap();
        let found = find(folder.path()).unwrap();
        let mut diagnostics = Diagnostics::default();
        let settings = load(&found, &folder.path().join("content"), &mut diagnostics)
            .unwrap()
            .unwrap();
        assert_eq!(settings.default_lang, Some(Lang::Zh));
        assert_eq!(settings.site.title.zh.as_deref(), Some("笔记"));
        assert_eq!(settings.site.title.en.as_deref(), Some("Notes"));
        assert_eq!(
            settings.trees,
            [("en".to_string(), Lang::En), ("zh".to_string(), Lang::Zh)]
        );
    }

    #[test]
    fn a_root_config_takes_languages_from_the_config_folder_too() {
        let folder = tempfile::tempdir().unwrap();
        let config = folder.path().join("config/_default");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(folder.path().join("hugo.toml"), "title = \"Notes\"\n").unwrap();
        std::fs::write(config.join("languages.toml"), "[zh]\ntitle = \"笔记\"\n").unwrap();
        let found = find(folder.path()).unwrap();
        let mut diagnostics = Diagnostics::default();
        let settings = load(&found, &folder.path().join("content"), &mut diagnostics)
            .unwrap()
            .unwrap();
        assert_eq!(settings.site.title.zh.as_deref(), Some("笔记"));
        assert_eq!(settings.site.title.en.as_deref(), Some("Notes"));
    }

    #[test]
    fn zola_config() {
        let settings = settings(
            "config.toml",
            "base_url = \"https://example.org\"\ntitle = \"Field notes\"\ndefault_language = \"zh\"\n[languages.en]\ntitle = \"Field notes (English)\"\n[extra]\nanything = 1\n",
        );
        assert_eq!(settings.default_lang, Some(Lang::Zh));
        assert_eq!(settings.site.title.zh.as_deref(), Some("Field notes"));
        assert_eq!(
            settings.site.title.en.as_deref(),
            Some("Field notes (English)")
        );
        assert!(settings.trees.is_empty());
    }

    #[test]
    fn hugo_yaml_config_with_language_folders() {
        let settings = settings(
            "hugo.yaml",
            "title: 田野笔记\ndefaultContentLanguage: zh-cn\nlanguages:\n  zh-cn:\n    contentDir: content/chinese\n  en:\n    contentDir: content/english\n    title: Field notes\n  fr:\n    contentDir: content/fr\n",
        );
        assert_eq!(settings.default_lang, Some(Lang::Zh));
        assert_eq!(settings.site.title.zh.as_deref(), Some("田野笔记"));
        assert_eq!(settings.site.title.en.as_deref(), Some("Field notes"));
        assert_eq!(
            settings.trees,
            [
                ("english".to_string(), Lang::En),
                ("chinese".to_string(), Lang::Zh)
            ]
        );
    }
}
