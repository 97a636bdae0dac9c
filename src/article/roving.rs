//! One Tab stop for the article's text ("roving" focus): of all the sentences a
//! reader can focus (to light up a translation, define a word, peek), only the
//! current one is in the Tab order, and the arrow keys move between them. The
//! current paragraph's own actions (its ¶ link and ✎ button) are in the Tab order
//! next to it; other paragraphs' are reached by moving to them first.
//!
//! Sentences are drawn with `tabindex="-1"`; the paragraph actions with the default
//! order. [`settle`] puts one sentence (the first, or the one that had focus) in
//! the Tab order after each drawing, and takes the other paragraphs' actions out
//! — only when the text has a focusable sentence, so an article without one keeps
//! every action reachable.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// Sentences a reader can focus.
const SENTENCES: &str = ".sentence[tabindex]";
/// A paragraph's own actions, directly inside its pair.
const ACTIONS: &str = ":scope > .anchor, :scope > .note-button";
/// Every paragraph's actions.
const ALL_ACTIONS: &str = ".pair > .anchor, .pair > .note-button";
/// The actions in the Tab order now.
const CURRENT_ACTIONS: &str =
    ".pair > .anchor[tabindex=\"0\"], .pair > .note-button[tabindex=\"0\"]";

/// Every focusable sentence of `body` in document (reading) order, shown or not.
fn sentences(body: &Element) -> Vec<Element> {
    let Ok(list) = body.query_selector_all(SENTENCES) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

/// Whether `element` is drawn (not in a hidden column or a closed peek).
fn shown(element: &Element) -> bool {
    element.get_client_rects().length() > 0
}

/// Sets the `tabindex` of every element of `root` matching `css`.
fn set_tabindex(root: &Element, css: &str, value: &str) {
    let Ok(list) = root.query_selector_all(css) else {
        return;
    };
    for element in (0..list.length()).filter_map(|index| list.item(index)) {
        if let Ok(element) = element.dyn_into::<Element>() {
            let _ = element.set_attribute("tabindex", value);
        }
    }
}

/// Makes `sentence` the text's one Tab stop, with its paragraph's actions.
fn make_current(body: &Element, sentence: &Element) {
    set_tabindex(body, ".sentence[tabindex=\"0\"]", "-1");
    set_tabindex(body, CURRENT_ACTIONS, "-1");
    let _ = sentence.set_attribute("tabindex", "0");
    if let Some(pair) = sentence.closest(".pair").ok().flatten() {
        set_tabindex(&pair, ACTIONS, "0");
    }
}

/// After the text is drawn (again): one sentence in the Tab order — the current
/// one if it survived the drawing, else the first shown — and the paragraphs'
/// actions out of it but for that sentence's.
pub fn settle(body: &Element) {
    let all = sentences(body);
    let current = all
        .iter()
        .find(|sentence| {
            sentence.get_attribute("tabindex").as_deref() == Some("0") && shown(sentence)
        })
        .or_else(|| all.iter().find(|sentence| shown(sentence)));
    let Some(current) = current else {
        return;
    };
    set_tabindex(body, ALL_ACTIONS, "-1");
    make_current(body, current);
}

/// Focus arrived inside the text: a focused sentence becomes the current one.
pub fn on_focus_in(body: &Element, target: &Element) {
    if target.matches(SENTENCES).unwrap_or(false) {
        make_current(body, target);
    }
}

/// Arrow keys, Home and End on a sentence move to another shown sentence.
pub fn on_key_down(body: &Element, event: &KeyboardEvent) {
    if event.ctrl_key() || event.meta_key() || event.alt_key() || event.shift_key() {
        return;
    }
    let Some(target) = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
    else {
        return;
    };
    if !target.matches(SENTENCES).unwrap_or(false) {
        return;
    }
    let all = sentences(body);
    let Some(at) = all.iter().position(|sentence| sentence == &target) else {
        return;
    };
    // Only the candidates are measured, not every sentence of a long article.
    let next = match event.key().as_str() {
        "ArrowDown" | "ArrowRight" => all[at + 1..].iter().find(|sentence| shown(sentence)),
        "ArrowUp" | "ArrowLeft" => all[..at].iter().rev().find(|sentence| shown(sentence)),
        "Home" => all.iter().find(|sentence| shown(sentence)),
        "End" => all.iter().rev().find(|sentence| shown(sentence)),
        _ => return,
    };
    event.prevent_default();
    if let Some(next) = next.and_then(|next| next.dyn_ref::<HtmlElement>()) {
        let _ = next.focus();
    }
}
