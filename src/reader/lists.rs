//! The one table of the lists the reader keeps: saved words, notes, bookmarks and
//! reading positions. Start-up checks, export, import and the data panel all walk
//! [`ReaderLists::each`], so a list is named here and nowhere else.

use crate::reader::bookmarks::{self, Bookmark};
use crate::reader::notes::{self, Note};
use crate::reader::position::{self, Position};
use crate::reader::stored_list::{Entry, StoredList, Unreadable};
use crate::reader::vocab::{self, SavedWord};

/// One value of every kept list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderLists {
    pub words: Vec<SavedWord>,
    pub notes: Vec<Note>,
    pub bookmarks: Vec<Bookmark>,
    pub positions: Vec<Position>,
}

/// Something done to every kept list in turn, with where it is stored.
pub trait EachList {
    fn list<T: Entry>(&mut self, list: StoredList<T>, items: &mut Vec<T>);
}

impl ReaderLists {
    /// Runs `visit` on every list: the table.
    pub fn each(&mut self, visit: &mut impl EachList) {
        visit.list(vocab::LIST, &mut self.words);
        visit.list(notes::LIST, &mut self.notes);
        visit.list(bookmarks::LIST, &mut self.bookmarks);
        visit.list(position::LIST, &mut self.positions);
    }

    /// Every stored list; an unreadable one is empty here, set aside in storage
    /// (see `stored_list.rs`) and returned with its key.
    pub fn load() -> (ReaderLists, Vec<(&'static str, Unreadable)>) {
        struct Load(Vec<(&'static str, Unreadable)>);
        impl EachList for Load {
            fn list<T: Entry>(&mut self, list: StoredList<T>, items: &mut Vec<T>) {
                match list.load() {
                    Ok(stored) => *items = stored,
                    Err(unreadable) => self.0.push((list.key, unreadable)),
                }
            }
        }
        let mut lists = ReaderLists::default();
        let mut load = Load(Vec::new());
        lists.each(&mut load);
        (lists, load.0)
    }

    /// `template` with each list's length in its placeholder (`{words}`, `{notes}`…).
    pub fn fill_counts(&self, template: &str) -> String {
        struct Fill(String);
        impl EachList for Fill {
            fn list<T: Entry>(&mut self, list: StoredList<T>, items: &mut Vec<T>) {
                self.0 = self
                    .0
                    .replace(&format!("{{{}}}", list.name), &items.len().to_string());
            }
        }
        let mut fill = Fill(template.to_string());
        self.clone().each(&mut fill);
        fill.0
    }
}

#[cfg(test)]
mod tests {
    use duet_core::decode::from_value::FromValue;

    use super::*;

    /// Every list has its own key, part name and count placeholder, and the
    /// interface's count templates name every list (a list added to the table but
    /// not to the templates would import without being counted).
    #[test]
    fn every_list_is_named_once_and_counted() {
        struct Names(Vec<(&'static str, &'static str)>);
        impl EachList for Names {
            fn list<T: Entry>(&mut self, list: StoredList<T>, _: &mut Vec<T>) {
                self.0.push((list.key, list.name));
            }
        }
        let mut names = Names(Vec::new());
        ReaderLists::default().each(&mut names);
        let mut keys: Vec<_> = names.0.iter().map(|(key, _)| *key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 4);
        for lang in duet_core::Lang::ALL {
            let text = crate::i18n::ui_text(lang);
            for template in [text.import_preview, text.import_done] {
                let filled = ReaderLists::default().fill_counts(template);
                for (_, name) in &names.0 {
                    assert!(
                        template.contains(&format!("{{{name}}}")),
                        "{name}: {template}"
                    );
                }
                assert!(!filled.contains("{words}") && !filled.contains("{positions}"));
            }
        }
    }

    /// Each list's entries are read by `FromValue` (`stored_list::parse`), which
    /// must read what serde's derive read before it, and what the app writes: a
    /// full entry, and every small change to one (a field removed or null, a
    /// number where text was, …) read alike or refused by both.
    #[test]
    fn every_list_reads_its_entries_as_serde_did() {
        use duet_core::test_support::{agree_on_changes, readers_agree};
        let word = SavedWord {
            word: "递归".into(),
            pinyin: "dì guī".into(),
            glosses: vec!["recursion".into()],
            hsk: Some(3),
            sentence: "递归很难。".into(),
            translation: "Recursion is hard.".into(),
            slug: "a".into(),
            saved_at: 1_700_000_000_000.5,
        };
        let note = Note {
            slug: "a".into(),
            pair: "p4".into(),
            text: "mine".into(),
            snippet: "Agents".into(),
            created_at: 1.5,
            updated_at: 2.0,
        };
        let position = Position {
            slug: "a".into(),
            pair: "p2".into(),
            at: 3.0,
        };
        let bookmark = Bookmark {
            slug: "a".into(),
            at: 1_700_000_000_000.0,
        };
        let word = serde_json::to_value(word).unwrap();
        assert!(SavedWord::from_value(&word).is_ok());
        agree_on_changes("word", &word, readers_agree::<SavedWord>);
        let note = serde_json::to_value(note).unwrap();
        agree_on_changes("note", &note, readers_agree::<Note>);
        let position = serde_json::to_value(position).unwrap();
        agree_on_changes("position", &position, readers_agree::<Position>);
        let bookmark = serde_json::to_value(bookmark).unwrap();
        agree_on_changes("bookmark", &bookmark, readers_agree::<Bookmark>);
    }
}
