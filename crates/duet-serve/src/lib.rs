//! Serves a built `dist/` folder on loopback the way a static host would, plus the
//! single-page fallback: a route such as `/a/slug` gets `index.html`, while a
//! missing file (anything whose last segment has a dot) gets a real 404, so a
//! missing bundle file looks to the app exactly as it would on a real host.
//! [`StaticServer::start_live`] adds, for `cargo xtask serve` only, the reload
//! signal of [`live`].

pub mod live;

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use live::LiveReload;

/// How long an idle keep-alive connection is held open.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// A running server; stops when dropped, closing the connections it still holds
/// open, so a browser that kept one alive finds the server gone, as it would a host
/// that went down.
///
/// One thread per connection, each answering its requests in turn. A thread pool
/// shared between keep-alive connections (as tiny_http has) can leave a new
/// connection unserved while the browser holds old ones open, which made browser
/// tests hang; a thread per connection cannot.
pub struct StaticServer {
    addr: SocketAddr,
    base: String,
    stopping: Arc<AtomicBool>,
    open: Connections,
    acceptor: Option<JoinHandle<()>>,
    requested: Requested,
}

/// The path of every request served, in order (tests count what a browser fetched).
type Requested = Arc<Mutex<Vec<String>>>;

/// The connections being served, by a number, so each can be shut down from outside
/// its thread.
type Connections = Arc<Mutex<HashMap<u64, TcpStream>>>;

impl StaticServer {
    /// Serves `root` under `base` (`/` or `/sub/path/`) on `addr` (`127.0.0.1:0`
    /// picks a free port).
    pub fn start(root: impl Into<PathBuf>, base: &str, addr: &str) -> io::Result<StaticServer> {
        StaticServer::start_with(root, base, addr, None)
    }

    /// [`StaticServer::start`] for an author's machine: every page gets the script
    /// of [`live`], which reloads it when `live` says the site was rebuilt and shows
    /// a failed build's error.
    pub fn start_live(
        root: impl Into<PathBuf>,
        base: &str,
        addr: &str,
        live: Arc<LiveReload>,
    ) -> io::Result<StaticServer> {
        StaticServer::start_with(root, base, addr, Some(live))
    }

    fn start_with(
        root: impl Into<PathBuf>,
        base: &str,
        addr: &str,
        live: Option<Arc<LiveReload>>,
    ) -> io::Result<StaticServer> {
        let root: Arc<Path> = root.into().into();
        let base = normalise_base(base);
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let acceptor_stopping = Arc::clone(&stopping);
        let acceptor_base: Arc<str> = base.clone().into();
        let open = Connections::default();
        let acceptor_open = Arc::clone(&open);
        let requested = Requested::default();
        let acceptor_requested = Arc::clone(&requested);
        let acceptor = std::thread::spawn(move || {
            let next_id = AtomicU64::new(0);
            for stream in listener.incoming() {
                if acceptor_stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let id = next_id.fetch_add(1, Ordering::Relaxed);
                if let (Ok(handle), Ok(mut open)) = (stream.try_clone(), acceptor_open.lock()) {
                    open.insert(id, handle);
                }
                let root = Arc::clone(&root);
                let base = Arc::clone(&acceptor_base);
                let open = Arc::clone(&acceptor_open);
                let live = live.clone();
                let requested = Arc::clone(&acceptor_requested);
                std::thread::spawn(move || {
                    let _ = serve_connection(stream, &root, &base, live.as_deref(), &requested);
                    if let Ok(mut open) = open.lock() {
                        open.remove(&id);
                    }
                });
            }
        });
        Ok(StaticServer {
            addr,
            base,
            stopping,
            open,
            acceptor: Some(acceptor),
            requested,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The path (without the query) of every request served so far, in order.
    pub fn requested(&self) -> Vec<String> {
        self.requested
            .lock()
            .map(|paths| paths.clone())
            .unwrap_or_default()
    }

    /// The app's URL: `http://127.0.0.1:PORT/base/`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.base)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the loop sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        if let Ok(mut open) = self.open.lock() {
            for (_, connection) in open.drain() {
                let _ = connection.shutdown(Shutdown::Both);
            }
        }
    }
}

/// The policy for files under `data/`: the bundle is content, never a page. Opened
/// directly, a file there gets no script, no styles, no connections and an opaque
/// origin (`sandbox`), whatever it holds. What README.md asks operators to send too.
pub const DATA_POLICY: &str = "default-src 'none'; img-src 'self'; sandbox";

/// A response before it is written.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// Whether the bundle's policy ([`DATA_POLICY`]) goes with it.
    bundle_file: bool,
}

/// Answers the requests of one connection until the client closes it or goes idle.
fn serve_connection(
    stream: TcpStream,
    root: &Path,
    base: &str,
    live: Option<&LiveReload>,
    requested: &Mutex<Vec<String>>,
) -> io::Result<()> {
    // Headers and body go out in one write, and without Nagle's delay, which
    // otherwise adds about 40 ms to every response after the first.
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        // Headers are read and ignored: a static host needs none of them.
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
                break;
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default();
        let target = parts.next().unwrap_or("/");
        if let Ok(mut paths) = requested.lock() {
            paths.push(
                target
                    .split(['?', '#'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        if let Some(live) = live {
            let (path, query) = target.split_once('?').unwrap_or((target, ""));
            if method == "GET" && path.strip_prefix(base) == Some(live::EVENTS_PATH) {
                // The stream holds the connection until the page goes away.
                return live.stream(writer, query);
            }
        }
        let mut reply = match method {
            "GET" | "HEAD" => respond(root, base, target),
            _ => text_reply(405, "only GET and HEAD are served"),
        };
        if let Some(live) = live {
            let path = target.split(['?', '#']).next().unwrap_or_default();
            if path.strip_prefix(base) == Some(live::SCRIPT_PATH) {
                reply = Reply {
                    content_type: "text/javascript; charset=utf-8",
                    ..text_reply(200, live::SCRIPT)
                };
            } else if reply.content_type.starts_with("text/html") {
                reply.body = live.inject(&reply.body, base);
            }
        }
        // `nosniff`: a browser takes each file as the type its name gives, never as
        // HTML or script guessed from its bytes.
        let policy = if reply.bundle_file {
            format!("Content-Security-Policy: {DATA_POLICY}\r\n")
        } else {
            String::new()
        };
        let mut message = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n{policy}\r\n",
            reply.status,
            reason(reply.status),
            reply.content_type,
            reply.body.len()
        )
        .into_bytes();
        if method != "HEAD" {
            message.extend_from_slice(&reply.body);
        }
        writer.write_all(&message)?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

/// `docs/duet` → `/docs/duet/`; empty → `/`.
pub fn normalise_base(base: &str) -> String {
    let trimmed = base.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

fn respond(root: &Path, base: &str, url: &str) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(relative) = path
        .strip_prefix(base)
        .or_else(|| (path.to_string() + "/" == base).then_some(""))
    else {
        return text_reply(404, "outside the app's base path");
    };
    let Some(file) = safe_join(root, &percent_decode(relative)) else {
        return text_reply(400, "bad path");
    };
    let target = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    match std::fs::read(&target) {
        Ok(bytes) => Reply {
            bundle_file: relative.starts_with("data/"),
            ..file_reply(bytes, &target)
        },
        Err(_) if looks_like_file(relative) => text_reply(404, "not found"),
        Err(_) => match std::fs::read(root.join("index.html")) {
            Ok(bytes) => file_reply(bytes, Path::new("index.html")),
            Err(_) => text_reply(404, "no index.html in the served folder"),
        },
    }
}

fn looks_like_file(relative: &str) -> bool {
    relative
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

/// Joins a URL path under `root`, refusing `..` and absolute components.
fn safe_join(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut joined = root.to_path_buf();
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(part) => joined.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(joined)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let digits = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
            if let Ok(value) = u8::from_str_radix(digits, 16) {
                out.push(value);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|ext| ext.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        // Served as is, without `Content-Encoding`: the app inflates bundle files itself.
        "gz" => "application/gzip",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn file_reply(bytes: Vec<u8>, path: &Path) -> Reply {
    Reply {
        status: 200,
        content_type: content_type(path),
        body: bytes,
        bundle_file: false,
    }
}

fn text_reply(status: u16, message: &str) -> Reply {
    Reply {
        status,
        content_type: "text/plain; charset=utf-8",
        body: message.as_bytes().to_vec(),
        bundle_file: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalised() {
        assert_eq!(normalise_base(""), "/");
        assert_eq!(normalise_base("docs/duet"), "/docs/duet/");
        assert_eq!(normalise_base("/docs/duet/"), "/docs/duet/");
    }

    #[test]
    fn parent_components_are_refused() {
        assert!(safe_join(Path::new("/srv"), "../etc/passwd").is_none());
        assert_eq!(
            safe_join(Path::new("/srv"), "a/b.json"),
            Some(PathBuf::from("/srv/a/b.json"))
        );
    }

    #[test]
    fn routes_fall_back_but_missing_files_do_not() {
        let root = std::env::temp_dir().join(format!("duet-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("index.html"), "<html>app</html>").unwrap();
        assert_eq!(respond(&root, "/", "/a/some-slug?view=side").status, 200);
        assert_eq!(
            respond(&root, "/", "/data/articles/missing.json").status,
            404
        );
        assert_eq!(respond(&root, "/sub/", "/other/").status, 404);
        assert_eq!(respond(&root, "/sub/", "/sub").status, 200);
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// Guards issue 16 finding 1's second line of defence: files of the bundle,
    /// opened directly, must run nothing, and no file may be sniffed as HTML.
    #[test]
    fn bundle_files_carry_a_sandboxing_policy_and_nothing_is_sniffed() {
        use std::io::Read;
        let root = std::env::temp_dir().join(format!("duet-serve-policy-{}", std::process::id()));
        std::fs::create_dir_all(root.join("data/media/a")).unwrap();
        std::fs::write(root.join("index.html"), "<html>app</html>").unwrap();
        std::fs::write(root.join("data/media/a/p.png"), "<script>x</script>").unwrap();
        let server = StaticServer::start(&root, "/sub/", "127.0.0.1:0").unwrap();
        let head = |path: &str| {
            let mut stream = TcpStream::connect(server.addr()).unwrap();
            write!(
                stream,
                "HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut answer = [0u8; 600];
            let read = stream.read(&mut answer).unwrap();
            String::from_utf8_lossy(&answer[..read]).into_owned()
        };
        let image = head("/sub/data/media/a/p.png");
        assert!(image.contains("Content-Type: image/png\r\n"), "{image}");
        assert!(
            image.contains("X-Content-Type-Options: nosniff\r\n"),
            "{image}"
        );
        assert!(
            image.contains(&format!("Content-Security-Policy: {DATA_POLICY}\r\n")),
            "{image}"
        );
        let page = head("/sub/a/slug?view=side");
        assert!(
            page.contains("X-Content-Type-Options: nosniff\r\n"),
            "{page}"
        );
        assert_eq!(
            server.requested(),
            ["/sub/data/media/a/p.png", "/sub/a/slug"],
            "every request is recorded, without its query"
        );
        // The app's own pages carry their policy in a <meta>, and need script.
        assert!(!page.contains("Content-Security-Policy"), "{page}");
        drop(server);
        std::fs::remove_dir_all(&root).unwrap();
    }

    // Guards the hang the search benchmark found with tiny_http: a new connection
    // went unserved while another client kept its keep-alive connection open.
    #[test]
    fn a_new_connection_is_served_while_another_is_kept_alive() {
        use std::io::Read;
        let root = std::env::temp_dir().join(format!("duet-serve-alive-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("index.html"), "<html>app</html>").unwrap();
        let server = StaticServer::start(&root, "/", "127.0.0.1:0").unwrap();
        let request = b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n";

        let mut held = TcpStream::connect(server.addr()).unwrap();
        held.write_all(request).unwrap();
        let mut first = [0u8; 200];
        let read = held.read(&mut first).unwrap();
        assert!(String::from_utf8_lossy(&first[..read]).starts_with("HTTP/1.1 200 OK"));

        let mut fresh = TcpStream::connect(server.addr()).unwrap();
        fresh
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        fresh.write_all(request).unwrap();
        let mut answer = [0u8; 200];
        let read = fresh
            .read(&mut answer)
            .expect("the new connection is answered while the first stays open");
        let text = String::from_utf8_lossy(&answer[..read]).into_owned();
        assert!(text.starts_with("HTTP/1.1 200 OK"), "{text}");
        assert!(text.contains("Content-Length: 16"), "{text}");
        // The kept-alive connection still answers a second request.
        held.write_all(request).unwrap();
        let read = held.read(&mut first).unwrap();
        assert!(String::from_utf8_lossy(&first[..read]).starts_with("HTTP/1.1 200 OK"));
        drop(server);
        std::fs::remove_dir_all(&root).unwrap();
    }

    // The offline e2e tests stop the server to take the network away; a kept-alive
    // connection left open would still have answered the browser.
    #[test]
    fn stopping_closes_kept_alive_connections_too() {
        use std::io::Read;
        let root = std::env::temp_dir().join(format!("duet-serve-stop-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("index.html"), "<html>app</html>").unwrap();
        let server = StaticServer::start(&root, "/", "127.0.0.1:0").unwrap();
        let addr = server.addr();
        let mut held = TcpStream::connect(addr).unwrap();
        held.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        held.write_all(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut answer = [0u8; 200];
        assert!(held.read(&mut answer).unwrap() > 0);

        drop(server);
        let _ = held.write_all(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
        let read = held.read(&mut answer);
        assert!(
            matches!(read, Ok(0)) || read.is_err(),
            "the kept-alive connection is closed, not answered: {read:?}"
        );
        assert!(
            TcpStream::connect(addr).is_err(),
            "nothing listens any more"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// `cargo xtask serve`'s reload signal: pages get the script, the stream says the
    /// state on connecting and then each rebuild; a plain server has none of it.
    #[test]
    fn a_live_server_signals_rebuilds_and_a_plain_one_does_not() {
        use std::io::Read;
        let root = std::env::temp_dir().join(format!("duet-serve-live-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("index.html"), "<html><head></head><body></body>").unwrap();
        let get = |addr: SocketAddr, path: &str| {
            let mut stream = TcpStream::connect(addr).unwrap();
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            // The request is all there is: the server closes after answering.
            stream.shutdown(Shutdown::Write).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            stream
        };
        let answer = |mut stream: TcpStream| {
            let mut text = String::new();
            let _ = stream.read_to_string(&mut text);
            text
        };

        let plain = StaticServer::start(&root, "/sub/", "127.0.0.1:0").unwrap();
        let page = answer(get(plain.addr(), "/sub/a/slug"));
        assert!(!page.contains("live.js"), "{page}");
        assert!(answer(get(plain.addr(), "/sub/__duet/live.js")).starts_with("HTTP/1.1 404"));
        drop(plain);

        let live = LiveReload::new();
        let server =
            StaticServer::start_live(&root, "/sub/", "127.0.0.1:0", Arc::clone(&live)).unwrap();
        let page = answer(get(server.addr(), "/sub/a/slug"));
        assert!(
            page.contains("<script src=\"/sub/__duet/live.js?since=0\" defer></script></head>"),
            "{page}"
        );
        let script = answer(get(server.addr(), "/sub/__duet/live.js"));
        assert!(script.contains("text/javascript") && script.contains("EventSource"));

        let mut events = get(server.addr(), "/sub/__duet/events?since=0");
        let mut read_until = |wanted: &str| {
            let mut seen = String::new();
            let mut buffer = [0u8; 512];
            while !seen.contains(wanted) {
                let read = events.read(&mut buffer).expect("the stream goes on");
                assert!(read > 0, "the stream ended before {wanted:?}: {seen}");
                seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
            }
            seen
        };
        assert!(read_until("event: ready\n").contains("text/event-stream"));
        live.failed("content/a.md:3: <b>bad</b>\nsecond line");
        read_until("event: failed\ndata: content/a.md:3: <b>bad</b>\ndata: second line\n\n");
        live.reload();
        read_until("event: reload\n");
        // A page served before a rebuild it did not hear of reloads at once.
        let late = answer_first(get(server.addr(), "/sub/__duet/events?since=1"));
        assert!(late.contains("event: reload"), "{late}");
        drop(server);
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// What a stream says first.
    fn answer_first(mut stream: TcpStream) -> String {
        use std::io::Read;
        let mut seen = String::new();
        let mut buffer = [0u8; 512];
        while !seen.contains("event: ") || !seen.ends_with("\n\n") {
            let read = stream.read(&mut buffer).unwrap();
            assert!(read > 0);
            seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
        }
        seen
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%é"), "%é");
    }
}
