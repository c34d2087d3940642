//! A progress bar on stderr when it is a terminal: articles, MB, MB/s, ETA.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Shown only when `wanted` and stderr is a terminal.
    pub fn new(wanted: bool, total_bytes: u64) -> Progress {
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} · {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress { bar: Some(bar) }
    }

    pub fn advance(&self, articles: usize, bytes: u64) {
        if let Some(b) = &self.bar {
            b.inc(bytes);
            let done = b
                .message()
                .split(' ')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            b.set_message(format!("{} articles", done + articles));
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
