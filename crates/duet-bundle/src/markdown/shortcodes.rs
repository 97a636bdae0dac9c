//! Hugo and Zola shortcodes and mdBook includes, expanded before the Markdown is
//! parsed: `{{< name args >}}`, `{{% name %}}…{{% /name %}}`, Zola's
//! `{{ name(args) }}` and `{% name(args) %}…{% end %}`, `{{#include file}}`. The
//! common built-ins become the Markdown or HTML that means the same (a figure, a
//! link, a code block, a details block, a callout); an unknown one keeps its inner
//! content, loses the call and is counted in one warning per file. Code blocks and
//! code spans are left as written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::includes::{resolve, select, Include, MAX_INCLUDE_DEPTH};
use crate::inline::escape;
use crate::markdown::Context;

/// How deep shortcodes may nest inside one another before the rest is kept as text.
const MAX_SHORTCODE_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Text(String),
    /// `{{< name >}}`, `{{% name %}}`, `{% name() %}` (at `offset` in the text;
    /// `length` bytes of it, as for every token).
    Open {
        name: String,
        args: Args,
        offset: usize,
        zola_body: bool,
        length: usize,
    },
    /// `{{< /name >}}`.
    Close {
        name: String,
        length: usize,
    },
    /// Zola's `{% end %}`.
    End {
        length: usize,
    },
    /// `{{ name(args) }}`: never has a body.
    Call {
        name: String,
        args: Args,
        offset: usize,
        length: usize,
    },
    Include {
        include: Include,
        offset: usize,
        length: usize,
    },
}

impl Token {
    /// How many bytes of the source the token stands for.
    fn source_len(&self) -> usize {
        match self {
            Token::Text(text) => text.len(),
            Token::Open { length, .. }
            | Token::Close { length, .. }
            | Token::Call { length, .. }
            | Token::Include { length, .. } => *length,
            Token::End { length } => *length,
        }
    }
}

/// Where the parts of an expanded body came from: `(expanded start, source start,
/// copied verbatim)` in order. An expansion maps wholly to its shortcode's start.
#[derive(Debug, Default)]
pub struct OffsetMap {
    segments: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    /// The source offset of `expanded` (itself when nothing was expanded).
    pub fn original(&self, expanded: usize) -> usize {
        let after = self
            .segments
            .partition_point(|(start, _, _)| *start <= expanded);
        match after.checked_sub(1).map(|at| self.segments[at]) {
            None => expanded,
            Some((start, source, true)) => source + (expanded - start),
            Some((_, source, false)) => source,
        }
    }
}

/// A shortcode's arguments: positional and named.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Args {
    positional: Vec<String>,
    named: BTreeMap<String, String>,
}

impl Args {
    fn get(&self, names: &[&str], position: Option<usize>) -> Option<String> {
        names
            .iter()
            .find_map(|name| self.named.get(*name).cloned())
            .or_else(|| position.and_then(|at| self.positional.get(at).cloned()))
    }
}

/// Expands the shortcodes and includes of a Markdown body.
pub struct Expander<'x, 'f> {
    pub context: &'x mut Context<'f>,
    /// Unknown shortcodes by name, and the line of the first.
    unknown: BTreeMap<String, usize>,
    first_unknown: Option<usize>,
}

impl<'x, 'f> Expander<'x, 'f> {
    pub fn new(context: &'x mut Context<'f>) -> Self {
        Expander {
            context,
            unknown: BTreeMap::new(),
            first_unknown: None,
        }
    }

    /// `body` with every shortcode and include expanded, and where each part of it
    /// came from in `body`, so diagnostics name the author's lines.
    pub fn expand_body(mut self, body: &str) -> (String, OffsetMap) {
        if !body.contains("{{") && !body.contains("{%") {
            return (body.to_string(), OffsetMap::default());
        }
        let file = self.context.file.path.clone();
        let mut stack = vec![std::fs::canonicalize(&file).unwrap_or(file.clone())];
        let tokens = tokenize(body);
        let matches = match_bodies(&tokens);
        let mut out = String::new();
        let mut map = OffsetMap::default();
        let mut original = 0;
        let mut at = 0;
        while at < tokens.len() {
            let last = match (&tokens[at], matches[at]) {
                (Token::Open { .. }, Some(close)) => close,
                _ => at,
            };
            map.segments
                .push((out.len(), original, matches!(tokens[at], Token::Text(_))));
            self.render(
                &tokens,
                &matches,
                at,
                last + 1,
                0,
                &file,
                None,
                &mut stack,
                &mut out,
            );
            original += tokens[at..=last]
                .iter()
                .map(Token::source_len)
                .sum::<usize>();
            at = last + 1;
        }
        self.report();
        (out, map)
    }

    fn line_at(&self, offset: usize, fixed: Option<usize>) -> usize {
        fixed.unwrap_or_else(|| self.context.file.line_of(self.context.offset + offset))
    }

    /// `text` (from `file`) expanded. `fixed_line` is the line of the include that
    /// brought `text` in, for its diagnostics; `None` for the body itself.
    fn expand(
        &mut self,
        text: &str,
        file: &Path,
        fixed_line: Option<usize>,
        stack: &mut Vec<PathBuf>,
    ) -> String {
        let tokens = tokenize(text);
        let matches = match_bodies(&tokens);
        let mut out = String::new();
        self.render(
            &tokens,
            &matches,
            0,
            tokens.len(),
            0,
            file,
            fixed_line,
            stack,
            &mut out,
        );
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn render(
        &mut self,
        tokens: &[Token],
        matches: &[Option<usize>],
        from: usize,
        to: usize,
        depth: usize,
        file: &Path,
        fixed_line: Option<usize>,
        stack: &mut Vec<PathBuf>,
        out: &mut String,
    ) {
        let mut at = from;
        while at < to {
            match &tokens[at] {
                Token::Text(text) => out.push_str(text),
                Token::Close { .. } | Token::End { .. } => {}
                Token::Include {
                    include, offset, ..
                } => {
                    let line = self.line_at(*offset, fixed_line);
                    out.push_str(&self.include(include, file, line, stack));
                }
                Token::Call {
                    name, args, offset, ..
                } => {
                    let line = self.line_at(*offset, fixed_line);
                    out.push_str(&self.shortcode(name, args, None, line));
                }
                Token::Open {
                    name, args, offset, ..
                } => {
                    let line = self.line_at(*offset, fixed_line);
                    match matches[at].filter(|_| depth < MAX_SHORTCODE_DEPTH) {
                        Some(close) => {
                            let mut inner = String::new();
                            self.render(
                                tokens,
                                matches,
                                at + 1,
                                close,
                                depth + 1,
                                file,
                                fixed_line,
                                stack,
                                &mut inner,
                            );
                            out.push_str(&self.shortcode(name, args, Some(&inner), line));
                            at = close;
                        }
                        None => out.push_str(&self.shortcode(name, args, None, line)),
                    }
                }
            }
            at += 1;
        }
    }

    fn include(
        &mut self,
        include: &Include,
        file: &Path,
        line: usize,
        stack: &mut Vec<PathBuf>,
    ) -> String {
        let roots = self.context.media.include_roots();
        let problem = match resolve(include, file, &roots) {
            Err(problem) => problem,
            Ok(_) if stack.len() > MAX_INCLUDE_DEPTH => format!(
                "include `{}` nested more than {MAX_INCLUDE_DEPTH} deep",
                include.path
            ),
            Ok(found) if stack.contains(&found) => {
                format!("include `{}` includes itself (a cycle)", include.path)
            }
            Ok(found) => match self.read_include(&found) {
                Err(error) => format!("include `{}` cannot be read: {error}", include.path),
                Ok(text) => match select(include, &text) {
                    Err(problem) => problem,
                    Ok(part) => {
                        stack.push(found.clone());
                        let expanded = self.expand(&part, &found, Some(line), stack);
                        stack.pop();
                        return expanded;
                    }
                },
            },
        };
        let path = self.context.file.path.clone();
        self.context
            .diagnostics
            .error(&path, Some(line), problem)
            .hint("includes must name a file inside the content folder, with no cycle");
        String::new()
    }

    /// An included file's text, noted as something the article depends on.
    fn read_include(&mut self, found: &Path) -> std::io::Result<String> {
        self.context.media.probe(found);
        std::fs::read_to_string(found)
    }

    /// The Markdown for one shortcode.
    fn shortcode(&mut self, name: &str, args: &Args, inner: Option<&str>, line: usize) -> String {
        let inner_text = inner.unwrap_or_default();
        match name {
            "figure" => {
                let src = args.get(&["src"], Some(0)).unwrap_or_default();
                let alt = args.get(&["alt"], None).unwrap_or_default();
                let caption = args.get(&["caption", "title"], None).unwrap_or_default();
                if caption.is_empty() {
                    format!("\n\n![{}]({})\n\n", alt.replace(']', "\\]"), angle(&src))
                } else {
                    format!(
                        "\n\n<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n\n",
                        escape(&src),
                        escape(&alt),
                        escape(&caption)
                    )
                }
            }
            "youtube" | "vimeo" => {
                let id = args.get(&["id"], Some(0)).unwrap_or_default();
                let (label, url) = if name == "youtube" {
                    ("YouTube", format!("https://www.youtube.com/watch?v={id}"))
                } else {
                    ("Vimeo", format!("https://vimeo.com/{id}"))
                };
                let title = args
                    .get(&["title"], None)
                    .unwrap_or(format!("{label} {id}"));
                format!("[{}]({})", title.replace(']', "\\]"), angle(&url))
            }
            "video" => {
                let src = args.get(&["src"], Some(0)).unwrap_or_default();
                let title = args.get(&["title", "caption"], None).unwrap_or(src.clone());
                format!("[{}]({})", title.replace(']', "\\]"), angle(&src))
            }
            // Used as a link target: `[text]({{< ref "page.md" >}})`.
            "ref" | "relref" => args.get(&["path"], Some(0)).unwrap_or_default(),
            "highlight" => {
                let lang = args.get(&["lang"], Some(0)).unwrap_or_default();
                let fence = fence_for(inner_text);
                format!(
                    "\n\n{fence}{lang}\n{}\n{fence}\n\n",
                    inner_text.trim_matches('\n')
                )
            }
            "details" => {
                let summary = args.get(&["summary", "title"], Some(0)).unwrap_or_default();
                format!(
                    "\n\n<details><summary>{}</summary>\n\n{}\n\n</details>\n\n",
                    escape(&summary),
                    inner_text.trim()
                )
            }
            _ if callout_kind(name, args).is_some() && inner.is_some() => {
                let kind = callout_kind(name, args).unwrap_or("note");
                let quoted: Vec<String> = inner_text
                    .trim()
                    .lines()
                    .map(|line| format!("> {line}"))
                    .collect();
                format!(
                    "\n\n> [!{}]\n{}\n\n",
                    kind.to_uppercase(),
                    quoted.join("\n")
                )
            }
            _ => {
                *self.unknown.entry(name.to_string()).or_default() += 1;
                self.first_unknown.get_or_insert(line);
                inner_text.to_string()
            }
        }
    }

    fn report(&mut self) {
        if self.unknown.is_empty() {
            return;
        }
        let list: Vec<String> = self
            .unknown
            .iter()
            .map(|(name, count)| format!("{name} ×{count}"))
            .collect();
        let path = self.context.file.path.clone();
        self.context
            .diagnostics
            .warning(
                &path,
                self.first_unknown,
                format!("unknown shortcodes, their content kept: {}", list.join(", ")),
            )
            .hint("Duet knows figure, youtube, vimeo, video, ref, relref, highlight, details and notice-style callouts");
    }
}

/// The callout kind of a notice-style shortcode (`notice warning`, `admonition
/// type="tip"`, `note`, …).
fn callout_kind(name: &str, args: &Args) -> Option<&'static str> {
    let named = |kind: &str| -> Option<&'static str> {
        Some(match kind.to_ascii_lowercase().as_str() {
            "note" | "info" | "information" | "abstract" | "summary" | "quote" => "note",
            "tip" | "hint" | "success" | "check" => "tip",
            "important" | "question" | "example" => "important",
            "warning" | "warn" | "attention" => "warning",
            "caution" | "danger" | "error" | "bug" | "failure" => "caution",
            _ => return None,
        })
    };
    match name {
        "notice" | "admonition" | "alert" | "callout" | "hint" | "aside" => Some(
            args.get(&["type", "kind", "class"], Some(0))
                .and_then(|kind| named(&kind))
                .unwrap_or_else(|| named(name).unwrap_or("note")),
        ),
        other => named(other),
    }
}

/// A link target in `<…>`, so spaces and parentheses stay inside it.
fn angle(url: &str) -> String {
    format!("<{}>", url.replace(['<', '>', '\n'], ""))
}

/// A code fence longer than any backtick run inside `code`.
fn fence_for(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for character in code.chars() {
        run = if character == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

/// For each opening token, the index of its closing token, if any: Hugo pairs by
/// name, Zola's `{% end %}` closes the innermost open body. One pass, so text
/// with many unclosed calls stays linear.
fn match_bodies(tokens: &[Token]) -> Vec<Option<usize>> {
    let mut matches = vec![None; tokens.len()];
    let mut hugo: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut zola: Vec<usize> = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            Token::Open {
                name, zola_body, ..
            } => {
                if *zola_body {
                    zola.push(index);
                } else {
                    hugo.entry(name).or_default().push(index);
                }
            }
            Token::Close { name, .. } => {
                if let Some(open) = hugo.get_mut(name.as_str()).and_then(Vec::pop) {
                    matches[open] = Some(index);
                }
            }
            Token::End { .. } => {
                if let Some(open) = zola.pop() {
                    matches[open] = Some(index);
                }
            }
            _ => {}
        }
    }
    // A pair must nest inside its enclosing pair: one that crosses another's
    // end is treated as having no body.
    let mut open_ends: Vec<usize> = Vec::new();
    for (index, matched) in matches.iter_mut().enumerate() {
        while open_ends.last().is_some_and(|end| *end < index) {
            open_ends.pop();
        }
        if let Some(close) = *matched {
            if open_ends.last().is_some_and(|end| close > *end) {
                *matched = None;
            } else {
                open_ends.push(close);
            }
        }
    }
    matches
}

/// Cuts `text` into text and shortcode tokens, leaving fenced code blocks and code
/// spans as text.
/// `text` without its shortcode and include calls (their bodies' text stays): what
/// a reader of the author's site sees of the author's own words, for the
/// compatibility report. A call such as `{{#include ../listings/a.rs}}` is markup,
/// not text the bundle should carry.
pub fn without_calls(text: &str) -> String {
    tokenize(text)
        .into_iter()
        .filter_map(|token| match token {
            Token::Text(text) => Some(text),
            _ => None,
        })
        .collect()
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut plain = String::new();
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let fence_run = |marker: char| trimmed.chars().take_while(|c| *c == marker).count();
        if let Some((marker, length)) = fence {
            if fence_run(marker) >= length && trimmed.trim_start_matches(marker).trim().is_empty() {
                fence = None;
                plain.push_str(line);
            } else {
                // mdBook includes are meant for code blocks; nothing else expands here.
                scan_line(line, line_start, true, &mut plain, &mut tokens);
            }
            continue;
        }
        if let Some(marker) = ['`', '~']
            .into_iter()
            .find(|marker| fence_run(*marker) >= 3)
        {
            fence = Some((marker, fence_run(marker)));
            plain.push_str(line);
            continue;
        }
        scan_line(line, line_start, false, &mut plain, &mut tokens);
    }
    if !plain.is_empty() {
        tokens.push(Token::Text(plain));
    }
    tokens
}

fn scan_line(
    line: &str,
    line_start: usize,
    in_code: bool,
    plain: &mut String,
    tokens: &mut Vec<Token>,
) {
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        if in_code && !rest.starts_with("{{#") {
            let character = rest.chars().next().unwrap_or(' ');
            plain.push(character);
            at += character.len_utf8();
            continue;
        }
        if !in_code && rest.starts_with('`') {
            let run = rest.chars().take_while(|c| *c == '`').count();
            let ticks = &rest[..run];
            let end = rest[run..]
                .find(ticks)
                .map_or(run, |found| run + found + run);
            plain.push_str(&rest[..end]);
            at += end;
            continue;
        }
        if let Some((token, length)) = shortcode_at(rest, line_start + at) {
            if !plain.is_empty() {
                tokens.push(Token::Text(std::mem::take(plain)));
            }
            tokens.push(token);
            at += length;
            continue;
        }
        let character = rest.chars().next().unwrap_or(' ');
        plain.push(character);
        at += character.len_utf8();
    }
}

/// The shortcode starting `rest` and its length in bytes, if one does. A shortcode
/// ends on the line it starts on.
fn shortcode_at(rest: &str, offset: usize) -> Option<(Token, usize)> {
    for (open, close, zola_body) in [("{{<", ">}}", false), ("{{%", "%}}", false)] {
        if let Some(inside) = rest.strip_prefix(open) {
            let end = inside.find(close)?;
            let body = inside[..end].trim().trim_end_matches('/').trim();
            let length = open.len() + end + close.len();
            if let Some(name) = body.strip_prefix('/') {
                return Some((
                    Token::Close {
                        name: name.trim().to_string(),
                        length,
                    },
                    length,
                ));
            }
            let (name, args) = split_call(body)?;
            let self_closing = inside[..end].trim_end().ends_with('/');
            let token = if self_closing {
                Token::Call {
                    name,
                    args,
                    offset,
                    length,
                }
            } else {
                Token::Open {
                    name,
                    args,
                    offset,
                    zola_body,
                    length,
                }
            };
            return Some((token, length));
        }
    }
    for (directive, rustdoc) in [("{{#include", false), ("{{#rustdoc_include", true)] {
        if let Some(inside) = rest.strip_prefix(directive) {
            let end = inside.find("}}")?;
            let include = Include::parse(&inside[..end], rustdoc);
            let length = directive.len() + end + 2;
            return Some((
                Token::Include {
                    include,
                    offset,
                    length,
                },
                length,
            ));
        }
    }
    if let Some(inside) = rest.strip_prefix("{{") {
        let end = inside.find("}}")?;
        let (name, args) = zola_call(inside[..end].trim())?;
        let length = end + 4;
        return Some((
            Token::Call {
                name,
                args,
                offset,
                length,
            },
            length,
        ));
    }
    if let Some(inside) = rest.strip_prefix("{%") {
        let end = inside.find("%}")?;
        let body = inside[..end].trim();
        let length = end + 4;
        if body == "end" {
            return Some((Token::End { length }, length));
        }
        let (name, args) = zola_call(body)?;
        return Some((
            Token::Open {
                name,
                args,
                offset,
                zola_body: true,
                length,
            },
            length,
        ));
    }
    None
}

/// Hugo's `name arg key="value"`.
fn split_call(body: &str) -> Option<(String, Args)> {
    let words = split_arguments(body);
    let (name, rest) = words.split_first()?;
    if !is_name(name) {
        return None;
    }
    let mut args = Args::default();
    for word in rest {
        match word.split_once('=') {
            Some((key, value)) if is_name(key) => {
                args.named.insert(key.to_string(), unquote(value));
            }
            _ => args.positional.push(unquote(word)),
        }
    }
    Some((name.clone(), args))
}

/// Zola's `name(key="value", other=3)`.
fn zola_call(body: &str) -> Option<(String, Args)> {
    let open = body.find('(')?;
    let name = body[..open].trim();
    let inside = body[open + 1..].trim_end().strip_suffix(')')?;
    if !is_name(name) {
        return None;
    }
    let mut args = Args::default();
    for part in split_arguments(&inside.replace(',', " ")) {
        match part.split_once('=') {
            Some((key, value)) => {
                args.named
                    .insert(key.trim().to_string(), unquote(value.trim()));
            }
            None => args.positional.push(unquote(&part)),
        }
    }
    Some((name.to_string(), args))
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '/')
}

/// Splits on white space outside quotes.
fn split_arguments(body: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for character in body.chars() {
        match quote {
            Some(open) if character == open => {
                quote = None;
                word.push(character);
            }
            Some(_) => word.push(character),
            None if character == '"' || character == '\'' || character == '`' => {
                quote = Some(character);
                word.push(character);
            }
            None if character.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            None => word.push(character),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn unquote(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner.to_string();
        }
    }
    value.to_string()
}

#[cfg(test)]
#[path = "shortcodes_tests.rs"]
mod tests;
