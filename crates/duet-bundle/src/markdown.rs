//! A Markdown body turned into `duet_core` blocks (pulldown-cmark with tables and
//! strikethrough), each top-level block with its source line.

use std::collections::BTreeSet;
use std::ops::Range;

use duet_core::{Align, Block};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{visible, Diagnostics};
use crate::inline::flatten;
use crate::media::Media;
use crate::sentences::split_sentences;
use crate::source::{Located, SourceFile};

/// What converting one body needs besides the text.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    /// Byte offset of the body inside the file.
    pub offset: usize,
    pub media: &'a mut Media,
    pub diagnostics: &'a mut Diagnostics,
    /// Lines already warned about raw HTML, so a `<sup>…</sup>` pair warns once.
    pub html_lines: BTreeSet<usize>,
}

impl Context<'_> {
    /// The file line of a body byte range.
    pub fn line(&self, range: &Range<usize>) -> usize {
        self.file.line_of(self.offset + range.start)
    }

    /// Reports raw HTML that was dropped. Comments are authors' notes: dropped silently.
    pub fn raw_html(&mut self, range: &Range<usize>, html: &str) {
        let line = self.line(range);
        if html.trim_start().starts_with("<!--") || !self.html_lines.insert(line) {
            return;
        }
        let shown = excerpt(html);
        self.diagnostics
            .warning(
                &self.file.path,
                Some(line),
                format!("raw HTML dropped: `{shown}`"),
            )
            .hint("the reader shows text only; rewrite it in Markdown or delete it");
    }

    /// Reports a link whose target was removed.
    pub fn unsafe_link(&mut self, range: &Range<usize>, url: &str) {
        let line = self.line(range);
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
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(body, options).into_offset_iter();
    let mut reader = Reader {
        events: events.collect::<Vec<_>>().into_iter(),
        context,
        depth: 0,
        too_deep: false,
    };
    let blocks = reader.blocks();
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

struct Reader<'e, 'c, 'f> {
    events: std::vec::IntoIter<Item<'e>>,
    context: &'c mut Context<'f>,
    /// Lists and quotes open around the current point.
    depth: usize,
    /// Whether nesting beyond the limit was reported (once per file is enough).
    too_deep: bool,
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
    /// text of a tight list item) becomes a paragraph.
    fn blocks(&mut self) -> Vec<Located<Block>> {
        let mut blocks = Vec::new();
        let mut pending: Vec<Item<'e>> = Vec::new();
        while let Some((event, range)) = self.events.next() {
            match event {
                Event::Start(tag) if is_inline_start(&tag) => {
                    pending.push((Event::Start(tag), range))
                }
                Event::End(tag) if is_inline_end(&tag) => pending.push((Event::End(tag), range)),
                Event::End(_) => break,
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
        blocks
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

    fn block(&mut self, tag: Tag<'e>, range: &Range<usize>) -> Option<Block> {
        match tag {
            Tag::Paragraph => {
                let inline = self.inline_until_end();
                self.paragraph(&inline)
            }
            Tag::Heading { level, .. } => {
                let inline = self.inline_until_end();
                let spans = flatten(&inline, self.context);
                (!spans.is_empty()).then_some(Block::Heading {
                    level: heading_level(level),
                    spans,
                })
            }
            Tag::BlockQuote(_) => {
                self.enter(range)?;
                let blocks = self.blocks().into_iter().map(|block| block.value).collect();
                self.depth -= 1;
                Some(Block::Quote { blocks })
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
            Tag::HtmlBlock => {
                let html = self.text_until_end();
                self.context.raw_html(range, &html);
                None
            }
            Tag::List(start) => {
                self.enter(range)?;
                let list = self.list(start);
                self.depth -= 1;
                Some(list)
            }
            Tag::Table(alignments) => Some(self.table(&alignments)),
            // Footnotes, definition lists and metadata blocks are not enabled, so
            // the parser never starts them; skip the container should one appear.
            _ => {
                self.blocks();
                None
            }
        }
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
        let spans = flatten(inline, self.context);
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
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::Item) => {
                    items.push(self.blocks().into_iter().map(|block| block.value).collect());
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        Block::List {
            ordered: start.is_some(),
            start,
            items,
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
                    cells.push(flatten(&inline, self.context));
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
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
