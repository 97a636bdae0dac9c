//! The one markdown table, with the notes a reader needs to trust it.

use std::fmt::Write as _;

use crate::labels::Labelled;
use crate::queries::{Kind, Probe};
use crate::sizes::Bytes;

/// What was measured for one engine.
#[derive(Default)]
pub struct EngineFigures {
    /// Bytes of the engine's files fetched by a cold query, one per probe.
    pub cold: Vec<Bytes>,
    pub index: Bytes,
    pub index_files: usize,
    /// Engine time of each warm query, in milliseconds.
    pub latency: Vec<f64>,
    /// Per labelled query: whether the wanted article was in the top 5.
    pub found: Vec<bool>,
    /// What a reader of the figures should know about how this engine was run.
    pub notes: Vec<String>,
}

/// Everything the report shows. An engine that could not be measured carries the
/// reason instead of figures.
pub struct Report<'a> {
    pub probes: &'a [Probe],
    pub labels: &'a [Labelled],
    pub rounds: usize,
    pub duet: Result<EngineFigures, String>,
    pub pagefind: Result<EngineFigures, String>,
    /// What Duet's first search page load fetched besides the search files.
    pub duet_shell: Option<Bytes>,
}

/// One table row: a label, a figure per engine, and the goal (a ratio limit, an
/// absolute limit, or none).
struct Row {
    label: String,
    duet: Option<f64>,
    pagefind: Option<f64>,
    show: fn(f64) -> String,
    goal: Goal,
}

enum Goal {
    None,
    /// Duet/Pagefind at most this.
    RatioAtMost(f64),
    /// Duet's figure at most this (milliseconds).
    DuetAtMost(f64),
    /// Duet's figure at least Pagefind's.
    AtLeastPagefind,
}

impl Report<'_> {
    /// The markdown: the table, then how it was measured.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "| measure | Duet | Pagefind | ratio (Duet/Pagefind) | goal |\n|---|---:|---:|---:|---|\n",
        );
        for row in self.rows() {
            let _ = writeln!(out, "{}", row.render());
        }
        out.push('\n');
        for (engine, figures) in [("Duet", &self.duet), ("Pagefind", &self.pagefind)] {
            match figures {
                Err(reason) => {
                    let _ = writeln!(out, "- **{engine} not measured:** {reason}");
                }
                Ok(figures) => {
                    for note in &figures.notes {
                        let _ = writeln!(out, "- {engine}: {note}");
                    }
                }
            }
        }
        out.push_str(&self.notes());
        out
    }

    fn rows(&self) -> Vec<Row> {
        let duet = self.duet.as_ref().ok();
        let pagefind = self.pagefind.as_ref().ok();
        let mut rows = Vec::new();
        for (index, probe) in self.probes.iter().enumerate() {
            let goal = match probe.kind {
                Kind::EnglishWord | Kind::ChineseWord => Goal::RatioAtMost(0.25),
                Kind::ChineseSentence => Goal::RatioAtMost(0.2),
                Kind::ChinesePhrase | Kind::Mixed => Goal::None,
            };
            for (variant, pick) in [("raw", raw as fn(&Bytes) -> u64), ("gzip", gzip)] {
                let goal = match (&goal, variant) {
                    (Goal::RatioAtMost(limit), _) => Goal::RatioAtMost(*limit),
                    _ => Goal::None,
                };
                rows.push(Row {
                    label: format!(
                        "bytes per cold query, {} `{}` ({variant})",
                        probe.kind.label(),
                        probe.text
                    ),
                    duet: duet.and_then(|f| f.cold.get(index)).map(|b| pick(b) as f64),
                    pagefind: pagefind
                        .and_then(|f| f.cold.get(index))
                        .map(|b| pick(b) as f64),
                    show: show_bytes,
                    goal,
                });
            }
        }
        for (variant, pick) in [("raw", raw as fn(&Bytes) -> u64), ("gzip", gzip)] {
            rows.push(Row {
                label: format!("whole index ({variant})"),
                duet: duet.map(|f| pick(&f.index) as f64),
                pagefind: pagefind.map(|f| pick(&f.index) as f64),
                show: show_bytes,
                goal: Goal::RatioAtMost(0.2),
            });
        }
        rows.push(Row {
            label: "index files".into(),
            duet: duet.map(|f| f.index_files as f64),
            pagefind: pagefind.map(|f| f.index_files as f64),
            show: |count| format!("{count:.0}"),
            goal: Goal::None,
        });
        let samples = self.probes.len() * self.rounds;
        for (name, quantile, goal) in [
            ("p50", 0.5, Goal::None),
            ("p95", 0.95, Goal::DuetAtMost(5.0)),
        ] {
            rows.push(Row {
                label: format!("query time {name}, warm ({samples} queries)"),
                duet: duet.and_then(|f| percentile(&f.latency, quantile)),
                pagefind: pagefind.and_then(|f| percentile(&f.latency, quantile)),
                show: |ms| format!("{ms:.2} ms"),
                goal,
            });
        }
        let one_language: Vec<bool> = self.labels.iter().map(|l| l.style.one_language()).collect();
        let recall = |found: &[bool], only_one_language: bool| {
            let kept: Vec<bool> = found
                .iter()
                .zip(&one_language)
                .filter(|(_, one)| **one || !only_one_language)
                .map(|(found, _)| *found)
                .collect();
            (!kept.is_empty())
                .then(|| kept.iter().filter(|f| **f).count() as f64 / kept.len() as f64)
        };
        for (label, only_one_language) in [
            (
                format!("recall@5, all {} labelled queries", self.labels.len()),
                false,
            ),
            (
                format!(
                    "recall@5, the {} one-language queries",
                    one_language.iter().filter(|one| **one).count()
                ),
                true,
            ),
        ] {
            rows.push(Row {
                label,
                duet: duet.and_then(|f| recall(&f.found, only_one_language)),
                pagefind: pagefind.and_then(|f| recall(&f.found, only_one_language)),
                show: |share| format!("{:.0} %", share * 100.0),
                goal: Goal::AtLeastPagefind,
            });
        }
        rows.push(Row {
            label: "app shell + catalog, once (needed for reading anyway; gzip)".into(),
            duet: self.duet_shell.map(|b| b.gzip as f64),
            pagefind: None,
            show: show_bytes,
            goal: Goal::None,
        });
        rows
    }

    fn notes(&self) -> String {
        format!(
            "\nHow: a generated corpus of 1,000 bilingual articles (seed 7); headless Chromium, a new \
             profile (cold cache) per cold query; bytes are the response bodies under `data/search/` \
             plus the article files under `data/articles/` that Duet's results cut their excerpts \
             from (its 5 best; the article then opens without a fetch), or under `pagefind/` \
             (Pagefind, whose fragments hold the excerpts), from the Resource Timing API. Duet's \
             whole index is `data/search/` (it has no second copy of the text). Our server does not \
             compress, so *raw* is what was sent; *gzip* is what a host that gzips would send \
             (files stored gzip-compressed gain nothing more: Pagefind's index files and Duet's \
             article files, `data/articles/<slug>.json.gz`). Pagefind keeps one index per language and \
             runs each query from a search page in the query's language (Chinese if it has a Chinese \
             character), loading the data of the top 5 results as its default UI does. Query time: \
             Duet's `data-ms` (engine only); Pagefind's `search()` + `data()` of the top 5; each query \
             {rounds} times after a warm-up round. Recall@5: the wanted article among the first 5 \
             results (Pagefind's results are per-language pages, mapped to their article). Labelled \
             queries are an article's title plus its rarest clause, kept when no other article has \
             both; the cross-language ones pair a Chinese title with an English clause.\n",
            rounds = self.rounds
        )
    }

    /// The labelled queries with whether each engine found the wanted article.
    pub fn labelled_list(&self) -> String {
        let mark = |figures: &Result<EngineFigures, String>, index: usize| match figures {
            Ok(figures) => match figures.found.get(index) {
                Some(true) => "found",
                Some(false) => "missed",
                None => "—",
            },
            Err(_) => "—",
        };
        let mut out = String::from("\nLabelled queries (Duet / Pagefind):\n\n");
        for (index, label) in self.labels.iter().enumerate() {
            let _ = writeln!(
                out,
                "- `{}` → `{}` ({:?}): {} / {}",
                label.text,
                label.slug,
                label.style,
                mark(&self.duet, index),
                mark(&self.pagefind, index)
            );
        }
        out
    }
}

impl Row {
    fn render(&self) -> String {
        let cell = |value: Option<f64>| value.map_or("—".to_string(), self.show);
        let ratio = match (self.duet, self.pagefind) {
            (Some(duet), Some(pagefind)) if pagefind > 0.0 => Some(duet / pagefind),
            _ => None,
        };
        let goal = match self.goal {
            Goal::None => String::new(),
            Goal::RatioAtMost(limit) => verdict(format!("≤ {limit}×"), ratio.map(|r| r <= limit)),
            Goal::DuetAtMost(limit) => {
                verdict(format!("≤ {limit} ms p95"), self.duet.map(|d| d <= limit))
            }
            Goal::AtLeastPagefind => verdict(
                "≥ Pagefind's".into(),
                self.duet.zip(self.pagefind).map(|(d, p)| d >= p),
            ),
        };
        format!(
            "| {} | {} | {} | {} | {} |",
            self.label,
            cell(self.duet),
            cell(self.pagefind),
            ratio.map_or("—".to_string(), |r| format!("{r:.2}×")),
            goal
        )
    }
}

fn verdict(goal: String, met: Option<bool>) -> String {
    match met {
        Some(true) => format!("{goal} (met)"),
        Some(false) => format!("{goal} (not met)"),
        None => goal,
    }
}

fn raw(bytes: &Bytes) -> u64 {
    bytes.raw
}

fn gzip(bytes: &Bytes) -> u64 {
    bytes.gzip
}

fn show_bytes(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.2} MB", bytes / 1024.0 / 1024.0)
    } else {
        format!("{:.1} KB", bytes / 1024.0)
    }
}

/// The value below which `quantile` of the samples fall (nearest rank).
fn percentile(samples: &[f64], quantile: f64) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((quantile * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let samples: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&samples, 0.5), Some(10.0));
        assert_eq!(percentile(&samples, 0.95), Some(19.0));
        assert_eq!(percentile(&[], 0.5), None);
    }
}
