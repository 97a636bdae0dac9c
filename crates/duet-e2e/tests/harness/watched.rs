//! The site as `cargo xtask serve` serves it while an author writes: a temporary
//! copy of `content/` watched by the real `duet-bundle build --watch` (the release
//! binary, through cargo, as the command runs it) and a copy of the built app kept
//! up to date by `xtask::dev_site`, on a free port.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use xtask::dev_site::{DevSite, Settings};

use super::{chromedriver, copy_dir, dist_dir, Browser, Bundle};
use duet_chromium::Driver as Chromedriver;

/// The first build of the copied content, cold (no build cache), in release mode.
const FIRST_BUILD: Duration = Duration::from_secs(120);

/// A watched, served copy of the site; everything stops when it is dropped.
pub struct WatchedSite {
    /// The bundle as first served.
    pub bundle: Bundle,
    // Fields drop in order: the bundler and the server stop before the folder goes.
    site: DevSite,
    driver: Chromedriver,
    folder: tempfile::TempDir,
}

impl WatchedSite {
    /// Copies `content/` and the built app, starts the watch and waits for its first
    /// build to reach the served copy.
    pub fn start() -> WatchedSite {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let folder = tempfile::tempdir().expect("create a temporary folder for the watched site");
        let content = folder.path().join("content");
        let dist = folder.path().join("dist");
        let public_data = folder.path().join("public/data");
        copy_dir(&workspace.join("content"), &content);
        copy_dir(&dist_dir(), &dist);
        let mut bundler = Command::new(env!("CARGO"));
        bundler
            .args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "duet-bundle",
                "--",
                "build",
            ])
            .arg(&content)
            .arg("--out")
            .arg(&public_data)
            .arg("--watch")
            .current_dir(&workspace);
        let worker_template = std::fs::read_to_string(workspace.join("public/sw.js"))
            .expect("read the service worker template public/sw.js");
        let settings = Settings {
            bundler,
            public_data,
            dist: dist.clone(),
            base: "/".to_string(),
            worker_template,
        };
        let site = DevSite::start(settings, "127.0.0.1:0")
            .unwrap_or_else(|error| panic!("start the watched site: {error:#}"));
        let started = Instant::now();
        while site.rounds() == 0 {
            assert!(
                started.elapsed() < FIRST_BUILD,
                "the watched site's first build did not finish within {FIRST_BUILD:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        WatchedSite {
            bundle: Bundle::load(&dist),
            site,
            driver: chromedriver(),
            folder,
        }
    }

    /// The watched content folder (a copy of `content/`).
    pub fn content(&self) -> PathBuf {
        self.folder.path().join("content")
    }

    /// How many builds the open pages were told of.
    pub fn rounds(&self) -> u64 {
        self.site.rounds()
    }

    /// Opens a new browser session with its own empty profile.
    pub async fn browser(&self) -> Browser {
        Browser::open(&self.driver.url(), &self.site.url()).await
    }
}
