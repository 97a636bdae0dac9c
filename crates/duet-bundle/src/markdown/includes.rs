//! mdBook's `{{#include file}}` and `{{#rustdoc_include file}}`: a file's text, or
//! some of its lines (`:10`, `2:`, `2:10`) or an anchored part (`:name`, between
//! `ANCHOR: name` and `ANCHOR_END: name` comments), read from inside the content
//! folder only.

use std::path::{Path, PathBuf};

/// How deep includes may nest (an included file including another, …).
pub const MAX_INCLUDE_DEPTH: usize = 8;

/// One include directive, as written after `{{#include `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    pub path: String,
    pub part: Part,
    /// `rustdoc_include`: lines hidden from readers (`# `) are dropped.
    pub rustdoc: bool,
}

/// Which part of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    All,
    /// 1-based, both ends included; `None` is open.
    Lines(Option<usize>, Option<usize>),
    Anchor(String),
}

impl Include {
    /// Reads `file[:range|:anchor]` of a directive.
    pub fn parse(argument: &str, rustdoc: bool) -> Include {
        let argument = argument.trim();
        let (path, part) = match argument.split_once(':') {
            None => (argument, Part::All),
            Some((path, rest)) => (path, part_of(rest)),
        };
        Include {
            path: path.trim().to_string(),
            part,
            rustdoc,
        }
    }
}

fn part_of(rest: &str) -> Part {
    let number = |text: &str| text.trim().parse::<usize>().ok();
    match rest.split_once(':') {
        Some((from, to)) => Part::Lines(number(from), number(to)),
        None => match number(rest) {
            // `:10` alone is line 10 only, as mdBook reads it.
            Some(line) => Part::Lines(Some(line), Some(line)),
            None => Part::Anchor(rest.trim().to_string()),
        },
    }
}

/// The file an include names, checked to lie inside one of `roots` (the first is
/// the content folder, named in the error).
pub fn resolve(include: &Include, from_file: &Path, roots: &[PathBuf]) -> Result<PathBuf, String> {
    let file = from_file
        .parent()
        .unwrap_or(Path::new(""))
        .join(&include.path);
    let found = std::fs::canonicalize(&file)
        .map_err(|error| format!("include `{}` cannot be read: {error}", include.path))?;
    let inside = roots
        .iter()
        .any(|root| std::fs::canonicalize(root).is_ok_and(|root| found.starts_with(root)));
    if !inside {
        let named = roots
            .first()
            .map(|root| root.display().to_string())
            .unwrap_or_default();
        return Err(format!(
            "include `{}` points outside the content folder `{named}`",
            include.path,
        ));
    }
    Ok(found)
}

/// The part of `text` the include asks for.
pub fn select(include: &Include, text: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let chosen: Vec<&str> = match &include.part {
        Part::All => lines
            .iter()
            .copied()
            .filter(|line| !is_anchor_line(line))
            .collect(),
        Part::Lines(from, to) => {
            let start = from.unwrap_or(1).max(1) - 1;
            let end = to.unwrap_or(lines.len()).min(lines.len());
            lines
                .get(start..end.max(start))
                .unwrap_or_default()
                .to_vec()
        }
        Part::Anchor(name) => {
            let start = lines
                .iter()
                .position(|line| anchor_name(line, "ANCHOR:") == Some(name.as_str()))
                .ok_or_else(|| format!("include `{}`: no `ANCHOR: {name}`", include.path))?;
            let end = lines[start + 1..]
                .iter()
                .position(|line| anchor_name(line, "ANCHOR_END:") == Some(name.as_str()))
                .map_or(lines.len(), |found| start + 1 + found);
            lines[start + 1..end]
                .iter()
                .copied()
                .filter(|line| !is_anchor_line(line))
                .collect()
        }
    };
    let kept = chosen
        .into_iter()
        .filter(|line| !(include.rustdoc && is_hidden_rust_line(line)));
    Ok(kept.collect::<Vec<_>>().join("\n"))
}

/// `// ANCHOR: name` (any comment style): the name after `marker`.
fn anchor_name<'t>(line: &'t str, marker: &str) -> Option<&'t str> {
    let at = line.find(marker)?;
    let rest = line[at + marker.len()..].trim();
    rest.split_whitespace().next()
}

fn is_anchor_line(line: &str) -> bool {
    line.contains("ANCHOR:") || line.contains("ANCHOR_END:")
}

/// A rustdoc line hidden from readers: `# ` or a lone `#` (but not `#[attr]` or `#!`).
fn is_hidden_rust_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed == "#" || trimmed.starts_with("# ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "use std::io;\n// ANCHOR: main\nfn main() {\n# let hidden = 1;\n    println!(\"hi\");\n}\n// ANCHOR_END: main\n#[derive(Debug)]\nstruct S;";

    #[test]
    fn line_ranges_as_mdbook_reads_them() {
        let take = |argument: &str| select(&Include::parse(argument, false), CODE).unwrap();
        assert_eq!(take("f.rs:1"), "use std::io;");
        assert_eq!(take("f.rs:8:"), "#[derive(Debug)]\nstruct S;");
        assert_eq!(take("f.rs::1"), "use std::io;");
        assert_eq!(take("f.rs:3:3"), "fn main() {");
        assert_eq!(take("f.rs:20:30"), "");
    }

    #[test]
    fn anchors_select_their_part_and_rustdoc_hides_hash_lines() {
        let part = select(&Include::parse("f.rs:main", false), CODE).unwrap();
        assert_eq!(
            part,
            "fn main() {\n# let hidden = 1;\n    println!(\"hi\");\n}"
        );
        let shown = select(&Include::parse("f.rs:main", true), CODE).unwrap();
        assert_eq!(shown, "fn main() {\n    println!(\"hi\");\n}");
        let whole = select(&Include::parse("f.rs", true), CODE).unwrap();
        assert!(
            whole.contains("#[derive(Debug)]"),
            "attributes stay: {whole}"
        );
        assert!(!whole.contains("ANCHOR"));
        assert!(select(&Include::parse("f.rs:missing", false), CODE).is_err());
    }

    /// Hostile input: an include reaching outside the content folder is refused.
    #[test]
    fn includes_outside_the_content_folder_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::write(root.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(content.join("a/ok.txt"), "ok").unwrap();
        let from = content.join("a/index.en.md");
        let outside = Include::parse("../../secret.txt", false);
        assert!(resolve(&outside, &from, std::slice::from_ref(&content))
            .unwrap_err()
            .contains("outside the content folder"));
        let inside = Include::parse("ok.txt", false);
        assert!(resolve(&inside, &from, std::slice::from_ref(&content)).is_ok());
    }
}
