//! Word look-ups: CC-CEDICT (crate `chinese_dictionary`) for the reading and the
//! glosses, the `hsk` crate for levels, each word asked once per build.
//!
//! **Which entry.** The simplified headword matching the word exactly, else a
//! traditional one. CC-CEDICT gives no frequencies, so among several readings the
//! most common is estimated, in this order: a common word before a proper noun
//! (CC-CEDICT capitalises their pinyin), an entry with a definition before a mere
//! cross-reference (`variant of …`, `used in …`, `see …`), then the reading taught
//! earliest in the two HSK lists that distinguish readings (GF0025-2021 and the 2025
//! syllabus: the sum of the reading's lowest level in each, 8 when it is unlisted),
//! then dictionary order. So 了 is `le`, 长 `cháng`, 得 `de`; polyphones that the
//! lists leave unlisted in every reading fall to dictionary order (行 gives `háng`).
//!
//! **Which glosses.** The first three senses of that entry, leaving out classifier
//! notes (`CL:…`) and pronunciation notes; cross-references lose their pinyin and
//! traditional form (`得[de2]` → `得`, `無|无` → `无`); a sense longer than
//! [`MAX_GLOSS_CHARS`] is cut at a word boundary with `…`.
//!
//! **HSK level.** The word's level in the GF0025-2021 standard (the "HSK 3.0" word
//! list: levels 1–6, then one advanced band 7–9, given as 7), by word whatever its
//! reading, the lowest when listed at several. Not the crate's HSK 2015 list: in
//! its data everyday words such as 因为, 但是 and 他们 are missing, which left 35 %
//! of the sample content's words unlisted against 14 % with GF0025-2021.

use std::collections::HashMap;
use std::sync::Once;
use std::time::Instant;

use chinese_dictionary::{query_by_simplified, query_by_traditional, WordEntry};
use duet_core::words::{is_chinese_word, is_han};
use duet_core::GlossEntry;
use hsk::{HskLevel, HskQuery, HskSystem};

/// At most this many glosses per word.
pub const MAX_GLOSSES: usize = 3;

/// Longer senses are cut to this many chars (the `…` included).
pub const MAX_GLOSS_CHARS: usize = 60;

/// The longest dictionary word tried when a jieba word is split again.
const MAX_WORD_CHARS: usize = 12;

/// What the build knows of one word.
#[derive(Debug, Clone)]
struct Known {
    gloss: Option<GlossEntry>,
    hsk: Option<u8>,
}

/// The dictionaries with a cache of every word asked for during this build.
#[derive(Default)]
pub struct Lexicon {
    words: HashMap<String, Known>,
}

impl Lexicon {
    /// Loads CC-CEDICT's indexes now (the crate loads them lazily, once per process)
    /// and says so on stderr, with the time taken, the first time.
    pub fn load(&self) {
        static LOADED: Once = Once::new();
        LOADED.call_once(|| {
            eprintln!("loading the CC-CEDICT dictionary…");
            let started = Instant::now();
            query_by_simplified("的");
            query_by_traditional("的");
            eprintln!(
                "loaded the CC-CEDICT dictionary in {:.2}s",
                started.elapsed().as_secs_f64()
            );
        });
    }

    /// The glossary entry of `word`, if CC-CEDICT has it.
    pub fn gloss(&mut self, word: &str) -> Option<&GlossEntry> {
        self.known(word).gloss.as_ref()
    }

    /// The HSK level of `word` (1–6, 7 for the 7–9 band), if listed.
    pub fn hsk(&mut self, word: &str) -> Option<u8> {
        self.known(word).hsk
    }

    /// Byte ranges of `word` (one jieba word) as the words the reader sees: the
    /// whole word when CC-CEDICT has it or it has no Han character; otherwise the
    /// longest CC-CEDICT words from left to right, and runs of characters no
    /// headword starts with kept together (大模型 → 大 + 模型).
    pub fn split(&mut self, word: &str) -> Vec<(usize, usize)> {
        if !is_chinese_word(word) || self.gloss(word).is_some() {
            return vec![(0, word.len())];
        }
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(at, _)| at)
            .chain([word.len()])
            .collect();
        let count = bounds.len() - 1;
        let mut pieces = Vec::new();
        let mut unknown_from: Option<usize> = None;
        let mut at = 0;
        while at < count {
            let longest = (at + 1..=count.min(at + MAX_WORD_CHARS))
                .rev()
                .find(|end| self.gloss(&word[bounds[at]..bounds[*end]]).is_some());
            match longest {
                Some(end) => {
                    if let Some(from) = unknown_from.take() {
                        pieces.push((bounds[from], bounds[at]));
                    }
                    pieces.push((bounds[at], bounds[end]));
                    at = end;
                }
                None => {
                    unknown_from.get_or_insert(at);
                    at += 1;
                }
            }
        }
        if let Some(from) = unknown_from {
            pieces.push((bounds[from], word.len()));
        }
        pieces
    }

    fn known(&mut self, word: &str) -> &Known {
        if !self.words.contains_key(word) {
            let hsk = hsk_level(word);
            let gloss = best_entry(word).map(|entry| GlossEntry {
                word: word.to_string(),
                pinyin: entry.pinyin_marks.trim().to_string(),
                glosses: glosses(&entry.english),
                hsk,
            });
            self.words.insert(word.to_string(), Known { gloss, hsk });
        }
        &self.words[word]
    }
}

/// The word's lowest GF0025-2021 level.
fn hsk_level(word: &str) -> Option<u8> {
    hsk::levels(HskSystem::ProficiencyStandard2021, HskQuery::new(word))
        .ok()?
        .into_iter()
        .min()
        .map(level_number)
}

fn level_number(level: HskLevel) -> u8 {
    match level {
        HskLevel::One => 1,
        HskLevel::Two => 2,
        HskLevel::Three => 3,
        HskLevel::Four => 4,
        HskLevel::Five => 5,
        HskLevel::Six => 6,
        HskLevel::SevenToNine => 7,
    }
}

/// The entry whose reading is most likely meant (see the module comment).
fn best_entry(word: &str) -> Option<&'static WordEntry> {
    let mut entries = query_by_simplified(word);
    if entries.is_empty() {
        entries = query_by_traditional(word);
    }
    entries.into_iter().min_by_key(|entry| {
        let proper = entry.pinyin_marks.starts_with(char::is_uppercase);
        let reference = entry.english.iter().all(|gloss| is_reference(gloss));
        (proper, reference, reading_level(entry), entry.word_id)
    })
}

/// How early a reading is taught: the sum of its lowest level in the two lists that
/// give pinyin, an unlisted reading counting as 8 in that list.
fn reading_level(entry: &WordEntry) -> u8 {
    [
        HskSystem::ProficiencyStandard2021,
        HskSystem::HskExamSyllabus2025,
    ]
    .into_iter()
    .map(|system| {
        let query = HskQuery::new(&entry.simplified).pinyin(&entry.pinyin_numbers);
        hsk::levels(system, query)
            .ok()
            .and_then(|levels| levels.into_iter().min())
            .map(level_number)
            .unwrap_or(8)
    })
    .sum()
}

/// A sense that only points at another entry.
fn is_reference(gloss: &str) -> bool {
    let gloss = gloss.trim();
    gloss.starts_with("variant of ")
        || gloss.contains(" variant of ")
        || gloss.starts_with("used in ")
        || gloss.starts_with("see ")
}

/// Classifier and pronunciation notes: true of CC-CEDICT senses that are no gloss.
fn is_note(gloss: &str) -> bool {
    let gloss = gloss.trim();
    ["CL:", "also pr.", "Taiwan pr.", "pr. ", "also written"]
        .iter()
        .any(|prefix| gloss.starts_with(prefix))
}

/// Up to [`MAX_GLOSSES`] short senses; a word whose senses are all notes keeps its
/// first one rather than none.
fn glosses(senses: &[String]) -> Vec<String> {
    let short: Vec<String> = senses
        .iter()
        .filter(|sense| !is_note(sense))
        .map(|sense| shorten(sense))
        .filter(|sense| !sense.is_empty())
        .take(MAX_GLOSSES)
        .collect();
    if short.is_empty() {
        senses.iter().take(1).map(|sense| shorten(sense)).collect()
    } else {
        short
    }
}

/// Drops pinyin in brackets and the traditional form of `trad|simp` pairs after
/// Chinese text, collapses white space, and cuts long senses at a word boundary.
fn shorten(sense: &str) -> String {
    let mut text = String::with_capacity(sense.len());
    let mut characters = sense.chars();
    while let Some(character) = characters.next() {
        let after_han = text.chars().last().is_some_and(is_han);
        if character == '[' && after_han {
            characters.by_ref().find(|skipped| *skipped == ']');
        } else if character == '|' && after_han {
            while text.chars().last().is_some_and(is_han) {
                text.pop();
            }
        } else {
            text.push(character);
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX_GLOSS_CHARS {
        return text;
    }
    let cut: String = text.chars().take(MAX_GLOSS_CHARS - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_references_lose_pinyin_and_traditional_forms() {
        assert_eq!(shorten("used in 道行[dao4 heng2]"), "used in 道行");
        assert_eq!(
            shorten("(derived from 綠帽子|绿帽子[lu:4 mao4 zi5]) to cheat"),
            "(derived from 绿帽子) to cheat"
        );
        assert_eq!(shorten("  to  learn; to study "), "to learn; to study");
    }

    #[test]
    fn long_senses_are_cut_at_a_word() {
        let long = "word ".repeat(30);
        let short = shorten(&long);
        assert!(short.chars().count() <= MAX_GLOSS_CHARS, "{short}");
        assert!(short.ends_with("word…"), "{short}");
    }

    #[test]
    fn notes_are_left_out_unless_nothing_else_is_there() {
        let senses = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            glosses(&senses(&[
                "CL:本[ben3]",
                "book",
                "letter",
                "document",
                "script"
            ])),
            ["book", "letter", "document"]
        );
        assert_eq!(glosses(&senses(&["CL:个[ge4]"])), ["CL:个"]);
    }
}
