//! The reader's saved words, kept in local storage with a version so later releases
//! can migrate them. Stored data that cannot be read is set aside, never deleted.

use duet_core::GlossEntry;
use serde::{Deserialize, Serialize};

use crate::reader::stored_list::{
    merge as merge_entries, Entry, Expected, ListError, StoredList, Unreadable,
};

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

duet_core::from_value_struct!(SavedWord {
    word,
    pinyin,
    glosses,
    hsk,
    sentence,
    #[default]
    translation,
    slug,
    saved_at,
});

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

/// Where the list is kept: `duet.vocab`, `{version: 1, words: [...]}` (in every
/// export since the first).
pub const LIST: StoredList<SavedWord> =
    StoredList::new("words", "vocab", "words", 1, 1, |text| text.list_words);

/// One entry per word, the later save winning.
impl Entry for SavedWord {
    type Key = String;
    fn key(&self) -> String {
        self.word.clone()
    }
    fn time(&self) -> f64 {
        self.saved_at
    }
    fn check(&self) -> Result<(), (&'static str, Expected)> {
        if self.word.trim().is_empty() {
            return Err((".word", Expected::Word));
        }
        Ok(())
    }
}

/// The saved words; empty when none. Unreadable data is copied aside (to
/// `duet.vocab.unreadable`) and reported, so the words are never lost by being
/// overwritten.
pub fn load() -> Result<Vec<SavedWord>, Unreadable> {
    LIST.load()
}

/// Adds `word` (replacing an earlier save of the same word) and stores the list.
pub fn save(word: SavedWord) -> Result<(), ListError> {
    LIST.update(|words: &mut Vec<SavedWord>| {
        words.retain(|saved| saved.word != word.word);
        words.push(word);
    })
}

/// Adds every word of `imported`, the newer save winning when a word is in both.
/// Returns how many words the list then has.
pub fn merge(imported: Vec<SavedWord>) -> Result<usize, ListError> {
    LIST.update(|words| {
        *words = merge_entries(std::mem::take(words), imported).0;
        words.len()
    })
}

/// Removes `word` from the list.
pub fn remove(word: &str) -> Result<(), ListError> {
    LIST.update(|words: &mut Vec<SavedWord>| words.retain(|saved| saved.word != word))
}
