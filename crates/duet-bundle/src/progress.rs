//! Progress lines on stderr for long runs (`parsed 300/1000`), every hundred items.

/// Counts items of one phase and reports every [`Progress::EVERY`].
pub struct Progress {
    label: &'static str,
    total: usize,
    done: usize,
}

impl Progress {
    /// How often a line is printed.
    pub const EVERY: usize = 100;

    /// A phase called `label` of `total` items.
    pub fn new(label: &'static str, total: usize) -> Self {
        Progress {
            label,
            total,
            done: 0,
        }
    }

    /// One more item done; prints when a hundred more are.
    pub fn step(&mut self) {
        self.done += 1;
        if let Some(line) = self.line() {
            eprintln!("{line}");
        }
    }

    /// The line to print now, if any.
    fn line(&self) -> Option<String> {
        self.done
            .is_multiple_of(Self::EVERY)
            .then(|| format!("{} {}/{}", self.label, self.done, self.total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_hundred() {
        let mut progress = Progress::new("parsed", 250);
        let lines: Vec<String> = (0..250)
            .filter_map(|_| {
                progress.done += 1;
                progress.line()
            })
            .collect();
        assert_eq!(lines, ["parsed 100/250", "parsed 200/250"]);
    }
}
