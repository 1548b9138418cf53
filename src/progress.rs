//! The simulation observer of the CLI: a progress bar and the optional per-run file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::{Observer, RunRecord};

use crate::interrupt::Polling;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Per-run rows streamed to the staged draws file (see [`crate::output`]).
pub struct Draws {
    writer: BufWriter<File>,
    target: PathBuf,
    n_targets: usize,
    error: Option<std::io::Error>,
}

impl Draws {
    /// Starts `file`, staged for `target`, with a header naming the targets.
    pub fn new(file: File, target: &Path, target_ids: &[String]) -> Draws {
        let mut draws = Draws {
            writer: BufWriter::new(file),
            target: target.to_path_buf(),
            n_targets: target_ids.len(),
            error: None,
        };
        let mut header = String::from("run,accepted");
        for id in target_ids {
            header.push(',');
            header.push_str(id);
        }
        header.push('\n');
        draws.write(header.as_bytes());
        draws
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(err) = self.writer.write_all(bytes)
        {
            self.error = Some(err);
        }
    }

    /// Flushes the rows; the file's owner commits it.
    pub fn finish(mut self) -> anyhow::Result<()> {
        let result = match self.error.take() {
            Some(err) => Err(err),
            None => self.writer.flush(),
        };
        result.with_context(|| format!("cannot write {}", self.target.display()))
    }
}

/// Shows progress on stderr (hidden when stderr is not a terminal) and streams per-run rows.
pub struct CliObserver {
    bar: ProgressBar,
    draws: Option<Draws>,
    line: String,
    /// Runs of the simulations already finished, when one command makes several.
    offset: u64,
    last_done: u64,
    last_total: u64,
    /// An interrupt stops the simulation through [`Observer::cancelled`].
    _polling: Polling,
}

impl CliObserver {
    /// A bar over `total` runs (of all the simulations the command makes, in sequence),
    /// writing per-run rows to `draws` when given.
    pub fn new(total: u64, draws: Option<Draws>) -> CliObserver {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} runs ({per_sec}, eta {eta})",
            )
            .expect("the template is valid")
            .progress_chars("=> "),
        );
        CliObserver {
            bar,
            draws,
            line: String::new(),
            offset: 0,
            last_done: 0,
            last_total: 0,
            _polling: Polling::start(),
        }
    }

    /// Removes the bar and hands back the per-run file, if any.
    pub fn finish(self) -> Option<Draws> {
        self.bar.finish_and_clear();
        self.draws
    }
}

impl Observer for CliObserver {
    fn progress(&mut self, done: u64, total: u64) {
        // A count that falls back means the next simulation of a sequence has started.
        if done < self.last_done {
            self.offset += self.last_total;
        }
        self.last_done = done;
        self.last_total = total;
        self.bar.set_position(self.offset + done);
    }

    fn cancelled(&self) -> bool {
        crate::interrupt::interrupted()
    }

    fn wants_runs(&self) -> bool {
        self.draws.is_some()
    }

    fn run(&mut self, record: RunRecord<'_>) {
        let Some(draws) = self.draws.as_mut() else {
            return;
        };
        use std::fmt::Write as _;
        self.line.clear();
        let _ = write!(
            self.line,
            "{},{}",
            record.run,
            u8::from(record.target_metrics.is_some())
        );
        match record.target_metrics {
            Some(metrics) => {
                for m in metrics {
                    // An undefined metric (NaN) is an empty cell.
                    if m.is_finite() {
                        let _ = write!(self.line, ",{m}");
                    } else {
                        self.line.push(',');
                    }
                }
            }
            None => self.line.push_str(&",".repeat(draws.n_targets)),
        }
        self.line.push('\n');
        draws.write(self.line.as_bytes());
    }
}
