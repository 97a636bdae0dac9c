//! A list the reader owns, kept under one `localStorage` key as
//! `{"version": N, "<field>": [...]}` (saved words, notes, bookmarks, reading
//! positions). Stored text this release cannot read is copied aside to
//! `duet.<key>.unreadable` before anything is written, and reported, so it is never
//! lost by being overwritten. Write failures (quota, private mode) are returned.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::browser;

/// Where and how one list is stored.
#[derive(Debug, Clone, Copy)]
pub struct StoredList {
    /// The key under `duet.`, e.g. `notes`.
    pub key: &'static str,
    /// The field holding the list, e.g. `notes`.
    pub field: &'static str,
    /// The layout version this release reads and writes.
    pub version: u32,
    /// What the list is, for messages: `notes`, `saved words`.
    pub what: &'static str,
}

/// Why a stored list could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// What to tell the reader.
    pub message: String,
    /// True when the unreadable data is safe elsewhere, so the key may be written.
    pub kept_aside: bool,
}

impl StoredList {
    /// The key the unreadable text is copied to, under `duet.`.
    pub fn aside_key(self) -> String {
        format!("{}.unreadable", self.key)
    }

    /// The stored text, if any (for exporting data that cannot be read).
    pub fn raw(self) -> Option<String> {
        browser::load_pref(self.key)
    }

    /// The stored list; empty when none. Unreadable data is copied aside and
    /// reported.
    pub fn load<T: DeserializeOwned>(self) -> Result<Vec<T>, Unreadable> {
        let Some(text) = self.raw() else {
            return Ok(Vec::new());
        };
        let why = match parse(&text, self.field, self.version) {
            Ok(items) => return Ok(items),
            Err(why) => format!("{} {why}", self.what),
        };
        let aside = aside_slot(&self.aside_key(), &text, browser::load_pref);
        Err(match browser::save_pref(&aside, &text) {
            Ok(()) => Unreadable {
                message: format!("{why}; they were kept aside as duet.{aside}"),
                kept_aside: true,
            },
            Err(error) => Unreadable {
                message: format!("{why}; keeping them aside failed too: {error}"),
                kept_aside: false,
            },
        })
    }

    /// The list to change: what is stored, or a new list when the stored data was
    /// unreadable but is safe aside.
    pub fn writable<T: DeserializeOwned>(self) -> Result<Vec<T>, String> {
        match self.load() {
            Ok(items) => Ok(items),
            Err(unreadable) if unreadable.kept_aside => Ok(Vec::new()),
            Err(unreadable) => Err(unreadable.message),
        }
    }

    /// Replaces the stored list with `items`.
    pub fn store<T: Serialize>(self, items: &[T]) -> Result<(), String> {
        browser::save_pref(self.key, &self.document(items)?.to_string())
    }

    /// Loads the list, lets `change` edit it and stores the result.
    pub fn update<T, R>(self, change: impl FnOnce(&mut Vec<T>) -> R) -> Result<R, String>
    where
        T: Serialize + DeserializeOwned,
    {
        let mut items = self.writable()?;
        let result = change(&mut items);
        self.store(&items).map(|()| result)
    }

    /// The stored form of `items`, which is also the form an export carries.
    pub fn document<T: Serialize>(self, items: &[T]) -> Result<Json, String> {
        let mut document = Map::new();
        document.insert("version".into(), self.version.into());
        document.insert(
            self.field.into(),
            serde_json::to_value(items).map_err(|error| error.to_string())?,
        );
        Ok(Json::Object(document))
    }
}

/// The list in `text`, or why it cannot be read (completing "<what> …").
pub fn parse<T: DeserializeOwned>(text: &str, field: &str, version: u32) -> Result<Vec<T>, String> {
    let document: Json =
        serde_json::from_str(text).map_err(|error| format!("could not be read: {error}"))?;
    from_document(&document, field, version)
}

/// The list in a parsed document (stored or exported), checked the same way.
pub fn from_document<T: DeserializeOwned>(
    document: &Json,
    field: &str,
    version: u32,
) -> Result<Vec<T>, String> {
    match document.get("version").and_then(Json::as_u64) {
        Some(found) if found == u64::from(version) => {}
        Some(found) => {
            return Err(format!(
                "are in layout {found}, this version reads {version}"
            ))
        }
        None => return Err("could not be read: no layout version".to_string()),
    }
    let Some(Json::Array(items)) = document.get(field) else {
        return Err(format!("could not be read: no list `{field}`"));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            serde_json::from_value(item.clone())
                .map_err(|error| format!("could not be read: {field}[{index}]: {error}"))
        })
        .collect()
}

/// `stored` with `imported` merged in, one entry per `key`, the entry with the
/// later `time` winning. Returns the list and how many entries were new.
pub fn merge_newer<T, K: PartialEq>(
    stored: Vec<T>,
    imported: Vec<T>,
    key: impl Fn(&T) -> K,
    time: impl Fn(&T) -> f64,
) -> (Vec<T>, usize) {
    let mut items = stored;
    let mut added = 0;
    for item in imported {
        match items.iter_mut().find(|kept| key(kept) == key(&item)) {
            Some(kept) if time(kept) < time(&item) => *kept = item,
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

    #[test]
    fn a_stored_list_reads_back() {
        let list = StoredList {
            key: "things",
            field: "things",
            version: 1,
            what: "things",
        };
        let document = list.document(&["a", "b"]).expect("serialisable");
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
        assert!(why("{broken").starts_with("could not be read"));
        assert_eq!(
            why(r#"{"version":2,"things":[]}"#),
            "are in layout 2, this version reads 1"
        );
        assert!(why(r#"{"things":[]}"#).contains("no layout version"));
        assert!(why(r#"{"version":1}"#).contains("no list `things`"));
        assert!(why(r#"{"version":1,"things":[3]}"#).contains("things[0]"));
    }
}
