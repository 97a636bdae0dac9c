//! Building the release site (bundle + app) and serving it.

use std::path::Path;

use anyhow::{Context, Result};

use crate::run::{command, root, step};

/// The bundler's command line for `content` (`--watch` added by `serve`).
const BUNDLE: [&str; 10] = [
    "run",
    "--quiet",
    "--release",
    "-p",
    "duet-bundle",
    "--",
    "build",
    "CONTENT",
    "--out",
    "public/data",
];

/// The arguments of `cargo` that build `content` into `public/data/`.
fn bundle_args(content: &str) -> Vec<&str> {
    BUNDLE
        .iter()
        .map(|arg| if *arg == "CONTENT" { content } else { arg })
        .collect()
}

/// Builds `content` (a folder) into `public/data/` with the bundler.
pub fn bundle(content: &str) -> Result<()> {
    step(
        &format!("duet-bundle build {content} --out public/data"),
        command("cargo", &bundle_args(content)),
    )
}

/// Installs tools, builds the bundle of `content` and the release app into `dist/`
/// for `base` (default: the site's configured base path).
pub fn run(base: Option<&str>, content: &str) -> Result<()> {
    crate::setup::run()?;
    build_from(base, App::Split, &root().join("dist"), content)
}

/// How the app's wasm is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    /// Chunks loaded on first use (`xtask/src/split.rs`): the site.
    Split,
    /// One module, built by Trunk itself: the one-file edition, which inlines it.
    Whole,
}

/// Trunk's page (`index.html` naming the minified stylesheet and `boot.js`, and for
/// the split app its Rust link skipped), written beside `index.html` (so its
/// relative paths still resolve) for the length of one build.
const TRUNK_PAGE: &str = "index.trunk.html";

/// The site's `base_path`, read back from the catalog the bundler just wrote.
fn configured_base() -> Result<String> {
    let file = root().join("public/data").join(duet_core::CATALOG_FILE);
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let catalog = duet_core::decode::decode_catalog_head(&file.display().to_string(), &text)?;
    Ok(catalog.site.base_path)
}

/// The build of `content/` alone into `dist` (a folder Trunk empties first), for
/// callers that ran setup already.
pub fn build(base: Option<&str>, app: App, dist: &Path) -> Result<()> {
    build_from(base, app, dist, "content")
}

/// The build of the content folder `content` alone into `dist`.
fn build_from(base: Option<&str>, app: App, dist: &Path, content: &str) -> Result<()> {
    bundle(content)?;
    let base = match base {
        Some(base) => base.to_string(),
        None => configured_base()?,
    };
    let public_url = duet_serve::normalise_base(&base);
    let dist_arg = dist.to_string_lossy().into_owned();
    let mut args = vec![
        "build",
        "--release",
        "--public-url",
        &public_url,
        "--dist",
        &dist_arg,
    ];
    crate::minify::sources()?;
    let index = std::fs::read_to_string(root().join("index.html")).context("reading index.html")?;
    let index = match app {
        App::Split => crate::split::trunk_page(&index)?,
        App::Whole => index,
    };
    let page = root().join(TRUNK_PAGE);
    std::fs::write(&page, crate::minify::trunk_page(&index)?)
        .with_context(|| format!("writing {}", page.display()))?;
    args.push(TRUNK_PAGE);
    let built = step(
        &format!("trunk {}", args.join(" ")),
        command("trunk", &args),
    );
    let _ = std::fs::remove_file(&page);
    built?;
    if app == App::Split {
        crate::split::build(dist, &public_url)?;
    }
    crate::harden::finish(dist)?;
    // Each article as static HTML, from the hardened page (so it has the same policy
    // and scripts): the first paint needs no WebAssembly.
    let (pages, bytes) = duet_prerender::write_article_pages(dist, &public_url)?;
    eprintln!(
        "pre-rendered {pages} article pages ({:.1} MB)",
        bytes as f64 / 1_000_000.0
    );
    let template = root().join("public").join(crate::offline::WORKER);
    let template = std::fs::read_to_string(&template)
        .with_context(|| format!("reading {}", template.display()))?;
    crate::offline::finish(dist, &template)
}

/// Builds, then serves `dist/` on loopback until stopped, watching `content`: each
/// change builds the bundle again and reloads open pages (see [`xtask::dev_site`]).
pub fn serve(port: &str, content: &str) -> Result<()> {
    run(None, content)?;
    let dist = root().join("dist");
    let base = duet_serve::normalise_base(&configured_base()?);
    let template = root().join("public").join(crate::offline::WORKER);
    let worker_template = std::fs::read_to_string(&template)
        .with_context(|| format!("reading {}", template.display()))?;
    let mut bundler = std::process::Command::new("cargo");
    bundler
        .args(bundle_args(content))
        .arg("--watch")
        .current_dir(root());
    let settings = xtask::dev_site::Settings {
        bundler,
        public_data: root().join("public/data"),
        dist,
        base,
        worker_template,
    };
    let site = xtask::dev_site::DevSite::start(settings, &format!("127.0.0.1:{port}"))
        .with_context(|| format!("serving on port {port}"))?;
    eprintln!(
        "\nDuet is being served at {}  (Ctrl-C to stop)\nwatching {content}: a saved change rebuilds the bundle and reloads the page",
        site.url()
    );
    loop {
        std::thread::park();
    }
}
