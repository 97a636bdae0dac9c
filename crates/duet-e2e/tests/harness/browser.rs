//! One browser session on the site, with the waits and reads the tests share.
//! Leptos renders asynchronously, so nothing here sleeps for a fixed time: every
//! read of the page that may not be there yet waits for it, up to [`TIMEOUT`].

use std::future::Future;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use duet_chromium::DevTools;
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value as Json};

use super::TIMEOUT;

/// How often waits look again.
const POLL: Duration = Duration::from_millis(50);

/// Installed before any page script runs (so also before the app boots): keeps
/// every uncaught error, unhandled rejection and `console.error` call, which is
/// where a Rust panic in the WebAssembly ends up, and every Content-Security-Policy
/// violation (something the page tried that its policy forbids).
const ERROR_RECORDER: &str = r"
(() => {
  const errors = [];
  Object.defineProperty(window, '__duetErrors', { value: errors });
  const describe = (value) => (value && value.stack) || String(value);
  window.addEventListener('error', (event) => {
    errors.push('uncaught: ' + describe(event.error || event.message));
  });
  window.addEventListener('unhandledrejection', (event) => {
    errors.push('unhandled rejection: ' + describe(event.reason));
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    errors.push('CSP violation: ' + event.violatedDirective + ' blocked ' +
      (event.blockedURI || 'inline code') + ' at ' + event.sourceFile + ':' + event.lineNumber);
  });
  const original = console.error.bind(console);
  console.error = (...args) => {
    errors.push('console.error: ' + args.map(describe).join(' '));
    original(...args);
  };
})();
";

/// A browser session with its own profile folder.
pub struct Browser {
    client: Client,
    site_url: String,
    driver_url: String,
    session_id: String,
    closed: bool,
    // Deleted after the session ends, since Chromium writes to it until then.
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts headless Chromium with a fresh profile on `driver_url`.
    pub(super) async fn open(driver_url: &str, site_url: &str) -> Browser {
        let profile = tempfile::tempdir().expect("create a browser profile folder");
        // The interface language follows the browser's on first visit; pin it so
        // every test starts in English.
        let capabilities = duet_chromium::capabilities(profile.path(), Some("en-US"));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(driver_url)
            .await
            .unwrap_or_else(|error| panic!("open a Chromium session on {driver_url}: {error}"));
        let session_id = client
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("chromedriver names the new session");
        let browser = Browser {
            client,
            site_url: site_url.to_string(),
            driver_url: driver_url.to_string(),
            session_id,
            closed: false,
            _profile: profile,
        };
        browser
            .client
            .issue_cmd(DevTools {
                method: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": ERROR_RECORDER }),
            })
            .await
            .expect("install the error recorder");
        browser
    }

    /// Opens article `slug` with `query` (such as `view=side&lead=zh`; empty for the
    /// layout the reader would get) and waits until the app shows its body: the
    /// set-up most article tests start with.
    pub async fn open_article(&self, slug: &str, query: &str) {
        let route = if query.is_empty() {
            format!("/a/{slug}")
        } else {
            format!("/a/{slug}?{query}")
        };
        self.goto(&route).await;
        self.wait_for(&format!(
            ".article-page[data-slug=\"{slug}\"] .article-body"
        ))
        .await;
    }

    /// Opens an app route such as `/`, `/a/slug?view=side` or `/a/slug#p3` (on the
    /// one-file edition, a fragment such as `#/a/slug`).
    /// An article's page arrives pre-rendered; this returns once the app has drawn
    /// the page itself (or shown why it could not), as a reader would wait before
    /// using it. [`Browser::goto_static`] looks at the pre-rendered page instead.
    pub async fn goto(&self, route: &str) {
        self.goto_static(route).await;
        self.wait_for_app().await;
    }

    /// Opens `route` like [`Browser::goto`] but returns as soon as the browser has
    /// loaded the page, app or not.
    pub async fn goto_static(&self, route: &str) {
        let url = if route.starts_with('#') || route.is_empty() {
            format!("{}{route}", self.site_url)
        } else {
            format!("{}{}", self.site_url, route.trim_start_matches('/'))
        };
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|error| panic!("open {url}: {error}"));
    }

    /// Keeps the app's WebAssembly from loading (`true`), as a failed deploy or a
    /// slow network would, so the pre-rendered page stays; `false` lets it load again.
    pub async fn block_app_code(&self, blocked: bool) {
        self.block_urls(if blocked { &["*.wasm"] } else { &[] })
            .await;
    }

    /// Makes every request matching one of `patterns` (DevTools' `*` wildcards) fail
    /// until the next call; `&[]` lets everything through again.
    pub async fn block_urls(&self, patterns: &[&str]) {
        self.devtools("Network.enable", json!({})).await;
        self.devtools("Network.setBlockedURLs", json!({ "urls": patterns }))
            .await;
    }

    /// Waits until no pre-rendered page stands in for the app.
    pub async fn wait_for_app(&self) {
        self.wait_js(
            "the app replacing the pre-rendered page",
            "!document.getElementById('prerender')",
        )
        .await;
    }

    /// Reloads the page, as the reader's reload button does.
    pub async fn refresh(&self) {
        self.client.refresh().await.expect("reload the page");
        self.wait_for_app().await;
    }

    /// Goes back in history, as the browser's back button does.
    pub async fn back(&self) {
        self.client.back().await.expect("go back");
    }

    /// Goes forward in history, as the browser's forward button does.
    pub async fn forward(&self) {
        self.client.forward().await.expect("go forward");
    }

    /// Path and query of the current address, e.g. `/a/x?view=side&lead=en`.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("read the address");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Resizes the window (the page's layout width follows it).
    pub async fn set_window_size(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize the window");
    }

    /// Lays the page out `width` CSS pixels wide, exactly (a window cannot always be
    /// made that narrow), as a phone of that width would; `None` goes back to the
    /// window's own width.
    pub async fn set_layout_width(&self, width: Option<u32>) {
        self.set_layout_size(width.map(|width| (width, 900))).await;
    }

    /// [`Browser::set_layout_width`] with a window height too (a phone's screen).
    pub async fn set_layout_size(&self, size: Option<(u32, u32)>) {
        let width = size.map(|(width, _)| width);
        match size {
            Some((width, height)) => {
                self.devtools(
                    "Emulation.setDeviceMetricsOverride",
                    json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
                )
                .await;
            }
            None => {
                self.devtools("Emulation.clearDeviceMetricsOverride", json!({}))
                    .await;
            }
        }
        let actual = self
            .js("return document.documentElement.clientWidth + (innerWidth - document.documentElement.clientWidth);", Vec::new())
            .await;
        if let Some(width) = width {
            assert_eq!(actual.as_u64(), Some(u64::from(width)), "the layout width");
        }
    }

    /// Waits for an element matching `css` and returns the first.
    pub async fn wait_for(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(TIMEOUT)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(error) => self.fail(&format!("`{css}` to appear ({error})")).await,
        }
    }

    /// Waits until the JavaScript expression `condition` is truthy; `what` says in
    /// words what was awaited, for the failure message.
    pub async fn wait_js(&self, what: &str, condition: &str) {
        let script = format!("return Boolean({condition});");
        self.wait_until(what, || async {
            self.client
                .execute(&script, Vec::new())
                .await
                .is_ok_and(|value| value == Json::Bool(true))
        })
        .await;
    }

    /// [`Browser::wait_js`] for something slower than a page's own work (a
    /// rebuild, a service worker's install): `limit` at most.
    pub async fn wait_js_within(&self, what: &str, condition: &str, limit: Duration) {
        let script = format!("return Boolean({condition});");
        self.wait_until_within(what, limit, || async {
            self.client
                .execute(&script, Vec::new())
                .await
                .is_ok_and(|value| value == Json::Bool(true))
        })
        .await;
    }

    /// Waits until `condition` resolves to true, polling.
    pub async fn wait_until<F, Fut>(&self, what: &str, condition: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = bool>,
    {
        self.wait_until_within(what, TIMEOUT, condition).await;
    }

    async fn wait_until_within<F, Fut>(&self, what: &str, limit: Duration, mut condition: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = bool>,
    {
        let started = Instant::now();
        while !condition().await {
            if started.elapsed() > limit {
                self.fail(what).await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Runs a script (its body must `return` the value wanted); `arguments[0]`… are `args`.
    pub async fn js(&self, script: &str, args: Vec<Json>) -> Json {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
    }

    /// [`Browser::js`] for a script that returns a string (`""` if it returns none).
    pub async fn js_string(&self, script: &str) -> String {
        self.js(script, Vec::new())
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs an asynchronous script: it gets a callback as its last argument and
    /// passes the value wanted to it (WebDriver's "execute async script").
    pub async fn js_async(&self, script: &str, args: Vec<Json>) -> Json {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
    }

    /// Saves a PNG of what the window shows to `path`.
    pub async fn screenshot(&self, path: &std::path::Path) {
        let png = self.client.screenshot().await.expect("take a screenshot");
        std::fs::write(path, png)
            .unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
    }

    /// Clicks the first element matching `css`, once it is there.
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        element
            .click()
            .await
            .unwrap_or_else(|error| panic!("click `{css}`: {error}"));
    }

    /// Types `text` into the field matching `css`, key by key, as a reader would.
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|error| panic!("type into `{css}`: {error}"));
    }

    /// Picks the option with `value` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let element = self.wait_for(css).await;
        element
            .select_by_value(value)
            .await
            .unwrap_or_else(|error| panic!("choose {value:?} in `{css}`: {error}"));
    }

    /// Moves the mouse pointer onto the first element matching `css`.
    pub async fn hover(&self, css: &str) {
        let element = self.wait_for(css).await;
        let pointer = MouseActions::new("mouse".to_string()).then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        self.client
            .perform_actions(pointer)
            .await
            .unwrap_or_else(|error| panic!("hover `{css}`: {error}"));
    }

    /// The text a reader sees in the first element matching `css`, once it is there.
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await;
        self.texts(css).await.swap_remove(0)
    }

    /// The text a reader sees in every element matching `css` (maybe none).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let value = self
            .js(
                "return Array.from(document.querySelectorAll(arguments[0]), \
                 (element) => element.innerText.trim());",
                vec![json!(css)],
            )
            .await;
        strings(&value)
    }

    /// An attribute of the first element matching `css`, once it is there.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.wait_for(css).await;
        self.attrs(css, name).await.swap_remove(0)
    }

    /// An attribute of every element matching `css`.
    pub async fn attrs(&self, css: &str, name: &str) -> Vec<Option<String>> {
        let value = self
            .js(
                "return Array.from(document.querySelectorAll(arguments[0]), \
                 (element) => element.getAttribute(arguments[1]));",
                vec![json!(css), json!(name)],
            )
            .await;
        value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| item.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An attribute of the root `<html>` element.
    pub async fn root_attr(&self, name: &str) -> Option<String> {
        let value = self
            .js(
                "return document.documentElement.getAttribute(arguments[0]);",
                vec![json!(name)],
            )
            .await;
        value.as_str().map(String::from)
    }

    /// How many elements match `css` right now.
    pub async fn count(&self, css: &str) -> usize {
        let value = self
            .js(
                "return document.querySelectorAll(arguments[0]).length;",
                vec![json!(css)],
            )
            .await;
        value.as_u64().unwrap_or_default() as usize
    }

    /// A value the app stored in `localStorage`.
    pub async fn stored(&self, key: &str) -> Option<String> {
        let value = self
            .js(
                "return window.localStorage.getItem(arguments[0]);",
                vec![json!(key)],
            )
            .await;
        value.as_str().map(String::from)
    }

    /// Fails the test if this page load recorded any uncaught error, unhandled
    /// rejection or `console.error` (a panic in the app shows as one of these).
    pub async fn assert_no_errors(&self) {
        let errors = self
            .js("return window.__duetErrors || [];", Vec::new())
            .await;
        let errors = strings(&errors);
        assert!(
            errors.is_empty(),
            "the page logged errors on {}:\n{}",
            self.path().await,
            errors.join("\n")
        );
    }

    /// Presses a key in the focused element, e.g. `"\u{E007}"` (Enter) or
    /// `"\u{E014}"` (arrow right), as WebDriver names keys.
    pub async fn press(&self, key: &str) {
        let focused = self
            .client
            .active_element()
            .await
            .unwrap_or_else(|error| panic!("no focused element: {error}"));
        focused
            .send_keys(key)
            .await
            .unwrap_or_else(|error| panic!("press {key:?}: {error}"));
    }

    /// Chooses `file` in the file input matching `css`, as a reader picking it would.
    pub async fn upload(&self, css: &str, file: &std::path::Path) {
        let input = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no file input {css}: {error}"));
        input
            .send_keys(&file.display().to_string())
            .await
            .unwrap_or_else(|error| panic!("choose {} in {css}: {error}", file.display()));
    }

    /// Runs a Chrome DevTools Protocol command and returns its result, for what
    /// WebDriver cannot see (the accessibility tree, network conditions).
    pub async fn devtools(&self, method: &'static str, params: Json) -> Json {
        self.client
            .issue_cmd(DevTools { method, params })
            .await
            .unwrap_or_else(|error| panic!("DevTools {method}: {error}"))
    }

    /// Ends the session and closes the browser.
    pub async fn close(mut self) {
        self.closed = true;
        let _ = self.client.clone().close().await;
    }

    /// Fails the test saying what was awaited, where, and what the page showed.
    async fn fail(&self, what: &str) -> ! {
        let path = self.client.current_url().await.map(|url| url.to_string());
        let shown = self
            .client
            .execute(
                "return document.body ? document.body.innerText.slice(0, 600) : '';",
                Vec::new(),
            )
            .await
            .ok()
            .and_then(|value| value.as_str().map(String::from))
            .unwrap_or_default();
        panic!(
            "timed out after {TIMEOUT:?} waiting for {what}\nat {}\nthe page showed:\n{shown}",
            path.unwrap_or_else(|error| format!("(unknown address: {error})"))
        );
    }
}

impl Drop for Browser {
    /// A failing test never reaches [`Browser::close`], and its async runtime is
    /// gone by now, so the session is ended with one plain blocking request; that
    /// keeps Chromium from outliving the test.
    fn drop(&mut self) {
        if self.closed {
            return;
        }
        let address = self.driver_url.trim_start_matches("http://");
        if let Ok(mut stream) = std::net::TcpStream::connect(address) {
            let _ = stream.set_read_timeout(Some(TIMEOUT));
            let request = format!(
                "DELETE /session/{} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                self.session_id
            );
            let _ = stream.write_all(request.as_bytes());
            let _ = stream.read_to_end(&mut Vec::new());
        }
    }
}

/// The strings in a JSON array (non-strings become empty).
fn strings(value: &Json) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}
