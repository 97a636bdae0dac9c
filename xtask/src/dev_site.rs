//! The watched site behind `cargo xtask serve` (and the end-to-end test of it): the
//! bundler's `build --watch` runs beside the server; after each good build the new
//! bundle is brought into the served `dist/` and open pages reload; after a failed
//! one the terminal and the open pages show its error, and the last good site stays
//! served.
//!
//! What a new bundle changes in `dist/`, and how each is brought up to date:
//! - `data/`: hard links to the bundle's files (the bundler never changes a file in
//!   place), replaced only where the file changed, removed where it went;
//! - the pre-rendered pages `a/<slug>/index.html`: written again for the articles
//!   whose file changed (related reads and titles of other articles travel in it),
//!   removed for articles gone, all of them when the site settings changed;
//! - the offline list and `sw.js` (its version): written again, hashing only files
//!   changed since the last round ([`offline::HashMemo`]).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

use anyhow::{Context, Result};
use duet_core::decode::{decode_article, decode_catalog_head};
use duet_core::{article_path, Site, CATALOG_FILE};
use duet_serve::live::LiveReload;
use duet_serve::StaticServer;

use crate::offline::{self, HashMemo, OFFLINE_LIST, OFFLINE_PARTS};

/// What `duet-bundle build --watch` prints after a good build (its
/// `watch::BUILT_LINE`; the bundler's own test checks the text).
pub const BUILT_LINE: &str = "watch: bundle updated; waiting for changes (Ctrl-C to stop)";
/// What it prints after a failed build (its `watch::FAILED_LINE`).
pub const FAILED_LINE: &str =
    "watch: build failed; the last good bundle stays; waiting for changes (Ctrl-C to stop)";
/// Lines of a failed build's output the page shows at most (its last ones).
const ERROR_LINES: usize = 200;

/// What to watch and serve.
pub struct Settings {
    /// `duet-bundle build <content> --out <public_data> --watch`, ready to start.
    pub bundler: Command,
    /// Where that command writes the bundle.
    pub public_data: PathBuf,
    /// The built app being served; its bundle follows `public_data`.
    pub dist: PathBuf,
    /// The base path the app was built for (`/` or `/sub/path/`).
    pub base: String,
    /// The service worker's template (`public/sw.js`).
    pub worker_template: String,
}

/// The served, watched site; stops the bundler and the server when dropped.
pub struct DevSite {
    // Stopped first: no refresh runs while the rest goes away.
    bundler: Child,
    follower: Option<JoinHandle<()>>,
    server: StaticServer,
    live: Arc<LiveReload>,
}

impl DevSite {
    /// Serves `settings.dist` on `addr` and starts watching.
    pub fn start(settings: Settings, addr: &str) -> Result<DevSite> {
        let live = LiveReload::new();
        let server =
            StaticServer::start_live(&settings.dist, &settings.base, addr, Arc::clone(&live))
                .with_context(|| format!("serving {} on {addr}", settings.dist.display()))?;
        let Settings {
            mut bundler,
            public_data,
            dist,
            base,
            worker_template,
        } = settings;
        // Its stdout and stderr through one pipe, so its diagnostics and the line
        // that ends a build arrive in the order they were written.
        let (reader, writer) = std::io::pipe().context("making a pipe for the bundler")?;
        bundler
            .stdin(Stdio::null())
            .stdout(writer.try_clone().context("sharing the bundler's pipe")?)
            .stderr(writer);
        let child = bundler
            .spawn()
            .context("starting duet-bundle build --watch")?;
        // The command holds the pipe's writing end until it goes: without this the
        // pipe would never close.
        drop(bundler);
        // The served pages were written with the served catalog's settings: the
        // first round rewrites only what the new bundle changed, not every page
        // (14 s at 10,000 articles).
        let site = served_site(&dist).ok();
        let mut refresher = Refresher {
            public_data,
            dist,
            base,
            worker_template,
            memo: HashMemo::default(),
            site,
        };
        let follower_live = Arc::clone(&live);
        let follower = std::thread::spawn(move || {
            let mut log: Vec<String> = Vec::new();
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                eprintln!("{line}");
                if line == BUILT_LINE {
                    match refresher.refresh() {
                        Ok(summary) => {
                            eprintln!("{summary}");
                            follower_live.reload();
                        }
                        Err(error) => {
                            let message = format!("error: the site was not updated: {error:#}");
                            eprintln!("{message}");
                            follower_live.failed(&message);
                        }
                    }
                    log.clear();
                } else if line == FAILED_LINE {
                    let from = log.len().saturating_sub(ERROR_LINES);
                    follower_live.failed(&log[from..].join("\n"));
                    log.clear();
                } else {
                    log.push(line);
                }
            }
        });
        Ok(DevSite {
            bundler: child,
            follower: Some(follower),
            server,
            live,
        })
    }

    /// Where the site is served, `http://127.0.0.1:PORT/base/`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// How many builds the open pages were told of (good or failed).
    pub fn rounds(&self) -> u64 {
        self.live.generation()
    }
}

impl Drop for DevSite {
    fn drop(&mut self) {
        let _ = self.bundler.kill();
        let _ = self.bundler.wait();
        // The pipe closes with the bundler (`cargo run` becomes the bundler on Unix),
        // and the follower ends after the line it is on. Not joined: were something
        // else still holding the pipe, dropping the site must not hang on it.
        drop(self.follower.take());
    }
}

/// Brings a new bundle into the served `dist/`.
struct Refresher {
    public_data: PathBuf,
    dist: PathBuf,
    base: String,
    worker_template: String,
    memo: HashMemo,
    /// The site settings the pages were last written with.
    site: Option<Site>,
}

impl Refresher {
    fn refresh(&mut self) -> Result<String> {
        let started = Instant::now();
        let data = self.dist.join("data");
        let changes = sync(&self.public_data, &data)?;
        let site = served_site(&self.dist)?;
        let pages = if self.site.as_ref() != Some(&site) {
            duet_prerender::write_article_pages(&self.dist, &self.base)?.0
        } else {
            self.write_pages(&site, &changes)?
        };
        self.site = Some(site);
        offline::finish_with(&self.dist, &self.worker_template, &mut self.memo)?;
        Ok(format!(
            "site updated in {:.2}s: {} bundle files changed, {} removed, {pages} pages written",
            started.elapsed().as_secs_f64(),
            changes.changed.len(),
            changes.removed.len(),
        ))
    }

    /// Pages of the articles whose file changed, written again; of those removed,
    /// deleted. How many were written.
    fn write_pages(&self, site: &Site, changes: &Changes) -> Result<usize> {
        let index = self.dist.join("index.html");
        let template = std::fs::read_to_string(&index)
            .with_context(|| format!("reading {}", index.display()))?;
        for removed in changes.removed.iter().filter_map(|path| slug_of(path)) {
            let page = self.dist.join(duet_prerender::page_path(removed));
            if let Some(folder) = page.parent() {
                let _ = std::fs::remove_dir_all(folder);
            }
        }
        let mut written = 0;
        for slug in changes.changed.iter().filter_map(|path| slug_of(path)) {
            let file = self.dist.join("data").join(article_path(slug));
            let article = decode_article(
                &file.display().to_string(),
                &duet_prerender::read_bundle_text(&file)?,
            )?;
            let page = duet_prerender::article_page(&template, site, &article, &self.base)?;
            let target = self.dist.join(duet_prerender::page_path(slug));
            if let Some(folder) = target.parent() {
                std::fs::create_dir_all(folder)
                    .with_context(|| format!("creating {}", folder.display()))?;
            }
            std::fs::write(&target, page)
                .with_context(|| format!("writing {}", target.display()))?;
            written += 1;
        }
        Ok(written)
    }
}

/// The site settings of the bundle served from `dist` that pre-rendered pages show:
/// all but the tag labels (the head names only the tags it shows, which change
/// with every new article, and the pages do not use them).
fn served_site(dist: &Path) -> Result<Site> {
    let catalog_file = dist.join("data").join(CATALOG_FILE);
    let head = decode_catalog_head(
        &catalog_file.display().to_string(),
        &duet_prerender::read_bundle_text(&catalog_file)?,
    )?;
    Ok(Site {
        tags: Vec::new(),
        ..head.site
    })
}

/// The slug of an article file's path inside the bundle (`articles/<slug>.json.gz`).
fn slug_of(path: &str) -> Option<&str> {
    let slug = path
        .strip_prefix("articles/")?
        .strip_suffix(".json.gz")
        .filter(|slug| !slug.contains('/'))?;
    (article_path(slug) == path).then_some(slug)
}

/// What [`sync`] changed, by path inside the bundle.
#[derive(Default)]
struct Changes {
    /// Files added or whose bytes changed.
    changed: Vec<String>,
    removed: Vec<String>,
}

/// Makes `to` hold the files `from` holds, as hard links (a copy where the file
/// system has none), but for the offline list, which belongs to `dist/`.
fn sync(from: &Path, to: &Path) -> Result<Changes> {
    let mut changes = Changes::default();
    let wanted = files_under(from)?;
    for relative in &wanted {
        let source = from.join(relative);
        let target = to.join(relative);
        if same_file(&source, &target) {
            continue;
        }
        if !same_bytes(&source, &target) {
            changes.changed.push(relative.clone());
        }
        // Linked even when only the bytes are the same (after Trunk's copy), so the
        // next round needs no reading.
        link_into_place(&source, &target)?;
    }
    let wanted: std::collections::HashSet<&String> = wanted.iter().collect();
    let list = OFFLINE_LIST.trim_start_matches("data/");
    let parts = OFFLINE_PARTS.trim_start_matches("data/");
    for relative in files_under(to)? {
        if !wanted.contains(&relative) && relative != list && !relative.starts_with(parts) {
            let path = to.join(&relative);
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            changes.removed.push(relative);
        }
    }
    Ok(changes)
}

/// Every file under `folder`, relative to it with `/` separators.
fn files_under(folder: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(current) = folders.pop() {
        let entries = std::fs::read_dir(&current)
            .with_context(|| format!("listing {}", current.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("listing {}", current.display()))?;
            if entry.file_type()?.is_dir() {
                folders.push(entry.path());
            } else {
                let path = entry.path();
                let relative = path.strip_prefix(folder).unwrap_or(&path);
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Ok(found)
}

/// Whether `one` and `other` are the same file (hard links of each other).
fn same_file(one: &Path, other: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(one), std::fs::metadata(other)) {
            (Ok(one), Ok(other)) => one.dev() == other.dev() && one.ino() == other.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (one, other);
        false
    }
}

fn same_bytes(one: &Path, other: &Path) -> bool {
    let sizes = (std::fs::metadata(one), std::fs::metadata(other));
    match sizes {
        (Ok(a), Ok(b)) if a.len() == b.len() => {
            matches!((std::fs::read(one), std::fs::read(other)), (Ok(a), Ok(b)) if a == b)
        }
        _ => false,
    }
}

/// Puts a link to `source` at `target` in one step (a rename over it), so the
/// server never finds the file missing or half written.
fn link_into_place(source: &Path, target: &Path) -> Result<()> {
    let folder = target.parent().context("a bundle file has a folder")?;
    std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let staged = folder.join(format!(".{name}.watch-{}", std::process::id()));
    let _ = std::fs::remove_file(&staged);
    if std::fs::hard_link(source, &staged).is_err() {
        std::fs::copy(source, &staged)
            .with_context(|| format!("copying {} to {}", source.display(), staged.display()))?;
    }
    std::fs::rename(&staged, target).with_context(|| format!("replacing {}", target.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_files_name_their_slug_and_nothing_else_does() {
        assert_eq!(slug_of("articles/tea.json.gz"), Some("tea"));
        assert_eq!(slug_of("glossary/tea.json.gz"), None);
        assert_eq!(slug_of("articles/a/b.json.gz"), None);
        assert_eq!(slug_of("catalog.json"), None);
    }

    #[test]
    fn syncing_links_changed_files_removes_gone_ones_and_keeps_the_offline_list() {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        let write = |root: &Path, relative: &str, text: &str| {
            let path = root.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(from.path(), "catalog.json", "{1}");
        write(from.path(), "articles/a.json.gz", "a");
        write(from.path(), "articles/b.json.gz", "b2");
        write(to.path(), "catalog.json", "{1}");
        write(to.path(), "articles/b.json.gz", "b1");
        write(to.path(), "articles/gone.json.gz", "x");
        write(to.path(), "offline.json", "{}");
        write(to.path(), "offline/0123.json", "{}");

        let changes = sync(from.path(), to.path()).unwrap();
        let mut changed = changes.changed.clone();
        changed.sort();
        assert_eq!(changed, ["articles/a.json.gz", "articles/b.json.gz"]);
        assert_eq!(changes.removed, ["articles/gone.json.gz"]);
        assert_eq!(
            std::fs::read_to_string(to.path().join("articles/b.json.gz")).unwrap(),
            "b2"
        );
        assert!(to.path().join("offline.json").is_file());
        assert!(to.path().join("offline/0123.json").is_file());
        // Same bytes are linked too, so nothing is read again next time.
        assert!(same_file(
            &from.path().join("catalog.json"),
            &to.path().join("catalog.json")
        ));
        let again = sync(from.path(), to.path()).unwrap();
        assert!(again.changed.is_empty() && again.removed.is_empty());
    }
}
