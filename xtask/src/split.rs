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
    // Read before the loader is minified: `chunk_files` reads the splitter's layout.
    let loader = std::fs::read_to_string(out.join("__wasm_split.js"))
        .context("reading the splitter's __wasm_split.js")?;
    let library_files = chunk_files(&loader, LIBRARY_CHUNK)?;
    let mut files = listing(&out)?;
    let scripts: Vec<PathBuf> = files
        .iter()
        .filter(|name| name.ends_with(".js"))
        .map(|name| out.join(name))
        .collect();
    crate::minify::in_place(&scripts)?;
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
    let library: Vec<String> = library_files
        .into_iter()
        .map(|file| format!("{folder}/{file}"))
        .collect();
    let index = dist.join("index.html");
    let html =
        std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let html = with_start_script(&html, &format!("{public_url}{folder}/"))?;
    std::fs::write(&index, with_library_chunks(&html, &library)?)
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

/// The chunk that draws the library, which `boot.js` asks for with the page on a
/// library address (as it does the list page), so the library costs no round trip
/// after the main module has started.
const LIBRARY_CHUNK: &str = "library";

/// The files `__wasm_split.js` (`loader`) fetches to load chunk `name`: its own
/// module and the shared chunks it waits for, in that order.
pub fn chunk_files(loader: &str, name: &str) -> Result<Vec<String>> {
    let export = format!("export const __wasm_split_load_{name} = ");
    let start = loader
        .find(&export)
        .with_context(|| format!("__wasm_split.js has no loader for chunk `{name}`"))?;
    let entry = &loader[start..];
    let Some((own, deps)) = fetched_file(entry).zip(dependencies(entry)) else {
        bail!("__wasm_split.js: the loader of chunk `{name}` is not laid out as expected");
    };
    let mut files = vec![own];
    for dep in deps {
        let definition = format!("const {dep} = makeLoad(");
        let at = loader.find(&definition).with_context(|| {
            format!("__wasm_split.js: chunk `{name}` waits for `{dep}`, which it never defines")
        })?;
        let file = fetched_file(&loader[at..])
            .with_context(|| format!("__wasm_split.js: `{dep}` fetches no file"))?;
        files.push(file);
    }
    Ok(files)
}

/// The file the first `fetch(new URL("./<file>", …))` in `text` names.
fn fetched_file(text: &str) -> Option<String> {
    let key = "fetch(new URL(\"./";
    let start = text.find(key)? + key.len();
    let end = start + text[start..].find('"')?;
    Some(text[start..end].to_string())
}

/// The loaders named in the first `, [ … ]));` of `text`: what a chunk waits for.
fn dependencies(text: &str) -> Option<Vec<String>> {
    let start = text.find(", [")? + ", [".len();
    let end = start + text[start..].find(']')?;
    Some(
        text[start..end]
            .split(',')
            .map(str::trim)
            .filter(|dep| !dep.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// `html` naming the library's chunk `files` (relative to the base path) in
/// `<meta name="duet-library-chunks">`, which `boot.js` preloads on a library
/// address. At the head's start: `boot.js` runs as the parser reaches it and sees
/// only what came before.
pub fn with_library_chunks(html: &str, files: &[String]) -> Result<String> {
    let Some(head_end) = html.find("<head>").map(|at| at + "<head>".len()) else {
        bail!("index.html has no <head>");
    };
    let meta = format!(
        "<meta name=\"duet-library-chunks\" content=\"{}\">",
        files.join(" ")
    );
    Ok(format!("{}{meta}{}", &html[..head_end], &html[head_end..]))
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

    /// The layout wasm_split_cli_support 0.2.4 writes (checked against a real build).
    const LOADER: &str = r#"
const __chunk_9 = makeLoad(() => {
    const src = fetch(new URL("./chunk_9.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
const __chunk_12 = makeLoad(() => {
    const src = fetch(new URL("./chunk_12.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
export const __wasm_split_load_search = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_search.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_12]));
export const __wasm_split_load_library = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_library.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_9, __chunk_12]));
"#;

    #[test]
    fn a_chunks_files_are_its_module_and_the_shared_chunks_it_waits_for() {
        assert_eq!(
            chunk_files(LOADER, "library").unwrap(),
            ["split_library.wasm", "chunk_9.wasm", "chunk_12.wasm"]
        );
        assert_eq!(
            chunk_files(LOADER, "search").unwrap(),
            ["split_search.wasm", "chunk_12.wasm"]
        );
    }

    #[test]
    fn a_loader_laid_out_otherwise_is_an_error_not_a_wrong_list() {
        let error = chunk_files(LOADER, "saved").unwrap_err().to_string();
        assert!(error.contains("no loader for chunk `saved`"), "{error}");
        let undefined = LOADER.replace("const __chunk_9 =", "const __chunk_99 =");
        let error = chunk_files(&undefined, "library").unwrap_err().to_string();
        assert!(
            error.contains("`__chunk_9`, which it never defines"),
            "{error}"
        );
    }

    #[test]
    fn the_library_chunks_are_named_in_the_head() {
        let html = "<html><head><meta charset=\"utf-8\" /></head><body></body></html>";
        let files = [
            "app-1/split_library.wasm".to_string(),
            "app-1/chunk_9.wasm".to_string(),
        ];
        let page = with_library_chunks(html, &files).unwrap();
        assert!(page.contains(
            "<meta name=\"duet-library-chunks\" content=\"app-1/split_library.wasm app-1/chunk_9.wasm\"><meta charset"
        ));
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
