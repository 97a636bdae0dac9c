//! The last step of `dist`, after [`crate::harden`]: the files that make the app work
//! offline.
//!
//! - `data/offline.json`: the total size and count of the bundle's files, which the
//!   reader sees before choosing to save every article, and the names of the list's
//!   parts, `data/offline/<hash>.json`: each names a share of the bundle's files with
//!   their sizes and content hashes. A part is named by its content, so a deploy that
//!   changed one article changes a few parts; the service worker keeps the others
//!   from the last version and copies every kept file whose hash did not change
//!   instead of downloading it again (public/sw.js, `carryOver`). The hashes are the
//!   first 64 bits of SHA-256, which the worker can work out too.
//! - `sw.js`: the service worker (the template in `public/`) with this build
//!   filled in: its app-shell files and its version, a hash of every file of the
//!   build, so any change to any file makes a new worker and new caches.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// The service worker's file, at the top of `dist/` so its scope is the whole app.
pub const WORKER: &str = "sw.js";
/// The index of the list of bundle files, relative to `dist/`.
pub const OFFLINE_LIST: &str = "data/offline.json";
/// The folder of the list's parts, relative to `dist/`.
pub const OFFLINE_PARTS: &str = "data/offline/";
/// Files a part names at most, about 40 KB of JSON: a folder with more (articles,
/// glossaries) is split by a hash of each path, so a file stays in its part as the
/// archive grows, until the folder doubles.
const PART_FILES: usize = 1000;
/// Bundle files the worker keeps in one cache at most: Chrome refuses `keys()` on a
/// cache of about 20,000 ("Operation too large"), so a larger bundle is kept in
/// several, by a hash of the path (`dataShards` in the worker's `BUILD`).
const FILES_PER_CACHE: usize = 2000;
/// The template's line that [`service_worker`] replaces.
const BUILD_LINE: &str = "const BUILD = ";

/// Writes `data/offline.json`, its parts and `sw.js` into `dist`.
pub fn finish(dist: &Path, template: &str) -> Result<()> {
    finish_with(dist, template, &mut HashMemo::default())
}

/// [`finish`], hashing only files `memo` has not seen as they are (the watched dev
/// site writes these files again after every rebuild).
pub fn finish_with(dist: &Path, template: &str, memo: &mut HashMemo) -> Result<()> {
    let parts_folder = dist.join(OFFLINE_PARTS);
    if parts_folder.exists() {
        std::fs::remove_dir_all(&parts_folder)
            .with_context(|| format!("removing {}", parts_folder.display()))?;
    }
    let files = list_files(dist, memo)?;
    let list = offline_list(&files);
    std::fs::create_dir_all(&parts_folder)
        .with_context(|| format!("creating {}", parts_folder.display()))?;
    for (path, text) in &list.parts {
        let target = dist.join(path);
        std::fs::write(&target, text).with_context(|| format!("writing {}", target.display()))?;
    }
    let list_path = dist.join(OFFLINE_LIST);
    std::fs::write(&list_path, &list.index)
        .with_context(|| format!("writing {}", list_path.display()))?;
    // Listed again, now with the offline list in it.
    let files = list_files(dist, memo)?;
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
        BuildFile {
            path,
            size: bytes.len() as u64,
            hash: content_hash(bytes),
        }
    }
}

/// The first 64 bits of the SHA-256 of `bytes`: what the service worker works out
/// (`crypto.subtle`) of a file it kept, to tell whether it is still this build's.
fn content_hash(bytes: &[u8]) -> u64 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// Content hashes already worked out, by path and what the file system says of the
/// file (size, modification time, inode): a file replaced since is hashed again.
#[derive(Default)]
pub struct HashMemo {
    known: HashMap<String, (Stamp, u64)>,
}

#[derive(PartialEq, Eq, Clone, Copy)]
struct Stamp {
    size: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Stamp {
            size: metadata.len(),
            modified: metadata.modified().ok(),
            inode,
        }
    }
}

/// Every file under `dist` but the service worker itself, sorted by path.
fn list_files(dist: &Path, memo: &mut HashMemo) -> Result<Vec<BuildFile>> {
    let mut files = Vec::new();
    collect(dist, "", memo, &mut files)?;
    files.retain(|file| file.path != WORKER);
    files.sort_by(|one, other| one.path.cmp(&other.path));
    Ok(files)
}

fn collect(
    folder: &Path,
    prefix: &str,
    memo: &mut HashMemo,
    files: &mut Vec<BuildFile>,
) -> Result<()> {
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
            collect(&entry.path(), &format!("{path}/"), memo, files)?;
            continue;
        }
        let metadata = entry
            .metadata()
            .with_context(|| format!("reading {}", entry.path().display()))?;
        let stamp = Stamp::of(&metadata);
        let hash = match memo.known.get(&path) {
            Some((known, hash)) if *known == stamp => *hash,
            _ => {
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("reading {}", entry.path().display()))?;
                let hash = content_hash(&bytes);
                memo.known.insert(path.clone(), (stamp, hash));
                hash
            }
        };
        files.push(BuildFile {
            path,
            size: stamp.size,
            hash,
        });
    }
    Ok(())
}

/// The offline list: the index and its parts (path relative to `dist/`, text).
pub struct OfflineList {
    pub index: String,
    pub parts: Vec<(String, String)>,
}

/// The list of every bundle file but the list itself: parts grouped by the bundle's
/// folders (a big one split by a hash of the path), each `{"files":[[path, bytes,
/// hash], …]}`, and the index `{"files":N,"bytes":B,"parts":[[path, bytes], …]}`
/// (a part's size lets the worker weigh reading the list against downloading again).
pub fn offline_list(files: &[BuildFile]) -> OfflineList {
    let bundle: Vec<&BuildFile> = files
        .iter()
        .filter(|file| {
            file.path.starts_with("data/")
                && file.path != OFFLINE_LIST
                && !file.path.starts_with(OFFLINE_PARTS)
        })
        .collect();
    let total: u64 = bundle.iter().map(|file| file.size).sum();
    let mut folders: BTreeMap<&str, Vec<&BuildFile>> = BTreeMap::new();
    for file in &bundle {
        let inside = &file.path["data/".len()..];
        let folder = inside.split_once('/').map_or("", |(folder, _)| folder);
        folders.entry(folder).or_default().push(file);
    }
    let mut parts = Vec::new();
    for group in folders.values() {
        let buckets = group.len().div_ceil(PART_FILES).next_power_of_two();
        let mut split: Vec<Vec<&BuildFile>> = vec![Vec::new(); buckets];
        for file in group {
            split[(fnv1a(file.path.as_bytes()) % buckets as u64) as usize].push(file);
        }
        for part in split.into_iter().filter(|part| !part.is_empty()) {
            let entries: Vec<String> = part
                .iter()
                .map(|file| {
                    format!(
                        "[{},{},\"{:016x}\"]",
                        json_string(&file.path),
                        file.size,
                        file.hash
                    )
                })
                .collect();
            let text = format!("{{\"files\":[\n{}\n]}}\n", entries.join(",\n"));
            let path = format!("{OFFLINE_PARTS}{:016x}.json", content_hash(text.as_bytes()));
            parts.push((path, text));
        }
    }
    let index = format!(
        "{{\"files\":{},\"bytes\":{total},\"parts\":[{}]}}\n",
        bundle.len(),
        parts
            .iter()
            .map(|(path, text)| format!("[{},{}]", json_string(path), text.len()))
            .collect::<Vec<_>>()
            .join(",")
    );
    OfflineList { index, parts }
}

/// FNV-1a: which part a path goes to, the same in every build and toolchain.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The service worker for the build made of `files` (every file but the worker).
pub fn service_worker(template: &str, files: &[BuildFile]) -> Result<String> {
    let shell: Vec<&str> = files
        .iter()
        .map(|file| file.path.as_str())
        // The list's parts are bundle files: fetched when needed, kept across versions.
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
    let bundle_files = files
        .iter()
        .filter(|file| file.path.starts_with("data/"))
        .count();
    let shards = bundle_files.div_ceil(FILES_PER_CACHE).next_power_of_two();
    let build = format!(
        "{BUILD_LINE}{{\"version\":{},\"shell\":[{}],\"catalog\":{},\"offline\":{},\"dataShards\":{shards}}};",
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
        assert!(line.contains("\"dataShards\":1}"), "{line}");
        assert!(!line.contains("articles/a.json.gz"), "{line}");
        assert!(!line.contains("a/a/index.html"), "{line}");
        assert!(worker.starts_with("// the worker\n") && worker.ends_with("BUILD.shell;\n"));
    }

    /// Guards the save-all of 10,000 articles: one cache of 20,000 files made
    /// Chrome's `keys()` fail ("Operation too large") and the next install with it.
    #[test]
    fn a_large_bundle_is_kept_in_several_caches() {
        let mut files = build();
        files.extend((0..5000).map(|n| file(&format!("data/articles/a{n}.json.gz"), "x")));
        let worker = service_worker(TEMPLATE, &files).unwrap();
        assert!(worker.contains("\"dataShards\":4}"), "{worker}");
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
    fn the_offline_list_names_every_bundle_file_with_its_size_and_hash() {
        let mut files = build();
        files.push(file("data/offline/0123456789abcdef.json", "{}"));
        let list = offline_list(&files);
        let article = format!("{:016x}", content_hash(b"{\"a\":1}"));
        let catalog = format!("{:016x}", content_hash(b"{}"));
        // One part per folder of the bundle: `articles/` and the top level.
        let texts: Vec<&str> = list.parts.iter().map(|(_, text)| text.as_str()).collect();
        assert_eq!(
            texts,
            [
                format!("{{\"files\":[\n[\"data/catalog.json\",2,\"{catalog}\"]\n]}}\n"),
                format!("{{\"files\":[\n[\"data/articles/a.json.gz\",7,\"{article}\"]\n]}}\n"),
            ]
        );
        for (path, text) in &list.parts {
            assert_eq!(
                *path,
                format!("data/offline/{:016x}.json", content_hash(text.as_bytes())),
                "a part is named by its content"
            );
        }
        assert_eq!(
            list.index,
            format!(
                "{{\"files\":2,\"bytes\":9,\"parts\":[[\"{}\",{}],[\"{}\",{}]]}}\n",
                list.parts[0].0,
                list.parts[0].1.len(),
                list.parts[1].0,
                list.parts[1].1.len()
            ),
            "the index counts every bundle file but the list and names its parts"
        );
    }

    /// The worker compares these with the first eight bytes of `crypto.subtle`'s
    /// SHA-256 of a kept file (public/sw.js, `sameContent`): they must be that.
    #[test]
    fn content_hashes_are_the_start_of_sha_256() {
        assert_eq!(format!("{:016x}", content_hash(b"abc")), "ba7816bf8f01cfea");
    }

    #[test]
    fn an_edited_article_changes_one_part_of_a_large_folder() {
        let archive = |edited: &str| -> Vec<BuildFile> {
            let mut files: Vec<BuildFile> = (0..5000)
                .map(|n| {
                    let path = format!("data/articles/a-{n:05}.json.gz");
                    let content = if n == 1234 { edited } else { "same" };
                    file(&path, &format!("{path}{content}"))
                })
                .collect();
            files.push(file("data/catalog.json", edited));
            files
        };
        let before = offline_list(&archive("one"));
        let after = offline_list(&archive("two"));
        // 5,000 articles: eight parts of about 625, plus the top level's.
        assert_eq!(before.parts.len(), 9);
        assert!(before
            .parts
            .iter()
            .all(|(_, text)| text.matches("\"data/").count() <= PART_FILES));
        let names = |list: &OfflineList| -> std::collections::BTreeSet<String> {
            list.parts.iter().map(|(path, _)| path.clone()).collect()
        };
        let kept = names(&before).intersection(&names(&after)).count();
        assert_eq!(
            kept, 7,
            "only the edited article's part and the catalog's changed"
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
