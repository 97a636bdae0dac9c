//! Inline text: spans with marks and links, rendered as text nodes only.

use duet_core::Span;
use leptos::prelude::*;

use crate::components::math::math_view;
use crate::components::notes_links::note_ref_view;

/// Renders a run of spans.
pub fn spans_view(spans: &[Span]) -> impl IntoView {
    spans.iter().map(span_view).collect_view()
}

/// Renders one span, wrapping its text in an element per mark. The text is always a
/// text node, so markup in content shows as characters and never runs.
pub fn span_view(span: &Span) -> AnyView {
    marked(span, span.text.clone().into_any())
}

/// `inner` (the span's text, or pieces of it) wrapped in the span's marks and link.
/// A formula or a footnote reference is drawn whole from the span itself.
pub fn marked(span: &Span, inner: AnyView) -> AnyView {
    if let Some(number) = span.note {
        return note_ref_view(number);
    }
    let mut view = match &span.math {
        Some(nodes) => math_view(&span.text, nodes, false),
        None => inner,
    };
    if span.code {
        view = view! { <code>{view}</code> }.into_any();
    }
    if span.em {
        view = view! { <em>{view}</em> }.into_any();
    }
    if span.strong {
        view = view! { <strong>{view}</strong> }.into_any();
    }
    if span.strike {
        view = view! { <s>{view}</s> }.into_any();
    }
    if span.kbd {
        view = view! { <kbd>{view}</kbd> }.into_any();
    }
    if span.sup {
        view = view! { <sup>{view}</sup> }.into_any();
    }
    if span.sub {
        view = view! { <sub>{view}</sub> }.into_any();
    }
    if span.mark {
        view = view! { <mark>{view}</mark> }.into_any();
    }
    if span.small {
        view = view! { <small>{view}</small> }.into_any();
    }
    if let Some(title) = &span.abbr {
        view = view! { <abbr title=title.clone()>{view}</abbr> }.into_any();
    }
    if let Some(href) = span
        .href
        .as_deref()
        .filter(|href| duet_core::links::is_safe_href(href))
    {
        view = link_view(href, view);
    }
    if span.br {
        view = view! { {view} <br/> }.into_any();
    }
    view
}

/// A content link. Links to other sites open in a new tab without an opener.
fn link_view(href: &str, inner: AnyView) -> AnyView {
    if duet_core::links::is_external(href) {
        view! {
            <a href=href.to_string() class="external" target="_blank" rel="noopener noreferrer external">
                {inner}
            </a>
        }
        .into_any()
    } else {
        view! { <a href=href.to_string()>{inner}</a> }.into_any()
    }
}
