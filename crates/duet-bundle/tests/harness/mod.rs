//! Test harness: a temporary workspace holding a copy of fixture content folders,
//! and the built `duet-bundle` binary run inside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The fixtures folder of this crate.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temporary folder with `content/` (the site under test) and room for `out/`.
/// Commands run inside it, so diagnostics name files as `content/...`.
pub struct Workspace {
    root: TempDir,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stderr: String,
    pub stdout: String,
}

impl Run {
    /// Panics with the full stderr when the exit status is not `expected`.
    pub fn expect_code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "unexpected exit status; stderr:\n{}",
            self.stderr
        );
        self
    }

    /// Panics when stderr lacks `text`.
    pub fn expect_stderr(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Lines starting with `error: ` or `warning: `.
    pub fn findings(&self, label: &str) -> Vec<&str> {
        let prefix = format!("{label}: ");
        self.stderr
            .lines()
            .filter(|line| line.starts_with(&prefix))
            .collect()
    }
}

impl Workspace {
    /// An empty workspace with an empty `content/`.
    pub fn empty() -> Self {
        let root = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir_all(root.path().join("content")).expect("content folder");
        Workspace { root }
    }

    /// A workspace whose `content/` is the named fixtures laid over each other.
    pub fn with_fixtures(names: &[&str]) -> Self {
        let workspace = Workspace::empty();
        for name in names {
            workspace.overlay(name);
        }
        workspace
    }

    /// Copies fixture `name` over `content/`.
    pub fn overlay(&self, name: &str) {
        copy_tree(&fixtures().join(name), &self.content());
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// The content folder under test.
    pub fn content(&self) -> PathBuf {
        self.root().join("content")
    }

    /// Where `build` writes the bundle.
    pub fn out(&self) -> PathBuf {
        self.root().join("out")
    }

    /// Writes `bytes` to `relative` inside `content/`.
    pub fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.content().join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(path, bytes).expect("write fixture file");
    }

    /// Runs the binary with `args` inside the workspace.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs the binary with `args` and the environment variables `env`.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_duet-bundle"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.root())
            .output()
            .expect("run duet-bundle");
        Run {
            code: output.status.code().expect("exit status"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        }
    }

    /// `duet-bundle build content --out out`.
    pub fn build(&self) -> Run {
        self.run(&["build", "content", "--out", "out"])
    }

    /// `duet-bundle check content`.
    pub fn check(&self) -> Run {
        self.run(&["check", "content"])
    }
}

/// Copies the files under `from` into `to`, creating folders as needed.
pub fn copy_tree(from: &Path, to: &Path) {
    for (relative, bytes) in snapshot(from) {
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("create folders");
        std::fs::write(target, bytes).expect("copy file");
    }
}

/// Every file under `folder`: `/`-separated relative path → bytes, sorted.
pub fn snapshot(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(folder, folder, &mut files);
    files
}

fn collect(root: &Path, folder: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("listing {}: {error}", folder.display()));
    for entry in entries {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).expect("inside root");
            let relative = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(relative, std::fs::read(&path).expect("read file"));
        }
    }
}

/// Names in `folder` other than `keep`, to catch leftover temporary folders.
pub fn extra_entries(folder: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("list folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| !keep.contains(&name.as_str()))
        .collect();
    names.sort();
    names
}
