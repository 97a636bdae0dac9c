//! The last step of `dist`, after [`crate::harden`]: the files that make the app work
//! offline.
//!
//! - `data/offline.json`: every bundle file with its size, and the total, which the
//!   reader sees before choosing to save every article.
//! - `sw.js`: the service worker (the template in `public/`) with this build
//!   filled in: its app-shell files and its version, a hash of every file of the
//!   build, so any change to any file makes a new worker and new caches.

use std::hash::Hasher;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// The service worker's file, at the top of `dist/` so its scope is the whole app.
pub const WORKER: &str = "sw.js";
/// The list of bundle files, relative to `dist/`.
pub const OFFLINE_LIST: &str = "data/offline.json";
/// The template's line that [`service_worker`] replaces.
const BUILD_LINE: &str = "const BUILD = ";

/// Writes `data/offline.json` and `sw.js` into `dist`.
pub fn finish(dist: &Path, template: &str) -> Result<()> {
    let files = list_files(dist)?;
    let list = offline_list(&files);
    let list_path = dist.join(OFFLINE_LIST);
    std::fs::write(&list_path, &list)
        .with_context(|| format!("writing {}", list_path.display()))?;
    // Listed again, now with the offline list in it.
    let files = list_files(dist)?;
    let worker = service_worker(template, &files)?;
    let worker_path = dist.join(WORKER);
    std::fs::write(&worker_path, worker)
        .with_context(|| format!("writing {}", worker_path.display()))?;
    Ok(())
}

/// One file of the build: its path relative to `dist/` with `/` separators, its size
/// and a hash of its content. Only these are kept, never the bytes: a build of a
/// large archive holds hundreds of megabytes of articles and pre-rendered pages.
pub struct BuildFile {
    pub path: String,
    pub size: u64,
    pub hash: u64,
}

impl BuildFile {
    /// The file at `path` holding `bytes`.
    pub fn new(path: String, bytes: &[u8]) -> BuildFile {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        hasher.write(bytes);
        BuildFile {
            path,
            size: bytes.len() as u64,
            hash: hasher.finish(),
        }
    }
}

/// Every file under `dist` but the service worker itself, sorted by path.
fn list_files(dist: &Path) -> Result<Vec<BuildFile>> {
    let mut files = Vec::new();
    collect(dist, "", &mut files)?;
    files.retain(|file| file.path != WORKER);
    files.sort_by(|one, other| one.path.cmp(&other.path));
    Ok(files)
}

fn collect(folder: &Path, prefix: &str, files: &mut Vec<BuildFile>) -> Result<()> {
    let entries =
        std::fs::read_dir(folder).with_context(|| format!("listing {}", folder.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("listing {}", folder.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            bail!("{} has a name that is not UTF-8", entry.path().display());
        };
        let path = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            collect(&entry.path(), &format!("{path}/"), files)?;
        } else {
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("reading {}", entry.path().display()))?;
            files.push(BuildFile::new(path, &bytes));
        }
    }
    Ok(())
}

/// `data/offline.json`: every bundle file but this list, with sizes and their sum.
pub fn offline_list(files: &[BuildFile]) -> String {
    let bundle: Vec<&BuildFile> = files
        .iter()
        .filter(|file| file.path.starts_with("data/") && file.path != OFFLINE_LIST)
        .collect();
    let total: u64 = bundle.iter().map(|file| file.size).sum();
    let entries: Vec<String> = bundle
        .iter()
        .map(|file| {
            format!(
                "{{\"path\":{},\"bytes\":{}}}",
                json_string(&file.path),
                file.size
            )
        })
        .collect();
    format!(
        "{{\"files\":[\n{}\n],\"bytes\":{total}}}\n",
        entries.join(",\n")
    )
}

/// The service worker for the build made of `files` (every file but the worker).
pub fn service_worker(template: &str, files: &[BuildFile]) -> Result<String> {
    let shell: Vec<&str> = files
        .iter()
        .map(|file| file.path.as_str())
        .filter(|path| !path.starts_with("data/") || *path == OFFLINE_LIST)
        // Pre-rendered article pages are for the first visit over the network;
        // offline, every route is the app's own index.html.
        .filter(|path| !path.starts_with("a/"))
        .collect();
    for needed in ["index.html", "manifest.webmanifest", OFFLINE_LIST] {
        if !shell.contains(&needed) {
            bail!("dist/ has no {needed}: the service worker would cache an incomplete app");
        }
    }
    if !shell.iter().any(|path| path.ends_with(".wasm")) {
        bail!("dist/ has no .wasm file: was the app built?");
    }
    let catalog = format!("data/{}", duet_core::CATALOG_FILE);
    if !files.iter().any(|file| file.path == catalog) {
        bail!("dist/ has no {catalog}: was the bundle built?");
    }
    let build = format!(
        "{BUILD_LINE}{{\"version\":{},\"shell\":[{}],\"catalog\":{},\"offline\":{}}};",
        json_string(&version(files)),
        shell
            .iter()
            .map(|path| json_string(path))
            .collect::<Vec<_>>()
            .join(","),
        json_string(&catalog),
        json_string(OFFLINE_LIST),
    );
    let mut lines = template.lines().filter(|line| line.starts_with(BUILD_LINE));
    let (Some(line), None) = (lines.next(), lines.next()) else {
        bail!("the service worker template needs exactly one line starting `{BUILD_LINE}`");
    };
    Ok(template.replacen(line, &build, 1))
}

/// The build's version: a hash of every file's path, size and content hash (SipHash
/// with fixed keys: it tells builds apart, it is not a security measure).
pub fn version(files: &[BuildFile]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        hasher.write(file.path.as_bytes());
        hasher.write_u8(0);
        hasher.write_u64(file.size);
        hasher.write_u64(file.hash);
    }
    format!("{:016x}", hasher.finish())
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            control if (control as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", control as u32));
            }
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str) -> BuildFile {
        BuildFile::new(path.to_string(), content.as_bytes())
    }

    fn build() -> Vec<BuildFile> {
        vec![
            file("a/a/index.html", "<html>a</html>"),
            file("data/articles/a.json.gz", "{\"a\":1}"),
            file("data/catalog.json", "{}"),
            file(OFFLINE_LIST, "{}"),
            file("duet-1_bg.wasm", "wasm"),
            file("icons/duet-192.png", "png"),
            file("index.html", "<html>"),
            file("manifest.webmanifest", "{}"),
        ]
    }

    const TEMPLATE: &str =
        "// the worker\nconst BUILD = {\"version\":\"dev\"};\nconst X = BUILD.shell;\n";

    #[test]
    fn the_worker_lists_the_shell_and_leaves_the_bundle_to_the_network() {
        let worker = service_worker(TEMPLATE, &build()).unwrap();
        let line = worker
            .lines()
            .find(|line| line.starts_with(BUILD_LINE))
            .unwrap();
        assert!(
            line.contains(
                "\"shell\":[\"data/offline.json\",\"duet-1_bg.wasm\",\"icons/duet-192.png\",\
                 \"index.html\",\"manifest.webmanifest\"]"
            ),
            "{line}"
        );
        assert!(line.contains("\"catalog\":\"data/catalog.json\""), "{line}");
        assert!(!line.contains("articles/a.json.gz"), "{line}");
        assert!(!line.contains("a/a/index.html"), "{line}");
        assert!(worker.starts_with("// the worker\n") && worker.ends_with("BUILD.shell;\n"));
    }

    // The split app's chunks are fetched only when a part is first opened, which
    // may be offline: the worker must hold every one of them, and their loader.
    #[test]
    fn the_split_apps_chunks_and_loader_are_in_the_shell() {
        let mut files = build();
        for name in [
            "__wasm_split.js",
            "chunk_7.wasm",
            "duet_bg.wasm",
            "split_search.wasm",
        ] {
            files.push(file(&format!("app-0123/{name}"), name));
        }
        let worker = service_worker(TEMPLATE, &files).unwrap();
        for name in [
            "__wasm_split.js",
            "chunk_7.wasm",
            "duet_bg.wasm",
            "split_search.wasm",
        ] {
            assert!(
                worker.contains(&format!("\"app-0123/{name}\"")),
                "{name}: {worker}"
            );
        }
    }

    #[test]
    fn any_change_to_any_file_is_a_new_version() {
        let first = version(&build());
        assert_eq!(first, version(&build()));
        let mut article_edited = build();
        article_edited[0] = file("a/a/index.html", "<html>b</html>");
        let mut renamed = build();
        renamed[3].path = "duet-2_bg.wasm".into();
        assert_ne!(first, version(&article_edited));
        assert_ne!(first, version(&renamed));
        assert_ne!(version(&article_edited), version(&renamed));
    }

    #[test]
    fn the_offline_list_names_every_bundle_file_and_the_total() {
        let list = offline_list(&build());
        assert_eq!(
            list,
            "{\"files\":[\n{\"path\":\"data/articles/a.json.gz\",\"bytes\":7},\n\
             {\"path\":\"data/catalog.json\",\"bytes\":2}\n],\"bytes\":9}\n"
        );
    }

    #[test]
    fn an_incomplete_build_or_template_is_an_error() {
        let no_manifest: Vec<BuildFile> = build()
            .into_iter()
            .filter(|file| file.path != "manifest.webmanifest")
            .collect();
        let error = service_worker(TEMPLATE, &no_manifest).unwrap_err();
        assert!(
            error.to_string().contains("manifest.webmanifest"),
            "{error}"
        );
        let error = service_worker("const X = 1;\n", &build()).unwrap_err();
        assert!(error.to_string().contains("exactly one line"), "{error}");
    }

    #[test]
    fn names_are_escaped_as_json() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
