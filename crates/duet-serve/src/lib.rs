//! Serves a built `dist/` folder on loopback the way a static host would, plus the
//! single-page fallback: a route such as `/a/slug` gets `index.html`, while a
//! missing file (anything whose last segment has a dot) gets a real 404, so a
//! missing bundle file looks to the app exactly as it would on a real host.

use std::io;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

/// A running server; stops when dropped.
pub struct StaticServer {
    server: Arc<Server>,
    addr: SocketAddr,
    base: String,
    worker: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` under `base` (`/` or `/sub/path/`) on `addr` (`127.0.0.1:0`
    /// picks a free port).
    pub fn start(root: impl Into<PathBuf>, base: &str, addr: &str) -> io::Result<StaticServer> {
        let root = root.into();
        let base = normalise_base(base);
        let server = Arc::new(Server::http(addr).map_err(io::Error::other)?);
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| io::Error::other("server has no IP address"))?;
        let worker_server = Arc::clone(&server);
        let worker_base = base.clone();
        let worker = std::thread::spawn(move || {
            for request in worker_server.incoming_requests() {
                let response = respond(&root, &worker_base, request.url());
                let _ = request.respond(response);
            }
        });
        Ok(StaticServer {
            server,
            addr,
            base,
            worker: Some(worker),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The app's URL: `http://127.0.0.1:PORT/base/`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.base)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
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

fn respond(root: &Path, base: &str, url: &str) -> Response<io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(relative) = path
        .strip_prefix(base)
        .or_else(|| (path.to_string() + "/" == base).then_some(""))
    else {
        return text_response(404, "outside the app's base path");
    };
    let Some(file) = safe_join(root, &percent_decode(relative)) else {
        return text_response(400, "bad path");
    };
    let target = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    match std::fs::read(&target) {
        Ok(bytes) => file_response(bytes, &target),
        Err(_) if looks_like_file(relative) => text_response(404, "not found"),
        Err(_) => match std::fs::read(root.join("index.html")) {
            Ok(bytes) => file_response(bytes, Path::new("index.html")),
            Err(_) => text_response(404, "no index.html in the served folder"),
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
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn file_response(bytes: Vec<u8>, path: &Path) -> Response<io::Cursor<Vec<u8>>> {
    Response::from_data(bytes)
        .with_header(header("Content-Type", content_type(path)))
        .with_header(header("Cache-Control", "no-cache"))
}

fn text_response(status: u16, message: &str) -> Response<io::Cursor<Vec<u8>>> {
    Response::from_string(message)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
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
        assert_eq!(
            respond(&root, "/", "/a/some-slug?view=side")
                .status_code()
                .0,
            200
        );
        assert_eq!(
            respond(&root, "/", "/data/articles/missing.json")
                .status_code()
                .0,
            404
        );
        assert_eq!(respond(&root, "/sub/", "/other/").status_code().0, 404);
        assert_eq!(respond(&root, "/sub/", "/sub").status_code().0, 200);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%é"), "%é");
    }
}
