//! Everything the reader owns (preferences, saved words, notes, bookmarks and
//! reading positions) as one export document, and the checks an imported one must
//! pass. Pure: the storage side is in `panel.rs`.
//!
//! The document (version 2): `{app: "duet", kind: "reader-data", version: 2,
//! exported_at, prefs: {key: value}, vocab: {version: 1, words: [...]},
//! notes: {version: 1, notes: [...]}, bookmarks: {version: 1, bookmarks: [...]},
//! positions: {version: 1, positions: [...]}}`, plus `unreadable` (stored text that
//! could not be read, by key, kept so exporting never loses it). Each list is in
//! the form its storage key holds. Version 1 had only `prefs` and `vocab`; it is
//! read as a version 2 document without notes, bookmarks or positions.

pub mod panel;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use crate::i18n::UiText;
use crate::reader::lists::{EachList, ReaderLists};
use crate::reader::stored_list::{Entry, Expected, StoredList};

/// What identifies a Duet export.
pub const APP: &str = "duet";
pub const KIND: &str = "reader-data";
/// The document layout this version writes and reads (and every older one).
pub const VERSION: u64 = 2;

/// The preferences exported, by their `localStorage` key under `duet.`.
pub use crate::reader::prefs::KEYS as PREF_KEYS;

/// Longest preference value accepted on import; every real one is a few letters.
const MAX_PREF_LEN: usize = 64;

/// The reader's data, as exported or as read from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderData {
    /// Preference key (without the `duet.` prefix) → stored value.
    pub prefs: BTreeMap<String, String>,
    pub lists: ReaderLists,
}

/// Why a file cannot be imported. The interface turns each into a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// Not JSON at all (the parser's message).
    NotJson(String),
    /// JSON, but not something Duet exported.
    NotDuet,
    /// Written by a newer Duet, in this document version.
    Newer(u64),
    /// The named field is missing or wrong.
    BadField { field: String, expected: Expected },
}

impl ImportError {
    /// A sentence for the reader saying why a file cannot be imported.
    pub fn describe(&self, text: &UiText) -> String {
        match self {
            ImportError::NotJson(detail) => format!("{} ({detail})", text.data_not_json),
            ImportError::NotDuet => text.data_not_duet.to_string(),
            ImportError::Newer(version) => {
                text.data_newer.replace("{version}", &version.to_string())
            }
            ImportError::BadField { field, expected } => text
                .data_bad_field
                .replace("{field}", field)
                .replace("{expected}", &expected.describe(text)),
        }
    }
}

impl ReaderData {
    /// The export document, stamped `exported_at` (an ISO 8601 time). `unreadable`
    /// holds stored text that could not be read (by key), so it leaves with the rest.
    pub fn to_document(&self, exported_at: &str, unreadable: &BTreeMap<String, String>) -> Json {
        /// Each list in its stored form, under its key.
        struct Write(Map<String, Json>);
        impl EachList for Write {
            fn list<T: Entry>(&mut self, list: StoredList<T>, items: &mut Vec<T>) {
                self.0.insert(list.key.into(), list.document(items));
            }
        }
        let mut document = json!({
            "app": APP,
            "kind": KIND,
            "version": VERSION,
            "exported_at": exported_at,
            "prefs": self.prefs,
        });
        let mut parts = Write(Map::new());
        self.lists.clone().each(&mut parts);
        if let Json::Object(document) = &mut document {
            document.extend(parts.0);
        }
        if !unreadable.is_empty() {
            document["unreadable"] = json!(unreadable);
        }
        document
    }

    /// Reads and checks an export document.
    pub fn from_document(text: &str) -> Result<ReaderData, ImportError> {
        let document: Json = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|error| ImportError::NotJson(error.to_string()))?;
        let Json::Object(document) = document else {
            return Err(ImportError::NotDuet);
        };
        if document.get("app") != Some(&json!(APP)) || document.get("kind") != Some(&json!(KIND)) {
            return Err(ImportError::NotDuet);
        }
        let version = match document.get("version").and_then(Json::as_u64) {
            Some(version) if version > VERSION => return Err(ImportError::Newer(version)),
            Some(version @ 1..) => version,
            _ => return Err(bad("version", Expected::Version)),
        };
        /// Each list the document's version carries, checked; the first problem.
        struct Read<'a> {
            document: &'a Map<String, Json>,
            version: u64,
            error: Option<ImportError>,
        }
        impl EachList for Read<'_> {
            fn list<T: Entry>(&mut self, list: StoredList<T>, items: &mut Vec<T>) {
                // A list newer than the document (notes in a version 1 file) is
                // simply not there: the document is complete without it.
                if self.error.is_some() || self.version < list.exported_since {
                    return;
                }
                match read_part(self.document, list) {
                    Ok(read) => *items = read,
                    Err(error) => self.error = Some(error),
                }
            }
        }
        let mut data = ReaderData {
            prefs: read_prefs(document.get("prefs"))?,
            lists: ReaderLists::default(),
        };
        let mut read = Read {
            document: &document,
            version,
            error: None,
        };
        data.lists.each(&mut read);
        match read.error {
            Some(error) => Err(error),
            None => Ok(data),
        }
    }

    /// How many known preferences this holds.
    pub fn pref_count(&self) -> usize {
        self.prefs.len()
    }

    /// `template` with the counts of every list and of the preferences filled in.
    pub fn fill_counts(&self, template: &str) -> String {
        self.lists
            .fill_counts(template)
            .replace("{prefs}", &self.pref_count().to_string())
    }
}

/// The list stored under its key in `document` (absent: none), in `list`'s layout,
/// every entry checked as the app stores them.
fn read_part<T: Entry>(
    document: &Map<String, Json>,
    list: StoredList<T>,
) -> Result<Vec<T>, ImportError> {
    let name = list.key;
    let part = match document.get(name) {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(part @ Json::Object(_)) => part,
        Some(_) => return Err(bad(name, Expected::Object)),
    };
    match part.get("version").and_then(Json::as_u64) {
        Some(version) if version > u64::from(list.version) => {
            return Err(ImportError::Newer(version))
        }
        Some(1..) => {}
        _ => return Err(bad(&format!("{name}.version"), Expected::Version)),
    }
    let field = format!("{name}.{}", list.field);
    let Some(Json::Array(items)) = part.get(list.field) else {
        return Err(bad(&field, Expected::List));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let entry: T = T::from_value(item).map_err(|error| {
                bad(
                    &format!("{field}[{index}]"),
                    Expected::Valid(error.to_string()),
                )
            })?;
            entry
                .check()
                .map_err(|(inner, expected)| bad(&format!("{field}[{index}]{inner}"), expected))?;
            Ok(entry)
        })
        .collect()
}

fn bad(field: &str, expected: Expected) -> ImportError {
    ImportError::BadField {
        field: field.to_string(),
        expected,
    }
}

/// The known preferences of `prefs` (absent: none). Unknown keys are skipped, so an
/// export from a later version with more settings still imports what this one knows.
fn read_prefs(prefs: Option<&Json>) -> Result<BTreeMap<String, String>, ImportError> {
    let prefs = match prefs {
        None | Some(Json::Null) => return Ok(BTreeMap::new()),
        Some(Json::Object(prefs)) => prefs,
        Some(_) => return Err(bad("prefs", Expected::Object)),
    };
    let mut known = BTreeMap::new();
    for key in PREF_KEYS {
        match prefs.get(key) {
            None | Some(Json::Null) => {}
            Some(Json::String(value)) if value.len() <= MAX_PREF_LEN => {
                known.insert(key.to_string(), value.clone());
            }
            Some(_) => return Err(bad(&format!("prefs.{key}"), Expected::ShortText)),
        }
    }
    Ok(known)
}

/// The export's file name for a date: `duet-data-2025-03-09.json`.
pub fn file_name(year: i32, month: u32, day: u32) -> String {
    format!("duet-data-{year:04}-{month:02}-{day:02}.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::bookmarks::Bookmark;
    use crate::reader::notes::Note;
    use crate::reader::position::Position;
    use crate::reader::stored_list::merge;
    use crate::reader::vocab::SavedWord;

    fn word(text: &str, saved_at: f64) -> SavedWord {
        SavedWord {
            word: text.to_string(),
            pinyin: "nǐ hǎo".to_string(),
            glosses: vec!["hello".to_string()],
            hsk: Some(1),
            sentence: "你好。".to_string(),
            translation: "Hello.".to_string(),
            slug: "greetings".to_string(),
            saved_at,
        }
    }

    fn sample() -> ReaderData {
        ReaderData {
            prefs: [("theme", "dark"), ("pinyin", "on")]
                .into_iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect(),
            lists: ReaderLists {
                words: vec![word("你好", 1.0), word("学习", 2.0)],
                notes: vec![Note {
                    slug: "greetings".into(),
                    pair: "p3".into(),
                    text: "Ask about <b>this</b> & that".into(),
                    snippet: "你好。".into(),
                    created_at: 1.0,
                    updated_at: 2.0,
                }],
                bookmarks: vec![Bookmark {
                    slug: "greetings".into(),
                    at: 3.0,
                }],
                positions: vec![Position {
                    slug: "greetings".into(),
                    pair: "p4".into(),
                    at: 4.0,
                }],
            },
        }
    }

    #[test]
    fn an_export_reads_back_as_it_was() {
        let document = sample().to_document("2025-03-09T10:00:00.000Z", &BTreeMap::new());
        assert_eq!(document["app"], "duet");
        assert_eq!(document["kind"], "reader-data");
        assert_eq!(document["version"], 2);
        assert_eq!(document["vocab"]["version"], 1);
        assert_eq!(document["notes"]["notes"][0]["pair"], "p3");
        assert_eq!(document["bookmarks"]["version"], 1);
        assert_eq!(document["positions"]["positions"][0]["pair"], "p4");
        assert!(document.get("unreadable").is_none());
        assert_eq!(
            ReaderData::from_document(&document.to_string()),
            Ok(sample())
        );
    }

    /// Guards the migration: a file exported by the release before notes existed
    /// (document version 1, written by that release's code) still imports.
    #[test]
    fn an_export_from_version_1_still_imports() {
        let data = ReaderData::from_document(include_str!("testdata/reader-data-v1.json"))
            .expect("a version 1 export imports");
        assert_eq!(data.prefs.get("theme").map(String::as_str), Some("dark"));
        assert_eq!(data.pref_count(), 3);
        let lists = &data.lists;
        assert_eq!(lists.words.len(), 1);
        assert_eq!(lists.words[0].word, "学习");
        assert!(lists.notes.is_empty() && lists.bookmarks.is_empty() && lists.positions.is_empty());
    }

    #[test]
    fn bad_notes_bookmarks_and_positions_are_named() {
        let field = |parts: &str| match ReaderData::from_document(&format!(
            r#"{{"app":"duet","kind":"reader-data","version":2,{parts}}}"#
        )) {
            Err(ImportError::BadField { field, .. }) => field,
            other => panic!("{parts}: {other:?}"),
        };
        assert_eq!(field(r#""notes":[]"#), "notes");
        assert!(
            field(r#""notes":{"version":1,"notes":[{"slug":"a"}]}"#).starts_with("notes.notes[0]")
        );
        assert!(field(
            r#""notes":{"version":1,"notes":[{"slug":"","pair":"p1","text":"x","created_at":1,"updated_at":1}]}"#
        )
        .starts_with("notes.notes[0]"));
        assert!(
            field(r#""bookmarks":{"version":1,"bookmarks":[{"slug":"","at":1}]}"#)
                .starts_with("bookmarks")
        );
        assert_eq!(field(r#""positions":{"version":1}"#), "positions.positions");
        assert_eq!(
            ReaderData::from_document(
                r#"{"app":"duet","kind":"reader-data","version":2,"notes":{"version":4,"notes":[]}}"#
            ),
            Err(ImportError::Newer(4))
        );
    }

    #[test]
    fn unreadable_stored_text_leaves_with_the_export() {
        let unreadable = BTreeMap::from([("vocab".to_string(), "{broken".to_string())]);
        let document = ReaderData::default().to_document("t", &unreadable);
        assert_eq!(document["unreadable"]["vocab"], "{broken");
    }

    #[test]
    fn files_that_are_not_duet_exports_say_why() {
        assert!(matches!(
            ReaderData::from_document("not json"),
            Err(ImportError::NotJson(_))
        ));
        for other in [
            "[]",
            "{}",
            r#"{"app":"other","kind":"reader-data","version":1}"#,
            r#"{"app":"duet","kind":"settings","version":1}"#,
        ] {
            assert_eq!(
                ReaderData::from_document(other),
                Err(ImportError::NotDuet),
                "{other}"
            );
        }
        assert_eq!(
            ReaderData::from_document(r#"{"app":"duet","kind":"reader-data","version":7}"#),
            Err(ImportError::Newer(7))
        );
        assert!(matches!(
            ReaderData::from_document(r#"{"app":"duet","kind":"reader-data","version":"1"}"#),
            Err(ImportError::BadField { field, .. }) if field.starts_with("version")
        ));
    }

    #[test]
    fn bad_fields_are_named() {
        let field = |text: &str| match ReaderData::from_document(text) {
            Err(ImportError::BadField { field, .. }) => field,
            other => panic!("{text}: {other:?}"),
        };
        let head = r#""app":"duet","kind":"reader-data","version":1"#;
        assert_eq!(field(&format!(r#"{{{head},"prefs":[]}}"#)), "prefs");
        assert!(field(&format!(r#"{{{head},"prefs":{{"theme":3}}}}"#)).starts_with("prefs.theme"));
        assert!(field(&format!(r#"{{{head},"vocab":{{"version":1}}}}"#)).starts_with("vocab.words"));
        assert!(field(&format!(
            r#"{{{head},"vocab":{{"version":1,"words":[{{"word":"好"}}]}}}}"#
        ))
        .starts_with("vocab.words[0]"));
    }

    #[test]
    fn unknown_prefs_are_skipped_and_missing_parts_are_empty() {
        let data = ReaderData::from_document(
            r#"{"app":"duet","kind":"reader-data","version":2,"prefs":{"theme":"light","later":"x"}}"#,
        )
        .expect("valid");
        assert_eq!(data.prefs.len(), 1);
        assert!(data.lists.words.is_empty());
    }

    #[test]
    fn merging_keeps_one_entry_per_word_the_newer_save_winning() {
        let stored = vec![word("你好", 5.0), word("学习", 1.0)];
        let imported = vec![word("你好", 3.0), word("学习", 4.0), word("中文", 2.0)];
        let (words, added) = merge(stored, imported);
        let summary: Vec<(&str, f64)> = words
            .iter()
            .map(|word| (word.word.as_str(), word.saved_at))
            .collect();
        assert_eq!(summary, [("你好", 5.0), ("学习", 4.0), ("中文", 2.0)]);
        assert_eq!(added, 1);
    }

    /// Guards issue 15 item 5: what the field should hold was English in a Chinese
    /// interface.
    #[test]
    fn import_errors_are_told_in_the_readers_language() {
        let error = ImportError::BadField {
            field: "notes.notes[0].text".into(),
            expected: Expected::AtMostChars(4000),
        };
        let zh = error.describe(crate::i18n::ui_text(duet_core::Lang::Zh));
        let en = error.describe(crate::i18n::ui_text(duet_core::Lang::En));
        assert_eq!(
            zh,
            "文件中有一项无法读取：notes.notes[0].text（应为最多 4000 个字符）"
        );
        assert_eq!(
            en,
            "A field in the file cannot be read: notes.notes[0].text (expected at most 4000 characters)"
        );
    }

    #[test]
    fn file_names_carry_the_date() {
        assert_eq!(file_name(2025, 3, 9), "duet-data-2025-03-09.json");
    }
}
