//! `duet-serve DIR [--port N] [--base /path/]`: serves a built app until stopped.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut port = "8080".to_string();
    let mut base = "/".to_string();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => port = args.next().unwrap_or_default(),
            "--base" => base = args.next().unwrap_or_default(),
            _ if dir.is_none() => dir = Some(arg),
            other => {
                eprintln!("error: unexpected argument `{other}`\nusage: duet-serve DIR [--port N] [--base /path/]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: duet-serve DIR [--port N] [--base /path/]");
        return ExitCode::from(2);
    };
    match duet_serve::StaticServer::start(&dir, &base, &format!("127.0.0.1:{port}")) {
        Ok(server) => {
            println!("Serving {dir} at {}  (Ctrl-C to stop)", server.url());
            loop {
                std::thread::park();
            }
        }
        Err(error) => {
            eprintln!("error: cannot serve {dir} on port {port}: {error}");
            ExitCode::FAILURE
        }
    }
}
