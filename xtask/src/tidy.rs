//! `cargo xtask tidy`: the house rules no compiler checks, in the manner of
//! rust-analyzer's tidy test. Each rule names the file and line it finds broken.
//!
//! - every Rust file opens with a `//!` line saying what it is for;
//! - the app (`src/`) never sets `inner_html` (article content is rendered as text
//!   nodes from the model) and writes no `style="…"` attribute (the CSP allows none);
//! - the app denies `clippy::unwrap_used` and `clippy::expect_used` in `src/lib.rs`, and
//!   every `#[allow]` of them has a `//` comment just above saying why it cannot fail;
//! - no `src/` folder holds more than [`MAX_FILES`] files, and no app module imports
//!   one that (through others) imports it back;
//! - no stylesheet in `style/` uses the subsequent-sibling combinator `~`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

/// The most files one app folder may hold before it should be split by feature.
pub const MAX_FILES: usize = 12;

/// The lint attribute the app's crate root must carry.
const UNWRAP_LINTS: &str = "#![deny(clippy::unwrap_used, clippy::expect_used)]";

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path relative to the checked root.
    pub path: String,
    /// 1-based line, 0 when the rule is about the whole file or folder.
    pub line: usize,
    /// Short name of the rule.
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: [{}] {}",
            self.path, self.line, self.rule, self.message
        )
    }
}

/// Runs every rule on the workspace and fails when any is broken.
pub fn run() -> Result<()> {
    let violations = check(&crate::run::root())?;
    for violation in &violations {
        eprintln!("{violation}");
    }
    if !violations.is_empty() {
        bail!("tidy: {} problem(s)", violations.len());
    }
    eprintln!("tidy: all rules hold");
    Ok(())
}

/// Every rule, over the workspace rooted at `root`.
pub fn check(root: &Path) -> Result<Vec<Violation>> {
    let mut violations = Vec::new();
    let mut rust_files = Vec::new();
    for folder in ["src", "tests", "crates", "xtask"] {
        collect_rust_files(&root.join(folder), &mut rust_files)?;
    }
    let relative = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut app = BTreeMap::new();
    for path in &rust_files {
        let text = std::fs::read_to_string(path)?;
        let name = relative(path);
        if !text.starts_with("//!") {
            violations.push(Violation {
                path: name.clone(),
                line: 1,
                rule: "header",
                message: "the file does not open with a `//!` line saying what it is for".into(),
            });
        }
        if name.starts_with("src/") {
            app_rules(&name, &text, &mut violations);
            app.insert(name, text);
        }
    }
    if let Some(lib) = app.get("src/lib.rs") {
        if !lib.contains(UNWRAP_LINTS) {
            violations.push(Violation {
                path: "src/lib.rs".into(),
                line: 0,
                rule: "unwrap",
                message: format!("the app's crate root must say {UNWRAP_LINTS}"),
            });
        }
    }
    folder_sizes(root, &mut violations)?;
    violations.extend(import_cycles(&app));
    stylesheet_rules(root, &mut violations)?;
    Ok(violations)
}

/// `~` in a selector makes the browser walk back over every earlier sibling of each
/// element it tests: `#prerender ~ *` froze a page with a 120,000-row table for a
/// minute and a half (issue 16). Select by class or parent instead. (`~=`, the
/// attribute word match, is fine.)
fn stylesheet_rules(root: &Path, violations: &mut Vec<Violation>) -> Result<()> {
    let folder = root.join("style");
    if !folder.is_dir() {
        return Ok(());
    }
    let mut sheets: Vec<PathBuf> = std::fs::read_dir(&folder)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "css"))
        .collect();
    sheets.sort();
    for sheet in sheets {
        let text = std::fs::read_to_string(&sheet)?;
        let name = format!(
            "style/{}",
            sheet.file_name().unwrap_or_default().to_string_lossy()
        );
        let mut in_comment = false;
        for (index, line) in text.lines().enumerate() {
            let mut code = String::new();
            let mut rest = line;
            while !rest.is_empty() {
                if in_comment {
                    match rest.find("*/") {
                        Some(end) => {
                            in_comment = false;
                            rest = &rest[end + 2..];
                        }
                        None => rest = "",
                    }
                } else {
                    match rest.find("/*") {
                        Some(start) => {
                            code.push_str(&rest[..start]);
                            in_comment = true;
                            rest = &rest[start + 2..];
                        }
                        None => {
                            code.push_str(rest);
                            rest = "";
                        }
                    }
                }
            }
            let sibling = code
                .char_indices()
                .any(|(at, c)| c == '~' && !code[at + 1..].starts_with('='));
            if sibling {
                violations.push(Violation {
                    path: name.clone(),
                    line: index + 1,
                    rule: "sibling-selector",
                    message: "`~` selects by walking back over every earlier sibling, \
                              quadratic in a long paragraph or table; select by class or parent"
                        .into(),
                });
            }
        }
    }
    Ok(())
}

/// The `.rs` files under `folder`, skipping build output, dependencies and test
/// fixtures (content for the bundler to read, such as a book's included code).
fn collect_rust_files(folder: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    if !folder.is_dir() {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(folder)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.path());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(
                name.as_ref(),
                "target" | "node_modules" | "dist" | "fixtures"
            ) && !name.starts_with('.')
            {
                collect_rust_files(&path, files)?;
            }
        } else if name.ends_with(".rs") {
            files.push(path);
        }
    }
    Ok(())
}

/// The rules for one file of the app.
fn app_rules(name: &str, text: &str, violations: &mut Vec<Violation>) {
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let mut report = |rule: &'static str, message: &str| {
            violations.push(Violation {
                path: name.to_string(),
                line: index + 1,
                rule,
                message: message.to_string(),
            });
        };
        let code = line.split("//").next().unwrap_or_default();
        if code.contains("inner_html") {
            report(
                "inner-html",
                "the app never sets HTML: render text nodes from the model",
            );
        }
        if code.contains("style=\"") {
            report(
                "style",
                "no style attributes (the CSP refuses them): use a class and the stylesheet",
            );
        }
        let allows_unwrap = line.contains("allow(clippy::unwrap_used")
            || line.contains("allow(clippy::expect_used");
        // A plain comment: a doc comment describes the item, it does not justify this.
        let justified = index > 0 && {
            let above = lines[index - 1].trim_start();
            above.starts_with("//") && !above.starts_with("///") && !above.starts_with("//!")
        };
        if allows_unwrap && !justified {
            report(
                "unwrap",
                "an allowed unwrap/expect needs a `//` comment above saying why it cannot fail",
            );
        }
    }
}

/// Folders of `src/` holding more than [`MAX_FILES`] files.
fn folder_sizes(root: &Path, violations: &mut Vec<Violation>) -> Result<()> {
    let mut folders = vec![root.join("src")];
    while let Some(folder) = folders.pop() {
        if !folder.is_dir() {
            continue;
        }
        let mut files = 0;
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files += 1;
            }
        }
        if files > MAX_FILES {
            violations.push(Violation {
                path: folder
                    .strip_prefix(root)
                    .unwrap_or(&folder)
                    .to_string_lossy()
                    .into_owned(),
                line: 0,
                rule: "folder-size",
                message: format!("{files} files: more than {MAX_FILES}, split it by feature"),
            });
        }
    }
    Ok(())
}

/// The module path of an app file: `src/reader/notes.rs` → `reader::notes`,
/// `src/reader/mod.rs` → `reader`, the crate roots → empty.
fn module_of(name: &str) -> Vec<String> {
    let trimmed = name
        .trim_start_matches("src/")
        .trim_end_matches(".rs")
        .to_string();
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// The app modules `text` uses (through `crate::` paths, `use` groups included, and
/// `super::`), outside its test module.
fn imports(
    module: &[String],
    text: &str,
    modules: &BTreeSet<Vec<String>>,
) -> BTreeSet<Vec<String>> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let code: String = code
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    // The longest known module that is a prefix of `path`.
    let resolve = |path: &[String]| {
        (1..=path.len())
            .rev()
            .map(|length| path[..length].to_vec())
            .find(|candidate| modules.contains(candidate))
    };
    let mut found = BTreeSet::new();
    let mut paths: Vec<Vec<String>> = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent_of(module))] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            // Part of a longer path (`super::super::`, `$crate::`) or a word.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == ':') {
                continue;
            }
            let path = path_segments(rest);
            let mut full = base.clone();
            let mut segments = path.segments.as_slice();
            while let Some(("super", after)) = segments
                .split_first()
                .map(|(first, after)| (first.as_str(), after))
            {
                full.pop();
                segments = after;
            }
            full.extend(segments.iter().cloned());
            paths.push(full.clone());
            for member in path.group {
                let mut grouped = full.clone();
                grouped.extend(member);
                paths.push(grouped);
            }
        }
    }
    for path in paths {
        if let Some(target) = resolve(&path) {
            if target.as_slice() != module && !target.is_empty() {
                found.insert(target);
            }
        }
    }
    found
}

/// The parent module of `module` (what `super` names in it).
fn parent_of(module: &[String]) -> Vec<String> {
    module[..module.len().saturating_sub(1)].to_vec()
}

/// A path after `crate::`: its segments and the members of a `{…}` group after it.
struct PathText {
    segments: Vec<String>,
    group: Vec<Vec<String>>,
}

fn path_segments(text: &str) -> PathText {
    let identifier = |text: &str| {
        text.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<String>()
    };
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let name = identifier(rest);
        if name.is_empty() {
            break;
        }
        rest = &rest[name.len()..];
        segments.push(name);
        match rest.strip_prefix("::") {
            Some(after) => rest = after,
            None => break,
        }
    }
    let mut group = Vec::new();
    if let Some(inner) = rest.strip_prefix('{') {
        let inner = inner.split('}').next().unwrap_or_default();
        for member in inner.split(',') {
            let member = member.split_whitespace().next().unwrap_or_default();
            let parts: Vec<String> = member
                .split("::")
                .map(identifier)
                .filter(|part| !part.is_empty() && part != "self")
                .collect();
            if !parts.is_empty() {
                group.push(parts);
            }
        }
    }
    PathText { segments, group }
}

/// Import cycles among the app's modules (`app`: file name → text), one violation
/// per group of modules that import each other (a strongly connected component).
fn import_cycles(app: &BTreeMap<String, String>) -> Vec<Violation> {
    let known: BTreeSet<Vec<String>> = app.keys().map(|name| module_of(name)).collect();
    let graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = app
        .iter()
        .map(|(name, text)| {
            let module = module_of(name);
            let uses = imports(&module, text, &known);
            (module, uses)
        })
        .collect();
    let mut search = Components {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for module in graph.keys() {
        if !search.index.contains_key(module) {
            search.visit(module);
        }
    }
    search
        .found
        .into_iter()
        .map(|mut group| {
            group.sort();
            let names: Vec<String> = group.iter().map(|module| module.join("::")).collect();
            Violation {
                path: format!("src/{}", group[0].join("/")),
                line: 0,
                rule: "import-cycle",
                message: format!("these modules import each other: {}", names.join(", ")),
            }
        })
        .collect()
}

/// Tarjan's strongly connected components over the import graph.
struct Components<'g> {
    graph: &'g BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    index: BTreeMap<&'g Vec<String>, usize>,
    low: BTreeMap<&'g Vec<String>, usize>,
    stack: Vec<&'g Vec<String>>,
    /// Components of more than one module.
    found: Vec<Vec<Vec<String>>>,
}

impl<'g> Components<'g> {
    fn visit(&mut self, module: &'g Vec<String>) {
        let order = self.index.len();
        self.index.insert(module, order);
        self.low.insert(module, order);
        self.stack.push(module);
        for next in self.graph.get(module).into_iter().flatten() {
            // Only modules that exist as files are nodes.
            let Some((next, _)) = self.graph.get_key_value(next) else {
                continue;
            };
            if !self.index.contains_key(next) {
                self.visit(next);
                let low = self.low[module].min(self.low[next]);
                self.low.insert(module, low);
            } else if self.stack.contains(&next) {
                let low = self.low[module].min(self.index[next]);
                self.low.insert(module, low);
            }
        }
        if self.low[module] == self.index[module] {
            let mut group = Vec::new();
            while let Some(member) = self.stack.pop() {
                group.push(member.clone());
                if member == module {
                    break;
                }
            }
            if group.len() > 1 {
                self.found.push(group);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace with a tidy app, to break one rule at a time.
    fn tidy_tree() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "src/lib.rs",
            &format!("//! The app.\n{UNWRAP_LINTS}\npub mod a;\npub mod b;\n"),
        );
        write(
            "src/a/mod.rs",
            "//! A.\npub mod inner;\nuse crate::b::thing;\n",
        );
        write("src/a/inner.rs", "//! Inner.\nuse super::super::b;\n");
        write("src/b.rs", "//! B.\npub fn thing() {}\n");
        write("xtask/src/main.rs", "//! A tool.\nfn main() {}\n");
        write(
            "style/main.css",
            "/* a ~ b in a comment */\n[class~=\"x\"] > p { margin: 0; }\n",
        );
        root
    }

    fn rules(root: &Path) -> Vec<&'static str> {
        check(root)
            .unwrap()
            .into_iter()
            .map(|violation| violation.rule)
            .collect()
    }

    #[test]
    fn a_tidy_tree_passes() {
        let root = tidy_tree();
        assert_eq!(check(root.path()).unwrap(), Vec::new());
    }

    #[test]
    fn a_file_without_a_header_fails() {
        let root = tidy_tree();
        std::fs::write(root.path().join("xtask/src/main.rs"), "fn main() {}\n").unwrap();
        let violations = check(root.path()).unwrap();
        assert_eq!(violations.len(), 1);
        assert_eq!(
            violations[0].to_string(),
            "xtask/src/main.rs:1: [header] the file does not open with a `//!` line saying \
             what it is for"
        );
    }

    #[test]
    fn inner_html_and_style_attributes_fail_in_the_app() {
        let root = tidy_tree();
        std::fs::write(
            root.path().join("src/b.rs"),
            "//! B.\nfn f(e: E) { e.set_inner_html(\"x\"); }\n// a comment on inner_html is fine\nfn v() { view! { <p style=\"color: red\">x</p> } }\n",
        )
        .unwrap();
        let violations = check(root.path()).unwrap();
        let found: Vec<(usize, &str)> = violations
            .iter()
            .map(|violation| (violation.line, violation.rule))
            .collect();
        assert_eq!(found, [(2, "inner-html"), (4, "style")]);
    }

    #[test]
    fn the_unwrap_lints_must_be_denied_and_every_allow_justified() {
        let root = tidy_tree();
        std::fs::write(
            root.path().join("src/lib.rs"),
            "//! The app.\npub mod a;\npub mod b;\n",
        )
        .unwrap();
        assert_eq!(rules(root.path()), ["unwrap"]);
        let root = tidy_tree();
        std::fs::write(
            root.path().join("src/b.rs"),
            "//! B.\n#[allow(clippy::expect_used)]\nfn f() {}\n\
             // The value was checked just above.\n#[allow(clippy::unwrap_used)]\nfn g() {}\n",
        )
        .unwrap();
        let violations = check(root.path()).unwrap();
        assert_eq!(violations.len(), 1);
        assert_eq!((violations[0].line, violations[0].rule), (2, "unwrap"));
    }

    #[test]
    fn a_folder_with_too_many_files_fails() {
        let root = tidy_tree();
        for index in 0..MAX_FILES {
            std::fs::write(
                root.path().join(format!("src/a/extra_{index}.rs")),
                "//! Extra.\n",
            )
            .unwrap();
        }
        assert_eq!(rules(root.path()), ["folder-size"]);
    }

    #[test]
    fn modules_that_import_each_other_fail() {
        let root = tidy_tree();
        // b → a::inner → b, through a `use` group and a `super::super` path.
        std::fs::write(
            root.path().join("src/b.rs"),
            "//! B.\nuse crate::{a::inner, other};\npub fn thing() {}\n",
        )
        .unwrap();
        let violations = check(root.path()).unwrap();
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].rule, "import-cycle");
        assert!(
            violations[0].message.contains("a::inner"),
            "{}",
            violations[0]
        );
        // Imports inside the test module do not count.
        std::fs::write(
            root.path().join("src/b.rs"),
            "//! B.\npub fn thing() {}\n#[cfg(test)]\nmod tests { use crate::a::inner; }\n",
        )
        .unwrap();
        assert_eq!(check(root.path()).unwrap(), Vec::new());
    }

    #[test]
    fn a_sibling_selector_in_a_stylesheet_fails() {
        let root = tidy_tree();
        std::fs::write(
            root.path().join("style/main.css"),
            "/* fine\n a ~ b */\n#prerender ~ * { display: none; }\n",
        )
        .unwrap();
        let violations = check(root.path()).unwrap();
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].rule, "sibling-selector");
        assert_eq!(violations[0].line, 3);
    }
}
