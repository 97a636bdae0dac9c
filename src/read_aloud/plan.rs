//! What read-aloud says, in which order and in which language: pure, so it is tested
//! natively. The component (`components/read_aloud.rs`) only feeds these utterances
//! to the browser's speechSynthesis, one sentence each (Chrome cuts long ones off).

use duet_core::{spans_text, Article, Block, Lang};

/// Which languages are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// The lead language only.
    Lead,
    /// Both languages: each lead sentence followed by its translation where the
    /// pair's sentences are aligned, else the whole lead block and then the whole
    /// counterpart block.
    Both,
}

/// One sentence (or heading) to speak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utterance {
    /// Language of the text.
    pub lang: Lang,
    /// Index of the block pair it belongs to.
    pub pair: usize,
    /// Sentence index in its paragraph; `None` for a heading.
    pub sentence: Option<usize>,
    /// Whether the pair's sentences are aligned, so sentence `i` has a counterpart.
    pub aligned: bool,
    /// Plain text, marks dropped.
    pub text: String,
}

impl Utterance {
    /// What lights up while this is spoken: the sentence and its translation when
    /// aligned (`Some(sentence)`), else the pair's blocks whole (`None`).
    pub fn highlight(&self) -> (usize, Option<usize>) {
        (self.pair, self.sentence.filter(|_| self.aligned))
    }
}

/// The BCP 47 tag given to an utterance's `lang`, which also picks the voice.
pub fn speech_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en-US",
    }
}

/// Every utterance of `article` in reading order. Only headings and paragraphs are
/// read (lists, quotes, code and tables have no sentence marks to highlight);
/// languages not in `voiced` are left out, since no voice could say them.
pub fn plan(article: &Article, lead: Lang, mode: ReadMode, voiced: &[Lang]) -> Vec<Utterance> {
    let mut out = Vec::new();
    for (index, pair) in article.pairs.iter().enumerate() {
        let side = |lang: Lang| -> Vec<Utterance> {
            if !voiced.contains(&lang) {
                return Vec::new();
            }
            let block = pair
                .side(lang)
                .and_then(|at| article.body.get(lang)?.blocks.get(at as usize));
            block_utterances(block, lang, index, pair.sentences_aligned)
        };
        let lead_side = side(lead);
        if mode == ReadMode::Lead {
            out.extend(lead_side);
            continue;
        }
        let other_side = side(lead.other());
        if pair.sentences_aligned && lead_side.len() == other_side.len() {
            for (first, second) in lead_side.into_iter().zip(other_side) {
                out.push(first);
                out.push(second);
            }
        } else {
            out.extend(lead_side);
            out.extend(other_side);
        }
    }
    out
}

fn block_utterances(
    block: Option<&Block>,
    lang: Lang,
    pair: usize,
    aligned: bool,
) -> Vec<Utterance> {
    let make = |sentence: Option<usize>, text: String| Utterance {
        lang,
        pair,
        sentence,
        aligned,
        text,
    };
    match block {
        Some(Block::Heading { spans, .. }) => {
            let text = spans_text(spans).trim().to_string();
            (!text.is_empty())
                .then(|| make(None, text))
                .into_iter()
                .collect()
        }
        // Empty sentences are skipped but keep their index, so the highlight still
        // finds the right `data-sentence`.
        Some(Block::Paragraph { sentences, .. }) => sentences
            .iter()
            .enumerate()
            .map(|(at, sentence)| (at, spans_text(sentence).trim().to_string()))
            .filter(|(_, text)| !text.is_empty())
            .map(|(at, text)| make(Some(at), text))
            .collect(),
        _ => Vec::new(),
    }
}

/// The best voice for `lang` among voices with these `lang` tags: the exact tag of
/// [`speech_lang`] first, then mainland/simplified variants, then any of the
/// language (Cantonese `zh-HK` last: it reads Mandarin text in Cantonese).
pub fn pick_voice(voice_langs: &[String], lang: Lang) -> Option<usize> {
    let rank = |tag: &str| -> Option<u8> {
        let tag = tag.replace('_', "-").to_ascii_lowercase();
        if Lang::from_code(&tag) != Some(lang) {
            return None;
        }
        let wanted = speech_lang(lang).to_ascii_lowercase();
        Some(match tag.as_str() {
            exact if exact == wanted => 0,
            "zh" | "zh-hans" | "zh-hans-cn" | "cmn-cn" | "en" | "en-gb" => 1,
            "zh-hk" | "yue-hk" => 3,
            _ => 2,
        })
    };
    voice_langs
        .iter()
        .enumerate()
        .filter_map(|(at, tag)| rank(tag).map(|score| (score, at)))
        .min()
        .map(|(_, at)| at)
}

/// The languages some voice speaks.
pub fn voiced_langs(voice_langs: &[String]) -> Vec<Lang> {
    Lang::ALL
        .into_iter()
        .filter(|lang| pick_voice(voice_langs, *lang).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use duet_core::test_support::{body, heading, paragraph};
    use duet_core::{Bilingual, BlockPair};

    fn pair(zh: Option<u32>, en: Option<u32>, aligned: bool) -> BlockPair {
        duet_core::test_support::pair("p", zh, en, aligned)
    }

    /// Heading; an aligned pair of two sentences; an unaligned pair (1 zh, 2 en);
    /// a Chinese-only paragraph; a list (not read).
    fn article() -> Article {
        let zh = vec![
            heading("标题"),
            paragraph(&["一。", "二。"]),
            paragraph(&["三四。"]),
            paragraph(&["只有中文。"]),
        ];
        let en = vec![
            heading("Title"),
            paragraph(&["One. ", "Two."]),
            paragraph(&["Three. ", "Four."]),
            Block::List {
                ordered: false,
                start: None,
                items: vec![vec![paragraph(&["item"])]],
                checked: Vec::new(),
            },
        ];
        let sample =
            include_str!("../../crates/duet-bundle/tests/golden/articles/agents-at-work.json");
        let mut article: Article = serde_json::from_str(sample).expect("golden article decodes");
        article.body = Bilingual {
            zh: Some(body(zh)),
            en: Some(body(en)),
        };
        article.pairs = vec![
            pair(Some(0), Some(0), false),
            pair(Some(1), Some(1), true),
            pair(Some(2), Some(2), false),
            pair(Some(3), None, false),
            pair(None, Some(3), false),
        ];
        article
    }

    fn said(plan: &[Utterance]) -> Vec<(&str, &str)> {
        plan.iter()
            .map(|utterance| (utterance.lang.code(), utterance.text.as_str()))
            .collect()
    }

    #[test]
    fn lead_only_reads_the_lead_language_in_order() {
        let plan = plan(&article(), Lang::En, ReadMode::Lead, &Lang::ALL);
        assert_eq!(
            said(&plan),
            [
                ("en", "Title"),
                ("en", "One."),
                ("en", "Two."),
                ("en", "Three."),
                ("en", "Four.")
            ]
        );
    }

    #[test]
    fn both_alternates_aligned_sentences_and_follows_unaligned_blocks_whole() {
        let plan = plan(&article(), Lang::Zh, ReadMode::Both, &Lang::ALL);
        assert_eq!(
            said(&plan),
            [
                ("zh", "标题"),
                ("en", "Title"),
                ("zh", "一。"),
                ("en", "One."),
                ("zh", "二。"),
                ("en", "Two."),
                ("zh", "三四。"),
                ("en", "Three."),
                ("en", "Four."),
                ("zh", "只有中文。"),
            ]
        );
    }

    #[test]
    fn highlight_names_the_sentence_only_when_aligned() {
        let plan = plan(&article(), Lang::Zh, ReadMode::Both, &Lang::ALL);
        assert_eq!(plan[0].highlight(), (0, None), "heading: whole block");
        assert_eq!(plan[3].highlight(), (1, Some(0)), "aligned: the sentence");
        assert_eq!(plan[7].highlight(), (2, None), "unaligned: whole blocks");
        assert_eq!(plan[8].sentence, Some(1));
    }

    #[test]
    fn languages_without_a_voice_are_left_out() {
        let plan = plan(&article(), Lang::Zh, ReadMode::Both, &[Lang::En]);
        assert!(plan.iter().all(|utterance| utterance.lang == Lang::En));
        assert_eq!(plan.len(), 5);
    }

    #[test]
    fn voices_are_picked_by_language_preferring_the_exact_tag() {
        let langs: Vec<String> = ["en-GB", "zh-HK", "zh-TW", "en-US", "zh_CN", "fr-FR"]
            .map(String::from)
            .into();
        assert_eq!(pick_voice(&langs, Lang::En), Some(3));
        assert_eq!(pick_voice(&langs, Lang::Zh), Some(4));
        let cantonese_only: Vec<String> = vec!["zh-HK".into(), "de-DE".into()];
        assert_eq!(pick_voice(&cantonese_only, Lang::Zh), Some(0));
        assert_eq!(pick_voice(&cantonese_only, Lang::En), None);
        assert_eq!(voiced_langs(&cantonese_only), [Lang::Zh]);
        assert_eq!(speech_lang(Lang::Zh), "zh-CN");
    }
}
