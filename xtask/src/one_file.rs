//! The one-file edition: the built site (wasm, its JavaScript, the stylesheet, the
//! start-up script and the whole bundle) packed into a single `.html` that opens by
//! double-click from disk, with no server.
//!
//! Opened from `file://` a page may not `fetch()` files beside it, load a module
//! script from disk, or register a service worker. So everything is inline: the
//! bundle as a JSON block that a small script serves to the app's `fetch()` calls,
//! the wasm as base64 handed to wasm-bindgen's `init`, and the rest as inline
//! scripts and a style element. The page keeps a strict policy: each inline script
//! and the style element are allowed by their SHA-256 hash, nothing else runs, and
//! no request can leave the page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::run::root;

/// Where `cargo xtask one-file` writes the page by default.
pub fn default_output() -> PathBuf {
    root().join("dist-one-file/duet.html")
}

/// Builds the site at the root path, with the app as one module (the page inlines
/// it; a split app's chunks would each need their own inlining), then packs it into
/// `out`.
pub fn run(out: &Path) -> Result<()> {
    crate::setup::run()?;
    build_and_pack(out)
}

/// [`run`] without setup: builds into `target/one-file-site/`, leaving `dist/` alone.
pub fn build_and_pack(out: &Path) -> Result<()> {
    let site = root().join("target/one-file-site");
    crate::dist::build(Some("/"), crate::dist::App::Whole, &site)?;
    pack(&site, out)
}

/// Packs a `dist/` built for the root path (`--base /`) into one page at `out`.
pub fn pack(dist: &Path, out: &Path) -> Result<()> {
    let shell = Shell::find(dist)?;
    let html = page(&shell, &embedded_files(&dist.join("data"))?)?;
    if let Some(folder) = out.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating {}", folder.display()))?;
    }
    std::fs::write(out, &html).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "one-file edition: {} ({:.1} MB); open it from disk in a browser",
        out.display(),
        html.len() as f64 / 1e6
    );
    Ok(())
}

/// The files of a built site that the page inlines.
struct Shell {
    css: String,
    boot: String,
    glue: String,
    wasm: Vec<u8>,
    icon: Vec<u8>,
    /// The static "Starting Duet…" notice, shown until the app replaces it.
    boot_notice: String,
}

impl Shell {
    fn find(dist: &Path) -> Result<Shell> {
        let index = read_text(&dist.join("index.html"))?;
        if !index.contains("<meta name=\"duet-base\" content=\"/\"") {
            bail!(
                "{} was not built for the root path: the one-file edition needs `--base /`",
                dist.join("index.html").display()
            );
        }
        if dist.join("snippets").exists() {
            bail!(
                "{} has wasm-bindgen snippets (JavaScript files the glue imports), which \
                 this packer does not inline yet",
                dist.display()
            );
        }
        let body_start = index.find("<body>").context("index.html has no <body>")? + "<body>".len();
        let body_end = index.find("</body>").context("index.html has no </body>")?;
        Ok(Shell {
            css: read_text(&only_file(dist, "", ".css")?)?,
            boot: read_text(&only_file(dist, "boot-", ".js")?)?,
            glue: read_text(&only_file(dist, "duet-", ".js")?)?,
            wasm: read_bytes(&only_file(dist, "duet-", "_bg.wasm")?)?,
            icon: read_bytes(&dist.join("icons/duet.svg"))?,
            boot_notice: index[body_start..body_end].trim().to_string(),
        })
    }
}

/// The one file in `dist` (not in its sub-folders) named `prefix…suffix`.
fn only_file(dist: &Path, prefix: &str, suffix: &str) -> Result<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("listing {}", dist.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_glue_js = suffix == ".js" && prefix == "duet-";
        if name.starts_with(prefix)
            && name.ends_with(suffix)
            && !(is_glue_js && name.ends_with("_bg.js"))
            && entry.file_type()?.is_file()
        {
            found.push(entry.path());
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!(
            "{} has no {prefix}*{suffix}: build it with `cargo xtask dist --base /`",
            dist.display()
        ),
        many => bail!(
            "{} has {} files named {prefix}*{suffix}; expected one",
            dist.display(),
            many.len()
        ),
    }
}

/// Every bundle file under `data/` (but the service worker's size list), keyed by
/// its path relative to `data/`: text as `{"t": …}`, anything else as base64 in
/// `{"b": …}`. Sorted, so the page is the same for the same build.
fn embedded_files(data: &Path) -> Result<BTreeMap<String, serde_json::Value>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![data.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in
            std::fs::read_dir(&folder).with_context(|| format!("listing {}", folder.display()))?
        {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                folders.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(data)?
                .to_string_lossy()
                .replace('\\', "/");
            if relative == "offline.json" || relative.starts_with("offline/") {
                continue;
            }
            let bytes = read_bytes(&path)?;
            let value = match String::from_utf8(bytes) {
                Ok(text) => serde_json::json!({ "t": text }),
                Err(error) => serde_json::json!({
                    "b": base64::engine::general_purpose::STANDARD.encode(error.as_bytes())
                }),
            };
            files.insert(relative, value);
        }
    }
    if !files.contains_key(duet_core::CATALOG_FILE) {
        bail!(
            "{} has no {}: build the bundle first",
            data.display(),
            duet_core::CATALOG_FILE
        );
    }
    Ok(files)
}

/// Serves the embedded bundle to the app's `fetch()` of `/data/…` (the app's data
/// URLs under the root base path), as a server would: the file, or a 404.
/// `window.duetAssetUrl` gives bundled images as `data:` URLs.
const FETCH_SHIM: &str = r#"(function () {
  "use strict";
  // Opened from disk there is no server and fetch() of file:// URLs is refused, so
  // the bundle travels inside this page (the #duet-files block).
  var files = JSON.parse(document.getElementById("duet-files").textContent);
  // The bundler publishes only these raster formats (never SVG: it can carry script).
  var types = { json: "application/json", gz: "application/gzip", png: "image/png",
    jpg: "image/jpeg", gif: "image/gif", webp: "image/webp", avif: "image/avif" };
  function typeOf(path) {
    var dot = path.lastIndexOf(".");
    return types[path.slice(dot + 1).toLowerCase()] || "application/octet-stream";
  }
  function bytesOf(encoded) {
    var raw = atob(encoded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }
  function fileOf(url) {
    if (typeof url !== "string" || url.indexOf("/data/") !== 0) {
      return undefined;
    }
    return url.slice("/data/".length).split(/[?#]/)[0];
  }
  var pageFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var path = fileOf(typeof input === "string" ? input : input && input.url);
    if (path === undefined) {
      return pageFetch(input, init);
    }
    var file = files[path];
    if (!file) {
      return Promise.resolve(new Response("not in this page: " + path, { status: 404 }));
    }
    var body = "t" in file ? file.t : bytesOf(file.b);
    return Promise.resolve(new Response(body, { status: 200, headers: { "Content-Type": typeOf(path) } }));
  };
  window.duetAssetUrl = function (path) {
    var file = files[path];
    if (!file) {
      return "";
    }
    var encoded = "b" in file ? file.b : btoa(unescape(encodeURIComponent(file.t)));
    return "data:" + typeOf(path) + ";base64," + encoded;
  };
})();
"#;

/// The page, with its policy naming the hash of every inline script and style.
fn page(shell: &Shell, files: &BTreeMap<String, serde_json::Value>) -> Result<String> {
    let base64 = base64::engine::general_purpose::STANDARD;
    let init = default_export(&shell.glue)?;
    let start = format!(
        "{glue}\n// Started from the wasm inside this page, not from a file beside it. Names\n\
         // start with __duet: the glue above declares its own at the same level.\n\
         const __duetEncoded = document.getElementById(\"duet-wasm\").textContent;\n\
         const __duetRaw = atob(__duetEncoded);\n\
         const __duetBytes = new Uint8Array(__duetRaw.length);\n\
         for (let i = 0; i < __duetRaw.length; i++) {{ __duetBytes[i] = __duetRaw.charCodeAt(i); }}\n\
         const __duetWasm = await {init}({{ module_or_path: __duetBytes }});\n\
         dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{ detail: {{ wasm: __duetWasm }} }}));\n",
        glue = shell.glue.trim_end()
    );
    let scripts = [FETCH_SHIM, shell.boot.as_str(), start.as_str()];
    let script_hashes: Vec<String> = scripts.iter().map(|script| csp_hash(script)).collect();
    let policy = format!(
        "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {}; img-src data:; \
         object-src 'none'; base-uri 'none'; form-action 'none'",
        script_hashes.join(" "),
        csp_hash(&shell.css)
    );
    // `<` escaped, so no string in the bundle can close the block it sits in.
    let files_json = serde_json::to_string(files)?.replace('<', "\\u003c");
    Ok(format!(
        r##"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="{policy}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <meta name="duet-base" content="/" />
    <meta name="duet-edition" content="one-file" />
    <meta name="theme-color" content="#a2321f" />
    <title>Duet · 双读</title>
    <link rel="icon" href="data:image/svg+xml;base64,{icon}" />
    <style>{css}</style>
    <script type="application/json" id="duet-files">{files_json}</script>
    <script type="application/octet-stream" id="duet-wasm">{wasm}</script>
    <script>{shim}</script>
    <script>{boot}</script>
    <script type="module">{start}</script>
  </head>
  <body>
    {notice}
  </body>
</html>
"##,
        icon = base64.encode(&shell.icon),
        css = shell.css,
        wasm = base64.encode(&shell.wasm),
        shim = FETCH_SHIM,
        boot = shell.boot,
        notice = shell.boot_notice,
    ))
}

/// The name of the function wasm-bindgen's glue exports as its default (`init`):
/// `export { initSync, __wbg_init as default };` in wasm-bindgen 0.2.130,
/// `export default __wbg_init;` in older ones.
fn default_export(glue: &str) -> Result<String> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let name = if let Some(at) = glue.rfind(" as default") {
        glue[..at]
            .chars()
            .rev()
            .take_while(|c| is_name(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<String>()
    } else if let Some(at) = glue.rfind("export default ") {
        glue[at + "export default ".len()..]
            .chars()
            .take_while(|c| is_name(*c))
            .collect()
    } else {
        bail!("the wasm-bindgen glue has no default export: did wasm-bindgen's output change?");
    };
    if name.is_empty() {
        bail!("the wasm-bindgen glue's default export is not a plain name");
    }
    Ok(name)
}

/// A Content-Security-Policy source allowing the inline element with this text.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_glue_init_function() {
        let glue =
            "async function __wbg_init(x) {}\nexport { initSync };\nexport default __wbg_init;\n";
        assert_eq!(default_export(glue).unwrap(), "__wbg_init");
        assert!(default_export("export { initSync };").is_err());
    }

    #[test]
    fn hashes_as_the_csp_spec_says() {
        // The example from CSP Level 3: `alert('Hello, world.');`.
        assert_eq!(
            csp_hash("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
    }

    #[test]
    fn embeds_text_and_binary_files_but_not_the_offline_list() {
        let data = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(data.path().join("articles")).unwrap();
        std::fs::write(data.path().join("catalog.json"), "{\"a\":\"</script>\"}").unwrap();
        std::fs::write(
            data.path().join("articles/x.json.gz"),
            [0x1f, 0x8b, 0xff, 0x00],
        )
        .unwrap();
        std::fs::write(data.path().join("offline.json"), "{}").unwrap();
        std::fs::create_dir_all(data.path().join("offline")).unwrap();
        std::fs::write(data.path().join("offline/0123.json"), "{}").unwrap();
        let files = embedded_files(data.path()).unwrap();
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["articles/x.json.gz", "catalog.json"]
        );
        assert_eq!(files["articles/x.json.gz"]["b"], "H4v/AA==");
        assert_eq!(files["catalog.json"]["t"], "{\"a\":\"</script>\"}");
        let json = serde_json::to_string(&files)
            .unwrap()
            .replace('<', "\\u003c");
        assert!(!json.contains("</script"), "{json}");
    }
}
