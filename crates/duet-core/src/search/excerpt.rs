//! Marking a query's matches in a text, for `<mark>` in results.

use std::ops::Range;

use super::query::Query;
use super::tokenize::{runs, stem, Script, MAX_WORD_CHARS};

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
    marked.sort_by_key(|range| (range.start, range.end));
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
