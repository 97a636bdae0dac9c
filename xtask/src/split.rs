//! The release app split into chunks loaded on first use (ARCHITECTURE.md, "The
//! shell's size"). Trunk 0.21 cannot split a wasm module, so for this build it gets an
//! `index.html` whose Rust link is marked `data-trunk-skip` (a page without one
//! makes Trunk build the crate anyway), and the Rust step happens here instead:
//!
//! 1. `cargo rustc --features split -- -C link-args=--emit-relocs`: the splitter needs
//!    the linker's relocations (without them it stops with "No linking section found").
//! 2. `wasm-split-cli` (crate `wasm_split_cli_support`): the main module, one
//!    `split_<name>.wasm` per `wasm_split` name, `chunk_<n>.wasm` for code several of
//!    them share, and `__wasm_split.js`, which fetches them beside itself.
//! 3. `wasm-bindgen --keep-lld-exports`: the chunks link against the main module's
//!    exports, which wasm-bindgen would otherwise drop.
//! 4. `wasm-opt` on every module, with the flags `index.html` gives Trunk.
//!
//! The result goes into `dist/app-<hash>/`, the hash taken over every file of it: the
//! chunk names are not content hashes, so the folder carries the build's version,
//! and an old page never fetches a new build's chunk. The start script Trunk would
//! have written goes into `index.html`, where [`crate::harden`] moves it out as usual.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::run::{command, root, step};

/// The crate's binary, as `data-bin` names it in `index.html`.
const BIN: &str = "duet";
/// The Rust link in `index.html`, from its opening to its `/>`.
const RUST_LINK_START: &str = "<link\n      data-trunk\n      rel=\"rust\"";

/// `index.html` with its Rust link skipped: the page Trunk builds for the split app.
pub fn trunk_page(index: &str) -> Result<String> {
    let (start, end) = rust_link(index)?;
    Ok(format!(
        "{}<link data-trunk rel=\"rust\" data-bin=\"{BIN}\" data-trunk-skip />{}",
        &index[..start],
        &index[end..]
    ))
}

/// Where the Rust link starts and ends in `index`.
fn rust_link(index: &str) -> Result<(usize, usize)> {
    let Some(start) = index.find(RUST_LINK_START) else {
        bail!("index.html has no `<link data-trunk rel=\"rust\"` (laid out over lines as now)");
    };
    let end = start
        + index[start..]
            .find("/>")
            .context("index.html's Rust link is not closed with `/>`")?
        + "/>".len();
    Ok((start, end))
}

/// The wasm-opt flags `index.html` gives Trunk (`data-wasm-opt-params`).
fn wasm_opt_params(index: &str) -> Result<Vec<String>> {
    let (start, end) = rust_link(index)?;
    let link = &index[start..end];
    let key = "data-wasm-opt-params=\"";
    let at = link
        .find(key)
        .context("index.html's Rust link has no data-wasm-opt-params")?
        + key.len();
    let value = link[at..].split('"').next().unwrap_or_default();
    Ok(value.split_whitespace().map(str::to_string).collect())
}

/// Cargo's target folder.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Builds the split app into `dist/app-<hash>/` and puts the script that starts it
/// into `dist/index.html` (which Trunk built from [`trunk_page`]) for `public_url`.
pub fn build(dist: &Path, public_url: &str) -> Result<()> {
    let index_source =
        std::fs::read_to_string(root().join("index.html")).context("reading index.html")?;
    let opt_params = wasm_opt_params(&index_source)?;
    step(
        "cargo rustc --release --features split (with the linker's relocations)",
        command(
            "cargo",
            &[
                "rustc",
                "--bin",
                BIN,
                "--target",
                "wasm32-unknown-unknown",
                "--release",
                "--features",
                "split",
                "--",
                "-C",
                "link-args=--emit-relocs",
            ],
        ),
    )?;
    let linked = target_dir()
        .join("wasm32-unknown-unknown/release")
        .join(format!("{BIN}.wasm"));
    let scratch = target_dir().join("split-app");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)
            .with_context(|| format!("clearing {}", scratch.display()))?;
    }
    let parts = scratch.join("parts");
    let out = scratch.join("out");
    let mut split = command("wasm-split-cli", &["--target", "web", "--out-name", BIN]);
    split.arg(&linked).arg(&parts);
    step("wasm-split-cli (one module per chunk)", split)?;
    let mut bindgen = command(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name",
            BIN,
            "--out-dir",
        ],
    );
    bindgen.arg(&out).arg(parts.join(format!("{BIN}.wasm")));
    step("wasm-bindgen --keep-lld-exports (the main module)", bindgen)?;
    if out.join("snippets").exists() {
        bail!("wasm-bindgen wrote snippets, which the split build does not copy yet");
    }
    for entry in
        std::fs::read_dir(&parts).with_context(|| format!("listing {}", parts.display()))?
    {
        let path = entry?.path();
        let name = file_name(&path);
        if name == "__wasm_split.js" || name.starts_with("split_") || name.starts_with("chunk_") {
            std::fs::copy(&path, out.join(&name))
                .with_context(|| format!("copying {}", path.display()))?;
        }
    }
    let mut files = listing(&out)?;
    for name in files.iter().filter(|name| name.ends_with(".wasm")) {
        let path = out.join(name);
        let mut optimise = command("wasm-opt", &["-Oz"]);
        optimise.args(&opt_params).arg(&path).arg("-o").arg(&path);
        step(&format!("wasm-opt -Oz {name}"), optimise)?;
    }
    files = listing(&out)?;
    let folder = format!("app-{}", version(&out, &files)?);
    let target = dist.join(&folder);
    std::fs::create_dir_all(&target).with_context(|| format!("creating {}", target.display()))?;
    for name in &files {
        std::fs::copy(out.join(name), target.join(name))
            .with_context(|| format!("copying {name} into {}", target.display()))?;
    }
    let index = dist.join("index.html");
    let html =
        std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    std::fs::write(
        &index,
        with_start_script(&html, &format!("{public_url}{folder}/"))?,
    )
    .with_context(|| format!("writing {}", index.display()))?;
    eprintln!("split app: {} files in {folder}/", files.len());
    Ok(())
}

/// `html` with the start script and preload hints Trunk writes for its own Rust
/// build, for the app in `folder` (a URL ending in `/`).
pub fn with_start_script(html: &str, folder: &str) -> Result<String> {
    let Some(head_end) = html.find("</head>") else {
        bail!("index.html has no </head>");
    };
    let js = format!("{folder}{BIN}.js");
    let wasm = format!("{folder}{BIN}_bg.wasm");
    let start = format!(
        "<script type=\"module\">\n\
         import init, * as bindings from '{js}';\n\
         const wasm = await init({{ module_or_path: '{wasm}' }});\n\
         window.wasmBindings = bindings;\n\
         dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{detail: {{wasm}}}}));\n\
         </script>\n  \
         <link rel=\"modulepreload\" href=\"{js}\" crossorigin=\"anonymous\">\
         <link rel=\"preload\" href=\"{wasm}\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\">"
    );
    Ok(format!("{}{start}{}", &html[..head_end], &html[head_end..]))
}

/// The files directly in `folder`, sorted.
fn listing(folder: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in
        std::fs::read_dir(folder).with_context(|| format!("listing {}", folder.display()))?
    {
        let path = entry?.path();
        if path.is_file() {
            names.push(file_name(&path));
        }
    }
    names.sort();
    Ok(names)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// A hash of every file's name and content (SipHash with fixed keys: it tells
/// builds apart for caches, it is not a security measure).
fn version(folder: &Path, names: &[String]) -> Result<String> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for name in names {
        let bytes = std::fs::read(folder.join(name))
            .with_context(|| format!("reading {}", folder.join(name).display()))?;
        hasher.write(name.as_bytes());
        hasher.write_u8(0);
        hasher.write(&bytes);
    }
    Ok(format!("{:016x}", hasher.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> String {
        std::fs::read_to_string(root().join("index.html")).unwrap()
    }

    #[test]
    fn the_trunk_page_skips_the_rust_build_and_keeps_everything_else() {
        let page = trunk_page(&index()).unwrap();
        assert!(page.contains("<link data-trunk rel=\"rust\" data-bin=\"duet\" data-trunk-skip />"));
        assert!(!page.contains("data-wasm-opt"));
        assert!(page.contains("<link data-trunk rel=\"css\" href=\"style/main.css\" />"));
        assert!(page.contains("<div id=\"boot\""));
    }

    #[test]
    fn the_wasm_opt_flags_come_from_index_html() {
        let params = wasm_opt_params(&index()).unwrap();
        assert!(params.contains(&"--enable-bulk-memory".to_string()));
        assert!(params.iter().all(|param| param.starts_with("--enable-")));
    }

    #[test]
    fn the_start_script_is_the_one_harden_moves_out() {
        let html = "<html><head><base href=\"/x/\" />\n<meta charset=\"utf-8\" /></head><body></body></html>";
        let page = with_start_script(html, "/x/app-1/").unwrap();
        assert!(page.contains("import init, * as bindings from '/x/app-1/duet.js';"));
        assert!(page.contains("module_or_path: '/x/app-1/duet_bg.wasm'"));
        let hardened = crate::harden::rewrite(&page).unwrap();
        assert!(hardened.script.contains("'/x/app-1/duet_bg.wasm'"));
        assert!(!hardened.html.contains("<script type=\"module\">"));
    }
}
