//! Entry point of the WebAssembly app: mounts [`duet::App`] and nothing else.

fn main() {
    duet::start();
}
