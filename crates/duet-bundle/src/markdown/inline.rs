//! Inline Markdown flattened into [`Span`]s: marks as flags, links filtered, footnote
//! references numbered, formulas converted, soft breaks turned into a space except
//! between two Chinese characters. A run with inline HTML is re-assembled into one
//! HTML fragment and mapped by `html.rs`, so `<kbd>` … `</kbd>` around Markdown text
//! keeps its meaning.

use std::collections::BTreeMap;
use std::ops::Range;

use duet_core::Span;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use crate::html::{count_event_attributes, fragment_root, math_span, parse, Dropped, Mapper};
use crate::links::safe_href;
use crate::markdown::Context;
use crate::script::is_cjk;

/// Stand-in for a soft line break until both neighbours are known: U+FDD0, a
/// Unicode noncharacter, which the standard sets aside for a program's internal
/// use. A private-use character (U+E000, as before) is real text to some authors
/// and vanished; one in the source is replaced before parsing (`markdown.rs`).
pub const SOFT_BREAK: char = '\u{FDD0}';

/// What inline mapping needs besides the events: footnote numbers by name, and
/// where dropped HTML is counted.
pub struct InlineState<'s> {
    pub notes: &'s BTreeMap<String, u32>,
    pub dropped: &'s mut Dropped,
}

/// Marks open at the current point of the inline stream.
#[derive(Default)]
struct Marks {
    strong: u32,
    em: u32,
    strike: u32,
    links: Vec<Option<String>>,
}

impl Marks {
    fn span(&self, text: &str) -> Span {
        Span {
            text: text.to_string(),
            strong: self.strong > 0,
            em: self.em > 0,
            strike: self.strike > 0,
            href: self.links.last().cloned().flatten(),
            ..Span::default()
        }
    }
}

/// Flattens the inline events of one paragraph, heading or table cell.
pub fn flatten(
    events: &[(Event<'_>, Range<usize>)],
    context: &mut Context<'_>,
    state: &mut InlineState<'_>,
) -> Vec<Span> {
    let has_html = events.iter().any(|(event, _)| match event {
        Event::InlineHtml(html) | Event::Html(html) => !is_line_break_tag(html),
        _ => false,
    });
    if has_html {
        return through_html(events, context, state);
    }
    let mut marks = Marks::default();
    let mut spans: Vec<Span> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Text(text) => spans.push(marks.span(text)),
            Event::Code(text) => {
                spans.push(Span {
                    code: true,
                    ..marks.span(text)
                });
            }
            Event::InlineMath(text) => spans.push(math_span(text, false, &marks.span(""))),
            Event::DisplayMath(text) => spans.push(math_span(text, true, &marks.span(""))),
            Event::SoftBreak => spans.push(marks.span(&SOFT_BREAK.to_string())),
            Event::HardBreak => set_break(&mut spans),
            // Only line breaks reach here: other HTML takes `through_html`.
            Event::Html(_) | Event::InlineHtml(_) => set_break(&mut spans),
            Event::FootnoteReference(name) => match state.notes.get(name.as_ref()) {
                Some(number) => spans.push(Span {
                    text: number.to_string(),
                    note: Some(*number),
                    ..Span::default()
                }),
                None => spans.push(marks.span(&format!("[^{name}]"))),
            },
            // Task list boxes are read by the list itself.
            Event::TaskListMarker(_) => {}
            Event::Start(Tag::Strong) => marks.strong += 1,
            Event::End(TagEnd::Strong) => marks.strong = marks.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => marks.em += 1,
            Event::End(TagEnd::Emphasis) => marks.em = marks.em.saturating_sub(1),
            Event::Start(Tag::Strikethrough) => marks.strike += 1,
            Event::End(TagEnd::Strikethrough) => marks.strike = marks.strike.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                // `<ada@example.org>` arrives as a bare address, which a browser would
                // read as a relative path.
                let href = match link_type {
                    LinkType::Email => safe_href(&format!("mailto:{dest_url}")),
                    _ => safe_href(dest_url),
                };
                if href.is_none() {
                    context.unsafe_link(range, dest_url);
                }
                marks.links.push(href);
            }
            Event::End(TagEnd::Link) => {
                marks.links.pop();
            }
            // An image inside text reads as its alt text, which arrives as Text events.
            _ => {}
        }
    }
    tidy(resolve_soft_breaks(spans))
}

/// A run with inline HTML: the Markdown marks written back as HTML around escaped
/// text, the HTML kept as written, the whole parsed as one fragment and mapped.
fn through_html(
    events: &[(Event<'_>, Range<usize>)],
    context: &mut Context<'_>,
    state: &mut InlineState<'_>,
) -> Vec<Span> {
    let mut html = String::new();
    for (event, _) in events {
        match event {
            Event::Text(text) => html.push_str(&escape(text)),
            Event::Code(text) => html.push_str(&format!("<code>{}</code>", escape(text))),
            Event::InlineMath(text) => {
                html.push_str(&format!("<duet-math>{}</duet-math>", escape(text)))
            }
            Event::DisplayMath(text) => html.push_str(&format!(
                "<duet-math class=\"display\">{}</duet-math>",
                escape(text)
            )),
            Event::SoftBreak => html.push(SOFT_BREAK),
            Event::HardBreak => html.push_str("<br>"),
            Event::Html(raw) | Event::InlineHtml(raw) => html.push_str(raw),
            Event::FootnoteReference(name) => {
                html.push_str(&format!("<duet-note>{}</duet-note>", escape(name)))
            }
            Event::Start(Tag::Strong) => html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => html.push_str("</strong>"),
            Event::Start(Tag::Emphasis) => html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => html.push_str("</em>"),
            Event::Start(Tag::Strikethrough) => html.push_str("<s>"),
            Event::End(TagEnd::Strikethrough) => html.push_str("</s>"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                html.push_str(&format!("<a href=\"{}\">", escape(dest_url)))
            }
            Event::End(TagEnd::Link) => html.push_str("</a>"),
            _ => {}
        }
    }
    let line = events.first().map_or(1, |(_, range)| context.line(range));
    let document = parse(&html);
    count_event_attributes(&document, state.dropped, line);
    let mut mapper = Mapper {
        context,
        line,
        notes: state.notes,
        dropped: state.dropped,
    };
    mapper.spans(&[fragment_root(&document)])
}

/// Text escaped for the HTML fragment it is put back into.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `<br>`, `<br/>` and `<br />` mean a hard break; honouring them lets no HTML through.
fn is_line_break_tag(html: &str) -> bool {
    let tag: String = html
        .chars()
        .filter(|character| !character.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(tag.as_str(), "<br>" | "<br/>")
}

fn set_break(spans: &mut [Span]) {
    if let Some(last) = spans.last_mut() {
        last.br = true;
    }
}

/// Replaces each soft break with a space, or with nothing between two CJK
/// characters (a line wrapped inside a Chinese sentence is not a word gap).
pub fn resolve_soft_breaks(mut spans: Vec<Span>) -> Vec<Span> {
    let characters: Vec<char> = spans.iter().flat_map(|span| span.text.chars()).collect();
    if !characters.contains(&SOFT_BREAK) {
        return spans;
    }
    // The nearest character after each position that is not a soft break, found in
    // one backward pass so that a run of breaks costs linear time, not quadratic.
    let mut next_text: Vec<Option<char>> = vec![None; characters.len()];
    let mut following = None;
    for (index, character) in characters.iter().enumerate().rev() {
        next_text[index] = following;
        if *character != SOFT_BREAK {
            following = Some(*character);
        }
    }
    let mut previous_text: Option<char> = None;
    let mut index = 0;
    for span in &mut spans {
        let mut text = String::with_capacity(span.text.len());
        for character in span.text.chars() {
            if character == SOFT_BREAK {
                let joined = matches!((previous_text, next_text[index]), (Some(before), Some(after)) if is_cjk(before) && is_cjk(after));
                if !joined {
                    text.push(' ');
                }
            } else {
                text.push(character);
                previous_text = Some(character);
            }
            index += 1;
        }
        span.text = text;
    }
    spans
}

/// Whether two spans carry the same marks. Compared field by field: copying a span
/// to compare it would copy its text, quadratic over a long paragraph.
fn same_marks(left: &Span, right: &Span) -> bool {
    left.strong == right.strong
        && left.em == right.em
        && left.strike == right.strike
        && left.code == right.code
        && left.href == right.href
        && left.kbd == right.kbd
        && left.sup == right.sup
        && left.sub == right.sub
        && left.mark == right.mark
        && left.small == right.small
        && left.abbr == right.abbr
        // Two formulas or two note references side by side stay two.
        && left.math.is_none()
        && right.math.is_none()
        && left.note.is_none()
        && right.note.is_none()
}

/// Merges neighbours with equal marks, trims the ends and drops empty spans.
pub fn tidy(spans: Vec<Span>) -> Vec<Span> {
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if !last.br && same_marks(last, &span) => {
                last.text.push_str(&span.text);
                last.br = span.br;
            }
            _ => merged.push(span),
        }
    }
    if let Some(first) = merged
        .first_mut()
        .filter(|span| !span.code && span.math.is_none())
    {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = merged
        .last_mut()
        .filter(|span| !span.code && span.math.is_none())
    {
        last.text = last.text.trim_end().to_string();
        // A break at the very end of a block shows nothing.
        last.br = false;
    }
    let mut kept: Vec<Span> = Vec::with_capacity(merged.len());
    for span in merged {
        if span.text.is_empty() {
            if let Some(previous) = kept.last_mut() {
                previous.br |= span.br;
            }
        } else {
            kept.push(span);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_breaks_join_chinese_and_space_english() {
        let spans = vec![Span::plain(format!(
            "第一行{SOFT_BREAK}第二行 one{SOFT_BREAK}two"
        ))];
        assert_eq!(resolve_soft_breaks(spans)[0].text, "第一行第二行 one two");
        let spans = vec![Span::plain(format!("模型{SOFT_BREAK}")), Span::plain("GPT")];
        assert_eq!(resolve_soft_breaks(spans)[0].text, "模型 ");
    }

    #[test]
    fn tidy_merges_equal_marks_and_trims() {
        let bold = Span {
            strong: true,
            ..Span::plain("b")
        };
        let spans = tidy(vec![
            Span::plain("  a"),
            Span::plain("a "),
            bold.clone(),
            Span::plain(" "),
        ]);
        assert_eq!(spans, vec![Span::plain("aa "), bold]);
    }

    #[test]
    fn br_tags_are_breaks() {
        assert!(is_line_break_tag("<br>"));
        assert!(is_line_break_tag("<BR />"));
        assert!(!is_line_break_tag("<b>"));
    }
}
