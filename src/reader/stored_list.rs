//! A list the reader owns, kept under one `localStorage` key as
//! `{"version": N, "<field>": [...]}` (saved words, notes, bookmarks, reading
//! positions). Stored text this release cannot read is copied aside to
//! `duet.<key>.unreadable` before anything is written, and reported, so it is never
//! lost by being overwritten. Write failures (quota, private mode) are returned.
//! Every problem is a value the interface describes in the reader's language.

use std::marker::PhantomData;

use duet_core::decode::from_value::FromValue;
use duet_core::Lang;
use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::browser::{self, StorageError};
use crate::i18n::{ui_text, UiText};

/// One entry of a kept list: what merging and importing need to know about it.
pub trait Entry: Serialize + FromValue + Clone {
    /// What makes two entries the same one (a word, an article, a pair of one).
    type Key: PartialEq;
    fn key(&self) -> Self::Key;
    /// When it was last changed (milliseconds since the Unix epoch); the later
    /// entry wins a merge.
    fn time(&self) -> f64;
    /// What serde cannot check about an imported entry: the field at fault
    /// (`""` for the entry itself, else `.name`) and what it should hold.
    fn check(&self) -> Result<(), (&'static str, Expected)> {
        Ok(())
    }
}

/// An entry kept once per article (a bookmark, a reading position): the later one
/// wins, and an imported one must name its article.
pub trait PerArticle: Serialize + FromValue + Clone {
    fn slug(&self) -> &str;
    /// When it was made (milliseconds since the Unix epoch).
    fn at(&self) -> f64;
}

impl<T: PerArticle> Entry for T {
    type Key = String;
    fn key(&self) -> String {
        self.slug().to_string()
    }
    fn time(&self) -> f64 {
        self.at()
    }
    fn check(&self) -> Result<(), (&'static str, Expected)> {
        if self.slug().is_empty() {
            return Err((".slug", Expected::Article));
        }
        Ok(())
    }
}

/// Where and how one list of `T` is stored. The lists themselves are named once,
/// in `reader/lists.rs`.
pub struct StoredList<T> {
    /// The list's placeholder in count templates (`{words}`).
    pub name: &'static str,
    /// The key under `duet.`, e.g. `notes`; also the list's part in an export.
    pub key: &'static str,
    /// The field holding the list, e.g. `notes`.
    pub field: &'static str,
    /// The layout version this release reads and writes.
    pub version: u32,
    /// The export document version that first carried the list.
    pub exported_since: u64,
    /// What the list is called in messages (`saved words`), in either language.
    pub label: fn(&UiText) -> &'static str,
    item: PhantomData<fn() -> T>,
}

// By hand: derived, these would ask `T: Copy` of the entries.
impl<T> Clone for StoredList<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for StoredList<T> {}

/// Why stored or imported text is not a readable list.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadProblem {
    /// Not JSON (the parser's message).
    NotJson(String),
    /// In another layout than the one this release reads.
    Layout {
        found: u64,
        reads: u32,
    },
    NoVersion,
    NoList,
    /// The entry at `index` is not an entry (serde's message).
    BadEntry {
        index: usize,
        detail: String,
    },
}

/// What a field of an imported file should have held.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Object,
    Version,
    List,
    ShortText,
    Word,
    ArticleAndParagraph,
    Article,
    AtMostChars(usize),
    /// A valid entry; serde's message says what is wrong.
    Valid(String),
}

impl Expected {
    /// The expectation in the reader's language.
    pub fn describe(&self, text: &UiText) -> String {
        match self {
            Expected::Object => text.expected_object.to_string(),
            Expected::Version => text.expected_version.to_string(),
            Expected::List => text.expected_list.to_string(),
            Expected::ShortText => text.expected_short_text.to_string(),
            Expected::Word => text.expected_word.to_string(),
            Expected::ArticleAndParagraph => text.expected_article_and_paragraph.to_string(),
            Expected::Article => text.expected_article.to_string(),
            Expected::AtMostChars(most) => text.expected_at_most.replace("{n}", &most.to_string()),
            Expected::Valid(detail) => text.expected_valid.replace("{detail}", detail),
        }
    }
}

/// Why a stored list could not be read, and where its text went.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub label: fn(&UiText) -> &'static str,
    pub problem: ReadProblem,
    /// The key (under `duet.`) the text was copied to, or why that failed.
    pub aside: Result<String, StorageError>,
}

impl Unreadable {
    /// True when the unreadable data is safe elsewhere, so the key may be written.
    pub fn kept_aside(&self) -> bool {
        self.aside.is_ok()
    }

    /// What to tell the reader, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let text = ui_text(lang);
        let list = (self.label)(text);
        let why = match &self.problem {
            ReadProblem::NotJson(detail) => text.list_not_json.replace("{detail}", detail),
            ReadProblem::Layout { found, reads } => text
                .list_layout
                .replace("{found}", &found.to_string())
                .replace("{reads}", &reads.to_string()),
            ReadProblem::NoVersion => text.list_no_version.to_string(),
            ReadProblem::NoList => text.list_missing.to_string(),
            ReadProblem::BadEntry { index, detail } => text
                .list_bad_entry
                .replace("{number}", &(index + 1).to_string())
                .replace("{detail}", detail),
        };
        let aside = match &self.aside {
            Ok(key) => text.list_kept_aside.replace("{key}", key),
            Err(error) => text
                .list_aside_failed
                .replace("{error}", &error.describe(lang)),
        };
        format!("{}; {aside}", why.replace("{list}", list))
    }
}

/// Why a list could not be changed.
#[derive(Debug, Clone)]
pub enum ListError {
    /// The stored list is unreadable and could not be set aside: left untouched.
    Unreadable(Unreadable),
    /// Storage refused the write.
    Storage(StorageError),
}

impl ListError {
    /// What to tell the reader, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            ListError::Unreadable(unreadable) => unreadable.describe(lang),
            ListError::Storage(error) => error.describe(lang),
        }
    }
}

impl From<StorageError> for ListError {
    fn from(error: StorageError) -> Self {
        ListError::Storage(error)
    }
}

impl<T> StoredList<T> {
    /// A list kept under `duet.<key>` as `{version, <field>: [...]}`.
    pub const fn new(
        name: &'static str,
        key: &'static str,
        field: &'static str,
        version: u32,
        exported_since: u64,
        label: fn(&UiText) -> &'static str,
    ) -> Self {
        StoredList {
            name,
            key,
            field,
            version,
            exported_since,
            label,
            item: PhantomData,
        }
    }

    /// The key the unreadable text is copied to, under `duet.`.
    pub fn aside_key(self) -> String {
        format!("{}.unreadable", self.key)
    }

    /// The stored text, if any (for exporting data that cannot be read).
    pub fn raw(self) -> Option<String> {
        browser::storage_get(self.key)
    }
}

impl<T: Entry> StoredList<T> {
    /// The stored list; empty when none. Unreadable data is copied aside and
    /// reported.
    pub fn load(self) -> Result<Vec<T>, Unreadable> {
        let Some(text) = self.raw() else {
            return Ok(Vec::new());
        };
        let problem = match parse(&text, self.field, self.version) {
            Ok(items) => return Ok(items),
            Err(problem) => problem,
        };
        let aside = aside_slot(&self.aside_key(), &text, browser::storage_get);
        let aside = browser::storage_set(&aside, &text).map(|()| aside);
        Err(Unreadable {
            label: self.label,
            problem,
            aside,
        })
    }

    /// The list to change: what is stored, or a new list when the stored data was
    /// unreadable but is safe aside.
    pub fn writable(self) -> Result<Vec<T>, ListError> {
        match self.load() {
            Ok(items) => Ok(items),
            Err(unreadable) if unreadable.kept_aside() => Ok(Vec::new()),
            Err(unreadable) => Err(ListError::Unreadable(unreadable)),
        }
    }

    /// Replaces the stored list with `items`.
    pub fn store(self, items: &[T]) -> Result<(), ListError> {
        Ok(browser::storage_set(
            self.key,
            &self.document(items).to_string(),
        )?)
    }

    /// Loads the list, lets `change` edit it and stores the result.
    pub fn update<R>(self, change: impl FnOnce(&mut Vec<T>) -> R) -> Result<R, ListError> {
        let mut items = self.writable()?;
        let result = change(&mut items);
        self.store(&items).map(|()| result)
    }

    /// Merges `imported` into the stored list (see [`merge`]).
    pub fn merge_in(self, imported: &[T]) -> Result<(), ListError> {
        self.update(|kept| *kept = merge(std::mem::take(kept), imported.to_vec()).0)
    }

    /// The stored form of `items`, which is also the form an export carries.
    pub fn document(self, items: &[T]) -> Json {
        let mut document = Map::new();
        document.insert("version".into(), self.version.into());
        // Entries are plain structs of strings and numbers: serialising cannot fail.
        let items = items
            .iter()
            .filter_map(|item| serde_json::to_value(item).ok())
            .collect();
        document.insert(self.field.into(), Json::Array(items));
        Json::Object(document)
    }
}

/// The list in `text`, or why it cannot be read. Entries are read with
/// [`FromValue`], not serde's derive, which costs the wasm more (`duet_core`'s
/// `decode/from_value.rs`).
pub fn parse<T: FromValue>(text: &str, field: &str, version: u32) -> Result<Vec<T>, ReadProblem> {
    let document: Json =
        serde_json::from_str(text).map_err(|error| ReadProblem::NotJson(error.to_string()))?;
    match document.get("version").and_then(Json::as_u64) {
        Some(found) if found == u64::from(version) => {}
        Some(found) => {
            return Err(ReadProblem::Layout {
                found,
                reads: version,
            })
        }
        None => return Err(ReadProblem::NoVersion),
    }
    let Some(Json::Array(items)) = document.get(field) else {
        return Err(ReadProblem::NoList);
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            T::from_value(item).map_err(|error| ReadProblem::BadEntry {
                index,
                detail: error.to_string(),
            })
        })
        .collect()
}

/// `stored` with `imported` merged in, one entry per key, the entry with the
/// later time winning. Returns the list and how many entries were new.
pub fn merge<T: Entry>(stored: Vec<T>, imported: Vec<T>) -> (Vec<T>, usize) {
    let mut items = stored;
    let mut added = 0;
    for item in imported {
        match items.iter_mut().find(|kept| kept.key() == item.key()) {
            Some(kept) if kept.time() < item.time() => *kept = item,
            Some(_) => {}
            None => {
                items.push(item);
                added += 1;
            }
        }
    }
    (items, added)
}

/// Where to keep unreadable `text` aside: `first` (`<key>.unreadable`), else the
/// first of `first.2`, `first.3`, … that is free or already holds this very text.
/// A copy kept aside earlier is never overwritten by a later one.
fn aside_slot(first: &str, text: &str, stored: impl Fn(&str) -> Option<String>) -> String {
    let mut key = first.to_string();
    let mut number = 1;
    while stored(&key).is_some_and(|kept| kept != text) {
        number += 1;
        key = format!("{first}.{number}");
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
    struct Thing(String);

    impl FromValue for Thing {
        fn from_value(value: &Json) -> Result<Self, duet_core::decode::from_value::ReadError> {
            String::from_value(value).map(Thing)
        }
    }

    impl Entry for Thing {
        type Key = String;
        fn key(&self) -> String {
            self.0.clone()
        }
        fn time(&self) -> f64 {
            0.0
        }
    }

    #[test]
    fn a_stored_list_reads_back() {
        let list: StoredList<Thing> =
            StoredList::new("things", "things", "things", 1, 1, |text| text.notes_title);
        let document = list.document(&[Thing("a".into()), Thing("b".into())]);
        assert_eq!(document.to_string(), r#"{"things":["a","b"],"version":1}"#);
        assert_eq!(
            parse::<String>(&document.to_string(), "things", 1),
            Ok(vec!["a".to_string(), "b".to_string()])
        );
    }

    /// Guards issue 16 finding 8: a second corruption overwrote the copy kept
    /// aside from the first.
    #[test]
    fn copies_kept_aside_are_never_overwritten() {
        let mut storage = std::collections::BTreeMap::new();
        let mut keep = |text: &str| {
            let key = aside_slot("vocab.unreadable", text, |key| storage.get(key).cloned());
            storage.insert(key.clone(), text.to_string());
            key
        };
        assert_eq!(keep("{first"), "vocab.unreadable");
        assert_eq!(keep("{second"), "vocab.unreadable.2");
        // The same text again is already safe: no third copy.
        assert_eq!(keep("{first"), "vocab.unreadable");
        assert_eq!(keep("{third"), "vocab.unreadable.3");
        assert_eq!(storage["vocab.unreadable"], "{first");
        assert_eq!(storage["vocab.unreadable.2"], "{second");
    }

    #[test]
    fn unreadable_lists_say_why() {
        let why = |text: &str| parse::<String>(text, "things", 1).expect_err(text);
        assert!(matches!(why("{broken"), ReadProblem::NotJson(_)));
        assert_eq!(
            why(r#"{"version":2,"things":[]}"#),
            ReadProblem::Layout { found: 2, reads: 1 }
        );
        assert_eq!(why(r#"{"things":[]}"#), ReadProblem::NoVersion);
        assert_eq!(why(r#"{"version":1}"#), ReadProblem::NoList);
        assert!(matches!(
            why(r#"{"version":1,"things":[3]}"#),
            ReadProblem::BadEntry { index: 0, .. }
        ));
    }

    /// Guards issue 15 item 5: these messages were English in a Chinese interface.
    #[test]
    fn unreadable_lists_are_described_in_the_readers_language() {
        let unreadable = Unreadable {
            label: |text| text.list_words,
            problem: ReadProblem::Layout { found: 2, reads: 1 },
            aside: Ok("vocab.unreadable".into()),
        };
        let en = unreadable.describe(Lang::En);
        let zh = unreadable.describe(Lang::Zh);
        assert!(en.starts_with("saved words are in layout 2"), "{en}");
        assert!(en.contains("duet.vocab.unreadable"), "{en}");
        assert!(zh.starts_with("生词"), "{zh}");
        assert!(zh.contains("duet.vocab.unreadable"), "{zh}");
        assert!(!zh.contains("layout"), "{zh}");
        let failed = Unreadable {
            aside: Err(StorageError::Unavailable),
            ..unreadable
        };
        assert_ne!(failed.describe(Lang::Zh), zh);
    }
}
