//! The last step of `dist`: makes Trunk's `index.html` work under a strict
//! Content-Security-Policy, and adds that policy.
//!
//! - Trunk starts the app from an inline module script. Inline scripts would need
//!   `'unsafe-inline'` or a hash in the policy; moving the script into its own file
//!   (named by its content, like Trunk's own files) lets `script-src 'self'` cover it.
//! - `base-uri 'none'` forbids `<base href>`, so the base path Trunk wrote there moves
//!   to `<meta name="duet-base">`, which the app and `boot.js` read instead.
//! - Without `<base>`, a relative `href` would resolve against the route being read
//!   (`/a/slug`), so the manifest link (which Trunk leaves alone) gets the base path.

use std::hash::{Hash, Hasher};
use std::path::Path;

use anyhow::{bail, Context, Result};

/// The policy: only the app's own files; WebAssembly may compile; nothing inline,
/// no plugins, no `<base>`, no form posts.
pub const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; \
manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// Rewrites `dist/index.html` in place and writes the start script beside it.
pub fn finish(dist: &Path) -> Result<()> {
    let index = dist.join("index.html");
    let html =
        std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let finished = rewrite(&html)?;
    let script = dist.join(&finished.script_name);
    std::fs::write(&script, &finished.script)
        .with_context(|| format!("writing {}", script.display()))?;
    std::fs::write(&index, &finished.html)
        .with_context(|| format!("writing {}", index.display()))?;
    Ok(())
}

/// What [`rewrite`] produced.
#[derive(Debug)]
pub struct Finished {
    pub html: String,
    /// File name of the start script, relative to `dist/`.
    pub script_name: String,
    pub script: String,
}

/// The hardened page for Trunk's `html`.
pub fn rewrite(html: &str) -> Result<Finished> {
    let base = attribute_of(html, "<base href=\"").context(
        "index.html has no <base href=\"…\">: was it built by Trunk with <base data-trunk-public-url>?",
    )?;
    let base_tag_start = html.find("<base href=\"").unwrap_or_default();
    let base_tag_end = base_tag_start
        + html[base_tag_start..]
            .find('>')
            .context("unclosed <base> tag")?
        + 1;
    let opening = "<script type=\"module\">";
    let Some(script_start) = html.find(opening) else {
        bail!("index.html has no inline module script: did Trunk's loader change?");
    };
    let body_start = script_start + opening.len();
    let body_end = body_start
        + html[body_start..]
            .find("</script>")
            .context("unclosed inline module script")?;
    let script = html[body_start..body_end].trim().to_string() + "\n";
    let script_name = format!("start-{:016x}.js", content_hash(&script));

    let mut out = String::with_capacity(html.len() + POLICY.len() + 100);
    out.push_str(&html[..base_tag_start]);
    out.push_str(&format!("<meta name=\"duet-base\" content=\"{base}\" />"));
    out.push_str(&html[base_tag_end..script_start]);
    out.push_str(&format!(
        "<script type=\"module\" src=\"{base}{script_name}\"></script>"
    ));
    out.push_str(&html[body_end + "</script>".len()..]);
    let manifest = "<link rel=\"manifest\" href=\"";
    if let Some(at) = out.find(manifest) {
        let href = at + manifest.len();
        let value = out[href..].split('"').next().unwrap_or_default();
        if !value.starts_with('/') && !value.contains(':') {
            out.insert_str(href, base);
        }
    }
    // The policy must come before anything it governs: right after the charset.
    let charset = "<meta charset=\"utf-8\" />";
    let Some(at) = out.find(charset) else {
        bail!("index.html has no {charset}");
    };
    out.insert_str(
        at + charset.len(),
        &format!("\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\" />"),
    );
    if out.contains("<script>") || out.contains("<script type=\"module\">") {
        bail!("index.html still has an inline script after moving Trunk's loader out");
    }
    Ok(Finished {
        html: out,
        script_name,
        script,
    })
}

/// The value of the attribute that `prefix` (ending in `="`) opens.
fn attribute_of<'a>(html: &'a str, prefix: &str) -> Option<&'a str> {
    let start = html.find(prefix)? + prefix.len();
    let end = start + html[start..].find('"')?;
    Some(&html[start..end])
}

/// A stable name for a file's content (SipHash with fixed keys: enough to tell
/// versions apart for caches, not a security measure; the CSP does not rely on it).
fn content_hash(text: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <base href="/docs/duet/" />
    <link rel="manifest" href="manifest.webmanifest" />
    <script src="/docs/duet/boot-1.js"></script>
<script type="module">
import init, * as bindings from '/docs/duet/duet-2.js';
const wasm = await init({ module_or_path: '/docs/duet/duet-2_bg.wasm' });
</script>
  </head>
  <body></body>
</html>"#;

    #[test]
    fn the_loader_moves_to_a_file_and_the_base_to_a_meta() {
        let finished = rewrite(TRUNK).unwrap();
        assert!(
            finished.script.starts_with("import init"),
            "{}",
            finished.script
        );
        assert!(
            finished.script_name.starts_with("start-") && finished.script_name.ends_with(".js")
        );
        let html = &finished.html;
        assert!(!html.contains("<base"), "{html}");
        assert!(html.contains("<meta name=\"duet-base\" content=\"/docs/duet/\" />"));
        assert!(
            html.contains("<link rel=\"manifest\" href=\"/docs/duet/manifest.webmanifest\" />"),
            "the manifest is found from any route: {html}"
        );
        assert!(html.contains(&format!(
            "<script type=\"module\" src=\"/docs/duet/{}\"></script>",
            finished.script_name
        )));
        assert!(
            !html.contains("import init"),
            "no inline script left: {html}"
        );
        let policy = html.find("Content-Security-Policy").unwrap();
        assert!(policy < html.find("<script").unwrap());
        assert!(html.contains("base-uri 'none'") && !html.contains("unsafe-inline"));
    }

    #[test]
    fn a_page_not_from_trunk_is_an_error_not_a_silent_pass() {
        let error = rewrite("<html><head><meta charset=\"utf-8\" /></head></html>").unwrap_err();
        assert!(error.to_string().contains("<base href"), "{error}");
        let no_loader = TRUNK.replace("<script type=\"module\">", "<script>");
        let error = rewrite(&no_loader).unwrap_err();
        assert!(
            error.to_string().contains("inline module script"),
            "{error}"
        );
    }

    #[test]
    fn the_name_follows_the_content() {
        let one = rewrite(TRUNK).unwrap().script_name;
        let other = rewrite(&TRUNK.replace("duet-2", "duet-3"))
            .unwrap()
            .script_name;
        assert_ne!(one, other);
        assert_eq!(one, rewrite(TRUNK).unwrap().script_name);
    }
}
