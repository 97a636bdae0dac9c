//! The build cache: what `build` worked out for each article, kept beside the bundle
//! in `<parent of OUT_DIR>/.duet-cache/<OUT_DIR's name>/`, so a rebuild reprocesses
//! only the articles that changed.
//!
//! An article's entry is named by a hash of everything its processing reads: the
//! bundler binary itself (so any other build of the bundler, a new version or a
//! code change, starts afresh), the options, the input's roots, the article's slug,
//! layout and chapter titles, its language files' paths and bytes. The files it
//! looked at besides (images, includes) are listed in the entry with a hash of their
//! bytes and checked again before the entry is used. Compressed files are kept
//! under a hash of their text (articles: of the entry and its related reads) and
//! hard-linked into the staged bundle.
//!
//! The cache only saves work: deleting it gives the same bundle, byte for byte
//! (`tests/cache.rs`). Entries a successful build did not use are removed at its end.

pub mod codec;
pub mod entry;

use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use anyhow::Context as _;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::discover::ArticleFiles;
use crate::document::MAX_FILE_BYTES;

pub use entry::{Built, Entry};

/// Name of the folder, beside the bundle folder, holding caches of bundles.
pub const CACHE_DIR: &str = ".duet-cache";

/// 128-bit hash of `bytes`.
pub fn hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// Hash of a regular file's bytes; `None` when it is missing or not a regular file.
pub fn file_hash(path: &Path) -> Option<u128> {
    if !std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file()) {
        return None;
    }
    std::fs::read(path).ok().map(|bytes| hash(&bytes))
}

/// The running bundler's identity: a hash of its executable (dictionaries included,
/// they are embedded), else its version.
fn bundler_identity() -> u128 {
    static IDENTITY: OnceLock<u128> = OnceLock::new();
    *IDENTITY.get_or_init(|| {
        let version = format!("duet-bundle {}", env!("CARGO_PKG_VERSION"));
        let executable = std::env::current_exe()
            .ok()
            .and_then(|path| std::fs::read(path).ok());
        match executable {
            Some(bytes) => hash(&[version.as_bytes(), &bytes].concat()),
            None => hash(version.as_bytes()),
        }
    })
}

/// One bundle's cache folder, shared by the threads of one build.
pub struct Cache {
    folder: PathBuf,
    /// File names (in `entries/` and `blobs/`) this build used or wrote.
    used: Mutex<HashSet<String>>,
}

/// What an article's processing depends on besides its files' bytes.
pub struct KeyContext<'c> {
    pub roots: &'c (PathBuf, Option<PathBuf>),
    pub strict: bool,
}

impl Cache {
    /// The cache of the bundle folder `out`, created if missing.
    pub fn open(out: &Path) -> anyhow::Result<Cache> {
        let name = out
            .file_name()
            .with_context(|| format!("{} has no folder name", out.display()))?;
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let folder = parent.join(CACHE_DIR).join(name);
        for sub in ["entries", "blobs"] {
            std::fs::create_dir_all(folder.join(sub))
                .with_context(|| format!("creating {}", folder.join(sub).display()))?;
        }
        Ok(Cache {
            folder,
            used: Mutex::new(HashSet::new()),
        })
    }

    /// The folder, for messages.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The key of `source`'s entry; `None` when a file cannot be read (or is over
    /// the size limit): such an article is processed, and its error reported, anew.
    pub fn key(&self, source: &ArticleFiles, context: &KeyContext) -> Option<u128> {
        let mut hasher = Xxh3::new();
        let mut field = |bytes: &[u8]| {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(&bundler_identity().to_le_bytes());
        field(&[u8::from(context.strict)]);
        field(context.roots.0.as_os_str().as_encoded_bytes());
        if let Some(static_dir) = &context.roots.1 {
            field(static_dir.as_os_str().as_encoded_bytes());
        }
        field(source.slug.as_bytes());
        field(source.layout.name().as_bytes());
        if let Some(titles) = &source.titles {
            for lang in duet_core::Lang::ALL {
                field(titles.get(lang).map(String::as_bytes).unwrap_or(b"\0none"));
            }
        }
        for lang in duet_core::Lang::ALL {
            match source.files.get(lang) {
                Some(path) => {
                    field(path.as_os_str().as_encoded_bytes());
                    field(&read_limited(path)?);
                }
                None => field(b"\0none"),
            }
        }
        Some(hasher.digest128())
    }

    fn entry_path(&self, key: u128, what: &str) -> PathBuf {
        self.folder
            .join("entries")
            .join(format!("{key:032x}.{what}"))
    }

    fn blob_path(&self, name: &str) -> PathBuf {
        self.folder.join("blobs").join(name)
    }

    fn mark(&self, path: &Path) {
        if let Some(name) = path.file_name() {
            let mut used = self
                .used
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            used.insert(name.to_string_lossy().into_owned());
        }
    }

    /// The entry stored under `key`, if it is there, readable, and every file it
    /// looked at is unchanged.
    pub fn lookup(&self, key: u128) -> Option<Entry> {
        let path = self.entry_path(key, "entry");
        let bytes = std::fs::read(&path).ok()?;
        let entry = Entry::decode(&bytes)?;
        let unchanged = entry
            .probes
            .iter()
            .all(|(file, hash)| file_hash(file) == *hash);
        if !unchanged {
            return None;
        }
        self.mark(&path);
        for what in entry.files() {
            self.mark(&self.entry_path(key, what));
        }
        Some(entry)
    }

    /// Stores `entry` under `key`, with its side files (`what` → bytes).
    pub fn store(&self, key: u128, entry: &Entry, files: &[(&str, &[u8])]) -> anyhow::Result<()> {
        for (what, bytes) in files {
            let path = self.entry_path(key, what);
            write_atomically(&path, bytes)?;
            self.mark(&path);
        }
        // The entry last: it is what a lookup reads first, so a build killed before
        // this point leaves only unused side files (removed by the next build).
        let path = self.entry_path(key, "entry");
        write_atomically(&path, &entry.encode())?;
        self.mark(&path);
        Ok(())
    }

    /// A side file of entry `key`.
    pub fn read(&self, key: u128, what: &str) -> anyhow::Result<Vec<u8>> {
        let path = self.entry_path(key, what);
        std::fs::read(&path)
            .with_context(|| format!("reading the build cache's {}", path.display()))
    }

    /// Puts side file `what` of entry `key` at `target`.
    pub fn place_side(&self, key: u128, what: &str, target: &Path) -> anyhow::Result<()> {
        link_or_copy(&self.entry_path(key, what), target)
    }

    /// Puts the compressed file named `name` (a hash of what it holds) at `target`,
    /// making it with `make` only when the cache lacks it.
    pub fn place(
        &self,
        name: &str,
        target: &Path,
        make: impl FnOnce() -> anyhow::Result<Vec<u8>>,
    ) -> anyhow::Result<()> {
        let blob = self.blob_path(name);
        if !blob.is_file() {
            write_atomically(&blob, &make()?)?;
        }
        self.mark(&blob);
        link_or_copy(&blob, target)
    }

    /// Gzips `text` into `target` through the cache (kept under the text's hash).
    pub fn place_gzipped(&self, text: &[u8], target: &Path) -> anyhow::Result<()> {
        let name = format!("{:032x}.gz", hash(text));
        self.place(&name, target, || {
            crate::bundle_file::gzip(text)
                .with_context(|| format!("compressing {}", target.display()))
        })
    }

    /// A file derived from `inputs` by this bundler (its bytes depend on the code,
    /// so the name covers the bundler too): the bytes kept from an earlier build,
    /// if `decode` accepts them, else `make`'s, kept for the next build.
    pub fn derived<T>(
        &self,
        what: &str,
        inputs: &[u8],
        decode: impl FnOnce(&[u8]) -> Option<T>,
        make: impl FnOnce() -> (T, Vec<u8>),
    ) -> anyhow::Result<T> {
        let name = format!(
            "{:032x}.{what}",
            hash(&[&bundler_identity().to_le_bytes(), inputs].concat())
        );
        let blob = self.blob_path(&name);
        // Not `read_limited`: that limit is for sources, and an archive's related
        // reads are megabytes (5.8 MB at 100,000 articles).
        if let Some(value) = std::fs::read(&blob).ok().and_then(|bytes| decode(&bytes)) {
            self.mark(&blob);
            return Ok(value);
        }
        let (value, bytes) = make();
        write_atomically(&blob, &bytes)?;
        self.mark(&blob);
        Ok(value)
    }

    /// Removes every file this build did not use. Only after a successful build: a
    /// failed one keeps what the next attempt may need.
    pub fn remove_unused(&self) {
        let used = self
            .used
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        for sub in ["entries", "blobs"] {
            let Ok(files) = std::fs::read_dir(self.folder.join(sub)) else {
                continue;
            };
            for file in files.flatten() {
                if !used.contains(&*file.file_name().to_string_lossy()) {
                    // Best effort: a file left behind only takes space.
                    let _ = std::fs::remove_file(file.path());
                }
            }
        }
    }
}

/// The file's bytes if it is a regular file within the size limit.
fn read_limited(path: &Path) -> Option<Vec<u8>> {
    if !std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file()) {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes)
}

/// Writes `bytes` to a temporary name beside `path`, then renames it: a reader (or
/// a later build, after a kill) never sees half a file under the real name.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    // Unique per write: two threads may make the same file (two articles with the
    // same glossary) at once, and each rename must find its own file.
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let count = WRITES.fetch_add(1, Ordering::Relaxed);
    let temporary = path.with_extension(format!("tmp-{}-{count}", std::process::id()));
    std::fs::write(&temporary, bytes)
        .with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::rename(&temporary, path)
        .with_context(|| format!("renaming {} to {}", temporary.display(), path.display()))
}

/// Hard-links `from` to `to` (no bytes copied); copies when the file system cannot
/// link. Cache files are never changed in place (see [`write_atomically`]), so the
/// bundle's link keeps its bytes whatever the cache does later.
fn link_or_copy(from: &Path, to: &Path) -> anyhow::Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))
}
