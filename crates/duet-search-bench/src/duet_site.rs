//! The Duet site under test: a copy of the built app (`dist/`) with its `data/`
//! replaced by the bundle built from the benchmark corpus.

use std::path::Path;

use anyhow::{bail, Context, Result};

/// Copies `dist` without its data, then `bundle` as its `data/`.
pub fn assemble(dist: &Path, bundle: &Path, root: &Path) -> Result<()> {
    if !dist.join("index.html").exists() {
        bail!(
            "{} has no index.html: run `cargo xtask dist` first",
            dist.display()
        );
    }
    copy_dir(dist, root, Some("data"))?;
    copy_dir(bundle, &root.join("data"), None)
}

/// Why the site cannot answer searches yet, if it cannot: the bundler wrote no search
/// index, or the app has no search page.
pub fn missing_search(root: &Path) -> Option<String> {
    let manifest = format!("data/{}", duet_core::search::SEARCH_MANIFEST);
    if !root.join(&manifest).exists() {
        return Some(format!(
            "the bundle has no {manifest} (the bundler writes no search index yet)"
        ));
    }
    // The split build keeps its modules in `app-<hash>/`, the search page in a chunk.
    let folders = std::iter::once(root.to_path_buf()).chain(
        std::fs::read_dir(root)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.path())
            .filter(|path| path.is_dir() && !path.ends_with("data")),
    );
    let wasm_mentions_results = folders
        .flat_map(|folder| std::fs::read_dir(folder).into_iter().flatten())
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "wasm"))
        .filter_map(|entry| std::fs::read(entry.path()).ok())
        .any(|bytes| bytes.windows(14).any(|window| window == b"search-results"));
    if !wasm_mentions_results {
        return Some("dist/ has no search page (no `search-results` in its wasm): rebuild it with `cargo xtask dist`".into());
    }
    None
}

fn copy_dir(from: &Path, to: &Path, skip: Option<&str>) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        if skip.is_some_and(|skip| entry.file_name() == skip) {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target, None)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}
