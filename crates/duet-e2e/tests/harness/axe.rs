//! axe-core, the accessibility rule engine, run on the page a test has open.
//!
//! The engine comes from the npm package the project installs (`node_modules/axe-core`)
//! and goes in through DevTools (`Runtime.evaluate`), not a `<script>`: the page's
//! Content-Security-Policy stays exactly as deployed, and nothing is fetched.

use std::path::Path;
use std::sync::OnceLock;

use serde_json::{json, Value as Json};

use super::Browser;

/// The engine's source, read once per test binary.
fn engine() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "read {}: {error} (axe-core comes from npm: `cargo xtask setup` runs `npm ci`)",
                path.display()
            )
        })
    })
}

/// Runs every WCAG 2.0–2.2 A and AA rule plus axe's best practices on the page and
/// returns one line per failing element: `rule (impact): selector: what is wrong`.
pub async fn violations(browser: &Browser) -> Vec<String> {
    let loaded = browser
        .devtools(
            "Runtime.evaluate",
            json!({ "expression": engine(), "returnByValue": true }),
        )
        .await;
    assert!(
        loaded.get("exceptionDetails").is_none(),
        "axe-core failed to load: {loaded}"
    );
    let run = browser
        .devtools(
            "Runtime.evaluate",
            json!({
                "expression": RUN,
                "awaitPromise": true,
                "returnByValue": true,
            }),
        )
        .await;
    let value = run
        .pointer("/result/value")
        .unwrap_or_else(|| panic!("axe-core did not report: {run}"));
    serde_json::from_value::<Vec<String>>(value.clone())
        .unwrap_or_else(|error| panic!("axe-core's report {value}: {error}"))
}

/// The run: the tags name WCAG 2.2 level AA and below, and best practices.
const RUN: &str = r"
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations'],
}).then((result) => result.violations.flatMap((rule) => rule.nodes.map((node) =>
  rule.id + ' (' + rule.impact + '): ' + node.target.join(' ') + ': ' +
  (node.failureSummary || '').replace(/\s+/g, ' ').trim())))
";

/// Sets what a reader may have chosen before the page loads: keys of the app's
/// stored preferences (without the `duet.` prefix) and their values.
pub async fn choose(browser: &Browser, prefs: &[(&str, &str)]) {
    let pairs: Vec<Json> = prefs
        .iter()
        .map(|(key, value)| json!([key, value]))
        .collect();
    browser
        .js(
            "for (const [key, value] of arguments[0]) localStorage.setItem('duet.' + key, value); return true;",
            vec![Json::Array(pairs)],
        )
        .await;
}
