//! TeX formulas (`$…$`, `$$…$$`) turned into MathML at build time, as a tree of
//! allowed elements and attributes ([`MathNode`]), so the app adds no script and
//! never receives markup.

use duet_core::{MathNode, MATH_ATTRIBUTES, MATH_ELEMENTS};
use ego_tree::NodeRef;
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use scraper::{Html, Node};

/// How deep braces, groups and `\left` pairs may nest in a formula. Real formulas
/// nest a handful of levels; the converter and the app recurse per level, so a
/// deeper one is shown as its source instead.
const MAX_TEX_DEPTH: usize = 40;

/// How deep the MathML tree may go (a TeX level can cost a few MathML levels).
const MAX_TREE_DEPTH: usize = 120;

/// The MathML of `tex` (the children of its `<math>`), or the reason it cannot be
/// built; the caller then shows the source as code, losing nothing.
pub fn to_mathml(tex: &str, display: bool) -> Result<Vec<MathNode>, String> {
    if tex_depth(tex) > MAX_TEX_DEPTH {
        return Err(format!("nested more than {MAX_TEX_DEPTH} levels deep"));
    }
    let converter =
        LatexToMathML::new(MathCoreConfig::default()).map_err(|error| format!("{error:?}"))?;
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    // The bundler never panics on content: should the converter ever do so on some
    // input, the formula falls back to its source like any other failure.
    let converted = std::panic::catch_unwind(|| converter.convert_with_local_state(tex, mode))
        .map_err(|_| "the converter failed on this formula".to_string())?
        .map_err(|error| error.to_string())?;
    let fragment = Html::parse_fragment(&converted.mathml);
    let math = fragment
        .tree
        .root()
        .descendants()
        .find(|node| matches!(node.value(), Node::Element(element) if element.name() == "math"))
        .ok_or_else(|| "the converter gave no <math> element".to_string())?;
    Ok(children(math, 0))
}

/// The deepest nesting of `{`, `\left` and `\begin` in `tex`.
fn tex_depth(tex: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut rest = tex;
    while let Some(character) = rest.chars().next() {
        let opens = character == '{' || rest.starts_with("\\left") || rest.starts_with("\\begin");
        let closes = character == '}' || rest.starts_with("\\right") || rest.starts_with("\\end");
        if opens {
            depth += 1;
            deepest = deepest.max(depth);
        } else if closes {
            depth = depth.saturating_sub(1);
        }
        rest = &rest[character.len_utf8()..];
    }
    deepest
}

/// The allowed children of `node`: unknown elements give way to their children,
/// unknown attributes are dropped.
fn children(node: NodeRef<'_, Node>, depth: usize) -> Vec<MathNode> {
    let mut out = Vec::new();
    for child in node.children() {
        match child.value() {
            Node::Text(text) if !text.trim().is_empty() => {
                out.push(MathNode {
                    text: text.to_string(),
                    ..MathNode::default()
                });
            }
            Node::Element(element) if depth < MAX_TREE_DEPTH => {
                let inner = children(child, depth + 1);
                let name = element.name();
                if MATH_ELEMENTS.contains(&name) {
                    let attrs = element
                        .attrs()
                        .filter(|(attr, _)| MATH_ATTRIBUTES.contains(attr))
                        .map(|(attr, value)| (attr.to_string(), value.to_string()))
                        .collect();
                    out.push(MathNode {
                        name: name.to_string(),
                        attrs,
                        children: inner,
                        ..MathNode::default()
                    });
                } else {
                    out.extend(inner);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(nodes: &[MathNode], out: &mut Vec<String>) {
        for node in nodes {
            out.push(if node.name.is_empty() {
                format!("'{}'", node.text)
            } else {
                node.name.clone()
            });
            names(&node.children, out);
        }
    }

    #[test]
    fn a_fraction_becomes_allowed_mathml_elements() {
        let nodes = to_mathml(r"\frac{a}{b}", false).unwrap();
        let mut seen = Vec::new();
        names(&nodes, &mut seen);
        assert_eq!(seen, ["mfrac", "mi", "'a'", "mi", "'b'"]);
        assert!(nodes.iter().all(MathNode::is_allowed));
    }

    #[test]
    fn display_formulas_convert_too() {
        let nodes = to_mathml(r"E = mc^2", true).unwrap();
        let mut seen = Vec::new();
        names(&nodes, &mut seen);
        assert!(seen.contains(&"msup".to_string()), "{seen:?}");
    }

    #[test]
    fn bad_tex_is_an_error_not_a_panic() {
        assert!(to_mathml(r"\frac{a}{", false).is_err());
        assert!(to_mathml(r"\undefinedcommand", false).is_err());
    }

    /// Guards against a stack overflow: a formula nested thousands of braces deep
    /// must be refused before the converter recurses through it.
    #[test]
    fn deeply_nested_tex_is_refused() {
        let tex = format!("{}x{}", "{".repeat(5_000), "}".repeat(5_000));
        assert!(to_mathml(&tex, false).unwrap_err().contains("nested"));
    }

    /// Hostile input: a `\href` must not give the app a link inside a formula.
    #[test]
    fn links_inside_formulas_are_dropped() {
        if let Ok(nodes) = to_mathml(r"\href{javascript:alert(1)}{x}", false) {
            let mut all = nodes.clone();
            while let Some(node) = all.pop() {
                assert!(node.is_allowed(), "{node:?}");
                assert!(!node.attrs.iter().any(|(name, _)| name == "href"));
                all.extend(node.children);
            }
        }
    }
}
