//! A Markdown body turned into `duet_core` blocks (pulldown-cmark with tables,
//! strikethrough, footnotes, GitHub alerts, heading ids, task lists, definition
//! lists and math), each top-level block with its source line. HTML blocks go
//! through `html.rs`; `<details>` opened in one HTML block and closed in a later
//! one holds the Markdown between them.

use std::collections::BTreeMap;
use std::ops::Range;

use duet_core::{Align, Block, Definition, Note};
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{visible, Diagnostics};
use crate::html::{count_event_attributes, fragment_root, parse, Dropped, Mapper};
use crate::inline::{flatten, InlineState, SOFT_BREAK};
use crate::media::Media;
use crate::sentences::split_sentences;
use crate::shortcodes::Expander;
use crate::slug::ascii_slug;
use crate::source::{Located, SourceFile};

/// What converting one body needs besides the text.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    /// Byte offset of the body inside the file.
    pub offset: usize,
    pub media: &'a mut Media,
    pub diagnostics: &'a mut Diagnostics,
}

impl<'a> Context<'a> {
    /// The context for the body of `file` that starts at byte `offset`.
    pub fn new(
        file: &'a SourceFile,
        offset: usize,
        media: &'a mut Media,
        diagnostics: &'a mut Diagnostics,
    ) -> Self {
        Context {
            file,
            offset,
            media,
            diagnostics,
        }
    }

    /// The file line of a body byte range.
    pub fn line(&self, range: &Range<usize>) -> usize {
        self.file.line_of(self.offset + range.start)
    }

    /// Reports a link whose target was removed.
    pub fn unsafe_link(&mut self, range: &Range<usize>, url: &str) {
        let line = self.line(range);
        self.unsafe_link_at(line, url);
    }

    /// Reports a link at `line` whose target was removed.
    pub fn unsafe_link_at(&mut self, line: usize, url: &str) {
        let shown = excerpt(url);
        self.diagnostics
            .warning(
                &self.file.path,
                Some(line),
                format!("link target `{shown}` dropped; the link text is kept"),
            )
            .hint("only http(s):, mailto:, #anchor and relative links are kept");
    }
}

/// The start of `text` on one line, for quoting in a diagnostic.
fn excerpt(text: &str) -> String {
    let one_line = visible(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    match one_line.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// How deep lists and quotes may nest. The app renders blocks recursively and decodes
/// the JSON with serde_json's recursion limit of 128 (a list level costs three JSON
/// levels); 16 leaves ample room and is far beyond what prose needs.
pub const MAX_NESTING: usize = 16;

/// How many top-level blocks one language file may have. Pairing the two languages
/// takes time and memory proportional to the product of their block counts
/// (3,000 × 3,000 is 36 MB); a long feature has a few hundred.
pub const MAX_BLOCKS: usize = 3_000;

type Item<'e> = (Event<'e>, Range<usize>);

/// Converts `body`, which sits at `context.offset` in its file. Nesting beyond
/// [`MAX_NESTING`] and more than [`MAX_BLOCKS`] top-level blocks are errors.
pub fn to_blocks(body: &str, context: &mut Context<'_>) -> Vec<Located<Block>> {
    // Shortcodes and includes first: what they expand to is Markdown like the rest,
    // and every event's range is mapped back to the author's text for diagnostics.
    let (mut expanded, offsets) = Expander::new(context).expand_body(body);
    if expanded.contains(SOFT_BREAK) {
        // Never text: it stands in for soft breaks. U+FFFD has the same UTF-8
        // length, so every byte offset still points where it did.
        let at = expanded.find(SOFT_BREAK).unwrap_or_default();
        let line = context.line(&(offsets.original(at)..offsets.original(at)));
        let path = context.file.path.clone();
        context
            .diagnostics
            .warning(
                &path,
                Some(line),
                "U+FDD0, a character reserved for programs' own use, shown as U+FFFD",
            )
            .hint("delete it: it is not a character any text needs");
        expanded = expanded.replace(SOFT_BREAK, "\u{FFFD}");
    }
    let body = expanded.as_str();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH;
    let events: Vec<Item<'_>> = Parser::new_ext(body, options)
        .into_offset_iter()
        .map(|(event, range)| {
            (
                event,
                offsets.original(range.start)..offsets.original(range.end),
            )
        })
        .collect();
    let notes = note_numbers(&events);
    let mut reader = Reader {
        events: events.into_iter(),
        context,
        depth: 0,
        too_deep: false,
        notes,
        note_bodies: BTreeMap::new(),
        dropped: Dropped::default(),
        task: None,
    };
    let mut blocks = reader.blocks(false).0;
    if let Some(notes) = reader.notes_block() {
        blocks.push(notes);
    }
    let Reader {
        dropped, context, ..
    } = reader;
    dropped.report(context);
    if let Some(first_over) = blocks.get(MAX_BLOCKS) {
        context
            .diagnostics
            .error(
                &context.file.path,
                Some(first_over.line),
                format!(
                    "article has {} top-level blocks; the limit is {MAX_BLOCKS}, and block {} starts here",
                    blocks.len(),
                    MAX_BLOCKS + 1
                ),
            )
            .hint("split it into several articles; headings, paragraphs, lists, quotes, code blocks, tables, images and rules each count as one block");
    }
    blocks
}

/// Footnote numbers by name, in order of first reference.
fn note_numbers(events: &[Item<'_>]) -> BTreeMap<String, u32> {
    let mut numbers = BTreeMap::new();
    for (event, _) in events {
        if let Event::FootnoteReference(name) = event {
            let next = numbers.len() as u32 + 1;
            numbers.entry(name.to_string()).or_insert(next);
        }
    }
    numbers
}

struct Reader<'e, 'c, 'f> {
    events: std::vec::IntoIter<Item<'e>>,
    context: &'c mut Context<'f>,
    /// Lists and quotes open around the current point.
    depth: usize,
    /// Whether nesting beyond the limit was reported (once per file is enough).
    too_deep: bool,
    /// Footnote numbers by name.
    notes: BTreeMap<String, u32>,
    /// Footnote definitions by name: the line of the first and the blocks.
    note_bodies: BTreeMap<String, (usize, Vec<Block>)>,
    /// HTML elements dropped in this file, reported once at the end.
    dropped: Dropped,
    /// The task list box of the item being read.
    task: Option<bool>,
}

fn is_inline_start(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

impl<'e> Reader<'e, '_, '_> {
    /// Blocks up to the end of the enclosing container. Loose inline content (the
    /// text of a tight list item) becomes a paragraph. Inside a `<details>` opened
    /// by an HTML block (`in_details`), an HTML block with `</details>` ends it too:
    /// the second value is then the HTML after that closing tag.
    fn blocks(&mut self, in_details: bool) -> (Vec<Located<Block>>, Option<String>) {
        let mut blocks = Vec::new();
        let mut pending: Vec<Item<'e>> = Vec::new();
        while let Some((event, range)) = self.events.next() {
            match event {
                Event::Start(tag) if is_inline_start(&tag) => {
                    pending.push((Event::Start(tag), range))
                }
                Event::End(tag) if is_inline_end(&tag) => pending.push((Event::End(tag), range)),
                Event::End(_) => break,
                Event::TaskListMarker(done) => self.task = Some(done),
                Event::Start(Tag::HtmlBlock) => {
                    self.flush(&mut pending, &mut blocks);
                    let line = self.context.line(&range);
                    let html = self.text_until_end();
                    if in_details {
                        if let Some(at) = find_ignore_case(&html, "</details") {
                            let before = self.html_blocks(&html[..at], line);
                            blocks.extend(before.into_iter().map(|value| Located { value, line }));
                            let after = html[at..].split_once('>').map_or("", |(_, rest)| rest);
                            return (blocks, Some(after.to_string()));
                        }
                    }
                    self.html_block(&html, line, &mut blocks);
                }
                Event::Start(tag) => {
                    self.flush(&mut pending, &mut blocks);
                    let line = self.context.line(&range);
                    if let Some(block) = self.block(tag, &range) {
                        blocks.push(Located { value: block, line });
                    }
                }
                Event::Rule => {
                    self.flush(&mut pending, &mut blocks);
                    let line = self.context.line(&range);
                    blocks.push(Located {
                        value: Block::Rule,
                        line,
                    });
                }
                other => pending.push((other, range)),
            }
        }
        self.flush(&mut pending, &mut blocks);
        (blocks, None)
    }

    /// The blocks of an HTML block at `line`. A `<details>` it leaves open takes the
    /// Markdown blocks after it, up to the HTML block that closes it.
    fn html_block(&mut self, html: &str, line: usize, blocks: &mut Vec<Located<Block>>) {
        let Some(open) = unclosed_details(html) else {
            let mapped = self.html_blocks(html, line);
            blocks.extend(mapped.into_iter().map(|value| Located { value, line }));
            return;
        };
        let before = self.html_blocks(&html[..open], line);
        blocks.extend(before.into_iter().map(|value| Located { value, line }));
        let opened = self.html_blocks(&html[open..], line);
        let (summary, mut inner) = match opened.into_iter().next() {
            Some(Block::Details { summary, blocks }) => (summary, blocks),
            _ => (Vec::new(), Vec::new()),
        };
        if self.depth >= MAX_NESTING {
            // Too deep to nest: the content still follows, unwrapped.
            blocks.extend(inner.into_iter().map(|value| Located { value, line }));
            return;
        }
        self.depth += 1;
        let (rest, after) = self.blocks(true);
        self.depth -= 1;
        inner.extend(rest.into_iter().map(|block| block.value));
        blocks.push(Located {
            value: Block::Details {
                summary,
                blocks: inner,
            },
            line,
        });
        if let Some(after) = after {
            let mapped = self.html_blocks(&after, line);
            blocks.extend(mapped.into_iter().map(|value| Located { value, line }));
        }
    }

    /// `html` parsed and mapped to blocks.
    fn html_blocks(&mut self, html: &str, line: usize) -> Vec<Block> {
        let document = parse(html);
        count_event_attributes(&document, &mut self.dropped, line);
        let mut mapper = Mapper {
            context: self.context,
            line,
            notes: &self.notes,
            dropped: &mut self.dropped,
        };
        mapper.blocks(fragment_root(&document), self.depth)
    }

    fn flush(&mut self, pending: &mut Vec<Item<'e>>, blocks: &mut Vec<Located<Block>>) {
        let Some((_, first)) = pending.first() else {
            return;
        };
        let line = self.context.line(first);
        let inline = std::mem::take(pending);
        if let Some(block) = self.paragraph(&inline) {
            blocks.push(Located { value: block, line });
        }
    }

    fn spans(&mut self, inline: &[Item<'e>]) -> Vec<duet_core::Span> {
        let mut state = InlineState {
            notes: &self.notes,
            dropped: &mut self.dropped,
        };
        flatten(inline, self.context, &mut state)
    }

    /// Blocks of a nested container, their lines dropped.
    fn inner_blocks(&mut self) -> Vec<Block> {
        self.blocks(false)
            .0
            .into_iter()
            .map(|block| block.value)
            .collect()
    }

    fn block(&mut self, tag: Tag<'e>, range: &Range<usize>) -> Option<Block> {
        match tag {
            Tag::Paragraph => {
                let inline = self.inline_until_end();
                self.paragraph(&inline)
            }
            Tag::Heading { level, id, .. } => {
                let inline = self.inline_until_end();
                let spans = self.spans(&inline);
                let id = id.map(|id| ascii_slug(&id)).filter(|id| !id.is_empty());
                (!spans.is_empty()).then_some(Block::Heading {
                    level: heading_level(level),
                    spans,
                    id,
                })
            }
            Tag::BlockQuote(kind) => {
                self.enter(range)?;
                let blocks = self.inner_blocks();
                self.depth -= 1;
                Some(match kind {
                    None => Block::Quote { blocks },
                    Some(kind) => Block::Callout {
                        kind: callout_kind(kind).to_string(),
                        blocks,
                    },
                })
            }
            Tag::CodeBlock(kind) => {
                let text = self.text_until_end();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                Some(Block::Code {
                    lang,
                    text: text.strip_suffix('\n').unwrap_or(&text).to_string(),
                })
            }
            Tag::List(start) => {
                self.enter(range)?;
                let list = self.list(start);
                self.depth -= 1;
                Some(list)
            }
            Tag::Table(alignments) => Some(self.table(&alignments)),
            Tag::FootnoteDefinition(name) => {
                self.enter(range)?;
                let line = self.context.line(range);
                let blocks = self.inner_blocks();
                self.depth -= 1;
                self.note_bodies
                    .entry(name.to_string())
                    .or_insert((line, blocks));
                None
            }
            Tag::DefinitionList => {
                self.enter(range)?;
                let list = self.definitions();
                self.depth -= 1;
                Some(list)
            }
            // Metadata blocks are not enabled, so the parser never starts them; skip
            // the container should one appear.
            _ => {
                self.skip_container();
                None
            }
        }
    }

    /// The footnotes, numbered by first reference; definitions never referenced
    /// follow, numbered on, so no text is lost.
    fn notes_block(&mut self) -> Option<Located<Block>> {
        let bodies = std::mem::take(&mut self.note_bodies);
        let line = bodies.values().map(|(line, _)| *line).min()?;
        let mut numbered: Vec<(u32, Vec<Block>)> = Vec::new();
        let mut unreferenced = Vec::new();
        for (name, (_, blocks)) in bodies {
            match self.notes.get(&name) {
                Some(number) => numbered.push((*number, blocks)),
                None => unreferenced.push(blocks),
            }
        }
        numbered.sort_by_key(|(number, _)| *number);
        let next = numbered.last().map_or(1, |(number, _)| number + 1);
        numbered.extend((next..).zip(unreferenced));
        let notes = numbered
            .into_iter()
            .map(|(number, blocks)| Note { number, blocks })
            .collect();
        Some(Located {
            value: Block::Notes { notes },
            line,
        })
    }

    fn definitions(&mut self) -> Block {
        let mut terms: Vec<Definition> = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::DefinitionListTitle) => {
                    let inline = self.inline_until_end();
                    let term = self.spans(&inline);
                    terms.push(Definition {
                        term,
                        details: Vec::new(),
                    });
                }
                Event::Start(Tag::DefinitionListDefinition) => {
                    let details = self.inner_blocks();
                    match terms.last_mut() {
                        Some(last) => last.details.push(details),
                        None => terms.push(Definition {
                            term: Vec::new(),
                            details: vec![details],
                        }),
                    }
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        Block::Definitions { terms }
    }

    /// Opens a list or quote starting at `range`. Beyond [`MAX_NESTING`] it reports
    /// an error (once), skips the container's events without recursing, so that no
    /// depth of input can overflow the stack, and gives `None`.
    fn enter(&mut self, range: &Range<usize>) -> Option<()> {
        if self.depth < MAX_NESTING {
            self.depth += 1;
            return Some(());
        }
        if !self.too_deep {
            self.too_deep = true;
            let line = self.context.line(range);
            self.context
                .diagnostics
                .error(
                    &self.context.file.path,
                    Some(line),
                    format!(
                        "lists and quotes nested more than {MAX_NESTING} deep (level {} starts here); the reader shows at most {MAX_NESTING} levels",
                        MAX_NESTING + 1
                    ),
                )
                .hint(format!(
                    "flatten the structure to {MAX_NESTING} levels or fewer: move the inner items up a level or write them as paragraphs"
                ));
        }
        self.skip_container();
        None
    }

    /// Consumes events up to the end tag of the container just started.
    fn skip_container(&mut self) {
        let mut open = 0usize;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => open += 1,
                Event::End(_) if open == 0 => break,
                Event::End(_) => open -= 1,
                _ => {}
            }
        }
    }

    /// A paragraph, or an image block when the paragraph holds one image alone.
    fn paragraph(&mut self, inline: &[Item<'e>]) -> Option<Block> {
        if let Some(image) = self.lone_image(inline) {
            return image;
        }
        let spans = self.spans(inline);
        if let [only] = spans.as_slice() {
            if let (Some(math), true) = (&only.math, lone_display_math(inline)) {
                return Some(Block::Math {
                    tex: only.text.clone(),
                    math: math.clone(),
                });
            }
        }
        (!spans.is_empty()).then(|| Block::Paragraph {
            sentences: split_sentences(spans),
            // Filled in for Chinese by the glossary step, once the language is known.
            words: Vec::new(),
        })
    }

    /// `Some(block)` when `inline` is exactly one image (blank text around it aside);
    /// the inner `None` means the image was reported and dropped.
    fn lone_image(&mut self, inline: &[Item<'e>]) -> Option<Option<Block>> {
        let blank = |event: &Event<'_>| match event {
            Event::Text(text) => text.trim().is_empty(),
            Event::SoftBreak | Event::HardBreak => true,
            _ => false,
        };
        let meaningful: Vec<&Item<'e>> = inline.iter().filter(|(event, _)| !blank(event)).collect();
        let (
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
            range,
        ) = meaningful.first()?
        else {
            return None;
        };
        let inner = &meaningful[1..];
        let closes_last = matches!(inner.last(), Some((Event::End(TagEnd::Image), _)));
        let nested = inner[..inner.len().saturating_sub(1)]
            .iter()
            .any(|(event, _)| matches!(event, Event::End(TagEnd::Image)));
        if !closes_last || nested {
            return None;
        }
        let alt: String = inline
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        let line = self.context.line(range);
        let path = self.context.file.path.clone();
        let src = self
            .context
            .media
            .resolve(dest_url, &path, line, self.context.diagnostics);
        Some(match src {
            Some(src) => Some(Block::Image {
                src,
                alt: alt.trim().to_string(),
                title: title.to_string(),
            }),
            // A missing or refused image reads as its alt text, so nothing is lost.
            None => (!alt.trim().is_empty()).then(|| Block::Paragraph {
                sentences: split_sentences(vec![duet_core::Span::plain(alt.trim())]),
                words: Vec::new(),
            }),
        })
    }

    /// Inline events up to the end tag of the current block.
    fn inline_until_end(&mut self) -> Vec<Item<'e>> {
        let mut inline = Vec::new();
        let mut depth = 0usize;
        for (event, range) in self.events.by_ref() {
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            inline.push((event, range));
        }
        inline
    }

    /// Raw text up to the end tag of a code or HTML block.
    fn text_until_end(&mut self) -> String {
        let mut text = String::new();
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Text(part) | Event::Html(part) => text.push_str(&part),
                Event::End(_) => break,
                _ => {}
            }
        }
        text
    }

    fn list(&mut self, start: Option<u64>) -> Block {
        let mut items = Vec::new();
        let mut checked = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::Item) => {
                    self.task = None;
                    items.push(self.inner_blocks());
                    checked.push(self.task.take());
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        if checked.iter().all(Option::is_none) {
            checked.clear();
        }
        Block::List {
            ordered: start.is_some(),
            start,
            items,
            checked,
        }
    }

    fn table(&mut self, alignments: &[Alignment]) -> Block {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableHead) => head = self.cells(),
                Event::Start(Tag::TableRow) => rows.push(self.cells()),
                Event::End(_) => break,
                _ => {}
            }
        }
        let align = alignments
            .iter()
            .map(|alignment| match alignment {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        Block::Table { align, head, rows }
    }

    fn cells(&mut self) -> Vec<Vec<duet_core::Span>> {
        let mut cells = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => {
                    let inline = self.inline_until_end();
                    cells.push(self.spans(&inline));
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }
}

/// Whether `inline` is one `$$…$$` formula, blank text around it aside.
fn lone_display_math(inline: &[Item<'_>]) -> bool {
    let mut formulas = 0;
    for (event, _) in inline {
        match event {
            Event::DisplayMath(_) => formulas += 1,
            Event::Text(text) if text.trim().is_empty() => {}
            Event::SoftBreak | Event::HardBreak => {}
            _ => return false,
        }
    }
    formulas == 1
}

/// The offset of the `<details` that `html` opens and does not close, if any.
fn unclosed_details(html: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let mut open: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("details") {
        let position = at + found;
        at = position + "details".len();
        if lower[..position].ends_with("</") {
            open.pop();
        } else if lower[..position].ends_with('<') {
            open.push(position - 1);
        }
    }
    open.first().copied()
}

fn find_ignore_case(html: &str, needle: &str) -> Option<usize> {
    html.to_ascii_lowercase().find(needle)
}

fn callout_kind(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "markdown_extensions_tests.rs"]
mod extensions_tests;
