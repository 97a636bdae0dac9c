//! The reader's notes on paragraphs, kept under `duet.notes` as
//! `{version: 1, notes: [...]}`. A note remembers the start of its paragraph's text,
//! so it finds its paragraph again when the article's content changes and the
//! paragraph ids move.

use serde::{Deserialize, Serialize};

use crate::reader::stored_list::{Entry, Expected, ListError, StoredList, Unreadable};

/// Where the notes are kept (in exports since document version 2).
pub const LIST: StoredList<Note> =
    StoredList::new("notes", "notes", "notes", 1, 2, |text| text.list_notes);

/// How many characters of the paragraph a note keeps.
const SNIPPET_CHARS: usize = 80;

/// Longest note accepted, in characters (a note, not a manuscript: storage is small).
pub const MAX_NOTE_CHARS: usize = 4000;

/// One note on one paragraph pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The article.
    pub slug: String,
    /// The paragraph pair's id when the note was written, e.g. `p4`.
    pub pair: String,
    /// What the reader wrote (plain text, shown as text).
    pub text: String,
    /// The start of the paragraph's text when the note was written.
    #[serde(default)]
    pub snippet: String,
    /// Milliseconds since the Unix epoch.
    pub created_at: f64,
    pub updated_at: f64,
}

duet_core::from_value_struct!(Note {
    slug,
    pair,
    text,
    #[default]
    snippet,
    created_at,
    updated_at,
});

/// Where a note belongs in the article as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// On this pair, whose text still starts as the note remembers.
    Exact(String),
    /// On this pair, whose text has changed (same id) or which moved (snippet
    /// found under another id).
    Changed(String),
    /// No paragraph fits any more: shown after the article.
    Lost,
}

/// The start of a paragraph's text, white space collapsed, as a note keeps it.
pub fn snippet(text: &str) -> String {
    let collapsed = collapse(text);
    collapsed.chars().take(SNIPPET_CHARS).collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `note` goes among `pairs` (each pair's id and the texts of its sides).
pub fn place(note: &Note, pairs: &[(String, Vec<String>)]) -> Placement {
    let starts = |texts: &[String]| {
        !note.snippet.is_empty() && texts.iter().any(|text| snippet(text) == note.snippet)
    };
    let same_id = pairs.iter().find(|(id, _)| *id == note.pair);
    if let Some((id, texts)) = same_id {
        if note.snippet.is_empty() || starts(texts) {
            return Placement::Exact(id.clone());
        }
    }
    if let Some((id, _)) = pairs.iter().find(|(_, texts)| starts(texts)) {
        return Placement::Changed(id.clone());
    }
    match same_id {
        Some((id, _)) => Placement::Changed(id.clone()),
        None => Placement::Lost,
    }
}

/// Adds `note`, replacing the note on the same article and pair.
pub fn upsert(notes: &mut Vec<Note>, note: Note) {
    match notes
        .iter_mut()
        .find(|kept| kept.slug == note.slug && kept.pair == note.pair)
    {
        Some(kept) => {
            kept.text = note.text;
            kept.updated_at = note.updated_at;
            if kept.snippet.is_empty() {
                kept.snippet = note.snippet;
            }
        }
        None => notes.push(note),
    }
}

/// One note per article and pair, the later edit winning; an imported note names
/// its paragraph and is of a sensible length.
impl Entry for Note {
    type Key = (String, String);
    fn key(&self) -> Self::Key {
        (self.slug.clone(), self.pair.clone())
    }
    fn time(&self) -> f64 {
        self.updated_at
    }
    fn check(&self) -> Result<(), (&'static str, Expected)> {
        if self.slug.is_empty() || self.pair.is_empty() {
            return Err(("", Expected::ArticleAndParagraph));
        }
        if self.text.chars().count() > MAX_NOTE_CHARS {
            return Err((".text", Expected::AtMostChars(MAX_NOTE_CHARS)));
        }
        Ok(())
    }
}

/// Every stored note, unreadable data set aside and reported.
pub fn load() -> Result<Vec<Note>, Unreadable> {
    LIST.load()
}

/// Saves `note` (replacing the one on the same pair); returns the stored list.
pub fn save(note: Note) -> Result<Vec<Note>, ListError> {
    LIST.update(|notes: &mut Vec<Note>| {
        upsert(notes, note);
        notes.clone()
    })
}

/// Deletes the note on `pair` of `slug`; returns the stored list.
pub fn delete(slug: &str, pair: &str) -> Result<Vec<Note>, ListError> {
    LIST.update(|notes: &mut Vec<Note>| {
        notes.retain(|note| !(note.slug == slug && note.pair == pair));
        notes.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(pair: &str, snippet_of: &str) -> Note {
        Note {
            slug: "a".into(),
            pair: pair.into(),
            text: "mine".into(),
            snippet: snippet(snippet_of),
            created_at: 1.0,
            updated_at: 1.0,
        }
    }

    fn pairs(texts: &[(&str, &str)]) -> Vec<(String, Vec<String>)> {
        texts
            .iter()
            .map(|(id, text)| (id.to_string(), vec![text.to_string(), "other side".into()]))
            .collect()
    }

    #[test]
    fn snippets_collapse_space_and_stop_at_80_characters() {
        assert_eq!(snippet("  one\n two  "), "one two");
        assert_eq!(snippet(&"字".repeat(100)).chars().count(), 80);
    }

    #[test]
    fn a_note_finds_its_paragraph_after_the_content_changed() {
        let now = pairs(&[("p1", "Inserted."), ("p2", "First."), ("p3", "Second.")]);
        assert_eq!(
            place(&note("p2", "First."), &now),
            Placement::Exact("p2".into())
        );
        // A paragraph was inserted before: the note follows its text.
        assert_eq!(
            place(&note("p2", "Second."), &now),
            Placement::Changed("p3".into())
        );
        // The paragraph was rewritten: the note stays at its id, marked.
        assert_eq!(
            place(&note("p1", "Gone."), &now),
            Placement::Changed("p1".into())
        );
        assert_eq!(place(&note("p9", "Gone."), &now), Placement::Lost);
        // The other language's side counts too.
        assert_eq!(
            place(&note("p5", "other side"), &now),
            Placement::Changed("p1".into())
        );
    }

    #[test]
    fn one_note_per_pair_the_later_edit_winning() {
        let mut notes = vec![note("p1", "x")];
        let mut edited = note("p1", "x");
        edited.text = "edited".into();
        edited.updated_at = 5.0;
        upsert(&mut notes, edited);
        assert_eq!(notes.len(), 1);
        assert_eq!(
            (notes[0].text.as_str(), notes[0].created_at),
            ("edited", 1.0)
        );

        let mut older = note("p1", "x");
        older.text = "older".into();
        let (merged, added) =
            crate::reader::stored_list::merge(notes, vec![older, note("p2", "y")]);
        assert_eq!(added, 1);
        assert_eq!(merged[0].text, "edited");
    }
}
