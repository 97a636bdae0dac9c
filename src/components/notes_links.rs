//! Footnote references and back links. Both languages' notes can be on the page at
//! once (side by side, interleaved), so the links carry no ids: a click finds the
//! note, or the first reference to it, inside the same language's blocks.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A reference to note `number`, as a superscript link.
pub fn note_ref_view(number: u32) -> AnyView {
    view! {
        <sup class="fnref">
            <a href=format!("#fn-{number}") data-note=number on:click=move |event| jump(event, number, ".notes li")>
                {number.to_string()}
            </a>
        </sup>
    }
    .into_any()
}

/// The link from note `number` back to its first reference.
pub fn note_back_view(number: u32) -> AnyView {
    view! {
        <a class="fnback" href=format!("#fnref-{number}") data-note=number on:click=move |event| jump(event, number, ".fnref a")>
            "↩"
        </a>
    }
    .into_any()
}

/// Scrolls to the first `selector` element with `data-note="number"` in the same
/// language as the clicked link, and focuses it for keyboard readers.
fn jump(event: web_sys::MouseEvent, number: u32, selector: &str) {
    let Some(link) = event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let lang = link
        .closest("[data-lang]")
        .ok()
        .flatten()
        .and_then(|side| side.get_attribute("data-lang"));
    let scope = match lang {
        Some(lang) => format!(".blk[data-lang=\"{lang}\"] "),
        None => String::new(),
    };
    let query = format!("{scope}{selector}[data-note=\"{number}\"]");
    let Some(found) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(&query).ok().flatten())
    else {
        return;
    };
    event.prevent_default();
    found.scroll_into_view();
    if let Ok(found) = found.dyn_into::<web_sys::HtmlElement>() {
        let _ = found.focus();
    }
}
