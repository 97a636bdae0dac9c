//! Progress of a long phase on stderr, safe to step from many threads. On a
//! terminal, one line rewritten in place (`parsed 3000/10000 (30 %)`) at each whole
//! percent; elsewhere (CI logs, files) nothing until the phase ends, then one line
//! with the count and the time, so logs stay short.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts items of one phase.
pub struct Progress {
    label: &'static str,
    total: usize,
    done: AtomicUsize,
    terminal: bool,
    started: Instant,
}

impl Progress {
    /// Phases shorter than this say nothing (a small site builds in a blink).
    pub const QUIET_BELOW: usize = 200;

    /// A phase called `label` of `total` items.
    pub fn new(label: &'static str, total: usize) -> Self {
        Progress {
            label,
            total,
            done: AtomicUsize::new(0),
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
        }
    }

    /// One more item done; on a terminal, redraws the line when the percentage moves.
    pub fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.terminal {
            if let Some(line) = self.line(done) {
                eprint!("\r{line}");
            }
        }
    }

    /// The in-place line after `done` items, when it differs from the one before.
    fn line(&self, done: usize) -> Option<String> {
        if self.total < Self::QUIET_BELOW {
            return None;
        }
        let percent = |count: usize| count * 100 / self.total;
        (done == 1 || percent(done) != percent(done - 1))
            .then(|| format!("{} {done}/{} ({} %)", self.label, self.total, percent(done)))
    }

    /// Ends the phase: the line that stays (`parsed 10000 in 3.2s`), with `extra`
    /// appended when given (`, 9999 from the cache`).
    pub fn finish_with(&self, extra: &str) {
        if let Some(line) = self.summary(extra) {
            if self.terminal {
                eprint!("\r\x1b[2K");
            }
            eprintln!("{line}");
        }
    }

    /// [`Progress::finish_with`] with nothing to add.
    pub fn finish(&self) {
        self.finish_with("");
    }

    fn summary(&self, extra: &str) -> Option<String> {
        (self.total >= Self::QUIET_BELOW).then(|| {
            format!(
                "{} {} in {:.2}s{extra}",
                self.label,
                self.done.load(Ordering::Relaxed),
                self.started.elapsed().as_secs_f64()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_per_percent_and_none_for_small_phases() {
        let progress = Progress::new("parsed", 1000);
        let lines: Vec<String> = (1..=1000).filter_map(|done| progress.line(done)).collect();
        assert_eq!(lines.len(), 101, "the first item, then each whole percent");
        assert_eq!(lines[1], "parsed 10/1000 (1 %)");
        assert_eq!(lines[100], "parsed 1000/1000 (100 %)");
        let small = Progress::new("parsed", 10);
        assert!((1..=10).all(|done| small.line(done).is_none()));
        assert!(small.summary("").is_none());
    }

    #[test]
    fn the_summary_counts_steps_from_every_thread() {
        let progress = Progress::new("wrote", 400);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| (0..100).for_each(|_| progress.step()));
            }
        });
        let summary = progress.summary(", 3 from the cache").unwrap();
        assert!(summary.starts_with("wrote 400 in "), "{summary}");
        assert!(summary.ends_with("s, 3 from the cache"), "{summary}");
    }
}
