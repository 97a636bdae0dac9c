//! The reader's saved words, kept in local storage with a version so later releases
//! can migrate them. Stored data that cannot be read is set aside, never deleted.

use duet_core::GlossEntry;
use serde::{Deserialize, Serialize};

use crate::browser;

/// Storage key (under the app's prefix) and the layout version of what it holds.
const KEY: &str = "vocab";
const VERSION: u32 = 1;

/// One saved word with where the reader met it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedWord {
    pub word: String,
    pub pinyin: String,
    pub glosses: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hsk: Option<u8>,
    /// The Chinese sentence the word was saved from, and its English counterpart
    /// (the whole paragraph when the sentences are not paired).
    pub sentence: String,
    #[serde(default)]
    pub translation: String,
    /// The article it came from.
    pub slug: String,
    /// Milliseconds since the Unix epoch.
    pub saved_at: f64,
}

impl SavedWord {
    /// A word to save from a glossary entry and its context.
    pub fn new(entry: &GlossEntry, sentence: String, translation: String, slug: String) -> Self {
        SavedWord {
            word: entry.word.clone(),
            pinyin: entry.pinyin.clone(),
            glosses: entry.glosses.clone(),
            hsk: entry.hsk,
            sentence,
            translation,
            slug,
            saved_at: js_sys::Date::now(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    words: Vec<SavedWord>,
}

/// Why the saved words could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// What to tell the reader.
    pub message: String,
    /// True when the unreadable data is safe elsewhere, so the key may be written.
    pub kept_aside: bool,
}

/// The saved words; empty when none. Unreadable data is copied aside (to
/// `duet.vocab.unreadable`) and reported, so the words are never lost by being
/// overwritten.
pub fn load() -> Result<Vec<SavedWord>, Unreadable> {
    let Some(text) = browser::load_pref(KEY) else {
        return Ok(Vec::new());
    };
    let why = match serde_json::from_str::<Stored>(&text) {
        Ok(stored) if stored.version == VERSION => return Ok(stored.words),
        Ok(stored) => format!(
            "saved words are in layout {}, this version reads {VERSION}",
            stored.version
        ),
        Err(error) => format!("saved words could not be read: {error}"),
    };
    Err(match browser::save_pref("vocab.unreadable", &text) {
        Ok(()) => Unreadable {
            message: format!("{why}; they were kept aside as duet.vocab.unreadable"),
            kept_aside: true,
        },
        Err(error) => Unreadable {
            message: format!("{why}; keeping them aside failed too: {error}"),
            kept_aside: false,
        },
    })
}

/// The list to write to: what is stored, or a new list when the stored data was
/// unreadable but is safe aside.
fn writable() -> Result<Vec<SavedWord>, String> {
    match load() {
        Ok(words) => Ok(words),
        Err(unreadable) if unreadable.kept_aside => Ok(Vec::new()),
        Err(unreadable) => Err(unreadable.message),
    }
}

/// Replaces the stored list with `words`.
pub fn store(words: Vec<SavedWord>) -> Result<(), String> {
    let text = serde_json::to_string(&Stored {
        version: VERSION,
        words,
    })
    .map_err(|error| error.to_string())?;
    browser::save_pref(KEY, &text)
}

/// Adds `word` (replacing an earlier save of the same word) and stores the list.
pub fn save(word: SavedWord) -> Result<(), String> {
    let mut words = writable()?;
    words.retain(|saved| saved.word != word.word);
    words.push(word);
    store(words)
}

/// Adds every word of `imported`, the newer save winning when a word is in both.
/// Returns how many words the list then has.
pub fn merge(imported: Vec<SavedWord>) -> Result<usize, String> {
    let mut words = writable()?;
    for word in imported {
        match words.iter_mut().find(|saved| saved.word == word.word) {
            Some(saved) if saved.saved_at < word.saved_at => *saved = word,
            Some(_) => {}
            None => words.push(word),
        }
    }
    let count = words.len();
    store(words).map(|()| count)
}

/// Removes `word` from the list.
pub fn remove(word: &str) -> Result<(), String> {
    let mut words = writable()?;
    words.retain(|saved| saved.word != word);
    store(words)
}
