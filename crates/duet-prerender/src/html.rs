//! Writing HTML text safely: every piece of article content goes through
//! [`escape`], so nothing from Markdown is ever markup.

use duet_core::ui_text::{ui_text, UiText};
use duet_core::Lang;

/// `text` with the five characters that matter in HTML text and attribute values
/// replaced by entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Both interface languages' versions of some markup, each in its own wrapper; the
/// stylesheet shows the one that `<html data-ui>` names (see `boot.js`). `markup`
/// writes what goes inside for a language, escaped already.
pub fn ui_markup(out: &mut String, markup: impl Fn(Lang) -> String) {
    for ui in [Lang::Zh, Lang::En] {
        out.push_str(&format!(
            "<span data-ui=\"{}\" lang=\"{}\">{}</span>",
            ui.code(),
            ui.bcp47(),
            markup(ui)
        ));
    }
}

/// Both interface languages' versions of a label (see [`ui_markup`]).
pub fn ui_label(out: &mut String, zh: &str, en: &str) {
    ui_markup(out, |ui| {
        escape(match ui {
            Lang::Zh => zh,
            Lang::En => en,
        })
    });
}

/// An interface string in both languages, as `pick` takes it from the tables.
pub fn ui_string(out: &mut String, pick: fn(&UiText) -> &'static str) {
    ui_label(out, pick(ui_text(Lang::Zh)), pick(ui_text(Lang::En)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_content_stays_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
