//! Building the release site (bundle + app) and serving it.

use anyhow::{Context, Result};

use crate::run::{command, root, step};

/// Builds `content/` into `public/data/` with the bundler.
pub fn bundle() -> Result<()> {
    step(
        "duet-bundle build content --out public/data",
        command(
            "cargo",
            &[
                "run",
                "--quiet",
                "--release",
                "-p",
                "duet-bundle",
                "--",
                "build",
                "content",
                "--out",
                "public/data",
            ],
        ),
    )
}

/// Installs tools, builds the bundle and the release app into `dist/` for `base`.
pub fn run(base: &str) -> Result<()> {
    crate::setup::run()?;
    build(base)
}

/// The build alone, for callers that ran setup already.
pub fn build(base: &str) -> Result<()> {
    bundle()?;
    let public_url = duet_serve::normalise_base(base);
    step(
        &format!("trunk build --release --public-url {public_url}"),
        command(
            "trunk",
            &["build", "--release", "--public-url", &public_url],
        ),
    )
}

/// Builds, then serves `dist/` on loopback until stopped.
pub fn serve(port: &str) -> Result<()> {
    run("/")?;
    let dist = root().join("dist");
    let server = duet_serve::StaticServer::start(&dist, "/", &format!("127.0.0.1:{port}"))
        .with_context(|| format!("serving {} on port {port}", dist.display()))?;
    eprintln!(
        "\nDuet is being served at {}  (Ctrl-C to stop)",
        server.url()
    );
    loop {
        std::thread::park();
    }
}
