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

use crate::reader::bookmarks::{self, Bookmark};
use crate::reader::notes::{self, Note, MAX_NOTE_CHARS};
use crate::reader::position::{self, Position};
use crate::reader::stored_list::{self, StoredList};
use crate::reader::vocab::{self, SavedWord};

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
    pub words: Vec<SavedWord>,
    pub notes: Vec<Note>,
    pub bookmarks: Vec<Bookmark>,
    pub positions: Vec<Position>,
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
    /// The named field is missing or wrong (with what is wrong).
    BadField(String),
}

impl ReaderData {
    /// The export document, stamped `exported_at` (an ISO 8601 time). `unreadable`
    /// holds stored text that could not be read (by key), so it leaves with the rest.
    pub fn to_document(&self, exported_at: &str, unreadable: &BTreeMap<String, String>) -> Json {
        let mut document = json!({
            "app": APP,
            "kind": KIND,
            "version": VERSION,
            "exported_at": exported_at,
            "prefs": self.prefs,
            "vocab": part(vocab::LIST, &self.words),
            "notes": part(notes::LIST, &self.notes),
            "bookmarks": part(bookmarks::LIST, &self.bookmarks),
            "positions": part(position::LIST, &self.positions),
        });
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
            _ => return Err(bad("version", "a whole number from 1")),
        };
        let mut data = ReaderData {
            prefs: read_prefs(document.get("prefs"))?,
            words: read_words(document.get("vocab"))?,
            ..ReaderData::default()
        };
        // Version 1 (before notes, bookmarks and positions) is complete as it is.
        if version >= 2 {
            data.notes = read_part(&document, "notes", notes::LIST)?;
            data.bookmarks = read_part(&document, "bookmarks", bookmarks::LIST)?;
            data.positions = read_part(&document, "positions", position::LIST)?;
            check_parts(&data)?;
        }
        Ok(data)
    }

    /// How many known preferences this holds.
    pub fn pref_count(&self) -> usize {
        self.prefs.len()
    }
}

/// A list in its stored form, `{version, <field>: [...]}`.
fn part<T: serde::Serialize>(list: StoredList, items: &[T]) -> Json {
    list.document(items).unwrap_or(Json::Null)
}

/// The list stored under `name` (absent: none), in `list`'s layout.
fn read_part<T: serde::de::DeserializeOwned>(
    document: &Map<String, Json>,
    name: &str,
    list: StoredList,
) -> Result<Vec<T>, ImportError> {
    let part = match document.get(name) {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(part @ Json::Object(_)) => part,
        Some(_) => return Err(bad(name, "an object")),
    };
    match part.get("version").and_then(Json::as_u64) {
        Some(version) if version > u64::from(list.version) => {
            return Err(ImportError::Newer(version))
        }
        Some(1..) => {}
        _ => return Err(bad(&format!("{name}.version"), "a whole number from 1")),
    }
    stored_list::from_document(part, list.field, list.version)
        .map_err(|why| ImportError::BadField(format!("{name}: {why}")))
}

/// What serde cannot check: every entry names an article (and a paragraph), notes
/// are of a sensible length.
fn check_parts(data: &ReaderData) -> Result<(), ImportError> {
    for (index, note) in data.notes.iter().enumerate() {
        if note.slug.is_empty() || note.pair.is_empty() {
            return Err(bad(
                &format!("notes.notes[{index}]"),
                "an article and a paragraph",
            ));
        }
        if note.text.chars().count() > MAX_NOTE_CHARS {
            return Err(bad(
                &format!("notes.notes[{index}].text"),
                &format!("at most {MAX_NOTE_CHARS} characters"),
            ));
        }
    }
    let slugs = data
        .bookmarks
        .iter()
        .map(|bookmark| ("bookmarks", bookmark.slug.as_str()))
        .chain(
            data.positions
                .iter()
                .map(|position| ("positions", position.slug.as_str())),
        );
    for (name, slug) in slugs {
        if slug.is_empty() {
            return Err(bad(name, "an article in every entry"));
        }
    }
    Ok(())
}

fn bad(field: &str, expected: &str) -> ImportError {
    ImportError::BadField(format!("{field} (expected {expected})"))
}

/// The known preferences of `prefs` (absent: none). Unknown keys are skipped, so an
/// export from a later version with more settings still imports what this one knows.
fn read_prefs(prefs: Option<&Json>) -> Result<BTreeMap<String, String>, ImportError> {
    let prefs = match prefs {
        None | Some(Json::Null) => return Ok(BTreeMap::new()),
        Some(Json::Object(prefs)) => prefs,
        Some(_) => return Err(bad("prefs", "an object")),
    };
    let mut known = BTreeMap::new();
    for key in PREF_KEYS {
        match prefs.get(key) {
            None | Some(Json::Null) => {}
            Some(Json::String(value)) if value.len() <= MAX_PREF_LEN => {
                known.insert(key.to_string(), value.clone());
            }
            Some(_) => return Err(bad(&format!("prefs.{key}"), "a short text")),
        }
    }
    Ok(known)
}

/// The saved words of `vocab` (absent: none), each checked as the app stores them.
fn read_words(vocab: Option<&Json>) -> Result<Vec<SavedWord>, ImportError> {
    let vocab: &Map<String, Json> = match vocab {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Object(vocab)) => vocab,
        Some(_) => return Err(bad("vocab", "an object")),
    };
    match vocab.get("version").and_then(Json::as_u64) {
        Some(version) if version > u64::from(vocab::LIST.version) => {
            return Err(ImportError::Newer(version))
        }
        Some(1..) => {}
        _ => return Err(bad("vocab.version", "a whole number from 1")),
    }
    let Some(Json::Array(words)) = vocab.get("words") else {
        return Err(bad("vocab.words", "a list"));
    };
    words
        .iter()
        .enumerate()
        .map(|(index, word)| {
            serde_json::from_value::<SavedWord>(word.clone())
                .map_err(|error| ImportError::BadField(format!("vocab.words[{index}]: {error}")))
                .and_then(|word| {
                    if word.word.trim().is_empty() {
                        Err(bad(&format!("vocab.words[{index}].word"), "a word"))
                    } else {
                        Ok(word)
                    }
                })
        })
        .collect()
}

/// The export's file name for a date: `duet-data-2025-03-09.json`.
pub fn file_name(year: i32, month: u32, day: u32) -> String {
    format!("duet-data-{year:04}-{month:02}-{day:02}.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::vocab::merge_words;

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
        assert_eq!(data.words.len(), 1);
        assert_eq!(data.words[0].word, "学习");
        assert!(data.notes.is_empty() && data.bookmarks.is_empty() && data.positions.is_empty());
    }

    #[test]
    fn bad_notes_bookmarks_and_positions_are_named() {
        let field = |parts: &str| match ReaderData::from_document(&format!(
            r#"{{"app":"duet","kind":"reader-data","version":2,{parts}}}"#
        )) {
            Err(ImportError::BadField(field)) => field,
            other => panic!("{parts}: {other:?}"),
        };
        assert!(field(r#""notes":[]"#).starts_with("notes "));
        assert!(field(r#""notes":{"version":1,"notes":[{"slug":"a"}]}"#).starts_with("notes: "));
        assert!(field(
            r#""notes":{"version":1,"notes":[{"slug":"","pair":"p1","text":"x","created_at":1,"updated_at":1}]}"#
        )
        .starts_with("notes.notes[0]"));
        assert!(
            field(r#""bookmarks":{"version":1,"bookmarks":[{"slug":"","at":1}]}"#)
                .starts_with("bookmarks")
        );
        assert!(field(r#""positions":{"version":1}"#).starts_with("positions: "));
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
            Err(ImportError::BadField(field)) if field.starts_with("version")
        ));
    }

    #[test]
    fn bad_fields_are_named() {
        let field = |text: &str| match ReaderData::from_document(text) {
            Err(ImportError::BadField(field)) => field,
            other => panic!("{text}: {other:?}"),
        };
        let head = r#""app":"duet","kind":"reader-data","version":1"#;
        assert!(field(&format!(r#"{{{head},"prefs":[]}}"#)).starts_with("prefs "));
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
        assert!(data.words.is_empty());
    }

    #[test]
    fn merging_keeps_one_entry_per_word_the_newer_save_winning() {
        let stored = vec![word("你好", 5.0), word("学习", 1.0)];
        let imported = vec![word("你好", 3.0), word("学习", 4.0), word("中文", 2.0)];
        let (words, added) = merge_words(stored, imported);
        let summary: Vec<(&str, f64)> = words
            .iter()
            .map(|word| (word.word.as_str(), word.saved_at))
            .collect();
        assert_eq!(summary, [("你好", 5.0), ("学习", 4.0), ("中文", 2.0)]);
        assert_eq!(added, 1);
    }

    #[test]
    fn file_names_carry_the_date() {
        assert_eq!(file_name(2025, 3, 9), "duet-data-2025-03-09.json");
    }
}
