//! The `build` and `check` commands: load, report, and (for `build`) write.

use std::path::Path;
use std::time::Instant;

use duet_core::Lang;

use crate::diagnostics::{plural, Diagnostics};
use crate::pipeline::{self, Bundle};
use crate::write::{check_out_dir, write_bundle};
use crate::{Outcome, UsageError};

/// Checks `content_dir` and, given `out`, writes the bundle there.
pub fn build(content_dir: &Path, out: Option<&Path>) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    if !content_dir.is_dir() {
        return Err(UsageError::NoContentDir(content_dir.to_path_buf()).into());
    }
    if let Some(out) = out {
        check_out_dir(content_dir, out)?;
    }
    let mut diagnostics = Diagnostics::default();
    let bundle = pipeline::load(content_dir, &mut diagnostics)?;
    diagnostics.print();
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
