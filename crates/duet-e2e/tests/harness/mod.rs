//! The end-to-end harness: finds the built app, serves it (or a copy a test may
//! break), starts chromedriver, and opens fresh browser sessions on the site.

pub mod axe;
mod browser;
pub mod bundle;
pub mod watched;

use std::path::{Path, PathBuf};
use std::time::Duration;

use duet_serve::StaticServer;

pub use browser::Browser;
pub use bundle::Bundle;
use duet_chromium::Driver as Chromedriver;

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
    /// Where the app is served, `http://127.0.0.1:PORT/base/`.
    url: String,
    /// The server's address and base path, to serve again after a stop.
    addr: std::net::SocketAddr,
    base: String,
    // Fields drop in order: the server and chromedriver stop before the copied
    // folder they use is deleted.
    /// `None` once [`Site::stop_server`] took the app off the network.
    server: Option<StaticServer>,
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
        // What `xtask dist --base` would have written: every root path in the pages
        // (the app's and the pre-rendered articles'), their declared base path, and
        // the asset paths in the start script.
        let move_page = |page: &Path| {
            let html = std::fs::read_to_string(page)
                .unwrap_or_else(|error| panic!("read {}: {error}", page.display()));
            let moved = html
                .replace("href=\"/", &format!("href=\"{base}"))
                .replace("src=\"/", &format!("src=\"{base}"))
                .replace(
                    "name=\"duet-base\" content=\"/",
                    &format!("name=\"duet-base\" content=\"{base}"),
                );
            std::fs::write(page, moved)
                .unwrap_or_else(|error| panic!("write {}: {error}", page.display()));
        };
        move_page(&copy.path().join("index.html"));
        if let Ok(articles) = std::fs::read_dir(copy.path().join("a")) {
            for entry in articles {
                move_page(
                    &entry
                        .expect("list the pre-rendered pages")
                        .path()
                        .join("index.html"),
                );
            }
        }
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
            url: server.url(),
            addr: server.addr(),
            base: base.to_string(),
            server: Some(server),
            driver: chromedriver(),
            _copy: copy,
        }
    }

    /// A file of the served bundle, such as `catalog.json` or `articles/x.json.gz`.
    pub fn data_file(&self, relative: &str) -> PathBuf {
        self.root.join("data").join(relative)
    }

    /// The path of every request the server answered so far, in order (empty
    /// while it is stopped; a restarted server starts a new record).
    pub fn requested(&self) -> Vec<String> {
        self.server
            .as_ref()
            .map(StaticServer::requested)
            .unwrap_or_default()
    }

    /// The served folder (the real `dist/` or the copy).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Opens a new browser session with its own empty profile, so `localStorage`
    /// starts empty.
    pub async fn browser(&self) -> Browser {
        Browser::open(&self.driver.url(), &self.url).await
    }

    /// Stops the server and closes the connections it held open: from now on the
    /// app's address refuses connections, as when the network is gone. Unlike
    /// emulating offline in the page, this also cuts off the service worker.
    pub fn stop_server(&mut self) {
        self.server = None;
    }

    /// Serves the app again at the same address after [`Site::stop_server`], as when
    /// the network comes back.
    pub fn restart_server(&mut self) {
        let server = StaticServer::start(&self.root, &self.base, &self.addr.to_string())
            .unwrap_or_else(|error| {
                panic!(
                    "serve {} again on {}: {error}",
                    self.root.display(),
                    self.addr
                )
            });
        self.server = Some(server);
    }

    /// Deploys a new version over the copy being served, as `cargo xtask dist` after
    /// a change would: the stylesheet gets a new name (as a hashed asset does when
    /// its content changes), the page and the service worker name it, and the
    /// worker's version changes. The old stylesheet is gone from the server.
    pub fn deploy_new_version(&self) -> NewDeploy {
        assert!(
            self._copy.is_some(),
            "deploy only over a copy (Site::start_copy), never over the real dist/"
        );
        let old_stylesheet = std::fs::read_dir(&self.root)
            .expect("list the served folder")
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .find(|name| name.starts_with("main-") && name.ends_with(".css"))
            .expect("the build has a main-<hash>.css stylesheet");
        let stylesheet = old_stylesheet.replacen("main-", "main-next-", 1);
        std::fs::rename(self.root.join(&old_stylesheet), self.root.join(&stylesheet))
            .expect("rename the stylesheet");
        let index = self.root.join("index.html");
        let html = std::fs::read_to_string(&index).expect("read index.html");
        std::fs::write(&index, html.replace(&old_stylesheet, &stylesheet))
            .expect("write index.html");

        let worker = self.root.join("sw.js");
        let script = std::fs::read_to_string(&worker)
            .expect("read sw.js (built by `cargo xtask dist`; see xtask/src/offline.rs)");
        let prefix = "const BUILD = ";
        let line = script
            .lines()
            .find(|line| line.starts_with(prefix))
            .expect("sw.js has its `const BUILD = {…};` line");
        let mut build: serde_json::Value =
            serde_json::from_str(line[prefix.len()..].trim_end_matches(';'))
                .expect("the BUILD line of sw.js is JSON");
        let version = format!("{}-next", build["version"].as_str().unwrap_or_default());
        build["version"] = version.clone().into();
        let rebuilt = format!("{prefix}{build};").replace(&old_stylesheet, &stylesheet);
        std::fs::write(&worker, script.replacen(line, &rebuilt, 1)).expect("write sw.js");
        NewDeploy {
            version,
            stylesheet,
        }
    }
}

/// The one-file edition (`cargo xtask one-file`, also written by `cargo xtask
/// test-all`), opened from disk: no server at all, only chromedriver.
pub struct OneFile {
    /// The bundle packed into the page (it is packed from `dist/`).
    pub bundle: Bundle,
    page: PathBuf,
    driver: Chromedriver,
}

impl OneFile {
    /// Finds the page: `DUET_ONE_FILE` when set, else the workspace's
    /// `dist-one-file/duet.html`.
    pub fn open() -> OneFile {
        let page = std::env::var_os("DUET_ONE_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist-one-file/duet.html")
            });
        let page = page.canonicalize().unwrap_or_else(|error| {
            panic!(
                "no one-file edition at {} ({error}): run `cargo xtask one-file` first, \
                     or point DUET_ONE_FILE at one",
                page.display()
            )
        });
        OneFile {
            bundle: Bundle::load(&dist_dir()),
            page,
            driver: chromedriver(),
        }
    }

    /// The page's `file://` address.
    pub fn url(&self) -> String {
        format!("file://{}", self.page.display())
    }

    /// A browser with an empty profile; its `goto("")` opens the page, and
    /// `goto("#/a/slug")` a route inside it.
    pub async fn browser(&self) -> Browser {
        Browser::open(&self.driver.url(), &self.url()).await
    }
}

/// What [`Site::deploy_new_version`] changed.
pub struct NewDeploy {
    /// The service worker's new version.
    pub version: String,
    /// The new stylesheet's file name.
    pub stylesheet: String,
}

/// Chromedriver, started through `duet-chromium` like the benchmarks' (or
/// `$CHROMEDRIVER`).
pub(crate) fn chromedriver() -> Chromedriver {
    Chromedriver::launch()
        .unwrap_or_else(|error| panic!("{error:#} (install chromium-driver, or set CHROMEDRIVER)"))
}

/// Copies a folder tree.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
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
