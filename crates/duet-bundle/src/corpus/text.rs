//! Parallel sentences and paragraphs: each Chinese sentence has exactly one English
//! sentence saying the same, so generated articles align sentence by sentence.

use super::lexicon::{CLAUSES, OBJECTS, OPENERS, QUESTIONS, SUBJECTS, VERBS};
use super::rng::Rng;

/// The same text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bitext {
    pub zh: String,
    pub en: String,
}

impl Bitext {
    /// The same text in both languages (code, numbers).
    pub fn same(text: &str) -> Self {
        Bitext {
            zh: text.to_string(),
            en: text.to_string(),
        }
    }

    /// `zh` and `en` each wrapped by `wrap`.
    pub fn map(&self, wrap: impl Fn(&str) -> String) -> Self {
        Bitext {
            zh: wrap(&self.zh),
            en: wrap(&self.en),
        }
    }
}

/// One sentence, sometimes a question, sometimes with bold, a link or a number.
/// A sentence without Markdown marks, for front matter, which is plain text.
pub fn plain_sentence(rng: &mut Rng) -> Bitext {
    let marked = sentence(rng);
    Bitext {
        zh: strip_marks(&marked.zh),
        en: strip_marks(&marked.en),
    }
}

/// Drops `**` and turns `[text](target)` into `text`.
fn strip_marks(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match (after.find("]("), after.find(')')) {
            (Some(close), Some(end)) if close < end => {
                plain.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            _ => {
                plain.push('[');
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    plain.replace("**", "")
}

pub fn sentence(rng: &mut Rng) -> Bitext {
    if rng.chance(8) {
        let (zh, en) = rng.pick(QUESTIONS);
        return Bitext {
            zh: zh.to_string(),
            en: en.to_string(),
        };
    }
    let opener = if rng.chance(30) {
        *rng.pick(OPENERS)
    } else {
        ("", "")
    };
    let subject = rng.pick(SUBJECTS);
    let (mut subject_zh, mut subject_en) = (subject.0.to_string(), subject.1.to_string());
    if rng.chance(5) {
        let target = format!("https://example.com/notes/{}", rng.below(1000));
        subject_zh = format!("[{subject_zh}]({target})");
        subject_en = format!("[{subject_en}]({target})");
    }
    let verb = rng.pick(VERBS);
    let object = rng.pick(OBJECTS);
    let (object_zh, object_en) = if rng.chance(15) {
        (format!("**{}**", object.0), format!("**{}**", object.1))
    } else {
        (object.0.to_string(), object.1.to_string())
    };
    let clause = if rng.chance(35) {
        *rng.pick(CLAUSES)
    } else {
        ("", "")
    };
    let number = if rng.chance(10) {
        let ratio = format!("{}.{}", rng.between(1, 9), rng.between(1, 9));
        (
            format!("，效果提升了{ratio}倍"),
            format!(", improving results {ratio}x"),
        )
    } else {
        (String::new(), String::new())
    };
    Bitext {
        zh: format!(
            "{}{subject_zh}{}{object_zh}{}{}。",
            opener.0, verb.0, clause.0, number.0
        ),
        en: capitalise(&format!(
            "{}{subject_en} {} {object_en}{}{}.",
            opener.1, verb.1, clause.1, number.1
        )),
    }
}

/// `count` sentences, one per line (so paragraphs contain soft breaks).
pub fn paragraph(rng: &mut Rng, count: usize) -> Bitext {
    let sentences: Vec<Bitext> = (0..count).map(|_| sentence(rng)).collect();
    Bitext {
        zh: sentences
            .iter()
            .map(|sentence| sentence.zh.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        en: sentences
            .iter()
            .map(|sentence| sentence.en.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Uppercases the first letter, looking past Markdown marks such as `[` and `**`.
pub fn capitalise(text: &str) -> String {
    let mut done = false;
    text.chars()
        .map(|character| {
            if !done && character.is_alphabetic() {
                done = true;
                character.to_ascii_uppercase()
            } else {
                character
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalises_past_markdown() {
        assert_eq!(capitalise("[the startup](x) won"), "[The startup](x) won");
        assert_eq!(capitalise("**large** models"), "**Large** models");
    }

    #[test]
    // Guards a corpus bug the search benchmark found: abstracts carried raw
    // Markdown, so link targets were indexed as words.
    fn plain_sentences_have_no_markdown() {
        let mut rng = Rng::for_item(5, 0);
        for _ in 0..500 {
            let pair = plain_sentence(&mut rng);
            for text in [&pair.zh, &pair.en] {
                assert!(
                    !text.contains("**") && !text.contains("](") && !text.contains("https"),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn sentences_end_in_both_languages() {
        let mut rng = Rng::for_item(3, 0);
        for _ in 0..200 {
            let pair = sentence(&mut rng);
            assert!(
                pair.zh.ends_with('。') || pair.zh.ends_with('？'),
                "{}",
                pair.zh
            );
            assert!(
                pair.en.ends_with('.') || pair.en.ends_with('?'),
                "{}",
                pair.en
            );
        }
    }
}
