//! The end-to-end harness: finds the built app, serves it (or a copy a test may
//! break), starts chromedriver, and opens fresh browser sessions on the site.

mod browser;
pub mod bundle;
mod driver;

use std::path::{Path, PathBuf};
use std::time::Duration;

use duet_serve::StaticServer;

pub use browser::Browser;
pub use bundle::Bundle;
use driver::Chromedriver;

/// How long one wait for the app may take before the test fails. Waits poll, so
/// this only bounds a failing test; a passing one moves on as soon as it can.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The built app: `DUET_DIST` when set, else the workspace's `dist/`.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("DUET_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no built app at {} (index.html is missing): run `cargo xtask dist` first, \
         or point DUET_DIST at a built dist folder",
        dist.display()
    );
    dist
}

/// The app served on loopback, its bundle as the tests expect it, and a
/// chromedriver to open browsers on it. Everything stops when it is dropped.
pub struct Site {
    /// The bundle the served app reads, decoded with the app's own contract crate.
    pub bundle: Bundle,
    root: PathBuf,
    // Fields drop in order: the server and chromedriver stop before the copied
    // folder they use is deleted.
    server: StaticServer,
    driver: Chromedriver,
    _copy: Option<tempfile::TempDir>,
}

impl Site {
    /// Serves the built app as it is.
    pub fn start() -> Site {
        Site::serve(dist_dir(), None)
    }

    /// Serves a temporary copy of the built app, so a test can break its files
    /// (and mend them again) without touching the real `dist/`.
    pub fn start_copy() -> Site {
        let copy = tempfile::tempdir().expect("create a temporary folder for the dist copy");
        copy_dir(&dist_dir(), copy.path());
        let root = copy.path().to_path_buf();
        Site::serve(root, Some(copy))
    }

    /// Serves a copy of the built app under a sub-path such as `/docs/duet/`, with
    /// its asset URLs rewritten the way `trunk build --public-url` writes them, as
    /// an operator deploying into part of another site would.
    pub fn start_under(base: &str) -> Site {
        let copy = tempfile::tempdir().expect("create a temporary folder for the dist copy");
        copy_dir(&dist_dir(), copy.path());
        let index = copy.path().join("index.html");
        let html = std::fs::read_to_string(&index).expect("read the copied index.html");
        // What `xtask dist --base` would have written: every root path in the page,
        // its declared base path, and the asset paths in the start script.
        let moved = html
            .replace("href=\"/", &format!("href=\"{base}"))
            .replace("src=\"/", &format!("src=\"{base}"))
            .replace(
                "name=\"duet-base\" content=\"/",
                &format!("name=\"duet-base\" content=\"{base}"),
            );
        for entry in std::fs::read_dir(copy.path()).expect("list the dist copy") {
            let path = entry.expect("list the dist copy").path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if name.starts_with("start-") && name.ends_with(".js") {
                let script = std::fs::read_to_string(&path).expect("read the start script");
                std::fs::write(&path, script.replace("'/", &format!("'{base}")))
                    .expect("write the moved start script");
            }
        }
        std::fs::write(&index, moved).expect("write the moved index.html");
        let root = copy.path().to_path_buf();
        Site::serve_at(root, Some(copy), base)
    }

    fn serve(root: PathBuf, copy: Option<tempfile::TempDir>) -> Site {
        Site::serve_at(root, copy, "/")
    }

    fn serve_at(root: PathBuf, copy: Option<tempfile::TempDir>, base: &str) -> Site {
        // Read the bundle before any test edits the copy, so expectations come
        // from the good files.
        let bundle = Bundle::load(&root);
        let server = StaticServer::start(&root, base, "127.0.0.1:0")
            .unwrap_or_else(|error| panic!("serve {}: {error}", root.display()));
        Site {
            bundle,
            root,
            server,
            driver: Chromedriver::start(),
            _copy: copy,
        }
    }

    /// A file of the served bundle, such as `catalog.json` or `articles/x.json`.
    pub fn data_file(&self, relative: &str) -> PathBuf {
        self.root.join("data").join(relative)
    }

    /// Opens a new browser session with its own empty profile, so `localStorage`
    /// starts empty.
    pub async fn browser(&self) -> Browser {
        Browser::open(&self.driver.url(), &self.server.url()).await
    }
}

/// Copies a folder tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|error| panic!("create {}: {error}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|error| panic!("read {}: {error}", from.display()));
    for entry in entries {
        let entry = entry.expect("list the dist folder");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|error| panic!("copy {}: {error}", entry.path().display()));
        }
    }
}
