//! Formulas drawn from the bundle's MathML tree: each node becomes an element in the
//! MathML namespace through the DOM, never through markup, and only the elements and
//! attributes duet-core allows are built. The TeX source stays as the `alttext`.

use duet_core::MathNode;
use leptos::prelude::*;

const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

/// A formula: inline in a `<span class="math">`, displayed in a `<div class="math-block">`.
pub fn math_view(tex: &str, nodes: &[MathNode], display: bool) -> AnyView {
    let tex = tex.to_string();
    let nodes = nodes.to_vec();
    if display {
        let holder = NodeRef::<leptos::html::Div>::new();
        holder.on_load(move |div| append_math(&div, &tex, &nodes, true));
        view! { <div class="math-block" tabindex="0" node_ref=holder></div> }.into_any()
    } else {
        let holder = NodeRef::<leptos::html::Span>::new();
        holder.on_load(move |span| append_math(&span, &tex, &nodes, false));
        view! { <span class="math" node_ref=holder></span> }.into_any()
    }
}

fn append_math(holder: &web_sys::Element, tex: &str, nodes: &[MathNode], display: bool) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Ok(math) = document.create_element_ns(Some(MATHML), "math") else {
        return;
    };
    let _ = math.set_attribute("alttext", tex);
    if display {
        let _ = math.set_attribute("display", "block");
    }
    append_children(&document, &math, nodes);
    let _ = holder.append_child(&math);
}

/// Builds `nodes` under `parent`. A node that is not allowed gives way to its text
/// and children, as the bundler and the pre-renderer treat it.
fn append_children(document: &web_sys::Document, parent: &web_sys::Element, nodes: &[MathNode]) {
    for node in nodes {
        if node.name.is_empty() {
            let _ = parent.append_with_str_1(&node.text);
            continue;
        }
        if !node.is_allowed() {
            // Its text stays; only the element goes.
            if !node.text.is_empty() {
                let _ = parent.append_with_str_1(&node.text);
            }
            append_children(document, parent, &node.children);
            continue;
        }
        let Ok(element) = document.create_element_ns(Some(MATHML), &node.name) else {
            continue;
        };
        for (name, value) in &node.attrs {
            let _ = element.set_attribute(name, value);
        }
        if !node.text.is_empty() {
            let _ = element.append_with_str_1(&node.text);
        }
        append_children(document, &element, &node.children);
        let _ = parent.append_child(&element);
    }
}
