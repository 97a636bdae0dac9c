//! `build --watch`: a saved change builds again, a burst of saves builds once, the
//! site settings are watched too, and a bad file is reported while the last good
//! bundle stays in place.

use std::io::{BufRead, BufReader};
use std::ops::ControlFlow;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::time::Duration;

use duet_bundle::cli::Source;
use duet_bundle::pipeline::RunOptions;
use duet_bundle::watch::{self, Round, Settings, BUILT_LINE, FAILED_LINE};

use crate::harness::{snapshot, Workspace};

/// Far above a build of the small fixture: only bounds a failing test.
const PATIENCE: Duration = Duration::from_secs(60);

const ARTICLE: &str = "open-weights/index.en.md";

/// Front matter that cannot be read: an unterminated string.
const BROKEN: &[u8] = b"+++\ntitle = \"Why open weights\n+++\n\nA body.\n";

/// A watch of `workspace` on its own thread; each build's outcome arrives as
/// `Ok(())` (built) or `Err(())` (failed).
struct Running {
    rounds: Receiver<Result<(), ()>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<anyhow::Result<()>>>,
}

impl Running {
    fn start(workspace: &Workspace) -> Running {
        let source = Source {
            content_dir: Some(workspace.content()),
            en: None,
            zh: None,
        };
        let out = workspace.out();
        let stop = Arc::new(AtomicBool::new(false));
        let (sender, rounds) = mpsc::channel();
        let thread_stop = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let settings = Settings {
                debounce: Duration::from_millis(200),
                stop: &thread_stop,
            };
            watch::watch(&source, &out, RunOptions::default(), settings, |round| {
                let _ = sender.send(match round {
                    Round::Built => Ok(()),
                    Round::Failed(_) => Err(()),
                });
                ControlFlow::Continue(())
            })
        });
        Running {
            rounds,
            stop,
            thread: Some(thread),
        }
    }

    fn next(&self, what: &str) -> Result<(), ()> {
        self.rounds
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no build after {what}"))
    }

    /// Fails if a build starts within `quiet`.
    fn assert_no_build_within(&self, quiet: Duration, why: &str) {
        if let Ok(round) = self.rounds.recv_timeout(quiet) {
            panic!("an unexpected build ({round:?}): {why}");
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let ended = thread.join().expect("the watch thread did not panic");
            if !std::thread::panicking() {
                ended.expect("the watch ended without an error");
            }
        }
    }
}

fn article_text(workspace: &Workspace) -> String {
    let file = workspace
        .out()
        .join(duet_core::article_path("open-weights"));
    inflate(&std::fs::read(&file).expect("read the article file"))
}

/// A gzip-compressed bundle file as text.
fn inflate(bytes: &[u8]) -> String {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut text)
        .expect("inflate the article file");
    text
}

#[test]
fn a_saved_change_builds_again_and_a_bad_file_keeps_the_last_good_bundle() {
    let workspace = Workspace::with_fixtures(&["good"]);
    let running = Running::start(&workspace);
    assert_eq!(running.next("starting"), Ok(()), "the first build");
    assert!(article_text(&workspace).contains("a quiet revolution"));

    let original = std::fs::read_to_string(workspace.content().join(ARTICLE)).unwrap();
    let edited = original.replace("a quiet revolution", "a loud revolution");
    workspace.write(ARTICLE, edited.as_bytes());
    assert_eq!(running.next("an edit"), Ok(()));
    assert!(
        article_text(&workspace).contains("a loud revolution"),
        "the edit reached the bundle"
    );

    // A burst of saves (an editor writing in pieces, a checkout) is one build.
    for step in 0..5 {
        workspace.write(
            ARTICLE,
            edited.replace("loud", &format!("loud{step}")).as_bytes(),
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(running.next("a burst of saves"), Ok(()));
    running.assert_no_build_within(Duration::from_secs(1), "the burst was built once");
    assert!(article_text(&workspace).contains("a loud4 revolution"));

    // The site settings are watched too.
    let settings = std::fs::read_to_string(workspace.content().join("site.toml")).unwrap();
    workspace.write(
        "site.toml",
        format!("{settings}\n# saved again\n").as_bytes(),
    );
    assert_eq!(running.next("saving site.toml"), Ok(()));

    let good = snapshot(&workspace.out());
    workspace.write(ARTICLE, BROKEN);
    assert_eq!(running.next("a broken file"), Err(()), "the build fails");
    assert_eq!(
        snapshot(&workspace.out()),
        good,
        "the last good bundle stays as it was"
    );

    // Mended, it builds again.
    workspace.write(ARTICLE, original.as_bytes());
    assert_eq!(running.next("mending the file"), Ok(()));
    assert!(article_text(&workspace).contains("a quiet revolution"));
}

/// The command line: `build --watch` says after each build on stdout whether the
/// bundle was replaced, which is what `cargo xtask serve` reads.
#[test]
fn the_command_says_after_each_build_whether_the_bundle_was_replaced() {
    let workspace = Workspace::with_fixtures(&["good"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_duet-bundle"))
        .args(["build", "content", "--out", "out", "--watch"])
        .current_dir(workspace.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start duet-bundle build --watch");
    let (sender, lines) = mpsc::channel();
    let stdout = child.stdout.take().expect("the child's stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let next = |what: &str| {
        lines
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no line on stdout after {what}"))
    };
    assert_eq!(next("starting"), BUILT_LINE);
    workspace.write(ARTICLE, BROKEN);
    assert_eq!(next("a broken file"), FAILED_LINE);
    assert!(workspace.out().join("catalog.json").is_file());
    child.kill().expect("stop the watch");
    child.wait().expect("the watch ended");
}
