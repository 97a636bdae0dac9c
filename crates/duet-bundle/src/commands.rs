//! The `build` and `check` commands: load, report, and (for `build`) write.

use std::path::{Path, PathBuf};
use std::time::Instant;

use duet_core::{Bilingual, Lang};

use crate::cli::Source;
use crate::diagnostics::{plural, Diagnostics};
use crate::input::{lang_name, Input};
use crate::pipeline::{self, Bundle, RunOptions, Summary};
use crate::write::{check_out_dir, write_bundle};
use crate::{Outcome, UsageError};

/// Checks `content_dir` (a content folder, a site root or an mdBook) and, given
/// `out`, writes the bundle there.
pub fn build(content_dir: &Path, out: Option<&Path>) -> anyhow::Result<Outcome> {
    let source = Source {
        content_dir: Some(content_dir.to_path_buf()),
        en: None,
        zh: None,
    };
    run(&source, out, RunOptions::default(), false)
}

/// Checks `source` and, given `out`, writes the bundle there; with `report`, prints
/// the compatibility report.
pub fn run(
    source: &Source,
    out: Option<&Path>,
    options: RunOptions,
    report: bool,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let folders: Vec<&PathBuf> = [&source.content_dir, &source.en, &source.zh]
        .into_iter()
        .flatten()
        .collect();
    for dir in &folders {
        if !dir.is_dir() {
            return Err(UsageError::NoContentDir(dir.to_path_buf()).into());
        }
        if let Some(out) = out {
            check_out_dir(dir, out)?;
        }
    }
    let input = match &source.content_dir {
        Some(dir) => Input::locate(dir),
        None => Input::books(Bilingual {
            zh: source.zh.clone(),
            en: source.en.clone(),
        }),
    };
    let mut diagnostics = Diagnostics::default();
    let bundle = pipeline::load_input(&input, options, &mut diagnostics)?;
    diagnostics.print();
    if let Some(bundle) = &bundle {
        eprint!("{}", found_text(&input, &bundle.summary));
        if report {
            print!("{}", crate::report::report(&input, bundle, &diagnostics));
        }
    }
    let bundle = match bundle {
        Some(bundle) if !diagnostics.has_errors() => bundle,
        _ => {
            let kept = match out {
                Some(out) if out.exists() => {
                    format!("; nothing written, {} left as it was", out.display())
                }
                Some(_) => "; nothing written".to_string(),
                None => String::new(),
            };
            eprintln!("error: content has {}{kept}", diagnostics.counts_text());
            return Ok(Outcome::ContentErrors);
        }
    };
    // Only stderr carries the time; the bundle itself has no timestamps.
    let (verb, place) = match out {
        Some(out) => {
            write_bundle(&bundle, out)?;
            ("built", format!(" into {}", out.display()))
        }
        None => ("checked", String::new()),
    };
    eprintln!(
        "{verb} {}{place} in {:.2}s: {}",
        contents(&bundle),
        started.elapsed().as_secs_f64(),
        diagnostics.counts_text()
    );
    Ok(Outcome::Success)
}

/// Where the articles came from: the input, the layouts found, what was skipped and
/// how files without a language suffix got theirs.
fn found_text(input: &Input, summary: &Summary) -> String {
    let mut text = format!("read {}\n", input.describe());
    if !summary.layouts.is_empty() {
        let layouts: Vec<String> = summary
            .layouts
            .iter()
            .map(|(layout, count)| format!("{count} × {}", layout.name()))
            .collect();
        text.push_str(&format!("layouts: {}\n", layouts.join(", ")));
    }
    if summary
        .layouts
        .contains_key(&crate::discover::Layout::BookChapter)
    {
        text.push_str("book chapters have no dates: the library lists them by file name\n");
    }
    let unsuffixed = &summary.unsuffixed;
    if unsuffixed.from_config > 0 {
        let lang = summary.default_lang.map_or("?", lang_name);
        text.push_str(&format!(
            "files without a language suffix: {} read as {lang}, the site's default language\n",
            unsuffixed.from_config
        ));
    }
    if unsuffixed.from_sibling > 0 {
        text.push_str(&format!(
            "files without a language suffix: {} read as the language their suffixed sibling lacks\n",
            unsuffixed.from_sibling
        ));
    }
    if unsuffixed.guessed_zh + unsuffixed.guessed_en > 0 {
        text.push_str(&format!(
            "files without a language suffix: {} Chinese and {} English, guessed from their script (set default_language in site.toml to decide)\n",
            unsuffixed.guessed_zh, unsuffixed.guessed_en
        ));
    }
    let mut skipped = Vec::new();
    if summary.drafts > 0 {
        skipped.push(plural(summary.drafts, "draft"));
    }
    if summary.sections_skipped > 0 {
        skipped.push(format!(
            "{} without an article's text",
            plural(summary.sections_skipped, "section page")
        ));
    }
    if summary.other_languages_skipped > 0 {
        skipped.push(match summary.other_languages_skipped {
            1 => "1 file in another language".to_string(),
            count => format!("{count} files in other languages"),
        });
    }
    if summary.refused > 0 {
        skipped.push(format!(
            "{} with errors",
            plural(summary.refused, "article")
        ));
    }
    if !skipped.is_empty() {
        text.push_str(&format!("skipped: {}\n", skipped.join(", ")));
    }
    text
}

/// `3 articles (2 zh, 2 en), 1 image`.
fn contents(bundle: &Bundle) -> String {
    let in_lang = |lang: Lang| {
        bundle
            .catalog
            .articles
            .iter()
            .filter(|meta| meta.head.get(lang).is_some())
            .count()
    };
    format!(
        "{} ({} zh, {} en), {}",
        plural(bundle.articles.len(), "article"),
        in_lang(Lang::Zh),
        in_lang(Lang::En),
        plural(bundle.media.len(), "image")
    )
}
