//! Warnings and errors about content, collected across the whole run instead of
//! stopping at the first, then printed as `error: path:line: message` with a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors stop the bundle from being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about one place in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line; `None` when the finding is about a file that does not exist.
    pub line: Option<usize>,
    pub message: String,
    /// Further places that belong to the same finding, already formatted.
    pub notes: Vec<String>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Adds a hint on how to fix the problem.
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a note naming another place involved.
    pub fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(note.into());
        self
    }
}

/// `path:line` the way editors and terminals recognise it.
pub fn location(path: &Path, line: usize) -> String {
    format!("{}:{line}", path.display())
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.line {
            Some(line) => write!(formatter, "{label}: {}: ", location(&self.path, line))?,
            None => write!(formatter, "{label}: {}: ", self.path.display())?,
        }
        write!(formatter, "{}", self.message)?;
        for note in &self.notes {
            write!(formatter, "\n  = note: {note}")?;
        }
        if let Some(hint) = &self.hint {
            // Multi-line hints (examples) stay indented under the finding.
            let mut lines = hint.lines();
            write!(
                formatter,
                "\n  = help: {}",
                lines.next().unwrap_or_default()
            )?;
            for line in lines {
                if line.is_empty() {
                    writeln!(formatter)?;
                } else {
                    write!(formatter, "\n          {line}")?;
                }
            }
        }
        Ok(())
    }
}

/// Every diagnostic of one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error at `path:line`; chain `.hint(...)` to say how to fix it.
    pub fn error(
        &mut self,
        path: &Path,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Error, path, line, message.into())
    }

    /// Records a warning at `path:line`.
    pub fn warning(
        &mut self,
        path: &Path,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Warning, path, line, message.into())
    }

    fn push(
        &mut self,
        severity: Severity,
        path: &Path,
        line: Option<usize>,
        message: String,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            severity,
            path: path.to_path_buf(),
            line,
            message,
            notes: Vec::new(),
            hint: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items
            .iter()
            .filter(|item| item.severity == severity)
            .count()
    }

    /// Appends the findings of one article, processed on its own (in parallel with
    /// others), in the order the articles were discovered.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Every finding, in the order found (what the build cache keeps of an article).
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Findings read back from the build cache.
    pub fn from_items(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }

    /// True when the bundle must not be written.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// All findings ordered by file and line, so output reads like a compiler's.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        // Stable sort: findings on the same line keep the order they were found in.
        items.sort_by(|left, right| (&left.path, left.line).cmp(&(&right.path, right.line)));
        items
    }

    /// Prints every finding to stderr.
    pub fn print(&self) {
        for item in self.sorted() {
            eprintln!("{item}");
        }
    }

    /// `2 errors, 1 warning`.
    pub fn counts_text(&self) -> String {
        format!(
            "{}, {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }
}

/// `1 error`, `3 errors`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `text` for quoting in a message, with control, bidi and zero-width characters
/// written as `\u{…}`: printed raw they would be invisible, or would reorder the
/// terminal line around them.
pub fn visible(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_control() || is_invisible(character) {
            shown.extend(character.escape_unicode());
        } else {
            shown.push(character);
        }
    }
    shown
}

/// Bidi controls, zero-width characters and other invisible format characters:
/// legitimate in text, but never wanted where they cannot be seen (ids, links,
/// diagnostics).
pub fn is_invisible(character: char) -> bool {
    matches!(character,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_escapes_invisible_and_reordering_characters() {
        assert_eq!(
            visible("a\u{202E}b\u{200B}c\0中"),
            "a\\u{202e}b\\u{200b}c\\u{0}中"
        );
    }

    #[test]
    fn renders_location_notes_and_hint() {
        let mut diagnostics = Diagnostics::default();
        diagnostics
            .error(Path::new("a/index.zh.md"), Some(3), "bad date")
            .note("see b.md:4")
            .hint("write YYYY-MM-DD");
        let text = diagnostics.sorted()[0].to_string();
        assert_eq!(
            text,
            "error: a/index.zh.md:3: bad date\n  = note: see b.md:4\n  = help: write YYYY-MM-DD"
        );
        assert_eq!(diagnostics.counts_text(), "1 error, 0 warnings");
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut diagnostics = Diagnostics::default();
        diagnostics.warning(Path::new("b.md"), Some(1), "x");
        diagnostics.error(Path::new("a.md"), Some(9), "y");
        diagnostics.error(Path::new("a.md"), Some(2), "z");
        let order: Vec<&str> = diagnostics
            .sorted()
            .iter()
            .map(|item| item.message.as_str())
            .collect();
        assert_eq!(order, ["z", "y", "x"]);
        assert!(diagnostics.has_errors());
    }
}
