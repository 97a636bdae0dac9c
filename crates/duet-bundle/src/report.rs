//! The compatibility report (`duet-bundle check --report`): for the source read,
//! the articles found per layout, built and refused (with reasons), warnings by kind,
//! how much of the source's visible text reaches the bundle, and how many paragraph
//! pairs are sentence-aligned.
//!
//! "Text kept" compares words: each file's body is rendered to plain text with
//! pulldown-cmark (what a reader of the source site sees, raw HTML aside) and cut
//! into tokens, a Han character each and each run of letters and digits lowercased;
//! the bundle's text for that language (every `text` and `alt` string of its blocks)
//! is cut the same way, and the share of source tokens found there (counted with
//! multiplicity) is the figure. A refused file keeps nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use duet_core::{Article, Block};
use serde_json::Value;

use crate::diagnostics::{plural, Diagnostics, Severity};
use crate::input::Input;
use crate::pipeline::Bundle;
use crate::plain_text::markdown_to_text;
use crate::source::{normalise_line_ends, split_front_matter};

/// How many files are named under "lowest text kept" and "refused".
const LISTED: usize = 10;

/// The report as text.
pub fn report(input: &Input, bundle: &Bundle, diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    let summary = &bundle.summary;
    let _ = writeln!(
        out,
        "compatibility report: {} ({})",
        input.content_dir.display(),
        input.describe()
    );
    let found: usize = summary.found.values().sum();
    let layouts: Vec<String> = summary
        .found
        .iter()
        .map(|(layout, count)| format!("{count} × {}", layout.name()))
        .collect();
    let _ = writeln!(out, "articles found: {found} ({})", layouts.join(", "));
    let _ = writeln!(out, "articles built: {}", bundle.articles.len());
    let _ = writeln!(
        out,
        "skipped: {}, {}, {}",
        plural(summary.drafts, "draft"),
        plural(summary.sections_skipped, "section page"),
        match summary.other_languages_skipped {
            1 => "1 file in another language".to_string(),
            count => format!("{count} files in other languages"),
        }
    );
    refused(&mut out, summary.refused, diagnostics);
    warnings(&mut out, diagnostics);
    text_kept(&mut out, bundle);
    aligned(&mut out, &bundle.articles);
    out
}

fn refused(out: &mut String, count: usize, diagnostics: &Diagnostics) {
    let _ = writeln!(out, "articles refused: {count}");
    let errors: Vec<_> = diagnostics
        .sorted()
        .into_iter()
        .filter(|item| item.severity == Severity::Error)
        .collect();
    for error in errors.iter().take(LISTED) {
        let place = match error.line {
            Some(line) => format!("{}:{line}", error.path.display()),
            None => error.path.display().to_string(),
        };
        let _ = writeln!(out, "  {place}: {}", error.message);
    }
    if errors.len() > LISTED {
        let _ = writeln!(out, "  … and {} more errors", errors.len() - LISTED);
    }
}

/// A warning's kind: its message with quoted parts and numbers blanked, so that
/// `raw HTML dropped: \`<kbd>\`` and `raw HTML dropped: \`<sup>\`` count together.
pub fn kind_of(message: &str) -> String {
    let mut kind = String::new();
    let mut quoted = false;
    for character in message.chars() {
        match character {
            '`' => {
                if !quoted {
                    kind.push_str("`…`");
                }
                quoted = !quoted;
            }
            _ if quoted => {}
            '0'..='9' => {
                if !kind.ends_with('N') {
                    kind.push('N');
                }
            }
            _ => kind.push(character),
        }
    }
    // Lists, paths and counts after the first clause differ from file to file.
    [" (", "; ", ": [", ": `"]
        .iter()
        .fold(kind.as_str(), |kind, cut| {
            kind.split(cut).next().unwrap_or_default()
        })
        .to_string()
}

fn warnings(out: &mut String, diagnostics: &Diagnostics) {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for warning in diagnostics
        .sorted()
        .into_iter()
        .filter(|item| item.severity == Severity::Warning)
    {
        *kinds.entry(kind_of(&warning.message)).or_default() += 1;
    }
    let _ = writeln!(out, "warnings: {}", diagnostics.warning_count());
    let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
    kinds.sort_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(&right.0)));
    for (kind, count) in kinds {
        let _ = writeln!(out, "  {count:>6} × {kind}");
    }
}

/// Tokens of `text`: each Han character, and each run of other letters and digits
/// lowercased.
pub fn tokens(text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let mut word = String::new();
    let flush = |word: &mut String, counts: &mut BTreeMap<String, usize>| {
        if !word.is_empty() {
            *counts.entry(std::mem::take(word)).or_insert(0) += 1;
        }
    };
    for character in text.chars() {
        if crate::script::is_han(character) {
            flush(&mut word, &mut counts);
            *counts.entry(character.to_string()).or_insert(0) += 1;
        } else if character.is_alphanumeric() {
            word.extend(character.to_lowercase());
        } else {
            flush(&mut word, &mut counts);
        }
    }
    flush(&mut word, &mut counts);
    counts
}

/// `(kept, total)` source tokens.
pub fn kept(source: &BTreeMap<String, usize>, bundle: &BTreeMap<String, usize>) -> (usize, usize) {
    let total = source.values().sum();
    let kept = source
        .iter()
        .map(|(token, count)| (*count).min(bundle.get(token).copied().unwrap_or(0)))
        .sum();
    (kept, total)
}

/// Every `text` and `alt` string of `blocks`, whatever their kinds.
fn bundle_text(blocks: &[Block]) -> String {
    fn collect(value: &Value, key: &str, out: &mut String) {
        match value {
            Value::String(text) if key == "text" || key == "alt" => {
                out.push_str(text);
                out.push(' ');
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, key, out)),
            Value::Object(fields) => fields
                .iter()
                .for_each(|(name, field)| collect(field, name, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    if let Ok(value) = serde_json::to_value(blocks) {
        collect(&value, "", &mut out);
    }
    out
}

fn source_text(path: &std::path::Path) -> String {
    let Ok(bytes) = std::fs::read(path) else {
        return String::new();
    };
    let text = normalise_line_ends(String::from_utf8_lossy(&bytes).into_owned());
    let text = text.trim_start_matches('\u{feff}');
    let body = split_front_matter(text).map_or(text, |parts| parts.body);
    markdown_to_text(&crate::shortcodes::without_calls(body))
}

fn text_kept(out: &mut String, bundle: &Bundle) {
    let articles: BTreeMap<&str, &Article> = bundle
        .articles
        .iter()
        .map(|article| (article.meta.slug.as_str(), article))
        .collect();
    let (mut all_kept, mut all_total) = (0, 0);
    let mut per_file = Vec::new();
    for (slug, lang, path) in &bundle.summary.sources {
        let source = tokens(&source_text(path));
        // The title counts: a heading repeating it is dropped from the body.
        let built = articles
            .get(slug.as_str())
            .and_then(|article| {
                let title = &article.meta.head.get(*lang)?.title;
                let body = article.body.get(*lang)?;
                Some(tokens(&format!("{title} {}", bundle_text(&body.blocks))))
            })
            .unwrap_or_default();
        let (kept, total) = kept(&source, &built);
        all_kept += kept;
        all_total += total;
        if total > 0 {
            per_file.push((kept as f64 / total as f64, path, *lang));
        }
    }
    let _ = writeln!(
        out,
        "text kept: {} ({all_kept} of {all_total} words and Han characters)",
        percent(all_kept, all_total)
    );
    per_file.sort_by(|left, right| left.0.total_cmp(&right.0).then(left.1.cmp(right.1)));
    let below: Vec<_> = per_file
        .iter()
        .filter(|(share, _, _)| *share < 0.995)
        .collect();
    if !below.is_empty() {
        let _ = writeln!(out, "  files below 99.5 %: {} (lowest first)", below.len());
        for (share, path, lang) in below.iter().take(LISTED) {
            let _ = writeln!(
                out,
                "    {:.1} % {} ({})",
                share * 100.0,
                path.display(),
                lang.code()
            );
        }
    }
}

fn aligned(out: &mut String, articles: &[Article]) {
    let (mut aligned, mut total) = (0, 0);
    for article in articles {
        let (Some(zh), Some(en)) = (&article.body.zh, &article.body.en) else {
            continue;
        };
        for pair in &article.pairs {
            let (Some(zh_index), Some(en_index)) = (pair.zh, pair.en) else {
                continue;
            };
            let is_paragraph = |blocks: &[Block], index: u32| {
                matches!(blocks.get(index as usize), Some(Block::Paragraph { .. }))
            };
            if is_paragraph(&zh.blocks, zh_index) && is_paragraph(&en.blocks, en_index) {
                total += 1;
                aligned += usize::from(pair.sentences_aligned);
            }
        }
    }
    let _ = writeln!(
        out,
        "sentence-aligned paragraph pairs: {} ({aligned} of {total})",
        percent(aligned, total)
    );
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "n/a".to_string();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_kinds_blank_quotes_and_numbers() {
        assert_eq!(kind_of("raw HTML dropped: `<kbd>`"), "raw HTML dropped");
        assert_eq!(
            kind_of("raw HTML dropped: `<b>`x`</b>`"),
            "raw HTML dropped"
        );
        assert_eq!(
            kind_of("image file not found: `a.png` (looked for x); its alt text is shown instead"),
            "image file not found"
        );
        assert_eq!(
            kind_of("3 FAQ entries here but 2 in x"),
            "N FAQ entries here but N in x"
        );
        assert_eq!(
            kind_of("tags differ between languages: [a] here, [b] in x"),
            "tags differ between languages"
        );
    }

    #[test]
    fn kept_counts_tokens_with_multiplicity() {
        let source = tokens("Hello, hello world. 你好世界");
        let bundle = tokens("hello world 你好");
        assert_eq!(kept(&source, &bundle), (4, 7));
        assert_eq!(kept(&source, &source), (7, 7));
    }
}
