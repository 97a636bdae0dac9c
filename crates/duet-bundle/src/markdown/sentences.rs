//! Cutting a paragraph's spans into sentences, for Chinese and English alike.
//!
//! Chinese sentences end at `。！？；…`, English ones at `.!?` followed by
//! whitespace. Closing quotes and brackets stay with the sentence they close, and
//! whitespace between sentences stays at the end of the earlier one, so joining the
//! sentences gives back the paragraph exactly.

use duet_core::{Sentence, Span};

use crate::script::is_cjk;

/// Words that end in a dot without ending a sentence (lowercase, final dot removed).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "e.g", "i.e", "etc", "vs", "cf", "al",
    "u.s", "u.k", "u.n", "e.u", "inc", "ltd", "co", "corp", "no", "nos", "vol", "fig", "approx",
    "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "ph.d", "gen", "gov", "rep", "sen",
];

/// Full-width sentence ends; `…` also ends English sentences followed by a capital.
fn is_cjk_end(character: char) -> bool {
    matches!(character, '。' | '！' | '？' | '；' | '…')
}

fn is_ascii_end(character: char) -> bool {
    matches!(character, '.' | '!' | '?')
}

/// Closing quotes and brackets that belong to the sentence before them.
fn is_closer(character: char) -> bool {
    matches!(
        character,
        '”' | '’' | '」' | '』' | '）' | '》' | '】' | '〉' | '"' | '\'' | ')' | ']'
    )
}

/// Splits a paragraph into sentences. Spans crossing a sentence boundary are cut
/// into two spans with the same marks; no sentence is empty.
pub fn split_sentences(spans: Vec<Span>) -> Vec<Sentence> {
    let text: String = spans.iter().map(|span| span.text.as_str()).collect();
    let mut code = Vec::new();
    let mut breaks = Vec::new();
    let mut offset = 0;
    for span in &spans {
        let end = offset + span.text.len();
        // A formula's source and a note's number are never cut either.
        if span.code || span.math.is_some() || span.note.is_some() {
            code.push(offset..end);
        }
        if span.br {
            breaks.push(end);
        }
        offset = end;
    }
    let cuts = find_cuts(&text, &code, &breaks);
    cut_spans(spans, &cuts)
}

/// Byte offsets in `text` where a new sentence starts.
fn find_cuts(text: &str, code: &[std::ops::Range<usize>], breaks: &[usize]) -> Vec<usize> {
    let characters: Vec<(usize, char)> = text.char_indices().collect();
    let offset_at = |index: usize| characters.get(index).map_or(text.len(), |(at, _)| *at);
    // `code` and `breaks` are in text order, so binary searches keep a paragraph of
    // many code spans or line breaks linear rather than quadratic.
    let in_code = |offset: usize| {
        let after = code.partition_point(|range| range.start <= offset);
        after > 0 && code[after - 1].contains(&offset)
    };
    let mut cuts = Vec::new();
    let mut index = 0;
    while index < characters.len() {
        let (offset, character) = characters[index];
        let ascii = is_ascii_end(character);
        if !(ascii || is_cjk_end(character)) || in_code(offset) {
            index += 1;
            continue;
        }
        // A run of ends ("?!", "……", "...") and then the closers after it.
        let mut end = index + 1;
        while end < characters.len()
            && (is_ascii_end(characters[end].1) || is_cjk_end(characters[end].1))
        {
            end += 1;
        }
        let lone_dot = character == '.' && end == index + 1;
        while end < characters.len() && is_closer(characters[end].1) {
            end += 1;
        }
        let mut next = end;
        while next < characters.len() && characters[next].1.is_whitespace() {
            next += 1;
        }
        let spaced = next > end || breaks.binary_search(&offset_at(end)).is_ok();
        let following = characters.get(next).map(|(_, character)| *character);
        let ends_here = match following {
            None => false,
            Some(following) if ascii => {
                let cjk_after_mark = !spaced && character != '.' && is_cjk(following);
                (spaced || cjk_after_mark)
                    && !following.is_ascii_lowercase()
                    && !(lone_dot && is_abbreviation(&characters[..index]))
            }
            Some(following) => !following.is_ascii_lowercase(),
        };
        if ends_here {
            cuts.push(offset_at(next));
        }
        index = next.max(index + 1);
    }
    cuts
}

/// True when the word just before a dot is an abbreviation or a single initial.
fn is_abbreviation(before: &[(usize, char)]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .map(|(_, character)| *character)
        .take_while(|character| !character.is_whitespace() && !"([{\"'“‘".contains(*character))
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    let mut letters = word.chars();
    let single_initial = matches!((letters.next(), letters.next()), (Some(first), None) if first.is_ascii_uppercase());
    single_initial || ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// Cuts `spans` at the byte offsets `cuts` of their joined text.
fn cut_spans(spans: Vec<Span>, cuts: &[usize]) -> Vec<Sentence> {
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut current: Sentence = Vec::new();
    let mut cuts = cuts.iter().copied().peekable();
    let mut offset = 0;
    for span in spans {
        let length = span.text.len();
        let mut local = 0;
        while let Some(cut) = cuts.next_if(|cut| *cut <= offset + length) {
            let at = cut - offset;
            push_piece(&mut current, &span, local, at);
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            local = at;
        }
        push_piece(&mut current, &span, local, length);
        offset += length;
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    merge_blank_sentences(sentences)
}

/// Adds `span.text[start..end]` with the span's marks; the hard break stays on the
/// piece that ends where the span ends.
fn push_piece(sentence: &mut Sentence, span: &Span, start: usize, end: usize) {
    if start >= end {
        return;
    }
    // Built field by field: `Span::with_text` would copy the whole span's text first,
    // quadratic when one long span holds many sentences.
    sentence.push(Span {
        text: span.text[start..end].to_string(),
        strong: span.strong,
        em: span.em,
        strike: span.strike,
        code: span.code,
        br: span.br && end == span.text.len(),
        href: span.href.clone(),
        kbd: span.kbd,
        sup: span.sup,
        sub: span.sub,
        mark: span.mark,
        small: span.small,
        abbr: span.abbr.clone(),
        note: span.note,
        math: span.math.clone(),
    });
}

/// Folds sentences that hold only whitespace into the one before, so none is empty.
fn merge_blank_sentences(sentences: Vec<Sentence>) -> Vec<Sentence> {
    let mut merged: Vec<Sentence> = Vec::new();
    for sentence in sentences {
        let blank = sentence.iter().all(|span| span.text.trim().is_empty());
        match merged.last_mut() {
            Some(previous) if blank => previous.extend(sentence),
            _ if blank => {}
            _ => merged.push(sentence),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use duet_core::spans_text;

    use super::*;

    fn texts(text: &str) -> Vec<String> {
        split_sentences(vec![Span::plain(text)])
            .iter()
            .map(|sentence| spans_text(sentence))
            .collect()
    }

    #[test]
    fn chinese_sentences_end_at_full_width_marks() {
        assert_eq!(
            texts("大模型正在改变软件。它能写代码吗？当然！但也有风险；需要审查……最后一句"),
            [
                "大模型正在改变软件。",
                "它能写代码吗？",
                "当然！",
                "但也有风险；",
                "需要审查……",
                "最后一句"
            ]
        );
    }

    #[test]
    fn chinese_closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            texts("他说：“这很重要。”然后离开了。（见附录。）下一句。"),
            [
                "他说：“这很重要。”",
                "然后离开了。",
                "（见附录。）",
                "下一句。"
            ]
        );
    }

    #[test]
    fn english_sentences_keep_trailing_space_and_quotes() {
        assert_eq!(
            texts("Models write code. Do they reason? \"Yes!\" she said. End"),
            [
                "Models write code. ",
                "Do they reason? ",
                "\"Yes!\" she said. ",
                "End"
            ]
        );
    }

    #[test]
    fn english_abbreviations_initials_and_decimals_do_not_end_sentences() {
        assert_eq!(
            texts("Dr. Smith met Mr. J. Doe of Acme Inc. in the U.S. today. Scores rose 3.5 points, e.g. on MMLU. Fine."),
            [
                "Dr. Smith met Mr. J. Doe of Acme Inc. in the U.S. today. ",
                "Scores rose 3.5 points, e.g. on MMLU. ",
                "Fine."
            ]
        );
        assert_eq!(
            texts("It costs approx. ten dollars. Ok."),
            ["It costs approx. ten dollars. ", "Ok."]
        );
    }

    #[test]
    fn lowercase_after_a_dot_does_not_start_a_sentence() {
        assert_eq!(
            texts("Wait... and then it ran. Done."),
            ["Wait... and then it ran. ", "Done."]
        );
    }

    #[test]
    fn mixed_chinese_and_english() {
        assert_eq!(
            texts("OpenAI 发布了 GPT-5。Many users said \"wow.\" 然后呢？好吧"),
            [
                "OpenAI 发布了 GPT-5。",
                "Many users said \"wow.\" ",
                "然后呢？",
                "好吧"
            ]
        );
        assert_eq!(texts("真的吗?是的。"), ["真的吗?", "是的。"]);
    }

    #[test]
    fn no_split_inside_inline_code() {
        let spans = vec![
            Span::plain("Call "),
            Span {
                code: true,
                ..Span::plain("a.b. C()")
            },
            Span::plain(" now. Then stop."),
        ];
        let sentences = split_sentences(spans);
        assert_eq!(sentences.len(), 2);
        assert_eq!(spans_text(&sentences[0]), "Call a.b. C() now. ");
    }

    #[test]
    fn spans_crossing_a_boundary_are_cut_with_their_marks() {
        let bold = Span {
            strong: true,
            ..Span::plain("one. Two")
        };
        let linked = Span {
            href: Some("https://x.org".into()),
            br: true,
            ..Span::plain(" three. Four")
        };
        let sentences = split_sentences(vec![Span::plain("Zero "), bold, linked]);
        assert_eq!(sentences.len(), 3);
        assert_eq!(sentences[0][1].text, "one. ");
        assert!(sentences[0][1].strong);
        assert_eq!(sentences[1][0].text, "Two");
        assert!(sentences[1][0].strong);
        assert_eq!(sentences[1][1].text, " three. ");
        assert!(
            !sentences[1][1].br,
            "the break belongs after the span's last piece"
        );
        assert_eq!(sentences[2][0].text, "Four");
        assert!(sentences[2][0].br);
        assert_eq!(sentences[2][0].href.as_deref(), Some("https://x.org"));
    }

    #[test]
    fn hard_break_after_a_dot_ends_the_sentence() {
        let first = Span {
            br: true,
            ..Span::plain("Line one.")
        };
        let sentences = split_sentences(vec![first, Span::plain("Line two.")]);
        assert_eq!(sentences.len(), 2);
    }

    #[test]
    fn never_produces_empty_sentences() {
        assert!(texts("").is_empty());
        assert_eq!(texts("。。。"), ["。。。"]);
        assert_eq!(texts("Hi.   "), ["Hi.   "]);
        let sentences = split_sentences(vec![
            Span::plain("Ok. "),
            Span::plain("   "),
            Span::plain("Go."),
        ]);
        assert!(sentences
            .iter()
            .all(|sentence| !spans_text(sentence).trim().is_empty()));
        assert_eq!(sentences.len(), 2);
    }
}
