//! Headless Chromium through chromedriver, for the benchmarks and the end-to-end
//! tests: one driver for the run, and a fresh browser profile per session so every
//! session starts with a cold cache. The flags are the ones Chromium needs when run
//! as root here; they are written once, in [`capabilities`].

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Map, Value as Json};
use tempfile::TempDir;

/// How long chromedriver may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// A running chromedriver (`$CHROMEDRIVER`, else `chromedriver`); stopped, with
/// every browser it started, when dropped.
pub struct Driver {
    process: Child,
    port: u16,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it listens.
    pub fn launch() -> Result<Driver> {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let process = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so the browsers it starts can be ended with
            // it even when a session was never closed.
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {program} (run `cargo xtask setup`)"))?;
        let driver = Driver { process, port };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > START_TIMEOUT {
                bail!("{program} did not listen on port {port} within {START_TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    /// [`Driver::launch`], for async callers.
    pub async fn start() -> Result<Driver> {
        Driver::launch()
    }

    /// Where WebDriver clients connect.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A browser with a new, empty profile.
    pub async fn session(&self) -> Result<Session> {
        let profile = tempfile::tempdir()?;
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities(profile.path(), None))
            .connect(&self.url())
            .await
            .context("connecting to chromedriver")?;
        Ok(Session {
            client,
            _profile: profile,
        })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group holds only chromedriver and the browsers it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.process.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// One browser; its profile folder is removed when dropped.
pub struct Session {
    pub client: Client,
    _profile: TempDir,
}

impl Session {
    /// The browser's profile folder (its processes name it on their command line).
    pub fn profile(&self) -> &Path {
        self._profile.path()
    }

    /// Closes the browser.
    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

/// Where Debian installs Chromium; named so chromedriver does not pick another
/// browser it finds first.
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// The WebDriver capabilities of a headless Chromium with its profile in
/// `profile`: `$CHROMIUM` as the browser when set (else [`DEFAULT_CHROMIUM`] when
/// there), and, with `lang`, that
/// language pinned as the browser's (the app's interface follows it on a first
/// visit).
pub fn capabilities(profile: &Path, lang: Option<&str>) -> Map<String, Json> {
    let mut args = vec![
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        "--window-size=1280,900".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut options = Map::new();
    if let Some(lang) = lang {
        args.push(format!("--lang={lang}"));
        let primary = lang.split('-').next().unwrap_or(lang);
        options.insert(
            "prefs".into(),
            json!({ "intl.accept_languages": format!("{lang},{primary}") }),
        );
    }
    let binary = std::env::var("CHROMIUM").ok().or_else(|| {
        Path::new(DEFAULT_CHROMIUM)
            .is_file()
            .then(|| DEFAULT_CHROMIUM.into())
    });
    if let Some(binary) = binary {
        options.insert("binary".into(), binary.into());
    }
    options.insert("args".into(), args.into());
    let mut capabilities = Map::new();
    capabilities.insert("browserName".into(), "chrome".into());
    capabilities.insert("goog:chromeOptions".into(), Json::Object(options));
    capabilities
}

/// A Chrome DevTools Protocol command sent through chromedriver's
/// `goog/cdp/execute`, for what WebDriver cannot do (network throttling and
/// blocking, scripts before the page's own, device metrics).
#[derive(Debug)]
pub struct DevTools {
    pub method: &'static str,
    pub params: Json,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
