//! A progress bar on stderr when it is a terminal: articles, MB, MB/s
//! (decimal units, as the summary prints them), and
//! an ETA when the input size is known (compressed dumps show no bar).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Progress {
    bar: Option<ProgressBar>,
    articles: AtomicUsize,
}

impl Progress {
    /// Shown only when `wanted` and stderr is a terminal; `total_bytes` is the
    /// size of the text to read, when known.
    pub fn new(wanted: bool, total_bytes: Option<u64>) -> Progress {
        let articles = AtomicUsize::new(0);
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                articles,
            };
        }
        let (bar, template) = match total_bytes {
            Some(total) => (
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                "{spinner} {bar:30} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} · {msg}",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{spinner} {decimal_bytes} {decimal_bytes_per_sec} · {msg}",
            ),
        };
        let style =
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress {
            bar: Some(bar),
            articles,
        }
    }

    pub fn advance(&self, articles: usize, bytes: u64) {
        if let Some(b) = &self.bar {
            let done = self.articles.fetch_add(articles, Ordering::Relaxed) + articles;
            b.inc(bytes);
            b.set_message(format!("{done} articles"));
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
