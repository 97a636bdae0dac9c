//! Headless Chromium through chromedriver, for the benchmarks: one driver for the
//! run, and a fresh browser profile per session so every session starts with a
//! cold cache. The flags are the ones Chromium needs when run as root here.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};
use fantoccini::{Client, ClientBuilder};
use tempfile::TempDir;

/// A running chromedriver; stopped when dropped.
pub struct Driver {
    process: Child,
    port: u16,
}

impl Driver {
    /// Starts `chromedriver` on a free port.
    pub async fn start() -> Result<Driver> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chromedriver (run `cargo xtask setup`)")?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(Driver { process, port })
    }

    /// A browser with a new, empty profile.
    pub async fn session(&self) -> Result<Session> {
        let profile = tempfile::tempdir()?;
        let client = connect(self.port, profile.path()).await?;
        Ok(Session {
            client,
            _profile: profile,
        })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
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
    /// Closes the browser.
    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

async fn connect(port: u16, profile: &Path) -> Result<Client> {
    let args = [
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
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "args": args }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .context("connecting to chromedriver")
}
