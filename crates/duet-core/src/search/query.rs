//! A typed query, cut into terms the way the index was, and the shards it needs.

use super::format::{shard_file, SearchManifest};
use super::tokenize::{is_stop_word, runs, stem, Script, MAX_WORD_CHARS};

/// A parsed query: what must match, and how much each part counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub(crate) slots: Vec<Slot>,
    /// Ideograph runs of the query, for finding indexed jieba words inside them.
    pub(crate) ideograph_runs: Vec<Vec<char>>,
}

/// One part of a query that a document should contain.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slot {
    /// The term, or a prefix of terms when `prefix`.
    pub(crate) term: String,
    pub(crate) prefix: bool,
    /// Shorter terms that also count: stems that are prefixes of a word being typed
    /// (`informat` finds `inform`, the stem of *information*).
    pub(crate) also: Vec<String>,
    /// The share of the query this stands for: a word 1, each bigram of an
    /// n-character run 1/(n−1).
    pub(crate) weight: f32,
    pub(crate) script: Script,
    /// An ideograph bigram followed by more of its run: indexed words starting with
    /// it may occur in the query, so the shards of its prefix range are needed.
    pub(crate) words_follow: bool,
    /// The word as typed (folded), for highlighting word slots.
    pub(crate) typed: String,
}

/// Ideograph runs this long are searched by bigrams that tile them, not every bigram.
pub(crate) const TILE_FROM: usize = 5;

/// Most slots a query keeps; a longer paste is cut.
pub(crate) const MAX_SLOTS: usize = 48;

impl Query {
    /// Folds and cuts `text` as the index was; the last word, when the text does not
    /// end in a space or punctuation, matches as a prefix (type-ahead).
    pub fn parse(text: &str) -> Query {
        let found = runs(text);
        let open_end = found
            .last()
            .is_some_and(|run| run.offsets.last() == Some(&text.len()));
        let mut query = Query::default();
        for (index, run) in found.iter().enumerate() {
            let typing = open_end && index + 1 == found.len();
            match run.script {
                Script::Word => query.add_word(&run.text(), typing),
                Script::Ideographic => query.add_ideographs(&run.chars),
            }
        }
        query.slots.truncate(MAX_SLOTS);
        query
    }

    fn add_word(&mut self, word: &str, typing: bool) {
        let word: String = word.chars().take(MAX_WORD_CHARS).collect();
        let length = word.chars().count();
        let slot = |term: String, prefix: bool, also: Vec<String>| Slot {
            term,
            prefix,
            also,
            weight: 1.0,
            script: Script::Word,
            words_follow: false,
            typed: word.clone(),
        };
        if typing && length >= 2 {
            let stemmed = stem(&word);
            let common: String = word
                .chars()
                .zip(stemmed.chars())
                .take_while(|(typed, stemmed)| typed == stemmed)
                .map(|(typed, _)| typed)
                .collect();
            let prefix = if common.chars().count() >= 2 {
                common
            } else {
                word.clone()
            };
            let shortest = 3.max(length.saturating_sub(3));
            let also = (shortest..length)
                .map(|keep| word.chars().take(keep).collect::<String>())
                .filter(|shorter| !shorter.starts_with(prefix.as_str()))
                .collect();
            self.slots.push(slot(prefix, true, also));
        } else if !is_stop_word(&word) {
            self.slots.push(slot(stem(&word), false, Vec::new()));
        }
    }

    fn add_ideographs(&mut self, chars: &[char]) {
        let lone = chars.len() == 1;
        let bigrams = chars.len().saturating_sub(1);
        // Long runs are searched by bigrams that tile them (every character in one):
        // 0-1, 2-3, …, and the last pair. They find the same passages from about half
        // the shards.
        let starts: Vec<usize> = if lone {
            vec![0]
        } else if chars.len() >= TILE_FROM {
            (0..bigrams)
                .filter(|at| at % 2 == 0 || at + 1 == bigrams)
                .collect()
        } else {
            (0..bigrams).collect()
        };
        let weight = 1.0 / starts.len() as f32;
        for start in starts {
            let term: String = chars[start..(start + 2).min(chars.len())].iter().collect();
            self.slots.push(Slot {
                typed: term.clone(),
                term,
                prefix: lone,
                also: Vec::new(),
                weight,
                script: Script::Ideographic,
                words_follow: chars.len() - start >= 3,
            });
        }
        if !lone {
            self.ideograph_runs.push(chars.to_vec());
        }
    }

    /// True when nothing searchable was typed (only spaces, punctuation, stop words).
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The terms looked up, prefixes marked with a trailing `*` (for display and tests).
    pub fn terms(&self) -> Vec<String> {
        self.slots
            .iter()
            .map(|slot| {
                if slot.prefix {
                    format!("{}*", slot.term)
                } else {
                    slot.term.clone()
                }
            })
            .collect()
    }

    /// Indexes of the shards that may hold this query's terms, ascending.
    pub fn shard_indexes(&self, manifest: &SearchManifest) -> Vec<usize> {
        let mut needed = Vec::new();
        for slot in &self.slots {
            // A bigram is also the prefix of the longer indexed words that start with it.
            if slot.prefix || slot.words_follow {
                let first = manifest.shard_of(&slot.term);
                let last = manifest.shard_of(&format!("{}\u{10FFFF}", slot.term));
                needed.extend(first..=last);
            } else {
                needed.push(manifest.shard_of(&slot.term));
            }
        }
        for term in self.slots.iter().flat_map(|slot| &slot.also) {
            needed.push(manifest.shard_of(term));
        }
        crate::sort::sort_by(&mut needed, Ord::cmp);
        needed.dedup();
        needed.retain(|index| *index < manifest.shard_count());
        needed
    }

    /// Bundle-relative paths of the index parts this query needs.
    pub fn shard_files(&self, manifest: &SearchManifest) -> Vec<String> {
        self.shard_indexes(manifest)
            .into_iter()
            .map(shard_file)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_word_is_a_prefix_unless_followed_by_a_space() {
        assert_eq!(Query::parse("large langu").terms(), ["larg", "langu*"]);
        assert_eq!(Query::parse("large langu ").terms(), ["larg", "langu"]);
        assert_eq!(Query::parse("Models").terms(), ["model*"]);
        assert_eq!(Query::parse("models.").terms(), ["model"]);
    }

    #[test]
    fn stop_words_drop_except_while_being_typed() {
        assert_eq!(Query::parse("the future of the").terms(), ["futur", "the*"]);
        assert_eq!(Query::parse("the future of ").terms(), ["futur"]);
        assert!(Query::parse("the of ").is_empty());
        assert!(Query::parse("  ，。! ").is_empty());
    }

    #[test]
    fn a_word_being_typed_also_finds_shorter_stems() {
        let query = Query::parse("informat");
        assert!(query.slots[0].prefix);
        assert!(query.slots[0].also.contains(&"inform".to_string()));
        let query = Query::parse("studying");
        assert_eq!(query.terms(), ["stud*"]);
    }

    #[test]
    fn chinese_without_spaces_becomes_bigrams_sharing_one_weight() {
        let query = Query::parse("推理成本");
        assert_eq!(query.terms(), ["推理", "理成", "成本"]);
        let query = Query::parse("智能体的风险");
        assert_eq!(query.terms(), ["智能", "体的", "风险"]);
        let total: f32 = query.slots.iter().map(|slot| slot.weight).sum();
        assert!((total - 1.0).abs() < 1e-6);
        assert_eq!(Query::parse("模").terms(), ["模*"]);
    }

    #[test]
    fn mixed_queries_keep_both_scripts() {
        assert_eq!(
            Query::parse("GPT-4 模型训练").terms(),
            ["gpt", "4", "模型", "型训", "训练"]
        );
        assert_eq!(Query::parse("ＧＰＵ芯片").terms(), ["gpu", "芯片"]);
    }

    #[test]
    fn shards_cover_exact_terms_and_prefix_ranges() {
        let manifest = SearchManifest {
            schema_version: crate::SCHEMA_VERSION,
            articles: 1,
            docs: 1,
            faq_base: 10,
            avg_len: vec![1.0; 5],
            shard_starts: vec!["b".into(), "mo".into(), "mod".into(), "n".into()],
        };
        assert_eq!(Query::parse("apple ").shard_indexes(&manifest), [0]);
        // Shard 0 holds terms before "b", shard 1 from "b", 2 from "mo", 3 from "mod".
        assert_eq!(Query::parse("model ").shard_indexes(&manifest), [3]);
        assert_eq!(Query::parse("mo").shard_indexes(&manifest), [2, 3]);
        assert_eq!(
            Query::parse("zebra apple").shard_files(&manifest),
            ["search/terms/0.json.gz", "search/terms/4.json.gz"]
        );
    }
}
