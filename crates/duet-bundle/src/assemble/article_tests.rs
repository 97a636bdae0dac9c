//! Tests of article assembly: reconciling languages, FAQ ids, drift warnings.

use std::path::Path;

use super::*;
use crate::document::parse;
use crate::media::Media;
use crate::source::SourceFile;

fn document(name: &str, text: &str) -> Document {
    let file = SourceFile::new(Path::new(name), text.to_string());
    let mut media = Media::new("a", Path::new("/none"));
    let mut diagnostics = Diagnostics::default();
    let document = parse(&file, &mut media, &mut diagnostics);
    assert_eq!(diagnostics.error_count(), 0, "{:?}", diagnostics.sorted());
    document.unwrap()
}

fn front(date: &str, extra: &str) -> String {
    format!("+++\ntitle = \"T\"\ndescription = \"D\"\ndate = {date}\n{extra}+++\n")
}

#[test]
fn article_level_values_prefer_chinese_and_warn_on_difference() {
    let zh = document(
        "a/index.zh.md",
        &(front(
            "2026-01-02",
            "[taxonomies]\ntags = [\"llm\", \"agents\"]\n[extra]\nviews = 5\n",
        ) + "你好。\n"),
    );
    let en = document(
        "a/index.en.md",
        &(front(
            "2026-01-03",
            "[taxonomies]\ntags = [\"agents\"]\n[extra]\nviews = 5\n",
        ) + "Hello.\n"),
    );
    let mut diagnostics = Diagnostics::default();
    let article = assemble(
        "a",
        &Bilingual {
            zh: Some(zh),
            en: Some(en),
        },
        &mut diagnostics,
    );
    assert_eq!(article.meta.date, "2026-01-02");
    assert_eq!(article.meta.tags, ["agents", "llm"]);
    assert_eq!(article.meta.views, 5);
    let warnings = diagnostics.sorted();
    assert_eq!(warnings.len(), 2, "date and tags differ, views agree");
    assert_eq!(warnings[0].line, Some(4));
    assert!(
        warnings[0].message.contains("a/index.en.md:4"),
        "{}",
        warnings[0].message
    );
    assert!(warnings[1].message.contains("a/index.en.md:6"));
    assert!(article.pairs[0].sentences_aligned);
}

#[test]
fn faq_gets_positional_ids_and_count_mismatch_warns() {
    let faq = "[[extra.faq]]\nq = \"Q1\"\na = \"A1\"\n[[extra.faq]]\nq = \"Q2\"\na = \"A2\"\n";
    let zh = document("z.zh.md", &(front("2026-01-01", faq) + "正文。\n"));
    let en = document("z.en.md", &(front("2026-01-01", "") + "Body.\n"));
    let mut diagnostics = Diagnostics::default();
    let article = assemble(
        "z",
        &Bilingual {
            zh: Some(zh),
            en: Some(en),
        },
        &mut diagnostics,
    );
    let ids: Vec<&str> = article
        .body
        .zh
        .as_ref()
        .unwrap()
        .faq
        .iter()
        .map(|faq| faq.id.as_str())
        .collect();
    assert_eq!(ids, ["faq-1", "faq-2"]);
    assert_eq!(diagnostics.warning_count(), 1);
    assert!(diagnostics.sorted()[0].message.contains("FAQ"));
}

#[test]
fn drift_is_one_warning_listing_each_place_with_both_files() {
    let zh = document(
        "d.zh.md",
        &(front("2026-01-01", "") + "\n第一段。第二句。\n\n- 一\n- 二\n- 三\n\n结尾。\n"),
    );
    let en = document(
        "d.en.md",
        &(front("2026-01-01", "") + "\nFirst part.\n\nSecond part.\n\n- one\n- two\n\nThe end.\n"),
    );
    let mut diagnostics = Diagnostics::default();
    let article = assemble(
        "d",
        &Bilingual {
            zh: Some(zh),
            en: Some(en),
        },
        &mut diagnostics,
    );
    assert_eq!(article.pairs.len(), 4);
    let warnings = diagnostics.sorted();
    assert_eq!(warnings.len(), 1);
    let notes = &warnings[0].notes;
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes
            .iter()
            .any(|note| note.starts_with("d.en.md:9: paragraph has no Chinese counterpart")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|note| note.contains("d.zh.md:9: list with 3 items, but d.en.md:11 has 2")),
        "{notes:?}"
    );
}

#[test]
fn one_language_article_has_one_head_and_reading_time() {
    let en = document(
        "o.en.md",
        &(front("2026-01-01", "[extra]\nsource = \"Wire\"\n") + "Words here.\n"),
    );
    let mut diagnostics = Diagnostics::default();
    let article = assemble(
        "o",
        &Bilingual {
            zh: None,
            en: Some(en),
        },
        &mut diagnostics,
    );
    assert_eq!(diagnostics.warning_count(), 0);
    assert!(article.meta.head.zh.is_none());
    let head = article.meta.head.en.as_ref().unwrap();
    assert_eq!(head.reading_minutes, 1);
    assert_eq!(head.source.as_deref(), Some("Wire"));
    assert_eq!(article.pairs.len(), 1);
    assert_eq!(article.pairs[0].en, Some(0));
}
