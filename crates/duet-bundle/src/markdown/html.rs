//! HTML inside Markdown, parsed with a real HTML parser (html5ever through scraper)
//! and mapped onto the structured model: a safe subset keeps its meaning, any other
//! element keeps its text, and scripts, styles, frames, event attributes and unsafe
//! URLs go. The app never receives markup.

use std::collections::BTreeMap;

use duet_core::{Block, Span};
use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::inline::{resolve_soft_breaks, tidy};
use crate::links::safe_href;
use crate::markdown::{Context, MAX_NESTING};
use crate::math;
use crate::sentences::split_sentences;

/// Elements removed with everything inside them: they hold code, not text.
const REMOVED: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "template", "frame", "frameset", "applet",
    "noembed", "svg", "canvas", "audio", "video", "source", "track", "input", "button", "select",
    "textarea", "form", "link", "meta", "base", "head", "title",
];

/// Elements whose tags carry no meaning for a reader: their content is kept as it is
/// and nothing is reported.
const TRANSPARENT: &[&str] = &[
    "html", "body", "p", "div", "span", "section", "article", "aside", "header", "footer", "main",
    "nav", "center", "tbody", "thead", "tfoot", "picture",
];

/// Inline elements with a mark in the model.
const INLINE_MARKS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "s",
    "del",
    "strike",
    "code",
    "tt",
    "kbd",
    "sup",
    "sub",
    "mark",
    "small",
    "abbr",
    "a",
    "br",
    "img",
    "duet-note",
    "duet-math",
];

/// What the HTML of one file lost, reported once per file: element names with how
/// often each was unwrapped (tags dropped, text kept) or removed with its content.
#[derive(Default)]
pub struct Dropped {
    pub unwrapped: BTreeMap<String, usize>,
    pub removed: BTreeMap<String, usize>,
    /// The first line where something was dropped.
    pub first_line: Option<usize>,
}

impl Dropped {
    fn note(map: &mut BTreeMap<String, usize>, name: &str) {
        *map.entry(name.to_string()).or_default() += 1;
    }

    /// The one warning of a file, if anything was dropped.
    pub fn report(&self, context: &mut Context<'_>) {
        if self.unwrapped.is_empty() && self.removed.is_empty() {
            return;
        }
        let list = |map: &BTreeMap<String, usize>| {
            map.iter()
                .map(|(name, count)| format!("{name} ×{count}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.removed.is_empty() {
            parts.push(format!("removed {}", list(&self.removed)));
        }
        if !self.unwrapped.is_empty() {
            parts.push(format!("kept the text of {}", list(&self.unwrapped)));
        }
        context
            .diagnostics
            .warning(
                &context.file.path,
                self.first_line,
                format!("HTML: {}", parts.join("; ")),
            )
            .hint("the reader shows text and a safe subset of HTML (details, kbd, sup, sub, mark, abbr, small, figure, img, a, tables, b/i/code/pre)");
    }
}

/// What mapping needs from the Markdown side: the context, the file line of this
/// HTML, footnote numbers and where to count what was dropped.
pub struct Mapper<'m, 'f> {
    pub context: &'m mut Context<'f>,
    pub line: usize,
    pub notes: &'m BTreeMap<String, u32>,
    pub dropped: &'m mut Dropped,
}

/// Parses `html` as a fragment of a `<body>`.
pub fn parse(html: &str) -> Html {
    Html::parse_fragment(html)
}

/// Counts the event attributes (`onclick`, …) of `document` as removed: no
/// attribute but `href`, `src`, `alt`, `title`, `start` and a code block's class is
/// ever read, so they go whatever element carries them.
pub fn count_event_attributes(document: &Html, dropped: &mut Dropped, line: usize) {
    for node in document.tree.nodes() {
        if let Node::Element(element) = node.value() {
            for (attr, _) in element.attrs() {
                if attr.starts_with("on") {
                    Dropped::note(&mut dropped.removed, &format!("{attr}="));
                    dropped.first_line.get_or_insert(line);
                }
            }
        }
    }
}

/// The element that holds a parsed fragment's content (html5ever wraps it in `<html>`).
pub fn fragment_root(document: &Html) -> NodeRef<'_, Node> {
    *document.root_element()
}

impl Mapper<'_, '_> {
    fn dropped_unwrapped(&mut self, name: &str) {
        Dropped::note(&mut self.dropped.unwrapped, name);
        self.dropped.first_line.get_or_insert(self.line);
    }

    fn dropped_removed(&mut self, name: &str) {
        Dropped::note(&mut self.dropped.removed, name);
        self.dropped.first_line.get_or_insert(self.line);
    }

    /// The blocks of `node`'s children. `depth` counts the containers around them.
    pub fn blocks(&mut self, node: NodeRef<'_, Node>, depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut pending: Vec<NodeRef<'_, Node>> = Vec::new();
        for child in node.children() {
            let name = element_name(child);
            let is_block = name.is_some_and(|name| is_block_element(name) || name == "img");
            if !is_block {
                pending.push(child);
                continue;
            }
            self.flush(&mut pending, &mut blocks);
            let name = name.unwrap_or_default();
            if depth >= MAX_NESTING {
                // Too deep to keep the structure: the text stays, as one paragraph.
                self.dropped_unwrapped(name);
                let spans = self.spans(&[child]);
                blocks.extend(paragraph(spans));
                continue;
            }
            blocks.extend(self.block(child, name, depth));
        }
        self.flush(&mut pending, &mut blocks);
        blocks
    }

    fn flush<'n>(&mut self, pending: &mut Vec<NodeRef<'n, Node>>, blocks: &mut Vec<Block>) {
        let nodes = std::mem::take(pending);
        let spans = self.spans(&nodes);
        blocks.extend(paragraph(spans));
    }

    fn block(&mut self, node: NodeRef<'_, Node>, name: &str, depth: usize) -> Vec<Block> {
        let element = |attr: &str| match node.value() {
            Node::Element(element) => element.attr(attr).map(str::to_string),
            _ => None,
        };
        match name {
            "details" => {
                let summary = node
                    .children()
                    .find(|child| element_name(*child) == Some("summary"));
                let summary_spans = summary
                    .map(|summary| self.spans(&[summary]))
                    .unwrap_or_default();
                let rest = self.blocks_except(node, "summary", depth + 1);
                vec![Block::Details {
                    summary: summary_spans,
                    blocks: rest,
                }]
            }
            "figure" => {
                let caption = node
                    .children()
                    .find(|child| element_name(*child) == Some("figcaption"))
                    .map(|caption| self.spans(&[caption]))
                    .unwrap_or_default();
                let inner = self.blocks_except(node, "figcaption", depth + 1);
                if caption.is_empty() {
                    return inner;
                }
                vec![Block::Figure {
                    blocks: inner,
                    caption,
                }]
            }
            "blockquote" => vec![Block::Quote {
                blocks: self.blocks(node, depth + 1),
            }],
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(2);
                let spans = self.spans(&[node]);
                if spans.is_empty() {
                    return Vec::new();
                }
                vec![Block::Heading {
                    level,
                    spans,
                    id: None,
                }]
            }
            "hr" => vec![Block::Rule],
            "pre" => {
                let text: String = node
                    .descendants()
                    .filter_map(|inner| match inner.value() {
                        Node::Text(text) => Some(text.to_string()),
                        _ => None,
                    })
                    .collect();
                let lang = node.descendants().find_map(|inner| match inner.value() {
                    Node::Element(element) => element.attr("class").and_then(|class| {
                        class
                            .split_whitespace()
                            .find_map(|class| class.strip_prefix("language-"))
                            .map(str::to_string)
                    }),
                    _ => None,
                });
                vec![Block::Code {
                    lang,
                    text: text.trim_end_matches('\n').to_string(),
                }]
            }
            "ul" | "ol" => {
                let items: Vec<Vec<Block>> = node
                    .children()
                    .filter(|child| element_name(*child) == Some("li"))
                    .map(|item| self.blocks(item, depth + 1))
                    .collect();
                let ordered = name == "ol";
                vec![Block::List {
                    ordered,
                    start: ordered.then(|| {
                        element("start")
                            .and_then(|start| start.trim().parse().ok())
                            .unwrap_or(1)
                    }),
                    items,
                    checked: Vec::new(),
                }]
            }
            "table" => vec![self.table(node)],
            "img" => self.image(node).into_iter().collect(),
            "dl" => vec![self.definitions(node, depth)],
            // p, div and the other transparent containers: their content, in place.
            _ => self.blocks(node, depth + 1),
        }
    }

    fn blocks_except(&mut self, node: NodeRef<'_, Node>, skip: &str, depth: usize) -> Vec<Block> {
        // The skipped child (summary, figcaption) is read by the caller; map the
        // rest as if it were not there.
        let mut blocks = Vec::new();
        let mut pending: Vec<NodeRef<'_, Node>> = Vec::new();
        for child in node.children() {
            if element_name(child) == Some(skip) {
                continue;
            }
            let name = element_name(child);
            if name.is_some_and(|name| is_block_element(name) || name == "img")
                && depth < MAX_NESTING
            {
                self.flush(&mut pending, &mut blocks);
                blocks.extend(self.block(child, name.unwrap_or_default(), depth));
            } else {
                pending.push(child);
            }
        }
        self.flush(&mut pending, &mut blocks);
        blocks
    }

    fn definitions(&mut self, node: NodeRef<'_, Node>, depth: usize) -> Block {
        let mut terms: Vec<duet_core::Definition> = Vec::new();
        for child in node.children() {
            match element_name(child) {
                Some("dt") => terms.push(duet_core::Definition {
                    term: self.spans(&[child]),
                    details: Vec::new(),
                }),
                Some("dd") => {
                    let details = self.blocks(child, depth + 1);
                    match terms.last_mut() {
                        Some(last) => last.details.push(details),
                        None => terms.push(duet_core::Definition {
                            term: Vec::new(),
                            details: vec![details],
                        }),
                    }
                }
                _ => {}
            }
        }
        Block::Definitions { terms }
    }

    fn table(&mut self, node: NodeRef<'_, Node>) -> Block {
        let mut head: Vec<Vec<Span>> = Vec::new();
        let mut rows: Vec<Vec<Vec<Span>>> = Vec::new();
        for row in node
            .descendants()
            .filter(|inner| element_name(*inner) == Some("tr"))
        {
            let in_head = row
                .parent()
                .is_some_and(|parent| element_name(parent) == Some("thead"));
            let cells: Vec<NodeRef<'_, Node>> = row
                .children()
                .filter(|cell| matches!(element_name(*cell), Some("td" | "th")))
                .collect();
            let all_th =
                !cells.is_empty() && cells.iter().all(|cell| element_name(*cell) == Some("th"));
            let spans: Vec<Vec<Span>> = cells.iter().map(|cell| self.spans(&[*cell])).collect();
            if head.is_empty() && rows.is_empty() && (in_head || all_th) {
                head = spans;
            } else {
                rows.push(spans);
            }
        }
        let columns = rows
            .iter()
            .map(Vec::len)
            .chain([head.len()])
            .max()
            .unwrap_or(0);
        Block::Table {
            align: vec![duet_core::Align::None; columns],
            head,
            rows,
        }
    }

    fn image(&mut self, node: NodeRef<'_, Node>) -> Option<Block> {
        let Node::Element(element) = node.value() else {
            return None;
        };
        let src = element.attr("src")?;
        let alt = element.attr("alt").unwrap_or_default().trim().to_string();
        let title = element.attr("title").unwrap_or_default().to_string();
        let path = self.context.file.path.clone();
        // An image written in HTML is often decoration copied from another site:
        // one that cannot be shown is a warning, and its description stays.
        let mut found = crate::diagnostics::Diagnostics::default();
        let resolved = self
            .context
            .media
            .resolve(src, &path, self.line, &mut found);
        for item in found.sorted() {
            let warning =
                self.context
                    .diagnostics
                    .warning(&item.path, item.line, item.message.clone());
            warning.hint("the reader shows the image's alt text instead");
        }
        match resolved {
            Some(src) => Some(Block::Image { src, alt, title }),
            // The image cannot be shown (reported); its description stays.
            None => paragraph(vec![Span::plain(alt)]).into_iter().next(),
        }
    }

    /// The inline content of `nodes`, in order, as spans. Walks the tree without
    /// recursion, so no nesting depth can overflow the stack.
    pub fn spans(&mut self, nodes: &[NodeRef<'_, Node>]) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        for node in nodes {
            self.walk(*node, &mut spans);
        }
        // White space that ended one text node and starts the next shows once.
        let mut after_space = false;
        for span in &mut spans {
            if after_space && !span.code && span.text.starts_with(' ') {
                span.text.remove(0);
            }
            if !span.text.is_empty() {
                after_space = !span.code && span.text.ends_with(' ');
            }
        }
        tidy(resolve_soft_breaks(spans))
    }

    fn walk(&mut self, node: NodeRef<'_, Node>, spans: &mut Vec<Span>) {
        // The marks in force, one entry per open element.
        let mut marks: Vec<Span> = vec![Span::default()];
        // Inside a removed element (script, style, …) or a formula, until it closes.
        let mut skipping: Option<ego_tree::NodeId> = None;
        for edge in node.traverse() {
            match edge {
                Edge::Open(current) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match current.value() {
                        Node::Text(text) => {
                            let top = marks.last().cloned().unwrap_or_default();
                            spans.push(Span {
                                text: collapse_white_space(text),
                                ..top
                            });
                        }
                        Node::Element(element) => {
                            let name = element.name();
                            let top = marks.last().cloned().unwrap_or_default();
                            if REMOVED.contains(&name) {
                                self.dropped_removed(name);
                                skipping = Some(current.id());
                                marks.push(top);
                                continue;
                            }
                            match name {
                                "br" => {
                                    if let Some(last) = spans.last_mut() {
                                        last.br = true;
                                    }
                                }
                                "img" => {
                                    let alt = element.attr("alt").unwrap_or_default();
                                    spans.push(Span {
                                        text: alt.to_string(),
                                        ..top.clone()
                                    });
                                }
                                "duet-note" => {
                                    let key: String = current
                                        .descendants()
                                        .filter_map(|inner| match inner.value() {
                                            Node::Text(text) => Some(text.to_string()),
                                            _ => None,
                                        })
                                        .collect();
                                    if let Some(number) = self.notes.get(&key) {
                                        spans.push(Span {
                                            text: number.to_string(),
                                            note: Some(*number),
                                            ..Span::default()
                                        });
                                    }
                                    skipping = Some(current.id());
                                }
                                "duet-math" => {
                                    let tex: String = current
                                        .descendants()
                                        .filter_map(|inner| match inner.value() {
                                            Node::Text(text) => Some(text.to_string()),
                                            _ => None,
                                        })
                                        .collect();
                                    spans.push(math_span(
                                        &tex,
                                        element.attr("class") == Some("display"),
                                        &top,
                                    ));
                                    skipping = Some(current.id());
                                }
                                _ => {}
                            }
                            marks.push(self.marked(name, element, top));
                        }
                        _ => {}
                    }
                }
                Edge::Close(current) => {
                    if let Node::Element(_) = current.value() {
                        if skipping == Some(current.id()) {
                            skipping = None;
                        }
                        if skipping.is_none() {
                            marks.pop();
                        }
                    }
                }
            }
        }
    }

    /// The marks inside element `name`, given those around it.
    fn marked(&mut self, name: &str, element: &scraper::node::Element, mut span: Span) -> Span {
        match name {
            "b" | "strong" => span.strong = true,
            "i" | "em" => span.em = true,
            "s" | "del" | "strike" => span.strike = true,
            "code" | "tt" => span.code = true,
            "kbd" => span.kbd = true,
            "sup" => span.sup = true,
            "sub" => span.sub = true,
            "mark" => span.mark = true,
            "small" => span.small = true,
            "abbr" => span.abbr = element.attr("title").map(str::to_string),
            "a" => {
                let href = element.attr("href").unwrap_or_default();
                if !href.is_empty() {
                    let safe = safe_href(href);
                    if safe.is_none() {
                        self.context.unsafe_link_at(self.line, href);
                    }
                    span.href = safe;
                }
            }
            _ if INLINE_MARKS.contains(&name) || TRANSPARENT.contains(&name) => {}
            _ if is_block_element(name)
                || matches!(
                    name,
                    "summary" | "figcaption" | "li" | "td" | "th" | "tr" | "dt" | "dd" | "caption"
                ) => {}
            _ => self.dropped_unwrapped(name),
        }
        span
    }
}

/// An inline formula: MathML when the TeX converts, else its source as code.
pub fn math_span(tex: &str, display: bool, marks: &Span) -> Span {
    match math::to_mathml(tex, display) {
        Ok(nodes) => Span {
            text: tex.to_string(),
            math: Some(nodes),
            ..marks.clone()
        },
        Err(_) => Span {
            text: tex.to_string(),
            code: true,
            ..marks.clone()
        },
    }
}

fn element_name<'a>(node: NodeRef<'a, Node>) -> Option<&'a str> {
    match node.value() {
        Node::Element(element) => Some(element.name()),
        _ => None,
    }
}

fn is_block_element(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "center"
            | "details"
            | "figure"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "pre"
            | "ul"
            | "ol"
            | "table"
            | "dl"
    )
}

/// Runs of HTML white space become one space, as a browser shows them.
fn collapse_white_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for character in text.chars() {
        if matches!(character, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(character);
            in_space = false;
        }
    }
    out
}

/// A paragraph of `spans`, or nothing when they hold no text.
pub fn paragraph(spans: Vec<Span>) -> Option<Block> {
    let has_text = spans.iter().any(|span| !span.text.trim().is_empty());
    has_text.then(|| Block::Paragraph {
        sentences: split_sentences(spans),
        words: Vec::new(),
    })
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
