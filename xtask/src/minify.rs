//! The stylesheet and the JavaScript shipped minified (ARCHITECTURE.md, "The shell's
//! size"): our sources keep their comments, which the first download should not carry.
//! esbuild (npm, installed by setup) minifies; nothing is bundled or transpiled.
//!
//! Trunk hashes and signs (`integrity`) the stylesheet and `boot.js` itself, so it
//! is handed a page that names minified copies of them ([`trunk_page`]); the split
//! app's own modules, which Trunk never sees, are minified in place ([`in_place`]).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::run::{command, root, step};

/// The sources Trunk would read, as `index.html` names them.
const SOURCES: [&str; 2] = ["style/main.css", "public/boot.js"];

/// Where the minified copies go (relative to the root, as Trunk's page names them).
const FOLDER: &str = "target/minified";

fn esbuild() -> PathBuf {
    root().join("node_modules/.bin/esbuild")
}

/// Writes the minified copy of every source into [`FOLDER`].
pub fn sources() -> Result<()> {
    for source in SOURCES {
        minify(&root().join(source), &root().join(copy_of(source)))?;
    }
    Ok(())
}

/// Where the minified copy of `source` is, relative to the root.
fn copy_of(source: &str) -> String {
    let name = source.rsplit('/').next().unwrap_or(source);
    format!("{FOLDER}/{name}")
}

/// `page` (an `index.html` for Trunk) naming the minified copies of the sources.
pub fn trunk_page(page: &str) -> Result<String> {
    let mut page = page.to_string();
    for source in SOURCES {
        let named = format!("=\"{source}\"");
        if page.matches(&named).count() != 1 {
            bail!("index.html should name {source} once (as href=\"…\" or src=\"…\")");
        }
        page = page.replace(&named, &format!("=\"{}\"", copy_of(source)));
    }
    Ok(page)
}

/// Minifies each of `files` (JavaScript modules) where it is.
pub fn in_place(files: &[PathBuf]) -> Result<()> {
    for file in files {
        minify(file, file)?;
    }
    Ok(())
}

/// esbuild's minified `input` (CSS or JavaScript, by its extension) into `output`.
fn minify(input: &Path, output: &Path) -> Result<()> {
    if let Some(folder) = output.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating {}", folder.display()))?;
    }
    let mut minify = command(
        &esbuild().to_string_lossy(),
        &["--minify", "--log-level=warning"],
    );
    minify
        .arg(input)
        .arg(format!("--outfile={}", output.display()))
        .arg("--allow-overwrite");
    step(&format!("esbuild --minify {}", input.display()), minify)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunks_page_names_the_minified_copies() {
        let index = std::fs::read_to_string(root().join("index.html")).unwrap();
        let page = trunk_page(&index).unwrap();
        assert!(page.contains("<link data-trunk rel=\"css\" href=\"target/minified/main.css\" />"));
        assert!(page.contains("<script data-trunk src=\"target/minified/boot.js\"></script>"));
        assert!(!page.contains("style/main.css") && !page.contains("public/boot.js"));
    }

    #[test]
    fn a_page_that_no_longer_names_a_source_is_an_error() {
        let error = trunk_page("<link data-trunk rel=\"css\" href=\"style/main.css\" />")
            .unwrap_err()
            .to_string();
        assert!(error.contains("public/boot.js"), "{error}");
    }
}
