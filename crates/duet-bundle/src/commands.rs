//! The `build` and `check` commands: load, report, and (for `build`) write.

use std::path::{Path, PathBuf};
use std::time::Instant;

use duet_core::{Bilingual, Catalog, Lang};

use crate::cache::Cache;
use crate::cli::Source;
use crate::diagnostics::{plural, Diagnostics};
use crate::incremental;
use crate::input::{lang_name, Input};
use crate::pipeline::{self, RunOptions, Summary};
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
    match out {
        Some(out) => build_streamed(&input, out, options, &mut diagnostics, started),
        None => check(&input, options, report, &mut diagnostics, started),
    }
}

/// `check`: everything in memory, nothing written.
fn check(
    input: &Input,
    options: RunOptions,
    report: bool,
    diagnostics: &mut Diagnostics,
    started: Instant,
) -> anyhow::Result<Outcome> {
    let bundle = pipeline::load_input(input, options, diagnostics)?;
    diagnostics.print();
    if let Some(bundle) = &bundle {
        eprint!("{}", found_text(input, &bundle.summary));
        if report {
            print!("{}", crate::report::report(input, bundle, diagnostics));
        }
    }
    let Some(bundle) = bundle.filter(|_| !diagnostics.has_errors()) else {
        eprintln!("error: content has {}", diagnostics.counts_text());
        return Ok(Outcome::ContentErrors);
    };
    eprintln!(
        "checked {} in {:.2}s: {}",
        contents(&bundle.catalog, bundle.media.len()),
        started.elapsed().as_secs_f64(),
        diagnostics.counts_text()
    );
    Ok(Outcome::Success)
}

/// `build`: articles streamed through the build cache beside `out`, then written.
fn build_streamed(
    input: &Input,
    out: &Path,
    options: RunOptions,
    diagnostics: &mut Diagnostics,
    started: Instant,
) -> anyhow::Result<Outcome> {
    let cache = Cache::open(out)?;
    let bundle = incremental::load(input, options, diagnostics, &cache)?;
    diagnostics.print();
    if let Some(bundle) = &bundle {
        eprint!("{}", found_text(input, &bundle.summary));
    }
    let Some(bundle) = bundle.filter(|_| !diagnostics.has_errors()) else {
        let kept = if out.exists() {
            format!("; nothing written, {} left as it was", out.display())
        } else {
            "; nothing written".to_string()
        };
        eprintln!("error: content has {}{kept}", diagnostics.counts_text());
        return Ok(Outcome::ContentErrors);
    };
    write_bundle(&bundle, &cache, out)?;
    // Only stderr carries the time; the bundle itself has no timestamps.
    let found: usize = bundle.summary.found.values().sum();
    eprintln!(
        "built {} into {} in {:.2}s, {} of {found} unchanged (build cache {}): {}",
        contents(&bundle.catalog, bundle.media.len()),
        out.display(),
        started.elapsed().as_secs_f64(),
        bundle.reused,
        cache.folder().display(),
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
fn contents(catalog: &Catalog, images: usize) -> String {
    let in_lang = |lang: Lang| {
        catalog
            .articles
            .iter()
            .filter(|meta| meta.head.get(lang).is_some())
            .count()
    };
    format!(
        "{} ({} zh, {} en), {}",
        plural(catalog.articles.len(), "article"),
        in_lang(Lang::Zh),
        in_lang(Lang::En),
        plural(images, "image")
    )
}
