//! Writing the bundle folder atomically: everything goes into a temporary sibling
//! folder which is then swapped in, so a failed or killed build never leaves a
//! half-written bundle and the previous one stays intact.

use std::path::{Path, PathBuf};

use anyhow::Context;
use duet_core::{article_path, glossary_path, CATALOG_FILE};
use serde::Serialize;

use rayon::prelude::*;

use crate::cache::entry::{ARTICLE, GLOSSARY};
use crate::cache::Cache;
use crate::incremental::Streamed;
use crate::progress::Progress;
use crate::UsageError;

/// Refuses output folders whose replacement would destroy something other than an
/// old bundle: the content itself, a folder containing it, or unrelated files.
pub fn check_out_dir(content_dir: &Path, out: &Path) -> Result<(), UsageError> {
    let content = std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.to_path_buf());
    let out_absolute = std::fs::canonicalize(out)
        .or_else(|_| std::path::absolute(out))
        .unwrap_or_else(|_| out.to_path_buf());
    if content.starts_with(&out_absolute) {
        return Err(UsageError::OutContainsContent(out.to_path_buf()));
    }
    if out.exists() {
        let empty = std::fs::read_dir(out).map(|mut entries| entries.next().is_none());
        match empty {
            Ok(true) => {}
            Ok(false) if out.join(CATALOG_FILE).is_file() => {}
            _ => return Err(UsageError::NotABundle(out.to_path_buf())),
        }
    }
    Ok(())
}

/// Writes `bundle` to `out` from `cache`, replacing what was there only once all
/// is written; then removes what the cache holds that this bundle did not use.
pub fn write_bundle(bundle: &Streamed, cache: &Cache, out: &Path) -> anyhow::Result<()> {
    remove_abandoned_staging(out);
    let staging = sibling(out, "tmp")?;
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("removing stale {}", staging.display()))?;
    }
    let written = write_all(bundle, cache, &staging);
    if let Err(error) = written {
        // Best effort: the error that matters is the one being returned.
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    swap_in(&staging, out)?;
    cache.remove_unused();
    Ok(())
}

/// `<parent>/<name>.<what>-<pid>`: beside `out`, so renames stay on one file system.
fn sibling(out: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("{} has no folder name", out.display()))?
        .to_string_lossy();
    Ok(out.with_file_name(format!("{name}.{what}-{}", std::process::id())))
}

/// Removes `<out>.tmp-<pid>` folders left by killed builds. Only on systems with
/// `/proc`, where a build still running can be told apart from a dead one.
fn remove_abandoned_staging(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!("{}.tmp-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let dead = pid
            .parse::<u32>()
            .is_ok_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
        if dead {
            // Best effort: a leftover that cannot be removed harms nothing.
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn write_all(bundle: &Streamed, cache: &Cache, folder: &Path) -> anyhow::Result<()> {
    let mut subfolders = vec!["articles"];
    if bundle.placed.iter().any(|placed| placed.has_glossary) {
        subfolders.push("glossary");
    }
    for sub in subfolders {
        std::fs::create_dir_all(folder.join(sub))
            .with_context(|| format!("creating {}", folder.join(sub).display()))?;
    }
    super::lists::write_lists(&bundle.catalog, cache, folder)?;
    let by_slug: std::collections::HashMap<&str, &duet_core::ArticleMeta> = bundle
        .catalog
        .articles
        .iter()
        .map(|meta| (meta.slug.as_str(), meta))
        .collect();
    let progress = Progress::new("wrote", bundle.placed.len());
    bundle
        .catalog
        .articles
        .par_iter()
        .zip(&bundle.placed)
        .try_for_each(|(meta, placed)| -> anyhow::Result<()> {
            let slug = &meta.slug;
            let related = serde_json::to_string(&meta.related)?;
            let cards: Vec<duet_core::ArticleMeta> = meta
                .related
                .iter()
                .filter_map(|slug| by_slug.get(slug.as_str()))
                .map(|meta| duet_core::listing::card(meta))
                .collect();
            let cards = serde_json::to_string(&cards)?;
            let labels = serde_json::to_string(&duet_core::listing::labels_of(
                &bundle.catalog.site.tags,
                meta.tags.iter().map(String::as_str),
            ))?;
            // Named by the stored JSON and the related reads (their slugs and their
            // cards), the only part of the file chosen after the article was processed.
            let name = format!(
                "{:032x}.gz",
                crate::cache::hash(
                    format!("{:032x}{related}{cards}{labels}", placed.article_hash).as_bytes()
                )
            );
            let target = folder.join(article_path(slug));
            cache.place(&name, &target, || {
                let json = cache.read(placed.key, ARTICLE)?;
                let text = with_related(&json, &related, &cards, &labels).with_context(|| {
                    format!(
                        "the build cache's copy of {slug} is damaged; delete {}",
                        cache.folder().display()
                    )
                })?;
                crate::bundle_file::gzip(&text)
                    .with_context(|| format!("compressing {}", target.display()))
            })?;
            if placed.has_glossary {
                cache.place_side(placed.key, GLOSSARY, &folder.join(glossary_path(slug)))?;
            }
            progress.step();
            Ok(())
        })?;
    progress.finish();
    crate::search::write_index(bundle, cache, folder)?;
    for copy in &bundle.media {
        let target = folder.join(&copy.to);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let bytes = crate::media::read_checked(copy)?;
        std::fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?;
    }
    Ok(())
}

/// An article's JSON, stored with no related reads (`"related":[]` in the meta,
/// `"related_cards":[],"tag_labels":[]}` closing the file), with `related`, `cards`
/// and `labels` (JSON arrays) in their places. The first `"related":[]` is the meta's
/// field: the meta comes first, its earlier fields hold no object, and inside JSON
/// strings a quote is always escaped, so no string can contain it; the cards and
/// labels are the file's last fields.
fn with_related(json: &[u8], related: &str, cards: &str, labels: &str) -> Option<Vec<u8>> {
    const EMPTY: &[u8] = b"\"related\":[]";
    const NO_CARDS: &[u8] = b"\"related_cards\":[],\"tag_labels\":[]}";
    let at = json
        .windows(EMPTY.len())
        .position(|window| window == EMPTY)?;
    let tail = json.len().checked_sub(NO_CARDS.len())?;
    if &json[tail..] != NO_CARDS || tail < at + EMPTY.len() {
        return None;
    }
    let mut text = Vec::with_capacity(json.len() + related.len() + cards.len());
    text.extend_from_slice(&json[..at]);
    text.extend_from_slice(b"\"related\":");
    text.extend_from_slice(related.as_bytes());
    text.extend_from_slice(&json[at + EMPTY.len()..tail]);
    text.extend_from_slice(b"\"related_cards\":");
    text.extend_from_slice(cards.as_bytes());
    text.extend_from_slice(b",\"tag_labels\":");
    text.extend_from_slice(labels.as_bytes());
    text.push(b'}');
    Some(text)
}

/// Compact JSON: the app downloads these files, and serde keeps field order fixed.
/// Gzip-compressed when the path (from `duet-core`) ends in `.gz`.
pub(crate) fn write_json(path: &Path, value: &impl Serialize) -> anyhow::Result<()> {
    let json =
        serde_json::to_vec(value).with_context(|| format!("serializing {}", path.display()))?;
    crate::bundle_file::write(path, &json)
}

/// Moves `staging` to `out`, keeping the old `out` until the new one is in place.
fn swap_in(staging: &Path, out: &Path) -> anyhow::Result<()> {
    if let Some(parent) = out.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    if !out.exists() {
        return std::fs::rename(staging, out)
            .with_context(|| format!("moving {} to {}", staging.display(), out.display()));
    }
    let old = sibling(out, "old")?;
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("removing stale {}", old.display()))?;
    }
    std::fs::rename(out, &old)
        .with_context(|| format!("moving the previous bundle {} aside", out.display()))?;
    if let Err(error) = std::fs::rename(staging, out) {
        // Put the previous bundle back so the site keeps working.
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(staging);
        return Err(error)
            .with_context(|| format!("moving {} to {}", staging.display(), out.display()));
    }
    std::fs::remove_dir_all(&old)
        .with_context(|| format!("removing the previous bundle {}", old.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_content_or_unrelated_folders() {
        let folder = tempfile::tempdir().unwrap();
        let content = folder.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        assert!(matches!(
            check_out_dir(&content, &content),
            Err(UsageError::OutContainsContent(_))
        ));
        assert!(matches!(
            check_out_dir(&content, folder.path()),
            Err(UsageError::OutContainsContent(_))
        ));
        let unrelated = folder.path().join("docs");
        std::fs::create_dir_all(&unrelated).unwrap();
        std::fs::write(unrelated.join("notes.txt"), "keep me").unwrap();
        assert!(matches!(
            check_out_dir(&content, &unrelated),
            Err(UsageError::NotABundle(_))
        ));
        assert!(check_out_dir(&content, &folder.path().join("new")).is_ok());
        std::fs::write(unrelated.join(CATALOG_FILE), "{}").unwrap();
        assert!(check_out_dir(&content, &unrelated).is_ok());
    }

    #[test]
    fn staging_left_by_a_dead_build_is_removed() {
        let folder = tempfile::tempdir().unwrap();
        let out = folder.path().join("out");
        // Process ids are below 2^22 on Linux, so this one is never alive.
        let abandoned = folder.path().join("out.tmp-4294967");
        let running = folder
            .path()
            .join(format!("out.tmp-{}", std::process::id()));
        std::fs::create_dir_all(&abandoned).unwrap();
        std::fs::create_dir_all(&running).unwrap();
        remove_abandoned_staging(&out);
        assert!(!abandoned.exists());
        assert!(running.exists(), "a live build's staging folder stays");
    }

    #[test]
    fn related_reads_replace_the_empty_list_of_the_meta_only() {
        let json = br#"{"meta":{"slug":"a","tags":["\"related\":[]"],"related":[],"x":{"related":[]}},"pairs":[],"related_cards":[],"tag_labels":[]}"#;
        let text = with_related(
            json,
            r#"["b","c"]"#,
            r#"[{"slug":"b"}]"#,
            r#"[{"tag":"t"}]"#,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            r#"{"meta":{"slug":"a","tags":["\"related\":[]"],"related":["b","c"],"x":{"related":[]}},"pairs":[],"related_cards":[{"slug":"b"}],"tag_labels":[{"tag":"t"}]}"#
        );
        assert_eq!(with_related(b"{}", "[]", "[]", "[]"), None);
        // A file without the closing cards and labels was not written by this bundler.
        assert_eq!(
            with_related(br#"{"meta":{"related":[]}}"#, "[]", "[]", "[]"),
            None
        );
    }

    #[test]
    fn swap_replaces_the_old_folder_whole() {
        let folder = tempfile::tempdir().unwrap();
        let out = folder.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("stale.json"), "old").unwrap();
        let staging = folder.path().join("staging");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join(CATALOG_FILE), "new").unwrap();
        swap_in(&staging, &out).unwrap();
        assert!(!out.join("stale.json").exists());
        assert_eq!(
            std::fs::read_to_string(out.join(CATALOG_FILE)).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging or old folder left behind");
    }
}
