//! Where each key of a front matter block is written, so that a problem found in the
//! parsed value can still name its line. Works on the text of both TOML and YAML
//! front matter: the parsers give a tree without positions, and a line scan is
//! enough for the simple shapes front matter takes.

use crate::source::FrontFormat;

/// Dotted key paths (`title`, `extra.views`, `taxonomies.tags`) with the 1-based
/// file line of each occurrence, in order.
#[derive(Debug, Clone, Default)]
pub struct KeyLines {
    keys: Vec<(String, usize)>,
    /// The line of the opening `+++` / `---`, used when a key cannot be found.
    pub fence_line: usize,
}

impl KeyLines {
    /// Scans `text`, whose first line is file line `first_line`.
    pub fn new(text: &str, first_line: usize, format: FrontFormat) -> Self {
        let mut keys = Vec::new();
        match format {
            FrontFormat::Toml => scan_toml(text, first_line, &mut keys),
            FrontFormat::Yaml => scan_yaml(text, first_line, &mut keys),
        }
        KeyLines {
            keys,
            fence_line: first_line.saturating_sub(1).max(1),
        }
    }

    /// The line of the `occurrence`-th (0-based) key at `path`; failing that, of its
    /// first occurrence, of its parent, or of the opening fence.
    pub fn line(&self, path: &str, occurrence: usize) -> usize {
        let mut found = self.keys.iter().filter(|(key, _)| key == path);
        if let Some((_, line)) = found.clone().nth(occurrence).or_else(|| found.next()) {
            return *line;
        }
        match path.rsplit_once('.') {
            Some((parent, _)) => self.line(parent, 0),
            None => self.fence_line,
        }
    }
}

/// `key`, `"key"` or `'key'` → `key`.
fn unquote(key: &str) -> String {
    key.trim().trim_matches(['"', '\'']).to_string()
}

fn scan_toml(text: &str, first_line: usize, keys: &mut Vec<(String, usize)>) {
    let mut table = String::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = first_line + index;
        let trimmed = line.trim();
        if let Some(header) = trimmed
            .strip_prefix("[[")
            .and_then(|rest| rest.split("]]").next())
            .or_else(|| {
                trimmed
                    .strip_prefix('[')
                    .and_then(|rest| rest.split(']').next())
            })
        {
            table = header.split('.').map(unquote).collect::<Vec<_>>().join(".");
            keys.push((table.clone(), line_number));
            continue;
        }
        let Some((key, _)) = trimmed.split_once('=') else {
            continue;
        };
        if key.is_empty() || key.starts_with('#') {
            continue;
        }
        let key = key.split('.').map(unquote).collect::<Vec<_>>().join(".");
        let path = if table.is_empty() {
            key
        } else {
            format!("{table}.{key}")
        };
        keys.push((path, line_number));
    }
}

fn scan_yaml(text: &str, first_line: usize, keys: &mut Vec<(String, usize)>) {
    // (indent, key) of the mappings enclosing the current line.
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = first_line + index;
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        // A list item's key sits after its dash: `- q: …` is indented past the dash.
        let mut indent = line.len() - content.len();
        let mut content = content;
        while let Some(rest) = content.strip_prefix("- ") {
            indent += 2;
            content = rest.trim_start();
        }
        let Some((key, _)) = content.split_once(':') else {
            continue;
        };
        if key.is_empty() || key.contains(['{', '[', ' ']) && !key.starts_with(['"', '\'']) {
            continue;
        }
        while stack.last().is_some_and(|(depth, _)| *depth >= indent) {
            stack.pop();
        }
        let key = unquote(key);
        let path = stack
            .iter()
            .map(|(_, name)| name.as_str())
            .chain([key.as_str()])
            .collect::<Vec<_>>()
            .join(".");
        keys.push((path, line_number));
        stack.push((indent, key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_keys_in_tables_and_arrays_of_tables() {
        let text = "title = \"x\"\n[extra]\nviews = 3\n[[extra.comments]]\ndate = 1\n[[extra.comments]]\ndate = 2\n";
        let lines = KeyLines::new(text, 2, FrontFormat::Toml);
        assert_eq!(lines.line("title", 0), 2);
        assert_eq!(lines.line("extra.views", 0), 4);
        assert_eq!(lines.line("extra.comments.date", 1), 8);
        assert_eq!(lines.line("extra.source", 0), 3, "falls back to the parent");
        assert_eq!(lines.line("nothing", 0), 1, "falls back to the fence");
    }

    #[test]
    fn yaml_keys_by_indentation_and_list_items() {
        let text = "title: x\nextra:\n  views: 3\n  comments:\n    - author: a\n      date: 2026-01-01\ntags: [a, b]\n";
        let lines = KeyLines::new(text, 2, FrontFormat::Yaml);
        assert_eq!(lines.line("title", 0), 2);
        assert_eq!(lines.line("extra.views", 0), 4);
        assert_eq!(lines.line("extra.comments.date", 0), 7);
        assert_eq!(lines.line("tags", 0), 8);
    }
}
