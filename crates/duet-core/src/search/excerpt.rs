//! What a result shows of a passage: the text around the query's first match, and
//! the query's matches in it marked, for `<mark>`.

use std::ops::Range;

use super::passages::Passage;
use super::query::Query;
use super::tokenize::{runs, stem, Script, MAX_WORD_CHARS};
use crate::lang::Lang;

/// Cuts `text` into consecutive byte ranges covering all of it, `true` where a query
/// term matches: a word with the same stem (or starting with the prefix being typed),
/// or ideographs forming one of the query's bigrams (or its lone character).
pub fn highlight(text: &str, query: &Query) -> Vec<(Range<usize>, bool)> {
    let mut marked: Vec<Range<usize>> = Vec::new();
    for run in runs(text) {
        match run.script {
            Script::Word => {
                if word_matches(&run.text(), query) {
                    marked.push(run.byte_range(0, run.chars.len()));
                }
            }
            Script::Ideographic => {
                for slot in query
                    .slots
                    .iter()
                    .filter(|slot| slot.script == Script::Ideographic)
                {
                    let wanted: Vec<char> = slot.term.chars().collect();
                    for start in 0..run.chars.len() {
                        if run.chars[start..].starts_with(&wanted) {
                            marked.push(run.byte_range(start, start + wanted.len()));
                        }
                    }
                }
            }
        }
    }
    crate::sort::sort_by_key(&mut marked, |range| (range.start, range.end));
    let mut parts = Vec::new();
    let mut done = 0;
    for range in marked {
        if range.end <= done {
            continue;
        }
        let start = range.start.max(done);
        if start > done {
            parts.push((done..start, false));
        }
        match parts.last_mut() {
            Some((last, true)) if last.end == start => last.end = range.end,
            _ => parts.push((start..range.end, true)),
        }
        done = range.end;
    }
    if done < text.len() {
        parts.push((done..text.len(), false));
    }
    parts
}

/// Longest excerpt in characters: Chinese packs more meaning (and 3 bytes) per character.
const CHINESE_CHARS: usize = 64;
const ENGLISH_CHARS: usize = 170;

/// The sentence (or line) of `passage` where `query` first matches.
pub fn excerpt_start(passage: &Passage, query: &Query) -> Option<usize> {
    passage
        .units()
        .0
        .iter()
        .position(|unit| first_match(unit, query).is_some())
}

/// Where a translation's excerpt starts, given where its counterpart's does: at its
/// own match if it has one, else at the same sentence when both sides have as many.
pub fn counterpart_start(
    passage: &Passage,
    query: &Query,
    own: &Passage,
    own_start: usize,
) -> usize {
    excerpt_start(passage, query).unwrap_or_else(|| {
        if passage.units().0.len() == own.units().0.len() {
            own_start
        } else {
            0
        }
    })
}

/// The part of `passage` (in `lang`) worth showing for `query`: from sentence or line
/// `first` (see [`excerpt_start`]) onwards, cut to a few lines' length around the
/// query's first match there, with `…` wherever text was left out.
pub fn excerpt(passage: &Passage, query: &Query, lang: Lang, first: usize) -> String {
    let limit = match lang {
        Lang::Zh => CHINESE_CHARS,
        Lang::En => ENGLISH_CHARS,
    };
    let (units, separator) = passage.units();
    let first = first.min(units.len().saturating_sub(1));
    let text = units
        .get(first..)
        .unwrap_or_default()
        .join(separator)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let matched_at = first_match(&text, query)
        .map(|byte| chars.partition_point(|(at, _)| *at < byte))
        .unwrap_or(0);
    // From the sentence's start when the match is in the first half of the window;
    // else shortly before the match, for some context, but no earlier than needed to
    // fill the window with what remains.
    let start = if matched_at < limit / 2 {
        0
    } else {
        (matched_at - limit / 4).min(chars.len().saturating_sub(limit))
    };
    // Latin text is cut between words; Chinese anywhere.
    let latin = lang == Lang::En;
    let start = if start > 0 && latin {
        word_start(&chars, start)
    } else {
        start
    };
    let end = (start + limit).min(chars.len());
    let end = if end < chars.len() && latin {
        word_end(&chars, start, end)
    } else {
        end
    };
    let byte = |at: usize| chars.get(at).map_or(text.len(), |(byte, _)| *byte);
    let mut out = String::new();
    if first > 0 || start > 0 {
        out.push('…');
    }
    out.push_str(text[byte(start)..byte(end)].trim());
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// Byte offset of the first match of `query` in `text`.
fn first_match(text: &str, query: &Query) -> Option<usize> {
    highlight(text, query)
        .into_iter()
        .find(|(_, matched)| *matched)
        .map(|(range, _)| range.start)
}

/// `at` moved forward to the start of a word when a space is near (Latin text).
fn word_start(chars: &[(usize, char)], at: usize) -> usize {
    (at..chars.len().min(at + 15))
        .find(|index| chars[*index].1 == ' ')
        .map_or(at, |space| space + 1)
}

/// `end` moved back to the end of a word when a space is near (Latin text).
fn word_end(chars: &[(usize, char)], start: usize, end: usize) -> usize {
    (start.max(end.saturating_sub(20))..end)
        .rev()
        .find(|index| chars[*index].1 == ' ')
        .unwrap_or(end)
}

fn word_matches(word: &str, query: &Query) -> bool {
    let word: String = word.chars().take(MAX_WORD_CHARS).collect();
    let stemmed = stem(&word);
    query
        .slots
        .iter()
        .filter(|slot| slot.script == Script::Word)
        .any(|slot| {
            let whole = if slot.prefix {
                stemmed.starts_with(&slot.term) || word.starts_with(&slot.term)
            } else {
                stemmed == slot.term
            };
            whole || slot.also.contains(&stemmed)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Field;

    fn paragraph(sentences: &[&str]) -> Passage {
        Passage {
            number: 2,
            field: Field::Body,
            id: "p1".into(),
            named: false,
            text: sentences.concat(),
            sentences: sentences.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn excerpt_starts_at_the_sentence_that_matches() {
        let passage = paragraph(&["第一句没有关键词。", "第二句讲的是推理成本。", "第三句。"]);
        let query = Query::parse("推理");
        let start = excerpt_start(&passage, &query);
        assert_eq!(start, Some(1));
        let shown = excerpt(&passage, &query, Lang::Zh, 1);
        assert_eq!(shown, "…第二句讲的是推理成本。第三句。");
        // Nothing matches (a hit on the other side): the opening.
        assert_eq!(excerpt_start(&passage, &Query::parse("xyz")), None);
        let shown = excerpt(&passage, &Query::parse("xyz"), Lang::Zh, 0);
        assert_eq!(shown, "第一句没有关键词。第二句讲的是推理成本。第三句。");
    }

    #[test]
    fn a_translation_starts_at_the_same_sentence_when_the_counts_agree() {
        let zh = paragraph(&["第一句。", "第二句讲推理。", "第三句。"]);
        let en = paragraph(&["One. ", "Two is about inference. ", "Three."]);
        let query = Query::parse("推理");
        assert_eq!(counterpart_start(&en, &query, &zh, 1), 1);
        assert_eq!(
            excerpt(&en, &query, Lang::En, 1),
            "…Two is about inference. Three."
        );
        let shorter = paragraph(&["One and two. ", "Three."]);
        assert_eq!(counterpart_start(&shorter, &query, &zh, 1), 0);
    }

    #[test]
    fn a_match_deep_in_a_long_sentence_is_shown_with_context() {
        let long = format!(
            "{} the reviewer flagged it. {}",
            "word ".repeat(80),
            "tail ".repeat(80)
        );
        let passage = paragraph(&[&long]);
        let query = Query::parse("reviewer");
        let shown = excerpt(&passage, &query, Lang::En, 0);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("the reviewer flagged it."), "{shown}");
        assert!(shown.chars().count() <= ENGLISH_CHARS + 2, "{shown}");
        // Cut between words, never inside one.
        assert!(
            shown
                .trim_matches('…')
                .split(' ')
                .all(|word| ["word", "the", "reviewer", "flagged", "it.", "tail"].contains(&word)),
            "{shown}"
        );
    }

    #[test]
    fn lines_of_an_faq_entry_are_joined_with_a_space() {
        let passage = Passage {
            number: 40,
            field: Field::Faq,
            id: "faq-1".into(),
            named: false,
            text: "Who pays?\nThe agent pays.".into(),
            sentences: Vec::new(),
        };
        assert_eq!(
            excerpt(&passage, &Query::parse("agent"), Lang::En, 1),
            "…The agent pays."
        );
        assert_eq!(
            excerpt(&passage, &Query::parse("pays"), Lang::En, 0),
            "Who pays? The agent pays."
        );
    }

    fn marked(text: &str, query: &str) -> Vec<String> {
        highlight(text, &Query::parse(query))
            .into_iter()
            .filter(|(_, hit)| *hit)
            .map(|(range, _)| text[range].to_string())
            .collect()
    }

    #[test]
    fn ranges_cover_the_whole_text_in_order() {
        let text = "Large models, 大型语言模型!";
        let parts = highlight(text, &Query::parse("model 语言"));
        assert_eq!(parts.first().unwrap().0.start, 0);
        assert_eq!(parts.last().unwrap().0.end, text.len());
        assert!(parts
            .windows(2)
            .all(|pair| pair[0].0.end == pair[1].0.start));
        assert!(highlight("", &Query::parse("x")).is_empty());
    }

    #[test]
    fn words_match_by_stem_and_the_last_by_prefix() {
        assert_eq!(
            marked("Modelling the models of a modest model", "model "),
            ["Modelling", "models", "model"]
        );
        assert_eq!(marked("Agents and agency", "agen"), ["Agents", "agency"]);
        assert_eq!(marked("ＧＰＵ clusters", "gpu "), ["ＧＰＵ"]);
    }

    #[test]
    fn chinese_bigrams_merge_into_one_mark() {
        assert_eq!(
            marked("新一代大型语言模型的进展", "大型语言模型"),
            ["大型语言模型"]
        );
        assert_eq!(marked("模型和模式", "模"), ["模", "模"]);
        assert_eq!(marked("GPU 芯片厂商", "gpu芯片"), ["GPU", "芯片"]);
    }
}
