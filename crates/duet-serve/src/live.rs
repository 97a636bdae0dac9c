//! Dev only, for `cargo xtask serve`: tells open pages that the site was rebuilt
//! (they reload) or that a build failed (they show its error). Never part of a
//! deploy: nothing of it is in `dist/`; only a server started with
//! [`crate::StaticServer::start_live`] answers these paths and adds the script to
//! the pages it serves.
//!
//! Server-Sent Events rather than a WebSocket: one long GET response the browser
//! reconnects by itself, a few lines of `std::net`, and the strict policy the pages
//! carry (`connect-src 'self'`, scripts only from files) already allows both the
//! script file and the stream.

use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The script the pages load, under the base path.
pub const SCRIPT_PATH: &str = "__duet/live.js";
/// The event stream, under the base path.
pub const EVENTS_PATH: &str = "__duet/events";
/// The script itself (`live.js` beside this file).
pub const SCRIPT: &str = include_str!("live.js");
/// How often an idle stream sends a comment, so a closed tab's thread notices and
/// ends.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// The state of the rebuilds the open pages follow; share it between the server
/// and whatever rebuilds the site.
#[derive(Default)]
pub struct LiveReload {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default, Clone)]
struct State {
    /// Counts rebuilds, failed or not.
    generation: u64,
    /// The last build's error, while it is not mended.
    error: Option<String>,
}

impl LiveReload {
    /// A new state, at generation 0 with no error.
    pub fn new() -> Arc<LiveReload> {
        Arc::new(LiveReload::default())
    }

    /// The site was rebuilt: open pages reload.
    pub fn reload(&self) {
        self.update(None);
    }

    /// A build failed with `message`: open pages show it (as text) and keep what
    /// they show; the last good site stays served.
    pub fn failed(&self, message: &str) {
        self.update(Some(message.to_string()));
    }

    /// How many rebuilds there were.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    fn update(&self, error: Option<String>) {
        let mut state = self.lock();
        state.generation += 1;
        state.error = error;
        self.changed.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves a usable state.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `<script>` for the page, before `</head>`: the generation it was served at
    /// travels with it, so a rebuild finished before the stream connects still
    /// reloads it.
    pub fn inject(&self, html: &[u8], base: &str) -> Vec<u8> {
        let tag = format!(
            "<script src=\"{base}{SCRIPT_PATH}?since={}\" defer></script>",
            self.generation()
        );
        let text = String::from_utf8_lossy(html);
        match text.find("</head>") {
            Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
            None => html.to_vec(),
        }
    }

    /// Answers `GET EVENTS_PATH?since=N` on `stream` until the page goes away: the
    /// state now (`failed` with the error, else `reload` when a rebuild finished
    /// after generation N, else `ready`), then one event per rebuild.
    pub fn stream(&self, mut stream: TcpStream, query: &str) -> io::Result<()> {
        let since = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("since="))
            .and_then(|value| value.parse::<u64>().ok());
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\r\n",
        )?;
        let mut seen = self.lock().clone();
        let first = match (&seen.error, since) {
            (Some(error), _) => event("failed", error),
            (None, Some(since)) if since < seen.generation => event("reload", ""),
            (None, _) => event("ready", ""),
        };
        stream.write_all(first.as_bytes())?;
        loop {
            let state = self.lock();
            let (state, _) = self
                .changed
                .wait_timeout_while(state, KEEP_ALIVE, |state| {
                    state.generation == seen.generation
                })
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = state.clone();
            drop(state);
            let message = if now.generation == seen.generation {
                ": still here\n\n".to_string()
            } else {
                match &now.error {
                    Some(error) => event("failed", error),
                    None => event("reload", ""),
                }
            };
            stream.write_all(message.as_bytes())?;
            seen = now;
        }
    }
}

/// One Server-Sent Event: every line of `data` on a `data:` line of its own.
fn event(name: &str, data: &str) -> String {
    let mut text = format!("event: {name}\n");
    for line in data.split('\n') {
        text.push_str("data: ");
        text.push_str(line.trim_end_matches('\r'));
        text.push('\n');
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_put_every_line_of_their_data_on_its_own_line() {
        assert_eq!(
            event("failed", "error: a.md:3: bad\r\nsecond"),
            "event: failed\ndata: error: a.md:3: bad\ndata: second\n\n"
        );
        assert_eq!(event("reload", ""), "event: reload\ndata: \n\n");
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_head_with_the_generation() {
        let live = LiveReload::new();
        live.reload();
        let page = live.inject(b"<html><head><title>x</title></head><body></body>", "/sub/");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><head><title>x</title><script src=\"/sub/__duet/live.js?since=1\" defer>\
             </script></head><body></body>"
        );
        assert_eq!(live.inject(b"no head", "/"), b"no head");
    }
}
