//! One generated article: front matter and a body of headings, paragraphs, lists,
//! quotes, code and tables, written in parallel in both languages.

use crate::dates::{format_date, from_days};

use super::lexicon::{
    ASPECTS, AUTHORS, CODE_SNIPPETS, FAQ_QUESTIONS, HEADINGS, SOURCES, TAGS, TOPICS,
};
use super::rng::Rng;
use super::text::{paragraph, plain_sentence, sentence, Bitext};

/// Days from 1970-01-01 to 2023-01-01, where generated dates start.
const FIRST_DAY: i64 = 19_358;
/// Generated dates spread over three years.
const DAY_SPAN: usize = 1_096;

/// A generated article: its slug and the text of each language file it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub slug: String,
    pub zh: Option<String>,
    pub en: Option<String>,
}

/// Article number `index` of the corpus seeded with `seed`.
pub fn generate(seed: u64, index: usize) -> Generated {
    let mut rng = Rng::for_item(seed, index as u64);
    let topic = rng.pick(TOPICS);
    let slug = format!("{}-{:05}", topic.0, index + 1);
    let aspect = rng.pick(ASPECTS);
    let title = Bitext {
        zh: format!("{}{}", topic.1, aspect.0),
        en: format!("{} of {}", aspect.1, topic.2),
    };
    let front = front_matter(&mut rng, &title);
    let body = body(&mut rng);
    let language_only = rng.chance(5).then(|| rng.chance(50));
    let file = |front: &str, body: &str| format!("+++\n{front}+++\n\n{body}\n");
    Generated {
        slug,
        zh: (language_only != Some(false)).then(|| file(&front.zh, &body.zh)),
        en: (language_only != Some(true)).then(|| file(&front.en, &body.en)),
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn front_matter(rng: &mut Rng, title: &Bitext) -> Bitext {
    let day = FIRST_DAY + rng.below(DAY_SPAN) as i64;
    let date = format_date(from_days(day));
    let updated = rng
        .chance(20)
        .then(|| format_date(from_days(day + rng.between(1, 90) as i64)));
    let author_count = rng.between(1, 2);
    let authors: Vec<&(&str, &str)> = rng
        .distinct(AUTHORS.len(), author_count)
        .into_iter()
        .map(|index| &AUTHORS[index])
        .collect();
    let tag_count = rng.between(1, 3);
    let mut tags: Vec<&str> = rng
        .distinct(TAGS.len(), tag_count)
        .into_iter()
        .map(|index| TAGS[index].0)
        .collect();
    tags.sort_unstable();
    let source = rng.pick(SOURCES);
    let views = rng.below(50_000);
    let description = plain_sentence(rng);
    let faq_count = rng.below(3);
    let faq: Vec<(Bitext, Bitext)> = rng
        .distinct(FAQ_QUESTIONS.len(), faq_count)
        .into_iter()
        .map(|index| {
            let (zh, en) = FAQ_QUESTIONS[index];
            (
                Bitext {
                    zh: zh.into(),
                    en: en.into(),
                },
                plain_sentence(rng),
            )
        })
        .collect();
    let comments: Vec<(&(&str, &str), String, Bitext)> = (0..rng.below(3))
        .map(|_| {
            let author = rng.pick(AUTHORS);
            let comment_date = format_date(from_days(day + rng.between(0, 30) as i64));
            (author, comment_date, plain_sentence(rng))
        })
        .collect();
    let one = |zh: bool| {
        let pick = |pair: &Bitext| if zh { pair.zh.clone() } else { pair.en.clone() };
        let mut text = format!(
            "title = {}\ndescription = {}\ndate = {date}\n",
            quoted(&pick(title)),
            quoted(&pick(&description))
        );
        if let Some(updated) = &updated {
            text += &format!("updated = {updated}\n");
        }
        let names: Vec<String> = authors
            .iter()
            .map(|(name_zh, name_en)| quoted(if zh { name_zh } else { name_en }))
            .collect();
        text += &format!(
            "authors = [{}]\n\n[taxonomies]\ntags = [{}]\n\n",
            names.join(", "),
            tags.iter()
                .map(|tag| quoted(tag))
                .collect::<Vec<_>>()
                .join(", ")
        );
        text += &format!(
            "[extra]\nsource = {}\nviews = {views}\n",
            quoted(if zh { source.0 } else { source.1 })
        );
        for (question, answer) in &faq {
            text += &format!(
                "\n[[extra.faq]]\nq = {}\na = {}\n",
                quoted(&pick(question)),
                quoted(&pick(answer))
            );
        }
        for (author, comment_date, comment) in &comments {
            let name = if zh { author.0 } else { author.1 };
            text += &format!(
                "\n[[extra.comments]]\nauthor = {}\ndate = {comment_date}\ntext = {}\n",
                quoted(name),
                quoted(&pick(comment))
            );
        }
        text
    };
    Bitext {
        zh: one(true),
        en: one(false),
    }
}

fn body(rng: &mut Rng) -> Bitext {
    let intro_sentences = rng.between(2, 4);
    let mut blocks: Vec<Bitext> = vec![paragraph(rng, intro_sentences)];
    let section_count = rng.between(3, 6);
    for heading_index in rng.distinct(HEADINGS.len(), section_count) {
        let (zh, en) = HEADINGS[heading_index];
        blocks.push(Bitext {
            zh: format!("## {zh}"),
            en: format!("## {en}"),
        });
        for _ in 0..rng.between(1, 3) {
            let sentences = rng.between(2, 5);
            blocks.push(paragraph(rng, sentences));
        }
        if rng.chance(25) {
            blocks.push(list(rng));
        }
        if rng.chance(10) {
            blocks.push(sentence(rng).map(|text| format!("> {text}")));
        }
        if rng.chance(5) {
            let (lang, code) = rng.pick(CODE_SNIPPETS);
            blocks.push(Bitext::same(&format!("```{lang}\n{code}\n```")));
        }
        if rng.chance(5) {
            blocks.push(table(rng));
        }
    }
    Bitext {
        zh: blocks
            .iter()
            .map(|block| block.zh.as_str())
            .collect::<Vec<_>>()
            .join("\n\n"),
        en: blocks
            .iter()
            .map(|block| block.en.as_str())
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

fn list(rng: &mut Rng) -> Bitext {
    let ordered = rng.chance(30);
    let items: Vec<Bitext> = (0..rng.between(3, 5)).map(|_| sentence(rng)).collect();
    let marker = |index: usize| {
        if ordered {
            format!("{}.", index + 1)
        } else {
            "-".to_string()
        }
    };
    let join = |zh: bool| {
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                format!("{} {}", marker(index), if zh { &item.zh } else { &item.en })
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Bitext {
        zh: join(true),
        en: join(false),
    }
}

fn table(rng: &mut Rng) -> Bitext {
    let rows: Vec<String> = ["A", "B", "C"]
        .iter()
        .map(|model| format!("| {model} | {}.{} |", rng.between(40, 95), rng.below(10)))
        .collect();
    let rows = rows.join("\n");
    Bitext {
        zh: format!("| 模型 | 得分 |\n|:--|--:|\n{rows}"),
        en: format!("| Model | Score |\n|:--|--:|\n{rows}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_index_give_the_same_article() {
        assert_eq!(generate(9, 4), generate(9, 4));
        assert_ne!(generate(9, 4), generate(10, 4));
    }

    #[test]
    fn articles_have_front_matter_and_a_body() {
        let article = generate(1, 0);
        let text = article.zh.or(article.en).unwrap();
        assert!(text.starts_with("+++\ntitle = "));
        assert!(text.contains("\n## "));
    }
}
